#pragma once
// The pure parts of the built-in tools: unit conversion (with the Chinese
// market units students meet, 斤, 两, 亩, 里, 尺, 寸) and a scientific
// calculator's expression evaluator. No UI here; the tool views use these.
#include "zx/core/problem.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zx::tools {

struct Unit {
    std::string_view id;    // "km"
    std::string_view zh;    // 千米
    std::string_view en;    // kilometre
    double factor;          // value in base unit = value * factor + offset
    double offset = 0;
};
struct UnitCategory {
    std::string_view id;  // "length"
    std::string_view zh, en;
    std::span<const Unit> units;
};
std::span<const UnitCategory> unit_categories();

// Converts `value` between two units of one category; nothing if either id
// is unknown or they belong to different categories.
std::optional<double> convert(std::string_view from, std::string_view to, double value);

struct CalcResult {
    std::optional<double> value;
    std::optional<Problem> error;  // what is wrong and where ({position}), when there is no value
};
// Evaluates an expression: + - * / % ^ and parentheses, n! , constants pi
// and e, functions sin cos tan asin acos atan sqrt cbrt ln log log2 exp abs
// floor ceil round. Trigonometry in degrees unless `radians`.
CalcResult calculate(std::string_view expression, bool radians = false);

}  // namespace zx::tools
