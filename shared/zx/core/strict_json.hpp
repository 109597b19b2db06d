#pragma once
// Strict reading of JSON requests: every problem throws zx::ValidationError
// with a message that names the offending key, ready for a 400 response.
#include "zx/core/error.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

namespace zx::strict {

// Parses request text; a syntax error names the byte where it occurred.
nlohmann::json parse(std::string_view text, std::string_view what);

// Requires an object whose keys are all in `allowed`: an unknown key is
// almost always a client bug or a version mismatch, and ignoring it would
// hide a write the client believes it made.
const nlohmann::json& object(const nlohmann::json& j, std::initializer_list<std::string_view> allowed,
                             const std::string& what);

// `key` of `what` has the wrong JSON type.
inline ValidationError bad_type(const std::string& what, const char* key, const char* expected) {
    return ValidationError(problem(Code::wrong_type, what + "." + key,
                                   what + ": \"" + key + "\" must be " + (std::string_view(expected) == "integer" ? "an " : "a ") +
                                       expected,
                                   {{"expected", expected}}));
}

// Reads `key` as T (std::string, bool, int, int64_t); missing and not
// `required` gives `fallback`.
template <class T>
T get(const nlohmann::json& j, const char* key, const std::string& what, bool required = true, T fallback = T{}) {
    auto it = j.find(key);
    if (it == j.end()) {
        if (required) throw ValidationError(problem(Code::required, what + "." + key, what + " is missing \"" + key + "\""));
        return fallback;
    }
    if constexpr (std::is_same_v<T, std::string>) {
        if (!it->is_string()) throw bad_type(what, key, "string");
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean()) throw bad_type(what, key, "boolean");
    } else {
        static_assert(std::is_integral_v<T>);
        if (!it->is_number_integer()) throw bad_type(what, key, "integer");
    }
    return it->get<T>();
}

}  // namespace zx::strict
