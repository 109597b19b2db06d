#pragma once
#include <stdexcept>
#include <string>

namespace zx {

// Thrown when input is well-formed but not acceptable (an unknown category,
// a latitude of 200). what() names the field and the problem, ready to be
// shown to a person or put in an API error body.
class ValidationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace zx
