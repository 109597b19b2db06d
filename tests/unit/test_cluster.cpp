#include "zx/geo/cluster.hpp"
#include "zx/geo/geo.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <vector>

using namespace zx::cluster;

namespace {

// splitmix64: the same points on every run and every standard library.
struct Rng {
    uint64_t s;
    uint64_t next() {
        uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double range(double lo, double hi) { return lo + (hi - lo) * uniform(); }
};

// Mostly around a few Zhejiang cities (dense), some spread over the province
// and over China: the shape of the bases map.
std::vector<Item> study_points(size_t n, uint64_t seed) {
    const double cities[][2] = {{30.27, 120.15}, {29.87, 121.55}, {28.0, 120.7}, {30.0, 120.58}, {29.08, 119.65}};
    Rng rng{seed};
    std::vector<Item> out;
    for (size_t i = 0; i < n; ++i) {
        const double k = rng.uniform();
        Item p;
        if (k < 0.6) {
            const auto& c = cities[rng.next() % 5];
            p.lat = c[0] + rng.range(-0.15, 0.15) * rng.uniform();
            p.lon = c[1] + rng.range(-0.15, 0.15) * rng.uniform();
        } else if (k < 0.9) {
            p.lat = rng.range(27, 31.2);
            p.lon = rng.range(118, 123);
        } else {
            p.lat = rng.range(18, 50);
            p.lon = rng.range(75, 134);
        }
        p.index = static_cast<uint32_t>(i);
        out.push_back(p);
    }
    return out;
}

std::vector<Cluster> world(const Index& idx, int zoom) { return idx.query(-180, -90, 180, 90, zoom); }

uint64_t total(const std::vector<Cluster>& items) {
    uint64_t t = 0;
    for (const auto& c : items) t += c.count;
    return t;
}

bool same(const Cluster& a, const Cluster& b) {
    // Bitwise, not ==: determinism means the very same doubles.
    return std::memcmp(&a.lat, &b.lat, sizeof(double)) == 0 && std::memcmp(&a.lon, &b.lon, sizeof(double)) == 0 &&
           a.id == b.id && a.count == b.count && a.is_point == b.is_point && a.index == b.index &&
           a.expansion_zoom == b.expansion_zoom;
}

// Distance in world pixels at zoom z, through geo::project (independent of
// cluster.cpp's projection).
double px_distance(double lat1, double lon1, double lat2, double lon2, int z) {
    const auto a = zx::geo::project({lat1, lon1}, z);
    const auto b = zx::geo::project({lat2, lon2}, z);
    return std::hypot(a.x - b.x, a.y - b.y);
}

}  // namespace

TEST_CASE("cluster: an empty index returns nothing and knows no ids") {
    Index idx;
    CHECK(idx.query(-180, -90, 180, 90, 5).empty());  // never built
    idx.build({});
    CHECK(idx.size() == 0);
    for (int z = -1; z <= 18; ++z) CHECK(world(idx, z).empty());
    CHECK_THROWS_AS(idx.expansion_zoom(0), std::out_of_range);
    CHECK_THROWS_AS(idx.leaves(33), std::out_of_range);
}

TEST_CASE("cluster: one point is itself at every zoom") {
    Index idx;
    const std::vector<Item> one{{30.274, 120.155, 42}};
    idx.build(one);
    for (int z = 0; z <= 20; ++z) {
        const auto got = world(idx, z);
        REQUIRE(got.size() == 1);
        CHECK(got[0].is_point);
        CHECK(got[0].count == 1);
        CHECK(got[0].index == 42);
        CHECK(got[0].lat == 30.274);
        CHECK(got[0].lon == 120.155);
        CHECK(got[0].expansion_zoom == -1);
    }
    CHECK(idx.leaves(0) == std::vector<uint32_t>{42});
    CHECK(idx.expansion_zoom(0) == -1);
    CHECK(idx.children(0).empty());
}

TEST_CASE("cluster: duplicates stay one cluster down to max_zoom and split after it") {
    std::vector<Item> dup;
    for (uint32_t i = 0; i < 10; ++i) dup.push_back({29.87, 121.55, 100 + i});
    Index idx;
    idx.build(dup, {.min_zoom = 0, .max_zoom = 16});
    for (int z = 0; z <= 16; ++z) {
        const auto got = world(idx, z);
        REQUIRE(got.size() == 1);
        CHECK_FALSE(got[0].is_point);
        CHECK(got[0].count == 10);
        CHECK(got[0].index == kNoIndex);
        // Off by the float32 quantisation only (cluster.hpp): under 2e-5 degrees.
        CHECK(std::abs(got[0].lat - 29.87) < 2e-5);
        CHECK(std::abs(got[0].lon - 121.55) < 2e-5);
        CHECK(got[0].expansion_zoom == 17);
        CHECK(got[0].id == world(idx, 0)[0].id);  // one cluster, one id, every zoom
    }
    const auto id = world(idx, 3)[0].id;
    std::vector<uint32_t> expect;
    for (uint32_t i = 0; i < 10; ++i) expect.push_back(100 + i);
    CHECK(idx.leaves(id) == expect);
    CHECK(world(idx, 17).size() == 10);
    CHECK(idx.children(id).size() == 10);
}

TEST_CASE("cluster: counts are conserved and each point is in exactly one item at every zoom") {
    const auto pts = study_points(3000, 7);
    Index idx;
    const Options opt{.min_zoom = 2, .max_zoom = 15, .radius_px = 60};
    idx.build(pts, opt);
    REQUIRE(idx.size() == pts.size());
    for (int z = 0; z <= 18; ++z) {
        const auto items = world(idx, z);
        CHECK(total(items) == pts.size());
        std::vector<int> seen(pts.size(), 0);
        std::set<uint32_t> ids;
        for (const auto& c : items) {
            CHECK(ids.insert(c.id).second);
            const auto members = idx.leaves(c.id);
            CHECK(members.size() == c.count);
            for (auto m : members) ++seen[m];
            CHECK(c.is_point == (c.count == 1));
            if (c.is_point) CHECK(members == std::vector<uint32_t>{c.index});
        }
        CHECK(std::all_of(seen.begin(), seen.end(), [](int s) { return s == 1; }));
        if (z > opt.max_zoom) {
            CHECK(items.size() == pts.size());
            CHECK(std::all_of(items.begin(), items.end(), [](const Cluster& c) { return c.is_point; }));
        }
        if (z < opt.min_zoom) CHECK(items.size() == world(idx, opt.min_zoom).size());
    }
    // Clustering does something: the national view has far fewer items.
    CHECK(world(idx, 4).size() < 100);
}

TEST_CASE("cluster: expansion_zoom is where the cluster breaks apart") {
    const auto pts = study_points(3000, 11);
    Index idx;
    idx.build(pts, {.min_zoom = 0, .max_zoom = 16, .radius_px = 60});
    int checked = 0;
    for (int z : {3, 6, 9, 12, 15, 16}) {
        for (const auto& c : world(idx, z)) {
            if (c.is_point) continue;
            const int ez = idx.expansion_zoom(c.id);
            CHECK(ez == c.expansion_zoom);
            CHECK(ez > z);
            CHECK(ez <= 17);
            // Unchanged, under the same id, from z up to ez - 1...
            for (int zz = z; zz < ez; ++zz) {
                const auto at = world(idx, zz);
                const bool present = std::any_of(at.begin(), at.end(), [&](const Cluster& o) { return o.id == c.id; });
                CHECK(present);
            }
            // ...and at ez its leaves are spread over two or more items.
            const auto leaves = idx.leaves(c.id);
            const std::set<uint32_t> mine(leaves.begin(), leaves.end());
            size_t holders = 0;
            uint64_t held = 0;
            for (const auto& o : world(idx, ez)) {
                const auto l = idx.leaves(o.id);
                const auto in = std::count_if(l.begin(), l.end(), [&](uint32_t v) { return mine.count(v) > 0; });
                if (in == 0) continue;
                CHECK(static_cast<size_t>(in) == l.size());  // splits, never mixes with others
                ++holders;
                held += static_cast<uint64_t>(in);
            }
            CHECK(holders >= 2);
            CHECK(held == c.count);
            // children() lists exactly those items.
            const auto kids = idx.children(c.id);
            CHECK(kids.size() == holders);
            std::vector<uint32_t> union_leaves;
            for (const auto& k : kids)
                for (auto v : idx.leaves(k.id)) union_leaves.push_back(v);
            std::sort(union_leaves.begin(), union_leaves.end());
            CHECK(union_leaves == leaves);
            if (++checked > 400) return;
        }
    }
    CHECK(checked > 20);
}

TEST_CASE("cluster: what greedy clustering guarantees about the radius") {
    // Greedy clustering does not keep output items apart by the radius (a new
    // cluster's centroid can land near a neighbour). What it does guarantee at
    // zoom z, with min_points 2:
    //  - two items carried over unchanged from zoom z+1 are more than r apart
    //    (whichever was visited first would have absorbed the other);
    //  - every child of a cluster made at z was within r of its seed, and the
    //    centroid is within r of the seed too, so children are within 2r of it.
    const auto pts = study_points(1500, 3);
    const double r = 40;
    Index idx;
    idx.build(pts, {.min_zoom = 0, .max_zoom = 14, .radius_px = r});
    // Tolerance for the float32 quantisation of point positions (cluster.hpp):
    // half an ulp of 0..1 coordinates is 2^-25 of the world, 1/8 px at zoom 14.
    const double tol = 0.5;
    for (int z = 0; z <= 14; ++z) {
        const auto coarse = world(idx, z);
        std::set<uint32_t> finer_ids;
        for (const auto& c : world(idx, z + 1)) finer_ids.insert(c.id);
        std::vector<Cluster> carried;
        for (const auto& c : coarse) {
            if (finer_ids.count(c.id)) {
                carried.push_back(c);
                continue;
            }
            CHECK(idx.expansion_zoom(c.id) == z + 1);  // made at this zoom
            for (const auto& k : idx.children(c.id))
                CHECK(px_distance(c.lat, c.lon, k.lat, k.lon, z) <= 2 * r + 0.5);
        }
        for (size_t i = 0; i < carried.size(); ++i)
            for (size_t j = i + 1; j < carried.size(); ++j)
                CHECK(px_distance(carried[i].lat, carried[i].lon, carried[j].lat, carried[j].lon, z) > r - tol - 1e-6);
    }
}

TEST_CASE("cluster: min_points keeps small groups apart") {
    const std::vector<Item> two{{30.0, 120.0, 0}, {30.0001, 120.0001, 1}};
    const std::vector<Item> three{{30.0, 120.0, 0}, {30.0001, 120.0001, 1}, {30.0002, 120.0, 2}};
    Index idx;
    idx.build(two, {.min_points = 3});
    CHECK(world(idx, 5).size() == 2);
    idx.build(three, {.min_points = 3});
    REQUIRE(world(idx, 5).size() == 1);
    CHECK(world(idx, 5)[0].count == 3);
}

TEST_CASE("cluster: viewports, the antimeridian and the whole world") {
    const std::vector<Item> pts{{0, 179.9, 0}, {0, -179.9, 1}, {0, 0, 2}, {10, 180, 3}, {-10, -180, 4}};
    Index idx;
    idx.build(pts, {.max_zoom = 16});
    auto indices = [](const std::vector<Cluster>& cs) {
        std::set<uint32_t> s;
        for (const auto& c : cs) s.insert(c.index);
        return s;
    };
    const int z = 17;  // points only
    CHECK(indices(idx.query(170, -20, -170, 20, z)) == std::set<uint32_t>{0, 1, 3, 4});
    CHECK(indices(idx.query(-190, -20, -170, 20, z)) == std::set<uint32_t>{0, 1, 3, 4});  // same box, unwrapped
    CHECK(indices(idx.query(-10, -20, 10, 20, z)) == std::set<uint32_t>{2});
    CHECK(indices(idx.query(170, -20, 180, 20, z)) == std::set<uint32_t>{0, 3});
    CHECK(idx.query(-180, -90, 180, 90, z).size() == 5);
    CHECK(idx.query(0, -90, 360, 90, z).size() == 5);      // 360 wide
    CHECK(idx.query(-500, -95, 500, 95, z).size() == 5);   // more than the world
    CHECK(idx.query(10, -20, 20, 20, z).empty());
    CHECK_THROWS_AS(idx.query(std::nan(""), 0, 1, 1, z), std::invalid_argument);

    // Every item returned for a city view lies in it.
    const auto many = study_points(5000, 5);
    idx.build(many);
    const double w = 120.0, s = 30.1, e = 120.3, n = 30.4;
    for (int zz = 8; zz <= 17; ++zz)
        for (const auto& c : idx.query(w, s, e, n, zz)) {
            CHECK(c.lon >= w - 1e-6);
            CHECK(c.lon <= e + 1e-6);
            CHECK(c.lat >= s - 1e-6);
            CHECK(c.lat <= n + 1e-6);
        }
}

TEST_CASE("cluster: poles are clamped to the Web Mercator square") {
    const std::vector<Item> pts{{90, 10, 0}, {89, 10, 1}, {85.06, 10, 2}, {-90, 10, 3}, {-88, 10, 4}, {0, 10, 5}};
    Index idx;
    idx.build(pts, {.max_zoom = 16});
    // The three northern points share y = 0 and x, so they cluster at every zoom.
    for (int z = 0; z <= 16; ++z) {
        const auto items = world(idx, z);
        CHECK(total(items) == 6);
        CHECK(items.size() == 3);
    }
    const auto pts17 = world(idx, 17);
    REQUIRE(pts17.size() == 6);
    CHECK(pts17[0].lat == 90);  // points keep their own coordinates
    const auto north = world(idx, 0);
    for (const auto& c : north)
        if (c.count == 3) CHECK(std::abs(c.lat - zx::geo::kMaxMercatorLat) < 1e-9);
}

TEST_CASE("cluster: invalid input is refused") {
    Index idx;
    const std::vector<Item> bad{{std::numeric_limits<double>::quiet_NaN(), 0, 0}};
    CHECK_THROWS_AS(idx.build(bad), std::invalid_argument);
    const std::vector<Item> off{{10, 181, 0}};
    CHECK_THROWS_AS(idx.build(off), std::invalid_argument);
    CHECK_THROWS_AS(idx.build({}, {.min_zoom = 5, .max_zoom = 4}), std::invalid_argument);
    CHECK_THROWS_AS(idx.build({}, {.max_zoom = 31}), std::invalid_argument);
    CHECK_THROWS_AS(idx.build({}, {.radius_px = 0}), std::invalid_argument);
    CHECK_THROWS_AS(idx.build({}, {.min_points = 1}), std::invalid_argument);
}

TEST_CASE("cluster: 20,000 points build to bit-identical results twice") {
    const auto pts = study_points(20000, 20261124);
    Index a;
    Index b;
    a.build(pts);
    auto copy = pts;
    b.build(copy);
    size_t compared = 0;
    for (int z = 0; z <= 17; ++z) {
        const auto ra = world(a, z);
        const auto rb = world(b, z);
        REQUIRE(ra.size() == rb.size());
        for (size_t i = 0; i < ra.size(); ++i) {
            if (!same(ra[i], rb[i])) FAIL("item " << i << " at zoom " << z << " differs");
            ++compared;
        }
        CHECK(std::is_sorted(ra.begin(), ra.end(), [](const Cluster& x, const Cluster& y) { return x.id < y.id; }));
    }
    CHECK(compared > 20000);
    for (const auto& c : world(a, 6))
        if (!c.is_point) CHECK(a.leaves(c.id) == b.leaves(c.id));
}
