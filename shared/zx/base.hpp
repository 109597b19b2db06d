#pragma once
// Study-tour bases (研学基地/营地): the domain type both server and clients use,
// with its one JSON form. Later issues add ratings, capacity and status; the
// JSON reader ignores keys it does not know so that older clients keep working.
#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zx {

enum class BaseLevel { national, provincial, municipal };

enum class BaseCategory { nature, history, red, science, labor, defense, arts };

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

    bool operator==(const Base&) const = default;
};

// Stable codes used in JSON, SQL and URLs ("national", "nature", ...).
std::string_view to_code(BaseLevel v);
std::string_view to_code(BaseCategory v);
std::optional<BaseLevel> level_from_code(std::string_view code);
std::optional<BaseCategory> category_from_code(std::string_view code);
std::span<const BaseCategory> all_categories();
std::span<const BaseLevel> all_levels();

// Human labels; `zh` selects Chinese (zh-CN) over English.
std::string_view label(BaseLevel v, bool zh);
std::string_view label(BaseCategory v, bool zh);

// Returns a message naming the first problem with `b` (field and why), or
// nothing when the base may be stored and shown.
std::optional<std::string> validate(const Base& b);

// True when every whitespace-separated term of `query` occurs in the base's
// name, region, address, id or category label (ASCII letters compared without
// case; Chinese compared as UTF-8). An empty query matches every base.
bool matches_query(const Base& b, std::string_view query);

// JSON: {"id","name","category","level","city","district","address","lat","lon","demo"}.
// from_json throws nlohmann::json::exception for wrong types and
// zx::ValidationError (see error.hpp) for unknown codes or invalid values.
void to_json(nlohmann::json& j, const Base& b);
void from_json(const nlohmann::json& j, Base& b);

}  // namespace zx
