// Marker-clustering benchmark, the C++ side: times zx::cluster::Index builds
// and viewport queries on points and viewports written by bench/cluster_bench.mjs,
// which runs this program natively and as WebAssembly under node and times npm
// supercluster on the same input in the same run. Not a test; run by hand:
//
//   node bench/cluster_bench.mjs [--build build]
//
//   zx_cluster_bench IN.json OUT.json
// IN:  {"options": {...as tests/tools/cluster_dump.cpp...}, "points": [[lat, lon], ...],
//       "build_runs": 3, "repeat": 5, "sets": {"name": [[w, s, e, n, zoom], ...], ...}}
// OUT: {"build_ms": [...], "sets": {"name": {"us": [per query], "items": total}}}
// A query's time is the mean of `repeat` back-to-back runs after one untimed
// pass over all of them, so clock resolution does not dominate the fast views.
#include "../tests/support/cluster_input.hpp"
#include "zx/core/cli.hpp"
#include "zx/geo/cluster.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <string>
#include <vector>

using nlohmann::json;
namespace zc = zx::cluster;
using Clock = std::chrono::steady_clock;

namespace {
double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}
}  // namespace

int main(int argc, char** argv) {
    std::string in_path, out_path;
    zx::cli::Parser cli("zx_cluster_bench",
                        "Marker-clustering benchmark, the C++ side: times index builds and viewport queries on\n"
                        "the points and viewports in IN.json; run by bench/cluster_bench.mjs.");
    cli.text("IN.json", "", "options, points, runs and viewport sets", in_path).required();
    cli.text("OUT.json", "", "where the timings go", out_path).required();
    if (const auto r = cli.parse(argc, argv); r.exit) {
        std::fputs(r.text.c_str(), r.to_stderr() ? stderr : stdout);
        return r.exit_code;
    }
    try {
        const auto input = zx::test::read_cluster_input(in_path);
        const json& doc = input.doc;
        const zc::Options opt = input.options;
        const std::vector<zc::Item>& items = input.items;

        json out;
        zc::Index index;
        json builds = json::array();
        const int runs = doc.value("build_runs", 3);
        for (int r = 0; r < runs; ++r) {
            const auto t0 = Clock::now();
            index.build(items, opt);
            builds.push_back(ms_between(t0, Clock::now()));
        }
        out["build_ms"] = builds;

        const int repeat = doc.value("repeat", 5);
        // One untimed pass, so caches (and node's wasm tier-up) are warm, as
        // they are for supercluster in bench/cluster_bench.mjs.
        for (const auto& [name, queries] : doc.at("sets").items())
            for (const auto& q : queries)
                (void)index.query(q.at(0).get<double>(), q.at(1).get<double>(), q.at(2).get<double>(),
                                  q.at(3).get<double>(), q.at(4).get<int>());
        json sets = json::object();
        for (const auto& [name, queries] : doc.at("sets").items()) {
            json us = json::array();
            uint64_t returned = 0;
            for (const auto& q : queries) {
                const double w = q.at(0).get<double>(), s = q.at(1).get<double>(), e = q.at(2).get<double>(),
                             n = q.at(3).get<double>();
                const int z = q.at(4).get<int>();
                size_t got = 0;
                const auto t0 = Clock::now();
                for (int k = 0; k < repeat; ++k) got = index.query(w, s, e, n, z).size();
                us.push_back(ms_between(t0, Clock::now()) * 1000.0 / repeat);
                returned += got;
            }
            sets[name] = {{"us", us}, {"items", returned}};
        }
        out["sets"] = sets;
        std::ofstream(out_path) << out.dump() << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zx_cluster_bench: %s\n", e.what());
        return 1;
    }
}
