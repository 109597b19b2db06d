// Unit tests for the personal space's pure parts: Chinese search tokens,
// Markdown, the timetable (expansion, 单双周, clashes, iCalendar) and the tools.
#include "zx/text/markdown.hpp"
#include "zx/text/text.hpp"
#include "zx/space/timetable.hpp"
#include "zx/space/tools.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

using namespace zx;

namespace {
bool has_token(const std::string& tokens, const std::string& t) {
    return (" " + tokens + " ").find(" " + t + " ") != std::string::npos;
}
}  // namespace

TEST_CASE("CJK text is indexed as characters and pairs, Latin as words") {
    const auto t = text::index_tokens("研学基地 Field-Trip 2026年");
    for (const char* tok : {"研", "学", "基", "地", "研学", "学基", "基地", "field", "trip", "2026", "年"})
        CHECK_MESSAGE(has_token(t, tok), tok);
    CHECK_FALSE(has_token(t, "Field"));  // lower-cased
    // Pairs come first and in order, so they form a phrase.
    CHECK(t.find("研学 学基 基地") != std::string::npos);
    CHECK(text::index_tokens("ＡＢＣ全角") == "abc 全角 全 角");
}

TEST_CASE("search expressions: one character, two characters, mixed queries") {
    CHECK(text::match_expression("研") == "\"研\"");
    CHECK(text::match_expression("研学") == "\"研学\"");
    CHECK(text::match_expression("研学基地") == "\"研学 学基 基地\"");
    CHECK(text::match_expression("数学 test") == "\"数学\" AND \"test\"*");
    CHECK(text::match_expression("  ,,  ") == "");
    CHECK(text::match_expression("\"; DROP") == "\"drop\"*");  // quotes cannot escape the expression
}

TEST_CASE("snippets show the first hit with context") {
    const std::string body = "今天我们去了西湖湿地公园，观察了白鹭。Egrets fish in shallow water.";
    auto s = text::snippet(body, "白鹭", 12);
    CHECK(s.text.find("白鹭") != std::string::npos);
    REQUIRE(s.hits.size() == 1);
    CHECK(s.text.substr(s.hits[0].first, s.hits[0].second - s.hits[0].first) == "白鹭");
    CHECK(s.text.rfind("…", 0) == 0);
    s = text::snippet(body, "egrets", 20);
    REQUIRE_FALSE(s.hits.empty());
    CHECK(s.text.substr(s.hits[0].first, s.hits[0].second - s.hits[0].first) == "Egrets");
    CHECK(text::snippet("短", "无关", 10).text == "短");
}

TEST_CASE("UTF-8 decoding survives broken bytes") {
    const auto d = text::decode(std::string("a\xE4\xB8") + "中");
    REQUIRE(d.size() == 4);
    CHECK(d[0] == U'a');
    CHECK(d[1] == 0xFFFD);
    CHECK(d[3] == U'中');
    CHECK(text::encode(text::decode("知行 zhixing")) == "知行 zhixing");
}

TEST_CASE("invalid_utf8 finds the first byte that is not well-formed UTF-8, as JSON writers see it") {
    CHECK(text::invalid_utf8("") == std::string_view::npos);
    CHECK(text::invalid_utf8("知行 zhixing 😀") == std::string_view::npos);
    CHECK(text::invalid_utf8("\xF4\x8F\xBF\xBF") == std::string_view::npos);  // U+10FFFF, the last code point
    CHECK(text::invalid_utf8("ab\xFF") == 2);
    CHECK(text::invalid_utf8("a\xC0\x80") == 1);          // overlong NUL
    CHECK(text::invalid_utf8("\xE0\x80\xAF") == 0);       // overlong '/'
    CHECK(text::invalid_utf8("中\xED\xA0\x80") == 3);      // a surrogate
    CHECK(text::invalid_utf8("\xF4\x90\x80\x80") == 0);   // above U+10FFFF
    CHECK(text::invalid_utf8("x\xE4\xB8") == 1);          // cut short
    CHECK(text::invalid_utf8("\xE4\xB8x") == 0);          // a continuation byte missing
    CHECK(text::invalid_utf8("\xD6\xAA\xD0\xD0") == 2);   // "知行" in GBK: D6 AA happens to be U+05AA, D0 D0 is no UTF-8
}

TEST_CASE("markdown: a list number has at most nine digits; more digits are text (once an int overflow)") {
    const auto blocks = md::parse("123456789. nine digits\n\n99999999999999999999. twenty digits\n");
    REQUIRE(blocks.size() == 2);
    CHECK(blocks[0].kind == md::BlockKind::ordered);
    CHECK(blocks[0].number == 123456789);
    CHECK(blocks[1].kind == md::BlockKind::paragraph);
    CHECK(blocks[1].spans.at(0).text == "99999999999999999999. twenty digits");
}

TEST_CASE("markdown blocks") {
    const auto blocks = md::parse(
        "# 研学日记\n\n第一段，\n继续。\n\n- 白鹭\n  - 小白鹭\n1. 观察\n2) 记录\n- [x] 完成\n- [ ] 待办\n\n"
        "> 引用\n\n```cpp\nint x;\n```\n\n| 名称 | 数量 |\n|:--|--:|\n| 白鹭 | 3 |\n\n---\n");
    REQUIRE(blocks.size() == 12);
    CHECK(blocks[0].kind == md::BlockKind::heading);
    CHECK(blocks[0].level == 1);
    CHECK(blocks[0].spans[0].text == "研学日记");
    CHECK(blocks[1].kind == md::BlockKind::paragraph);
    CHECK(blocks[1].spans[0].text == "第一段，继续。");  // no space between Chinese lines
    CHECK(blocks[2].kind == md::BlockKind::bullet);
    CHECK(blocks[3].level == 1);
    CHECK(blocks[4].kind == md::BlockKind::ordered);
    CHECK(blocks[5].number == 2);
    CHECK(blocks[6].kind == md::BlockKind::task);
    CHECK(blocks[6].checked);
    CHECK_FALSE(blocks[7].checked);
    CHECK(blocks[8].kind == md::BlockKind::quote);
    CHECK(blocks[9].kind == md::BlockKind::code);
    CHECK(blocks[9].lang == "cpp");
    CHECK(blocks[9].code == "int x;");
    CHECK(blocks[10].kind == md::BlockKind::table);
    REQUIRE(blocks[10].rows.size() == 2);
    CHECK(blocks[10].align[0] == md::Align::left);
    CHECK(blocks[10].align[1] == md::Align::right);
    CHECK(blocks[10].rows[1][0][0].text == "白鹭");
    CHECK(blocks[11].kind == md::BlockKind::rule);
}

TEST_CASE("markdown inline spans and wiki links") {
    const auto s = md::parse_inline("a **strong** *em* ~~gone~~ `x*y` [站点](https://ex.org) [[湿地笔记]] snake_case_name");
    auto find = [&](const std::string& text) {
        return std::find_if(s.begin(), s.end(), [&](const md::Span& x) { return x.text == text; });
    };
    REQUIRE(find("strong") != s.end());
    CHECK(find("strong")->strong);
    CHECK(find("em")->emphasis);
    CHECK(find("gone")->strike);
    CHECK(find("x*y")->code);
    CHECK(find("站点")->link == "https://ex.org");
    CHECK(find("湿地笔记")->wiki == "湿地笔记");
    CHECK(s.back().text.find("snake_case_name") != std::string::npos);
    CHECK(md::wiki_links("See [[A]] and [[B]], again [[A]]. `[[not]]`") == std::vector<std::string>{"A", "B"});
    CHECK(md::plain_text("# 标题\n**粗体**和[链接](u)") == "标题\n粗体和链接");
    // Unclosed markup is text, never an error.
    CHECK(md::parse_inline("**open")[0].text == "**open");
    CHECK(md::parse("```\nunterminated").at(0).code == "unterminated");
}

namespace {
timetable::Term term() {
    timetable::Term t;
    t.id = "t1";
    t.name = "2026 秋季学期";
    t.start = {2026, 9, 1};  // a Tuesday: week 1 runs Mon 31 Aug - Sun 6 Sep
    t.end = {2026, 10, 31};
    t.holidays = {{2026, 10, 1}, {2026, 10, 2}, {2026, 10, 5}};
    return t;
}
timetable::Entry weekly(std::string id, std::string title, int weekday, int start, int end,
                        timetable::Weeks w = timetable::Weeks::all) {
    timetable::Entry e;
    e.id = std::move(id);
    e.title = std::move(title);
    e.weekday = weekday;
    e.start_min = start;
    e.end_min = end;
    e.weeks = w;
    return e;
}
}  // namespace

TEST_CASE("dates: calendar maths and validation") {
    using timetable::Date;
    CHECK(timetable::weekday({1970, 1, 1}) == 4);
    CHECK(timetable::weekday({2026, 11, 23}) == 1);
    CHECK(timetable::from_days(timetable::to_days({2024, 2, 29})) == Date{2024, 2, 29});
    CHECK(timetable::parse_date("2026-02-28").has_value());
    CHECK_FALSE(timetable::parse_date("2026-02-29").has_value());
    CHECK_FALSE(timetable::parse_date("2026-13-01").has_value());
    CHECK_FALSE(timetable::parse_date("2026-9-1").has_value());
    CHECK_FALSE(timetable::parse_date("yesterday").has_value());
    CHECK(timetable::week_of_term(term(), {2026, 8, 31}) == 1);
    CHECK(timetable::week_of_term(term(), {2026, 9, 7}) == 2);
}

TEST_CASE("weekly lessons expand within the term, on odd/even weeks, around holidays") {
    const auto t = term();
    const std::vector<timetable::Entry> es{
        weekly("math", "数学", 1, 8 * 60, 8 * 60 + 45),
        weekly("art", "美术（单周）", 2, 10 * 60, 10 * 60 + 45, timetable::Weeks::odd),
        weekly("pe", "体育（双周）", 2, 10 * 60, 10 * 60 + 45, timetable::Weeks::even),
    };
    const auto occ = timetable::expand(es, &t, {2026, 8, 1}, {2026, 12, 31});
    int math = 0, art = 0, pe = 0;
    for (const auto& o : occ) {
        CHECK(o.date >= t.start);
        CHECK(o.date <= t.end);
        CHECK(std::find(t.holidays.begin(), t.holidays.end(), o.date) == t.holidays.end());
        if (o.entry_id == "math") ++math;
        if (o.entry_id == "art") {
            ++art;
            CHECK(timetable::week_of_term(t, o.date) % 2 == 1);
        }
        if (o.entry_id == "pe") {
            ++pe;
            CHECK(timetable::week_of_term(t, o.date) % 2 == 0);
        }
    }
    // Mondays from 7 Sep to 26 Oct: 8, minus the 5 Oct holiday.
    CHECK(math == 7);
    // Tuesdays 1 Sep - 27 Oct: 9; odd weeks 1,3,5,7,9 and even 2,4,6,8.
    CHECK(art == 5);
    CHECK(pe == 4);
    CHECK(timetable::clashes(occ).empty());
}

TEST_CASE("clashes are found, and impossible entries are refused with a reason") {
    const auto t = term();
    auto a = weekly("a", "语文", 3, 9 * 60, 10 * 60);
    auto b = weekly("b", "课外小组", 3, 9 * 60 + 30, 11 * 60);
    timetable::Entry trip;
    trip.id = "trip";
    trip.title = "西湖研学";
    trip.date = timetable::Date{2026, 9, 9};
    trip.start_min = 8 * 60;
    trip.end_min = 16 * 60;
    const auto occ = timetable::expand({a, b, trip}, &t, {2026, 9, 7}, {2026, 9, 13});
    const auto c = timetable::clashes(occ);
    CHECK(c.size() == 3);  // the trip clashes with both, and they with each other

    std::vector<Problem> problems;
    auto odd_no_term = weekly("x", "单周课", 1, 60, 120, timetable::Weeks::odd);
    auto backwards = weekly("y", "倒序", 1, 120, 60);
    auto bad_day = weekly("z", "第八天", 8, 60, 120);
    const auto none = timetable::expand({odd_no_term, backwards, bad_day}, nullptr, {2026, 9, 1}, {2026, 9, 30}, &problems);
    CHECK(none.empty());
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].code == Code::weeks_need_term);
    CHECK(problems[0].message.find("no term start") != std::string::npos);
    CHECK(problems[1].code == Code::ends_before_start);
    CHECK(problems[1].param("title") == "倒序");
    CHECK(problems[2].code == Code::out_of_range);
    CHECK(problems[2].field == "weekday");
}

TEST_CASE("iCalendar export and import round-trip") {
    const auto t = term();
    timetable::Entry trip;
    trip.id = "trip1";
    trip.title = "研学：西湖, 湿地; \\ 白鹭";
    trip.location = "杭州西湖区";
    trip.date = timetable::Date{2026, 10, 14};
    trip.start_min = 8 * 60;
    trip.end_min = 17 * 60 + 30;
    std::vector<timetable::Entry> es{
        weekly("math", "数学", 1, 8 * 60, 8 * 60 + 45),
        weekly("art", "美术", 2, 10 * 60, 10 * 60 + 45, timetable::Weeks::odd),
        weekly("pe", "体育", 2, 10 * 60, 10 * 60 + 45, timetable::Weeks::even),
        trip,
    };
    es[0].location = std::string(120, 'x') + "很长的地点名称很长的地点名称";  // forces line folding
    const auto ics = timetable::to_ics(es, &t, "七年级(1)班课表", 1'790'000'000'000);
    CHECK(ics.find("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai") != std::string::npos);
    CHECK(ics.find("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20261031T155959Z") != std::string::npos);
    CHECK(ics.find("EXDATE;TZID=Asia/Shanghai:20261005T080000") != std::string::npos);
    size_t pos = 0;
    while ((pos = ics.find("\r\n", pos)) != std::string::npos) {
        const auto start = ics.rfind("\r\n", pos - 1);
        CHECK(pos - (start == std::string::npos ? 0 : start + 2) <= 75);
        pos += 2;
    }
    const auto back = timetable::from_ics(ics, &t);
    CHECK(back.problems.empty());
    REQUIRE(back.entries.size() == es.size());
    for (size_t i = 0; i < es.size(); ++i) {
        CAPTURE(es[i].id);
        CHECK(back.entries[i] == es[i]);
    }
    // The same occurrences come out of the imported entries.
    CHECK(timetable::expand(back.entries, &t, t.start, t.end) == timetable::expand(es, &t, t.start, t.end));
}

TEST_CASE("malformed iCalendar input is reported, never half-read") {
    CHECK(timetable::from_ics("hello", nullptr).problems.at(0).message.find("not an iCalendar file") != std::string::npos);
    const auto r = timetable::from_ics(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:没有开始时间\nEND:VEVENT\n"
        "BEGIN:VEVENT\nSUMMARY:坏日期\nDTSTART:20260230T080000\nEND:VEVENT\n"
        "BEGIN:VEVENT\nSUMMARY:每天\nDTSTART:20260901T080000\nRRULE:FREQ=DAILY\nEND:VEVENT\n"
        "BEGIN:VEVENT\nSUMMARY:隔周无学期\nDTSTART:20260901T080000\nDTEND:20260901T090000\nRRULE:FREQ=WEEKLY;INTERVAL=2\nEND:VEVENT\n"
        "BEGIN:VEVENT\nSUMMARY:好的\nDTSTART:20260901T080000\nDTEND:20260901T090000\nEND:VEVENT\n"
        "BEGIN:VEVENT\nSUMMARY:没结束\nDTSTART:20260901T080000\n",
        nullptr);
    REQUIRE(r.entries.size() == 1);
    CHECK(r.entries[0].title == "好的");
    REQUIRE(r.problems.size() == 5);
    CHECK(r.problems[0].code == Code::ics_no_start);
    CHECK(r.problems[0].message.find("no DTSTART") != std::string::npos);
    CHECK(r.problems[0].param("line") == "2");
    CHECK(r.problems[1].code == Code::ics_bad_value);
    CHECK(r.problems[1].message.find("not a real date") != std::string::npos);
    CHECK(r.problems[2].code == Code::ics_unsupported);
    CHECK(r.problems[2].message.find("FREQ=DAILY") != std::string::npos);
    CHECK(r.problems[3].code == Code::weeks_need_term);
    CHECK(r.problems[3].message.find("needs a term") != std::string::npos);
    CHECK(r.problems[4].code == Code::ics_no_end);
    CHECK(r.problems[4].message.find("no END:VEVENT") != std::string::npos);
}

TEST_CASE("unit conversion, including Chinese market units") {
    CHECK(*tools::convert("km", "m", 2.5) == doctest::Approx(2500));
    CHECK(*tools::convert("jin", "kg", 3) == doctest::Approx(1.5));
    CHECK(*tools::convert("liang", "g", 1) == doctest::Approx(50));
    CHECK(*tools::convert("mu", "m2", 15) == doctest::Approx(10000));
    CHECK(*tools::convert("c", "f", 100) == doctest::Approx(212));
    CHECK(*tools::convert("f", "c", -40) == doctest::Approx(-40));
    CHECK(*tools::convert("k", "c", 0) == doctest::Approx(-273.15));
    CHECK(*tools::convert("kmh", "mps", 36) == doctest::Approx(10));
    CHECK_FALSE(tools::convert("km", "kg", 1).has_value());
    CHECK_FALSE(tools::convert("parsec", "m", 1).has_value());
    for (const auto& c : tools::unit_categories())
        for (const auto& u : c.units) CHECK(*tools::convert(u.id, u.id, 7.25) == doctest::Approx(7.25));
}

TEST_CASE("the calculator evaluates and explains") {
    auto v = [](const char* e, bool rad = false) { return tools::calculate(e, rad).value.value_or(std::nan("")); };
    CHECK(v("1 + 2 * 3") == 7);
    CHECK(v("(1 + 2) * 3") == 9);
    CHECK(v("2 ^ 3 ^ 2") == 512);
    CHECK(v("-2 ^ 2") == 4);  // unary minus binds tighter, as on school calculators
    CHECK(v("5!") == 120);
    CHECK(v("10 % 4") == 2);
    CHECK(v("sin(30)") == doctest::Approx(0.5));
    CHECK(v("sin(180)") == 0);
    CHECK(v("sin(pi / 6)", true) == doctest::Approx(0.5));
    CHECK(v("sqrt(16) + log(1000) + ln(e)") == doctest::Approx(8));
    CHECK(v("1.5e3 / 3") == 500);
    auto err = [](const char* e) { return tools::calculate(e).error.value_or(Problem{}).message; };
    auto code = [](const char* e) { return tools::calculate(e).error.value_or(Problem{}).code; };
    CHECK(code("1 / 0") == Code::calc_division_by_zero);
    CHECK(code("2 + ") == Code::calc_incomplete);
    CHECK(code("(1 + 2") == Code::calc_missing_paren);
    CHECK(code("foo(1)") == Code::calc_unknown_name);
    CHECK(code("sqrt(-1)") == Code::calc_domain);
    CHECK(code("1 $ 2") == Code::calc_unexpected);
    CHECK(tools::calculate("1 $ 2").error->param("position") == "3");
    CHECK(err("1 / 0").find("division by zero") != std::string::npos);
    CHECK(err("2 + ").find("ends too early") != std::string::npos);
    CHECK(err("(1 + 2").find("missing \")\"") != std::string::npos);
    CHECK(err("foo(1)").find("unknown function \"foo\"") != std::string::npos);
    CHECK(err("sqrt(-1)").find("negative") != std::string::npos);
    CHECK(err("1 $ 2").find("position 3") != std::string::npos);
}

#include "zx/space/cards.hpp"

TEST_CASE("flashcards from note text: question lines and cloze deletions") {
    const auto cards = cards::from_note(
        "# 地理\n长江 :: 中国最长的河流\n- 黄河 :: 中国第二长的河流\n"
        "{{c1::北京}}是中国的首都，{{c2::上海::城市}}是最大的城市。\n无关的一行\n坏的 ::\n");
    REQUIRE(cards.size() == 4);
    CHECK(cards[0].kind == "basic");
    CHECK(cards[0].front == "长江");
    CHECK(cards[0].back == "中国最长的河流");
    CHECK(cards[1].front == "黄河");
    CHECK(cards[2].kind == "cloze");
    CHECK(cards[2].front == "[…]是中国的首都，上海是最大的城市。");
    CHECK(cards[2].back == "北京是中国的首都，上海是最大的城市。");
    CHECK(cards[3].front == "北京是中国的首都，[城市]是最大的城市。");
    // The same text gives the same keys, so cards are not duplicated.
    CHECK(cards::from_note("长江 :: 中国最长的河流")[0].key == cards[0].key);
    CHECK(cards[0].key != cards[1].key);
}
