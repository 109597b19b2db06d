// Class rosters from CSV (zx/tours/roster.hpp) and the CSV reader and
// encoding guess they share with the bases' import (zx/text/csv.hpp): BOM,
// quotes, full-width commas, blank lines, headers or none, GBK and UTF-16
// named, and each bad row reported with its line and field.
#include "zx/text/csv.hpp"
#include "zx/tours/roster.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace zx;

namespace {

// The rows as (line, name, number, grade), to compare in one CHECK.
std::vector<RosterRow> rows_of(const RosterReport& r) { return r.rows; }

const ImportError* error_at(const RosterReport& r, size_t row) {
    for (const auto& e : r.errors)
        if (e.row == row) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("csv: quotes, doubled quotes, line breaks inside quotes, CRLF and full-width commas") {
    const std::string text = "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\"，x，\"y，z\"\n";
    text::CsvReader plain(text);
    std::vector<std::string> f;
    size_t line = 0;
    std::optional<Problem> err;
    REQUIRE(plain.next(f, line, err));
    CHECK_FALSE(err);
    CHECK(line == 1);
    CHECK(f == std::vector<std::string>{"a", "b,c", "say \"hi\""});
    REQUIRE(plain.next(f, line, err));
    CHECK(line == 2);
    // Without the option the full-width comma is text, and a quote followed
    // by text is an error.
    CHECK(err);
    CHECK_FALSE(plain.next(f, line, err));

    text::CsvReader wide(text, {.fullwidth_commas = true});
    REQUIRE(wide.next(f, line, err));
    REQUIRE(wide.next(f, line, err));
    CHECK_FALSE(err);
    CHECK(f == std::vector<std::string>{"two\nlines", "x", "y，z"});  // quoted: kept as text

    text::CsvReader open("a,\"never closed\n");
    REQUIRE(open.next(f, line, err));
    REQUIRE(err);
    CHECK(err->code == Code::csv_quote);
    CHECK(err->param("column") == "2");
}

TEST_CASE("csv: the encoding of a file's bytes") {
    using text::Encoding;
    CHECK(text::guess_encoding("name,no\n") == Encoding::utf8);
    CHECK(text::guess_encoding("\xEF\xBB\xBF姓名,学号\n") == Encoding::utf8);
    // 姓名,学号 as Excel writes it on a Chinese system (GBK).
    const std::string gbk = "\xD0\xD5\xC3\xFB,\xD1\xA7\xBA\xC5\r\n\xC0\xEE\xC3\xF7,2026001\r\n";
    CHECK(text::guess_encoding(gbk) == Encoding::gbk);
    CHECK(text::guess_encoding(std::string("\xFF\xFEn\0a\0", 6)) == Encoding::utf16);
    CHECK(text::guess_encoding("\xFF\x41") == Encoding::unknown);  // 0xFF leads nothing in GBK
    CHECK(text::without_bom("\xEF\xBB\xBFx") == "x");
    CHECK(text::encoding_name(Encoding::gbk) == "GBK");
}

TEST_CASE("roster: a header in Chinese, a BOM, quotes, full-width commas and blank lines") {
    const auto r = parse_roster("\xEF\xBB\xBF姓名,学号,年级\r\n"
                                "李明,2026001,7\r\n"
                                "\r\n"
                                "\"王,小红\",s2026-002,七年级\r\n"
                                "张华，２０２６００３，初一\r\n"
                                "  ,  ,  \r\n"
                                "赵雷,2026004,\r\n",
                                {.class_grade = 7});
    CHECK_FALSE(r.fatal);
    CHECK(r.header);
    CHECK(r.errors.empty());
    CHECK(r.rows_seen == 4);
    CHECK(rows_of(r) == std::vector<RosterRow>{{2, "李明", "2026001", 7},
                                               {4, "王,小红", "S2026-002", 7},
                                               {5, "张华", "2026003", 7},
                                               {7, "赵雷", "2026004", 0}});
}

TEST_CASE("roster: without a header the columns are name, number and grade; a header may be in English, in any order") {
    const auto bare = parse_roster("李明,2026001\n张华,2026003,7\n");
    CHECK_FALSE(bare.header);
    CHECK(rows_of(bare) == std::vector<RosterRow>{{1, "李明", "2026001", 0}, {2, "张华", "2026003", 7}});

    const auto english = parse_roster("Grade, Student Number ,Name,Seat\n8,A-17,Lucy,3\n");
    CHECK(english.header);
    CHECK(rows_of(english) == std::vector<RosterRow>{{2, "Lucy", "A-17", 8}});
    // The unknown column is a warning on the header's line and refuses nothing.
    REQUIRE(english.errors.size() == 1);
    CHECK(english.errors[0].warning);
    CHECK(english.errors[0].row == 1);
    CHECK(english.errors[0].problem.code == Code::unknown_key);
    CHECK(english.errors[0].problem.param("key") == "Seat");
}

TEST_CASE("roster: each bad row is reported with its line and field, the good rows are kept") {
    const auto r = parse_roster("姓名,学号,年级\n"
                                "李明,2026001,7\n"           // 2 good
                                ",2026002,7\n"               // 3 no name
                                "张华,,7\n"                  // 4 no number
                                "王五,2026_005,7\n"          // 5 not a number
                                "赵六,2026006,九\n"          // 6 another grade
                                "钱七,2026007,七班\n"        // 7 not a grade
                                "孙八,2026001,7\n"           // 8 number again
                                "周九,2026009,7,多余\n"      // 9 too many cells
                                "吴十,\"2026010\n",          // 10 quote never closed
                                {.class_grade = 7});
    CHECK_FALSE(r.fatal);
    CHECK(rows_of(r) == std::vector<RosterRow>{{2, "李明", "2026001", 7}});
    CHECK(r.rows_seen == 9);
    struct Want {
        size_t row;
        Code code;
        const char* field;
    };
    for (const auto& w : {Want{3, Code::required, "name"}, Want{4, Code::required, "student_no"},
                          Want{5, Code::not_a_student_no, "student_no"}, Want{6, Code::grade_mismatch, "grade"},
                          Want{7, Code::not_a_grade, "grade"}, Want{8, Code::duplicate, "student_no"},
                          Want{9, Code::csv_field_count, "row"}, Want{10, Code::csv_quote, "column 2"}}) {
        CAPTURE(w.row);
        const auto* e = error_at(r, w.row);
        REQUIRE(e);
        CHECK(e->problem.code == w.code);
        CHECK(e->problem.field == w.field);
        CHECK_FALSE(e->warning);
    }
    CHECK(error_at(r, 8)->id == "2026001");
    CHECK(error_at(r, 6)->problem.param("expected") == "7");
}

TEST_CASE("roster: a file that cannot be read is refused whole, naming why") {
    // GBK, as Excel's plain "CSV" saves on a Chinese system: named, not guessed at.
    const auto gbk = parse_roster("\xD0\xD5\xC3\xFB,\xD1\xA7\xBA\xC5\r\n\xC0\xEE\xC3\xF7,2026001\r\n");
    REQUIRE(gbk.fatal);
    CHECK(gbk.rows.empty());
    REQUIRE(gbk.errors.size() == 1);
    CHECK(gbk.errors[0].problem.code == Code::file_encoding);
    CHECK(gbk.errors[0].problem.param("encoding") == "GBK");
    CHECK(gbk.errors[0].message.find("GBK") != std::string::npos);

    CHECK(parse_roster(std::string("\xFF\xFE\x4e\x67", 4)).errors.at(0).problem.param("encoding") == "UTF-16");
    CHECK(parse_roster("").errors.at(0).problem.code == Code::required);
    CHECK(parse_roster("\n\n姓名,学号\n\n").errors.at(0).problem.code == Code::required);  // a header, no students
    const auto no_number = parse_roster("姓名,年级\n李明,7\n");
    REQUIRE(no_number.fatal);
    CHECK(no_number.errors.at(0).problem.param("line") == "1");
    CHECK(no_number.errors.at(0).problem.field == "student_no");
    CHECK(parse_roster("姓名,学号,name\n").errors.at(0).problem.code == Code::duplicate);
    std::string many = "姓名,学号\n";
    for (int i = 0; i < 11; ++i) many += "某," + std::to_string(1000 + i) + "\n";
    CHECK(parse_roster(many, {.max_rows = 10}).errors.at(0).problem.code == Code::too_many);
    CHECK(parse_roster(many, {.max_bytes = 20}).errors.at(0).problem.code == Code::too_long);
}

TEST_CASE("roster: grades as people write them") {
    for (const auto& [text, grade] : std::vector<std::pair<const char*, int>>{
             {"7", 7}, {"７", 7}, {"07", 7}, {"7年级", 7}, {"七年级", 7}, {"初一", 7}, {"初三", 9}, {"高一", 10},
             {"高三年级", 12}, {"十二年级", 12}, {"一年级", 1}, {"Grade 11", 11}, {" 十 ", 10}})
        CHECK_MESSAGE(parse_grade(text) == grade, text);
    for (const char* bad : {"", "0", "13", "初四", "高", "七班", "grade", "123", "十三"}) CHECK_MESSAGE(!parse_grade(bad), bad);
}
