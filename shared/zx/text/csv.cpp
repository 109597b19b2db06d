#include "zx/text/csv.hpp"

#include "zx/text/text.hpp"

#include <algorithm>

namespace zx::text {

namespace {
constexpr std::string_view kFullwidthComma = "\xEF\xBC\x8C";  // U+FF0C
}

size_t CsvReader::separator_at(size_t pos) const {
    if (pos >= s_.size()) return 0;
    if (s_[pos] == ',') return 1;
    if (options_.fullwidth_commas && s_.substr(pos, kFullwidthComma.size()) == kFullwidthComma)
        return kFullwidthComma.size();
    return 0;
}

bool CsvReader::next(std::vector<std::string>& fields, size_t& line, std::optional<Problem>& error) {
    fields.clear();
    error.reset();
    if (pos_ >= s_.size()) return false;
    line = line_;
    // Where a field ends: a separator, or the end of the line (a CR before
    // the LF, or a lone CR at the very end, belongs to the line end).
    auto at_line_end = [&](size_t p) {
        return p >= s_.size() || s_[p] == '\n' || (s_[p] == '\r' && (p + 1 == s_.size() || s_[p + 1] == '\n'));
    };
    while (true) {
        std::string field;
        if (pos_ < s_.size() && s_[pos_] == '"') {
            const size_t open_line = line_;
            ++pos_;
            bool closed = false;
            while (pos_ < s_.size()) {
                const size_t q = s_.find('"', pos_);
                const size_t end = q == std::string_view::npos ? s_.size() : q;
                const auto chunk = s_.substr(pos_, end - pos_);
                line_ += static_cast<size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
                field.append(chunk);
                pos_ = end;
                if (q == std::string_view::npos) break;
                if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
                    field.push_back('"');
                    pos_ += 2;
                    continue;
                }
                ++pos_;
                closed = true;
                break;
            }
            const auto column = std::to_string(fields.size() + 1);
            if (!closed) {
                error = problem(Code::csv_quote, "column " + column,
                                "column {column}: a quoted field opened on line {opened} is never closed",
                                {{"column", column}, {"opened", std::to_string(open_line)}});
                return true;
            }
            if (!separator_at(pos_) && !at_line_end(pos_)) {
                error = problem(Code::csv_quote, "column " + column,
                                "column {column}: text after the closing quote (a quote inside a quoted field must be doubled: \"\")",
                                {{"column", column}});
                skip_line();
                return true;
            }
        } else {
            size_t stop = pos_;
            while (stop < s_.size() && s_[stop] != '\n' && !separator_at(stop)) ++stop;
            auto raw = s_.substr(pos_, stop - pos_);
            if (!raw.empty() && raw.back() == '\r' && (stop == s_.size() || s_[stop] == '\n')) raw.remove_suffix(1);
            field.assign(raw);
            pos_ = stop;
        }
        fields.push_back(std::move(field));
        if (pos_ >= s_.size()) return true;
        if (const size_t n = separator_at(pos_)) {
            pos_ += n;
            continue;
        }
        if (s_[pos_] == '\r') ++pos_;
        if (pos_ < s_.size() && s_[pos_] == '\n') {
            ++pos_;
            ++line_;
        }
        return true;
    }
}

void CsvReader::skip_line() {
    const size_t nl = s_.find('\n', pos_);
    pos_ = nl == std::string_view::npos ? s_.size() : nl + 1;
    if (nl != std::string_view::npos) ++line_;
}

std::string_view without_bom(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    return text;
}

namespace {
bool in(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

// Every byte above 0x7F is part of a GBK double-byte character (lead
// 0x81-0xFE, trail 0x40-0x7E or 0x80-0xFE) or a GB 18030 four-byte one
// (lead, 0x30-0x39, 0x81-0xFE, 0x30-0x39).
bool valid_gbk(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        if (!in(b, 0x81, 0xFE) || i + 1 >= s.size()) return false;
        const auto t = static_cast<unsigned char>(s[i + 1]);
        if (in(t, 0x40, 0x7E) || in(t, 0x80, 0xFE)) {
            i += 2;
            continue;
        }
        if (in(t, 0x30, 0x39) && i + 3 < s.size() && in(static_cast<unsigned char>(s[i + 2]), 0x81, 0xFE) &&
            in(static_cast<unsigned char>(s[i + 3]), 0x30, 0x39)) {
            i += 4;
            continue;
        }
        return false;
    }
    return true;
}
}  // namespace

Encoding guess_encoding(std::string_view bytes) {
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return Encoding::utf16;
    if (invalid_utf8(bytes) == std::string_view::npos) return Encoding::utf8;
    return valid_gbk(bytes) ? Encoding::gbk : Encoding::unknown;
}

std::string_view encoding_name(Encoding e) {
    switch (e) {
        case Encoding::utf8: return "UTF-8";
        case Encoding::utf16: return "UTF-16";
        case Encoding::gbk: return "GBK";
        case Encoding::unknown: return "unknown";
    }
    return "unknown";
}

}  // namespace zx::text
