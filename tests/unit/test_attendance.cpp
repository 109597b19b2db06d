// The study-tour day's shared rules (issue 12): student cards and scanned
// codes (zx/tours/student_card.hpp); attendance events, their rules and the
// live register (zx/tours/attendance.hpp).
#include "zx/tours/attendance.hpp"
#include "zx/tours/student_card.hpp"

#include "zx/core/china_time.hpp"
#include "zx/space/timetable.hpp"

#include <doctest/doctest.h>

using namespace zx;
using nlohmann::json;

namespace {
Trip demo_trip() {
    Trip t;
    t.id = "trip-1";
    t.date = "2026-12-02";
    t.bases = {"zj-0003", "zj-0007"};
    t.groups = {{"一组", "u-t1"}, {"二组", "u-t2"}};
    t.start_min = 8 * 60;
    t.end_min = 16 * 60;
    return t;
}
std::vector<TripParticipant> roster() {
    return {{"p1", "trip-1", "s1", "一组"}, {"p2", "trip-1", "s2", "一组"}, {"p3", "trip-1", "s3", "二组"},
            {"p4", "trip-1", "s4", "二组"}};
}
AttendanceEvent ev(const std::string& student, int stop, AttendanceKind k, int64_t at, std::string reason = "") {
    AttendanceEvent e;
    e.trip_id = "trip-1";
    e.student_id = student;
    e.stop = stop;
    const auto bases = demo_trip().bases;
    e.base_id = stop >= 0 && static_cast<size_t>(stop) < bases.size() ? bases[static_cast<size_t>(stop)] : "";
    e.kind = k;
    e.at = at;
    e.method = CheckinMethod::qr;
    e.reason = std::move(reason);
    e.id = attendance_id(e.trip_id, e.student_id, e.stop, e.kind);
    return e;
}
// 2026-12-02 at hh:mm in China.
int64_t at(int hh, int mm) {
    return china::day_start_ms(timetable::to_days({2026, 12, 2})) + (hh * 60 + mm) * 60'000LL;
}
}  // namespace

TEST_CASE("an attendance event's id is its trip, student, stop and kind: a scan twice is one record") {
    const auto a = attendance_id("trip-1", "s1", 0, AttendanceKind::in);
    CHECK(a == attendance_id("trip-1", "s1", 0, AttendanceKind::in));
    CHECK(a.rfind("att-", 0) == 0);
    CHECK(a.size() == 44);
    CHECK(a != attendance_id("trip-1", "s1", 0, AttendanceKind::out));
    CHECK(a != attendance_id("trip-1", "s1", 1, AttendanceKind::in));
    CHECK(a != attendance_id("trip-1", "s2", 0, AttendanceKind::in));
    CHECK(a != attendance_id("trip-2", "s1", 0, AttendanceKind::in));
}

TEST_CASE("attendance record rules: kind, method, stop, base, time, reason and id") {
    const auto bases = demo_trip().bases;
    auto check = [&](AttendanceEvent e, json patch = json::object()) {
        json f = to_fields(e);
        f.update(patch);
        return validate_attendance(e.id, f, 2, &bases);
    };
    CHECK_FALSE(check(ev("s1", 0, AttendanceKind::in, at(9, 0))));
    CHECK_FALSE(check(ev("s1", kSchoolStop, AttendanceKind::left, at(8, 0))));
    CHECK_FALSE(check(ev("s1", kSchoolStop, AttendanceKind::absent, at(8, 0), "病假")));
    auto code = [](const std::optional<Problem>& p) { return p ? std::string(to_code(p->code)) + ":" + p->field : ""; };
    CHECK(code(check(ev("s1", 0, AttendanceKind::in, at(9, 0)), {{"kind", "teleported"}})) == "unknown_value:kind");
    CHECK(code(check(ev("s1", 0, AttendanceKind::in, at(9, 0)), {{"method", "magic"}})) == "unknown_value:method");
    CHECK(code(check(ev("s1", 2, AttendanceKind::in, at(9, 0)))) == "out_of_range:stop");   // the trip has 2 stops
    CHECK(code(check(ev("s1", -1, AttendanceKind::in, at(9, 0)))) == "out_of_range:stop");  // an "in" is at a stop
    CHECK(code(check(ev("s1", 0, AttendanceKind::back, at(9, 0)))) == "out_of_range:stop");  // "back" is at school
    CHECK(code(check(ev("s1", 0, AttendanceKind::in, at(9, 0)), {{"base_id", "zj-0007"}})) == "unknown_value:base_id");
    CHECK(code(check(ev("s1", 0, AttendanceKind::in, 0))) == "required:at");
    CHECK(code(check(ev("s1", kSchoolStop, AttendanceKind::absent, at(8, 0)))) == "required:reason");
    CHECK(code(check(ev("s1", 0, AttendanceKind::in, at(9, 0)), {{"student_id", "s2"}})) == "unknown_value:id");
    CHECK(code(check(ev("s1", 0, AttendanceKind::in, at(9, 0)), {{"trip_id", ""}})) == "required:trip_id");
}

TEST_CASE("the live register: checked in, missing, absent per group; overdue after the stop's end; closing") {
    const auto trip = demo_trip();
    std::vector<AttendanceEvent> events;
    // Before anyone checks in, everyone is expected, nobody missing.
    auto hc = head_count(trip, roster(), events, current_stop(events), at(8, 30), 12 * 60);
    CHECK(hc.stop == kSchoolStop);
    CHECK(hc.total.expected == 4);
    CHECK(hc.total.missing == 0);
    CHECK(hc.can_close);

    events.push_back(ev("s1", kSchoolStop, AttendanceKind::left, at(8, 0)));
    // At school, leaving counts as being there.
    hc = head_count(trip, roster(), events, kSchoolStop, at(8, 5), 12 * 60);
    CHECK(hc.total.checked_in == 1);
    CHECK(hc.students[0].student_id == "s1");
    CHECK(hc.students[0].state == PresenceState::in);
    CHECK(hc.students[1].state == PresenceState::expected);
    events.push_back(ev("s1", 0, AttendanceKind::in, at(9, 5)));
    events.push_back(ev("s3", 0, AttendanceKind::in, at(9, 6)));
    events.push_back(ev("s4", kSchoolStop, AttendanceKind::absent, at(7, 50), "病假"));
    REQUIRE(current_stop(events) == 0);
    hc = head_count(trip, roster(), events, 0, at(10, 0), 12 * 60);
    CHECK(hc.total.expected == 3);
    CHECK(hc.total.checked_in == 2);
    CHECK(hc.total.absent == 1);
    CHECK(hc.total.missing == 1);
    REQUIRE(hc.groups.size() == 2);
    CHECK(hc.groups[0].name == "一组");
    CHECK(hc.groups[0].checked_in == 1);
    CHECK(hc.groups[0].missing == 1);
    CHECK(hc.groups[1].absent == 1);
    CHECK(hc.groups[1].missing == 0);
    REQUIRE(hc.students.size() == 4);
    CHECK(hc.students[0].student_id == "s2");  // missing first
    CHECK(hc.students[0].state == PresenceState::missing);
    CHECK(hc.students[0].last_seen == 0);
    const auto s1 = std::find_if(hc.students.begin(), hc.students.end(), [](auto& s) { return s.student_id == "s1"; });
    CHECK(s1->last_seen == at(9, 5));
    CHECK(s1->last_stop == 0);
    const auto s4 = std::find_if(hc.students.begin(), hc.students.end(), [](auto& s) { return s.student_id == "s4"; });
    CHECK(s4->reason == "病假");
    CHECK_FALSE(hc.overdue);  // 10:00, the stop ends at 12:00
    CHECK_FALSE(hc.can_close);

    // After the stop's end with s2 still missing: the alert.
    hc = head_count(trip, roster(), events, 0, at(12, 1), 12 * 60);
    CHECK(hc.overdue);
    // The day after, too.
    CHECK(head_count(trip, roster(), events, 0, at(12, 1) + china::kDayMs, 12 * 60).overdue);
    // Found by a teacher: accounted for, the alert ends, the trip may close.
    events.push_back(ev("s2", 0, AttendanceKind::found, at(12, 10)));
    hc = head_count(trip, roster(), events, 0, at(12, 15), 12 * 60);
    CHECK(hc.total.missing == 0);
    CHECK_FALSE(hc.overdue);
    CHECK(hc.can_close);

    // At the next stop everyone not absent must check in again.
    events.push_back(ev("s1", 1, AttendanceKind::in, at(13, 0)));
    REQUIRE(current_stop(events) == 1);
    hc = head_count(trip, roster(), events, 1, at(13, 5), 15 * 60);
    CHECK(hc.total.checked_in == 1);
    CHECK(hc.total.missing == 2);
    CHECK(hc.total.absent == 1);
    // Events of other trips do not count.
    auto other = ev("s2", 1, AttendanceKind::in, at(13, 1));
    other.trip_id = "trip-2";
    events.push_back(other);
    CHECK(head_count(trip, roster(), events, 1, at(13, 5), 15 * 60).total.missing == 2);
}

TEST_CASE("a stop ends when its route stop is left, else when the trip ends; a student's timeline is in order") {
    auto trip = demo_trip();
    Route r;
    r.stops = {{"zj-0003", 9 * 60, 11 * 60 + 30, "", 0, ""}, {"zj-0007", 13 * 60, 15 * 60, "", 60, "bus"}};
    CHECK(stop_end_min(trip, &r, 0) == 11 * 60 + 30);
    CHECK(stop_end_min(trip, &r, 1) == 15 * 60);
    CHECK(stop_end_min(trip, nullptr, 0) == 16 * 60);
    trip.bases = {"zj-0099"};  // not the route's stop: the trip's end
    CHECK(stop_end_min(trip, &r, 0) == 16 * 60);
    std::vector<AttendanceEvent> events{ev("s1", 0, AttendanceKind::in, at(9, 5)), ev("s2", 0, AttendanceKind::in, at(9, 1)),
                                        ev("s1", kSchoolStop, AttendanceKind::left, at(8, 0))};
    const auto t = timeline_of(events, "s1");
    REQUIRE(t.size() == 2);
    CHECK(t[0].kind == AttendanceKind::left);
    CHECK(t[1].kind == AttendanceKind::in);
}

TEST_CASE("a student card holds the school and the student number, and a scan reads it back") {
    const auto payload = card_payload("sch-demo", "S2026-001");
    CHECK(payload == "ZX1:S:sch-demo:S2026-001");
    const auto scanned = parse_scanned_code(payload + "\r\n");  // a scanner ends the line
    REQUIRE(scanned);
    CHECK(scanned->school_id == "sch-demo");
    CHECK(scanned->student_no == "S2026-001");
}

TEST_CASE("a typed student number is folded to the stored form; anything else is refused") {
    for (const char* typed : {"s2026-001", " S2026-001 ", "Ｓ２０２６－００１", "s2026 - 001"}) {
        const auto c = parse_scanned_code(typed);
        REQUIRE_MESSAGE(c, typed);
        CHECK(c->school_id.empty());
        CHECK(c->student_no == "S2026-001");
    }
    for (const char* bad : {"", "   ", "王小明", "S2026_001", "ZX1:S:sch-demo", "ZX1:S:sch demo!:1", "ZX1:S:sch-demo:",
                            "0123456789012345678901234567890123"})
        CHECK_MESSAGE(!parse_scanned_code(bad), bad);
    CHECK(valid_student_no("S2026-001"));
    CHECK_FALSE(valid_student_no("s2026-001"));
    CHECK_FALSE(valid_student_no(""));
}
