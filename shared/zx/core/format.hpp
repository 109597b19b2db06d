#pragma once
// Text with named placeholders: "共 {count} 个基地" with {"count", "240"}.
//
// Translated UI strings and problem messages are templates, not printf
// formats: a translator can reorder placeholders, a missing argument shows as
// the placeholder itself instead of reading random memory, and a test can
// check that both languages of a string use the same placeholders
// (placeholders()). "{{" writes a literal "{".
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zx {

// One named argument; numbers are converted once, here.
struct Arg {
    std::string_view name;
    std::string value;
    Arg(std::string_view n, std::string v) : name(n), value(std::move(v)) {}
    Arg(std::string_view n, std::string_view v) : name(n), value(v) {}
    Arg(std::string_view n, const char* v) : name(n), value(v ? v : "") {}
    Arg(std::string_view n, int v) : name(n), value(std::to_string(v)) {}
    Arg(std::string_view n, long v) : name(n), value(std::to_string(v)) {}
    Arg(std::string_view n, long long v) : name(n), value(std::to_string(v)) {}
    Arg(std::string_view n, unsigned v) : name(n), value(std::to_string(v)) {}
    Arg(std::string_view n, unsigned long v) : name(n), value(std::to_string(v)) {}
    Arg(std::string_view n, unsigned long long v) : name(n), value(std::to_string(v)) {}
    // Doubles: up to `digits` decimals, trailing zeros dropped ("4.5", "3").
    Arg(std::string_view n, double v, int digits = 1);
};

// Replaces each {name} in `tmpl` with the argument of that name. Unknown
// names stay as written, so a mistake is visible rather than silent.
std::string format(std::string_view tmpl, std::initializer_list<Arg> args);
std::string format(std::string_view tmpl, const std::vector<std::pair<std::string, std::string>>& args);

// The placeholder names of a template, in order of first appearance.
std::vector<std::string> placeholders(std::string_view tmpl);

}  // namespace zx
