#include "zx/geo/geo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace zx::geo {

namespace {
constexpr double kPi = std::numbers::pi;
constexpr double kEarthRadiusM = 6371008.8;  // mean radius (IUGG)
double rad(double deg) { return deg * kPi / 180.0; }
double deg(double rad) { return rad * 180.0 / kPi; }
}  // namespace

std::optional<Problem> validate(double lat, double lon) {
    if (!std::isfinite(lat)) return problem(Code::not_a_number, "lat", "latitude is not a finite number", {{"value", "NaN"}});
    if (!std::isfinite(lon)) return problem(Code::not_a_number, "lon", "longitude is not a finite number", {{"value", "NaN"}});
    if (lat < -90.0 || lat > 90.0)
        return problem(Code::out_of_range, "lat", "latitude {value} is outside {min}..{max}",
                       {{"value", std::to_string(lat)}, {"min", "-90"}, {"max", "90"}});
    if (lon < -180.0 || lon > 180.0)
        return problem(Code::out_of_range, "lon", "longitude {value} is outside {min}..{max}",
                       {{"value", std::to_string(lon)}, {"min", "-180"}, {"max", "180"}});
    return std::nullopt;
}

double world_size(double zoom) { return kTileSize * std::exp2(zoom); }

Point project(LatLon p, double zoom) {
    const double size = world_size(zoom);
    const double lat = std::clamp(p.lat, -kMaxMercatorLat, kMaxMercatorLat);
    const double x = (p.lon + 180.0) / 360.0 * size;
    const double s = std::sin(rad(lat));
    const double y = (0.5 - std::log((1 + s) / (1 - s)) / (4 * kPi)) * size;
    return {x, y};
}

LatLon unproject(Point w, double zoom) {
    const double size = world_size(zoom);
    const double lon = w.x / size * 360.0 - 180.0;
    const double n = kPi - 2.0 * kPi * w.y / size;
    const double lat = deg(std::atan(std::sinh(n)));
    return {lat, lon};
}

double distance_m(LatLon a, LatLon b) {
    const double dlat = rad(b.lat - a.lat);
    const double dlon = rad(b.lon - a.lon);
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(rad(a.lat)) * std::cos(rad(b.lat)) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace zx::geo
