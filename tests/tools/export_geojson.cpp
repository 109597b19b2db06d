// Writes the GeoJSON export of the demo bases plus one demo route, for the
// independent check with Debian's python3-geojson (tests/unit/geojson_check.py).
//
//   zx_export_geojson BASES.tsv OUT.geojson ROUTES.json
//
// ROUTES.json lists the routes written ([{"id","stops":[base ids]}]) so the
// check knows what to expect without trusting the export itself.
#include "zx/core/cli.hpp"
#include "zx/tours/base_io.hpp"
#include "zx/tours/demo_data.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>

using nlohmann::json;
using namespace zx;

int main(int argc, char** argv) {
    std::string bases_path, out_path, routes_path;
    zx::cli::Parser cli("zx_export_geojson",
                        "Writes the GeoJSON export of the demo bases plus one route through the first three,\n"
                        "and the list of routes written, for the check with python3-geojson.");
    cli.text("BASES.tsv", "", "demo bases", bases_path).required();
    cli.text("OUT.geojson", "", "where the export goes", out_path).required();
    cli.text("ROUTES.json", "", "where the list of routes written goes", routes_path).required();
    if (const auto r = cli.parse(argc, argv); r.exit) {
        std::fputs(r.text.c_str(), r.to_stderr() ? stderr : stdout);
        return r.exit_code;
    }
    try {
        std::ifstream in(bases_path, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read " + bases_path);
        std::stringstream ss;
        ss << in.rdbuf();
        auto bases = parse_bases_tsv(ss.str());
        for (auto& b : bases) add_demo_details(b);
        if (bases.size() < 3) throw std::runtime_error("the demo file has fewer than 3 bases");
        // A route through the first three bases of the file, in file order.
        Route r{"route-check", "检验线路", "三站", {}};
        for (int i = 0; i < 3; ++i)
            r.stops.push_back({bases[static_cast<size_t>(i)].id, 540 + i * 120, 600 + i * 120, "参观", i ? 30 : 0, i ? "bus" : ""});
        std::ofstream(out_path, std::ios::binary) << to_geojson(bases, {r});
        json routes = json::array();
        json stops = json::array();
        for (const auto& s : r.stops) stops.push_back(s.base_id);
        routes.push_back({{"id", r.id}, {"stops", stops}});
        std::ofstream(routes_path, std::ios::binary) << routes.dump();
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zx_export_geojson: %s\n", e.what());
        return 1;
    }
}
