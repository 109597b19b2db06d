#include "server.hpp"

#include "zx/api.hpp"
#include "zx/schema.hpp"
#include "zx/version.hpp"

#include <nlohmann/json.hpp>

namespace zx::server {

namespace {

Response json_response(const nlohmann::json& j) {
    Response r;
    r.body = j.dump();
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

Response method_not_allowed(const Request& r, const char* allow) {
    auto res = error_response(405, api::code::method_not_allowed,
                              r.method + " is not allowed on " + r.path + " (allowed: " + allow + ")");
    res.headers.emplace_back("Allow", allow);
    return res;
}

bool is_read(const Request& r) { return r.method == "GET" || r.method == "HEAD"; }

// The API takes no query parameters yet; saying so beats silently ignoring
// a filter the caller believes was applied.
std::optional<Response> reject_query(const Request& r) {
    if (r.query.empty()) return std::nullopt;
    const auto name = r.query.substr(0, r.query.find_first_of("=&"));
    return error_response(400, api::code::bad_request,
                          "unknown query parameter \"" + name + "\" for " + r.path);
}

}  // namespace

Server::Server(ServerConfig config) : config_(std::move(config)) {
    store_ = std::make_unique<Store>(config_.db_path);
    if (!config_.web_root.empty()) static_.emplace(config_.web_root);
    http_ = std::make_unique<HttpServer>(config_.http, [this](const Request& r) { return handle(r); });
}

Server::~Server() { stop(); }

void Server::start() { http_->start(); }
void Server::stop() { http_->stop(); }

Response Server::handle(const Request& r) {
    const std::string_view prefix = api::kPrefix;
    if (r.path == prefix || r.path.rfind(std::string(prefix) + "/", 0) == 0) return handle_api(r);
    if (r.path.rfind("/api/", 0) == 0 || r.path == "/api")
        return error_response(404, api::code::not_found,
                              "no API at " + r.path + "; this server speaks " + std::string(prefix));
    if (static_) {
        if (auto res = static_->serve(r.path, r.if_none_match)) {
            if (!is_read(r)) return method_not_allowed(r, "GET, HEAD");
            return *res;
        }
    }
    return error_response(404, api::code::not_found, "no file or route at " + r.path);
}

Response Server::handle_api(const Request& r) {
    const std::string base_prefix = std::string(api::kBasesPath) + "/";
    if (r.path == api::kHealthPath) {
        if (!is_read(r)) return method_not_allowed(r, "GET, HEAD");
        if (auto bad = reject_query(r)) return *bad;
        api::Health h;
        h.version = kVersion;
        h.schema_version = store_->schema_version();
        h.bases = store_->count_bases();
        return json_response(h);
    }
    if (r.path == api::kBasesPath) {
        if (!is_read(r)) return method_not_allowed(r, "GET, HEAD");
        if (auto bad = reject_query(r)) return *bad;
        api::BaseList list;
        list.bases = store_->list_bases();
        for (const auto& b : list.bases) list.demo = list.demo || b.demo;
        return json_response(list);
    }
    if (r.path.rfind(base_prefix, 0) == 0) {
        if (!is_read(r)) return method_not_allowed(r, "GET, HEAD");
        if (auto bad = reject_query(r)) return *bad;
        const auto id = r.path.substr(base_prefix.size());
        if (auto b = store_->find_base(id)) return json_response(*b);
        return error_response(404, api::code::not_found, "no base with id \"" + id + "\"");
    }
    return error_response(404, api::code::not_found, "no API route " + r.method + " " + r.path);
}

}  // namespace zx::server
