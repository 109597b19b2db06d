#include "zx/space/tools.hpp"

#include "zx/core/error.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace zx::tools {

namespace {
constexpr std::array kLength{
    Unit{"m", "米", "metre", 1},         Unit{"km", "千米", "kilometre", 1000},
    Unit{"cm", "厘米", "centimetre", 0.01}, Unit{"mm", "毫米", "millimetre", 0.001},
    Unit{"li", "里", "li (500 m)", 500}, Unit{"chi", "尺", "chi (1/3 m)", 1.0 / 3},
    Unit{"cun", "寸", "cun (1/30 m)", 1.0 / 30}, Unit{"in", "英寸", "inch", 0.0254},
    Unit{"ft", "英尺", "foot", 0.3048},  Unit{"mi", "英里", "mile", 1609.344},
};
constexpr std::array kMass{
    Unit{"kg", "千克", "kilogram", 1}, Unit{"g", "克", "gram", 0.001}, Unit{"mg", "毫克", "milligram", 1e-6},
    Unit{"t", "吨", "tonne", 1000},    Unit{"jin", "斤", "jin (500 g)", 0.5}, Unit{"liang", "两", "liang (50 g)", 0.05},
    Unit{"lb", "磅", "pound", 0.45359237}, Unit{"oz", "盎司", "ounce", 0.028349523125},
};
constexpr std::array kTemperature{
    Unit{"c", "摄氏度", "degree Celsius", 1, 0},
    Unit{"f", "华氏度", "degree Fahrenheit", 5.0 / 9, -32.0 * 5 / 9},
    Unit{"k", "开尔文", "kelvin", 1, -273.15},
};
constexpr std::array kArea{
    Unit{"m2", "平方米", "square metre", 1},       Unit{"km2", "平方千米", "square kilometre", 1e6},
    Unit{"ha", "公顷", "hectare", 1e4},             Unit{"mu", "亩", "mu (666.67 m²)", 10000.0 / 15},
    Unit{"cm2", "平方厘米", "square centimetre", 1e-4}, Unit{"acre", "英亩", "acre", 4046.8564224},
};
constexpr std::array kVolume{
    Unit{"l", "升", "litre", 1},         Unit{"ml", "毫升", "millilitre", 0.001},
    Unit{"m3", "立方米", "cubic metre", 1000}, Unit{"cm3", "立方厘米", "cubic centimetre", 0.001},
    Unit{"gal", "美制加仑", "US gallon", 3.785411784},
};
constexpr std::array kTime{
    Unit{"s", "秒", "second", 1}, Unit{"min", "分钟", "minute", 60}, Unit{"h", "小时", "hour", 3600},
    Unit{"d", "天", "day", 86400}, Unit{"wk", "周", "week", 604800},
};
constexpr std::array kSpeed{
    Unit{"mps", "米/秒", "metre per second", 1}, Unit{"kmh", "千米/时", "kilometre per hour", 1 / 3.6},
    Unit{"mph", "英里/时", "mile per hour", 0.44704}, Unit{"kn", "节", "knot", 1852.0 / 3600},
};
constexpr std::array kCategories{
    UnitCategory{"length", "长度", "Length", kLength},   UnitCategory{"mass", "质量", "Mass", kMass},
    UnitCategory{"temperature", "温度", "Temperature", kTemperature},
    UnitCategory{"area", "面积", "Area", kArea},         UnitCategory{"volume", "体积", "Volume", kVolume},
    UnitCategory{"time", "时间", "Time", kTime},         UnitCategory{"speed", "速度", "Speed", kSpeed},
};

// Recursive-descent evaluator; errors are thrown with the position.
class Parser {
public:
    Parser(std::string_view s, bool radians) : s_(s), radians_(radians) {}

    double run() {
        const double v = expr();
        skip();
        if (i_ < s_.size()) fail(Code::calc_unexpected, "unexpected \"{value}\"", std::string(1, s_[i_]));
        return v;
    }

private:
    // Throws the problem at the current position ({position}, 1-based).
    [[noreturn]] void fail(Code code, const std::string& english, const std::string& value = {}) const {
        throw ValidationError(problem(code, "expression", english + " at position {position}",
                                      {{"value", value}, {"position", std::to_string(i_ + 1)}}));
    }
    void skip() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    }
    bool eat(char c) {
        skip();
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    double expr() {
        double v = term();
        while (true) {
            if (eat('+')) v += term();
            else if (eat('-')) v -= term();
            else return v;
        }
    }
    double term() {
        double v = power();
        while (true) {
            if (eat('*') || eat('x')) {
                v *= power();
            } else if (eat('/')) {
                const double d = power();
                if (d == 0) fail(Code::calc_division_by_zero, "division by zero");
                v /= d;
            } else if (eat('%')) {
                const double d = power();
                if (d == 0) fail(Code::calc_division_by_zero, "division by zero");
                v = std::fmod(v, d);
            } else {
                return v;
            }
        }
    }
    double power() {
        const double base = unary();
        if (eat('^')) return std::pow(base, power());  // right-associative
        return base;
    }
    double unary() {
        if (eat('-')) return -unary();
        if (eat('+')) return unary();
        return postfix();
    }
    double postfix() {
        double v = primary();
        while (eat('!')) {
            if (v < 0 || v != std::floor(v) || v > 170) fail(Code::calc_domain, "factorial needs a whole number from 0 to 170", "n!");
            double f = 1;
            for (int k = 2; k <= static_cast<int>(v); ++k) f *= k;
            v = f;
        }
        return v;
    }
    double primary() {
        skip();
        if (i_ >= s_.size()) fail(Code::calc_incomplete, "expression ends too early");
        if (eat('(')) {
            const double v = expr();
            if (!eat(')')) fail(Code::calc_missing_paren, "missing \")\"");
            return v;
        }
        const char c = s_[i_];
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            size_t j = i_;
            while (j < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[j])) || s_[j] == '.')) ++j;
            if (j < s_.size() && (s_[j] == 'e' || s_[j] == 'E') && j + 1 < s_.size() &&
                (std::isdigit(static_cast<unsigned char>(s_[j + 1])) || s_[j + 1] == '-' || s_[j + 1] == '+')) {
                ++j;
                if (s_[j] == '-' || s_[j] == '+') ++j;
                while (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j]))) ++j;
            }
            const std::string num(s_.substr(i_, j - i_));
            char* end = nullptr;
            const double v = std::strtod(num.c_str(), &end);
            if (end != num.c_str() + num.size()) fail(Code::not_a_number, "\"{value}\" is not a number", num);
            i_ = j;
            return v;
        }
        if (std::isalpha(static_cast<unsigned char>(c))) {
            size_t j = i_;
            while (j < s_.size() && std::isalnum(static_cast<unsigned char>(s_[j]))) ++j;
            const std::string name(s_.substr(i_, j - i_));
            const size_t at = i_;
            i_ = j;
            if (name == "pi") return std::numbers::pi;
            if (name == "e") return std::numbers::e;
            if (!eat('(')) {
                i_ = at;
                fail(Code::calc_unknown_name, "unknown name \"{value}\"", name);
            }
            const double a = expr();
            if (!eat(')')) fail(Code::calc_missing_paren, "missing \")\"");
            const double k = radians_ ? 1 : std::numbers::pi / 180;
            if (name == "sin") return clean(std::sin(a * k));
            if (name == "cos") return clean(std::cos(a * k));
            if (name == "tan") {
                if (!radians_ && std::fmod(std::abs(a), 180.0) == 90.0) fail(Code::calc_domain, "tan is undefined at 90°", "tan");
                return clean(std::tan(a * k));
            }
            if (name == "asin" || name == "acos") {
                if (a < -1 || a > 1) fail(Code::calc_domain, "{value} needs a value from -1 to 1", name);
                return (name == "asin" ? std::asin(a) : std::acos(a)) / k;
            }
            if (name == "atan") return std::atan(a) / k;
            if (name == "sqrt") {
                if (a < 0) fail(Code::calc_domain, "square root of a negative number", "sqrt");
                return std::sqrt(a);
            }
            if (name == "cbrt") return std::cbrt(a);
            if (name == "ln" || name == "log" || name == "log2") {
                if (a <= 0) fail(Code::calc_domain, "{value} needs a positive number", name);
                return name == "ln" ? std::log(a) : name == "log" ? std::log10(a) : std::log2(a);
            }
            if (name == "exp") return std::exp(a);
            if (name == "abs") return std::abs(a);
            if (name == "floor") return std::floor(a);
            if (name == "ceil") return std::ceil(a);
            if (name == "round") return std::round(a);
            i_ = at;
            fail(Code::calc_unknown_name, "unknown function \"{value}\"", name);
        }
        fail(Code::calc_unexpected, "unexpected \"{value}\"", std::string(1, c));
    }
    // sin(180°) is 0, not 1.2e-16: round away float noise near whole numbers.
    static double clean(double v) { return std::abs(v - std::round(v)) < 1e-12 ? std::round(v) : v; }

    std::string_view s_;
    bool radians_;
    size_t i_ = 0;
};

const Unit* find_unit(std::string_view id, const UnitCategory** category) {
    for (const auto& c : kCategories)
        for (const auto& u : c.units)
            if (u.id == id) {
                *category = &c;
                return &u;
            }
    return nullptr;
}
}  // namespace

std::span<const UnitCategory> unit_categories() { return kCategories; }

std::optional<double> convert(std::string_view from, std::string_view to, double value) {
    const UnitCategory *ca = nullptr, *cb = nullptr;
    const Unit* a = find_unit(from, &ca);
    const Unit* b = find_unit(to, &cb);
    if (!a || !b || ca != cb || !std::isfinite(value)) return std::nullopt;
    const double base = value * a->factor + a->offset;
    return (base - b->offset) / b->factor;
}

CalcResult calculate(std::string_view expression, bool radians) {
    CalcResult r;
    try {
        const double v = Parser(expression, radians).run();
        if (!std::isfinite(v)) {
            r.error = problem(Code::calc_too_large, "expression", "the result is too large");
            return r;
        }
        r.value = v;
    } catch (const ValidationError& e) {
        r.error = e.problem();
    }
    return r;
}

}  // namespace zx::tools
