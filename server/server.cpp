#include "server.hpp"

#include "api_error.hpp"
#include "base_import.hpp"

#include "zx/core/error.hpp"
#include "zx/wire/api.hpp"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace zx::server {

namespace {

int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool under(const std::string& path, std::string_view prefix) {
    return path == prefix || (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
                              path[prefix.size()] == '/');
}

}  // namespace

Server::Server(ServerConfig config) : config_(std::move(config)), router_(api_routes(), config_.rate_limits) {
    if (!config_.now_ms) config_.now_ms = system_now_ms;
    store_ = std::make_unique<Store>(config_.db_path);
    clock_ = std::make_unique<ServerClock>(config_.now_ms);
    // The clock must never run behind a timestamp it issued before a restart.
    store_->read([&](db::Connection& c) {
        for (const auto& row : c.query("SELECT max(hlc) FROM changes"))
            if (row[0].is_string()) clock_->observe(row[0].get<std::string>());
    });
    accounts_ = std::make_unique<Accounts>(*store_, *clock_, AccountPolicy{config_.sessions, config_.codes, config_.throttle});
    sync_ = std::make_unique<SyncService>(*store_, *clock_);
    passwords_ = std::make_unique<Workers>(config_.password_workers);
    live_ = std::make_unique<EventHub>(config_.live, [this](const std::string& a) { return accounts_->authenticate(a); });
    services_ = std::make_unique<Services>(Services{*store_, *clock_, *accounts_, *sync_, *passwords_, *live_});
    sync_->purge_tombstones();
    // Records and codes from before today's rules follow them (each a no-op once done).
    sync_->refresh_audiences();
    accounts_->expire_legacy_codes();
    // After the start-up writes above: from here on every commit is heard.
    store_->set_commit_listener(live_.get());
    accounts_->on_sessions_ended = [this](const std::string& user) { live_->sessions_changed(user); };
    if (!config_.web_root.empty()) static_.emplace(config_.web_root);
    config_.http.path_body_limits.emplace_back(api::kBasesImportPath, kImportMaxBytes);
    config_.http.header_check = [this](const Request& head) { return admit(head); };
    http_ = std::make_unique<HttpServer>(config_.http, [this](const Request& r) { return handle(r); });
}

Server::~Server() {
    stop();
    // Before the HTTP layer goes: a job still holding a waiting connection
    // must release it while its io_context exists.
    passwords_->stop();
    // Nothing writes any more; the hub goes before the store.
    store_->set_commit_listener(nullptr);
}

void Server::start() {
    live_->start();
    http_->start();
    std::lock_guard lock(purge_mu_);
    if (config_.purge_interval_ms > 0 && !purging_) {
        purging_ = true;
        purge_thread_ = std::thread([this] { purge_loop(); });
    }
}

void Server::stop() {
    {
        std::lock_guard lock(purge_mu_);
        purging_ = false;
    }
    purge_cv_.notify_all();
    if (purge_thread_.joinable()) purge_thread_.join();
    live_->stop();  // streams say bye, then the connections go with the HTTP layer
    http_->stop();
}

// Purges in small transactions (SyncService::purge_tombstones), so requests
// wait at most for one batch; a failure (a full disk) is tried again next time.
void Server::purge_loop() {
    std::unique_lock lock(purge_mu_);
    while (purging_) {
        if (purge_cv_.wait_for(lock, std::chrono::milliseconds(config_.purge_interval_ms), [&] { return !purging_; }))
            return;
        lock.unlock();
        try {
            sync_->purge_tombstones();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "zhixing-server: purging tombstones failed: %s\n", e.what());
        }
        lock.lock();
    }
}

// Every error below a route becomes the one JSON error body here: an
// ApiError as it says (with Allow, Retry-After, WWW-Authenticate where they
// apply), a ValidationError (input a shared rule refused) as a 400 with its
// problem, JSON of the wrong shape as a 400.
Response answer(const std::function<Response()>& fn) {
    try {
        return fn();
    } catch (const ApiError& e) {
        auto res = error_response(e.status(), e.body());
        if (!e.allow().empty()) res.headers.emplace_back("Allow", e.allow());
        if (e.retry_after() > 0) res.headers.emplace_back("Retry-After", std::to_string(e.retry_after()));
        if (e.status() == 401) res.headers.emplace_back("WWW-Authenticate", "Bearer");
        return res;
    } catch (const ValidationError& e) {
        return error_response(400, api::error_of(api::code::bad_request, e.problem()));
    } catch (const nlohmann::json::exception& e) {
        return error_response(400, api::code::bad_request, std::string("malformed request: ") + e.what());
    }
}

Response on_worker(const Call& c, std::function<Response()> work, std::function<void()> busy) {
    Response res;
    res.deferred = [&workers = c.services.passwords, work = std::move(work),
                    busy = std::move(busy)](std::function<void(Response)> respond) {
        auto job = [work, respond] {
            // Whatever happens here is answered: the connection waits for it.
            Response out;
            try {
                out = answer(work);
            } catch (const std::exception& e) {
                out = error_response(500, api::code::internal, std::string("internal error: ") + e.what());
            }
            respond(std::move(out));
        };
        if (workers.try_submit(std::move(job))) return;
        if (busy) busy();
        const auto wait = workers.retry_after_s();
        respond(answer([&]() -> Response {
            throw ApiError(503, api::code::unavailable,
                           problem(Code::server_busy, "", "the server is busy checking passwords; try again in {retry_after} seconds",
                                   {{"retry_after", std::to_string(wait)}}))
                .with_retry_after(wait);
        }));
    };
    return res;
}

// Every error below a route becomes the one JSON error body here (answer()).
Response Server::handle(const Request& r) {
    return answer([&] {
        if (under(r.path, api::kPrefix)) return router_.dispatch(r, *services_);
        if (under(r.path, "/api"))
            throw ApiError(404, api::code::not_found,
                           "no API at " + r.path + "; this server speaks " + std::string(api::kPrefix));
        if (static_) {
            if (auto res = static_->serve(r.path, r.if_none_match, r.accept_encoding)) {
                if (r.method != "GET" && r.method != "HEAD") method_not_allowed(r, "GET, HEAD");
                return *res;
            }
        }
        throw ApiError(404, api::code::not_found, "no file or route at " + r.path);
    });
}

// Only the API is checked early: what else takes a body is refused by
// handle() as a whole (405, 404) once it is read, under the body limit.
std::optional<Response> Server::admit(const Request& head) {
    if (!under(head.path, api::kPrefix)) return std::nullopt;
    bool admitted = false;
    auto refusal = answer([&] {
        router_.admit(head, *services_);
        admitted = true;
        return Response{};
    });
    if (admitted) return std::nullopt;
    return refusal;
}

}  // namespace zx::server
