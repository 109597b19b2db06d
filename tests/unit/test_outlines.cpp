#include "zx/geo/outlines.hpp"

#include "zx/core/error.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

using namespace zx;
using namespace zx::outlines;

namespace {

// The file the build generates (cmake/Assets.cmake, scripts/make_outlines.mjs);
// tests/CMakeLists.txt passes its path and makes this test depend on it.
const std::vector<Outline>& real_outlines() {
    static const std::vector<Outline> all = read_file(ZX_OUTLINES_FILE);
    return all;
}

const Outline& get(const char* name) {
    const Outline* o = find(real_outlines(), name);
    REQUIRE_MESSAGE(o != nullptr, "no outline named ", name);
    return *o;
}

// A unit square with a square hole, as GeoJSON text with the given geometry.
std::string feature(const std::string& geometry, const std::string& props = R"("name":"测试","level":"city")") {
    return R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{)" + props +
           R"(},"geometry":)" + geometry + "}]}";
}
const std::string kSquareWithHole =
    R"({"type":"Polygon","coordinates":[[[120,30],[121,30],[121,31],[120,31],[120,30]],)"
    R"([[120.4,30.4],[120.4,30.6],[120.6,30.6],[120.6,30.4],[120.4,30.4]]]})";

std::string error_of(const std::string& text) {
    try {
        parse_text(text);
    } catch (const ValidationError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("the generated outlines have every province and Zhejiang's 11 cities") {
    const auto& all = real_outlines();
    int provinces = 0, cities = 0;
    for (const auto& o : all) (o.level == Level::Province ? provinces : cities)++;
    CHECK(provinces == 34);
    CHECK(cities == 11);

    const Outline& zj = get("浙江省");
    CHECK(zj.level == Level::Province);
    CHECK(zj.adcode == 330000);
    for (const char* name : {"杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市",
                             "台州市", "丽水市"}) {
        const std::string city = name;
        CAPTURE(city);
        const Outline& c = get(name);
        CHECK(c.level == Level::City);
        REQUIRE(c.adcode.has_value());
        CHECK(*c.adcode / 10000 == 33);
        // Each city lies within the province's box, give or take simplification;
        // except to the east, where the province (simplified for national zoom
        // levels) drops the outermost islets that Zhoushan's outline keeps.
        CHECK(c.min_lat >= zj.min_lat - 0.05);
        CHECK(c.max_lat <= zj.max_lat + 0.05);
        CHECK(c.min_lon >= zj.min_lon - 0.05);
        CHECK(c.max_lon <= 123.3);
    }
}

TEST_CASE("bounding boxes are where the places are") {
    // Zhejiang spans about 27.0-31.2 N and 118.0-123 E (islands included).
    const Outline& zj = get("浙江省");
    CHECK(zj.min_lat == doctest::Approx(27.0).epsilon(0.01));
    CHECK(zj.max_lat == doctest::Approx(31.18).epsilon(0.01));
    CHECK(zj.min_lon == doctest::Approx(118.02).epsilon(0.005));
    CHECK(zj.max_lon > 122.5);
    CHECK(zj.max_lon < 123.3);
    // All of China's provinces within 3-54 N, 73-136 E.
    for (const auto& o : real_outlines()) {
        CAPTURE(o.name);
        CHECK(o.min_lat >= 3);
        CHECK(o.max_lat <= 54);
        CHECK(o.min_lon >= 73);
        CHECK(o.max_lon <= 136);
        CHECK(o.min_lat < o.max_lat);
        CHECK(o.min_lon < o.max_lon);
        CHECK(!o.rings.empty());
    }
}

TEST_CASE("point in polygon on the real outlines") {
    const geo::LatLon west_lake{30.27, 120.16};  // central Hangzhou
    CHECK(contains(get("杭州市"), west_lake));
    CHECK(contains(get("浙江省"), west_lake));
    CHECK_FALSE(contains(get("宁波市"), west_lake));
    CHECK_FALSE(contains(get("江苏省"), west_lake));

    CHECK(contains(get("宁波市"), {29.87, 121.55}));       // Ningbo
    CHECK(contains(get("舟山市"), {30.02, 122.10}));       // Zhoushan island
    CHECK(contains(get("温州市"), {28.00, 120.67}));       // Wenzhou
    CHECK(contains(get("上海市"), {31.23, 121.47}));       // the Bund
    CHECK_FALSE(contains(get("浙江省"), {31.23, 121.47}));
    CHECK_FALSE(contains(get("浙江省"), {29.5, 124.5}));   // East China Sea
    CHECK(contains(get("北京市"), {39.9042, 116.4074}));   // Tiananmen

    // Every point lies in exactly one of the 11 cities when inland.
    int hits = 0;
    for (const auto& o : real_outlines())
        if (o.level == Level::City && contains(o, {29.08, 119.65})) ++hits;  // Jinhua
    CHECK(hits == 1);
}

TEST_CASE("contains honours holes and the bounding box") {
    const auto all = parse_text(feature(kSquareWithHole));
    REQUIRE(all.size() == 1);
    const Outline& o = all[0];
    CHECK(o.rings.size() == 2);
    CHECK(o.min_lat == 30);
    CHECK(o.max_lon == 121);
    CHECK(contains(o, {30.2, 120.2}));
    CHECK_FALSE(contains(o, {30.5, 120.5}));  // in the hole
    CHECK_FALSE(contains(o, {31.5, 120.5}));  // outside the box
    CHECK(overlaps(o, 30.9, 120.9, 32, 122));
    CHECK_FALSE(overlaps(o, 31.1, 120, 32, 121));
    CHECK_FALSE(o.adcode.has_value());
}

TEST_CASE("project_rings thins points closer than a pixel and keeps rings closed") {
    const Outline& hz = get("杭州市");
    std::size_t source = 0;
    for (const auto& r : hz.rings) source += r.size();

    for (double zoom : {5.0, 8.0, 12.0}) {
        CAPTURE(zoom);
        const auto rings = project_rings(hz, zoom);
        REQUIRE(!rings.empty());
        std::size_t kept = 0;
        for (const auto& r : rings) {
            kept += r.size();
            REQUIRE(r.size() >= 4);
            CHECK(r.front().x == doctest::Approx(r.back().x));
            CHECK(r.front().y == doctest::Approx(r.back().y));
            for (std::size_t i = 1; i + 1 < r.size(); ++i)
                CHECK(std::hypot(r[i].x - r[i - 1].x, r[i].y - r[i - 1].y) >= 1.0);
        }
        CHECK(kept <= source);
        if (zoom == 5.0) CHECK(kept < source / 4);   // ~40 px across: few points
        if (zoom == 12.0) CHECK(kept > source * 9 / 10);
    }
    // Same projection as the markers use.
    const auto p = geo::project(hz.rings[0][0], 8);
    CHECK(project_rings(hz, 8)[0][0].x == doctest::Approx(p.x));

    // A ring smaller than a pixel disappears.
    const auto tiny = parse_text(feature(
        R"({"type":"Polygon","coordinates":[[[120,30],[120.0001,30],[120.0001,30.0001],[120,30]]]})"));
    CHECK(project_rings(tiny[0], 3).empty());
    CHECK(project_rings(tiny[0], 22).size() == 1);
}

TEST_CASE("malformed outlines give errors naming the feature and the problem") {
    CHECK(error_of("{") .find("not valid JSON") != std::string::npos);
    CHECK(error_of("[]") == "outlines: not a JSON object");
    CHECK(error_of(R"({"type":"Feature"})") == "outlines: \"type\" is not \"FeatureCollection\"");
    CHECK(error_of(R"({"type":"FeatureCollection"})") == "outlines: \"features\" missing or not an array");
    CHECK(error_of(R"({"type":"FeatureCollection","features":[1]})") == "outlines: feature 0: not an object");

    CHECK(error_of(feature(kSquareWithHole, R"("level":"city")")) ==
          "outlines: feature 0: properties.name missing or not a non-empty string");
    CHECK(error_of(feature(kSquareWithHole, R"("name":"杭州市","level":"county")")) ==
          "outlines: feature 0 (\"杭州市\"): properties.level is \"county\"; expected \"province\" or \"city\"");
    CHECK(error_of(feature(kSquareWithHole, R"("name":"杭州市","level":"city","adcode":"330100")")) ==
          "outlines: feature 0 (\"杭州市\"): properties.adcode is not an integer");
    CHECK(error_of(feature(R"({"type":"Point","coordinates":[120,30]})")) ==
          "outlines: feature 0 (\"测试\"): geometry.type is \"Point\"; expected Polygon or MultiPolygon");
    CHECK(error_of(feature(R"({"type":"Polygon","coordinates":[[[120,30],[121,30],[120,30]]]})")) ==
          "outlines: feature 0 (\"测试\"): polygon 0, ring 0: has 3 positions; a ring needs at least 4");
    CHECK(error_of(feature(R"({"type":"Polygon","coordinates":[[[120,30],[121,30],[121,31],[120,31]]]})")) ==
          "outlines: feature 0 (\"测试\"): polygon 0, ring 0: not closed (first and last positions differ)");
    CHECK(error_of(feature(R"({"type":"Polygon","coordinates":[]})")) ==
          "outlines: feature 0 (\"测试\"): polygon 0: has no rings");
    CHECK(error_of(feature(R"({"type":"MultiPolygon","coordinates":[]})")) ==
          "outlines: feature 0 (\"测试\"): MultiPolygon has no polygons");
    CHECK(error_of(feature(R"({"type":"Polygon","coordinates":[[[120,30],["x",30],[121,31],[120,30]]]})")) ==
          "outlines: feature 0 (\"测试\"): polygon 0, ring 0, position 1: not a [lon, lat] pair of numbers");
    // Latitude and longitude swapped is the classic mistake: caught by range.
    const std::string swapped = error_of(feature(
        R"({"type":"MultiPolygon","coordinates":[[[[120,30],[121,30],[121,31],[120,30]]],)"
        R"([[[30,120],[30,121],[31,121],[30,120]]]]})"));
    CHECK(swapped.rfind("outlines: feature 0 (\"测试\"): polygon 1, ring 0, position 0: ", 0) == 0);
    CHECK(swapped.find("lat") != std::string::npos);

    // The index counts from 0 across the collection.
    const std::string second = error_of(
        R"({"type":"FeatureCollection","features":[)"
        R"({"type":"Feature","properties":{"name":"a","level":"city"},"geometry":)" + kSquareWithHole + "},"
        R"({"type":"Feature","properties":{"name":"b","level":"city"}}]})");
    CHECK(second == "outlines: feature 1 (\"b\"): \"geometry\" missing or not an object");

    CHECK_THROWS_WITH_AS(read_file("/nonexistent/outlines.geojson"),
                         "outlines: cannot open /nonexistent/outlines.geojson", ValidationError);
}
