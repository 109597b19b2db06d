// zhixing-server: the JSON API under /api/v1 and the built web client.
//
//   zhixing-server [--host 127.0.0.1] [--port 8080] [--db data/zhixing.db]
//                  [--web build/web] [--seed assets/demo/bases.tsv]
//                  [--seed-accounts assets/demo/accounts.json] [--threads N] [--quiet]
//                  [--idle-timeout S] [--header-timeout S] [--body-timeout S] [--body-min-rate BYTES]
//                  [--sync-rate N] [--sync-burst N]
//                  [--session-idle MIN] [--session-lifetime H] [--staff-session-idle MIN] [--staff-session-lifetime H]
//
// (`zhixing-server --help` lists every option with its default.)
#include "seed.hpp"
#include "server.hpp"

#include "zx/tours/demo_data.hpp"
#include "zx/core/cli.hpp"
#include "zx/core/error.hpp"
#include "zx/core/version.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pthread.h>
#include <sstream>
#include <stdexcept>
#include <string>

namespace {

// Whole file; throws on failure (checked before the server starts, so this
// only fails if the file went away in between).
std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool readable(const std::string& path) { return std::ifstream(path, std::ios::binary).good(); }

}  // namespace

int main(int argc, char** argv) {
    zx::server::ServerConfig cfg;
    std::string seed;
    std::string seed_accounts;
    int port = cfg.http.port;
    int threads = cfg.http.threads;
    bool quiet = false;
    bool version = false;
    zx::cli::Parser cli("zhixing-server",
                        "Serves Zhixing's JSON API under /api/v1 and, with --web, the built web client,\n"
                        "from one SQLite database; prints its URL once it listens. Stops on SIGINT or SIGTERM.");
    cli.text("--host", "ADDR", "address to listen on", cfg.http.host);
    cli.integer("--port", "N", "TCP port; 0 lets the system choose", port, 0, 65535);
    cli.text("--db", "FILE", "SQLite database, created and migrated if needed", cfg.db_path);
    cli.text("--web", "DIR", "built web client to serve (with index.html); none: API only", cfg.web_root);
    cli.text("--seed", "FILE", "demo bases (TSV) to write into the database before starting", seed);
    cli.text("--seed-accounts", "FILE", "demo accounts (JSON) to make sure exist before starting", seed_accounts);
    cli.integer("--threads", "N", "I/O threads", threads, 1, 256).default_text("one per core, at least 2");
    // The edge's limits (HttpConfig, ServerConfig); the defaults are what a
    // real client never meets.
    int idle_timeout = cfg.http.idle_timeout_s, header_timeout = cfg.http.header_timeout_s,
        body_timeout = cfg.http.body_timeout_s, body_min_rate = static_cast<int>(cfg.http.body_min_rate);
    double sync_rate = zx::server::kSyncRateLimit.per_second;
    int sync_burst = static_cast<int>(zx::server::kSyncRateLimit.burst);
    cli.integer("--idle-timeout", "S", "close a keep-alive connection after S seconds without a request", idle_timeout, 1,
                86400);
    cli.integer("--header-timeout", "S", "answer 408 when a request's header takes longer than S seconds",
                header_timeout, 1, 3600);
    cli.integer("--body-timeout", "S", "seconds a body may take on top of its size at --body-min-rate", body_timeout, 1,
                86400);
    cli.integer("--body-min-rate", "BYTES", "slowest upload accepted, in bytes per second (0: no size-based time)",
                body_min_rate, 0, 1 << 30);
    cli.number("--sync-rate", "N", "pushes (and, separately, pulls) per second per user after a burst", sync_rate, 0,
               1e6);
    cli.integer("--sync-burst", "N", "pushes (and, separately, pulls) a user may make at once", sync_burst, 1,
                1 << 30);
    int events_per_user = cfg.live.per_user, events_max = cfg.live.total;
    int heartbeat_s = static_cast<int>(cfg.live.heartbeat_ms / 1000);
    cli.integer("--events-per-user", "N", "live channels (GET /api/v1/events) one user may hold open", events_per_user, 1,
                1 << 20);
    cli.integer("--events-max", "N", "live channels open at once in all; past it clients poll", events_max, 1, 1 << 24);
    double events_rate = zx::server::kEventsRateLimit.per_second;
    int events_burst = static_cast<int>(zx::server::kEventsRateLimit.burst);
    cli.number("--events-rate", "N", "live channels a user may open per second after a burst", events_rate, 0, 1e6);
    cli.integer("--events-burst", "N", "live channels a user may open at once", events_burst, 1, 1 << 30);
    cli.integer("--heartbeat", "S", "seconds between heartbeats on an idle live channel", heartbeat_s, 1, 3600);
    cli.flag("--quiet", "no log line per request", quiet);
    // Session lifetimes (accounts.hpp, SessionPolicy): minutes idle, hours in all.
    constexpr int64_t kMin = 60'000, kHour = 3600'000;
    int idle_min = static_cast<int>(cfg.sessions.idle_ms / kMin);
    int lifetime_h = static_cast<int>(cfg.sessions.absolute_ms / kHour);
    int staff_idle_min = static_cast<int>(cfg.sessions.staff_idle_ms / kMin);
    int staff_lifetime_h = static_cast<int>(cfg.sessions.staff_absolute_ms / kHour);
    cli.integer("--session-idle", "MIN", "students, teachers, parents: minutes unused before signing out", idle_min, 1,
                366 * 24 * 60);
    cli.integer("--session-lifetime", "H", "students, teachers, parents: hours after signing in before signing out",
                lifetime_h, 1, 366 * 24);
    cli.integer("--staff-session-idle", "MIN", "base staff and administrators: minutes unused before signing out",
                staff_idle_min, 1, 366 * 24 * 60);
    cli.integer("--staff-session-lifetime", "H", "base staff and administrators: hours after signing in", staff_lifetime_h,
                1, 366 * 24);
    cli.flag("--version", "print the version and exit", version);
    auto parsed = cli.parse(argc, argv);
    // Arguments that parse but cannot work are refused like parse errors.
    if (!parsed.exit && !version) {
        namespace fs = std::filesystem;
        if (!cfg.web_root.empty() && !fs::is_regular_file(fs::path(cfg.web_root) / "index.html"))
            parsed = cli.fail("--web " + cfg.web_root + " has no index.html (build the web client first)");
        else if (!seed.empty() && !readable(seed))
            parsed = cli.fail("--seed: cannot read " + seed);
        else if (!seed_accounts.empty() && !readable(seed_accounts))
            parsed = cli.fail("--seed-accounts: cannot read " + seed_accounts);
    }
    if (parsed.exit) {
        std::fputs(parsed.text.c_str(), parsed.to_stderr() ? stderr : stdout);
        return parsed.exit_code;
    }
    if (version) {
        std::printf("zhixing-server %s\n", zx::kVersion);
        return 0;
    }
    cfg.http.port = static_cast<uint16_t>(port);
    cfg.http.threads = threads;
    cfg.http.log_requests = !quiet;
    cfg.http.idle_timeout_s = idle_timeout;
    cfg.http.header_timeout_s = header_timeout;
    cfg.http.body_timeout_s = body_timeout;
    cfg.http.body_min_rate = static_cast<uint64_t>(body_min_rate);
    for (auto& [path, limit] : cfg.rate_limits)
        limit = path == zx::api::kEventsPath ? zx::server::RateLimit{events_rate, static_cast<double>(events_burst)}
                                             : zx::server::RateLimit{sync_rate, static_cast<double>(sync_burst)};
    cfg.live.per_user = events_per_user;
    cfg.live.total = events_max;
    cfg.live.heartbeat_ms = int64_t{heartbeat_s} * 1000;
    cfg.sessions.idle_ms = idle_min * kMin;
    cfg.sessions.absolute_ms = lifetime_h * kHour;
    cfg.sessions.staff_idle_ms = staff_idle_min * kMin;
    cfg.sessions.staff_absolute_ms = staff_lifetime_h * kHour;

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
