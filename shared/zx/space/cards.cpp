#include "zx/space/cards.hpp"

#include "zx/core/hash.hpp"

#include <cstdio>
#include <map>

namespace zx::cards {

namespace {

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '-' || s.front() == '*')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

std::string key_of(std::string_view kind, std::string_view front) {
    return hex64(fnv1a64(front, fnv1a64("|", fnv1a64(kind))));
}

struct Cloze {
    size_t begin, end;  // byte range of "{{cN::...}}"
    int group;
    std::string answer, hint;
};

std::vector<Cloze> clozes(std::string_view line) {
    std::vector<Cloze> out;
    size_t pos = 0;
    while ((pos = line.find("{{c", pos)) != std::string_view::npos) {
        size_t i = pos + 3;
        int group = 0;
        while (i < line.size() && line[i] >= '0' && line[i] <= '9') group = group * 10 + (line[i++] - '0');
        const auto close = line.find("}}", i);
        if (group == 0 || line.compare(i, 2, "::") != 0 || close == std::string_view::npos) {
            pos += 3;
            continue;
        }
        std::string inner(line.substr(i + 2, close - i - 2));
        std::string hint;
        if (const auto h = inner.find("::"); h != std::string::npos) {
            hint = inner.substr(h + 2);
            inner.resize(h);
        }
        out.push_back({pos, close + 2, group, inner, hint});
        pos = close + 2;
    }
    return out;
}

}  // namespace

std::vector<Draft> from_note(std::string_view body) {
    std::vector<Draft> out;
    size_t pos = 0;
    while (pos <= body.size()) {
        auto end = body.find('\n', pos);
        if (end == std::string_view::npos) end = body.size();
        const auto line = body.substr(pos, end - pos);
        pos = end + 1;
        const auto cs = clozes(line);
        if (!cs.empty()) {
            std::map<int, bool> groups;
            for (const auto& c : cs) groups[c.group] = true;
            // The answer side: every deletion filled in.
            std::string full;
            size_t at = 0;
            for (const auto& c : cs) {
                full += std::string(line.substr(at, c.begin - at)) + c.answer;
                at = c.end;
            }
            full += std::string(line.substr(at));
            for (const auto& [g, _] : groups) {
                std::string front;
                at = 0;
                for (const auto& c : cs) {
                    front += std::string(line.substr(at, c.begin - at));
                    front += c.group == g ? "[" + (c.hint.empty() ? std::string("…") : c.hint) + "]" : c.answer;
                    at = c.end;
                }
                front += std::string(line.substr(at));
                out.push_back({key_of("cloze", front), "cloze", trim(front), trim(full)});
            }
            continue;
        }
        const auto sep = line.find(" :: ");
        if (sep != std::string_view::npos) {
            auto front = trim(line.substr(0, sep)), back = trim(line.substr(sep + 4));
            if (!front.empty() && !back.empty()) out.push_back({key_of("basic", front), "basic", front, back});
        }
    }
    return out;
}

}  // namespace zx::cards
