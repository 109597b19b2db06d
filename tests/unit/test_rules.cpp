// The small rules that exist once in shared/ and are used by the server and
// both clients: lists as typed, China's calendar day, derived ids, the
// named-placeholder formatter, coded problems, the typed records and the
// domain rules of synced records (run at both edges).
#include "zx/core/china_time.hpp"
#include "zx/core/error.hpp"
#include "zx/core/format.hpp"
#include "zx/core/hash.hpp"
#include "zx/core/problem.hpp"
#include "zx/space/records.hpp"
#include "zx/space/timetable.hpp"
#include "zx/sync/fields.hpp"
#include "zx/sync/model.hpp"
#include "zx/sync/sync.hpp"
#include "zx/text/lists.hpp"
#include "zx/tours/records.hpp"
#include "zx/wire/record_rules.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

using namespace zx;
using nlohmann::json;

TEST_CASE("lists as people type them: commas of both widths, lines, blanks") {
    using V = std::vector<std::string>;
    CHECK(text::split_list("数学，物理, chemistry ,,", text::kCommas) == V{"数学", "物理", "chemistry"});
    CHECK(text::split_list("  第一步\n\n第二步\r\n  ", text::kLines) == V{"第一步", "第二步"});
    CHECK(text::split_list("2026-10-01 2026-10-02，2026-10-03", text::kBlanksAndCommas) ==
          V{"2026-10-01", "2026-10-02", "2026-10-03"});
    CHECK(text::split_list("a；b;c", text::kSemicolons) == V{"a", "b", "c"});
    CHECK(text::split_list("", text::kCommas).empty());
    CHECK(text::trim("\u3000 湿地 \t") == "湿地");  // the ideographic space is a blank too
    const auto [name, leader] = text::split_once("第一组，王老师", text::kCommas);
    CHECK(name == "第一组");
    REQUIRE(leader.has_value());
    CHECK(*leader == "王老师");
    CHECK_FALSE(text::split_once("第二组", text::kCommas).second.has_value());
    // Tags: any separator, duplicates once, in order.
    CHECK(split_tags("地理、长江，地理\n wetland") == V{"地理", "长江", "wetland"});
    CHECK(join_tags({"a", "b"}) == "a, b");
}

TEST_CASE("China's calendar day: UTC+8 all year, also before 1970") {
    // 2026-12-01 15:59:59 UTC is 23:59:59 in China; one second later the next day.
    const int64_t evening = 1'796'140'799'000;
    CHECK(timetable::format(timetable::china_today(evening)) == "2026-12-01");
    CHECK(timetable::format(timetable::china_today(evening + 1000)) == "2026-12-02");
    CHECK(china::midnight_before(evening + 1000) == evening + 1000);
    CHECK(china::day_start_ms(china::day_of(evening)) == evening + 1000 - china::kDayMs);
    CHECK(china::minute_of_day(evening) == 23 * 60 + 59);
    CHECK(timetable::format_date_time(evening) == "2026-12-01 23:59");
    CHECK(china::day_of(-1) == 0);  // 1970-01-01 07:59:59.999 in China
    CHECK(china::day_of(-8 * 3'600'000 - 1) == -1);
}

TEST_CASE("derived ids are stable and short") {
    // The offset the first clients used (1469598103934665603, not FNV's
    // published 14695981039346656037): kept, since ids already made with it
    // live in users' stores.
    CHECK(hex64(fnv1a64("")) == hex64(1469598103934665603ull));
    CHECK(hex64(0xab) == "00000000000000ab");
    CHECK(card_id("note-1", "q|a") == card_id("note-1", "q|a"));
    CHECK(card_id("note-1", "q|a") != card_id("note-2", "q|a"));
    CHECK(card_id("n", "k").size() == 17);
    // The digest of "note|key" as the first clients made it, byte for byte.
    CHECK(card_id("note-1", "key") == "k" + hex64(fnv1a64("note-1|key")));
    CHECK(rating_id("trip-1", "zj-0003", "u-teacher1") == "trip-1-r-zj-0003-u-teacher1");
    const std::string long_trip(40, 't');
    const auto id = rating_id(long_trip, "zj-0003", "u-" + std::string(30, 'x'));
    CHECK(id.size() <= 64);
    CHECK(id == rating_id(long_trip, "zj-0003", "u-" + std::string(30, 'x')));
}

TEST_CASE("templates with named placeholders") {
    CHECK(format("共 {total} 个基地", {{"total", 240}}) == "共 240 个基地");
    CHECK(format("{b} before {a}", {{"a", "1"}, {"b", "2"}}) == "2 before 1");  // a translation may reorder
    CHECK(format("{missing} stays", {}) == "{missing} stays");                 // a mistake shows
    CHECK(format("{{literal}", {}) == "{literal}");
    CHECK(format("{x}", {Arg("x", 4.5)}) == "4.5");
    CHECK(format("{x}", {Arg("x", 3.0)}) == "3");
    CHECK(format("{x}", {Arg("x", 2.25, 2)}) == "2.25");
    CHECK(placeholders("{a} {b} {a} {{c}") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("problems: one list of codes, names both ways, located") {
    const auto codes = all_codes();
    REQUIRE(codes.size() == static_cast<size_t>(Code::count_));
    std::set<std::string_view> names;
    for (const Code c : codes) {
        CHECK(names.insert(to_code(c)).second);
        CHECK(code_from_name(to_code(c)) == c);
    }
    CHECK_FALSE(code_from_name("no_such_code").has_value());
    auto p = problem(Code::too_long, "title", "{field} is longer than {max} bytes", {{"max", "200"}});
    CHECK(p.message == "title is longer than 200 bytes");
    CHECK(p.param("max") == "200");
    p = located(p, "changes[3]");
    CHECK(p.field == "changes[3].title");
    CHECK(p.message == "changes[3]: title is longer than 200 bytes");
    const ValidationError e(p);
    CHECK(std::string(e.what()) == p.message);
    CHECK(e.problem() == p);
    // Params compare as a set: they travel as a JSON object.
    Problem q = p;
    std::reverse(q.params.begin(), q.params.end());
    q.params.emplace_back("x", "1");
    q.params.pop_back();
    CHECK(q == p);
}

TEST_CASE("record fields are read leniently, one way") {
    const json f{{"t", "text"}, {"n", 3}, {"r", 2.5}, {"b", true}, {"j", "[\"a\",\"b\",1]"}, {"nil", nullptr}};
    CHECK(fields::text(f, "t") == "text");
    CHECK(fields::text(f, "n").empty());
    CHECK(fields::integer(f, "n") == 3);
    CHECK(fields::integer(f, "r") == 2);
    CHECK(fields::integer(f, "absent", 7) == 7);
    CHECK(fields::real(f, "r") == 2.5);
    CHECK(fields::flag(f, "b"));
    CHECK_FALSE(fields::flag(f, "t"));
    CHECK(fields::strings(f, "j") == std::vector<std::string>{"a", "b"});  // JSON as text, non-strings skipped
    CHECK(fields::json_value(f, "nil").is_null());
}

TEST_CASE("typed records read back what they write") {
    Activity a;
    a.class_id = "c1";
    a.kind = ActivityKind::study_tour;
    a.title = "湿地观察";
    a.steps = {"看", "记"};
    a.due_date = "2026-12-05";
    a.published = true;
    a.attachments = {{"图鉴", "https://example.org/birds"}};
    a.rubric = {{"内容", 40}, {"表达", 60}};
    const auto back = activity_from_fields("act-1", to_fields(a));
    CHECK(back.title == a.title);
    CHECK(back.kind == a.kind);
    CHECK(back.steps == a.steps);
    CHECK(back.attachments == a.attachments);
    CHECK(back.rubric == a.rubric);
    CHECK(back.published);

    Submission s;
    s.activity_id = "act-1";
    s.body = "白鹭";
    s.status = SubmissionStatus::submitted;
    s.steps_done = {true, false};
    s.submitted_at = 5;
    const auto sb = submission_from_fields("s1", work_fields(s));
    CHECK(sb.status == SubmissionStatus::submitted);
    CHECK(sb.steps_done == s.steps_done);
    CHECK(sb.submitted_at == 5);

    TimetableItem t;
    t.entry.title = "数学";
    t.entry.weekday = 3;
    t.entry.start_min = 480;
    t.entry.end_min = 525;
    t.entry.weeks = timetable::Weeks::odd;
    t.term_id = "term-1";
    t.kind = "lesson";
    const auto tb = timetable_item_from_fields("tt1", to_fields(t));
    CHECK(tb.entry.weeks == timetable::Weeks::odd);
    CHECK(tb.term_id == "term-1");
    CHECK(tb.entry.start_min == 480);

    const auto trip = trip_from_fields("trip-1", {{"bases", json::array({"zj-1", {{"base_id", "zj-2"}}})},
                                                  {"groups", json::array({{{"name", "一组"}, {"leader_id", "u-t"}}})}});
    CHECK(trip.bases == std::vector<std::string>{"zj-1", "zj-2"});  // both forms of a stop
    CHECK(trip.groups == std::vector<TripGroup>{{"一组", "u-t"}});
}

TEST_CASE("the teacher's lines: attachments and rubric") {
    std::vector<Attachment> att;
    CHECK_FALSE(parse_attachments("图鉴|https://example.org/birds\nhttps://example.org/map\n", att));
    REQUIRE(att.size() == 2);
    CHECK(att[1].name == "https://example.org/map");
    const auto bad = parse_attachments("好|https://ok.org\n坏|ftp://nope", att);
    REQUIRE(bad.has_value());
    CHECK(bad->code == Code::not_a_link);
    CHECK(bad->param("line") == "2");
    std::vector<RubricItem> rub;
    CHECK_FALSE(parse_rubric("内容|40\n表达|60", rub));
    CHECK(rub == std::vector<RubricItem>{{"内容", 40}, {"表达", 60}});
    for (const char* wrong : {"内容", "内容|", "内容|零", "内容|0", "|40", "内容|-5"}) {
        const auto p = parse_rubric(wrong, rub);
        REQUIRE_MESSAGE(p.has_value(), wrong);
        CHECK(p->code == Code::rubric_line);
    }
}

TEST_CASE("a new timetable entry belongs to its term, or starts this week") {
    TimetableItem t;
    t.entry.title = "钢琴";
    t.entry.weekday = 2;
    t.entry.start_min = 960;
    t.entry.end_min = 1020;
    const int64_t now = 1'796'140'799'000;  // 2026-12-01 in China
    const auto free = place_entry(t, nullptr, now);
    REQUIRE(free.entry.date.has_value());
    CHECK(timetable::format(*free.entry.date) == "2026-12-01");
    CHECK_FALSE(validate(free, nullptr).has_value());
    const timetable::Term term{"term-1", "秋季", {2026, 9, 1}, {2027, 1, 20}, {}};
    const auto termed = place_entry(t, &term, now);
    CHECK(termed.term_id == "term-1");
    CHECK_FALSE(termed.entry.date.has_value());
    t.entry.weeks = timetable::Weeks::even;
    CHECK(validate(place_entry(t, nullptr, now), nullptr)->code == Code::weeks_need_term);
    CHECK_FALSE(validate(place_entry(t, &term, now), &term).has_value());
}

TEST_CASE("work is overdue after the end of its due day in China") {
    Activity a;
    a.due_date = "2026-12-01";
    const int64_t last_second = 1'796'140'799'000;  // 23:59:59 of that day in China
    CHECK(work_state(nullptr, a, last_second) == WorkState::not_started);
    CHECK(work_state(nullptr, a, last_second + 1000) == WorkState::overdue);
    Submission s;
    s.status = SubmissionStatus::submitted;
    CHECK(work_state(&s, a, last_second + 1000) == WorkState::submitted);
}

TEST_CASE("the rules of synced records, as both edges run them") {
    auto change = [](std::string collection, std::string record, json fields, std::optional<bool> del = std::nullopt) {
        sync::Change c;
        c.id = "c1";
        c.collection = std::move(collection);
        c.record = std::move(record);
        c.hlc = "0000000000010000:dev";
        c.fields = std::move(fields);
        c.deleted = del;
        return c;
    };
    // A note's body: the note's own words, before the model's byte limit.
    auto p = check_change(change("notes", "n1", {{"body", std::string(300 * 1024, 'x')}}), nullptr);
    REQUIRE(p.has_value());
    CHECK(p->code == Code::note_too_long);
    CHECK(p->param("size_kb") == "300");
    // The model's rules still hold: a title over 200 bytes, an unknown field.
    p = check_change(change("notes", "n1", {{"title", std::string(201, 'x')}}), nullptr);
    REQUIRE(p.has_value());
    CHECK(p->code == Code::too_long);
    CHECK(p->param("max") == "200");
    CHECK(check_change(change("notes", "n1", {{"colour", "red"}}), nullptr)->code == Code::unknown_field);
    // A timetable entry must make sense after the change, with what it had before.
    const json entry{{"title", "数学"}, {"weekday", 1}, {"start_min", 480}, {"end_min", 525}, {"date", "2026-09-07"}};
    CHECK_FALSE(check_change(change("timetable_entries", "e1", entry), nullptr));
    CHECK(check_change(change("timetable_entries", "e1", {{"end_min", 400}}), entry)->code == Code::ends_before_start);
    CHECK(check_change(change("timetable_entries", "e1", {{"weeks", "odd"}}), entry)->code == Code::weeks_need_term);
    CHECK_FALSE(check_change(change("timetable_entries", "e1", {{"weeks", "odd"}, {"term_id", "t1"}}), entry));
    // Deleting is always allowed, whatever the record held.
    CHECK_FALSE(check_change(change("timetable_entries", "e1", json::object(), true), {{"title", ""}}));
    // A base suspended needs its reason; an activity's links are http(s).
    const json base{{"name", "湿地学校"}, {"category", "nature"}, {"level", "municipal"}, {"lat", 30.2}, {"lon", 120.1}};
    CHECK(check_change(change("bases", "zj-1", {{"status", "suspended"}}), base)->code == Code::reason_required);
    CHECK_FALSE(check_change(change("bases", "zj-1", {{"status", "suspended"}, {"status_reason", "整改"}}), base));
    CHECK(check_change(change("bases", "zj-1", {{"capacity", -5}}), base)->code == Code::out_of_range);
    CHECK(check_change(change("activities", "a1", {{"title", "t"}, {"attachments", json::array({{{"name", "x"}, {"url", "javascript:1"}}})}}),
                       nullptr)
              ->code == Code::not_a_link);
    CHECK(check_change(change("activities", "a1", {{"kind", "party"}}), nullptr)->code == Code::unknown_value);
    CHECK(check_change(change("base_ratings", "r1", {{"trip_id", "t"}, {"base_id", "b"}, {"overall", 6}}), nullptr)->code ==
          Code::out_of_range);
    CHECK(check_change(change("terms", "t1", {{"name", "秋"}, {"start_date", "2026-09-01"}, {"end_date", "2026-08-01"}}),
                       nullptr)
              ->code == Code::ends_before_start);
    CHECK(check_change(change("tools", "l1", {{"name", "地图"}, {"url", "map.example"}}), nullptr)->code == Code::not_a_link);
}

TEST_CASE("a change too large to travel on its own is refused by the shared rule, on the device and the server") {
    // Each field within its own limit, but escaped for JSON (a control
    // character becomes six bytes) the change is more than a push may carry.
    sync::Change c;
    c.id = "c1";
    c.collection = "activities";
    c.record = "a1";
    c.hlc = "01a2345a97890000:dev";
    c.fields = {{"title", "整理"}, {"body", std::string(250 * 1024, '\x01')}};
    const auto p = sync::validate_change(c);
    REQUIRE(p.has_value());
    CHECK(p->code == Code::change_too_large);
    CHECK(std::stoul(p->param("size_kb")) > sync::kMaxChangeBytes / 1024);
    // The same text in characters that need no escaping travels.
    c.fields["body"] = std::string(250 * 1024, 'a');
    CHECK_FALSE(sync::validate_change(c).has_value());
    // Any change that passes fits one push on its own, with room for the envelope.
    static_assert(sync::kMaxChangeBytes + 64 * 1024 < sync::kMaxPushBytes);
}

TEST_CASE("a rating's id is a valid record id whatever the base's id, and one per trip, base and teacher") {
    const std::string long_base = "zj-huzhou-anji-bamboo-museum-0042";  // longer than 15 characters
    const auto a = rating_id("trip-2026-11-20-7a", long_base, "u-teacher-wang-laoshi");
    CHECK(a.size() <= 64);
    CHECK(model::valid_id(a));
    CHECK(a == rating_id("trip-2026-11-20-7a", long_base, "u-teacher-wang-laoshi"));  // the same rating again
    CHECK(a != rating_id("trip-2026-11-20-7a", long_base, "u-teacher-li"));
    CHECK(a != rating_id("trip-2026-11-21-7a", long_base, "u-teacher-wang-laoshi"));
    // Short parts keep the readable form earlier clients wrote.
    CHECK(rating_id("t1", "zj-0003", "u-teacher1") == "t1-r-zj-0003-u-teacher1");
}
