#include "zx/geo/outlines.hpp"

#include "zx/core/error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace zx::outlines {

using nlohmann::json;

const char* to_string(Level level) {
    return level == Level::City ? "city" : "province";
}

namespace {

// Carries "where we are" so every message names the feature (index, and name
// once it is known) and the path inside its geometry.
struct Where {
    std::size_t index = 0;
    std::string name;

    [[noreturn]] void fail(const std::string& problem) const {
        std::string msg = "outlines: feature " + std::to_string(index);
        if (!name.empty()) msg += " (\"" + name + "\")";
        throw ValidationError(msg + ": " + problem);
    }
};

std::string ring_path(std::size_t polygon, std::size_t ring) {
    return "polygon " + std::to_string(polygon) + ", ring " + std::to_string(ring);
}

std::vector<geo::LatLon> parse_ring(const json& j, const Where& at, const std::string& path) {
    if (!j.is_array()) at.fail(path + ": not an array of positions");
    if (j.size() < 4) {
        at.fail(path + ": has " + std::to_string(j.size()) + " positions; a ring needs at least 4");
    }
    std::vector<geo::LatLon> ring;
    ring.reserve(j.size());
    for (std::size_t k = 0; k < j.size(); ++k) {
        const json& pos = j[k];
        const std::string where = path + ", position " + std::to_string(k);
        if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number()) {
            at.fail(where + ": not a [lon, lat] pair of numbers");
        }
        const double lon = pos[0].get<double>();
        const double lat = pos[1].get<double>();
        if (auto problem = geo::validate(lat, lon)) at.fail(where + ": " + problem->message);
        ring.push_back({lat, lon});
    }
    if (ring.front().lat != ring.back().lat || ring.front().lon != ring.back().lon) {
        at.fail(path + ": not closed (first and last positions differ)");
    }
    return ring;
}

void parse_polygon(const json& j, const Where& at, std::size_t polygon, Outline& out) {
    const std::string path = "polygon " + std::to_string(polygon);
    if (!j.is_array()) at.fail(path + ": not an array of rings");
    if (j.empty()) at.fail(path + ": has no rings");
    for (std::size_t r = 0; r < j.size(); ++r) out.rings.push_back(parse_ring(j[r], at, ring_path(polygon, r)));
}

Outline parse_feature(const json& f, std::size_t index) {
    Where at{index, {}};
    if (!f.is_object()) at.fail("not an object");
    if (f.value("type", json()) != "Feature") at.fail("\"type\" is not \"Feature\"");

    const auto props = f.find("properties");
    if (props == f.end() || !props->is_object()) at.fail("\"properties\" missing or not an object");
    const auto name = props->find("name");
    if (name == props->end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
        at.fail("properties.name missing or not a non-empty string");
    }
    Outline out;
    out.name = name->get<std::string>();
    at.name = out.name;

    const auto level = props->find("level");
    if (level == props->end() || !level->is_string()) at.fail("properties.level missing or not a string");
    if (*level == "province") {
        out.level = Level::Province;
    } else if (*level == "city") {
        out.level = Level::City;
    } else {
        at.fail("properties.level is \"" + level->get<std::string>() + "\"; expected \"province\" or \"city\"");
    }
    if (const auto code = props->find("adcode"); code != props->end() && !code->is_null()) {
        if (!code->is_number_integer()) at.fail("properties.adcode is not an integer");
        out.adcode = code->get<long>();
    }

    const auto geom = f.find("geometry");
    if (geom == f.end() || !geom->is_object()) at.fail("\"geometry\" missing or not an object");
    const auto type = geom->find("type");
    const auto coords = geom->find("coordinates");
    if (type == geom->end() || !type->is_string()) at.fail("geometry.type missing");
    if (coords == geom->end() || !coords->is_array()) at.fail("geometry.coordinates missing or not an array");
    if (*type == "Polygon") {
        parse_polygon(*coords, at, 0, out);
    } else if (*type == "MultiPolygon") {
        if (coords->empty()) at.fail("MultiPolygon has no polygons");
        for (std::size_t p = 0; p < coords->size(); ++p) parse_polygon((*coords)[p], at, p, out);
    } else {
        at.fail("geometry.type is \"" + type->get<std::string>() + "\"; expected Polygon or MultiPolygon");
    }

    out.min_lat = out.max_lat = out.rings.front().front().lat;
    out.min_lon = out.max_lon = out.rings.front().front().lon;
    for (const auto& ring : out.rings)
        for (const auto& p : ring) {
            out.min_lat = std::min(out.min_lat, p.lat);
            out.max_lat = std::max(out.max_lat, p.lat);
            out.min_lon = std::min(out.min_lon, p.lon);
            out.max_lon = std::max(out.max_lon, p.lon);
        }
    return out;
}

}  // namespace

std::vector<Outline> parse(const json& collection) {
    if (!collection.is_object()) throw ValidationError("outlines: not a JSON object");
    if (collection.value("type", json()) != "FeatureCollection") {
        throw ValidationError("outlines: \"type\" is not \"FeatureCollection\"");
    }
    const auto features = collection.find("features");
    if (features == collection.end() || !features->is_array()) {
        throw ValidationError("outlines: \"features\" missing or not an array");
    }
    std::vector<Outline> out;
    out.reserve(features->size());
    for (std::size_t i = 0; i < features->size(); ++i) out.push_back(parse_feature((*features)[i], i));
    return out;
}

std::vector<Outline> parse_text(std::string_view text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw ValidationError(std::string("outlines: not valid JSON: ") + e.what());
    }
    return parse(j);
}

std::vector<Outline> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ValidationError("outlines: cannot open " + path.string());
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) throw ValidationError("outlines: cannot read " + path.string());
    try {
        return parse_text(buf.str());
    } catch (const ValidationError& e) {
        throw ValidationError(path.string() + ": " + e.what());
    }
}

bool overlaps(const Outline& o, double min_lat, double min_lon, double max_lat, double max_lon) {
    return o.min_lat <= max_lat && min_lat <= o.max_lat && o.min_lon <= max_lon && min_lon <= o.max_lon;
}

bool contains(const Outline& o, geo::LatLon p) {
    if (!overlaps(o, p.lat, p.lon, p.lat, p.lon)) return false;
    // Ray cast towards +lon; each edge straddling p.lat with its crossing east
    // of p flips the parity. The half-open test (a.lat > y) != (b.lat > y)
    // counts a vertex exactly on the ray once, never twice.
    bool inside = false;
    for (const auto& ring : o.rings) {
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            const geo::LatLon& a = ring[i];
            const geo::LatLon& b = ring[j];
            if ((a.lat > p.lat) != (b.lat > p.lat)) {
                const double x = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat);
                if (p.lon < x) inside = !inside;
            }
        }
    }
    return inside;
}

std::vector<std::vector<geo::Point>> project_rings(const Outline& o, double zoom, double min_step_px) {
    const double min2 = min_step_px * min_step_px;
    auto dist2 = [](geo::Point a, geo::Point b) { return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y); };
    std::vector<std::vector<geo::Point>> out;
    out.reserve(o.rings.size());
    for (const auto& ring : o.rings) {
        std::vector<geo::Point> px;
        px.reserve(ring.size());
        for (std::size_t i = 0; i < ring.size(); ++i) {
            const geo::Point q = geo::project(ring[i], zoom);
            const bool last = i + 1 == ring.size();
            if (px.empty() || dist2(px.back(), q) >= min2) {
                px.push_back(q);
            } else if (last) {
                // Always end on the closing point so the ring stays closed; it
                // replaces a kept point that was too close to it.
                if (px.size() > 1) px.back() = q; else px.push_back(q);
            }
        }
        // Closed, so 3 distinct points means 4 entries.
        if (px.size() >= 4) out.push_back(std::move(px));
    }
    return out;
}

const Outline* find(const std::vector<Outline>& outlines, std::string_view name) {
    for (const auto& o : outlines)
        if (o.name == name) return &o;
    return nullptr;
}

}  // namespace zx::outlines
