#pragma once
// Marker clustering for the map of study-tour bases: a hierarchy of greedy
// radius clusters, one level per integer zoom, built once and queried per
// viewport. The algorithm is the one popularised by the npm `supercluster`
// package (written here from its description, not from its source):
//
//   level max_zoom+1 holds the input points; for z = max_zoom down to
//   min_zoom, level z is made by visiting the items of level z+1 in order and
//   merging each not-yet-merged item with every not-yet-merged item within
//   `radius_px` Web Mercator world pixels at zoom z (tile size 256, the
//   convention of zx/geo.hpp and Leaflet). A merged cluster sits at the
//   count-weighted centroid (in projected coordinates) of what it absorbed.
//
// Contracts every caller may rely on:
//  - Deterministic: the same input and options give bit-identical results on
//    every platform we build for (native x86-64 and wasm32), because the
//    projection uses only IEEE-exact operations (see cluster.cpp) and nothing
//    iterates over an unordered container.
//  - Conservation: at every zoom each input point belongs to exactly one item,
//    so the counts of a whole-world query sum to size().
//  - At zoom > max_zoom every item is a single point.
//  - Ids are stable for one build: a cluster keeps its id at every zoom at which
//    it exists unchanged; a point's id is its position in the built span.
//  - Input points are quantised to float32 in projected [0, 1] space (at most
//    1/4 px at zoom 16, about 1 m), and the spatial index compares float32
//    copies of every position against the exact (double) seed or viewport, as
//    supercluster 8 does. This is far below a marker's size, and it makes the
//    two implementations take the very same decisions, which the tests check.
//    Points themselves are reported at their original lat/lon; centroids are
//    averaged in double.
//  - Known limit, shared with supercluster: the world is not wrapped, so points
//    just east and just west of the antimeridian never merge into one cluster.
//    (No study-tour base is near it; queries across it do work.)
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace zx::cluster {

struct Options {
    int min_zoom = 0;        // coarsest level built; queries below it use it
    int max_zoom = 16;       // finest level with clusters; 0 <= min <= max <= 30
    double radius_px = 60;   // merge radius in world pixels of the level's zoom
    uint32_t min_points = 2; // a cluster needs at least this many points (>= 2)
};

struct Item {
    double lat = 0;      // WGS84 degrees, -90..90 (clamped to Web Mercator's square)
    double lon = 0;      // WGS84 degrees, -180..180
    uint32_t index = 0;  // the caller's own id, returned in Cluster::index and leaves()
};

inline constexpr uint32_t kNoIndex = std::numeric_limits<uint32_t>::max();

struct Cluster {
    double lat = 0;           // original position for a point, centroid for a cluster
    double lon = 0;
    uint32_t id = 0;          // for expansion_zoom(), leaves(), children()
    uint32_t count = 1;       // number of input points represented (1 for a point)
    bool is_point = true;
    uint32_t index = kNoIndex;  // Item::index of a point; kNoIndex for a cluster
    int expansion_zoom = -1;    // zoom at which a cluster splits; -1 for a point
};

class Index {
public:
    // Replaces any previous content. Throws std::invalid_argument for invalid
    // options or a non-finite / out-of-range position (naming the item), and
    // std::length_error beyond kMaxPoints.
    void build(std::span<const Item> items, const Options& options = {});

    // Every item of the level for `zoom` (clamped to min_zoom..max_zoom+1)
    // whose position lies in the box, edges included, sorted by id. A box with
    // west > east crosses the antimeridian; east - west >= 360 is the whole
    // world; latitudes are clamped to -90..90. Throws std::invalid_argument for
    // NaN bounds.
    std::vector<Cluster> query(double west, double south, double east, double north, int zoom) const;

    // The smallest zoom at which the cluster is shown as two or more items,
    // i.e. where a map should zoom to when the cluster is clicked; always
    // <= max_zoom + 1. -1 for a point id. Throws std::out_of_range for an id
    // this index never returned.
    int expansion_zoom(uint32_t id) const;
    // Item::index of every input point inside the cluster (or the point
    // itself), ascending. Throws std::out_of_range like expansion_zoom().
    std::vector<uint32_t> leaves(uint32_t id) const;
    // The items the cluster splits into at expansion_zoom(id), sorted by id;
    // empty for a point.
    std::vector<Cluster> children(uint32_t id) const;

    size_t size() const { return points_.size(); }
    const Options& options() const { return options_; }

    // Ids pack (position << 5 | zoom) above the point ids into 32 bits.
    static constexpr size_t kMaxPoints = (std::numeric_limits<uint32_t>::max() - 31) / 33;

    // A static 2-d tree over one level (public only so cluster.cpp's helpers
    // can name it; not part of the API).
    struct KdTree {
        std::vector<uint32_t> ids;  // level positions in tree order
        std::vector<float> xy;      // their coordinates as float32, interleaved, tree order
    };

private:
    struct Level {
        int zoom = 0;
        std::vector<double> x, y;       // projected, 0..1, y growing south
        std::vector<uint32_t> count;    // points represented
        std::vector<uint32_t> id;       // Cluster::id
        // Items of level zoom+1 each item was made of: child[child_begin[i] ..
        // child_begin[i+1]). Empty on the finest level (the points).
        std::vector<uint32_t> child_begin, child;
        KdTree tree;
    };

    const Level& level_for_zoom(int zoom) const;
    // (level, position) of an id, from its encoding; throws std::out_of_range.
    std::pair<const Level*, uint32_t> locate(uint32_t id) const;
    Cluster item(const Level& level, uint32_t pos) const;

    Options options_;
    std::vector<Item> points_;
    std::vector<Level> levels_;  // levels_[z - min_zoom], z = min_zoom .. max_zoom + 1
};

}  // namespace zx::cluster
