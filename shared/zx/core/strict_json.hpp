#pragma once
// Strict reading of JSON from the network: every problem throws
// zx::ValidationError with a coded Problem that names the offending key,
// ready for a 400 response.
//
// The edge of every program: the server reads request bodies with parse(),
// clients read the server's answers with parse_answer(). Both refuse text
// that nests deeper than kMaxDepth before anything is built from it, so the
// recursive parts of nlohmann/json (dump, copy, comparison, destruction of
// what they build) and our own readers only ever see values a few dozen
// levels deep, whatever a hand-written peer sends.
#include "zx/core/error.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace zx::strict {

// How many arrays and objects may be open at once. Our deepest message (a
// push writing a route's stops: batch, changes, change, fields, stops, stop)
// opens 6; 64 leaves room for every JSON-typed field a client may store and
// stays far below what recursion over a value can take on any stack
// (a thread's 8 MiB, the browser's 5 MiB, an I/O thread's default).
inline constexpr size_t kMaxDepth = 64;

// The byte offset in `text` of the bracket that opens the (max_depth+1)-th
// nested array or object, or nothing when no point of the text is nested that
// deeply. Brackets inside strings do not count. A linear scan that builds
// nothing, so it may run on any text before it is parsed; text that is not
// JSON at all is the parser's to refuse.
std::optional<size_t> too_deep_at(std::string_view text, size_t max_depth = kMaxDepth);

// Parses request text; a syntax error names the byte where it occurred, and
// text nested deeper than kMaxDepth is refused (Code::too_deep) unparsed.
nlohmann::json parse(std::string_view text, std::string_view what);

// Reads an answer from the server the way nlohmann::json::parse(text,
// nullptr, false) does (a discarded value for anything that is not JSON),
// with the same depth limit as parse(): a too deeply nested answer is
// discarded too. Never throws.
nlohmann::json parse_answer(std::string_view text);

// The length of v.dump() (compact, UTF-8 kept as is), computed without
// building the text and without recursion, so a size limit can be checked
// before anything is serialised.
size_t text_size(const nlohmann::json& v);

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

// `v` as the integer type T when it is a JSON integer that T can hold
// exactly; nothing for another type or a value out of T's range. (nlohmann's
// own get<T>() converts modulo 2^n: 2^32 + 5 read as an int is 5.)
template <class T>
std::optional<T> exact_integer(const nlohmann::json& v) {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    if (v.is_number_unsigned()) {
        const auto u = v.get<uint64_t>();
        if (!std::in_range<T>(u)) return std::nullopt;
        return static_cast<T>(u);
    }
    if (v.is_number_integer()) {
        const auto s = v.get<int64_t>();
        if (!std::in_range<T>(s)) return std::nullopt;
        return static_cast<T>(s);
    }
    return std::nullopt;
}

// The out_of_range problem for an integer `v` that type T cannot hold.
template <class T>
ValidationError bad_range(const std::string& field, const nlohmann::json& v) {
    return ValidationError(problem(Code::out_of_range, field, "{field}: {value} is not within {min}..{max}",
                                   {{"value", v.dump()},
                                    {"min", std::to_string(std::numeric_limits<T>::min())},
                                    {"max", std::to_string(std::numeric_limits<T>::max())}}));
}

// Reads `key` as T (std::string, bool, or an integer type: a JSON integer
// within T's range, else out_of_range); missing and not `required` gives
// `fallback`.
template <class T>
T get(const nlohmann::json& j, const char* key, const std::string& what, bool required = true, T fallback = T{}) {
    auto it = j.find(key);
    if (it == j.end()) {
        if (required) throw ValidationError(problem(Code::required, what + "." + key, what + " is missing \"" + key + "\""));
        return fallback;
    }
    if constexpr (std::is_same_v<T, std::string>) {
        if (!it->is_string()) throw bad_type(what, key, "string");
        return it->template get<std::string>();
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean()) throw bad_type(what, key, "boolean");
        return it->template get<bool>();
    } else {
        static_assert(std::is_integral_v<T>);
        if (!it->is_number_integer()) throw bad_type(what, key, "integer");
        const auto v = exact_integer<T>(*it);
        if (!v) throw bad_range<T>(what + "." + key, *it);
        return *v;
    }
}

}  // namespace zx::strict
