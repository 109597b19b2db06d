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
#include "routes.hpp"

#include <string>
#include <vector>

namespace zx::server {

class Router {
public:
    // Checks the table: every path starts with "/", every {name} is closed,
    // no method appears twice for one path; throws std::logic_error otherwise.
    explicit Router(std::vector<Endpoint> table);

    const std::vector<Endpoint>& table() const { return table_; }
    Response dispatch(const Request& r, Services& services) const;

private:
    struct Compiled {
        std::vector<std::string> segments;  // "{id}" for a parameter
        size_t params = 0;
    };
    std::vector<Endpoint> table_;
    std::vector<Compiled> compiled_;  // compiled_[i] for table_[i]
};

// The 405 for `r`, with `allow` ("GET, HEAD") in the Allow header.
[[noreturn]] void method_not_allowed(const Request& r, const std::string& allow);

}  // namespace zx::server
