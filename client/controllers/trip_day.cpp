// The study-tour day on a teacher's device (zx/tours/attendance.hpp): who is
// where, recorded through sync like any edit (one transaction for a group),
// and closing a trip. The device runs the rules the server runs before it
// saves: the record rules (check_change, through the engine), consent before
// a check-in, nobody unaccounted for at closing.
#include "controllers/trips.hpp"

#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"

#include <algorithm>

namespace zx::client {

void TripsController::handle(const RecordAttendance& c) {
    const Lang l = s_.lang();
    const auto* data = s_.state.data;
    if (!data || !s_.engine.ready()) return fail(tr(l, S::SignInFirst));
    const Trip* trip = data->trip(c.trip_id);
    if (!trip) return fail(describe(l, problem(Code::not_found, "", "no trip {id}", {{"collection", "trips"}, {"id", c.trip_id}})));
    const auto recorded = data->attendance_of(c.trip_id);
    const auto& consent = data->consent_roster(c.trip_id);
    std::vector<RecordWrite> writes;
    for (const auto& student : c.student_ids) {
        AttendanceEvent e;
        e.trip_id = c.trip_id;
        e.student_id = student;
        e.stop = c.stop;
        e.base_id = c.stop >= 0 && static_cast<size_t>(c.stop) < trip->bases.size() ? trip->bases[static_cast<size_t>(c.stop)] : "";
        e.kind = c.kind;
        e.at = s_.state.now_ms;
        e.method = c.student_ids.size() > 1 ? CheckinMethod::group : CheckinMethod::teacher;
        e.reason = c.reason;
        e.id = attendance_id(e.trip_id, e.student_id, e.stop, e.kind);
        // A scan or tap twice is one record: the first one stands.
        if (std::any_of(recorded.begin(), recorded.end(), [&](const AttendanceEvent& x) { return x.id == e.id; })) continue;
        const bool blocked = std::any_of(consent.rows.begin(), consent.rows.end(), [&](const ConsentRow& row) {
            return row.student_id == student && consent_blocks(e.kind, row.state);
        });
        if (blocked) {
            // A group check-in leaves out whoever lacks consent (the roster
            // marks them); one student alone is refused with the reason.
            if (c.student_ids.size() > 1) continue;
            return fail(describe(l, problem(Code::consent_missing, "student_id", "no consent",
                                            {{"student", data->name_of(student)}, {"trip", trip->title}})));
        }
        writes.push_back({"attendance", e.id, to_fields(e)});
    }
    if (writes.empty()) return s_.state.report(s_.state.notices.trips, {tr(l, S::DayNothingNew), true});
    const size_t n = writes.size();
    s_.engine.edit(std::move(writes), [this, l, n](const EditOutcome& o) {
        if (!o.ok) return fail(describe(l, o));
        s_.state.report(s_.state.notices.trips, {trf(l, S::DayRecorded, {{"count", n}}), true});
    });
}

void TripsController::handle(const CloseTrip& c) {
    const Lang l = s_.lang();
    const auto* data = s_.state.data;
    if (!data || !s_.engine.ready()) return fail(tr(l, S::SignInFirst));
    const HeadCount& hc = data->head_count(c.trip_id, data->current_stop(c.trip_id), s_.state.now_ms);
    if (!hc.can_close) {
        std::string names;
        for (const auto& st : hc.students)
            if (st.state == PresenceState::missing) names += (names.empty() ? "" : "、") + data->name_of(st.student_id);
        return fail(describe(l, problem(Code::trip_unaccounted, "status", "students unaccounted for",
                                        {{"count", std::to_string(hc.total.missing)}, {"names", names}})));
    }
    s_.engine.edit({"trips", c.trip_id, {{"status", "closed"}}}, [this, l](const EditOutcome& o) {
        s_.state.report(s_.state.notices.trips, o.ok ? Notice{tr(l, S::DayClosed), true} : Notice{describe(l, o), false});
    });
}

}  // namespace zx::client
