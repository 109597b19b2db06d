#include "server.hpp"

#include "api_error.hpp"
#include "base_import.hpp"

#include "zx/wire/api.hpp"
#include "zx/core/error.hpp"
#include "zx/sync/schema.hpp"
#include "zx/core/strict_json.hpp"
#include "zx/core/version.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

namespace zx::server {

using nlohmann::json;

namespace {

Response json_response(const json& j, int status = 200) {
    Response r;
    r.status = status;
    r.body = j.dump();
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

[[noreturn]] void method_not_allowed(const Request& r, const char* allow) {
    throw ApiError(405, api::code::method_not_allowed,
                   r.method + " is not allowed on " + r.path + " (allowed: " + allow + ")", allow);
}

bool is_read(const Request& r) { return r.method == "GET" || r.method == "HEAD"; }

void require(const Request& r, const char* method) {
    if (r.method == method) return;
    method_not_allowed(r, method);
}

// The API takes no query parameters; saying so beats silently ignoring a
// filter the caller believes was applied.
void reject_query(const Request& r) {
    if (r.query.empty()) return;
    const auto name = r.query.substr(0, r.query.find_first_of("=&"));
    throw ApiError(400, api::code::bad_request, "unknown query parameter \"" + name + "\" for " + r.path);
}

json body_of(const Request& r) { return strict::parse(r.body, "request body"); }

int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

Server::Server(ServerConfig config) : config_(std::move(config)) {
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
    sync_->purge_tombstones();
    if (!config_.web_root.empty()) static_.emplace(config_.web_root);
    config_.http.path_body_limits.emplace_back(api::kBasesImportPath, kImportMaxBytes);
    http_ = std::make_unique<HttpServer>(config_.http, [this](const Request& r) { return handle(r); });
}

Server::~Server() { stop(); }

void Server::start() { http_->start(); }
void Server::stop() { http_->stop(); }

Response Server::handle(const Request& r) {
    try {
        const std::string_view prefix = api::kPrefix;
        if (r.path == prefix || r.path.rfind(std::string(prefix) + "/", 0) == 0) return handle_api(r);
        if (r.path.rfind("/api/", 0) == 0 || r.path == "/api")
            throw ApiError(404, api::code::not_found,
                           "no API at " + r.path + "; this server speaks " + std::string(prefix));
        if (static_) {
            if (auto res = static_->serve(r.path, r.if_none_match)) {
                if (!is_read(r)) method_not_allowed(r, "GET, HEAD");
                return *res;
            }
        }
        throw ApiError(404, api::code::not_found, "no file or route at " + r.path);
    } catch (const ApiError& e) {
        auto res = error_response(e.status(), e.code().c_str(), e.what());
        if (!e.allow().empty()) res.headers.emplace_back("Allow", e.allow());
        if (e.status() == 401) res.headers.emplace_back("WWW-Authenticate", "Bearer");
        return res;
    } catch (const ValidationError& e) {
        return error_response(400, api::code::bad_request, e.what());
    } catch (const nlohmann::json::exception& e) {
        return error_response(400, api::code::bad_request, std::string("malformed request: ") + e.what());
    }
}

Response Server::handle_api(const Request& r) {
    if (r.path != api::kBasesImportPath) reject_query(r);  // the import takes ?dry_run
    const std::string& p = r.path;

    if (p == api::kHealthPath) {
        if (!is_read(r)) method_not_allowed(r, "GET, HEAD");
        api::Health h;
        h.version = kVersion;
        h.schema_version = store_->schema_version();
        h.bases = store_->count_bases();
        return json_response(h);
    }
    if (p == api::kBasesPath) {
        if (!is_read(r)) method_not_allowed(r, "GET, HEAD");
        api::BaseList list;
        list.bases = store_->list_bases();
        for (const auto& b : list.bases) list.demo = list.demo || b.demo;
        list.routes = store_->list_routes();
        return json_response(list);
    }
    if (p == api::kBasesGeoJsonPath) {
        if (!is_read(r)) method_not_allowed(r, "GET, HEAD");
        Response res;
        res.content_type = "application/geo+json";
        res.body = export_geojson(*store_);
        res.headers.emplace_back("Cache-Control", "no-store");
        return res;
    }
    if (p == api::kBasesImportPath) {
        require(r, "POST");
        const Principal who = accounts_->authenticate(r.authorization);
        if (who.role != api::Role::admin)
            throw ApiError(403, api::code::forbidden, "only administrators may import bases (user " + who.username + ")");
        bool dry_run = false;
        if (r.query == "dry_run=1" || r.query == "dry_run=true") dry_run = true;
        else if (!r.query.empty() && r.query != "dry_run=0" && r.query != "dry_run=false")
            throw ApiError(400, api::code::bad_request,
                           "unknown query \"" + r.query + "\" for " + r.path + " (allowed: dry_run=1 or dry_run=0)");
        const auto type = r.content_type.substr(0, r.content_type.find(';'));
        ImportFormat format;
        if (type == "application/geo+json" || type == "application/json") format = ImportFormat::geojson;
        else if (type == "text/csv") format = ImportFormat::csv;
        else
            throw ApiError(415, api::code::unsupported_media_type,
                           "import takes GeoJSON (Content-Type: application/geo+json) or CSV (text/csv), not \"" +
                               r.content_type + "\"");
        return json_response(import_bases(*store_, *clock_, who, r.body, format, dry_run));
    }
    if (const std::string prefix = std::string(api::kBasesPath) + "/"; p.rfind(prefix, 0) == 0) {
        if (!is_read(r)) method_not_allowed(r, "GET, HEAD");
        const auto id = p.substr(prefix.size());
        if (auto b = store_->find_base(id)) return json_response(*b);
        throw ApiError(404, api::code::not_found, "no base with id \"" + id + "\"");
    }

    // --- Accounts -------------------------------------------------------------
    if (p == api::kRegisterPath) {
        require(r, "POST");
        return json_response(accounts_->register_user(api::parse_register(body_of(r))), 201);
    }
    if (p == api::kLoginPath) {
        require(r, "POST");
        return json_response(accounts_->login(api::parse_login(body_of(r))));
    }
    if (p == api::kLogoutPath) {
        require(r, "POST");
        accounts_->logout(r.authorization);
        Response res;
        res.status = 204;
        return res;
    }

    // Everything below needs a signed-in user.
    const bool known = p == api::kMePath || p == api::kClassesPath || p == api::kJoinClassPath ||
                       p == api::kLinkGuardianPath || p == api::kPushPath || p == api::kPullPath ||
                       p.rfind(std::string(api::kClassesPath) + "/", 0) == 0 ||
                       p.rfind(std::string(api::kRecordsPath) + "/", 0) == 0;
    if (!known) throw ApiError(404, api::code::not_found, "no API route " + r.method + " " + p);
    const Principal who = accounts_->authenticate(r.authorization);

    if (p == api::kMePath) {
        if (!is_read(r)) method_not_allowed(r, "GET, HEAD");
        return json_response(accounts_->me(who));
    }
    if (p == api::kClassesPath) {
        require(r, "POST");
        return json_response(accounts_->create_class(who, api::parse_create_class(body_of(r))), 201);
    }
    if (p == api::kJoinClassPath) {
        require(r, "POST");
        return json_response(accounts_->join_class(who, api::parse_code(body_of(r))));
    }
    if (p == api::kLinkGuardianPath) {
        require(r, "POST");
        return json_response(accounts_->link_guardian(who, api::parse_code(body_of(r))));
    }
    if (const std::string prefix = std::string(api::kClassesPath) + "/"; p.rfind(prefix, 0) == 0) {
        const std::string suffix = api::kGuardianCodesSuffix;
        const auto rest = p.substr(prefix.size());
        if (rest.size() <= suffix.size() || rest.compare(rest.size() - suffix.size(), suffix.size(), suffix) != 0)
            throw ApiError(404, api::code::not_found, "no API route " + r.method + " " + p);
        require(r, "POST");
        const auto class_id = rest.substr(0, rest.size() - suffix.size());
        return json_response(
            accounts_->issue_guardian_code(who, class_id, api::parse_guardian_code_request(body_of(r))), 201);
    }
    if (const std::string prefix = std::string(api::kRecordsPath) + "/"; p.rfind(prefix, 0) == 0) {
        if (!is_read(r)) method_not_allowed(r, "GET, HEAD");
        const auto rest = p.substr(prefix.size());
        const auto slash = rest.find('/');
        const auto collection = rest.substr(0, slash);
        const auto id = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
        std::optional<sync::Record> found;
        store_->read([&](db::Connection& c) {
            if (!model::find_collection(collection) || id.empty()) return;
            auto rec = repo::load(c, collection, id);
            if (rec && can_see(who, repo::audience(c, collection, id))) found = std::move(rec);
        });
        if (!found) not_found(collection, id);
        return json_response(sync::to_json(*found));
    }
    if (p == api::kPushPath) {
        require(r, "POST");
        const auto result = sync_->push(who.user_id, sync::parse_push(body_of(r)));
        auto body = sync::to_json(result.response);
        if (!result.replayed) return json_response(body);
        body["error"] = {{"code", api::code::batch_replayed},
                         {"message", "this batch was already applied; its acknowledgements are repeated, "
                                     "nothing was written again"}};
        return json_response(body, 409);
    }
    if (p == api::kPullPath) {
        require(r, "POST");
        return json_response(sync::to_json(sync_->pull(who.user_id, sync::parse_pull(body_of(r)))));
    }
    throw ApiError(404, api::code::not_found, "no API route " + r.method + " " + p);
}

}  // namespace zx::server
