// The study-tour day on the server (issue 12), over real HTTP against an
// in-process server with the demo accounts: attendance written by a trip's
// teachers through sync and who reads it; consent before check-in; a trip
// that cannot be closed while anyone is missing; kiosks: enrolment, what a
// device token opens (nothing but its own base's day), events that are
// recorded once, refused with a reason or absorbed, and revocation.
#include "server_fixture.hpp"
#include "authz.hpp"

#include "zx/space/timetable.hpp"
#include "zx/tours/attendance.hpp"
#include "zx/tours/family.hpp"
#include "zx/wire/kiosk.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>

using nlohmann::json;
using namespace zx;
using zx::test::call_json;

namespace {

constexpr const char* kClass = "cls-demo-7-1";
constexpr const char* kBase = "zj-0003";

using zx::test::day_from_today;

struct Fixture : zx::test::ServerFixture {
    Fixture() : ServerFixture(Options{.change_step_ms = 1000}) {
        for (auto [u, p] : std::initializer_list<std::pair<const char*, const char*>>{
                 {"teacher1", "demo-teacher-1"}, {"teacher4", "demo-teacher-4"}, {"student1", "demo-student-1"},
                 {"student2", "demo-student-2"}, {"parent1", "demo-parent-1"}, {"admin", "demo-admin-1"},
                 {"staff1", "demo-staff-1"}})
            login(u, p);
    }
    // Today's trip of the demo class, two stops, both demo students.
    void plan(const std::string& trip, const std::string& date, json bases = json::array({kBase, "zj-0007"})) {
        const auto r = push("teacher1",
                            json::array({change("teacher1", "trips", trip,
                                                {{"class_id", kClass}, {"title", "西湖湿地研学"}, {"date", date},
                                                 {"status", "planned"}, {"bases", std::move(bases)},
                                                 {"groups", json::array({{{"name", "一组"}, {"leader_id", "u-teacher1"}}})},
                                                 {"leaders", json::array({"u-teacher1"})}, {"start_min", 480},
                                                 {"end_min", 960}}),
                                         change("teacher1", "trip_participants", trip + "-p1",
                                                {{"trip_id", trip}, {"user_id", "u-student1"}, {"group_name", "一组"}}),
                                         change("teacher1", "trip_participants", trip + "-p2",
                                                {{"trip_id", trip}, {"user_id", "u-student2"}, {"group_name", "一组"}})}));
        REQUIRE_MESSAGE(r.status == 200, r.raw);
    }
    AttendanceEvent event(const std::string& trip, const std::string& student, int stop, AttendanceKind kind,
                          const std::string& base = kBase) {
        AttendanceEvent e;
        e.trip_id = trip;
        e.student_id = student;
        e.stop = stop;
        e.base_id = stop >= 0 ? base : "";
        e.kind = kind;
        e.at = ms.load();
        e.method = CheckinMethod::roster;
        if (kind == AttendanceKind::absent) e.reason = "病假";
        e.id = attendance_id(trip, student, stop, kind);
        return e;
    }
    zx::test::JsonReply record(const std::string& user, const AttendanceEvent& e) {
        return write(user, "attendance", e.id, to_fields(e));
    }
    std::map<std::string, json> pulled(const std::string& user) {
        std::map<std::string, json> out;
        pull_all(user, [&](const json& rec) {
            out[rec["collection"].get<std::string>() + "/" + rec["id"].get<std::string>()] = rec["fields"];
        });
        return out;
    }
    zx::test::JsonReply kiosk(const std::string& token, const std::string& method, const std::string& path, const json& body = {}) {
        return call_json(port(), method, path, body.is_null() ? "" : body.dump(), token);
    }
};

std::string problem_of(const zx::test::JsonReply& r) { return r.body["error"].value("problem", ""); }

}  // namespace

TEST_CASE("a trip's teachers record attendance; the student, their guardians and the teachers read it, nobody else") {
    Fixture f;
    f.plan("trip-day", day_from_today(0));
    const auto in1 = f.event("trip-day", "u-student1", 0, AttendanceKind::in);
    const auto in2 = f.event("trip-day", "u-student2", 0, AttendanceKind::in);
    REQUIRE_MESSAGE(f.record("teacher1", in1).status == 200, f.record("teacher1", in1).raw);
    REQUIRE(f.record("teacher1", in2).status == 200);
    const auto key1 = "attendance/" + in1.id, key2 = "attendance/" + in2.id;
    const auto t = f.pulled("teacher1");
    CHECK(t.count(key1) == 1);
    CHECK(t.at(key1)["by_name"] == "王老师");  // who recorded it, set by the server
    CHECK(t.at(key1)["owner_id"] == "u-teacher1");
    const auto p = f.pulled("parent1");  // parent of student1 only
    CHECK(p.count(key1) == 1);
    CHECK(p.count(key2) == 0);
    CHECK(f.pulled("student2").count(key1) == 0);
    CHECK(f.pulled("student2").count(key2) == 1);
    CHECK(f.pulled("teacher4").count(key1) == 0);  // a teacher of another class
    CHECK(f.pulled("staff1").count(key1) == 0);

    // Who may write: not students, not another class's teacher; only
    // students taking part; only under the id its parts give; never deleted.
    CHECK(f.record("student1", f.event("trip-day", "u-student1", 0, AttendanceKind::out)).status == 403);
    CHECK(f.record("teacher4", f.event("trip-day", "u-student1", 0, AttendanceKind::out)).status == 404);
    CHECK(f.record("teacher1", f.event("trip-day", "u-student4", 0, AttendanceKind::in)).status == 404);
    auto wrong = f.event("trip-day", "u-student1", 0, AttendanceKind::out);
    wrong.id = "att-mine";
    CHECK(problem_of(f.record("teacher1", wrong)) == "unknown_value");
    CHECK(problem_of(f.record("teacher1", f.event("trip-day", "u-student1", 5, AttendanceKind::in))) == "out_of_range");
    CHECK(problem_of(f.record("teacher1", f.event("trip-day", "u-student1", 1, AttendanceKind::in, kBase))) == "unknown_value");
    const auto del = f.push("teacher1", json::array({f.change("teacher1", "attendance", in1.id, json::object(), true)}));
    CHECK(del.status == 403);
}

TEST_CASE("a check-in needs a guardian's consent when the trip asks for one") {
    Fixture f;
    f.plan("trip-c", day_from_today(0));
    ConsentForm form;
    form.trip_id = "trip-c";
    form.itinerary = "8:00 集合";
    form.risks = "湿滑";
    form.text_hash = consent_text_hash(form);
    REQUIRE(f.write("teacher1", "consent_forms", consent_form_id("trip-c"), to_fields(form)).status == 200);
    const auto refused = f.record("teacher1", f.event("trip-c", "u-student1", 0, AttendanceKind::in));
    CHECK(refused.status == 409);
    CHECK(problem_of(refused) == "consent_missing");
    CHECK(refused.body["error"]["params"]["student"] == "李明");
    // An absence needs no consent.
    CHECK(f.record("teacher1", f.event("trip-c", "u-student1", kSchoolStop, AttendanceKind::absent)).status == 200);
}

TEST_CASE("a trip cannot be closed while anyone is unaccounted for") {
    Fixture f;
    f.plan("trip-close", day_from_today(0));
    REQUIRE(f.record("teacher1", f.event("trip-close", "u-student1", 0, AttendanceKind::in)).status == 200);
    const auto early = f.write("teacher1", "trips", "trip-close", {{"status", "closed"}});
    CHECK(early.status == 409);
    CHECK(problem_of(early) == "trip_unaccounted");
    CHECK(early.body["error"]["params"]["count"] == "1");
    CHECK(early.body["error"]["params"]["names"].get<std::string>().find("张") != std::string::npos);  // student2's name
    CHECK(f.pulled("teacher1").at("trips/trip-close")["status"] == "planned");
    REQUIRE(f.record("teacher1", f.event("trip-close", "u-student2", 0, AttendanceKind::found)).status == 200);
    CHECK(f.write("teacher1", "trips", "trip-close", {{"status", "closed"}}).status == 200);
}

TEST_CASE("kiosks: enrolment codes are one-time and per base; only admins and the base's staff issue and revoke") {
    Fixture f;
    const auto staff_code = f.post("staff1", api::kKioskEnrolmentsPath, {{"base_id", kBase}});
    REQUIRE_MESSAGE(staff_code.status == 201, staff_code.raw);
    const auto code = staff_code.body["code"].get<std::string>();
    CHECK(code.size() == 10);
    CHECK(f.post("staff1", api::kKioskEnrolmentsPath, {{"base_id", "zj-0007"}}).status == 403);  // another base
    CHECK(f.post("teacher1", api::kKioskEnrolmentsPath, {{"base_id", kBase}}).status == 403);
    CHECK(f.post("parent1", api::kKioskEnrolmentsPath, {{"base_id", kBase}}).status == 403);
    // Typed in lower case with a space, as people do; a second use is refused.
    std::string typed = code.substr(0, 5) + " " + code.substr(5);
    for (auto& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const auto first = call_json(f.port(), "POST", api::kKioskEnrolPath, json{{"code", typed}, {"name", "东门 1 号"}}.dump(), "");
    REQUIRE_MESSAGE(first.status == 201, first.raw);
    CHECK(first.body["base_id"] == kBase);
    CHECK(first.body["token"].get<std::string>().rfind("zxk_", 0) == 0);
    const auto again = call_json(f.port(), "POST", api::kKioskEnrolPath, json{{"code", code}, {"name", "x"}}.dump(), "");
    CHECK(again.status == 403);
    CHECK(problem_of(again) == "enrolment_invalid");
    CHECK(problem_of(call_json(f.port(), "POST", api::kKioskEnrolPath, json{{"code", "NOPE234567"}, {"name", "x"}}.dump(), "")) ==
          "enrolment_invalid");
    // Listed for the base's staff; another base's kiosk is not theirs to revoke.
    const auto other = f.enrol_kiosk("zj-0007");
    (void)other;
    const auto list = f.get("staff1", api::kKioskDevicesPath);
    REQUIRE(list.status == 200);
    REQUIRE(list.body["devices"].size() == 1);
    CHECK(list.body["devices"][0]["name"] == "东门 1 号");
    const auto all = f.get("admin", api::kKioskDevicesPath);
    CHECK(all.body["devices"].size() == 2);
    const auto other_id = all.body["devices"][1]["id"].get<std::string>();
    CHECK(f.post("staff1", "/api/v1/kiosk/devices/" + other_id + "/revoke", {{"reason", "x"}}).status == 404);
}

TEST_CASE("kiosks: a device token opens only its own base's day, and a revoked kiosk is told why") {
    Fixture f;
    f.plan("trip-here", day_from_today(0));
    f.plan("trip-elsewhere", day_from_today(0), json::array({"zj-0007"}));
    f.plan("trip-tomorrow", day_from_today(1));
    const auto token = f.enrol_kiosk(kBase, "东门 1 号");

    const auto today = f.kiosk(token, "GET", api::kKioskTodayPath);
    REQUIRE_MESSAGE(today.status == 200, today.raw);
    const auto t = api::kiosk_today_from_json(today.body);
    CHECK(t.base_id == kBase);
    CHECK(t.date == day_from_today(0));
    REQUIRE(t.trips.size() == 1);  // not the trip elsewhere, not tomorrow's
    CHECK(t.trips[0].id == "trip-here");
    CHECK(t.trips[0].stops == std::vector<int>{0});
    CHECK(t.trips[0].school_id == "sch-demo");
    REQUIRE(t.trips[0].roster.size() == 2);
    // Names and numbers, nothing else: no user names, no contacts.
    for (const auto& r : today.body["trips"][0]["roster"]) {
        std::set<std::string> keys;
        for (const auto& [k, v] : r.items()) keys.insert(k);
        CHECK(keys == std::set<std::string>{"student_id", "name", "student_no", "group", "consent_missing", "done"});
    }
    // Every other route answers the token as an unknown session, and its
    // own routes are refused to sessions.
    for (const auto& [m, path] : std::vector<std::pair<std::string, std::string>>{
             {"GET", api::kMePath}, {"POST", api::kPullPath}, {"POST", api::kPushPath}, {"GET", api::kSessionsPath},
             {"GET", std::string(api::kRecordsPath) + "/trips/trip-here"}, {"GET", api::kKioskDevicesPath},
             {"POST", api::kKioskEnrolmentsPath}}) {
        CAPTURE(path);
        const auto r = f.kiosk(token, m, path, json::object());
        CHECK(r.status == 401);
        CHECK(problem_of(r) == "session_invalid");
    }
    CHECK(call_json(f.port(), "GET", api::kKioskTodayPath, "", f.tokens.at("teacher1")).status == 401);

    // Revoked: the next request says when and why.
    const auto list = f.get("admin", api::kKioskDevicesPath);
    const auto id = list.body["devices"][0]["id"].get<std::string>();
    REQUIRE(f.post("admin", "/api/v1/kiosk/devices/" + id + "/revoke", {{"reason", "设备丢失"}}).status == 200);
    const auto gone = f.kiosk(token, "GET", api::kKioskTodayPath);
    CHECK(gone.status == 401);
    CHECK(problem_of(gone) == "device_revoked");
    CHECK(gone.body["error"]["params"]["reason"] == "设备丢失");
}

TEST_CASE("kiosks: check-ins are recorded once, refused with a reason, and reach the trip's teachers") {
    Fixture f;
    f.plan("trip-k", day_from_today(0));
    f.plan("trip-other", day_from_today(0), json::array({"zj-0007"}));
    const auto token = f.enrol_kiosk(kBase, "东门 1 号");
    const auto in1 = f.event("trip-k", "u-student1", 0, AttendanceKind::in);
    const int64_t kiosk_clock = f.ms.load() - 3 * 3600 * 1000;  // the kiosk's clock is 3 hours behind
    auto at_kiosk = in1;
    at_kiosk.at = kiosk_clock - 5000;  // scanned 5 s before sending
    auto send = [&](std::vector<AttendanceEvent> evs) {
        return f.kiosk(token, "POST", api::kKioskEventsPath, api::KioskEventsRequest{kiosk_clock, std::move(evs)});
    };
    const auto r = send({at_kiosk, f.event("trip-other", "u-student1", 0, AttendanceKind::in, "zj-0007"),
                         f.event("trip-k", "u-student4", 0, AttendanceKind::in),
                         f.event("trip-k", "u-student2", 0, AttendanceKind::found)});
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    const auto a = api::kiosk_events_answer_from_json(r.body);
    REQUIRE(a.results.size() == 4);
    CHECK(a.results[0].status == "recorded");
    CHECK(a.results[1].status == "refused");
    CHECK(a.results[1].error->problem == "trip_not_here_today");
    CHECK(a.results[2].status == "refused");
    CHECK(a.results[2].error->problem == "not_on_roster");
    CHECK(a.results[3].status == "refused");  // a kiosk checks in and out; finding is for teachers
    // The queue sent again: nothing new.
    const auto replay = api::kiosk_events_answer_from_json(send({at_kiosk}).body);
    CHECK(replay.results.at(0).status == "duplicate");
    // The teacher sees it, at the server's time, recorded by the kiosk.
    const auto t = f.pulled("teacher1");
    REQUIRE(t.count("attendance/" + in1.id) == 1);
    const auto& rec = t.at("attendance/" + in1.id);
    CHECK(rec["by_name"] == "东门 1 号");
    CHECK(rec["method"] == "roster");
    CHECK(rec["at"].get<int64_t>() == f.ms.load() - 5000);
    // The roster shows it done.
    const auto today = api::kiosk_today_from_json(f.kiosk(token, "GET", api::kKioskTodayPath).body);
    for (const auto& e : today.trips.at(0).roster)
        CHECK(e.done == (e.student_id == "u-student1" ? std::vector<std::string>{"in"} : std::vector<std::string>{}));
    // A bad body is refused whole, naming the event.
    auto bad = in1;
    bad.kind = AttendanceKind::absent;  // no reason, and the id is another kind's
    const auto refused = send({bad});
    CHECK(refused.status == 400);
    CHECK(refused.body["error"]["field"].get<std::string>().rfind("events[0].", 0) == 0);
}
