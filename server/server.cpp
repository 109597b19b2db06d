#include "server.hpp"

#include "api_error.hpp"
#include "base_import.hpp"

#include "zx/core/error.hpp"
#include "zx/wire/api.hpp"

#include <chrono>
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

// Every error below a route becomes the one JSON error body here: an
// ApiError as it says, a ValidationError (input a shared rule refused) as a
// 400 with its problem, JSON of the wrong shape as a 400.
template <class F>
Response answered(F&& f) {
    try {
        return f();
    } catch (const ApiError& e) {
        auto res = error_response(e.status(), e.body());
        if (!e.allow().empty()) res.headers.emplace_back("Allow", e.allow());
        if (e.status() == 401) res.headers.emplace_back("WWW-Authenticate", "Bearer");
        if (e.status() == 429 && e.problem()) res.headers.emplace_back("Retry-After", e.problem()->param("retry_after"));
        return res;
    } catch (const ValidationError& e) {
        return error_response(400, api::error_of(api::code::bad_request, e.problem()));
    } catch (const nlohmann::json::exception& e) {
        return error_response(400, api::code::bad_request, std::string("malformed request: ") + e.what());
    }
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
    accounts_ = std::make_unique<Accounts>(*store_, *clock_, config_.sessions);
    sync_ = std::make_unique<SyncService>(*store_, *clock_);
    services_ = std::make_unique<Services>(Services{*store_, *clock_, *accounts_, *sync_});
    sync_->purge_tombstones();
    if (!config_.web_root.empty()) static_.emplace(config_.web_root);
    config_.http.path_body_limits.emplace_back(api::kBasesImportPath, kImportMaxBytes);
    config_.http.header_check = [this](const Request& head) { return admit(head); };
    http_ = std::make_unique<HttpServer>(config_.http, [this](const Request& r) { return handle(r); });
}

Server::~Server() { stop(); }

void Server::start() { http_->start(); }
void Server::stop() { http_->stop(); }

Response Server::handle(const Request& r) {
    return answered([&] {
        if (under(r.path, api::kPrefix)) return router_.dispatch(r, *services_);
        if (under(r.path, "/api"))
            throw ApiError(404, api::code::not_found,
                           "no API at " + r.path + "; this server speaks " + std::string(api::kPrefix));
        if (static_) {
            if (auto res = static_->serve(r.path, r.if_none_match)) {
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
    auto refusal = answered([&] {
        router_.admit(head, *services_);
        admitted = true;
        return Response{};
    });
    if (admitted) return std::nullopt;
    return refusal;
}

}  // namespace zx::server
