#include "zx/text/markdown.hpp"

#include "zx/text/text.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace zx::md {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

size_t indent_of(std::string_view line) {
    size_t n = 0;
    for (char c : line) {
        if (c == ' ') ++n;
        else if (c == '\t') n += 4;
        else break;
    }
    return n;
}

bool is_rule(std::string_view t) {
    if (t.size() < 3) return false;
    const char c = t[0];
    if (c != '-' && c != '*' && c != '_') return false;
    size_t count = 0;
    for (char x : t) {
        if (x == c) ++count;
        else if (x != ' ') return false;
    }
    return count >= 3;
}

// "| a | b |" -> {"a", "b"}
std::vector<std::string_view> cells(std::string_view line) {
    line = trim(line);
    if (!line.empty() && line.front() == '|') line.remove_prefix(1);
    if (!line.empty() && line.back() == '|') line.remove_suffix(1);
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
        if (i == line.size() || (line[i] == '|' && (i == 0 || line[i - 1] != '\\'))) {
            out.push_back(trim(line.substr(start, i - start)));
            start = i + 1;
        }
    }
    return out;
}

bool is_separator_row(std::string_view line, std::vector<Align>& align) {
    if (line.find('|') == std::string_view::npos && line.find('-') == std::string_view::npos) return false;
    align.clear();
    for (auto c : cells(line)) {
        if (c.empty()) return false;
        const bool left = c.front() == ':', right = c.back() == ':';
        std::string_view dashes = c.substr(left ? 1 : 0, c.size() - (left ? 1 : 0) - (right ? 1 : 0));
        if (dashes.empty() || dashes.find_first_not_of('-') != std::string_view::npos) return false;
        align.push_back(left && right ? Align::center : right ? Align::right : left ? Align::left : Align::none);
    }
    return !align.empty();
}

// The last code point text::decode(s) gives, without decoding all of `s`:
// decode() visits every byte that is not a continuation byte (10xxxxxx), as
// no valid sequence can swallow one, so decoding from the last such byte of
// the final four gives the same last code point. Four continuation bytes at
// the end cannot all belong to one sequence, so the last is a replacement.
char32_t last_code_point(std::string_view s) {
    for (size_t back = 1; back <= std::min<size_t>(4, s.size()); ++back)
        if ((static_cast<unsigned char>(s[s.size() - back]) & 0xC0) != 0x80)
            return text::decode(s.substr(s.size() - back)).back();
    return 0xFFFD;
}

// Joins wrapped lines of a paragraph: a space between words, none between
// Chinese characters (a line break inside Chinese text is not a space).
// Looks only at the two characters that meet, so a paragraph of many lines
// costs its length, not its length times its lines.
void append_line(std::string& para, std::string_view line) {
    if (para.empty()) {
        para = line;
        return;
    }
    auto wide = [](char32_t c) { return text::is_cjk(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF); };
    const bool cjk_join = !line.empty() && wide(last_code_point(para)) && wide(text::decode(line.substr(0, 4)).front());
    if (!cjk_join) para += ' ';
    para += line;
}

struct Style {
    bool strong = false, emphasis = false, strike = false;
};

void push_text(std::vector<Span>& out, std::string text, const Style& st) {
    if (text.empty()) return;
    if (!out.empty()) {
        auto& last = out.back();
        if (!last.code && last.link.empty() && last.wiki.empty() && last.strong == st.strong &&
            last.emphasis == st.emphasis && last.strike == st.strike) {
            last.text += text;
            return;
        }
    }
    Span s;
    s.text = std::move(text);
    s.strong = st.strong;
    s.emphasis = st.emphasis;
    s.strike = st.strike;
    out.push_back(std::move(s));
}

// Searches in one text for the inline parser, which asks from positions that
// only move forward: each pattern remembers where it was last found, so a
// search that cannot find more than last time costs nothing. (Without it a
// line of n unmatched '[' or '*' took n searches to its end: quadratic.)
class Finder {
public:
    explicit Finder(std::string_view s) : s_(s) {}

    // The first occurrence of `pat` at or after `from` that ends by `limit`, or npos.
    size_t find(std::string_view pat, size_t from, size_t limit) {
        Memo* m = nullptr;
        for (auto& x : memo_)
            if (x.pat.data() == pat.data() || x.pat == pat) m = &x;
        if (!m) m = &memo_.emplace_back(Memo{pat, std::string_view::npos, std::string_view::npos});
        // A remembered search from at or before `from` answers this one when
        // what it found (or that nothing is left) is not before `from`.
        if (m->from == std::string_view::npos || m->from > from || (m->at != std::string_view::npos && m->at < from)) {
            m->from = from;
            m->at = s_.find(pat, from);
        }
        return m->at != std::string_view::npos && m->at + pat.size() <= limit ? m->at : std::string_view::npos;
    }

private:
    struct Memo {
        std::string_view pat;
        size_t from;
        size_t at;
    };
    std::string_view s_;
    std::vector<Memo> memo_;  // one per pattern: a handful
};

// Inline markup of `t` into `out`. Emphasis nests (the text between two
// marks is parsed again with the style on), without recursion: each nested
// text is a frame on an explicit stack, worked through like the call it
// replaces, so the depth of the input never reaches the C++ stack.
void inline_into(std::vector<Span>& out, std::string_view t) {
    struct Frame {
        size_t lo, hi;  // the text of this frame is t[lo, hi)
        size_t i;       // where it has got to
        Style st;
        std::string buf;  // plain text not yet pushed
    };
    Finder finder(t);
    std::vector<Frame> stack;
    stack.push_back({0, t.size(), 0, Style{}, {}});
    while (!stack.empty()) {
        Frame& f = stack.back();
        const size_t i = f.i, lo = f.lo, hi = f.hi;
        if (i >= hi) {
            push_text(out, std::move(f.buf), f.st);
            stack.pop_back();
            continue;
        }
        auto flush = [&] {
            push_text(out, std::move(f.buf), f.st);
            f.buf.clear();
        };
        // Most text starts no markup: take a run of it at once rather than
        // trying every rule on each character.
        static constexpr std::string_view kMarkupStarts = "\\`[h*_~";
        if (const auto run = std::min(t.find_first_of(kMarkupStarts, i), hi); run > i) {
            f.buf.append(t.substr(i, run - i));
            f.i = run;
            continue;
        }
        auto starts = [&](std::string_view s) { return i + s.size() <= hi && t[i] == s[0] && t.compare(i, s.size(), s) == 0; };
        const char c = t[i];
        if (c == '\\' && i + 1 < hi && std::ispunct(static_cast<unsigned char>(t[i + 1]))) {
            f.buf += t[i + 1];
            f.i = i + 2;
            continue;
        }
        if (c == '`') {
            const auto end = finder.find("`", i + 1, hi);
            if (end != std::string_view::npos) {
                flush();
                Span s;
                s.code = true;
                s.text = std::string(t.substr(i + 1, end - i - 1));
                out.push_back(std::move(s));
                f.i = end + 1;
                continue;
            }
        }
        if (starts("[[")) {
            const auto end = finder.find("]]", i + 2, hi);
            if (end != std::string_view::npos && end > i + 2) {
                flush();
                Span s;
                s.wiki = std::string(trim(t.substr(i + 2, end - i - 2)));
                s.text = s.wiki;
                out.push_back(std::move(s));
                f.i = end + 2;
                continue;
            }
        }
        if (c == '[') {
            const auto close = finder.find("](", i + 1, hi);
            const auto end = close == std::string_view::npos ? close : finder.find(")", close + 2, hi);
            if (close != std::string_view::npos && end != std::string_view::npos &&
                finder.find("[", i + 1, close) == std::string_view::npos) {
                flush();
                Span s;
                s.text = std::string(t.substr(i + 1, close - i - 1));
                s.link = std::string(trim(t.substr(close + 2, end - close - 2)));
                if (s.text.empty()) s.text = s.link;
                out.push_back(std::move(s));
                f.i = end + 1;
                continue;
            }
        }
        if (starts("http://") || starts("https://")) {
            size_t end = i;
            while (end < hi && !std::isspace(static_cast<unsigned char>(t[end])) && static_cast<unsigned char>(t[end]) < 0x80 &&
                   t[end] != ')' && t[end] != '>')
                ++end;
            flush();
            Span s;
            s.text = s.link = std::string(t.substr(i, end - i));
            out.push_back(std::move(s));
            f.i = end;
            continue;
        }
        // Delimited styles: **strong**, __strong__, ~~strike~~, *em*, _em_.
        struct Delim {
            std::string_view mark;
            bool Style::*flag;
        };
        static constexpr Delim kDelims[] = {{"**", &Style::strong}, {"__", &Style::strong}, {"~~", &Style::strike},
                                            {"*", &Style::emphasis}, {"_", &Style::emphasis}};
        bool matched = false;
        for (const auto& d : kDelims) {
            const std::string_view mark = d.mark;
            if (!starts(mark)) continue;
            // "_" inside a word (snake_case) is not emphasis.
            if (mark == "_" && i > lo && std::isalnum(static_cast<unsigned char>(t[i - 1]))) continue;
            const auto end = finder.find(mark, i + mark.size(), hi);
            if (end == std::string_view::npos || end == i + mark.size()) continue;
            if (t[i + mark.size()] == ' ') continue;  // "a * b" is not emphasis
            flush();
            Style inner = f.st;
            inner.*(d.flag) = true;
            f.i = end + mark.size();  // where this frame goes on once the inner text is done
            stack.push_back({i + mark.size(), end, i + mark.size(), inner, {}});  // invalidates f
            matched = true;
            break;
        }
        if (matched) continue;
        f.buf += c;
        f.i = i + 1;
    }
}

}  // namespace

std::vector<Span> parse_inline(std::string_view text) {
    std::vector<Span> out;
    inline_into(out, text);
    return out;
}

std::vector<Block> parse(std::string_view src) {
    std::vector<std::string_view> lines;
    size_t pos = 0;
    while (pos <= src.size()) {
        auto end = src.find('\n', pos);
        if (end == std::string_view::npos) end = src.size();
        auto line = src.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        pos = end + 1;
    }

    std::vector<Block> out;
    std::string para;
    auto end_paragraph = [&] {
        if (para.empty()) return;
        Block b;
        b.kind = BlockKind::paragraph;
        b.spans = parse_inline(para);
        out.push_back(std::move(b));
        para.clear();
    };

    for (size_t i = 0; i < lines.size(); ++i) {
        const auto raw = lines[i];
        const auto t = trim(raw);
        if (t.empty()) {
            end_paragraph();
            continue;
        }
        // Fenced code: verbatim until the closing fence (or the end).
        if (t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0) {
            end_paragraph();
            const auto fence = t.substr(0, 3);
            Block b;
            b.kind = BlockKind::code;
            b.lang = std::string(trim(t.substr(3)));
            for (++i; i < lines.size() && trim(lines[i]).rfind(fence, 0) != 0; ++i) {
                if (!b.code.empty()) b.code += '\n';
                b.code += lines[i];
            }
            out.push_back(std::move(b));
            continue;
        }
        if (t[0] == '#') {
            size_t level = 0;
            while (level < t.size() && t[level] == '#') ++level;
            if (level <= 6 && (level == t.size() || t[level] == ' ')) {
                end_paragraph();
                Block b;
                b.kind = BlockKind::heading;
                b.level = static_cast<int>(level);
                auto body = trim(t.substr(level));
                while (!body.empty() && body.back() == '#') body.remove_suffix(1);
                b.spans = parse_inline(trim(body));
                out.push_back(std::move(b));
                continue;
            }
        }
        if (is_rule(t)) {
            end_paragraph();
            Block b;
            b.kind = BlockKind::rule;
            out.push_back(std::move(b));
            continue;
        }
        if (t[0] == '>') {
            end_paragraph();
            Block b;
            b.kind = BlockKind::quote;
            std::string q(trim(t.substr(1)));
            while (i + 1 < lines.size() && !trim(lines[i + 1]).empty() && trim(lines[i + 1])[0] == '>')
                append_line(q, trim(trim(lines[++i]).substr(1)));
            b.spans = parse_inline(q);
            out.push_back(std::move(b));
            continue;
        }
        // Lists: "- x", "* x", "+ x", "1. x", "1) x", "- [ ] x", "- [x] x".
        {
            const size_t ind = indent_of(raw);
            size_t k = 0;
            bool ordered = false;
            int number = 0;
            if ((t[0] == '-' || t[0] == '*' || t[0] == '+') && t.size() > 1 && t[1] == ' ') {
                k = 2;
            } else {
                // A list item's number has at most 9 digits (CommonMark's rule,
                // checked below), so only those are added up: a longer run of
                // digits would overflow int, and it is text anyway.
                for (; k < t.size() && std::isdigit(static_cast<unsigned char>(t[k])); ++k)
                    if (k < 9) number = number * 10 + (t[k] - '0');
                if (k > 0 && k < 10 && k + 1 < t.size() && (t[k] == '.' || t[k] == ')') && t[k + 1] == ' ') {
                    ordered = true;
                    k += 2;
                } else {
                    k = 0;
                }
            }
            if (k > 0) {
                end_paragraph();
                Block b;
                b.kind = ordered ? BlockKind::ordered : BlockKind::bullet;
                b.number = number;
                b.level = static_cast<int>(ind / 2);
                auto item = trim(t.substr(k));
                if (!ordered && item.size() >= 3 && item[0] == '[' && item[2] == ']' &&
                    (item[1] == ' ' || item[1] == 'x' || item[1] == 'X')) {
                    b.kind = BlockKind::task;
                    b.checked = item[1] != ' ';
                    item = trim(item.substr(3));
                }
                b.spans = parse_inline(item);
                out.push_back(std::move(b));
                continue;
            }
        }
        // Tables: a row of cells followed by a separator row.
        std::vector<Align> align;
        if (t.find('|') != std::string_view::npos && i + 1 < lines.size() && is_separator_row(trim(lines[i + 1]), align)) {
            end_paragraph();
            Block b;
            b.kind = BlockKind::table;
            b.align = align;
            auto row = [&](std::string_view line) {
                std::vector<std::vector<Span>> r;
                for (auto c : cells(line)) r.push_back(parse_inline(c));
                r.resize(align.size());
                b.rows.push_back(std::move(r));
            };
            row(t);
            for (i += 2; i < lines.size() && trim(lines[i]).find('|') != std::string_view::npos; ++i) row(trim(lines[i]));
            --i;
            out.push_back(std::move(b));
            continue;
        }
        append_line(para, t);
    }
    end_paragraph();
    return out;
}

std::vector<std::string> wiki_links(std::string_view markdown) {
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;  // a note of n distinct links must not cost n^2 comparisons
    auto collect = [&](const std::vector<Span>& spans) {
        for (const auto& s : spans)
            if (!s.wiki.empty() && seen.insert(s.wiki).second) out.push_back(s.wiki);
    };
    for (const auto& b : parse(markdown)) {
        collect(b.spans);
        for (const auto& row : b.rows)
            for (const auto& cell : row) collect(cell);
    }
    return out;
}

std::string plain_text(std::string_view markdown) {
    std::string out;
    auto add = [&](const std::vector<Span>& spans) {
        for (const auto& s : spans) out += s.text;
    };
    for (const auto& b : parse(markdown)) {
        if (!out.empty()) out += '\n';
        if (b.kind == BlockKind::code) out += b.code;
        add(b.spans);
        for (const auto& row : b.rows) {
            for (const auto& cell : row) {
                add(cell);
                out += ' ';
            }
            out += '\n';
        }
    }
    return out;
}

}  // namespace zx::md
