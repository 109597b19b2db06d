#pragma once
// The exception shared rules throw for input that is well-formed but not
// acceptable (an unknown category, a latitude of 200). It carries the
// Problem (code, field, params) and what() is its English message, ready
// for an API error body or a log line; clients translate problem().
#include "zx/core/problem.hpp"

#include <stdexcept>
#include <string>

namespace zx {

class ValidationError : public std::runtime_error {
public:
    explicit ValidationError(Problem p) : std::runtime_error(p.message), problem_(std::move(p)) {}
    // A problem known only by its English text (code `malformed`); for input
    // that no person typed, such as a hand-written client's JSON.
    explicit ValidationError(const std::string& message)
        : std::runtime_error(message), problem_{Code::malformed, "", {{"detail", message}}, message} {}
    const Problem& problem() const { return problem_; }

private:
    Problem problem_;
};

}  // namespace zx
