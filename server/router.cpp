#include "router.hpp"

#include "api_error.hpp"

#include "zx/core/strict_json.hpp"
#include "zx/wire/api.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace zx::server {

namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    size_t start = 1;  // past the leading '/'
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        out.emplace_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

bool is_param(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// name=value pairs of a raw query string; "a&b=" gives {"a",""}, {"b",""}.
std::vector<std::pair<std::string, std::string>> split_query(std::string_view q) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!q.empty()) {
        const auto amp = std::min(q.find('&'), q.size());
        const auto item = q.substr(0, amp);
        const auto eq = std::min(item.find('='), item.size());
        if (!item.empty())
            out.emplace_back(std::string(item.substr(0, eq)), std::string(item.substr(std::min(eq + 1, item.size()))));
        q.remove_prefix(std::min(amp + 1, q.size()));
    }
    return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
    return out;
}

// The API takes no query parameters but those its route lists; saying so
// beats silently ignoring a filter the caller believes was applied.
std::vector<std::pair<std::string, std::string>> check_query(const Request& r, const Endpoint& e) {
    auto query = split_query(r.query);
    for (const auto& [name, value] : query) {
        const auto it = std::find_if(e.query.begin(), e.query.end(), [&](const QueryParam& q) { return q.name == name; });
        if (it == e.query.end()) {
            std::vector<std::string> known;
            for (const auto& q : e.query) known.push_back(q.name);
            throw ApiError(400, api::code::bad_request,
                           "unknown query parameter \"" + name + "\" for " + r.path +
                               (known.empty() ? " (it takes none)" : " (it takes " + join(known, ", ") + ")"));
        }
        if (!it->values.empty() && std::find(it->values.begin(), it->values.end(), value) == it->values.end())
            throw ApiError(400, api::code::bad_request,
                           "query parameter " + name + "=\"" + value + "\" for " + r.path + " must be one of " +
                               join(it->values, ", "));
    }
    return query;
}

}  // namespace

std::string_view to_code(Auth a) {
    switch (a) {
        case Auth::none: return "none";
        case Auth::token: return "token";
        case Auth::user: return "user";
        case Auth::admin: return "admin";
        case Auth::device: return "device";
    }
    return "none";
}

const std::string& Call::param(std::string_view name) const {
    for (const auto& [k, v] : path_params)
        if (k == name) return v;
    throw std::logic_error("route " + request.path + " has no path parameter {" + std::string(name) + "}");
}

std::optional<std::string> Call::query_value(std::string_view name) const {
    for (const auto& [k, v] : query)
        if (k == name) return v;
    return std::nullopt;
}

const Principal& Call::who() const {
    if (!principal) throw std::logic_error("route " + request.path + " asks who is signed in but takes no session");
    return *principal;
}

nlohmann::json Call::body() const { return strict::parse(request.body, "request body"); }

Response json_response(const nlohmann::json& j, int status) {
    Response r;
    r.status = status;
    r.body = j.dump();
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

const std::vector<Endpoint>& api_routes() {
    static const std::vector<Endpoint> table = [] {
        std::vector<Endpoint> all;
        for (auto part : {public_routes(), account_routes(), sync_routes(), kiosk_routes(), roster_routes()})
            all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
        return all;
    }();
    return table;
}

void method_not_allowed(const Request& r, const std::string& allow) {
    throw ApiError(405, api::code::method_not_allowed,
                   r.method + " is not allowed on " + r.path + " (allowed: " + allow + ")", allow);
}

Router::Router(std::vector<Endpoint> table, RateLimits limits)
    : table_(std::move(table)), limits_(std::move(limits)), limiter_(std::make_unique<RateLimiter>()) {
    std::set<std::pair<std::string, std::string>> seen;  // path, method
    for (const auto& e : table_) {
        if (e.path.empty() || e.path.front() != '/') throw std::logic_error("route path must start with '/': " + e.path);
        if (!e.handler) throw std::logic_error("route " + e.path + " has no handler");
        if (e.methods.empty()) throw std::logic_error("route " + e.path + " has no method");
        Compiled c;
        c.segments = split_path(e.path);
        for (const auto& s : c.segments) {
            if (is_param(s)) ++c.params;
            else if (s.find_first_of("{}") != std::string::npos)
                throw std::logic_error("route " + e.path + ": a {name} must be a whole segment");
        }
        for (const auto& m : e.methods) {
            if (m == "HEAD") throw std::logic_error("route " + e.path + " lists HEAD; it comes with GET");
            if (!seen.emplace(e.path, m).second) throw std::logic_error("route " + m + " " + e.path + " appears twice");
        }
        compiled_.push_back(std::move(c));
    }
    for (const auto& [path, limit] : limits_) {
        const auto it = std::find_if(table_.begin(), table_.end(), [&](const Endpoint& e) { return e.path == path; });
        if (it == table_.end() || (it->auth != Auth::user && it->auth != Auth::admin))
            throw std::logic_error("rate limit for " + path + ", which is not a route with a signed-in user");
        if (!(limit.burst >= 1) || !(limit.per_second >= 0))
            throw std::logic_error("rate limit for " + path + " needs a burst of at least 1 and a rate of at least 0");
    }
}

namespace {

// "Import bases …" -> "import bases …": the summary is the action.
std::string action_of(const Endpoint& e) {
    std::string action = e.summary;
    if (!action.empty()) action[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(action[0])));
    return action;
}

}  // namespace

void Router::admit(const Request& head, Services& services) const { (void)checked(head, services, true); }

Response Router::dispatch(const Request& r, Services& services) const {
    auto [endpoint, call] = checked(r, services, !r.admitted);
    return endpoint->handler(call);
}

std::pair<const Endpoint*, Call> Router::checked(const Request& r, Services& services, bool take_token) const {
    const auto segments = split_path(r.path);
    // The entries whose path matches, fewest {name} segments first: an exact
    // segment is more specific than a parameter.
    std::vector<size_t> matches;
    size_t fewest = SIZE_MAX;
    for (size_t i = 0; i < table_.size(); ++i) {
        const auto& c = compiled_[i];
        if (c.segments.size() != segments.size()) continue;
        bool ok = true;
        for (size_t s = 0; s < segments.size() && ok; ++s)
            ok = is_param(c.segments[s]) ? !segments[s].empty() : c.segments[s] == segments[s];
        if (!ok) continue;
        if (c.params < fewest) {
            fewest = c.params;
            matches.clear();
        }
        if (c.params == fewest) matches.push_back(i);
    }
    if (matches.empty())
        throw ApiError(404, api::code::not_found,
                       "no API route " + r.method + " " + r.path + "; GET " + api::kOpenApiPath + " lists them all");

    const Endpoint* endpoint = nullptr;
    size_t index = 0;
    std::vector<std::string> allow;
    for (const size_t i : matches)
        for (const auto& m : table_[i].methods) {
            if (m == r.method || (m == "GET" && r.method == "HEAD")) {
                endpoint = &table_[i];
                index = i;
            }
            allow.push_back(m);
            if (m == "GET") allow.emplace_back("HEAD");
        }
    if (!endpoint) method_not_allowed(r, join(allow, ", "));

    Call call{r, services, {}, check_query(r, *endpoint), std::nullopt, std::nullopt};
    const auto& pattern = compiled_[index].segments;
    for (size_t s = 0; s < pattern.size(); ++s)
        if (is_param(pattern[s])) call.path_params.emplace_back(pattern[s].substr(1, pattern[s].size() - 2), segments[s]);

    switch (endpoint->auth) {
        case Auth::none: break;
        case Auth::token: (void)bearer_token(r.authorization); break;
        case Auth::user: call.principal = services.accounts.authenticate(r.authorization); break;
        case Auth::device:
            call.device = authenticate_device(services.store, r.authorization, services.clock.wall_ms());
            break;
        case Auth::admin: {
            call.principal = services.accounts.authenticate(r.authorization);
            if (call.principal->role == api::Role::admin) break;
            throw ApiError(403, api::code::forbidden,
                           problem(Code::role_required, "", "only administrators may {action} (signed in as {user})",
                                   {{"action", action_of(*endpoint)}, {"role", "admin"}, {"user", call.principal->username}}));
        }
    }
    if (const auto limit = limits_.find(endpoint->path); take_token && limit != limits_.end() && call.principal) {
        // One bucket per user and route; the key cannot be confused across
        // users, as user ids contain no space.
        if (const auto wait = limiter_->take(call.principal->user_id + " " + endpoint->path, limit->second))
            throw ApiError(429, code::too_many_requests,
                           problem(Code::rate_limited, "", "{path} was called too often; try again in {retry_after} s",
                                   {{"path", endpoint->path}, {"retry_after", std::to_string(wait)}}))
                .with_retry_after(static_cast<int64_t>(wait));
    }
    return {endpoint, std::move(call)};
}

}  // namespace zx::server
