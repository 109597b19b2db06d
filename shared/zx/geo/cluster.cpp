#include "zx/geo/cluster.hpp"

#include "zx/geo/geo.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace zx::cluster {

namespace {

// ---- Bit-reproducible projection ----------------------------------------------
// std::sin, std::log, std::exp and std::atan are not required to be correctly
// rounded, and glibc (native) and musl (Emscripten) differ in the last bit for
// some arguments. One flipped bit can move a point across a cluster radius, so
// the projection is computed here from + - * / sqrt frexp ldexp floor only, all
// of which IEEE 754 defines exactly. Accuracy is within a few ulp, far below
// the float32 quantisation applied to the points. Nothing here may be built
// with -ffast-math; FMA contraction cannot occur (GCC in ISO C++ mode defaults
// to -ffp-contract=off, and wasm32 has no fused multiply-add).
#ifdef __clang__
#pragma clang fp contract(off)
#endif

constexpr double kPi = 3.141592653589793;  // the double nearest pi, as JS Math.PI
constexpr double kLn2Hi = 0x1.62e42feep-1;  // ln 2 split so that k * kLn2Hi is exact
constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;
constexpr double kInvLn2 = 0x1.71547652b82fep0;
constexpr double kSqrtHalf = 0x1.6a09e667f3bcdp-1;

// Taylor coefficients, folded by the compiler from exact integers with one
// IEEE division each, identically by GCC and Clang.
struct Coefficients {
    double sin[13];   // (-1)^k / (2k+1)!
    double exp[15];   // 1 / n!
    double odd[16];   // 1 / (2k+1)
};
constexpr Coefficients make_coefficients() {
    Coefficients c{};
    double f = 1;
    for (int n = 0; n < 15; ++n) {
        if (n > 0) f *= n;
        c.exp[n] = 1.0 / f;
    }
    f = 1;
    for (int k = 0; k < 13; ++k) {
        if (k > 0) f *= static_cast<double>((2 * k) * (2 * k + 1));
        c.sin[k] = (k % 2 ? -1.0 : 1.0) / f;
    }
    for (int k = 0; k < 16; ++k) c.odd[k] = 1.0 / (2 * k + 1);
    return c;
}
constexpr Coefficients kC = make_coefficients();

// |x| <= pi/2 (the projection only needs |latitude| <= 85.06 degrees).
double det_sin(double x) {
    const double x2 = x * x;
    double p = kC.sin[12];
    for (int k = 11; k >= 1; --k) p = p * x2 + kC.sin[k];
    return x + x * x2 * p;
}

// v > 0 and finite.
double det_log(double v) {
    int e = 0;
    double m = std::frexp(v, &e);
    if (m < kSqrtHalf) {
        m *= 2;
        --e;
    }
    // log m = 2 atanh t, |t| <= 0.172, so 16 odd terms reach below 1e-25.
    const double t = (m - 1) / (m + 1);
    const double t2 = t * t;
    double p = kC.odd[15];
    for (int k = 14; k >= 0; --k) p = p * t2 + kC.odd[k];
    const double log_m = 2 * t * p;
    return e * kLn2Hi + (e * kLn2Lo + log_m);
}

// |x| <= 8 (the projection needs |x| <= pi).
double det_exp(double x) {
    const double k = std::floor(x * kInvLn2 + 0.5);
    const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= 0.35
    double p = kC.exp[14];
    for (int n = 13; n >= 0; --n) p = p * r + kC.exp[n];
    return std::ldexp(p, static_cast<int>(k));
}

// x >= 0 and finite.
double det_atan(double x) {
    const bool inverted = x > 1;
    double a = inverted ? 1 / x : x;
    // atan a = 2 atan(a / (1 + sqrt(1 + a^2))), twice: a <= tan(pi/16) = 0.199.
    for (int i = 0; i < 2; ++i) a = a / (1 + std::sqrt(1 + a * a));
    const double a2 = a * a;
    double p = (kC.odd[13]);
    for (int k = 12; k >= 0; --k) p = p * -a2 + kC.odd[k];
    // The loop alternates signs through -a2: p = sum (-a2)^k / (2k+1).
    const double r = 4 * (a * p);
    return inverted ? kPi / 2 - r : r;
}

// Projected coordinates in 0..1, as supercluster's lngX / latY, so both
// implementations see the same numbers.
double lon_x(double lon) { return lon / 360 + 0.5; }
double lat_y(double lat) {
    // The square's edges exactly, so a query to +-90 always includes the poles.
    if (lat >= geo::kMaxMercatorLat) return 0;
    if (lat <= -geo::kMaxMercatorLat) return 1;
    const double s = det_sin(lat * kPi / 180);
    const double y = 0.5 - 0.25 * det_log((1 + s) / (1 - s)) / kPi;
    return std::clamp(y, 0.0, 1.0);
}
double x_lon(double x) { return (x - 0.5) * 360; }
double y_lat(double y) {
    const double y2 = (180 - y * 360) * kPi / 180;
    return 360 * det_atan(det_exp(y2)) / kPi - 90;
}

// ---- Static 2-d tree ------------------------------------------------------------
// Leaves of up to kNodeSize items are scanned linearly; inner splits alternate
// x and y at the median. Coordinates are stored as float32 (see cluster.hpp),
// while searches are centred on the exact double positions. Our own selection routine (not std::nth_element) keeps
// the layout identical under libstdc++ and libc++; callers still must not
// depend on the order in which matches are reported.
constexpr int32_t kNodeSize = 64;

void swap_items(Index::KdTree& t, int32_t i, int32_t j) {
    std::swap(t.ids[static_cast<size_t>(i)], t.ids[static_cast<size_t>(j)]);
    std::swap(t.xy[2 * static_cast<size_t>(i)], t.xy[2 * static_cast<size_t>(j)]);
    std::swap(t.xy[2 * static_cast<size_t>(i) + 1], t.xy[2 * static_cast<size_t>(j) + 1]);
}

// Moves the k-th smallest (on axis) of [left, right] to k, with nothing greater
// before it and nothing smaller after it (Hoare/Wirth selection, median-of-three
// pivot so sorted and clustered inputs stay O(n)).
void select(Index::KdTree& t, int32_t k, int32_t left, int32_t right, int axis) {
    auto c = [&](int32_t i) { return t.xy[2 * static_cast<size_t>(i) + static_cast<size_t>(axis)]; };
    while (left < right) {
        if (c(k) < c(left)) swap_items(t, k, left);
        if (c(right) < c(left)) swap_items(t, right, left);
        if (c(right) < c(k)) swap_items(t, right, k);
        const float pivot = c(k);
        int32_t i = left;
        int32_t j = right;
        while (i <= j) {
            while (c(i) < pivot) ++i;
            while (pivot < c(j)) --j;
            if (i <= j) {
                swap_items(t, i, j);
                ++i;
                --j;
            }
        }
        if (j < k) left = i;
        if (k < i) right = j;
    }
}

void build_tree(Index::KdTree& t, const std::vector<double>& x, const std::vector<double>& y) {
    const auto n = static_cast<int32_t>(x.size());
    t.ids.resize(x.size());
    t.xy.resize(2 * x.size());
    for (int32_t i = 0; i < n; ++i) {
        t.ids[static_cast<size_t>(i)] = static_cast<uint32_t>(i);
        t.xy[2 * static_cast<size_t>(i)] = static_cast<float>(x[static_cast<size_t>(i)]);
        t.xy[2 * static_cast<size_t>(i) + 1] = static_cast<float>(y[static_cast<size_t>(i)]);
    }
    struct Span { int32_t left, right; int axis; };
    std::vector<Span> stack{{0, n - 1, 0}};
    while (!stack.empty()) {
        const Span s = stack.back();
        stack.pop_back();
        if (s.right - s.left <= kNodeSize) continue;
        const int32_t m = s.left + (s.right - s.left) / 2;
        select(t, m, s.left, s.right, s.axis);
        stack.push_back({s.left, m - 1, 1 - s.axis});
        stack.push_back({m + 1, s.right, 1 - s.axis});
    }
}

// Calls emit(level position) for every item in the closed box.
template <class Emit>
void tree_range(const Index::KdTree& t, double min_x, double min_y, double max_x, double max_y, Emit&& emit) {
    struct Span { int32_t left, right; int axis; };
    Span stack[64];  // depth <= log2(2^31 / kNodeSize) * 2 sides, far below 64
    int top = 0;
    stack[top++] = {0, static_cast<int32_t>(t.ids.size()) - 1, 0};
    auto inside = [&](int32_t i) {
        const double x = t.xy[2 * static_cast<size_t>(i)];
        const double y = t.xy[2 * static_cast<size_t>(i) + 1];
        return x >= min_x && x <= max_x && y >= min_y && y <= max_y;
    };
    while (top > 0) {
        const Span s = stack[--top];
        if (s.right - s.left <= kNodeSize) {
            for (int32_t i = s.left; i <= s.right; ++i)
                if (inside(i)) emit(t.ids[static_cast<size_t>(i)]);
            continue;
        }
        const int32_t m = s.left + (s.right - s.left) / 2;
        if (inside(m)) emit(t.ids[static_cast<size_t>(m)]);
        const double v = t.xy[2 * static_cast<size_t>(m) + static_cast<size_t>(s.axis)];
        if ((s.axis == 0 ? min_x : min_y) <= v) stack[top++] = {s.left, m - 1, 1 - s.axis};
        if ((s.axis == 0 ? max_x : max_y) >= v) stack[top++] = {m + 1, s.right, 1 - s.axis};
    }
}

// Calls emit(level position) for every item with squared distance <= r^2.
template <class Emit>
void tree_within(const Index::KdTree& t, double qx, double qy, double r, Emit&& emit) {
    const double r2 = r * r;
    struct Span { int32_t left, right; int axis; };
    Span stack[64];
    int top = 0;
    stack[top++] = {0, static_cast<int32_t>(t.ids.size()) - 1, 0};
    auto near = [&](int32_t i) {
        const double dx = t.xy[2 * static_cast<size_t>(i)] - qx;
        const double dy = t.xy[2 * static_cast<size_t>(i) + 1] - qy;
        return dx * dx + dy * dy <= r2;
    };
    while (top > 0) {
        const Span s = stack[--top];
        if (s.right - s.left <= kNodeSize) {
            for (int32_t i = s.left; i <= s.right; ++i)
                if (near(i)) emit(t.ids[static_cast<size_t>(i)]);
            continue;
        }
        const int32_t m = s.left + (s.right - s.left) / 2;
        if (near(m)) emit(t.ids[static_cast<size_t>(m)]);
        const double v = t.xy[2 * static_cast<size_t>(m) + static_cast<size_t>(s.axis)];
        const double q = s.axis == 0 ? qx : qy;
        if (q - r <= v) stack[top++] = {s.left, m - 1, 1 - s.axis};
        if (q + r >= v) stack[top++] = {m + 1, s.right, 1 - s.axis};
    }
}

uint32_t encode_cluster_id(size_t n_points, uint32_t pos, int zoom) {
    return static_cast<uint32_t>(n_points) + ((pos << 5) | static_cast<uint32_t>(zoom));
}

}  // namespace

void Index::build(std::span<const Item> items, const Options& options) {
    if (options.min_zoom < 0 || options.max_zoom > 30 || options.min_zoom > options.max_zoom)
        throw std::invalid_argument("cluster zooms must satisfy 0 <= min_zoom <= max_zoom <= 30");
    if (!(options.radius_px > 0) || !std::isfinite(options.radius_px))
        throw std::invalid_argument("cluster radius must be a positive number of pixels");
    if (options.min_points < 2) throw std::invalid_argument("a cluster needs min_points >= 2");
    if (items.size() > kMaxPoints) throw std::length_error("too many points for one cluster index");

    options_ = options;
    points_.assign(items.begin(), items.end());
    levels_.clear();
    levels_.resize(static_cast<size_t>(options.max_zoom - options.min_zoom + 2));

    Level& finest = levels_.back();
    finest.zoom = options.max_zoom + 1;
    const size_t n = points_.size();
    finest.x.resize(n);
    finest.y.resize(n);
    finest.count.assign(n, 1);
    finest.id.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const Item& p = points_[i];
        if (auto problem = geo::validate(p.lat, p.lon))
            throw std::invalid_argument("cluster item " + std::to_string(i) + ": " + problem->message);
        // float32, as supercluster 8 stores its input points: see cluster.hpp.
        finest.x[i] = static_cast<float>(lon_x(p.lon));
        finest.y[i] = static_cast<float>(lat_y(p.lat));
        finest.id[i] = static_cast<uint32_t>(i);
    }
    build_tree(finest.tree, finest.x, finest.y);

    std::vector<uint8_t> taken;
    std::vector<uint32_t> near;
    for (int z = options.max_zoom; z >= options.min_zoom; --z) {
        const Level& fine = levels_[static_cast<size_t>(z + 1 - options.min_zoom)];
        Level& out = levels_[static_cast<size_t>(z - options.min_zoom)];
        out.zoom = z;
        // Same expression as supercluster (radius / (extent * 2^z)) so that the
        // two agree on items exactly at the radius.
        const double r = options.radius_px / std::ldexp(geo::kTileSize, z);
        const size_t m = fine.x.size();
        taken.assign(m, 0);
        out.child_begin.assign(1, 0);
        out.child.clear();
        out.child.reserve(m);

        auto keep = [&](uint32_t i) {
            out.x.push_back(fine.x[i]);
            out.y.push_back(fine.y[i]);
            out.count.push_back(fine.count[i]);
            out.id.push_back(fine.id[i]);
            out.child.push_back(i);
            out.child_begin.push_back(static_cast<uint32_t>(out.child.size()));
        };

        // Greedy: items are seeds in level order, so earlier items win ties.
        for (uint32_t i = 0; i < m; ++i) {
            if (taken[i]) continue;
            taken[i] = 1;
            near.clear();
            tree_within(fine.tree, fine.x[i], fine.y[i], r, [&](uint32_t j) {
                if (!taken[j]) near.push_back(j);
            });
            // Ascending order makes the centroid sums independent of the tree layout.
            std::sort(near.begin(), near.end());
            const uint32_t own = fine.count[i];
            uint32_t total = own;
            for (uint32_t j : near) total += fine.count[j];

            if (total > own && total >= options.min_points) {
                double wx = fine.x[i] * own;
                double wy = fine.y[i] * own;
                out.child.push_back(i);
                for (uint32_t j : near) {
                    taken[j] = 1;
                    wx += fine.x[j] * fine.count[j];
                    wy += fine.y[j] * fine.count[j];
                    out.child.push_back(j);
                }
                const auto pos = static_cast<uint32_t>(out.x.size());
                out.x.push_back(wx / total);
                out.y.push_back(wy / total);
                out.count.push_back(total);
                out.id.push_back(encode_cluster_id(n, pos, z));
                out.child_begin.push_back(static_cast<uint32_t>(out.child.size()));
            } else {
                keep(i);
                // Too few for min_points: the neighbours stay as they are at this
                // zoom rather than seeding clusters of their own (supercluster's
                // rule; it keeps a small group from being split unevenly).
                for (uint32_t j : near) {
                    taken[j] = 1;
                    keep(j);
                }
            }
        }
        build_tree(out.tree, out.x, out.y);
    }
}

const Index::Level& Index::level_for_zoom(int zoom) const {
    const int z = std::clamp(zoom, options_.min_zoom, options_.max_zoom + 1);
    return levels_.at(static_cast<size_t>(z - options_.min_zoom));
}

std::pair<const Index::Level*, uint32_t> Index::locate(uint32_t id) const {
    if (levels_.empty()) throw std::out_of_range("cluster index is not built");
    if (id < points_.size()) return {&levels_.back(), id};
    const uint32_t v = id - static_cast<uint32_t>(points_.size());
    const int z = static_cast<int>(v & 31u);
    const uint32_t pos = v >> 5;
    if (z >= options_.min_zoom && z <= options_.max_zoom) {
        const Level& level = levels_[static_cast<size_t>(z - options_.min_zoom)];
        if (pos < level.id.size() && level.id[pos] == id) return {&level, pos};
    }
    throw std::out_of_range("no cluster with id " + std::to_string(id));
}

Cluster Index::item(const Level& level, uint32_t pos) const {
    Cluster c;
    c.id = level.id[pos];
    c.count = level.count[pos];
    if (c.count == 1) {
        const Item& p = points_[c.id];
        c.lat = p.lat;
        c.lon = p.lon;
        c.is_point = true;
        c.index = p.index;
        c.expansion_zoom = -1;
    } else {
        c.lat = y_lat(level.y[pos]);
        c.lon = x_lon(level.x[pos]);
        c.is_point = false;
        c.index = kNoIndex;
        c.expansion_zoom = expansion_zoom(c.id);
    }
    return c;
}

std::vector<Cluster> Index::query(double west, double south, double east, double north, int zoom) const {
    if (std::isnan(west) || std::isnan(south) || std::isnan(east) || std::isnan(north))
        throw std::invalid_argument("cluster query box has a NaN bound");
    std::vector<Cluster> out;
    if (levels_.empty()) return out;
    const Level& level = level_for_zoom(zoom);
    // Longitudes wrap into -180..180 (as JS %, i.e. fmod); 180 itself stays the east edge.
    auto wrap = [](double lon) { return std::fmod(std::fmod(lon + 180, 360) + 360, 360) - 180; };
    double min_lon = wrap(west);
    double max_lon = east == 180 ? 180 : wrap(east);
    const double min_lat = std::clamp(south, -90.0, 90.0);
    const double max_lat = std::clamp(north, -90.0, 90.0);
    if (east - west >= 360) {
        min_lon = -180;
        max_lon = 180;
    }
    auto emit = [&](uint32_t pos) { out.push_back(item(level, pos)); };
    auto range = [&](double w, double e) {
        tree_range(level.tree, lon_x(w), lat_y(max_lat), lon_x(e), lat_y(min_lat), emit);
    };
    if (min_lon > max_lon) {  // across the antimeridian: two disjoint boxes
        range(min_lon, 180);
        range(-180, max_lon);
    } else {
        range(min_lon, max_lon);
    }
    std::sort(out.begin(), out.end(), [](const Cluster& a, const Cluster& b) { return a.id < b.id; });
    return out;
}

int Index::expansion_zoom(uint32_t id) const {
    const auto [level, pos] = locate(id);
    if (level->count[pos] == 1) return -1;
    // A cluster is created on the level of its zoom from a seed plus at least
    // one neighbour, so the level below always holds two or more of its
    // children: it splits exactly one zoom deeper than where it was made (and
    // it is unchanged, same id, on every coarser level where it survives).
    return level->zoom + 1;
}

std::vector<uint32_t> Index::leaves(uint32_t id) const {
    const auto [start, start_pos] = locate(id);
    std::vector<uint32_t> out;
    struct Node { size_t level; uint32_t pos; };
    std::vector<Node> stack{{static_cast<size_t>(start->zoom - options_.min_zoom), start_pos}};
    const size_t finest = levels_.size() - 1;
    while (!stack.empty()) {
        const Node nd = stack.back();
        stack.pop_back();
        if (nd.level == finest) {
            out.push_back(points_[nd.pos].index);
            continue;
        }
        const Level& lv = levels_[nd.level];
        for (uint32_t k = lv.child_begin[nd.pos]; k < lv.child_begin[nd.pos + 1]; ++k)
            stack.push_back({nd.level + 1, lv.child[k]});
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Cluster> Index::children(uint32_t id) const {
    const auto [level, pos] = locate(id);
    std::vector<Cluster> out;
    if (level->count[pos] == 1) return out;
    const Level& finer = levels_[static_cast<size_t>(level->zoom + 1 - options_.min_zoom)];
    for (uint32_t k = level->child_begin[pos]; k < level->child_begin[pos + 1]; ++k)
        out.push_back(item(finer, level->child[k]));
    std::sort(out.begin(), out.end(), [](const Cluster& a, const Cluster& b) { return a.id < b.id; });
    return out;
}

}  // namespace zx::cluster
