#include "zx/core/format.hpp"

#include <cmath>
#include <cstdio>

namespace zx {

Arg::Arg(std::string_view n, double v, int digits) : name(n) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits < 0 ? 0 : digits, std::isfinite(v) ? v : 0.0);
    value = buf;
    if (value.find('.') != std::string::npos) {
        while (!value.empty() && value.back() == '0') value.pop_back();
        if (!value.empty() && value.back() == '.') value.pop_back();
    }
    if (value == "-0") value = "0";
}

namespace {
template <class Lookup>
std::string expand(std::string_view t, Lookup&& lookup) {
    std::string out;
    out.reserve(t.size() + 16);
    for (size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '{' && i + 1 < t.size() && t[i + 1] == '{') {
            out += '{';
            ++i;
            continue;
        }
        if (c != '{') {
            out += c;
            continue;
        }
        const size_t end = t.find('}', i + 1);
        if (end == std::string_view::npos) {
            out.append(t.substr(i));
            break;
        }
        const auto name = t.substr(i + 1, end - i - 1);
        if (const std::string* v = lookup(name)) out += *v;
        else out.append(t.substr(i, end - i + 1));  // unknown: left visible
        i = end;
    }
    return out;
}
}  // namespace

std::string format(std::string_view tmpl, std::initializer_list<Arg> args) {
    return expand(tmpl, [&](std::string_view name) -> const std::string* {
        for (const auto& a : args)
            if (a.name == name) return &a.value;
        return nullptr;
    });
}

std::string format(std::string_view tmpl, const std::vector<std::pair<std::string, std::string>>& args) {
    return expand(tmpl, [&](std::string_view name) -> const std::string* {
        for (const auto& [k, v] : args)
            if (k == name) return &v;
        return nullptr;
    });
}

std::vector<std::string> placeholders(std::string_view t) {
    std::vector<std::string> out;
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '{') continue;
        if (i + 1 < t.size() && t[i + 1] == '{') {
            ++i;
            continue;
        }
        const size_t end = t.find('}', i + 1);
        if (end == std::string_view::npos) break;
        std::string name(t.substr(i + 1, end - i - 1));
        bool seen = false;
        for (const auto& x : out) seen = seen || x == name;
        if (!seen) out.push_back(std::move(name));
        i = end;
    }
    return out;
}

}  // namespace zx
