#include "zx/geo/geo.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numbers>

using namespace zx::geo;

namespace {
// The slippy-map tile formula as OpenStreetMap documents it (asinh(tan)),
// written independently of geo.cpp's log((1+s)/(1-s)) form.
double osm_tile_y(double lat, double zoom) {
    const double r = lat * std::numbers::pi / 180;
    return (1.0 - std::asinh(std::tan(r)) / std::numbers::pi) / 2.0 * std::exp2(zoom);
}
}  // namespace

TEST_CASE("project puts the origin at the centre of the world square") {
    const auto p = project({0, 0}, 0);
    CHECK(p.x == doctest::Approx(128));
    CHECK(p.y == doctest::Approx(128));
    CHECK(world_size(3) == doctest::Approx(2048));
}

TEST_CASE("project agrees with the OpenStreetMap tile formula") {
    for (double lat : {-60.0, -12.5, 0.0, 27.3, 30.27, 31.2, 70.0})
        for (double lon : {-170.0, 0.0, 118.0, 120.15, 122.4})
            for (double z : {0.0, 5.0, 7.0, 13.0, 18.0}) {
                const auto p = project({lat, lon}, z);
                CHECK(p.y / kTileSize == doctest::Approx(osm_tile_y(lat, z)).epsilon(1e-9));
                CHECK(p.x / kTileSize == doctest::Approx((lon + 180) / 360 * std::exp2(z)).epsilon(1e-12));
            }
}

TEST_CASE("unproject inverts project") {
    for (double lat : {-80.0, -33.3, 0.0, 29.2, 30.274, 84.9})
        for (double lon : {-179.9, -45.0, 0.0, 120.155, 179.9}) {
            const auto back = unproject(project({lat, lon}, 11.5), 11.5);
            CHECK(back.lat == doctest::Approx(lat).epsilon(1e-9));
            CHECK(back.lon == doctest::Approx(lon).epsilon(1e-9));
        }
}

TEST_CASE("project clamps latitudes beyond Web Mercator's square") {
    CHECK(project({89.9, 0}, 0).y == doctest::Approx(0).epsilon(1e-6));
    CHECK(project({-89.9, 0}, 0).y == doctest::Approx(256).epsilon(1e-6));
}

TEST_CASE("validate rejects what is not a WGS84 position, and names it") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    CHECK_FALSE(validate(30.27, 120.15).has_value());
    CHECK_FALSE(validate(-90, -180).has_value());
    CHECK_FALSE(validate(90, 180).has_value());
    REQUIRE(validate(nan, 120).has_value());
    CHECK(validate(nan, 120)->message.find("latitude") != std::string::npos);
    REQUIRE(validate(30, inf).has_value());
    CHECK(validate(30, inf)->message.find("longitude") != std::string::npos);
    CHECK(validate(90.0001, 0)->message.find("latitude") != std::string::npos);
    CHECK(validate(0, -180.5)->message.find("longitude") != std::string::npos);
    // Swapped coordinates of Hangzhou put the "latitude" out of range.
    CHECK(validate(120.15, 30.27).has_value());
}

TEST_CASE("distance_m matches the sphere's arc length") {
    // One degree of longitude on the equator: 2*pi*R/360 with R = 6371.0088 km.
    CHECK(distance_m({0, 0}, {0, 1}) == doctest::Approx(111195.08).epsilon(1e-5));
    CHECK(distance_m({30, 120}, {30, 120}) == doctest::Approx(0));
    // Pole to pole is half a great circle.
    CHECK(distance_m({90, 0}, {-90, 0}) == doctest::Approx(std::numbers::pi * 6371008.8).epsilon(1e-9));
    CHECK(distance_m({30.27, 120.15}, {29.87, 121.55}) == doctest::Approx(distance_m({29.87, 121.55}, {30.27, 120.15})));
}

TEST_CASE("context_box: a selected place with its nearest neighbours, centred, within limits") {
    const LatLon hz{30.25, 120.16};
    // Neighbours about 5 and 8 km away, and one 200 km away.
    const std::vector<LatLon> others{hz, {30.295, 120.16}, {30.25, 120.243}, {31.25, 121.9}};
    const auto b = context_box(hz, others, 2, 1.0, 40.0);
    CHECK(b.south < 30.25);
    CHECK(b.north > 30.295);  // the northern neighbour is in view
    CHECK(b.east > 120.243);  // and the eastern one
    CHECK(b.north < 30.6);    // the far one is not: it would show half the province
    CHECK((b.north + b.south) / 2 == doctest::Approx(30.25));
    CHECK((b.east + b.west) / 2 == doctest::Approx(120.16));
    // Alone, or with neighbours on top of it: never less than the minimum (not street level).
    const auto alone = context_box(hz, {hz}, 5, 3.0, 40.0);
    CHECK(distance_m({alone.south, hz.lon}, {alone.north, hz.lon}) >= 6000.0);
    // With only a distant neighbour: at most the maximum either side (plus the margin).
    const auto far = context_box(hz, {{31.25, 121.9}}, 5, 3.0, 40.0);
    CHECK(distance_m({far.south, hz.lon}, {far.north, hz.lon}) <= 2 * 40000.0 * 1.2);
}
