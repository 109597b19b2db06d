#pragma once
// The one dispatcher of the API: finds the table's entry for a request's path
// and method, checks its query and authentication, and calls its handler.
//   no entry's path matches    404 not_found
//   the path matches, the method does not
//                              405 method_not_allowed, Allow: the path's methods (HEAD with GET)
//   an unknown query parameter, or a value not allowed
//                              400 bad_request
//   Auth::token without a bearer token, Auth::user or Auth::admin without a valid session
//                              401 unauthorized (problem sign_in_required, session_expired, session_invalid)
//   Auth::admin for another role
//                              403 forbidden (problem role_required)
//   a rate-limited route called too often by one user
//                              429 too_many_requests (problem rate_limited), Retry-After
#include "rate_limit.hpp"
#include "routes.hpp"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace zx::server {

// Rate limits by route path (a path of the table whose auth is user or
// admin): each signed-in user has a bucket per limited route.
using RateLimits = std::map<std::string, RateLimit>;

class Router {
public:
    // Checks the table: every path starts with "/", every {name} is closed,
    // no method appears twice for one path, every limited path is a route
    // with a signed-in user; throws std::logic_error otherwise.
    explicit Router(std::vector<Endpoint> table, RateLimits limits = {});

    const std::vector<Endpoint>& table() const { return table_; }
    // Everything dispatch() checks before the handler — route, method,
    // query, authentication and role, rate limit — for a request whose body
    // has not been read yet (its header only), so that a refusal costs no
    // body. Throws the ApiError dispatch() would; takes the rate limit's
    // token, which dispatch() then does not take again (Request::admitted).
    void admit(const Request& head, Services& services) const;
    Response dispatch(const Request& r, Services& services) const;

private:
    struct Compiled {
        std::vector<std::string> segments;  // "{id}" for a parameter
        size_t params = 0;
    };
    // The endpoint of `r` and its call, every check passed.
    std::pair<const Endpoint*, Call> checked(const Request& r, Services& services, bool take_token) const;

    std::vector<Endpoint> table_;
    std::vector<Compiled> compiled_;  // compiled_[i] for table_[i]
    RateLimits limits_;
    std::unique_ptr<RateLimiter> limiter_;  // behind a pointer: taking a token changes it, dispatching does not change the router
};

// The 405 for `r`, with `allow` ("GET, HEAD") in the Allow header.
[[noreturn]] void method_not_allowed(const Request& r, const std::string& allow);

}  // namespace zx::server
