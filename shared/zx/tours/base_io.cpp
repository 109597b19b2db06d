// Bases in and out of files (base_io.hpp): GeoJSON and CSV import, GeoJSON
// export.
//   1. shared checks: sizes, coordinates in the region, codes, field names
//   2. GeoJSON: one feature at a time into the collector; a lenient copy
//      that quotes bare NaN/Infinity (as Python writes them) so the row is
//      named, with positions mapped back to the caller's text
//   3. CSV: its columns, numbers (the reader is zx/text/csv.hpp)
//   4. to_geojson, import_geojson, import_csv
#include "zx/tours/base_io.hpp"

#include "zx/core/error.hpp"
#include "zx/core/strict_json.hpp"
#include "zx/geo/geo.hpp"
#include "zx/text/csv.hpp"
#include "zx/text/lists.hpp"
#include "zx/text/text.hpp"
#include "zx/sync/model.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <type_traits>
#include <cstdlib>
#include <cmath>
#include <map>
#include <functional>
#include <optional>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <variant>

namespace zx {

using nlohmann::json;

namespace {

// The shortest text that reads back as the same double (what json::dump writes).
std::string num(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    return json(v).dump();
}

std::string type_name(const json& v) { return v.is_number() ? "number" : v.type_name(); }

std::string_view trim(std::string_view s) {
    const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && ws(s.back())) s.remove_suffix(1);
    return s;
}

// Category, level and status by code or by their Chinese or English label
// ("自然生态", "Nature & ecology" and "nature" are the same category).
template <class E, class FromCode>
std::optional<std::string> normalize_code(std::string_view text, std::span<const E> all, FromCode from_code) {
    if (from_code(text)) return std::string(text);
    for (E v : all)
        if (label(v, true) == text || label(v, false) == text) return std::string(to_code(v));
    return std::nullopt;
}

// A required field the row does not have.
Problem missing(const char* field) { return problem(Code::required, field, "missing required field \"{field}\""); }

// A problem of a CSV line: the line is a parameter and leads the message.
Problem at_line(size_t line, Problem p) {
    p.params.emplace_back("line", std::to_string(line));
    p.message = "line " + std::to_string(line) + ": " + p.message;
    return p;
}

Problem not_a_collection(std::string_view actual) {
    const std::string article = actual == "array" || actual == "object" ? "an " : "a ";
    return problem(Code::wrong_type, "file", "a GeoJSON file must be an object (a FeatureCollection), not " + article + "{actual}",
                   {{"expected", "FeatureCollection"}, {"actual", std::string(actual)}});
}

// The one place positions are judged, for both formats.
std::optional<Problem> check_position(double lat, double lon, const Region& region) {
    if (!std::isfinite(lat))
        return problem(Code::not_a_number, "lat", "latitude is {value}; coordinates must be finite numbers", {{"value", num(lat)}});
    if (!std::isfinite(lon))
        return problem(Code::not_a_number, "lon", "longitude is {value}; coordinates must be finite numbers", {{"value", num(lon)}});
    const auto inside = [&](double la, double lo) {
        return la >= region.lat_min && la <= region.lat_max && lo >= region.lon_min && lo <= region.lon_max;
    };
    if (inside(lat, lon)) return std::nullopt;
    const std::vector<std::pair<std::string, std::string>> where{
        {"lat", num(lat)}, {"lon", num(lon)}, {"region", region.name},
        {"box", "lat " + num(region.lat_min) + ".." + num(region.lat_max) + ", lon " + num(region.lon_min) + ".." +
                    num(region.lon_max)}};
    if (inside(lon, lat))
        return problem(Code::position_swapped, "position",
                       "latitude and longitude look swapped (lat {lat}, lon {lon} is outside {region} ({box}); "
                       "lat {lon}, lon {lat} would be inside)",
                       where);
    if (auto e = geo::validate(lat, lon)) return e;
    return problem(Code::position_outside, "position", "position lat {lat}, lon {lon} is outside the import region {region} ({box})",
                   where);
}

// Base JSON fields a file may state (rating fields included: an export
// carries them, and it is up to the caller whether to take them).
const std::set<std::string, std::less<>>& base_field_names() {
    static const std::set<std::string, std::less<>> names{
        "id",       "name",         "category",  "level",     "city",      "district",        "address",
        "lat",      "lon",          "demo",      "rating",    "rating_count", "rating_detail", "capacity",
        "grade_min", "grade_max",   "open_min",  "close_min", "closed_weekdays", "closed_dates", "courses",
        "safety",   "contact",      "photos",    "status",    "status_reason"};
    return names;
}

// Collects one report; every row goes through exactly one of ok_base,
// ok_route or fail.
struct Collector {
    const ImportOptions& opt;
    ImportReport report;
    std::unordered_map<std::string, size_t> first_base_row;  // id -> row of its first occurrence
    std::unordered_map<std::string, size_t> first_route_row;
    struct PendingRoute {
        size_t row;
        Route route;
    };
    std::vector<PendingRoute> routes;  // checked against the bases once all are read

    explicit Collector(const ImportOptions& o) : opt(o) {}

    void fail(size_t row, std::string id, Problem p, bool warning = false) {
        std::string message = p.message;
        report.errors.push_back({row, std::move(id), std::move(message), std::move(p), warning});
    }

    // False (and an error) when `id` was seen before among bases/routes.
    bool first_occurrence(std::unordered_map<std::string, size_t>& seen, size_t row, const std::string& id,
                          const char* unit) {
        const auto [it, inserted] = seen.emplace(id, row);
        if (inserted) return true;
        fail(row, id,
             problem(Code::duplicate, "id", "duplicate {unit} id \"{value}\" (first at row {first}); only the first is imported",
                     {{"unit", unit}, {"value", id}, {"first", std::to_string(it->second)}}));
        return false;
    }

    // `j` holds the base's JSON form with lat and lon already checked
    // numbers; codes may still be labels.
    void base(size_t row, json j, std::vector<std::string> fields) {
        const std::string id = j.value("id", "");
        for (const char* key : {"name", "category", "level"}) {
            const auto it = j.find(key);
            if (it == j.end() || it->is_null() || (it->is_string() && trim(it->get_ref<const std::string&>()).empty()))
                return fail(row, id, missing(key));
            if (!it->is_string())
                return fail(row, id, problem(Code::wrong_type, key, "{field} must be a string, not a {actual}",
                                             {{"expected", "string"}, {"actual", type_name(*it)}}));
        }
        auto code = [&](const char* key, auto all, auto from_code, const char* what) -> bool {
            const auto it = j.find(key);
            if (it == j.end() || !it->is_string()) return true;  // status is optional; from_json names a wrong type
            const auto text = std::string(trim(it->get_ref<const std::string&>()));
            auto c = normalize_code(text, all, from_code);
            if (!c) {
                std::string known;
                for (auto v : all) known += (known.empty() ? "" : ", ") + std::string(to_code(v)) + "/" + std::string(label(v, true));
                fail(row, id, problem(Code::unknown_value, what, "unknown {field} \"{value}\" (known: {allowed})",
                                      {{"value", text}, {"allowed", known}}));
                return false;
            }
            *it = *c;
            return true;
        };
        if (!code("category", all_categories(), category_from_code, "category")) return;
        if (!code("level", all_levels(), level_from_code, "level")) return;
        if (!code("status", all_statuses(), status_from_code, "status")) return;
        Base b;
        try {
            from_json(j, b);
        } catch (const ValidationError& e) {
            return fail(row, id, e.problem());
        } catch (const json::exception& e) {
            // Only the required strings can get here (their type is checked above).
            return fail(row, id, problem(Code::wrong_type, "", "a field has the wrong type: {detail}", {{"detail", e.what()}}));
        }
        // Closing a base without a word leaves the schools that planned a
        // trip there guessing: the rule of edits made in the app
        // (zx/wire/record_rules.cpp) holds for imported rows too.
        if ((b.status == BaseStatus::suspended || b.status == BaseStatus::delisted) && trim(b.status_reason).empty())
            return fail(row, id, problem(Code::reason_required, "status_reason",
                                         "status {status} needs a reason (status_reason)", {{"status", std::string(to_code(b.status))}}));
        report.bases.push_back(std::move(b));
        report.base_fields.push_back(std::move(fields));
        report.base_rows.push_back(row);
    }

    void route(size_t row, Route r) { routes.push_back({row, std::move(r)}); }

    ImportReport finish() {
        std::unordered_set<std::string_view> file_ids;
        for (const auto& b : report.bases) file_ids.insert(b.id);
        for (auto& p : routes) {
            std::optional<Problem> unknown;
            for (size_t i = 0; i < p.route.stops.size() && !unknown; ++i)
                if (!file_ids.count(p.route.stops[i].base_id) && !opt.known_base_ids.count(p.route.stops[i].base_id))
                    unknown = located(problem(Code::not_found, "base_id",
                                              "unknown base \"{id}\" (not a valid base of this file, nor a known one)",
                                              {{"collection", "bases"}, {"id", p.route.stops[i].base_id}}),
                                      "stops[" + std::to_string(i) + "]");
            if (unknown) fail(p.row, p.route.id, *unknown);
            else report.routes.push_back(std::move(p.route));
        }
        std::stable_sort(report.errors.begin(), report.errors.end(),
                         [](const ImportError& a, const ImportError& b) { return a.row < b.row; });
        return std::move(report);
    }
};

ImportReport fatal_report(Problem p) {
    ImportReport r;
    r.fatal = true;
    std::string message = p.message;
    r.errors.push_back({0, "", std::move(message), std::move(p), false});
    return r;
}

std::optional<ImportReport> check_size(std::string_view text, const ImportOptions& opt) {
    if (text.size() <= opt.max_bytes) return std::nullopt;
    return fatal_report(problem(Code::too_long, "file", "the file is {size} bytes, more than the limit of {max} bytes; split it into smaller files",
                                {{"size", std::to_string(text.size())}, {"max", std::to_string(opt.max_bytes)}}));
}

// --- GeoJSON ---------------------------------------------------------------

// A coordinate from a GeoJSON position: a number, or one of the strings our
// NaN/Infinity rewrite (see lenient_copy) produces.
std::variant<double, Problem> coordinate(const json& v, const char* what) {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        if (s == "NaN") return std::nan("");
        if (s == "Infinity") return HUGE_VAL;
        if (s == "-Infinity") return -HUGE_VAL;
        return problem(Code::not_a_number, what, "{field} must be a number, not the string \"{value}\"", {{"value", s.substr(0, 40)}});
    }
    return problem(Code::not_a_number, what, "{field} must be a number, not {value}", {{"value", v.is_null() ? "null" : "a " + type_name(v)}});
}

// Reads a GeoJSON position [lon, lat(, alt)] into lat and lon, or says why not.
std::optional<Problem> position(const json& p, double& lat, double& lon) {
    if (!p.is_array() || p.size() < 2 || p.size() > 3)
        return problem(Code::wrong_type, "coordinates", "coordinates must be a position [longitude, latitude], not {value}",
                       {{"expected", "[longitude, latitude]"}, {"value", p.dump().substr(0, 60)}});
    auto lo = coordinate(p[0], "longitude");
    if (auto* e = std::get_if<Problem>(&lo)) return *e;
    auto la = coordinate(p[1], "latitude");
    if (auto* e = std::get_if<Problem>(&la)) return *e;
    lat = std::get<double>(la);
    lon = std::get<double>(lo);
    return std::nullopt;
}

void feature(Collector& out, size_t row, json& f) {
    if (!f.is_object())
        return out.fail(row, "", problem(Code::wrong_type, "feature", "a feature must be a JSON object, not {actual}",
                                         {{"expected", "object"}, {"actual", f.type_name()}}));
    const json empty = json::object();
    const json* props = &empty;
    if (auto it = f.find("properties"); it != f.end() && !it->is_null()) {
        if (!it->is_object())
            return out.fail(row, "", problem(Code::wrong_type, "properties", "properties must be an object", {{"expected", "object"}}));
        props = &*it;
    }
    std::string id;
    const json* idv = nullptr;
    if (auto it = f.find("id"); it != f.end()) idv = &*it;
    else if (auto p = props->find("id"); p != props->end()) idv = &*p;
    if (idv && idv->is_string()) id = idv->get<std::string>();
    else if (idv && idv->is_number_integer()) id = idv->dump();
    if (f.value("type", json()) != "Feature")
        return out.fail(row, id, problem(Code::unknown_value, "type", "type must be \"Feature\", not {value}",
                                         {{"value", f.value("type", json()).dump()}, {"allowed", "Feature"}}));
    if (id.empty())
        return out.fail(row, "", idv ? problem(Code::wrong_type, "id", "id must be a string", {{"expected", "string"}}) : missing("id"));
    const std::string kind = props->contains("kind") && (*props)["kind"].is_string() ? (*props)["kind"].get<std::string>()
                             : props->contains("kind") ? "?"
                                                       : "base";
    const json* geom = nullptr;
    if (auto it = f.find("geometry"); it != f.end() && !it->is_null()) geom = &*it;
    std::string gtype = geom ? "?" : "null";
    if (geom && geom->is_object())
        if (const auto t = geom->find("type"); t != geom->end() && t->is_string()) gtype = t->get<std::string>();

    if (kind == "base") {
        if (!out.first_occurrence(out.first_base_row, row, id, "base")) return;
        if (gtype != "Point")
            return out.fail(row, id, problem(Code::unknown_value, "geometry", "a base's geometry must be a Point, not {value}",
                                             {{"value", gtype == "null" ? "missing/null" : gtype}, {"allowed", "Point"}}));
        double lat = 0, lon = 0;
        const auto cit = geom->find("coordinates");
        if (cit == geom->end()) return out.fail(row, id, problem(Code::required, "coordinates", "the Point has no coordinates"));
        if (auto e = position(*cit, lat, lon)) return out.fail(row, id, *e);
        if (auto e = check_position(lat, lon, out.opt.region)) return out.fail(row, id, *e);
        json j = json::object();
        std::vector<std::string> fields{"id", "lat", "lon"};
        for (auto& [k, v] : props->items()) {
            if (k == "kind" || k == "id" || k == "lat" || k == "lon") continue;
            if (base_field_names().count(k)) fields.push_back(k);
            j[k] = v;
        }
        j["id"] = id;
        j["lat"] = lat;
        j["lon"] = lon;
        return out.base(row, std::move(j), std::move(fields));
    }
    if (kind == "route") {
        if (!out.first_occurrence(out.first_route_row, row, id, "route")) return;
        if (gtype != "LineString" && gtype != "null")
            return out.fail(row, id, problem(Code::unknown_value, "geometry", "a route's geometry must be a LineString (or null), not {value}",
                                             {{"value", gtype}, {"allowed", "LineString"}}));
        if (geom) {
            const auto cit = geom->find("coordinates");
            if (cit == geom->end() || !cit->is_array() || cit->size() < 2)
                return out.fail(row, id, problem(Code::too_short, "coordinates", "a LineString needs coordinates with at least {min} positions",
                                                 {{"min", "2"}}));
            for (size_t i = 0; i < cit->size(); ++i) {
                double lat = 0, lon = 0;
                auto e = position((*cit)[i], lat, lon);
                if (!e) e = geo::validate(lat, lon);
                if (e) return out.fail(row, id, located(*e, "coordinates[" + std::to_string(i) + "]"));
            }
        }
        Route r;
        r.id = id;
        for (const char* key : {"name", "stops"})
            if (!props->contains(key) || (*props)[key].is_null())
                return out.fail(row, id, missing(key));
        try {
            if (!(*props)["name"].is_string())
                throw ValidationError(problem(Code::wrong_type, "name", "name must be a string", {{"expected", "string"}}));
            r.name = (*props)["name"].get<std::string>();
            if (auto d = props->find("description"); d != props->end() && !d->is_null()) {
                if (!d->is_string())
                    throw ValidationError(problem(Code::wrong_type, "description", "description must be a string", {{"expected", "string"}}));
                r.description = d->get<std::string>();
            }
            r.stops = stops_from_json((*props)["stops"]);
        } catch (const ValidationError& e) {
            return out.fail(row, id, e.problem());
        }
        if (auto e = validate(r)) return out.fail(row, id, *e);
        return out.route(row, std::move(r));
    }
    out.fail(row, id, problem(Code::unknown_value, "kind", "unknown kind {value} (expected \"base\" or \"route\")",
                              {{"value", (*props)["kind"].dump()}, {"allowed", "base, route"}}));
}

// JSON has no NaN or Infinity, but Python's json module writes them bare. So
// that the row with one is named instead of the whole file refused, such
// tokens outside strings are quoted in a copy ("NaN"), which `coordinate`
// reads back. `shifts` records where quotes were added, to map a parse
// error's position in the copy back to the caller's text.
std::optional<std::string> lenient_copy(std::string_view s, std::vector<size_t>& shifts) {
    std::optional<std::string> out;
    size_t copied = 0;
    bool in_string = false;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
            continue;
        }
        size_t len = 0;
        if (c == 'N' && s.substr(i, 3) == "NaN") len = 3;
        else if (c == 'I' && s.substr(i, 8) == "Infinity") len = 8;
        else if (c == '-' && s.substr(i, 9) == "-Infinity") len = 9;
        if (!len) continue;
        if (!out) {
            out.emplace();
            out->reserve(s.size() + 1024);
        }
        out->append(s.substr(copied, i - copied));
        shifts.push_back(out->size());  // a quote added at this position of the copy
        out->push_back('"');
        out->append(s.substr(i, len));
        out->push_back('"');
        shifts.push_back(out->size() - 1);
        copied = i + len;
        i += len - 1;
    }
    if (out) out->append(s.substr(copied));
    return out;
}

// SAX handler that streams the elements of the top-level "features" array
// one at a time (each built as a small json value and handed to `emit`),
// and skips everything else but the top-level "type".
class FeatureStream final : public json::json_sax_t {
public:
    explicit FeatureStream(std::function<void(json&)> emit) : emit_(std::move(emit)) {}

    std::string root_type;       // the top-level "type" member, if a string
    bool saw_features = false;
    std::optional<Problem> fatal;  // set when reading stopped for a reason of ours
    std::optional<std::pair<size_t, std::string>> syntax;  // byte position, parser message

    bool null() override { return scalar(json(nullptr)); }
    bool boolean(bool v) override { return scalar(json(v)); }
    bool number_integer(number_integer_t v) override { return scalar(json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return scalar(json(v)); }
    bool number_float(number_float_t v, const string_t&) override { return scalar(json(v)); }
    bool string(string_t& v) override {
        if (!building() && depth_ == 1 && key_ == "type") root_type = v;
        return scalar(json(std::move(v)));
    }
    bool binary(binary_t&) override { return scalar(json()); }
    bool key(string_t& k) override {
        if (building()) pending_key_ = std::move(k);
        else if (depth_ == 1) key_ = std::move(k);
        return true;
    }
    bool start_object(std::size_t) override { return open(json::object(), false); }
    bool start_array(std::size_t) override { return open(json::array(), true); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
        std::string m = ex.what();
        if (const auto p = m.find("] "); m.starts_with("[json.exception") && p != std::string::npos) m = m.substr(p + 2);
        syntax = {position, m};
        return false;
    }

private:
    bool building() const { return !stack_.empty(); }
    bool at_element() const { return in_features_ && depth_ == 2 && !building(); }

    json* add(json v) {
        if (stack_.empty()) {
            current_ = std::move(v);
            return &current_;
        }
        json& parent = *stack_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(v));
            return &parent.back();
        }
        json& slot = parent[pending_key_];
        slot = std::move(v);
        return &slot;
    }
    bool scalar(json v) {
        if (depth_ == 0) return stop(not_a_collection(v.type_name()));
        if (!building() && depth_ == 1 && key_ == "features")
            return stop(problem(Code::wrong_type, "features", "\"features\" must be an array, not {actual}",
                                {{"expected", "array"}, {"actual", v.type_name()}}));
        if (building()) add(std::move(v));
        else if (at_element()) {
            current_ = std::move(v);
            emit_(current_);
        }
        return true;
    }
    bool open(json v, bool array) {
        if (depth_ == 0 && array) return stop(not_a_collection("array"));
        if (!building() && depth_ == 1 && key_ == "features") {
            if (!array)
                return stop(problem(Code::wrong_type, "features", "\"features\" must be an array, not an object",
                                    {{"expected", "array"}, {"actual", "object"}}));
            if (saw_features)
                return stop(problem(Code::duplicate, "features", "the FeatureCollection has two \"features\" members", {{"value", "features"}}));
            saw_features = true;
            in_features_ = true;
        } else if (building() || at_element()) {
            stack_.push_back(add(std::move(v)));
        }
        // A feature is built as a json value, which the rest of the import
        // copies, compares and dumps recursively: deeper nesting than the
        // network's JSON edge allows stops the whole file here.
        if (++depth_ > static_cast<int>(strict::kMaxDepth))
            return stop(problem(Code::too_deep, "file", "the file nests arrays and objects deeper than {max} levels",
                                {{"max", std::to_string(strict::kMaxDepth)}}));
        return true;
    }
    bool close() {
        --depth_;
        if (building()) {
            stack_.pop_back();
            if (stack_.empty()) emit_(current_);
        } else if (in_features_ && depth_ == 1) {
            in_features_ = false;
        }
        return true;
    }
    bool stop(Problem why) {
        fatal = std::move(why);
        return false;
    }

    std::function<void(json&)> emit_;
    int depth_ = 0;
    bool in_features_ = false;
    std::string key_;          // the current top-level key
    std::string pending_key_;  // the current key inside the element being built
    std::vector<json*> stack_;
    json current_;
};

// --- CSV ---------------------------------------------------------------------

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Items of a list cell, split at ';' or the full-width '；'.
std::vector<std::string> split_list(std::string_view cell) { return text::split_list(cell, text::kSemicolons); }

template <class T>
std::optional<T> parse_number(std::string_view s) {
    if constexpr (std::is_floating_point_v<T>) {
        // Emscripten's libc++ has no from_chars for floating point; strtod in
        // the "C" locale reads the same decimal forms, and the whole cell
        // must be the number.
        if (s.empty() || s.size() > 64) return std::nullopt;
        const std::string z(s);
        char* end = nullptr;
        const double v = std::strtod(z.c_str(), &end);
        if (end != z.c_str() + z.size()) return std::nullopt;
        return static_cast<T>(v);
    } else {
        T v{};
        const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
        return v;
    }
}

enum class Col { text, number, integer, int_list, text_list, boolean };
const std::map<std::string, Col, std::less<>>& csv_columns() {
    static const std::map<std::string, Col, std::less<>> cols{
        {"id", Col::text},          {"name", Col::text},           {"category", Col::text},
        {"level", Col::text},       {"city", Col::text},           {"district", Col::text},
        {"address", Col::text},     {"lat", Col::number},          {"lon", Col::number},
        {"capacity", Col::integer}, {"grade_min", Col::integer},   {"grade_max", Col::integer},
        {"open_min", Col::integer}, {"close_min", Col::integer},   {"closed_weekdays", Col::int_list},
        {"closed_dates", Col::text_list}, {"courses", Col::text_list}, {"safety", Col::text},
        {"contact", Col::text},     {"photos", Col::text_list},    {"status", Col::text},
        {"status_reason", Col::text}, {"demo", Col::boolean}};
    return cols;
}

}  // namespace

// --- Export ------------------------------------------------------------------

std::string to_geojson(const std::vector<Base>& bases, const std::vector<Route>& routes) {
    std::unordered_map<std::string_view, const Base*> by_id;
    for (const auto& b : bases) by_id.emplace(b.id, &b);
    std::string out = R"({"type":"FeatureCollection","features":[)";
    bool first = true;
    auto put = [&](const json& f) {
        if (!first) out += ',';
        first = false;
        out += '\n';
        out += f.dump();
    };
    for (const auto& b : bases) {
        json props = b;
        props.erase("id");
        props.erase("lat");
        props.erase("lon");
        props["kind"] = "base";
        put({{"type", "Feature"},
             {"id", b.id},
             {"geometry", {{"type", "Point"}, {"coordinates", {b.lon, b.lat}}}},
             {"properties", std::move(props)}});
    }
    for (const auto& r : routes) {
        json line = json::array();
        for (const auto& s : r.stops)
            if (auto it = by_id.find(s.base_id); it != by_id.end()) line.push_back({it->second->lon, it->second->lat});
        json geometry = nullptr;
        if (line.size() >= 2) geometry = {{"type", "LineString"}, {"coordinates", std::move(line)}};
        put({{"type", "Feature"},
             {"id", r.id},
             {"geometry", std::move(geometry)},
             {"properties",
              {{"kind", "route"}, {"name", r.name}, {"description", r.description}, {"stops", stops_to_json(r.stops)}}}});
    }
    out += "\n]}\n";
    return out;
}

// --- Import ------------------------------------------------------------------

ImportReport import_geojson(std::string_view text, const ImportOptions& options) {
    if (auto r = check_size(text, options)) return std::move(*r);
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // tolerated, though RFC 7946 forbids it
    std::vector<size_t> shifts;
    const auto copy = lenient_copy(text, shifts);
    const std::string_view input = copy ? std::string_view(*copy) : text;

    Collector out(options);
    size_t index = 0;
    FeatureStream sax([&](json& f) { feature(out, index++, f); });
    json::sax_parse(input.data(), input.data() + input.size(), &sax);
    if (sax.syntax) {
        // Back to a position in the caller's text: drop the quotes we added before it.
        size_t pos = sax.syntax->first;
        pos -= static_cast<size_t>(std::lower_bound(shifts.begin(), shifts.end(), pos) - shifts.begin());
        return fatal_report(problem(Code::malformed, "file", "invalid JSON at byte {byte}: {detail}",
                                    {{"byte", std::to_string(pos)}, {"detail", sax.syntax->second}}));
    }
    if (sax.fatal) return fatal_report(*sax.fatal);
    if (sax.root_type != "FeatureCollection")
        return fatal_report(problem(Code::unknown_value, "type",
                                    "the top-level GeoJSON object must have \"type\": \"FeatureCollection\", not \"{value}\"",
                                    {{"value", sax.root_type}, {"allowed", "FeatureCollection"}}));
    if (!sax.saw_features) return fatal_report(problem(Code::required, "features", "the FeatureCollection has no \"features\" array"));
    out.report.rows_seen = index;
    return out.finish();
}

ImportReport import_csv(std::string_view text, const ImportOptions& options) {
    if (auto r = check_size(text, options)) return std::move(*r);
    text = text::without_bom(text);
    // Every cell may end up in a JSON answer (the import report, the bases
    // list, the GeoJSON export), and nlohmann::json throws on text that is
    // not UTF-8: one such base would break every later answer that lists it.
    // A file in another encoding (GBK, as spreadsheets in China often save)
    // is refused as a whole, naming the line, rather than imported as
    // garbage. (GeoJSON needs no check: its JSON parser refuses such bytes.)
    if (const auto bad = text::invalid_utf8(text); bad != std::string_view::npos) {
        const auto line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
        return fatal_report(at_line(line, problem(Code::malformed, "file",
                                                  "the file is not UTF-8 (byte {byte}); save it as UTF-8 and import it again",
                                                  {{"byte", std::to_string(bad)}, {"detail", "not UTF-8"}})));
    }
    text::CsvReader reader(text);
    std::vector<std::string> cells;
    size_t line = 0;
    std::optional<Problem> error;
    auto blank = [&] {
        return std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return trim(c).empty(); });
    };

    // Header: the first record that is not blank.
    bool have_header = false;
    while (reader.next(cells, line, error)) {
        if (error) return fatal_report(at_line(line, *error));
        if (!blank()) {
            have_header = true;
            break;
        }
    }
    if (!have_header)
        return fatal_report(problem(Code::required, "header", "the CSV file is empty: it needs a header row naming the columns"));
    const size_t header_line = line;
    Collector out(options);
    std::vector<std::pair<std::string, Col>> columns;  // by position; Col ignored for unknown names
    std::vector<bool> known;
    std::set<std::string> names;
    for (size_t i = 0; i < cells.size(); ++i) {
        auto name = lower_ascii(trim(cells[i]));
        if (!names.insert(name).second)
            return fatal_report(at_line(header_line, problem(Code::duplicate, "header", "column \"{value}\" appears twice in the header",
                                                             {{"value", name}})));
        const auto it = csv_columns().find(name);
        known.push_back(it != csv_columns().end());
        columns.emplace_back(name, known.back() ? it->second : Col::text);
        if (!known.back())
            out.fail(header_line, "",
                     problem(Code::unknown_key, "header", "unknown column \"{key}\" is ignored (known: {allowed})",
                             {{"key", name},
                              {"allowed", "id, name, category, level, lat, lon, city, district, address, capacity, grade_min, "
                                          "grade_max, open_min, close_min, closed_weekdays, closed_dates, courses, safety, "
                                          "contact, photos, status, status_reason, demo"}}),
                     true);
    }
    std::string absent;
    for (const char* req : {"id", "name", "category", "level", "lat", "lon"})
        if (!names.count(req)) absent += (absent.empty() ? "" : ", ") + std::string(req);
    if (!absent.empty())
        return fatal_report(at_line(header_line, problem(Code::required, "header", "the header lacks the required column(s) {value}",
                                                         {{"value", absent}})));

    size_t id_col = 0;
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i].first == "id") id_col = i;
    size_t rows = 0;
    while (reader.next(cells, line, error)) {
        if (!error && blank()) continue;
        ++rows;
        const std::string id = id_col < cells.size() ? std::string(trim(cells[id_col])) : std::string();
        if (error) {
            out.fail(line, id, *error);
            continue;
        }
        if (cells.size() != columns.size()) {
            out.fail(line, id, problem(Code::csv_field_count, "row", "the row has {count} fields, the header has {expected}",
                                       {{"count", std::to_string(cells.size())}, {"expected", std::to_string(columns.size())}}));
            continue;
        }
        if (id.empty()) {
            out.fail(line, "", missing("id"));
            continue;
        }
        if (!out.first_occurrence(out.first_base_row, line, id, "base")) continue;
        json j = json::object();
        std::vector<std::string> fields;
        std::optional<Problem> bad;
        std::optional<double> lat, lon;
        for (size_t i = 0; i < columns.size() && !bad; ++i) {
            if (!known[i]) continue;
            const auto& [name, type] = columns[i];
            const auto cell = trim(cells[i]);
            if (cell.empty()) continue;  // not stated
            fields.push_back(name);
            switch (type) {
            case Col::text:
                j[name] = std::string(cell);
                break;
            case Col::number: {
                auto v = parse_number<double>(cell);
                if (!v) v = parse_number<double>(cell.starts_with('+') ? cell.substr(1) : cell);
                const char* what = name == "lat" ? "latitude" : "longitude";
                if (!v) bad = problem(Code::not_a_number, what, "{field} \"{value}\" is not a number", {{"value", std::string(cell.substr(0, 40))}});
                else (name == "lat" ? lat : lon) = *v;
                break;
            }
            case Col::integer: {
                const auto v = parse_number<int>(cell);
                if (!v) bad = problem(Code::not_a_number, name, "{field} \"{value}\" is not a whole number", {{"value", std::string(cell.substr(0, 40))}});
                else j[name] = *v;
                break;
            }
            case Col::int_list: {
                json list = json::array();
                for (const auto& item : split_list(cell)) {
                    const auto v = parse_number<int>(item);
                    if (!v) bad = problem(Code::not_a_number, name, "{field}: \"{value}\" is not a whole number", {{"value", item.substr(0, 40)}});
                    else list.push_back(*v);
                }
                j[name] = std::move(list);
                break;
            }
            case Col::text_list:
                j[name] = split_list(cell);
                break;
            case Col::boolean: {
                const auto v = lower_ascii(cell);
                if (v == "true" || v == "1" || v == "yes") j[name] = true;
                else if (v == "false" || v == "0" || v == "no") j[name] = false;
                else
                    bad = problem(Code::wrong_type, name, "{field} \"{value}\" must be true or false",
                                  {{"expected", "boolean"}, {"value", std::string(cell.substr(0, 40))}});
                break;
            }
            }
        }
        if (!bad && !lat) bad = missing("lat");
        if (!bad && !lon) bad = missing("lon");
        if (!bad) bad = check_position(*lat, *lon, options.region);
        if (bad) {
            out.fail(line, id, *bad);
            continue;
        }
        j["lat"] = *lat;
        j["lon"] = *lon;
        out.base(line, std::move(j), std::move(fields));
    }
    out.report.rows_seen = rows;
    return out.finish();
}

}  // namespace zx
