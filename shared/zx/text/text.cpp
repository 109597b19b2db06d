#include "zx/text/text.hpp"

namespace zx::text {

size_t invalid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        // The length of the sequence and the range of its second byte
        // (RFC 3629 section 4), which rules out overlong forms, surrogates
        // and code points above U+10FFFF.
        size_t n = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) n = 2;
        else if (b == 0xE0) n = 3, lo = 0xA0;
        else if (b == 0xED) n = 3, hi = 0x9F;
        else if (b >= 0xE1 && b <= 0xEF) n = 3;
        else if (b == 0xF0) n = 4, lo = 0x90;
        else if (b >= 0xF1 && b <= 0xF3) n = 4;
        else if (b == 0xF4) n = 4, hi = 0x8F;
        else return i;
        if (i + n > s.size()) return i;
        const auto b1 = static_cast<unsigned char>(s[i + 1]);
        if (b1 < lo || b1 > hi) return i;
        for (size_t k = 2; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        i += n;
    }
    return std::string_view::npos;
}

std::u32string decode(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        int len = 0;
        char32_t cp = 0;
        if (c < 0x80) {
            cp = c;
            len = 1;
        } else if ((c & 0xE0) == 0xC0) {
            cp = c & 0x1F;
            len = 2;
        } else if ((c & 0xF0) == 0xE0) {
            cp = c & 0x0F;
            len = 3;
        } else if ((c & 0xF8) == 0xF0) {
            cp = c & 0x07;
            len = 4;
        }
        bool ok = len > 0 && i + static_cast<size_t>(len) <= s.size();
        for (int k = 1; ok && k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
            if ((cc & 0xC0) != 0x80) ok = false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += static_cast<size_t>(len);
    }
    return out;
}

std::string encode(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

std::string encode(std::u32string_view s) {
    std::string out;
    for (char32_t c : s) out += encode(c);
    return out;
}

bool is_cjk(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x2FA1F) || (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           c == 0x3007;
}

char32_t fold(char32_t c) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    return c;
}

namespace {

bool is_word(char32_t c) {
    c = fold(c);
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

// Splits into runs: CJK runs and word runs; everything else separates.
template <class Fn>
void runs(const std::u32string& s, Fn&& fn) {
    size_t i = 0;
    while (i < s.size()) {
        if (is_cjk(s[i])) {
            size_t j = i;
            while (j < s.size() && is_cjk(s[j])) ++j;
            fn(true, std::u32string_view(s).substr(i, j - i));
            i = j;
        } else if (is_word(s[i])) {
            size_t j = i;
            while (j < s.size() && is_word(s[j])) ++j;
            std::u32string w;
            for (size_t k = i; k < j; ++k) w.push_back(fold(s[k]));
            fn(false, std::u32string_view(w));
            i = j;
        } else {
            ++i;
        }
    }
}

}  // namespace

std::string index_tokens(std::string_view utf8) {
    std::string out;
    auto add = [&](std::u32string_view t) {
        if (!out.empty()) out += ' ';
        out += encode(t);
    };
    runs(decode(utf8), [&](bool cjk, std::u32string_view run) {
        if (!cjk) return add(run);
        // The pairs first, in order, so a phrase of pairs matches a run as
        // written; then the single characters.
        for (size_t i = 0; i + 1 < run.size(); ++i) add(run.substr(i, 2));
        for (size_t i = 0; i < run.size(); ++i) add(run.substr(i, 1));
    });
    return out;
}

std::vector<std::u32string> query_terms(std::string_view query) {
    std::vector<std::u32string> out;
    runs(decode(query), [&](bool, std::u32string_view run) { out.emplace_back(run); });
    return out;
}

std::string match_expression(std::string_view query) {
    std::string expr;
    auto term = [&](const std::string& t) {
        if (!expr.empty()) expr += " AND ";
        expr += t;
    };
    runs(decode(query), [&](bool cjk, std::u32string_view run) {
        if (!cjk) {
            term("\"" + encode(run) + "\"*");
        } else if (run.size() == 1) {
            term("\"" + encode(run) + "\"");
        } else {
            // Every adjacent pair, in order: a phrase of bigrams matches the
            // run as it was written.
            std::string phrase;
            for (size_t i = 0; i + 1 < run.size(); ++i) phrase += (phrase.empty() ? "" : " ") + encode(run.substr(i, 2));
            term("\"" + phrase + "\"");
        }
    });
    return expr;
}

Snippet snippet(std::string_view text, std::string_view query, size_t width) {
    const auto s = decode(text);
    const auto terms = query_terms(query);
    // Folded copy for case-insensitive finding; same length as `s`.
    std::u32string folded;
    folded.reserve(s.size());
    for (char32_t c : s) folded.push_back(fold(c));
    size_t first = std::u32string::npos;
    for (const auto& t : terms) {
        const auto p = folded.find(t);
        if (p != std::u32string::npos && p < first) first = p;
    }
    size_t begin = 0;
    if (first != std::u32string::npos && first > width / 3) begin = first - width / 3;
    const size_t end = std::min(s.size(), begin + width);
    Snippet out;
    if (begin > 0) out.text = "…";
    for (size_t i = begin; i < end;) {
        size_t match = 0;
        for (const auto& t : terms)
            if (!t.empty() && folded.compare(i, t.size(), t) == 0) match = std::max(match, t.size());
        if (match > 0) {
            const size_t stop = std::min(end, i + match);
            const size_t at = out.text.size();
            out.text += encode(std::u32string_view(s).substr(i, stop - i));
            out.hits.emplace_back(at, out.text.size());
            i = stop;
        } else {
            const char32_t c = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? U' ' : s[i];
            out.text += encode(c);
            ++i;
        }
    }
    if (end < s.size()) out.text += "…";
    return out;
}

}  // namespace zx::text
