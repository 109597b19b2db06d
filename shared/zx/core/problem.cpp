#include "zx/core/problem.hpp"

#include "zx/core/format.hpp"

#include <algorithm>
#include <array>

namespace zx {

namespace {
constexpr std::array<std::string_view, static_cast<size_t>(Code::count_)> kNames{
#define ZX_PROBLEM(name) #name,
#include "zx/core/problem_codes.inc"
#undef ZX_PROBLEM
};
}  // namespace

std::string_view to_code(Code c) {
    const auto i = static_cast<size_t>(c);
    return i < kNames.size() ? kNames[i] : std::string_view("malformed");
}

std::vector<Code> all_codes() {
    std::vector<Code> out;
    for (size_t i = 0; i < kNames.size(); ++i) out.push_back(static_cast<Code>(i));
    return out;
}

std::optional<Code> code_from_name(std::string_view name) {
    for (size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name) return static_cast<Code>(i);
    return std::nullopt;
}

std::string Problem::param(std::string_view name) const {
    for (const auto& [k, v] : params)
        if (k == name) return v;
    return {};
}

bool Problem::operator==(const Problem& o) const {
    if (code != o.code || field != o.field || message != o.message || params.size() != o.params.size()) return false;
    auto a = params, b = o.params;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

Problem problem(Code code, std::string field, std::string_view english,
                std::vector<std::pair<std::string, std::string>> params) {
    Problem p{code, std::move(field), std::move(params), {}};
    auto args = p.params;
    args.emplace_back("field", p.field);
    p.message = format(english, args);
    return p;
}

Problem located(Problem p, const std::string& where) {
    if (where.empty()) return p;
    p.field = p.field.empty() ? where : where + "." + p.field;
    p.message = where + ": " + p.message;
    return p;
}

}  // namespace zx
