#pragma once
// Text handling for Chinese and mixed Chinese/Latin text: UTF-8 decoding,
// tokens for full-text search, and search snippets. One implementation for
// both builds, so what the desktop indexes the browser finds and vice versa.
//
// SQLite's FTS5 tokenizers either split Chinese into runs of whole phrases
// (unicode61) or need three characters (trigram), so short queries such as
// 研 or 研学 find nothing. We index every CJK character and every overlapping
// pair of characters instead, and Latin words whole, lower-cased.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zx::text {

// Decodes UTF-8; invalid bytes become U+FFFD, one per byte.
std::u32string decode(std::string_view utf8);
std::string encode(char32_t cp);
std::string encode(std::u32string_view s);
// The offset of the first byte that is not part of well-formed UTF-8 (RFC
// 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or npos.
// Text that is kept and later sent as JSON must pass: nlohmann::json refuses
// to write anything else.
size_t invalid_utf8(std::string_view s);

// Han, kana and Hangul: characters that are written without spaces.
bool is_cjk(char32_t cp);

// Tokens to index for `text`: for each run of CJK characters, every
// overlapping pair of adjacent characters (in order, so they form a phrase)
// followed by every single character; each Latin/digit word lower-cased
// (full-width letters folded to ASCII). Separated by single spaces, ready for
// an FTS5 column with the "ascii" tokenizer.
std::string index_tokens(std::string_view text);

// An FTS5 MATCH expression for a user's query: CJK runs of one character
// match that character, longer runs must contain every adjacent pair (a
// phrase of bigrams); Latin words match as prefixes. Terms are ANDed.
// Empty if the query has nothing to search for.
std::string match_expression(std::string_view query);

// The search terms as they appear in text (lower-cased words, CJK runs), for
// highlighting and snippets.
std::vector<std::u32string> query_terms(std::string_view query);

struct Snippet {
    std::string text;   // about `width` characters around the first hit, "…" where cut
    std::vector<std::pair<size_t, size_t>> hits;  // byte ranges of matches within `text`
};
// The part of `text` around the first occurrence of any of the query's
// terms (case-insensitive for Latin), or its beginning if none occurs.
Snippet snippet(std::string_view text, std::string_view query, size_t width = 40);

// Lower-cases ASCII and folds full-width ASCII (Ａ -> a).
char32_t fold(char32_t cp);

}  // namespace zx::text
