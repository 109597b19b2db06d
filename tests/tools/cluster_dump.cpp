// Canonical dump of a zx::cluster::Index, built natively and as WebAssembly for
// node, so tests/unit/cluster_check.mjs can require the two builds to agree
// byte for byte (and compare both with npm supercluster).
//
//   zx_cluster_dump IN.json OUT.json           (node zx_cluster_dump.js IN.json OUT.json)
//
// IN:  {"options": {"min_zoom", "max_zoom", "radius_px", "min_points"},
//       "points": [[lat, lon], ...],            // Item::index = position
//       "queries": [[west, south, east, north, zoom], ...]}
// OUT: {"size": N, "results": [{"query": [...], "items": [[id, count, index,
//       expansion_zoom, lat, lon, leaves...], ...]}, ...]}
// where index is -1 for a cluster and leaves are listed for clusters only.
// Every double is printed with %.17g, which round-trips exactly, so equal text
// means equal bits.
#include "../support/cluster_input.hpp"
#include "zx/core/cli.hpp"
#include "zx/geo/cluster.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <exception>
#include <fstream>
#include <string>
#include <vector>

using nlohmann::json;
namespace zc = zx::cluster;

namespace {

void put_double(std::string& out, double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    out += buf;
}

}  // namespace

int main(int argc, char** argv) {
    std::string in_path, out_path;
    zx::cli::Parser cli("zx_cluster_dump",
                        "Writes a canonical dump of the marker clusters of IN.json's points for its queries, so\n"
                        "that the native and WebAssembly builds can be compared byte for byte.");
    cli.text("IN.json", "", "options, points and queries", in_path).required();
    cli.text("OUT.json", "", "where the dump goes", out_path).required();
    if (const auto r = cli.parse(argc, argv); r.exit) {
        std::fputs(r.text.c_str(), r.to_stderr() ? stderr : stdout);
        return r.exit_code;
    }
    try {
        const auto input = zx::test::read_cluster_input(in_path);
        const json& doc = input.doc;
        const zc::Options opt = input.options;
        const std::vector<zc::Item>& items = input.items;
        zc::Index index;
        index.build(items, opt);

        std::string out = "{\"size\":" + std::to_string(index.size()) + ",\"results\":[\n";
        bool first_query = true;
        for (const auto& q : doc.at("queries")) {
            const auto got = index.query(q.at(0).get<double>(), q.at(1).get<double>(), q.at(2).get<double>(),
                                         q.at(3).get<double>(), q.at(4).get<int>());
            out += first_query ? "" : ",\n";
            first_query = false;
            out += "{\"query\":" + q.dump() + ",\"items\":[";
            bool first = true;
            for (const auto& c : got) {
                out += first ? "\n[" : ",\n[";
                first = false;
                out += std::to_string(c.id) + "," + std::to_string(c.count) + "," +
                       (c.is_point ? std::to_string(c.index) : std::string("-1")) + "," +
                       std::to_string(c.expansion_zoom) + ",";
                put_double(out, c.lat);
                out += ",";
                put_double(out, c.lon);
                if (!c.is_point)
                    for (uint32_t leaf : index.leaves(c.id)) out += "," + std::to_string(leaf);
                out += "]";
            }
            out += "]}";
        }
        out += "]}\n";
        std::FILE* f = std::fopen(out_path.c_str(), "wb");
        if (!f) throw std::runtime_error("cannot write " + out_path);
        const bool ok = std::fwrite(out.data(), 1, out.size(), f) == out.size();
        if (std::fclose(f) != 0 || !ok) throw std::runtime_error("cannot write " + out_path);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zx_cluster_dump: %s\n", e.what());
        return 1;
    }
}
