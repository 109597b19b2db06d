#pragma once
// zhixing-server as a library: the HTTP layer, the API's route table
// (routes.hpp, dispatched by router.hpp), static files, accounts, sync and
// the store put together. main.cpp is a thin CLI around
// it, and the server tests run it in-process on a free port.
#include "accounts.hpp"
#include "http.hpp"
#include "live.hpp"
#include "repo.hpp"
#include "router.hpp"
#include "static_files.hpp"
#include "store.hpp"
#include "sync_service.hpp"
#include "workers.hpp"

#include "zx/wire/paths.hpp"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace zx::server {

// Sync's rate limit per signed-in user, for each of push and pull: a real
// device polls every 10 s and sends or fetches at most a few hundred pages
// in a row (200 changes a push, 500 records a pull) when it catches up, so
// a burst of 300 and 5 a second after it are never met by one; a user with a
// phone, a laptop and a tablet uses a tenth of the rate at rest.
inline constexpr RateLimit kSyncRateLimit{.per_second = 5, .burst = 300};
// Opening the live channel, per user: a device reconnects with a backoff of
// a second and more, so a handful of devices after a server restart meet a
// burst of 20; a loop that reconnects as fast as it can meets 1 a second.
inline constexpr RateLimit kEventsRateLimit{.per_second = 1, .burst = 20};

struct ServerConfig {
    HttpConfig http;  // its header_check is set by the Server (the router's admit)
    std::string db_path = "data/zhixing.db";
    std::string web_root;  // empty: API only
    SessionPolicy sessions;  // lifetimes by role
    CodePolicy codes;        // class, guardian and invitation codes
    ThrottlePolicy throttle;  // failed sign-ins and registrations
    WorkerPolicy password_workers;
    // Tombstones past their retention are purged at start-up and then this
    // often while the server runs (real time); 0: at start-up only.
    int64_t purge_interval_ms = 3600'000;
    // Milliseconds since the Unix epoch; tests move time forward with it.
    std::function<int64_t()> now_ms;
    // Per-user limits by route path (router.hpp).
    RateLimits rate_limits = {{api::kPushPath, kSyncRateLimit},
                              {api::kPullPath, kSyncRateLimit},
                              {api::kEventsPath, kEventsRateLimit}};
    // The live channel: caps, heartbeats, checks (live.hpp).
    LivePolicy live;
};

class Server {
public:
    // Opens and migrates the database; throws with a clear message on failure.
    explicit Server(ServerConfig config);
    ~Server();

    Store& store() { return *store_; }
    ServerClock& clock() { return *clock_; }
    Accounts& accounts() { return *accounts_; }
    SyncService& sync() { return *sync_; }
    EventHub& live() { return *live_; }
    void start();  // binds and starts the periodic purge; throws if the port is taken
    void stop();   // stops serving and purging; idempotent
    uint16_t port() const { return http_->port(); }

    // Routes one request; public so tests can call it without a socket too.
    Response handle(const Request& r);
    // The header_check of the HTTP layer: the router's checks on a request
    // whose body is not read yet (API routes only); a refusal as handle()
    // would answer it.
    std::optional<Response> admit(const Request& head);

private:
    ServerConfig config_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<ServerClock> clock_;
    std::unique_ptr<Accounts> accounts_;
    std::unique_ptr<SyncService> sync_;
    std::unique_ptr<Workers> passwords_;
    std::unique_ptr<EventHub> live_;
    std::unique_ptr<Services> services_;  // references to the six above, for the routes
    Router router_;                       // the API: api_routes()
    std::optional<StaticFiles> static_;
    std::unique_ptr<HttpServer> http_;

    // The periodic purge: a thread that sleeps purge_interval_ms between purges.
    void purge_loop();
    std::mutex purge_mu_;
    std::condition_variable purge_cv_;
    bool purging_ = false;  // the thread runs; cleared to stop it
    std::thread purge_thread_;
};

}  // namespace zx::server
