#pragma once
// An error that becomes a JSON error response: thrown anywhere below a route,
// turned into {"error":{"code":…,"message":…}} with `status` in one place.
#include <stdexcept>
#include <string>

namespace zx::server {

class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, const std::string& message, std::string allow = {})
        : std::runtime_error(message), status_(status), code_(std::move(code)), allow_(std::move(allow)) {}
    int status() const { return status_; }
    const std::string& code() const { return code_; }
    const std::string& allow() const { return allow_; }  // methods, for a 405's Allow header

private:
    int status_;
    std::string code_;
    std::string allow_;
};

}  // namespace zx::server
