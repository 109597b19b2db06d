#pragma once
// Offline basemap outlines: the province outlines of China and the city
// (地级市) outlines of Zhejiang that the build extracts into outlines.geojson
// (scripts/make_outlines.mjs). Both maps draw them without any network: the
// browser's Leaflet reads the GeoJSON itself, the desktop's Web Mercator
// renderer goes through this reader. Pure functions apart from read_file.
#include "zx/geo/geo.hpp"

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx::outlines {

enum class Level { Province, City };

// "province" / "city", the spelling used in the file.
const char* to_string(Level level);

struct Outline {
    std::string name;             // official name, e.g. "浙江省", "杭州市"
    Level level = Level::Province;
    std::optional<long> adcode;   // GB/T 2260 code (330100) when the file has one
    // Every ring of every part, exteriors and holes alike, in file order. Each
    // ring is closed (front == back) and has at least 4 positions, as GeoJSON
    // requires. Keeping them flat is enough for both uses: drawing strokes each
    // ring, and `contains` counts crossings over all rings (even-odd), which is
    // exact for holes and for parts that do not overlap.
    std::vector<std::vector<geo::LatLon>> rings;
    // Bounding box of all rings, for culling before any per-point work.
    double min_lat = 0, min_lon = 0, max_lat = 0, max_lon = 0;
};

// Parses a GeoJSON FeatureCollection whose features have properties
// {"name": non-empty string, "level": "province"|"city", "adcode"?: integer}
// and a Polygon or MultiPolygon geometry in WGS84 [lon, lat]. Other members
// (foreign members, extra properties) are ignored. Anything else is rejected
// with zx::ValidationError whose message names the feature index (and name
// when known) and the problem, e.g.
//   outlines: feature 3 ("杭州市"): polygon 0, ring 1: not closed
// so a broken build artefact is diagnosed at load time, not drawn as garbage.
std::vector<Outline> parse(const nlohmann::json& collection);
// Same, from text; a JSON syntax error is also a ValidationError.
std::vector<Outline> parse_text(std::string_view text);
// Reads and parses a file (e.g. <assets dir>/outlines.geojson); a missing or
// unreadable file is a ValidationError naming the path.
std::vector<Outline> read_file(const std::filesystem::path& path);

// Even-odd point-in-polygon over all rings, after a bounding-box check. Points
// exactly on an edge may land on either side. Planar in lon/lat, which is
// what the data means (no ring crosses the antimeridian or a pole here).
bool contains(const Outline& outline, geo::LatLon p);

// True when the outline's bounding box meets the given one (edges included).
bool overlaps(const Outline& outline, double min_lat, double min_lon, double max_lat, double max_lon);

// The outline's rings in Web Mercator world pixels at `zoom` (geo::project),
// thinned for cheap drawing: a point closer than `min_step_px` to the last
// kept point is dropped, the closing point is always kept, and a ring left
// with fewer than 3 distinct points (smaller than a couple of pixels at this
// zoom) is dropped altogether. The result may therefore have fewer rings than
// the outline; ring order is preserved.
std::vector<std::vector<geo::Point>> project_rings(const Outline& outline, double zoom,
                                                   double min_step_px = 1.0);

// First outline with this name, or nullptr.
const Outline* find(const std::vector<Outline>& outlines, std::string_view name);

}  // namespace zx::outlines
