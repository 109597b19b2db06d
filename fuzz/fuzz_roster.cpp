// Fuzz target: the class roster reader (zx::parse_roster), as a teacher's
// device runs it before uploading and POST /api/v1/classes/{id}/roster runs
// it again before writing.
//
// Checked beyond "no crash": it never throws (every problem is a row's
// error or the one fatal one), the report keeps roster.hpp's promises that
// the server relies on (server/roster.cpp reads errors.at(0) of a fatal
// report and stores every row as it is), and each kept row holds what an
// account may: a name of 1-200 bytes and a stored-form student number,
// never twice.
#include "decode.hpp"

#include "zx/text/text.hpp"
#include "zx/tours/roster.hpp"
#include "zx/tours/student_card.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>

using namespace zx;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto report = parse_roster(text, {.class_grade = 7});
    if (report.fatal) fuzz::require(report.errors.size() == 1 && report.rows.empty(), "a fatal report must have one error and keep nothing");
    fuzz::require(std::is_sorted(report.errors.begin(), report.errors.end(),
                                 [](const ImportError& a, const ImportError& b) { return a.row < b.row; }),
                  "errors are not sorted by row");
    std::set<std::string> numbers;
    size_t last = 0;
    for (const auto& r : report.rows) {
        fuzz::require(r.row > last, "rows are not in file order");
        last = r.row;
        fuzz::require(!r.name.empty() && r.name.size() <= 200, "a kept row's name is empty or too long");
        fuzz::require(text::invalid_utf8(r.name) == std::string_view::npos, "a kept name is not UTF-8");
        fuzz::require(valid_student_no(r.student_no), "a kept number is not in the stored form");
        fuzz::require(numbers.insert(r.student_no).second, "a number kept twice");
        fuzz::require(r.grade == 0 || r.grade == 7, "a row of another grade was kept");
    }
    for (const auto& e : report.errors) fuzz::require(!e.message.empty(), "an error without a message");
    return 0;
}
