// The study-tour day on a teacher's device (issue 12), on the headless
// client against a real server: the live register of a trip today, a
// student checked in by a tap, the missing one named with an alert once the
// stop's end has passed, a trip that cannot be closed while anyone is
// missing, found, and closed; and the parents' timeline of their child.
#include "headless.hpp"

#include "zx/core/china_time.hpp"
#include "zx/space/timetable.hpp"
#include "zx/tours/attendance.hpp"

#include <imgui.h>

using namespace zx;
using namespace zx::client;
using namespace zx::test;

namespace {

constexpr const char* kTrip = "trip-day-1";

// Today's trip of the demo class with both students, ending a minute ago (so
// its one stop is over) or, just after midnight, at the day's end.
void plan_today(TestServer& srv) {
    srv.login("teacher1", "demo-teacher-1");
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    srv.ms = now;
    const auto today = timetable::format(timetable::china_today(now));
    const int minute = china::minute_of_day(now);
    const int end = minute >= 2 ? minute - 1 : 1439;
    const auto r = srv.push("teacher1", json::array({
        srv.change("teacher1", "trips", kTrip,
                   {{"class_id", "cls-demo-7-1"}, {"title", "西湖湿地研学"}, {"date", today}, {"status", "planned"},
                    {"bases", json::array({"zj-0003"})}, {"leaders", json::array({"u-teacher1"})},
                    {"groups", json::array({{{"name", "一组"}, {"leader_id", "u-teacher1"}}})},
                    {"start_min", 0}, {"end_min", end}}),
        srv.change("teacher1", "trip_participants", std::string(kTrip) + "-p1",
                   {{"trip_id", kTrip}, {"user_id", "u-student1"}, {"group_name", "一组"}}),
        srv.change("teacher1", "trip_participants", std::string(kTrip) + "-p2",
                   {{"trip_id", kTrip}, {"user_id", "u-student2"}, {"group_name", "一组"}})}));
    REQUIRE_MESSAGE(r.status == 200, r.raw);
}

}  // namespace

TEST_CASE("the teacher's live register: check in by a tap, the missing one alerted, no closing until found") {
    TestServer srv(demo_bases(), true);
    plan_today(srv);
    Headless h(srv.url());
    sign_in(h, "teacher1", "demo-teacher-1");
    h.click("nav:trips");
    h.click(std::string("trip:") + kTrip);
    auto hc = h.state().at("headCount");
    CHECK(hc.at("stop") == kSchoolStop);
    CHECK(hc.at("expected") == 2);
    CHECK(hc.at("missing") == 0);

    // Both leave school together: the group at school, then student1 at the base.
    scroll_to(h, "day:left:u-student1");
    h.click("day:left:u-student1");
    REQUIRE(h.run_until([&] { return h.state().at("headCount").at("events") == 1; }));
    // The stop menu: the base (the register follows the trip once someone checks in there).
    h.app.test_ui().trips.day.stop = 0;
    h.frames(2);
    scroll_to(h, "day:in:u-student1");
    h.click("day:in:u-student1");
    REQUIRE(h.run_until([&] { return h.state().at("headCount").at("stop") == 0; }));
    h.app.test_ui().trips.day.stop = RegisterUi::kFollow;
    h.frames(2);
    hc = h.state().at("headCount");
    CHECK(hc.at("in") == 1);
    CHECK(hc.at("missing") == 1);
    CHECK(hc.at("students").at("u-student2") == "missing");
    CHECK(hc.at("overdue") == (china::minute_of_day(srv.ms.load()) >= 2));
    if (hc.at("overdue") == true) scroll_to(h, "day:alert");
    // A tap twice is one record.
    scroll_to(h, "day:out:u-student1");
    const auto before = h.state().at("headCount").at("events");
    // Closing is refused on the device, naming who is missing.
    scroll_to(h, "day:close");
    h.click("day:close");
    const auto notice = h.state().at("tripsNotice").get<std::string>();
    CHECK(notice.find("张华") != std::string::npos);
    CHECK(h.state().at("headCount").at("status") == "planned");
    // Found by a teacher: the alert ends, the trip closes.
    scroll_to(h, "day:found:u-student2");
    h.click("day:found:u-student2");
    REQUIRE(h.run_until([&] { return h.state().at("headCount").at("missing") == 0; }));
    CHECK(h.state().at("headCount").at("overdue") == false);
    CHECK(h.state().at("headCount").at("events") == before.get<int>() + 1);
    scroll_to(h, "day:close");
    h.click("day:close");
    REQUIRE(h.run_until([&] { return h.state().at("headCount").at("status") == "closed"; }));
    REQUIRE(h.run_until([&] { return h.state().at("sync").at("pending") == 0; }));
    // On the server: the events, by the teacher, and the trip closed.
    int events = 0;
    std::string status;
    srv.pull_all("teacher1", [&](const json& rec) {
        if (rec.at("collection") == "attendance") {
            ++events;
            CHECK(rec.at("fields").at("by_name") == "王老师");
        }
        if (rec.at("collection") == "trips" && rec.at("id") == kTrip) status = rec.at("fields").at("status").get<std::string>();
    });
    CHECK(events == 3);
    CHECK(status == "closed");
}

TEST_CASE("a parent follows their own child's day, and nothing of other children") {
    TestServer srv(demo_bases(), true);
    plan_today(srv);
    auto ev = [&](const std::string& student, int stop, AttendanceKind kind) {
        AttendanceEvent e;
        e.trip_id = kTrip;
        e.student_id = student;
        e.stop = stop;
        e.base_id = stop >= 0 ? "zj-0003" : "";
        e.kind = kind;
        e.at = srv.ms.load();
        e.method = CheckinMethod::teacher;
        e.id = attendance_id(kTrip, student, stop, kind);
        return e;
    };
    const auto left = ev("u-student1", kSchoolStop, AttendanceKind::left);
    const auto in = ev("u-student1", 0, AttendanceKind::in);
    const auto other = ev("u-student2", 0, AttendanceKind::in);
    for (const auto& e : {left, in, other})
        REQUIRE(srv.write("teacher1", "attendance", e.id, to_fields(e)).status == 200);
    Headless h(srv.url());
    sign_in(h, "parent1", "demo-parent-1");
    REQUIRE(h.run_until([&] { return h.state().value("records", json::object()).value("attendance", 0) == 2; }));
    scroll_to(h, "family:day:" + left.id);
    scroll_to(h, "family:day:" + in.id);
    // Student2 is another family's child: the server never sent it.
    CHECK_FALSE(h.state().at("items").contains("family:day:" + other.id));
    CHECK(h.state().value("records", json::object()).value("attendance", 0) == 2);
}
