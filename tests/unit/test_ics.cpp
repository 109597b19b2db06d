// The iCalendar import (zx/space/ics.hpp) on files shaped like what real
// calendar applications export (tests/fixtures: outlook.ics with Windows
// time-zone names and VTIMEZONEs, google.ics with UTC times, UNTIL, EXDATE
// and a moved instance, dingtalk.ics with COUNT, DURATION, RDATE, a
// cancelled instance and all-day events), the ids that make a second
// import the same as the first, and the limits that keep a hostile file
// cheap.
#include "zx/space/timetable.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace zx;
namespace tt = zx::timetable;

namespace {

std::string fixture(const char* name) {
    std::ifstream in(std::string(ZX_SOURCE_DIR "/tests/fixtures/") + name, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    REQUIRE_MESSAGE(!ss.str().empty(), name);
    return ss.str();
}

// The line (from 1) of the file's first line that starts with `start`.
size_t line_of(const std::string& text, const std::string& start) {
    size_t line = 1;
    for (size_t pos = 0; pos < text.size(); ++line) {
        if (text.compare(pos, start.size(), start) == 0) return line;
        const size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) break;
        pos = nl + 1;
    }
    return 0;
}

tt::Term autumn() {
    tt::Term t;
    t.id = "t1";
    t.name = "2026 秋季学期";
    t.start = {2026, 9, 1};
    t.end = {2026, 10, 31};
    t.holidays = {{2026, 10, 1}, {2026, 10, 2}, {2026, 10, 5}};
    return t;
}

std::map<std::string, tt::Entry> by_id(const std::vector<tt::Entry>& es) {
    std::map<std::string, tt::Entry> out;
    for (const auto& e : es) CHECK_MESSAGE(out.emplace(e.id, e).second, "id twice: " << e.id);
    return out;
}

const tt::Entry* find_title(const std::vector<tt::Entry>& es, const std::string& title, tt::Date d) {
    for (const auto& e : es)
        if (e.title == title && e.date == d) return &e;
    return nullptr;
}

// The file with its VEVENTs in reverse order, as a re-export may give them.
std::string events_reversed(const std::string& text) {
    std::vector<std::string> events;
    std::string head, tail;
    size_t pos = 0;
    while (true) {
        const size_t b = text.find("BEGIN:VEVENT", pos);
        if (b == std::string::npos) break;
        if (events.empty()) head = text.substr(0, b);
        const size_t e = text.find("END:VEVENT\r\n", b) + 12;
        events.push_back(text.substr(b, e - b));
        pos = e;
    }
    tail = text.substr(pos);
    std::string out = head;
    for (auto it = events.rbegin(); it != events.rend(); ++it) out += *it;
    return out + tail;
}

}  // namespace

TEST_CASE("Outlook: Windows time-zone names, VTIMEZONEs, weekly rules on several days, escaped and folded text") {
    const auto text = fixture("outlook.ics");
    const auto t = autumn();
    const auto r = tt::from_ics(text, &t);

    // The one event in a zone with summer time is refused, naming its line.
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].code == Code::ics_time_zone);
    CHECK(r.problems[0].param("value") == "Pacific Standard Time");
    CHECK(r.problems[0].param("line") == std::to_string(line_of(text, "DTSTART;TZID=Pacific Standard Time")));

    REQUIRE(r.entries.size() == 4);
    // MO,WE over the whole term: two weekly entries of the term, one per day,
    // from a UID too long for an id (hashed, with the weekday).
    std::map<int, tt::Entry> weekly;
    for (const auto& e : r.entries)
        if (e.weekday) weekly[e.weekday] = e;
    REQUIRE(weekly.size() == 2);
    for (const auto& [wd, e] : weekly) {
        CHECK(e.title == "数学, 代数");
        CHECK(e.location == "教学楼 301");
        CHECK(e.start_min == 8 * 60);
        CHECK(e.end_min == 8 * 60 + 45);
        CHECK(e.weeks == tt::Weeks::all);
        CHECK(e.id.starts_with("ics-"));
    }
    CHECK(weekly.count(1));
    CHECK(weekly.count(3));
    CHECK(weekly[1].id.ends_with("-mo"));
    CHECK(weekly[3].id.ends_with("-we"));
    // What the weekly entries give is what the rule says, less the term's holidays.
    std::set<tt::Date> days;
    for (const auto& o : tt::expand(r.entries, &t, t.start, t.end))
        if (o.title == "数学, 代数") days.insert(o.date);
    std::set<tt::Date> want;
    for (int64_t d = tt::to_days({2026, 9, 2}); d <= tt::to_days({2026, 10, 30}); ++d) {
        const auto day = tt::from_days(d);
        const int wd = tt::weekday(day);
        if ((wd == 1 || wd == 3) && std::find(t.holidays.begin(), t.holidays.end(), day) == t.holidays.end())
            want.insert(day);
    }
    CHECK(days == want);

    // The display name of Outlook's +08:00 zone, quoted because of its commas.
    const auto* meeting = find_title(r.entries, "班会", {2026, 9, 11});
    REQUIRE(meeting);
    CHECK(meeting->start_min == 15 * 60 + 30);
    CHECK(meeting->end_min == 16 * 60 + 15);
    CHECK(meeting->location == "七年级(1)班教室");
    // An all-day event is a whole day.
    const auto* outing = find_title(r.entries, "秋游", {2026, 10, 16});
    REQUIRE(outing);
    CHECK(tt::whole_day(*outing));
}

TEST_CASE("Google: UTC times, UNTIL, EXDATE, a moved instance (RECURRENCE-ID), an all-day event over two days") {
    const auto text = fixture("google.ics");
    const auto t = autumn();
    const auto r = tt::from_ics(text, &t);
    CHECK(r.problems.empty());
    // Tue/Thu 14:00 China time (06:00Z) from 8 Sep until 13 Oct: 11 starts,
    // less the excluded 17 Sep; 22 Sep moved to Wed 23 Sep 15:00.
    std::vector<tt::Entry> physics;
    for (const auto& e : r.entries)
        if (e.title.starts_with("物理兴趣小组")) physics.push_back(e);
    REQUIRE(physics.size() == 10);
    std::set<tt::Date> dates;
    for (const auto& e : physics) {
        CHECK(e.weekday == 0);  // the rule stops mid-term: one-off entries
        CHECK(e.location == "实验楼 2 楼物理实验室");
        REQUIRE(e.date);
        dates.insert(*e.date);
        if (*e.date == tt::Date{2026, 9, 23}) {
            CHECK(e.title == "物理兴趣小组（调课）");
            CHECK(e.start_min == 15 * 60);
            CHECK(e.end_min == 15 * 60 + 45);
            // The moved instance keeps the id of the one it replaces.
            CHECK(e.id.ends_with("-202609221400"));
        } else {
            CHECK(e.title == "物理兴趣小组");
            CHECK(e.start_min == 14 * 60);
            CHECK(e.end_min == 14 * 60 + 45);
            CHECK((tt::weekday(*e.date) == 2 || tt::weekday(*e.date) == 4));
        }
    }
    CHECK_FALSE(dates.count({2026, 9, 17}));
    CHECK_FALSE(dates.count({2026, 9, 22}));
    CHECK(dates.count({2026, 10, 13}));
    CHECK_FALSE(dates.count({2026, 10, 15}));
    // 15-16 Oct, DTEND exclusive.
    const auto* day1 = find_title(r.entries, "校运动会", {2026, 10, 15});
    const auto* day2 = find_title(r.entries, "校运动会", {2026, 10, 16});
    REQUIRE(day1);
    REQUIRE(day2);
    CHECK(tt::whole_day(*day1));
    CHECK(tt::whole_day(*day2));
    CHECK_FALSE(find_title(r.entries, "校运动会", {2026, 10, 17}));
    CHECK(r.entries.size() == 12);
    by_id(r.entries);
    // Whole days take no hours: they clash with nothing.
    CHECK(tt::clashes(tt::expand(r.entries, &t, {2026, 10, 12}, {2026, 10, 18})).empty());
}

TEST_CASE("DingTalk / WeCom: COUNT, DURATION, RDATE, a cancelled instance, a moved one, all-day, Asia/Urumqi") {
    const auto text = fixture("dingtalk.ics");
    for (const bool with_term : {true, false}) {
        CAPTURE(with_term);
        const auto t = autumn();
        const auto r = tt::from_ics(text, with_term ? &t : nullptr);
        CHECK(r.problems.empty());
        const std::string camp = "西溪湿地研学营：观察记录、采样与小组汇报（第一期）";
        // Daily from 19 Oct, 5 times (21st cancelled, 22nd moved), and the RDATE of 26 Oct.
        for (const tt::Date d : {tt::Date{2026, 10, 19}, {2026, 10, 20}, {2026, 10, 23}, {2026, 10, 26}}) {
            const auto* e = find_title(r.entries, camp, d);
            REQUIRE_MESSAGE(e, d.d);
            CHECK(e->start_min == 9 * 60);
            CHECK(e->end_min == 10 * 60 + 30);
            CHECK(e->location == "杭州, 西溪湿地; 东门集合");
        }
        CHECK_FALSE(find_title(r.entries, camp, {2026, 10, 21}));
        const auto* moved = find_title(r.entries, "西溪湿地研学营：小组汇报（改到下午）", {2026, 10, 22});
        REQUIRE(moved);
        CHECK(moved->start_min == 13 * 60 + 30);
        CHECK(moved->end_min == 15 * 60);
        // An all-day event without DTEND is one day.
        const auto* exam = find_title(r.entries, "期中考试", {2026, 10, 9});
        REQUIRE(exam);
        CHECK(tt::whole_day(*exam));
        CHECK(exam->id == "wecom-20261009-allday-0001");
        // Urumqi's clock is UTC+6: 08:00 there is 10:00 in Beijing.
        const auto* link = find_title(r.entries, "与新疆结对学校连线", {2026, 10, 12});
        REQUIRE(link);
        CHECK(link->start_min == 10 * 60);
        CHECK(link->end_min == 11 * 60);
        // A cancelled event is not imported.
        for (const auto& e : r.entries) CHECK(e.title != "已取消的讲座");
        CHECK(r.entries.size() == 7);
    }
}

TEST_CASE("the same file gives the same ids: whatever the order of its events, wherever it is read twice") {
    const auto t = autumn();
    for (const char* name : {"outlook.ics", "google.ics", "dingtalk.ics", "museum.ics"}) {
        CAPTURE(name);
        const auto text = fixture(name);
        const auto once = tt::from_ics(text, &t);
        REQUIRE_FALSE(once.entries.empty());
        const auto ids = by_id(once.entries);
        // Re-exports may order events differently; the entries are the same.
        const auto reversed = by_id(tt::from_ics(events_reversed(text), &t).entries);
        CHECK(reversed.size() == ids.size());
        for (const auto& [id, e] : ids) {
            CAPTURE(id);
            REQUIRE(reversed.count(id));
            CHECK(reversed.at(id) == e);
        }
        // And CRLF or LF makes no difference.
        std::string lf = text;
        for (size_t p; (p = lf.find("\r\n")) != std::string::npos;) lf.erase(p, 1);
        CHECK(by_id(tt::from_ics(lf, &t).entries).size() == ids.size());
    }
}

TEST_CASE("a bad value is a coded problem naming its line; the other events are read") {
    std::string text = fixture("dingtalk.ics");
    const std::string good = "DTSTART;TZID=Asia/Urumqi:20261012T080000";
    text.replace(text.find(good), good.size(), "DTSTART;TZID=Asia/Urumqi:2026-10-12 08:00");
    const auto r = tt::from_ics(text, nullptr);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].code == Code::ics_bad_value);
    CHECK(r.problems[0].field == "DTSTART");
    CHECK(r.problems[0].param("line") == std::to_string(line_of(text, "DTSTART;TZID=Asia/Urumqi")));
    CHECK(r.entries.size() == 6);
}

TEST_CASE("hostile files stay within the limits, quickly") {
    const auto t = autumn();
    const auto began = std::chrono::steady_clock::now();
    const std::string head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
    auto event = [](int i, const std::string& extra) {
        return "BEGIN:VEVENT\r\nUID:e" + std::to_string(i) + "\r\nDTSTART:20260907T080000\r\nDTEND:20260907T084500\r\nSUMMARY:课\r\n" +
               extra + "END:VEVENT\r\n";
    };

    // Too large: refused whole.
    const auto big = tt::from_ics(head + std::string(tt::kMaxFileBytes, 'x'), &t);
    REQUIRE(big.problems.size() == 1);
    CHECK(big.problems[0].code == Code::too_long);
    CHECK(big.problems[0].field == "file");
    CHECK(big.entries.empty());

    // An overlong (folded) line is left out with a problem; the event is read.
    std::string folded = "DESCRIPTION:";
    for (size_t i = 0; i < tt::kMaxLineBytes / 70 + 10; ++i) folded += std::string(70, 'a') + "\r\n ";
    const auto longline = tt::from_ics(head + event(1, folded + "\r\nLOCATION:长\r\n") + "END:VCALENDAR\r\n", &t);
    REQUIRE(longline.problems.size() == 1);
    CHECK(longline.problems[0].code == Code::too_long);
    CHECK(longline.problems[0].field == "DESCRIPTION");
    CHECK(longline.problems[0].param("line") == "8");
    REQUIRE(longline.entries.size() == 1);
    CHECK(longline.entries[0].location == "长");

    // More events than allowed: the first ones are read, one problem names where it stopped.
    std::string many = head;
    for (size_t i = 0; i < tt::kMaxEvents + 50; ++i) many += event(static_cast<int>(i), "");
    const auto lots = tt::from_ics(many + "END:VCALENDAR\r\n", &t);
    CHECK(lots.entries.size() == tt::kMaxEvents);
    REQUIRE(lots.problems.size() == 1);
    CHECK(lots.problems[0].code == Code::too_many);
    CHECK(lots.problems[0].field == "VEVENT");
    CHECK(lots.problems[0].param("line") == std::to_string(3 + 6 * tt::kMaxEvents));

    // Deep nesting, a million bad lines, rules that would run for ever.
    std::string deep = head;
    for (int i = 0; i < 100'000; ++i) deep += "BEGIN:X\r\n";
    CHECK_FALSE(tt::from_ics(deep, &t).problems.empty());
    std::string junk = head + "BEGIN:VEVENT\r\n";
    for (int i = 0; i < 300'000; ++i) junk += "junk\r\n";
    CHECK(tt::from_ics(junk, &t).problems.size() <= tt::kMaxProblems);
    std::string rules = head;
    for (int i = 0; i < 100; ++i)
        rules += "BEGIN:VEVENT\r\nUID:r" + std::to_string(i) +
                 "\r\nDTSTART:19000101T080000\r\nDTEND:19000101T084500\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n" +
                 "BEGIN:VEVENT\r\nUID:c" + std::to_string(i) +
                 "\r\nDTSTART:20260901T080000\r\nRRULE:FREQ=DAILY;COUNT=999999\r\nEND:VEVENT\r\n";
    const auto ruled = tt::from_ics(rules + "END:VCALENDAR\r\n", &t);
    CHECK(ruled.entries.empty());
    CHECK(ruled.problems.size() == 200);
    for (const auto& p : ruled.problems) CHECK(p.code == Code::ics_too_many);
    CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(20));
}

TEST_CASE("a file that is not UTF-8 (an old GBK export) is refused whole, naming its line") {
    std::ifstream in(std::string(ZX_SOURCE_DIR) + "/fuzz/corpus/ics/gbk_encoded_summary.ics", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const auto text = ss.str();
    REQUIRE(!text.empty());
    const auto r = tt::from_ics(text, nullptr);
    CHECK(r.entries.empty());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].code == zx::Code::malformed);
    CHECK(!r.problems[0].param("line").empty());
}
