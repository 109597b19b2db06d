#include "zx/tours/base.hpp"

#include "zx/core/error.hpp"
#include "zx/geo/geo.hpp"
#include "zx/space/timetable.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

namespace zx {

namespace {

// `v` as an int: a JSON integer within int's range, or a number written with
// a fraction of zero (800.0, as spreadsheets and pandas export whole
// numbers); nothing for anything else.
std::optional<int> whole_int(const nlohmann::json& v) {
    constexpr auto lo = std::numeric_limits<int>::min(), hi = std::numeric_limits<int>::max();
    if (v.is_number_unsigned()) {
        const auto u = v.get<uint64_t>();
        return u <= static_cast<uint64_t>(hi) ? std::optional<int>(static_cast<int>(u)) : std::nullopt;
    }
    if (v.is_number_integer()) {
        const auto i = v.get<int64_t>();
        return i >= lo && i <= hi ? std::optional<int>(static_cast<int>(i)) : std::nullopt;
    }
    if (v.is_number_float()) {
        // Both bounds are exact doubles, and the comparison is false for NaN.
        const double d = v.get<double>();
        if (!(d >= lo && d <= hi) || std::trunc(d) != d) return std::nullopt;
        return static_cast<int>(d);
    }
    return std::nullopt;
}

struct LevelInfo {
    BaseLevel v;
    std::string_view code, zh, en;
};
constexpr std::array kLevels{
    LevelInfo{BaseLevel::national, "national", "国家级", "National"},
    LevelInfo{BaseLevel::provincial, "provincial", "省级", "Provincial"},
    LevelInfo{BaseLevel::municipal, "municipal", "市级", "Municipal"},
};

struct CategoryInfo {
    BaseCategory v;
    std::string_view code, zh, en;
};
constexpr std::array kCategories{
    CategoryInfo{BaseCategory::nature, "nature", "自然生态", "Nature & ecology"},
    CategoryInfo{BaseCategory::history, "history", "历史文化", "History & culture"},
    CategoryInfo{BaseCategory::red, "red", "红色教育", "Revolutionary heritage"},
    CategoryInfo{BaseCategory::science, "science", "科技创新", "Science & innovation"},
    CategoryInfo{BaseCategory::labor, "labor", "劳动实践", "Labour practice"},
    CategoryInfo{BaseCategory::defense, "defense", "国防安全", "Defence & safety"},
    CategoryInfo{BaseCategory::arts, "arts", "文化艺术", "Arts"},
};

struct StatusInfo {
    BaseStatus v;
    std::string_view code, zh, en;
};
constexpr std::array kStatuses{
    StatusInfo{BaseStatus::open, "open", "开放", "Open"},
    StatusInfo{BaseStatus::full, "full", "已约满", "Fully booked"},
    StatusInfo{BaseStatus::closed, "closed", "暂停开放", "Closed"},
    StatusInfo{BaseStatus::suspended, "suspended", "已停用", "Suspended"},
    StatusInfo{BaseStatus::delisted, "delisted", "已撤销", "Delisted"},
};
constexpr std::array kStatusValues{BaseStatus::open, BaseStatus::full, BaseStatus::closed, BaseStatus::suspended,
                                   BaseStatus::delisted};

constexpr std::array kLevelValues{BaseLevel::national, BaseLevel::provincial, BaseLevel::municipal};
constexpr std::array kCategoryValues{BaseCategory::nature,  BaseCategory::history, BaseCategory::red,
                                     BaseCategory::science, BaseCategory::labor,   BaseCategory::defense,
                                     BaseCategory::arts};

const LevelInfo& info(BaseLevel v) { return kLevels[static_cast<size_t>(v)]; }
const CategoryInfo& info(BaseCategory v) { return kCategories[static_cast<size_t>(v)]; }
const StatusInfo& info(BaseStatus v) { return kStatuses[static_cast<size_t>(v)]; }

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

std::string_view to_code(BaseLevel v) { return info(v).code; }
std::string_view to_code(BaseCategory v) { return info(v).code; }

std::optional<BaseLevel> level_from_code(std::string_view code) {
    for (const auto& l : kLevels)
        if (l.code == code) return l.v;
    return std::nullopt;
}

std::optional<BaseCategory> category_from_code(std::string_view code) {
    for (const auto& c : kCategories)
        if (c.code == code) return c.v;
    return std::nullopt;
}

std::span<const BaseCategory> all_categories() { return kCategoryValues; }
std::span<const BaseLevel> all_levels() { return kLevelValues; }

std::string_view to_code(BaseStatus v) { return info(v).code; }
std::optional<BaseStatus> status_from_code(std::string_view code) {
    for (const auto& x : kStatuses)
        if (x.code == code) return x.v;
    return std::nullopt;
}
std::span<const BaseStatus> all_statuses() { return kStatusValues; }
std::string_view label(BaseStatus v, bool zh) { return zh ? info(v).zh : info(v).en; }

bool listed(const Base& b) { return b.status != BaseStatus::delisted; }
bool plannable(const Base& b) { return b.status != BaseStatus::delisted && b.status != BaseStatus::suspended; }

bool open_on(const Base& b, std::string_view date) {
    if (b.status != BaseStatus::open && b.status != BaseStatus::full) return false;
    const auto d = timetable::parse_date(date);
    if (!d) return false;
    const int wd = timetable::weekday(*d);
    if (std::find(b.closed_weekdays.begin(), b.closed_weekdays.end(), wd) != b.closed_weekdays.end()) return false;
    return std::find(b.closed_dates.begin(), b.closed_dates.end(), date) == b.closed_dates.end();
}

std::string mask_contact(std::string_view contact) {
    std::string out;
    size_t i = 0;
    bool word_start = true;  // the first character of a name-like word is kept
    while (i < contact.size()) {
        const unsigned char c = static_cast<unsigned char>(contact[i]);
        if (c >= '0' && c <= '9') {
            size_t j = i;
            while (j < contact.size() && contact[j] >= '0' && contact[j] <= '9') ++j;
            const size_t n = j - i;
            if (n >= 7) out += std::string(contact.substr(i, 3)) + "****" + std::string(contact.substr(j - 4, 4));
            else out += std::string(n, '*');  // short numbers (extensions, room numbers) say little; hide them
            i = j;
            word_start = false;
            continue;
        }
        size_t len = 1;  // one UTF-8 character
        if (c >= 0xF0) len = 4;
        else if (c >= 0xE0) len = 3;
        else if (c >= 0xC0) len = 2;
        len = std::min(len, contact.size() - i);
        const bool separator = c == ' ' || c == ',' || c == ';' || c == '/' || c == '(' || c == ')' || c == '-' ||
                               c == '+' || c == ':';
        if (separator) {
            out += static_cast<char>(c);
            word_start = true;
        } else if (word_start) {
            out += std::string(contact.substr(i, len));
            word_start = false;
        } else if (c == '@' || c == '.') {
            out += static_cast<char>(c);  // keep the shape of an e-mail address
        } else {
            out += '*';
        }
        i += len;
    }
    return out;
}

std::string_view label(BaseLevel v, bool zh) { return zh ? info(v).zh : info(v).en; }
std::string_view label(BaseCategory v, bool zh) { return zh ? info(v).zh : info(v).en; }

namespace {
// A problem of base `b`: its id is a parameter, and ends the English message.
Problem of_base(const Base& b, Code code, const char* field, std::string english,
                std::vector<std::pair<std::string, std::string>> params = {}) {
    params.emplace_back("base_id", b.id);
    return problem(code, field, english + " (base {base_id})", std::move(params));
}
Problem base_too_long(const Base& b, const char* field, size_t size, size_t max) {
    return of_base(b, Code::too_long, field, "{field} is longer than {max} bytes",
                   {{"max", std::to_string(max)}, {"size", std::to_string(size)}});
}
Problem base_range(const Base& b, const char* field, const std::string& value, const char* min, const char* max,
                   std::string english) {
    return of_base(b, Code::out_of_range, field, std::move(english), {{"value", value}, {"min", min}, {"max", max}});
}
}  // namespace

std::optional<Problem> validate(const Base& b) {
    if (!valid_id(b.id))
        return problem(Code::not_an_id, "id", "id \"{value}\" must be 1-64 characters of A-Z, a-z, 0-9, '-' or '_'",
                       {{"value", b.id.substr(0, 80)}});
    if (b.name.empty()) return of_base(b, Code::required, "name", "name must not be empty");
    if (b.name.size() > 200) return base_too_long(b, "name", b.name.size(), 200);
    if (b.address.size() > 400) return base_too_long(b, "address", b.address.size(), 400);
    if (auto e = geo::validate(b.lat, b.lon)) {
        e->params.emplace_back("base_id", b.id);
        e->message += " (base " + b.id + ")";
        return e;
    }
    if (!(b.rating == 0 || (b.rating >= 1 && b.rating <= 5)))
        return base_range(b, "rating", std::to_string(b.rating), "1", "5", "rating must be 0 (not rated) or {min} to {max}");
    if (b.rating_count < 0)
        return base_range(b, "rating_count", std::to_string(b.rating_count), "0", "", "rating_count must not be negative");
    for (double r : {b.rating_detail.safety, b.rating_detail.course, b.rating_detail.organisation, b.rating_detail.value})
        if (!(r == 0 || (r >= 1 && r <= 5)))
            return base_range(b, "rating_detail", std::to_string(r), "1", "5", "rating_detail values must be 0 or {min} to {max}");
    if (b.capacity < 0 || b.capacity > 1000000)
        return base_range(b, "capacity", std::to_string(b.capacity), "0", "1000000", "capacity must be {min} to {max} students a day");
    if (b.grade_min < 1 || b.grade_max > 12 || b.grade_min > b.grade_max)
        return base_range(b, "grades", std::to_string(b.grade_min) + "-" + std::to_string(b.grade_max), "1", "12",
                          "grades must satisfy {min} <= grade_min <= grade_max <= {max}");
    if (b.open_min < 0 || b.close_min > 24 * 60 || b.open_min >= b.close_min)
        return of_base(b, Code::ends_before_start, "hours", "opening hours must satisfy 0 <= open_min < close_min <= 1440",
                       {{"start", std::to_string(b.open_min)}, {"end", std::to_string(b.close_min)}});
    for (int d : b.closed_weekdays)
        if (d < 1 || d > 7)
            return base_range(b, "closed_weekdays", std::to_string(d), "1", "7",
                              "closed_weekdays must be {min} (Monday) to {max} (Sunday), not {value}");
    for (const auto& d : b.closed_dates)
        if (!timetable::parse_date(d))
            return of_base(b, Code::not_a_date, "closed_dates", "closed_dates: \"{value}\" is not a date (YYYY-MM-DD)",
                           {{"value", d.substr(0, 80)}});
    if (b.courses.size() > 200)
        return of_base(b, Code::too_many, "courses", "at most {max} courses", {{"max", "200"}});
    for (const auto& c : b.courses) {
        if (c.empty()) return of_base(b, Code::required, "courses", "each course must be 1 to 200 bytes");
        if (c.size() > 200) return base_too_long(b, "courses", c.size(), 200);
    }
    if (b.safety.size() > 4000) return base_too_long(b, "safety", b.safety.size(), 4000);
    if (b.contact.size() > 200) return base_too_long(b, "contact", b.contact.size(), 200);
    if (b.photos.size() > 50) return of_base(b, Code::too_many, "photos", "at most {max} photos", {{"max", "50"}});
    for (const auto& u : b.photos)
        if (u.size() > 2000 || !(u.starts_with("https://") || u.starts_with("http://")))
            return of_base(b, Code::not_a_link, "photos", "photos must be http(s) URLs, not \"{value}\"", {{"value", u.substr(0, 80)}});
    if (b.status_reason.size() > 1000) return base_too_long(b, "status_reason", b.status_reason.size(), 1000);
    return std::nullopt;
}

bool matches(const Base& b, const BaseFilter& f) {
    if (!listed(b)) return false;
    if (f.categories && !(f.categories & (1u << static_cast<unsigned>(b.category)))) return false;
    if (f.levels && !(f.levels & (1u << static_cast<unsigned>(b.level)))) return false;
    if (f.min_rating > 0 && b.rating < f.min_rating) return false;
    if (f.grade && (f.grade < b.grade_min || f.grade > b.grade_max)) return false;
    if (!f.open_date.empty() && !open_on(b, f.open_date)) return false;
    if (f.near && geo::distance_m(*f.near, {b.lat, b.lon}) > f.radius_km * 1000) return false;
    return matches_query(b, f.query);
}

std::optional<Problem> validate(const BaseFilter& f) {
    if (f.min_rating < 0 || f.min_rating > 5)
        return problem(Code::out_of_range, "min_rating", "minimum rating must be {min} to {max}",
                       {{"value", std::to_string(f.min_rating)}, {"min", "0"}, {"max", "5"}});
    if (f.grade < 0 || f.grade > 12)
        return problem(Code::out_of_range, "grade", "grade must be {min} to {max} (or 0 for any)",
                       {{"value", std::to_string(f.grade)}, {"min", "1"}, {"max", "12"}});
    if (!f.open_date.empty() && !timetable::parse_date(f.open_date))
        return problem(Code::not_a_date, "open_date", "\"{value}\" is not a date (YYYY-MM-DD)", {{"value", f.open_date}});
    if (f.near) {
        if (auto e = geo::validate(f.near->lat, f.near->lon)) return located(*e, "distance filter");
        if (!(f.radius_km > 0 && f.radius_km <= 20000))
            return problem(Code::out_of_range, "radius", "distance filter: radius must be above {min} and at most {max} km",
                           {{"value", std::to_string(f.radius_km)}, {"min", "0"}, {"max", "20000"}});
    }
    return std::nullopt;
}

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool contains_folded(std::string_view hay, std::string_view needle) {
    if (needle.size() > hay.size()) return false;
    for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        size_t k = 0;
        while (k < needle.size() && lower(hay[i + k]) == lower(needle[k])) ++k;
        if (k == needle.size()) return true;
    }
    return false;
}
}  // namespace

bool matches_query(const Base& b, std::string_view query) {
    size_t pos = 0;
    while (pos < query.size()) {
        while (pos < query.size() && (query[pos] == ' ' || query[pos] == '\t')) ++pos;
        size_t end = pos;
        while (end < query.size() && query[end] != ' ' && query[end] != '\t') ++end;
        if (end == pos) break;
        const auto term = query.substr(pos, end - pos);
        pos = end;
        const bool hit = contains_folded(b.name, term) || contains_folded(b.city, term) ||
                         contains_folded(b.district, term) || contains_folded(b.address, term) ||
                         contains_folded(b.id, term) || contains_folded(label(b.category, true), term) ||
                         contains_folded(label(b.category, false), term) || contains_folded(label(b.level, true), term) ||
                         contains_folded(label(b.level, false), term);
        if (!hit) return false;
    }
    return true;
}

void to_json(nlohmann::json& j, const Base& b) {
    j = nlohmann::json{{"id", b.id},
                       {"name", b.name},
                       {"category", to_code(b.category)},
                       {"level", to_code(b.level)},
                       {"city", b.city},
                       {"district", b.district},
                       {"address", b.address},
                       {"lat", b.lat},
                       {"lon", b.lon},
                       {"demo", b.demo},
                       {"rating", b.rating},
                       {"rating_count", b.rating_count},
                       {"rating_detail",
                        {{"safety", b.rating_detail.safety},
                         {"course", b.rating_detail.course},
                         {"organisation", b.rating_detail.organisation},
                         {"value", b.rating_detail.value}}},
                       {"capacity", b.capacity},
                       {"grade_min", b.grade_min},
                       {"grade_max", b.grade_max},
                       {"open_min", b.open_min},
                       {"close_min", b.close_min},
                       {"closed_weekdays", b.closed_weekdays},
                       {"closed_dates", b.closed_dates},
                       {"courses", b.courses},
                       {"safety", b.safety},
                       {"contact", b.contact},
                       {"photos", b.photos},
                       {"status", to_code(b.status)},
                       {"status_reason", b.status_reason}};
}

void from_json(const nlohmann::json& j, Base& b) {
    if (!j.is_object())
        throw ValidationError(problem(Code::wrong_type, "base", "a base must be a JSON object", {{"expected", "object"}}));
    Base out;
    j.at("id").get_to(out.id);
    j.at("name").get_to(out.name);
    const auto cat = j.at("category").get<std::string>();
    const auto lvl = j.at("level").get<std::string>();
    auto c = category_from_code(cat);
    if (!c) throw ValidationError(of_base(out, Code::unknown_value, "category", "unknown category \"{value}\"", {{"value", cat}}));
    auto l = level_from_code(lvl);
    if (!l) throw ValidationError(of_base(out, Code::unknown_value, "level", "unknown level \"{value}\"", {{"value", lvl}}));
    out.category = *c;
    out.level = *l;
    out.city = j.value("city", "");
    out.district = j.value("district", "");
    out.address = j.value("address", "");
    // JSON has no NaN; a null or string coordinate is named here, a number
    // out of range by validate().
    auto coord = [&](const char* key) {
        const auto& v = j.at(key);
        if (!v.is_number())
            throw ValidationError(of_base(out, Code::wrong_type, key, "{field} must be a number", {{"expected", "number"}}));
        return v.get<double>();
    };
    out.lat = coord("lat");
    out.lon = coord("lon");
    out.demo = j.value("demo", false);
    // Optional fields: absent or null means the default; a wrong type is named.
    auto opt = [&](const char* key, auto& into) {
        const auto it = j.find(key);
        if (it == j.end() || it->is_null()) return;
        auto wrong = [&] {
            return ValidationError(of_base(out, Code::wrong_type, key, "{field} has the wrong type", {{"expected", "JSON"}}));
        };
        using T = std::decay_t<decltype(into)>;
        // Integers are read by whole_int, not by nlohmann's get<int>(): that
        // casts a float to int, undefined for one out of int's range (fuzzing
        // found 3.9e90 in an imported file), and wraps a large integer.
        if constexpr (std::is_same_v<T, int>) {
            const auto n = whole_int(*it);
            if (!n) throw wrong();
            into = *n;
        } else if constexpr (std::is_same_v<T, std::vector<int>>) {
            if (!it->is_array()) throw wrong();
            into.clear();
            for (const auto& x : *it) {
                const auto n = whole_int(x);
                if (!n) throw wrong();
                into.push_back(*n);
            }
        } else {
            try {
                it->get_to(into);
            } catch (const nlohmann::json::exception&) {
                throw wrong();
            }
        }
    };
    opt("rating", out.rating);
    opt("rating_count", out.rating_count);
    if (const auto it = j.find("rating_detail"); it != j.end() && it->is_object()) {
        const auto& d = *it;
        auto num = [&](const char* k) {
            const auto v = d.find(k);
            return v != d.end() && v->is_number() ? v->get<double>() : 0.0;
        };
        out.rating_detail = {num("safety"), num("course"), num("organisation"), num("value")};
    }
    opt("capacity", out.capacity);
    opt("grade_min", out.grade_min);
    opt("grade_max", out.grade_max);
    opt("open_min", out.open_min);
    opt("close_min", out.close_min);
    opt("closed_weekdays", out.closed_weekdays);
    opt("closed_dates", out.closed_dates);
    opt("courses", out.courses);
    opt("safety", out.safety);
    opt("contact", out.contact);
    opt("photos", out.photos);
    opt("status_reason", out.status_reason);
    if (const auto it = j.find("status"); it != j.end() && !it->is_null()) {
        const auto code = it->is_string() ? it->get<std::string>() : it->dump();
        auto st = status_from_code(code);
        if (!st) throw ValidationError(of_base(out, Code::unknown_value, "status", "unknown status \"{value}\"", {{"value", code}}));
        out.status = *st;
    }
    if (auto e = validate(out)) throw ValidationError(*e);
    b = std::move(out);
}

nlohmann::json management_fields(BaseStatus status, int capacity, const std::string& reason) {
    return {{"status", to_code(status)}, {"capacity", capacity}, {"status_reason", reason}};
}

Base base_from_fields(const std::string& id, const nlohmann::json& fields) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [k, v] : fields.items())
        if (!v.is_null()) j[k] = v;
    j["id"] = id;
    Base b;
    from_json(j, b);
    return b;
}

}  // namespace zx
