#pragma once
// A problem with input, as data: a stable code, the field it is about and
// named parameters, plus an English message for API bodies and logs.
//
// Shared rules return Problems instead of prose so that each edge words them
// for its reader: the server puts code, field and params into its JSON error
// body (zx/wire/api.hpp) next to the English message; the clients translate
// the code through their translation table (client/i18n) and fill in the
// params. Nothing downstream ever parses a message.
//
// The codes are listed once, in problem_codes.inc; clients build their
// translation tables from the same list, and a table that misses a code fails
// to compile.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zx {

enum class Code {
#define ZX_PROBLEM(name) name,
#include "zx/core/problem_codes.inc"
#undef ZX_PROBLEM
    count_  // not a code: how many there are
};

// The stable snake_case name of a code ("too_long"), as sent on the wire.
std::string_view to_code(Code c);
std::optional<Code> code_from_name(std::string_view name);
// Every code, in declaration order (for tests that check translations).
std::vector<Code> all_codes();

struct Problem {
    Code code = Code::malformed;
    std::string field;  // what it is about: "title", "changes[3]", "stop 2"; may be empty
    std::vector<std::pair<std::string, std::string>> params;
    std::string message;  // English, complete

    // The value of a named parameter, "" when absent.
    std::string param(std::string_view name) const;
    // Equal when code, field, message and the set of params agree (params
    // travel as a JSON object, which does not keep their order).
    bool operator==(const Problem& o) const;
};

// Builds a problem; `english` is a format() template that may use {field}
// and every parameter.
Problem problem(Code code, std::string field, std::string_view english,
                std::vector<std::pair<std::string, std::string>> params = {});

// Prefixes the field and the message with where the problem is ("stop 2",
// "changes[3]"), keeping code and params.
Problem located(Problem p, const std::string& where);

}  // namespace zx
