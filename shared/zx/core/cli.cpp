#include "zx/core/cli.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace zx::cli {

namespace {

bool is_option_name(std::string_view name) { return name.size() > 2 && name.substr(0, 2) == "--"; }

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Whole numbers as integers ("30", "86400"), others as the shortest %g text
// that reads back as the same double ("0.5", "1e-09"). (printf and strtod
// rather than <charconv>: the WebAssembly build's libc++ has no floating-point
// to_chars or from_chars.)
std::string format_number(double v) {
    char buf[64];
    if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

// Whole-string decimal integer within [lo, hi]; empty result on success.
std::string parse_integer(std::string_view s, int lo, int hi, int& out) {
    long long v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec == std::errc::invalid_argument || r.ptr != s.data() + s.size())
        return quoted(s) + " is not an integer";
    if (r.ec == std::errc::result_out_of_range || v < lo || v > hi)
        return std::string(s) + " is out of range (" + std::to_string(lo) + " to " + std::to_string(hi) + ")";
    out = static_cast<int>(v);
    return {};
}

// Whole-string decimal number ("2.5", "-1", ".5", "1e3") within [lo, hi].
// The character check keeps out what strtod would also take: leading
// spaces, hexadecimal, "inf" and "nan".
std::string parse_number(std::string_view s, double lo, double hi, double& out) {
    const bool decimal = !s.empty() && s.find_first_not_of("0123456789.eE+-") == std::string_view::npos &&
                         s.find_first_of("0123456789") != std::string_view::npos;
    const std::string text(s);
    char* end = nullptr;
    const double v = decimal ? std::strtod(text.c_str(), &end) : 0;
    if (!decimal || end != text.c_str() + text.size()) return quoted(s) + " is not a number";
    if (!std::isfinite(v) || v < lo || v > hi)
        return text + " is out of range (" + format_number(lo) + " to " + format_number(hi) + ")";
    out = v;
    return {};
}

std::string join(const std::vector<std::string>& xs, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < xs.size(); ++i) out += (i ? std::string(sep) : std::string()) + xs[i];
    return out;
}

}  // namespace

Arg& Arg::required() {
    if (!positional_) throw std::logic_error("zx::cli: only positional arguments can be required: " + name_);
    required_ = true;
    return *this;
}

Arg& Arg::default_text(std::string text) {
    default_ = std::move(text);
    return *this;
}

Parser::Parser(std::string program, std::string summary) : program_(std::move(program)), summary_(std::move(summary)) {}

Arg& Parser::add(std::string name, std::string metavar, std::string help) {
    if (name.empty() || (name[0] == '-' && !is_option_name(name)) || name == "--help")
        throw std::logic_error("zx::cli: bad argument name " + quoted(name));
    for (const Arg& a : args_)
        if (a.name_ == name) throw std::logic_error("zx::cli: argument declared twice: " + name);
    Arg& a = args_.emplace_back();
    a.name_ = std::move(name);
    a.metavar_ = std::move(metavar);
    a.help_ = std::move(help);
    a.positional_ = !is_option_name(a.name_);
    return a;
}

Arg& Parser::text(std::string name, std::string metavar, std::string help, std::string& into) {
    Arg& a = add(std::move(name), std::move(metavar), std::move(help));
    a.default_ = into.empty() ? "none" : into;
    a.set_ = [&into](std::string_view v) {
        into = std::string(v);
        return std::string();
    };
    return a;
}

Arg& Parser::integer(std::string name, std::string metavar, std::string help, int& into, int lo, int hi) {
    Arg& a = add(std::move(name), std::move(metavar), std::move(help));
    a.default_ = std::to_string(into);
    a.constraint_ = std::to_string(lo) + " to " + std::to_string(hi);
    a.set_ = [&into, lo, hi](std::string_view v) { return parse_integer(v, lo, hi, into); };
    return a;
}

Arg& Parser::number(std::string name, std::string metavar, std::string help, double& into, double lo, double hi) {
    Arg& a = add(std::move(name), std::move(metavar), std::move(help));
    a.default_ = format_number(into);
    a.constraint_ = format_number(lo) + " to " + format_number(hi);
    a.set_ = [&into, lo, hi](std::string_view v) { return parse_number(v, lo, hi, into); };
    return a;
}

Arg& Parser::choice(std::string name, std::string metavar, std::string help, std::string& into,
                    std::vector<std::string> choices) {
    Arg& a = add(std::move(name), std::move(metavar), std::move(help));
    a.default_ = into.empty() ? "none" : into;
    a.constraint_ = "one of: " + join(choices, ", ");
    a.set_ = [&into, choices = std::move(choices)](std::string_view v) {
        if (std::find(choices.begin(), choices.end(), v) == choices.end())
            return quoted(v) + " is not one of " + join(choices, ", ");
        into = std::string(v);
        return std::string();
    };
    return a;
}

Arg& Parser::custom(std::string name, std::string metavar, std::string help, std::string shown_default, Setter set) {
    Arg& a = add(std::move(name), std::move(metavar), std::move(help));
    a.default_ = std::move(shown_default);
    a.set_ = std::move(set);
    return a;
}

Arg& Parser::flag(std::string name, std::string help, bool& into) {
    if (!is_option_name(name)) throw std::logic_error("zx::cli: a flag must be an option: " + name);
    Arg& a = add(std::move(name), "", std::move(help));
    a.flag_ = true;
    a.flag_into_ = &into;
    return a;
}

void Parser::note(std::string text) { notes_.push_back(std::move(text)); }

const Arg* Parser::find_option(std::string_view name) const {
    for (const Arg& a : args_)
        if (!a.positional_ && a.name_ == name) return &a;
    return nullptr;
}

Outcome Parser::fail(std::string_view problem) const {
    return {true, 2, program_ + ": " + std::string(problem) + "; try --help\n"};
}

Outcome Parser::parse(int argc, const char* const* argv) {
    std::vector<std::string> words;
    for (int i = 1; i < argc; ++i) words.emplace_back(argv[i]);
    return parse(words);
}

Outcome Parser::parse(const std::vector<std::string>& words) {
    // Help first, so that "--help" next to a mistake still explains the tool.
    for (const std::string& w : words) {
        if (w == "--") break;
        if (w == "-h" || w == "--help") return {true, 0, usage()};
    }
    std::vector<const Arg*> positionals;
    for (const Arg& a : args_) {
        if (!a.positional_) continue;
        if (a.required_ && !positionals.empty() && !positionals.back()->required_)
            throw std::logic_error("zx::cli: required " + a.name_ + " after an optional positional argument");
        positionals.push_back(&a);
    }
    size_t next_positional = 0;
    bool options_ended = false;
    auto take_positional = [&](const std::string& w) -> std::string {
        if (next_positional >= positionals.size()) return "unexpected argument " + quoted(w);
        const Arg& a = *positionals[next_positional++];
        if (std::string problem = a.set_(w); !problem.empty()) return a.name_ + ": " + problem;
        return {};
    };
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        std::string problem;
        if (options_ended || w == "-" || w.empty() || w[0] != '-') {
            problem = take_positional(w);
        } else if (w == "--") {
            options_ended = true;
        } else {
            const size_t eq = w.find('=');
            const std::string name = w.substr(0, eq);
            const Arg* a = is_option_name(name) ? find_option(name) : nullptr;
            if (!a) {
                problem = "unknown option " + name;
            } else if (a->flag_) {
                if (eq != std::string::npos) problem = name + " takes no value";
                else *a->flag_into_ = true;
            } else if (eq != std::string::npos) {
                if (std::string p = a->set_(std::string_view(w).substr(eq + 1)); !p.empty()) problem = name + ": " + p;
            } else if (i + 1 >= words.size()) {
                problem = name + " needs a value (" + a->metavar_ + ")";
            } else {
                if (std::string p = a->set_(words[++i]); !p.empty()) problem = name + ": " + p;
            }
        }
        if (!problem.empty()) return fail(problem);
    }
    if (next_positional < positionals.size() && positionals[next_positional]->required_)
        return fail("missing " + positionals[next_positional]->name_);
    return {};
}

std::string Parser::usage() const {
    std::string line = "Usage: " + program_ + " [options]";
    for (const Arg& a : args_)
        if (a.positional_) line += a.required_ ? " " + a.name_ : " [" + a.name_ + "]";
    std::string out = line + "\n\n" + summary_ + "\n";

    // Left column: "  --port N", "  NOTES"; help text aligned after the widest
    // left part up to a cap, past which the help starts on the next line.
    constexpr size_t kCap = 26;
    auto left = [](const Arg& a) {
        return "  " + a.name_ + (a.positional_ || a.flag_ ? std::string() : " " + a.metavar_);
    };
    const std::string help_left = "  -h, --help";
    size_t width = help_left.size();
    for (const Arg& a : args_) width = std::max(width, std::min(left(a).size(), kCap));
    auto row = [&](const std::string& l, const std::string& help) {
        std::string r = l;
        if (l.size() > width) r += "\n" + std::string(width, ' ');
        else r += std::string(width - l.size(), ' ');
        return r + "  " + help + "\n";
    };
    auto describe = [](const Arg& a) {
        std::vector<std::string> parts;
        if (!a.constraint_.empty()) parts.push_back(a.constraint_);
        if (a.required_) parts.emplace_back("required");
        else if (!a.flag_ && !a.default_.empty()) parts.push_back("default: " + a.default_);
        return parts.empty() ? a.help_ : a.help_ + " (" + join(parts, "; ") + ")";
    };
    bool any_positional = false;
    for (const Arg& a : args_) any_positional = any_positional || a.positional_;
    if (any_positional) {
        out += "\nArguments:\n";
        for (const Arg& a : args_)
            if (a.positional_) out += row(left(a), describe(a));
    }
    out += "\nOptions:\n";
    for (const Arg& a : args_)
        if (!a.positional_) out += row(left(a), describe(a));
    out += row(help_left, "print this help and exit");
    for (const std::string& n : notes_) out += "\n" + n + "\n";
    return out;
}

}  // namespace zx::cli
