#pragma once
// An error that becomes a JSON error response: thrown anywhere below a route,
// turned into the body of zx/wire/errors.hpp with `status` in one place
// (Server::handle).
//
// A refusal of something a person entered or may fix (a wrong password, an
// unknown class code, a change they may not make) carries a zx::Problem, so
// the client can say it in the reader's language; the string constructor is
// for refusals no person acts on (a malformed request line, an unknown route).
#include "zx/core/problem.hpp"
#include "zx/wire/errors.hpp"

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace zx::server {

class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, const std::string& message, std::string allow = {})
        : std::runtime_error(message), status_(status), code_(std::move(code)), allow_(std::move(allow)) {}
    ApiError(int status, std::string code, Problem problem)
        : std::runtime_error(problem.message), status_(status), code_(std::move(code)), problem_(std::move(problem)) {}

    int status() const { return status_; }
    const std::string& code() const { return code_; }
    const std::string& allow() const { return allow_; }  // methods, for a 405's Allow header
    const std::optional<Problem>& problem() const { return problem_; }
    const std::optional<size_t>& change() const { return change_; }
    // Seconds for a Retry-After header (429, 503); 0: none.
    int64_t retry_after() const { return retry_after_s_; }
    ApiError with_retry_after(int64_t seconds) const {
        ApiError e = *this;
        e.retry_after_s_ = seconds;
        return e;
    }

    // This error as the refusal of change `index` (id `change_id`) of a push
    // batch: "changes[i]: " before the message (and the problem's field), and
    // change/change_id in the body.
    ApiError at_change(size_t index, const std::string& change_id) const {
        const std::string where = "changes[" + std::to_string(index) + "]";
        ApiError e = problem_ ? ApiError(status_, code_, located(*problem_, where))
                              : ApiError(status_, code_, where + ": " + what(), allow_);
        return e.about_change(index, change_id);
    }
    // Names the change without touching the message, for an error whose
    // message already says where it is.
    ApiError about_change(size_t index, std::string change_id) const {
        ApiError e = *this;
        e.change_ = index;
        e.change_id_ = std::move(change_id);
        return e;
    }

    // The JSON error body.
    api::Error body() const {
        api::Error e = problem_ ? api::error_of(code_, *problem_) : api::Error{code_, what()};
        if (change_) e.change = static_cast<int64_t>(*change_);
        e.change_id = change_id_;
        return e;
    }

private:
    int status_;
    std::string code_;
    std::string allow_;
    std::optional<Problem> problem_;
    std::optional<size_t> change_;
    std::string change_id_;
    int64_t retry_after_s_ = 0;
};

// Whole seconds to wait, at least 1, for `ms` (a Retry-After header and the
// problem's {retry_after}).
inline int64_t retry_after_seconds(int64_t ms) { return ms <= 0 ? 1 : (ms + 999) / 1000; }

}  // namespace zx::server
