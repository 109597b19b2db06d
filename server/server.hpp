#pragma once
// zhixing-server as a library: the HTTP layer, the API's route table
// (routes.hpp, dispatched by router.hpp), static files, accounts, sync and
// the store put together. main.cpp is a thin CLI around
// it, and the server tests run it in-process on a free port.
#include "accounts.hpp"
#include "http.hpp"
#include "repo.hpp"
#include "router.hpp"
#include "static_files.hpp"
#include "store.hpp"
#include "sync_service.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace zx::server {

struct ServerConfig {
    HttpConfig http;
    std::string db_path = "data/zhixing.db";
    std::string web_root;  // empty: API only
    SessionPolicy sessions;
    // Milliseconds since the Unix epoch; tests move time forward with it.
    std::function<int64_t()> now_ms;
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
    void start();  // binds; throws if the port is taken
    void stop();
    uint16_t port() const { return http_->port(); }

    // Routes one request; public so tests can call it without a socket too.
    Response handle(const Request& r);

private:
    ServerConfig config_;
    std::unique_ptr<Store> store_;
    std::unique_ptr<ServerClock> clock_;
    std::unique_ptr<Accounts> accounts_;
    std::unique_ptr<SyncService> sync_;
    std::unique_ptr<Services> services_;  // references to the four above, for the routes
    Router router_;                       // the API: api_routes()
    std::optional<StaticFiles> static_;
    std::unique_ptr<HttpServer> http_;
};

}  // namespace zx::server
