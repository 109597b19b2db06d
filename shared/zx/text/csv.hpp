#pragma once
// CSV as spreadsheets write it: the RFC 4180 record reader every import
// shares (bases, class rosters), and what a file's bytes are encoded in, so
// that a file saved in GBK by a spreadsheet in China is named as such
// instead of being read as garbage.
#include "zx/core/problem.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx::text {

struct CsvOptions {
    // Also end a field at the full-width comma '，' (U+FF0C) outside quotes:
    // for lists typed by people with a Chinese input method on, where a
    // value never holds one (names, numbers). Never for free text such as
    // addresses.
    bool fullwidth_commas = false;
};

// RFC 4180 records, one at a time: fields separated by ',', optionally in
// double quotes with "" for a quote (a quoted field may span lines), records
// ended by LF or CRLF. Expects text without a BOM (without_bom()).
class CsvReader {
public:
    explicit CsvReader(std::string_view s, CsvOptions options = {}) : s_(s), options_(options) {}

    // Reads the next record into `fields`; false at the end of the input.
    // `line` is where the record starts (1-based). `error` is set (code
    // csv_quote, field "column N") and the rest of the record skipped for a
    // quote that is never closed or is followed by more text.
    bool next(std::vector<std::string>& fields, size_t& line, std::optional<Problem>& error);

private:
    // The length of the separator at `pos` (',' or, when enabled, '，'), 0 if none.
    size_t separator_at(size_t pos) const;
    void skip_line();

    std::string_view s_;
    CsvOptions options_;
    size_t pos_ = 0;
    size_t line_ = 1;
};

// `text` without a leading UTF-8 byte order mark (as Excel's "CSV UTF-8" writes).
std::string_view without_bom(std::string_view text);

enum class Encoding {
    utf8,     // well-formed UTF-8 (a BOM or none; plain ASCII is UTF-8 too)
    utf16,    // a UTF-16 byte order mark (Excel's "Unicode text")
    gbk,      // not UTF-8, and every byte above 0x7F pairs into GBK / GB 18030 characters
    unknown,  // none of these
};
// What the bytes of a text file are written in, as far as they tell. Not
// UTF-8 but valid GBK is what Excel's plain "CSV" gives on a Chinese
// system; short non-UTF-8 text may be valid GBK by chance, which only means
// the name offered is GBK.
Encoding guess_encoding(std::string_view bytes);
// "UTF-8", "UTF-16", "GBK", "unknown": for messages and problem params.
std::string_view encoding_name(Encoding e);

}  // namespace zx::text
