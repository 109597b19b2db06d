#include "zx/base.hpp"

#include "zx/error.hpp"
#include "zx/geo.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace zx {

namespace {

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

constexpr std::array kLevelValues{BaseLevel::national, BaseLevel::provincial, BaseLevel::municipal};
constexpr std::array kCategoryValues{BaseCategory::nature,  BaseCategory::history, BaseCategory::red,
                                     BaseCategory::science, BaseCategory::labor,   BaseCategory::defense,
                                     BaseCategory::arts};

const LevelInfo& info(BaseLevel v) { return kLevels[static_cast<size_t>(v)]; }
const CategoryInfo& info(BaseCategory v) { return kCategories[static_cast<size_t>(v)]; }

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

std::string_view label(BaseLevel v, bool zh) { return zh ? info(v).zh : info(v).en; }
std::string_view label(BaseCategory v, bool zh) { return zh ? info(v).zh : info(v).en; }

std::optional<std::string> validate(const Base& b) {
    if (!valid_id(b.id)) return "id \"" + b.id + "\" must be 1-64 characters of A-Z, a-z, 0-9, '-' or '_'";
    if (b.name.empty()) return "name must not be empty (base " + b.id + ")";
    if (b.name.size() > 200) return "name is longer than 200 bytes (base " + b.id + ")";
    if (b.address.size() > 400) return "address is longer than 400 bytes (base " + b.id + ")";
    if (auto e = geo::validate(b.lat, b.lon)) return *e + " (base " + b.id + ")";
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
                       {"demo", b.demo}};
}

void from_json(const nlohmann::json& j, Base& b) {
    if (!j.is_object()) throw ValidationError("a base must be a JSON object");
    Base out;
    j.at("id").get_to(out.id);
    j.at("name").get_to(out.name);
    const auto cat = j.at("category").get<std::string>();
    const auto lvl = j.at("level").get<std::string>();
    auto c = category_from_code(cat);
    if (!c) throw ValidationError("unknown category \"" + cat + "\" (base " + out.id + ")");
    auto l = level_from_code(lvl);
    if (!l) throw ValidationError("unknown level \"" + lvl + "\" (base " + out.id + ")");
    out.category = *c;
    out.level = *l;
    out.city = j.value("city", "");
    out.district = j.value("district", "");
    out.address = j.value("address", "");
    // JSON has no NaN; a null or string coordinate is named here, a number
    // out of range by validate().
    auto coord = [&](const char* key) {
        const auto& v = j.at(key);
        if (!v.is_number()) throw ValidationError(std::string(key) + " must be a number (base " + out.id + ")");
        return v.get<double>();
    };
    out.lat = coord("lat");
    out.lon = coord("lon");
    out.demo = j.value("demo", false);
    if (auto e = validate(out)) throw ValidationError(*e);
    b = std::move(out);
}

}  // namespace zx
