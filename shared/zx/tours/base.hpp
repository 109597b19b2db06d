#pragma once
// Study-tour bases (研学基地/营地): the domain type both server and clients use,
// with its one JSON form, and the filter both the map and the list apply. The
// JSON reader ignores keys it does not know and gives every optional field its
// default, so that older and newer clients keep working with each other.
#include "zx/core/problem.hpp"
#include "zx/geo/geo.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zx {

enum class BaseLevel { national, provincial, municipal };

enum class BaseCategory { nature, history, red, science, labor, defense, arts };

// open: takes bookings; full: open but no capacity left today; closed: closed
// for now by its staff; suspended: stopped by an admin (kept on the map, not
// plannable); delisted: removed by an admin (off the map and out of planning).
enum class BaseStatus { open, full, closed, suspended, delisted };

// The four criteria teachers rate a base by after a trip, besides overall.
struct RatingDetail {
    double safety = 0;
    double course = 0;
    double organisation = 0;
    double value = 0;
    bool operator==(const RatingDetail&) const = default;
};

struct Base {
    std::string id;        // stable, e.g. "zj-0001"; [A-Za-z0-9_-], 1..64 chars
    std::string name;      // Chinese display name
    BaseCategory category = BaseCategory::nature;
    BaseLevel level = BaseLevel::municipal;
    std::string city;      // 杭州市
    std::string district;  // 西湖区
    std::string address;
    double lat = 0;        // WGS84
    double lon = 0;
    bool demo = false;     // true for the fictional demo data set

    // Aggregated by the server from teachers' ratings (0 = not rated yet).
    double rating = 0;     // mean overall stars, 1..5
    int rating_count = 0;
    RatingDetail rating_detail;

    int capacity = 0;      // students per day; 0 = not stated
    int grade_min = 1;     // suitable grades, 1..12 (小学一年级 .. 高三)
    int grade_max = 12;
    int open_min = 8 * 60;     // opening hours, minutes after midnight
    int close_min = 17 * 60;
    std::vector<int> closed_weekdays;       // 1 = Monday .. 7 = Sunday
    std::vector<std::string> closed_dates;  // "YYYY-MM-DD"
    std::vector<std::string> courses;
    std::string safety;    // safety notes for teachers
    std::string contact;   // as shown to everyone: masked (see mask_contact)
    std::vector<std::string> photos;  // http(s) URLs
    BaseStatus status = BaseStatus::open;
    std::string status_reason;  // why it is closed, suspended or delisted

    bool operator==(const Base&) const = default;
};

// Stable codes used in JSON, SQL and URLs ("national", "nature", ...).
std::string_view to_code(BaseLevel v);
std::string_view to_code(BaseCategory v);
std::optional<BaseLevel> level_from_code(std::string_view code);
std::optional<BaseCategory> category_from_code(std::string_view code);
std::span<const BaseCategory> all_categories();
std::span<const BaseLevel> all_levels();
std::string_view to_code(BaseStatus v);
std::optional<BaseStatus> status_from_code(std::string_view code);
std::span<const BaseStatus> all_statuses();
std::string_view label(BaseStatus v, bool zh);

// A base that may appear on the map and in lists (everything but delisted).
bool listed(const Base& b);
// A base a teacher may plan a trip to: listed and not suspended.
bool plannable(const Base& b);
// Open on `date` ("YYYY-MM-DD"): status open or full, not on a closed weekday
// or closed date. False for a date that does not parse.
bool open_on(const Base& b, std::string_view date);

// The contact as shown to anyone but the base's staff: a name keeps its first
// character, every run of 7+ digits keeps its first 3 and last 4
// ("王老师 13812345678" -> "王** 138****5678"). Never returns the input's digits
// in between, so a masked value can be synced to every client.
std::string mask_contact(std::string_view contact);

// Human labels; `zh` selects Chinese (zh-CN) over English.
std::string_view label(BaseLevel v, bool zh);
std::string_view label(BaseCategory v, bool zh);

// The first problem with `b` (field and why), or nothing when the base may
// be stored and shown.
std::optional<Problem> validate(const Base& b);

// True when every whitespace-separated term of `query` occurs in the base's
// name, region, address, id or category label (ASCII letters compared without
// case; Chinese compared as UTF-8). An empty query matches every base.
bool matches_query(const Base& b, std::string_view query);

// What the map and the list show: every set condition must hold. The same
// struct and function serve the web and desktop clients, so both always show
// the same set.
struct BaseFilter {
    std::string query;             // see matches_query
    uint32_t categories = 0;       // bit (1 << BaseCategory); 0 = every category
    uint32_t levels = 0;           // bit (1 << BaseLevel); 0 = every level
    double min_rating = 0;         // 0 = any, else rated at least this
    int grade = 0;                 // 0 = any, else suitable for this grade
    std::string open_date;         // "" = any, else open_on(date)
    std::optional<geo::LatLon> near;  // with radius_km: within that distance
    double radius_km = 0;
    bool operator==(const BaseFilter&) const = default;
};
bool matches(const Base& b, const BaseFilter& f);
// The first problem with a filter (a date that does not parse, a grade out
// of 1..12, a negative radius), or nothing.
std::optional<Problem> validate(const BaseFilter& f);

// JSON: {"id","name","category","level","city","district","address","lat","lon","demo",
//        "rating","rating_count","rating_detail":{safety,course,organisation,value},
//        "capacity","grade_min","grade_max","open_min","close_min","closed_weekdays",
//        "closed_dates","courses","safety","contact","photos","status","status_reason"}.
// Only id, name, category, level, lat and lon are required; a missing or null
// optional field takes its default.
// from_json throws nlohmann::json::exception for wrong types and
// zx::ValidationError (see error.hpp) for unknown codes or invalid values.
void to_json(nlohmann::json& j, const Base& b);
void from_json(const nlohmann::json& j, Base& b);

// The fields base staff and admins manage day to day (status, capacity and
// the reason for the status), as a client writes them.
nlohmann::json management_fields(BaseStatus status, int capacity, const std::string& reason);

// A base from a synced record's id and fields (null columns = defaults).
Base base_from_fields(const std::string& id, const nlohmann::json& fields);

}  // namespace zx
