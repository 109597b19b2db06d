// zhixing-server: the JSON API under /api/v1 and the built web client.
//
//   zhixing-server [--host 127.0.0.1] [--port 8080] [--db data/zhixing.db]
//                  [--web build/web] [--seed assets/demo/bases.tsv]
//                  [--seed-accounts assets/demo/accounts.json] [--threads N] [--quiet]
#include "seed.hpp"
#include "server.hpp"

#include "zx/tours/demo_data.hpp"
#include "zx/core/error.hpp"
#include "zx/core/version.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pthread.h>
#include <sstream>
#include <string>

namespace {

[[noreturn]] void usage(const std::string& problem) {
    std::fprintf(stderr,
                 "zhixing-server: %s\n"
                 "usage: zhixing-server [--host ADDR] [--port N] [--db FILE] [--web DIR] [--seed FILE]\n"
                 "                      [--seed-accounts FILE] [--threads N] [--quiet]\n",
                 problem.c_str());
    std::exit(2);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) usage("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int to_int(const std::string& s, const char* what, int lo, int hi) {
    char* end = nullptr;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v < lo || v > hi)
        usage(std::string(what) + " must be a number from " + std::to_string(lo) + " to " + std::to_string(hi));
    return static_cast<int>(v);
}

}  // namespace

int main(int argc, char** argv) {
    zx::server::ServerConfig cfg;
    std::string seed;
    std::string seed_accounts;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(k + " needs a value");
            return argv[++i];
        };
        if (k == "--host") cfg.http.host = value();
        else if (k == "--port") cfg.http.port = static_cast<uint16_t>(to_int(value(), "--port", 0, 65535));
        else if (k == "--db") cfg.db_path = value();
        else if (k == "--web") cfg.web_root = value();
        else if (k == "--seed") seed = value();
        else if (k == "--seed-accounts") seed_accounts = value();
        else if (k == "--threads") cfg.http.threads = to_int(value(), "--threads", 1, 256);
        else if (k == "--quiet") cfg.http.log_requests = false;
        else if (k == "--version") {
            std::printf("zhixing-server %s\n", zx::kVersion);
            return 0;
        } else if (k == "--help" || k == "-h") usage("help");
        else usage("unknown option " + k);
    }
    if (!cfg.web_root.empty() && !std::filesystem::is_regular_file(std::filesystem::path(cfg.web_root) / "index.html"))
        usage("--web " + cfg.web_root + " has no index.html (build the web client first)");

    // Signals are taken by sigwait below, never by a handler mid-request.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    try {
        if (const auto dir = std::filesystem::path(cfg.db_path).parent_path(); !dir.empty())
            std::filesystem::create_directories(dir);
        zx::server::Server server(cfg);
        if (!seed.empty()) {
            const auto bases = zx::parse_bases_tsv(read_file(seed));
            const auto r = zx::server::seed_demo_bases(server.store(), server.clock(), bases);
            std::printf("zhixing-server: %zu demo bases from %s (%d added, %d changed, %d removed) in %s\n",
                        bases.size(), seed.c_str(), r.added, r.changed, r.removed, cfg.db_path.c_str());
            const auto routes = zx::server::seed_demo_routes(server.store(), server.clock(), bases);
            std::printf("zhixing-server: demo routes through them (%d added, %d changed, %d removed)\n",
                        routes.added, routes.changed, routes.removed);
        }
        if (!seed_accounts.empty()) {
            const auto doc = nlohmann::json::parse(read_file(seed_accounts));
            server.accounts().seed_demo(doc);
            std::printf("zhixing-server: demo accounts from %s are present\n", seed_accounts.c_str());
        }
        server.start();
        std::printf("zhixing-server %s listening on http://%s:%u\n", zx::kVersion, cfg.http.host.c_str(),
                    static_cast<unsigned>(server.port()));
        std::fflush(stdout);
        int sig = 0;
        sigwait(&signals, &sig);
        std::printf("zhixing-server: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        server.stop();
    } catch (const zx::ValidationError& e) {
        std::fprintf(stderr, "zhixing-server: bad seed data in %s: %s\n", seed.c_str(), e.what());
        return 1;
    } catch (const nlohmann::json::exception& e) {
        std::fprintf(stderr, "zhixing-server: bad demo accounts in %s: %s\n", seed_accounts.c_str(), e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zhixing-server: %s\n", e.what());
        return 1;
    }
    return 0;
}
