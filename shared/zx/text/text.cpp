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
    // Never more characters than bytes: sized once, written in place, cut after.
    std::u32string out(s.size(), U'\0');
    size_t n = 0;
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
            out[n++] = 0xFFFD;
            ++i;
            continue;
        }
        out[n++] = cp;
        i += static_cast<size_t>(len);
    }
    out.resize(n);
    return out;
}

namespace {

// Writes the UTF-8 form of `cp` at `p` (up to 4 bytes) and moves `p` past it.
// The tokeniser writes a few bytes per character into a buffer sized once:
// in the WebAssembly build std::string::push_back is an out-of-line call into
// libc++ (its basic_string<char> is instantiated in the library), which made
// a per-byte append most of the tokeniser's time there.
void put_utf8(char*& p, char32_t cp) {
    if (cp < 0x80) {
        *p++ = static_cast<char>(cp);
    } else if (cp < 0x800) {
        *p++ = static_cast<char>(0xC0 | (cp >> 6));
        *p++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *p++ = static_cast<char>(0xE0 | (cp >> 12));
        *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *p++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        *p++ = static_cast<char>(0xF0 | (cp >> 18));
        *p++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *p++ = static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

std::string encode(char32_t cp) {
    char buf[4];
    char* p = buf;
    put_utf8(p, cp);
    return std::string(buf, static_cast<size_t>(p - buf));
}

std::string encode(std::u32string_view s) {
    std::string out(s.size() * 4, '\0');
    char* p = out.data();
    for (char32_t c : s) put_utf8(p, c);
    out.resize(static_cast<size_t>(p - out.data()));
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
// `fn(cjk, begin, end)` gets index ranges of `s`; word runs are to be read
// through fold().
template <class Fn>
void runs(const std::u32string& s, Fn&& fn) {
    size_t i = 0;
    while (i < s.size()) {
        if (is_cjk(s[i])) {
            size_t j = i;
            while (j < s.size() && is_cjk(s[j])) ++j;
            fn(true, i, j);
            i = j;
        } else if (is_word(s[i])) {
            size_t j = i;
            while (j < s.size() && is_word(s[j])) ++j;
            fn(false, i, j);
            i = j;
        } else {
            ++i;
        }
    }
}

// The run [b, e) of `s` as a term: CJK as written, words folded.
std::u32string term_of(const std::u32string& s, bool cjk, size_t b, size_t e) {
    std::u32string t(s, b, e - b);
    if (!cjk)
        for (auto& c : t) c = fold(c);
    return t;
}

}  // namespace

std::string index_tokens(std::string_view utf8) {
    const auto s = decode(utf8);
    // At most: a CJK character in two pairs and alone (3 x 4 bytes) plus
    // three separators. The buffer is sized once and cut to length after.
    std::string out(s.size() * 15, '\0');
    char* const start = out.data();
    char* p = start;
    auto sep = [&] {
        if (p != start) *p++ = ' ';
    };
    runs(s, [&](bool cjk, size_t b, size_t e) {
        if (!cjk) {
            sep();
            for (size_t i = b; i < e; ++i) put_utf8(p, fold(s[i]));
            return;
        }
        // The pairs first, in order, so a phrase of pairs matches a run as
        // written; then the single characters.
        for (size_t i = b; i + 1 < e; ++i) {
            sep();
            put_utf8(p, s[i]);
            put_utf8(p, s[i + 1]);
        }
        for (size_t i = b; i < e; ++i) {
            sep();
            put_utf8(p, s[i]);
        }
    });
    out.resize(static_cast<size_t>(p - start));
    if (out.capacity() > 2 * out.size() + 64) out.shrink_to_fit();
    return out;
}

std::vector<std::u32string> query_terms(std::string_view query) {
    std::vector<std::u32string> out;
    const auto s = decode(query);
    runs(s, [&](bool cjk, size_t b, size_t e) { out.push_back(term_of(s, cjk, b, e)); });
    return out;
}

std::string match_expression(std::string_view query) {
    std::string expr;
    auto term = [&](const std::string& t) {
        if (!expr.empty()) expr += " AND ";
        expr += t;
    };
    const auto s = decode(query);
    runs(s, [&](bool cjk, size_t b, size_t e) {
        const auto run = term_of(s, cjk, b, e);
        if (!cjk) {
            term("\"" + encode(run) + "\"*");
        } else if (run.size() == 1) {
            term("\"" + encode(run) + "\"");
        } else {
            // Every adjacent pair, in order: a phrase of bigrams matches the
            // run as it was written.
            std::string phrase;
            for (size_t i = 0; i + 1 < run.size(); ++i)
                phrase += (phrase.empty() ? "" : " ") + encode(std::u32string_view(run).substr(i, 2));
            term("\"" + phrase + "\"");
        }
    });
    return expr;
}

namespace {

// Whether `t` (folded) occurs in `s` at `i`, compared through fold().
bool folded_at(const std::u32string& s, size_t i, const std::u32string& t) {
    if (t.empty() || i + t.size() > s.size()) return false;
    for (size_t k = 0; k < t.size(); ++k)
        if (fold(s[i + k]) != t[k]) return false;
    return true;
}

}  // namespace

Snippet snippet(std::string_view text, std::string_view query, size_t width) {
    const auto s = decode(text);
    const auto terms = query_terms(query);
    // The first hit of any term. Compared through fold() in place rather than
    // on a folded copy: a note is searched once per snippet, and in the
    // WebAssembly build the copy and std::u32string::find cost more than the
    // comparison itself.
    size_t first = std::u32string::npos;
    for (size_t i = 0; i < s.size() && first == std::u32string::npos; ++i)
        for (const auto& t : terms)
            if (folded_at(s, i, t)) {
                first = i;
                break;
            }
    size_t begin = 0;
    if (first != std::u32string::npos && first > width / 3) begin = first - width / 3;
    const size_t end = std::min(s.size(), begin + width);
    Snippet out;
    // Written into a buffer sized once: "…" on both sides and 4 bytes a character.
    std::string buf((end - begin) * 4 + 6, '\0');
    char* const start = buf.data();
    char* p = start;
    auto ellipsis = [&] { put_utf8(p, U'…'); };
    if (begin > 0) ellipsis();
    for (size_t i = begin; i < end;) {
        size_t match = 0;
        for (const auto& t : terms)
            if (folded_at(s, i, t)) match = std::max(match, t.size());
        if (match > 0) {
            const size_t stop = std::min(end, i + match);
            const auto at = static_cast<size_t>(p - start);
            for (size_t k = i; k < stop; ++k) put_utf8(p, s[k]);
            out.hits.emplace_back(at, static_cast<size_t>(p - start));
            i = stop;
        } else {
            put_utf8(p, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? U' ' : s[i]);
            ++i;
        }
    }
    if (end < s.size()) ellipsis();
    buf.resize(static_cast<size_t>(p - start));
    out.text = std::move(buf);
    return out;
}

}  // namespace zx::text
