#pragma once
// The study-tour day (issue 12): who is where. A trip's attendance is a set
// of events, one synced `attendance` record each (zx/sync/model.cpp):
//
//   left    the student left school with the trip        stop -1
//   in      checked in at a stop (scan, code, roster)    stop 0..n-1
//   out     checked out of a stop (left it with a group)  stop 0..n-1
//   found   a teacher found a missing student             stop 0..n-1
//   absent  not on the trip today, with a reason          stop -1 (the trip) or a stop
//   back    back at school                                stop -1
//
// An event's id is attendance_id(trip, student, stop, kind): the same scan
// made twice, or at the kiosk and on a teacher's phone, is one record, and a
// replayed queue writes nothing new. Teachers' devices write these through
// sync; kiosks through /api/v1/kiosk (server/kiosk.cpp); both edges run
// validate_attendance(). Who may write which is server/authz.cpp's business.
//
// head_count() derives the live register from the events: per group and for
// the trip, at one stop, who is expected, checked in, absent and missing, and
// when each was last seen; whether the stop is overdue (its end has passed
// with someone missing: the teachers' alert, which stays until every missing
// student is found, checked in or marked absent); and whether the trip may be
// closed (nobody unaccounted for).
#include "zx/core/problem.hpp"
#include "zx/tours/family.hpp"
#include "zx/tours/records.hpp"
#include "zx/tours/route.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx {

enum class AttendanceKind { left, in, out, found, absent, back };
std::string_view to_code(AttendanceKind k);  // "left" | "in" | "out" | "found" | "absent" | "back"
std::optional<AttendanceKind> attendance_kind_from_code(std::string_view s);

// How a check-in was made.
enum class CheckinMethod { qr, code, roster, group, teacher };
std::string_view to_code(CheckinMethod m);  // "qr" | "code" | "roster" | "group" | "teacher"
std::optional<CheckinMethod> checkin_method_from_code(std::string_view s);

inline constexpr int kSchoolStop = -1;

struct AttendanceEvent {
    std::string id;
    std::string owner_id;  // who wrote it (a user, or a kiosk's device id); set by the server
    std::string trip_id;
    std::string student_id;
    int stop = kSchoolStop;
    std::string base_id;  // the stop's base; "" at school
    AttendanceKind kind = AttendanceKind::in;
    int64_t at = 0;  // ms
    CheckinMethod method = CheckinMethod::teacher;
    std::string reason;   // absent: why (required)
    std::string by_name;  // the writer as people read it; set by the server
};
AttendanceEvent attendance_from_fields(const std::string& id, const nlohmann::json& f);
// The fields a device writes (no owner_id, no by_name).
nlohmann::json to_fields(const AttendanceEvent& e);
// "att-" and 40 hex digits of SHA-256 over the four parts.
std::string attendance_id(std::string_view trip_id, std::string_view student_id, int stop, AttendanceKind kind);

// The record rules both edges run on a record's id and fields (as a device
// writes them, or as they stand after a change): a trip and a student, a
// known kind and method, a stop that fits the kind (school for left/back, a
// stop of the trip otherwise; `stops` is the trip's number of stops, or -1
// when unknown), the base of that stop (`trip_bases`, when known), a time, a
// reason for an absence, and the id that the four parts give (so nobody can
// write a second "in" under another id).
std::optional<Problem> validate_attendance(const std::string& id, const nlohmann::json& fields, int stops = -1,
                                           const std::vector<std::string>* trip_bases = nullptr);

// Whether a guardian's consent stands in the way of `kind` for a student in
// consent state `state`: a check-in or leaving school (left, in) on a trip
// that asks for consent, without it. Both edges refuse such an event.
bool consent_blocks(AttendanceKind kind, ConsentState state);

// --- The live register -----------------------------------------------------------
enum class PresenceState { expected, in, out, found, absent, missing };
std::string_view to_code(PresenceState s);

struct StudentPresence {
    std::string student_id;
    std::string group;
    PresenceState state = PresenceState::expected;
    int64_t last_seen = 0;  // ms of the student's latest event (0: never seen today)
    int last_stop = kSchoolStop;
    std::string reason;  // absent
};

struct GroupCount {
    std::string name;  // "" for the trip as a whole / students in no group
    int expected = 0;    // taking part and not absent
    int checked_in = 0;  // in, out or found at the stop
    int absent = 0;
    int missing = 0;
};

struct HeadCount {
    int stop = kSchoolStop;  // the stop counted
    GroupCount total;
    std::vector<GroupCount> groups;          // in the trip's group order, then ""
    std::vector<StudentPresence> students;   // every participant, missing first, then by group
    bool overdue = false;                    // the stop's end has passed with someone missing
    bool can_close = false;                  // nobody unaccounted for
};

// The stop the trip is at: the highest stop anyone has checked in at, or
// kSchoolStop before the first check-in.
int current_stop(const std::vector<AttendanceEvent>& events);

// The minute of the day a stop ends: its route stop's leave time when the
// trip follows `route` and the stop matches, else the trip's end.
int stop_end_min(const Trip& trip, const Route* route, int stop);

// The register at `stop` (usually current_stop()). A student is:
//   absent   with an absence for the trip or for a stop up to `stop`;
//   in/out/found  with that event at `stop` (found and in count as checked in;
//            at the school, left counts as in and back as out);
//   missing  otherwise, once the trip is at a stop (stop >= 0) — before the
//            first stop, "expected".
// `now_ms` and `end_min` (stop_end_min()) decide `overdue`: on the trip's
// day after end_min, or on a later day, with someone missing.
HeadCount head_count(const Trip& trip, const std::vector<TripParticipant>& participants,
                     const std::vector<AttendanceEvent>& events, int stop, int64_t now_ms, int end_min);

// Everything one student did on a trip, oldest first (the parents' timeline).
std::vector<AttendanceEvent> timeline_of(const std::vector<AttendanceEvent>& events, std::string_view student_id);

}  // namespace zx
