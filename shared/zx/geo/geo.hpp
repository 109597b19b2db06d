#pragma once
// Geographic maths shared by the server (validation), the web client (map
// focus) and the desktop map renderer (projection). Pure functions, no I/O.
#include "zx/core/problem.hpp"

#include <optional>
#include <string>
#include <vector>

namespace zx::geo {

struct LatLon {
    double lat = 0;  // WGS84 degrees, north positive
    double lon = 0;  // WGS84 degrees, east positive
    bool operator==(const LatLon&) const = default;
};

// The problem if (lat, lon) is not a usable WGS84
// position (NaN, infinite, out of range), or nothing when it is valid.
std::optional<Problem> validate(double lat, double lon);

// Web Mercator (EPSG:3857) in "world pixels": at zoom z the whole world is a
// square of 256 * 2^z pixels, x growing east and y growing south, the same
// convention Leaflet uses, so both clients agree on what a zoom level shows.
constexpr double kTileSize = 256.0;
// Latitudes beyond this are cut off by Web Mercator (the square world).
constexpr double kMaxMercatorLat = 85.0511287798066;

struct Point {
    double x = 0;
    double y = 0;
};

Point project(LatLon p, double zoom);
LatLon unproject(Point world_px, double zoom);
double world_size(double zoom);

// Great-circle distance in metres (haversine on a sphere of the WGS84 mean
// radius); good to about 0.5 %, plenty for "bases near me".
double distance_m(LatLon a, LatLon b);

// What a map shows around one selected place so a person keeps their
// bearings (not a blank map with one dot): a box centred on `focus` that
// holds its `neighbours` nearest `others` (the place itself, if among them,
// is skipped), never less than `min_half_km` nor more than `max_half_km`
// either side of it (so a remote place does not zoom out to the country).
struct Box {
    double south = 0, west = 0, north = 0, east = 0;
};
Box context_box(LatLon focus, const std::vector<LatLon>& others, size_t neighbours, double min_half_km,
                double max_half_km);

}  // namespace zx::geo
