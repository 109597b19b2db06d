#pragma once
// A class roster (花名册) from a CSV file, as a teacher exports it from a
// spreadsheet: one student per row with name, student number (学号) and,
// optionally, grade. Parsed and checked here, once: the teacher's device
// runs it before uploading (so a file that cannot be read is named without a
// round trip) and the server runs it again before it writes anything.
//
// The report follows the bases' import (base_io.hpp): every usable row is
// kept, every other row gets one ImportError naming its line and field; a
// file that cannot be read at all (not UTF-8, too large, no rows) is `fatal`
// with one error and no rows, so nothing of it is imported.
// Pure functions, no I/O.
#include "zx/tours/base_io.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx {

struct RosterOptions {
    // The class's grade (1-12); a row stating another grade is refused, as a
    // row of another class's list. 0: any grade.
    int class_grade = 0;
    size_t max_bytes = 1024 * 1024;  // larger files are refused whole
    size_t max_rows = 1000;          // data rows; more are refused whole
};

struct RosterRow {
    size_t row = 0;          // the line where the record starts (1-based, as in ImportError::row)
    std::string name;        // trimmed, 1..200 bytes
    std::string student_no;  // as stored: parse_scanned_code(cell)->student_no (student_card.hpp)
    int grade = 0;           // as stated, 0 when the row has none
    bool operator==(const RosterRow&) const = default;
};

struct RosterReport {
    std::vector<RosterRow> rows;      // valid rows, in file order
    std::vector<ImportError> errors;  // sorted by row; warnings refused nothing
    size_t rows_seen = 0;             // data records read (blank lines not counted)
    bool header = false;              // the first record named the columns
    bool fatal = false;               // refused whole: one error, no rows
};

// Reads a roster. The text may start with a UTF-8 BOM; a file in GBK (what
// Excel saves as plain "CSV" on a Chinese system), UTF-16 or anything else
// that is not UTF-8 is fatal, with the encoding named (file_encoding).
// Fields are separated by ',' or the full-width '，' (text::CsvOptions), may
// be quoted, and are trimmed; blank lines are skipped.
//
// The first record that is not blank is a header when any of its cells
// names a column (case, spaces and '_' ignored): 姓名 / name / student name;
// 学号 / student_no / student number / number / no; 年级 / grade. Then name
// and number are required columns (missing: fatal, the field naming the
// column), an unknown column is a
// warning on the header's line and ignored, a repeated one fatal. Without
// a header the columns are name, number[, grade] and that first record is
// data. Empty cells at the end of a row are ignored.
//
// Row errors: name missing or longer than 200 bytes (required, too_long);
// number missing (required) or not a student number (not_a_student_no);
// a number twice in the file (duplicate, on the later row); a grade that is
// not one (not_a_grade) or not the class's (grade_mismatch); too many cells
// (roster_columns).
RosterReport parse_roster(std::string_view text, const RosterOptions& options = {});

// A grade as people write it: 1-12, "7", "７", "7年级", "七年级", "初一"
// (7) .. "初三" (9), "高一" (10) .. "高三" (12), "Grade 7". Nothing otherwise.
std::optional<int> parse_grade(std::string_view text);

}  // namespace zx
