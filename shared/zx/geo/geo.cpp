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

Box context_box(LatLon focus, const std::vector<LatLon>& others, size_t neighbours, double min_half_km,
                double max_half_km) {
    std::vector<std::pair<double, LatLon>> near;
    near.reserve(others.size());
    for (const auto& o : others)
        if (!(o == focus)) near.emplace_back(distance_m(focus, o), o);
    const size_t k = std::min(neighbours, near.size());
    std::partial_sort(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(k), near.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
    // Half spans in degrees: a degree of latitude is ~111.2 km everywhere, a
    // degree of longitude that times cos(latitude).
    constexpr double kKmPerDeg = 111.195;
    const double coslat = std::max(0.05, std::cos(rad(focus.lat)));
    double half_lat = min_half_km / kKmPerDeg, half_lon = min_half_km / (kKmPerDeg * coslat);
    for (size_t i = 0; i < k; ++i) {
        half_lat = std::max(half_lat, std::fabs(near[i].second.lat - focus.lat));
        half_lon = std::max(half_lon, std::fabs(near[i].second.lon - focus.lon));
    }
    half_lat = std::min(half_lat, max_half_km / kKmPerDeg);
    half_lon = std::min(half_lon, max_half_km / (kKmPerDeg * coslat));
    // A little margin so the neighbours are not on the very edge.
    half_lat *= 1.15;
    half_lon *= 1.15;
    return {std::max(-kMaxMercatorLat, focus.lat - half_lat), focus.lon - half_lon,
            std::min(kMaxMercatorLat, focus.lat + half_lat), focus.lon + half_lon};
}

}  // namespace zx::geo
