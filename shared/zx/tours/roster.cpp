// Class rosters from CSV (roster.hpp):
//   1. grades as people write them
//   2. the columns: header names, or the fixed order without a header
//   3. parse_roster: encoding and size, header, rows
#include "zx/tours/roster.hpp"

#include "zx/sync/model.hpp"
#include "zx/text/csv.hpp"
#include "zx/text/lists.hpp"
#include "zx/text/text.hpp"
#include "zx/tours/student_card.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace zx {

namespace {

// --- 1. Grades ----------------------------------------------------------------

// 一 .. 十二 as a number; 0 when `s` is not one.
int chinese_number(std::u32string_view s) {
    static constexpr std::u32string_view kDigits = U"一二三四五六七八九";
    auto digit = [](char32_t c) {
        const auto i = kDigits.find(c);
        return i == std::u32string_view::npos ? 0 : static_cast<int>(i) + 1;
    };
    if (s.size() == 1) return s[0] == U'十' ? 10 : digit(s[0]);
    if (s.size() == 2 && s[0] == U'十') {
        const int d = digit(s[1]);
        return d ? 10 + d : 0;
    }
    return 0;
}

}  // namespace

std::optional<int> parse_grade(std::string_view text) {
    // Full-width digits and letters folded, blanks dropped, letters lower-cased.
    std::u32string s;
    for (char32_t c : text::decode(text)) {
        c = text::fold(c);
        if (c == U' ' || c == U'\t' || c == U'\u3000') continue;
        s += c;
    }
    std::u32string_view v(s);
    if (v.starts_with(U"grade")) v.remove_prefix(5);
    if (v.ends_with(U"年级")) v.remove_suffix(2);
    int grade = 0;
    int offset = 0;  // 初 counts from grade 7, 高 from grade 10
    if (v.starts_with(U"初")) offset = 6;
    else if (v.starts_with(U"高")) offset = 9;
    if (offset) {
        v.remove_prefix(1);
        const int n = chinese_number(v);
        if (n < 1 || n > 3) return std::nullopt;
        return offset + n;
    }
    if (!v.empty() && std::all_of(v.begin(), v.end(), [](char32_t c) { return c >= U'0' && c <= U'9'; })) {
        if (v.size() > 2) return std::nullopt;
        for (const char32_t c : v) grade = grade * 10 + static_cast<int>(c - U'0');
    } else {
        grade = chinese_number(v);
    }
    if (grade < 1 || grade > 12) return std::nullopt;
    return grade;
}

namespace {

// --- 2. Columns ----------------------------------------------------------------

enum class Column { name, number, grade, unknown };

// A header cell as compared: trimmed, ASCII lower-cased, without spaces and '_'.
std::string header_key(std::string_view cell) {
    std::string out;
    for (const char c : text::trim(cell)) {
        if (c == ' ' || c == '_') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

Column column_of(std::string_view cell) {
    static const std::map<std::string, Column, std::less<>> names{
        {"name", Column::name},         {"studentname", Column::name},    {"姓名", Column::name},
        {"学生姓名", Column::name},     {"studentno", Column::number},    {"studentnumber", Column::number},
        {"number", Column::number},     {"no", Column::number},           {"no.", Column::number},
        {"学号", Column::number},       {"grade", Column::grade},         {"年级", Column::grade}};
    const auto it = names.find(header_key(cell));
    return it == names.end() ? Column::unknown : it->second;
}

constexpr std::string_view kColumnNames = "姓名/name, 学号/student_no, 年级/grade";

// --- 3. Parsing ------------------------------------------------------------------

struct Collector {
    RosterReport report;
    void fail(size_t row, std::string id, Problem p, bool warning = false) {
        report.errors.push_back({row, std::move(id), p.message, p, warning});
    }
};

// The file refused whole (row 0, as the bases' import reports it); a problem
// of one line has that line as a parameter, leading the message.
RosterReport fatal(Problem p, size_t line = 0) {
    RosterReport r;
    r.fatal = true;
    if (line) {
        p.params.emplace_back("line", std::to_string(line));
        p.message = "line " + std::to_string(line) + ": " + p.message;
    }
    r.errors.push_back({0, "", p.message, p, false});
    return r;
}

}  // namespace

RosterReport parse_roster(std::string_view text, const RosterOptions& options) {
    if (text.size() > options.max_bytes)
        return fatal(problem(Code::too_long, "file", "the roster file is larger than {max} bytes",
                             {{"max", std::to_string(options.max_bytes)}}));
    if (const auto enc = text::guess_encoding(text); enc != text::Encoding::utf8) {
        // Named, not converted: a guess at GBK that were wrong would write
        // wrong names into accounts.
        const std::string name(text::encoding_name(enc));
        return fatal(problem(Code::file_encoding, "file",
                             "the file is not UTF-8 but {encoding}; save it as \"CSV UTF-8\" and import it again",
                             {{"encoding", name}}));
    }
    text = text::without_bom(text);

    text::CsvReader reader(text, {.fullwidth_commas = true});
    std::vector<std::string> cells;
    size_t line = 0;
    std::optional<Problem> error;
    // Cells trimmed, and the empty ones at the end dropped (spreadsheets
    // often write a trailing separator).
    auto tidy = [&] {
        for (auto& c : cells) c = text::trim(c);
        while (!cells.empty() && cells.back().empty()) cells.pop_back();
    };

    Collector out;
    // Positions of the columns in a row; without a header, the fixed order.
    std::optional<size_t> name_at = 0, number_at = 1, grade_at = 2;
    size_t width = 3;  // cells a row may have
    bool first = true;
    std::set<std::string> seen_numbers;
    while (reader.next(cells, line, error)) {
        if (!error) {
            tidy();
            if (cells.empty()) continue;  // a blank line
        }
        if (first && !error) {
            first = false;
            const bool header = std::any_of(cells.begin(), cells.end(), [](const std::string& c) { return column_of(c) != Column::unknown; });
            if (header) {
                out.report.header = true;
                name_at = number_at = grade_at = std::nullopt;
                width = cells.size();
                for (size_t i = 0; i < cells.size(); ++i) {
                    std::optional<size_t>* slot = nullptr;
                    switch (column_of(cells[i])) {
                        case Column::name: slot = &name_at; break;
                        case Column::number: slot = &number_at; break;
                        case Column::grade: slot = &grade_at; break;
                        case Column::unknown: break;
                    }
                    if (!slot) {
                        out.fail(line, "",
                                 problem(Code::unknown_key, "header", "unknown column \"{key}\" is ignored (known: {allowed})",
                                         {{"key", cells[i]}, {"allowed", std::string(kColumnNames)}}),
                                 true);
                        continue;
                    }
                    if (*slot)
                        return fatal(problem(Code::duplicate, "header", "column \"{value}\" appears twice in the header",
                                             {{"value", cells[i]}}),
                                     line);
                    *slot = i;
                }
                // The field is the column missing (the first, when both are):
                // what the teacher adds to the file.
                if (!name_at || !number_at)
                    return fatal(problem(Code::required, !name_at ? "name" : "student_no",
                                         "the header lacks the column {value}",
                                         {{"value", !name_at ? "姓名/name" : "学号/student_no"}}),
                                 line);
                continue;
            }
        }
        first = false;
        if (++out.report.rows_seen > options.max_rows)
            return fatal(problem(Code::too_many, "rows", "the roster has more than {max} rows; import one class at a time",
                                 {{"max", std::to_string(options.max_rows)}}));
        auto cell = [&](const std::optional<size_t>& at) { return at && *at < cells.size() ? cells[*at] : std::string(); };
        const std::string number_cell = cell(number_at);
        if (error) {
            out.fail(line, number_cell, *error);
            continue;
        }
        // More cells than columns: the row is not what the header (or,
        // without one, the fixed order) says, so no cell can be trusted.
        if (out.report.header && cells.size() > width) {
            out.fail(line, number_cell,
                     problem(Code::csv_field_count, "row", "the row has {count} fields, the header has {expected}",
                             {{"count", std::to_string(cells.size())}, {"expected", std::to_string(width)}}));
            continue;
        }
        if (!out.report.header && (cells.size() < 2 || cells.size() > width)) {
            out.fail(line, number_cell,
                     problem(Code::roster_columns, "row",
                             "the row has {count} cells; a roster row is name, student number and grade",
                             {{"count", std::to_string(cells.size())}}));
            continue;
        }
        RosterRow r;
        r.row = line;
        r.name = cell(name_at);
        if (r.name.empty()) {
            out.fail(line, number_cell, problem(Code::required, "name", "{field} must be given"));
            continue;
        }
        if (r.name.size() > model::kMaxShortBytes) {
            out.fail(line, number_cell, problem(Code::too_long, "name", "{field} must be at most {max} bytes",
                                                {{"max", std::to_string(model::kMaxShortBytes)}}));
            continue;
        }
        if (number_cell.empty()) {
            out.fail(line, "", problem(Code::required, "student_no", "{field} must be given"));
            continue;
        }
        const auto scanned = parse_scanned_code(number_cell);
        // A card's whole payload pasted in a cell is not a roster's number.
        if (!scanned || !scanned->school_id.empty()) {
            out.fail(line, number_cell,
                     problem(Code::not_a_student_no, "student_no",
                             "\"{value}\" is not a student number (1-32 letters, digits or '-')", {{"value", number_cell.substr(0, 40)}}));
            continue;
        }
        r.student_no = scanned->student_no;
        if (const auto g = cell(grade_at); !g.empty()) {
            const auto grade = parse_grade(g);
            if (!grade) {
                out.fail(line, r.student_no,
                         problem(Code::not_a_grade, "grade", "\"{value}\" is not a grade (1-12, 七年级, 初一 ...)",
                                 {{"value", g.substr(0, 40)}}));
                continue;
            }
            if (options.class_grade && *grade != options.class_grade) {
                out.fail(line, r.student_no,
                         problem(Code::grade_mismatch, "grade", "grade {value} in a list for a class of grade {expected}",
                                 {{"value", std::to_string(*grade)}, {"expected", std::to_string(options.class_grade)}}));
                continue;
            }
            r.grade = *grade;
        }
        if (!seen_numbers.insert(r.student_no).second) {
            out.fail(line, r.student_no,
                     problem(Code::duplicate, "student_no", "student number {value} appears twice in the file",
                             {{"value", r.student_no}}));
            continue;
        }
        out.report.rows.push_back(std::move(r));
    }
    if (out.report.rows_seen == 0)
        return fatal(problem(Code::required, "rows", "the roster has no students: one row per student (name, student number, grade)"));
    std::stable_sort(out.report.errors.begin(), out.report.errors.end(),
                     [](const ImportError& a, const ImportError& b) { return a.row < b.row; });
    return out.report;
}

}  // namespace zx
