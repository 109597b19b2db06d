// Who may read and write a trip's attendance (zx/tours/attendance.hpp), deny
// by default like the rest of authz.cpp:
//   read   the student, the student's guardians, and the trip's teachers
//          (its planner, its leaders, its class's teachers); never other
//          students or other parents
//   write  through sync: the trip's teachers, for students taking part, at
//          the trip's own stops; a check-in (left, in) only with a
//          guardian's consent when the trip asks for one. Kiosks write
//          through server/routes_kiosk.cpp, which runs the same check_checkin().
// Events are history: once written, only their reason (absent) and time may
// change, by a teacher of the trip; they are never deleted.
#include "authz_detail.hpp"

#include "api_error.hpp"
#include "repo.hpp"

#include "zx/sync/fields.hpp"
#include "zx/tours/attendance.hpp"
#include "zx/tours/family.hpp"

namespace zx::server {

using nlohmann::json;
using api::Role;
using namespace detail;

std::vector<std::string> trip_stops(db::Connection& c, const sync::Record& trip) {
    const Trip t = trip_from_fields(trip.id, trip.fields);
    if (!t.bases.empty()) return t.bases;
    std::vector<std::string> out;
    if (const auto route_id = repo::text(trip, "route_id"); !route_id.empty())
        if (auto route = repo::load(c, "routes", route_id); route && !route->deleted)
            for (const auto& s : fields::json_value(route->fields, "stops"))
                if (s.is_object() && s.value("base_id", json()).is_string()) out.push_back(s.at("base_id").get<std::string>());
    return out;
}

std::set<std::string> trip_teachers_of(db::Connection& c, const sync::Record& trip) {
    std::set<std::string> out;
    if (const auto owner = repo::text(trip, "owner_id"); !owner.empty()) out.insert(owner);
    for (const auto& l : fields::strings(trip.fields, "leaders")) out.insert(l);
    if (const auto cls = repo::text(trip, "class_id"); !cls.empty())
        for (const auto& row : c.query("SELECT user_id FROM memberships WHERE class_id = ?1 AND role = 'teacher' AND deleted = 0",
                                       json::array({cls})))
            out.insert(row[0].get<std::string>());
    return out;
}

bool taking_part(db::Connection& c, const std::string& trip_id, const std::string& student_id) {
    return !c.query("SELECT 1 FROM trip_participants WHERE trip_id = ?1 AND user_id = ?2 AND deleted = 0",
                    json::array({trip_id, student_id}))
                .empty();
}

void check_checkin(db::Connection& c, const sync::Record& trip, const std::string& student_id, AttendanceKind kind,
                   const std::string& student_name) {
    const auto form = repo::load(c, "consent_forms", consent_form_id(trip.id));
    std::vector<Consent> answers;
    ConsentForm f;
    if (form && !form->deleted) {
        f = consent_form_from_fields(form->id, form->fields);
        for (const auto& row : c.query("SELECT id FROM consents WHERE trip_id = ?1 AND student_id = ?2 AND deleted = 0",
                                       json::array({trip.id, student_id})))
            if (auto r = repo::load(c, "consents", row[0].get<std::string>()))
                answers.push_back(consent_from_fields(r->id, r->fields));
    }
    const auto state = consent_state(form && !form->deleted ? &f : nullptr, answers, student_id);
    if (consent_blocks(kind, state))
        throw ApiError(409, api::code::conflict,
                       problem(Code::consent_missing, "student_id", "{student} has no guardian's consent for trip {trip}",
                               {{"student", student_name.empty() ? student_id : student_name},
                                {"trip", repo::text(trip, "title")}}));
}

bool attendance_audience(db::Connection& c, const sync::Record& r, std::set<std::string>& a) {
    if (r.collection != "attendance") return false;
    if (const auto student = repo::text(r, "student_id"); !student.empty()) {
        a.insert("u:" + student);
        a.insert("p:" + student);
    }
    if (auto trip = repo::load(c, "trips", repo::text(r, "trip_id")); trip && !trip->deleted) {
        for (const auto& t : trip_teachers_of(c, *trip)) a.insert("u:" + t);
        if (const auto cls = repo::text(*trip, "class_id"); !cls.empty()) a.insert("ct:" + cls);
    }
    return true;
}

bool check_attendance_write(db::Connection& c, const Principal& p, const std::optional<sync::Record>& cur,
                            const sync::Change& ch) {
    if (ch.collection != "attendance") return false;
    const std::string who = "user " + p.username;
    require_school_teacher(p, "record attendance");
    if (ch.deleted.value_or(false)) refuse("delete attendance", "attendance is history and is never deleted");
    if (cur) only_fields(ch, {"at", "reason", "method"}, who);
    const auto trip = referenced(c, p, "trips", effective(cur, ch, "trip_id"));
    if (!trip_teachers_of(c, trip).count(p.user_id))
        refuse("record attendance on trip " + trip.id, who + " is not a teacher of trip " + trip.id);
    const auto student = effective(cur, ch, "student_id");
    if (!taking_part(c, trip.id, student)) not_found("users", student);
    // The record as it will be, against the trip's own stops.
    json after = cur ? cur->fields : json::object();
    for (const auto& [k, v] : ch.fields.items()) after[k] = v;
    const auto stops = trip_stops(c, trip);
    if (auto prob = validate_attendance(ch.record, after, static_cast<int>(stops.size()), &stops)) bad(*prob);
    if (!cur) {
        const auto kind = attendance_kind_from_code(fields::text(after, "kind")).value_or(AttendanceKind::in);
        const auto user = repo::load(c, "users", student);
        check_checkin(c, trip, student, kind, user ? repo::text(*user, "display_name") : "");
    }
    return true;
}

}  // namespace zx::server

namespace zx::server {

HeadCount trip_head_count(db::Connection& c, const sync::Record& trip, int64_t now_ms) {
    const Trip t = trip_from_fields(trip.id, trip.fields);
    std::vector<TripParticipant> roster;
    for (const auto& row : c.query("SELECT id FROM trip_participants WHERE trip_id = ?1 AND deleted = 0", json::array({trip.id})))
        if (auto r = repo::load(c, "trip_participants", row[0].get<std::string>()))
            roster.push_back(participant_from_fields(r->id, r->fields));
    std::vector<AttendanceEvent> events;
    for (const auto& row : c.query("SELECT id FROM attendance WHERE trip_id = ?1 AND deleted = 0", json::array({trip.id})))
        if (auto r = repo::load(c, "attendance", row[0].get<std::string>()))
            events.push_back(attendance_from_fields(r->id, r->fields));
    const int stop = current_stop(events);
    return head_count(t, roster, events, stop, now_ms, t.end_min);
}

void check_trip_close(db::Connection& c, const sync::Record& trip, int64_t now_ms) {
    const auto hc = trip_head_count(c, trip, now_ms);
    if (hc.can_close) return;
    std::string names;
    int shown = 0;
    for (const auto& s : hc.students) {
        if (s.state != PresenceState::missing) continue;
        if (shown++ == 5) {
            names += "…";
            break;
        }
        const auto u = repo::load(c, "users", s.student_id);
        names += (names.empty() ? "" : "、") + (u ? repo::text(*u, "display_name") : s.student_id);
    }
    throw ApiError(409, api::code::conflict,
                   problem(Code::trip_unaccounted, "status", "trip {trip}: {count} students unaccounted for ({names})",
                           {{"trip", repo::text(trip, "title")}, {"count", std::to_string(hc.total.missing)}, {"names", names}}));
}

}  // namespace zx::server
