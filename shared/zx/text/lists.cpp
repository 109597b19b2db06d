#include "zx/text/lists.hpp"

namespace zx::text {

namespace {
constexpr std::string_view kIdeographicSpace = "\u3000";

bool blank_at(std::string_view s, size_t i, size_t& len) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        len = 1;
        return true;
    }
    if (s.substr(i, kIdeographicSpace.size()) == kIdeographicSpace) {
        len = kIdeographicSpace.size();
        return true;
    }
    return false;
}

// The first separator at or after `from`: its position and length.
std::pair<size_t, size_t> next_separator(std::string_view s, size_t from, Separators seps) {
    size_t best = std::string_view::npos, len = 0;
    for (const auto sep : seps) {
        if (sep.empty()) continue;
        const size_t at = s.find(sep, from);
        if (at < best) {
            best = at;
            len = sep.size();
        }
    }
    return {best, len};
}
}  // namespace

std::string trim(std::string_view s) {
    size_t a = 0, len = 0;
    while (a < s.size() && blank_at(s, a, len)) a += len;
    size_t b = s.size();
    while (b > a) {
        // Blanks are one byte, or the 3-byte U+3000.
        if (b - a >= kIdeographicSpace.size() && s.substr(b - kIdeographicSpace.size(), kIdeographicSpace.size()) == kIdeographicSpace) {
            b -= kIdeographicSpace.size();
            continue;
        }
        const char c = s[b - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            --b;
            continue;
        }
        break;
    }
    return std::string(s.substr(a, b - a));
}

std::vector<std::string> split_list(std::string_view s, Separators seps) {
    std::vector<std::string> out;
    size_t from = 0;
    while (from <= s.size()) {
        const auto [at, len] = next_separator(s, from, seps);
        const size_t end = at == std::string_view::npos ? s.size() : at;
        auto item = trim(s.substr(from, end - from));
        if (!item.empty()) out.push_back(std::move(item));
        if (at == std::string_view::npos) break;
        from = at + len;
    }
    return out;
}

std::pair<std::string, std::optional<std::string>> split_once(std::string_view s,
                                                              Separators seps) {
    const auto [at, len] = next_separator(s, 0, seps);
    if (at == std::string_view::npos) return {trim(s), std::nullopt};
    return {trim(s.substr(0, at)), trim(s.substr(at + len))};
}

}  // namespace zx::text
