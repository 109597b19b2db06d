#pragma once
// The input file of the clustering tools (tests/tools/cluster_dump.cpp and
// bench/cluster_bench.cpp, each built natively and as WebAssembly):
// {"options": {min_zoom, max_zoom, radius_px, min_points}, "points": [[lat, lon], ...], ...}.
// Header-only so that both builds of both tools read it the same way.
#include "zx/geo/cluster.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace zx::test {

struct ClusterInput {
    nlohmann::json doc;  // the whole file, for the tool's own keys
    cluster::Options options;
    std::vector<cluster::Item> items;  // Item::index = position in "points"
};

// Throws std::runtime_error or nlohmann::json errors naming what is wrong.
inline ClusterInput read_cluster_input(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    ClusterInput c;
    c.doc = nlohmann::json::parse(in);
    const auto& o = c.doc.at("options");
    c.options.min_zoom = o.value("min_zoom", c.options.min_zoom);
    c.options.max_zoom = o.value("max_zoom", c.options.max_zoom);
    c.options.radius_px = o.value("radius_px", c.options.radius_px);
    c.options.min_points = o.value("min_points", c.options.min_points);
    for (const auto& p : c.doc.at("points"))
        c.items.push_back({p.at(0).get<double>(), p.at(1).get<double>(), static_cast<uint32_t>(c.items.size())});
    return c;
}

}  // namespace zx::test
