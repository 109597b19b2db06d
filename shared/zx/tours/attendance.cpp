#include "zx/tours/attendance.hpp"

#include "zx/core/china_time.hpp"
#include "zx/core/sha256.hpp"
#include "zx/space/timetable.hpp"
#include "zx/sync/fields.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace zx {

namespace fl = fields;
using nlohmann::json;

namespace {
constexpr std::array<std::pair<AttendanceKind, std::string_view>, 6> kKinds{{{AttendanceKind::left, "left"},
                                                                           {AttendanceKind::in, "in"},
                                                                           {AttendanceKind::out, "out"},
                                                                           {AttendanceKind::found, "found"},
                                                                           {AttendanceKind::absent, "absent"},
                                                                           {AttendanceKind::back, "back"}}};
constexpr std::array<std::pair<CheckinMethod, std::string_view>, 5> kMethods{{{CheckinMethod::qr, "qr"},
                                                                            {CheckinMethod::code, "code"},
                                                                            {CheckinMethod::roster, "roster"},
                                                                            {CheckinMethod::group, "group"},
                                                                            {CheckinMethod::teacher, "teacher"}}};

template <class E, size_t N>
std::string allowed(const std::array<std::pair<E, std::string_view>, N>& table) {
    std::string s;
    for (const auto& [e, name] : table) s += (s.empty() ? "" : ", ") + std::string(name);
    return s;
}
}  // namespace

std::string_view to_code(AttendanceKind k) {
    for (const auto& [e, name] : kKinds)
        if (e == k) return name;
    return "in";
}
std::optional<AttendanceKind> attendance_kind_from_code(std::string_view s) {
    for (const auto& [e, name] : kKinds)
        if (name == s) return e;
    return std::nullopt;
}
std::string_view to_code(CheckinMethod m) {
    for (const auto& [e, name] : kMethods)
        if (e == m) return name;
    return "teacher";
}
std::optional<CheckinMethod> checkin_method_from_code(std::string_view s) {
    for (const auto& [e, name] : kMethods)
        if (name == s) return e;
    return std::nullopt;
}

std::string_view to_code(PresenceState s) {
    switch (s) {
        case PresenceState::expected: return "expected";
        case PresenceState::in: return "in";
        case PresenceState::out: return "out";
        case PresenceState::found: return "found";
        case PresenceState::absent: return "absent";
        case PresenceState::missing: return "missing";
    }
    return "expected";
}

AttendanceEvent attendance_from_fields(const std::string& id, const json& f) {
    AttendanceEvent e;
    e.id = id;
    e.owner_id = fl::text(f, "owner_id");
    e.trip_id = fl::text(f, "trip_id");
    e.student_id = fl::text(f, "student_id");
    e.stop = static_cast<int>(std::clamp<int64_t>(fl::integer(f, "stop", kSchoolStop), -1, 1000));
    e.base_id = fl::text(f, "base_id");
    // An unknown kind from a newer peer is read as the least telling one;
    // validate() refuses it at the edges.
    e.kind = attendance_kind_from_code(fl::text(f, "kind")).value_or(AttendanceKind::out);
    e.at = fl::integer(f, "at");
    e.method = checkin_method_from_code(fl::text(f, "method")).value_or(CheckinMethod::teacher);
    e.reason = fl::text(f, "reason");
    e.by_name = fl::text(f, "by_name");
    return e;
}

json to_fields(const AttendanceEvent& e) {
    return {{"trip_id", e.trip_id}, {"student_id", e.student_id}, {"stop", e.stop},
            {"base_id", e.base_id}, {"kind", to_code(e.kind)},   {"at", e.at},
            {"method", to_code(e.method)}, {"reason", e.reason}};
}

std::string attendance_id(std::string_view trip_id, std::string_view student_id, int stop, AttendanceKind kind) {
    std::string key(trip_id);
    key += '\n';
    key += student_id;
    key += '\n';
    key += std::to_string(stop);
    key += '\n';
    key += to_code(kind);
    return "att-" + sha256_hex(key).substr(0, 40);
}

std::optional<Problem> validate_attendance(const std::string& id, const json& f, int stops,
                                           const std::vector<std::string>* trip_bases) {
    // The codes first: attendance_from_fields reads an unknown one as a known one.
    if (const auto k = fl::text(f, "kind"); !attendance_kind_from_code(k))
        return problem(Code::unknown_value, "kind", "{field}: {value} is not one of {allowed}",
                       {{"value", k}, {"allowed", allowed(kKinds)}});
    if (const auto m = fl::text(f, "method"); !checkin_method_from_code(m))
        return problem(Code::unknown_value, "method", "{field}: {value} is not one of {allowed}",
                       {{"value", m}, {"allowed", allowed(kMethods)}});
    const auto e = attendance_from_fields(id, f);
    if (e.trip_id.empty()) return problem(Code::required, "trip_id", "an attendance event belongs to a trip");
    if (e.student_id.empty()) return problem(Code::required, "student_id", "an attendance event is about a student");
    const bool at_school = e.kind == AttendanceKind::left || e.kind == AttendanceKind::back;
    if (at_school && e.stop != kSchoolStop)
        return problem(Code::out_of_range, "stop", "{field}: {value} not within {min}..{max}",
                       {{"value", std::to_string(e.stop)}, {"min", "-1"}, {"max", "-1"}});
    if (!at_school && e.kind != AttendanceKind::absent && e.stop < 0)
        return problem(Code::out_of_range, "stop", "{field}: {value} not within {min}..{max}",
                       {{"value", std::to_string(e.stop)}, {"min", "0"}, {"max", std::to_string(std::max(0, stops - 1))}});
    if (stops >= 0 && e.stop >= stops)
        return problem(Code::out_of_range, "stop", "{field}: {value} not within {min}..{max}",
                       {{"value", std::to_string(e.stop)}, {"min", "-1"}, {"max", std::to_string(stops - 1)}});
    if (trip_bases && e.stop >= 0 && static_cast<size_t>(e.stop) < trip_bases->size() &&
        e.base_id != (*trip_bases)[static_cast<size_t>(e.stop)])
        return problem(Code::unknown_value, "base_id", "{field}: {value} is not one of {allowed}",
                       {{"value", e.base_id}, {"allowed", (*trip_bases)[static_cast<size_t>(e.stop)]}});
    if (e.stop < 0 && !e.base_id.empty())
        return problem(Code::unknown_value, "base_id", "{field}: {value} is not one of {allowed}",
                       {{"value", e.base_id}, {"allowed", "\"\""}});
    if (e.at <= 0) return problem(Code::required, "at", "an attendance event has a time");
    if (e.kind == AttendanceKind::absent && e.reason.empty())
        return problem(Code::required, "reason", "an absence has a reason");
    if (e.id != attendance_id(e.trip_id, e.student_id, e.stop, e.kind))
        return problem(Code::unknown_value, "id", "{field}: {value} is not one of {allowed}",
                       {{"value", e.id}, {"allowed", attendance_id(e.trip_id, e.student_id, e.stop, e.kind)}});
    return std::nullopt;
}

bool consent_blocks(AttendanceKind kind, ConsentState state) {
    if (kind != AttendanceKind::left && kind != AttendanceKind::in) return false;
    return state != ConsentState::not_asked && state != ConsentState::consented;
}

int current_stop(const std::vector<AttendanceEvent>& events) {
    int stop = kSchoolStop;
    for (const auto& e : events)
        if ((e.kind == AttendanceKind::in || e.kind == AttendanceKind::found) && e.stop > stop) stop = e.stop;
    return stop;
}

int stop_end_min(const Trip& trip, const Route* route, int stop) {
    if (route && stop >= 0 && static_cast<size_t>(stop) < route->stops.size() &&
        static_cast<size_t>(stop) < trip.bases.size() && route->stops[static_cast<size_t>(stop)].base_id == trip.bases[static_cast<size_t>(stop)])
        return route->stops[static_cast<size_t>(stop)].leave_min;
    return trip.end_min;
}

HeadCount head_count(const Trip& trip, const std::vector<TripParticipant>& participants,
                     const std::vector<AttendanceEvent>& events, int stop, int64_t now_ms, int end_min) {
    // Each student's events on this trip, by kind at `stop`, absences, and
    // the latest of all (last seen).
    struct Seen {
        const AttendanceEvent* at_stop[6] = {};
        const AttendanceEvent* absent = nullptr;
        int64_t last = 0;
        int last_stop = kSchoolStop;
    };
    std::map<std::string, Seen, std::less<>> seen;
    for (const auto& e : events) {
        if (e.trip_id != trip.id) continue;
        auto& s = seen[e.student_id];
        if (e.kind == AttendanceKind::absent) {
            if (e.stop <= stop && (!s.absent || e.at < s.absent->at)) s.absent = &e;
            continue;
        }
        if (e.at > s.last) {
            s.last = e.at;
            s.last_stop = e.stop;
        }
        if (e.stop == stop) s.at_stop[static_cast<int>(e.kind)] = &e;
    }

    HeadCount hc;
    hc.stop = stop;
    std::vector<std::string> order;
    for (const auto& g : trip.groups) order.push_back(g.name);
    auto group_of = [&](const std::string& name) -> GroupCount& {
        for (auto& g : hc.groups)
            if (g.name == name) return g;
        hc.groups.push_back(GroupCount{name});
        return hc.groups.back();
    };
    for (const auto& name : order) group_of(name);

    for (const auto& p : participants) {
        if (p.trip_id != trip.id) continue;
        StudentPresence sp;
        sp.student_id = p.user_id;
        sp.group = p.group_name;
        const auto it = seen.find(p.user_id);
        const Seen* s = it == seen.end() ? nullptr : &it->second;
        if (s) {
            sp.last_seen = s->last;
            sp.last_stop = s->last_stop;
        }
        auto has = [&](AttendanceKind k) { return s && s->at_stop[static_cast<int>(k)]; };
        if (s && s->absent) {
            sp.state = PresenceState::absent;
            sp.reason = s->absent->reason;
        } else if (has(AttendanceKind::out) || (stop == kSchoolStop && has(AttendanceKind::back))) {
            sp.state = PresenceState::out;
        } else if (has(AttendanceKind::in) || (stop == kSchoolStop && has(AttendanceKind::left))) {
            sp.state = PresenceState::in;
        } else if (has(AttendanceKind::found)) {
            sp.state = PresenceState::found;
        } else if (stop >= 0) {
            sp.state = PresenceState::missing;
        }
        GroupCount& g = group_of(p.group_name);
        for (GroupCount* c : {&g, &hc.total}) {
            if (sp.state == PresenceState::absent) {
                ++c->absent;
                continue;
            }
            ++c->expected;
            if (sp.state == PresenceState::missing) ++c->missing;
            else if (sp.state != PresenceState::expected) ++c->checked_in;
        }
        hc.students.push_back(std::move(sp));
    }
    // Drop an empty "" group (everyone has a group) but keep the trip's own.
    hc.groups.erase(std::remove_if(hc.groups.begin(), hc.groups.end(),
                                   [&](const GroupCount& g) {
                                       return g.name.empty() && g.expected == 0 && g.absent == 0 &&
                                              std::find(order.begin(), order.end(), "") == order.end();
                                   }),
                    hc.groups.end());
    auto rank = [&](const StudentPresence& s) {
        const auto pos = std::find(order.begin(), order.end(), s.group);
        return std::pair{s.state == PresenceState::missing ? 0 : 1, pos - order.begin()};
    };
    std::stable_sort(hc.students.begin(), hc.students.end(),
                     [&](const StudentPresence& a, const StudentPresence& b) { return rank(a) < rank(b); });

    hc.can_close = hc.total.missing == 0;
    if (hc.total.missing > 0) {
        if (const auto day = timetable::parse_date(trip.date)) {
            const int64_t today = china::day_of(now_ms), trip_day = timetable::to_days(*day);
            hc.overdue = today > trip_day || (today == trip_day && china::minute_of_day(now_ms) >= end_min);
        }
    }
    return hc;
}

std::vector<AttendanceEvent> timeline_of(const std::vector<AttendanceEvent>& events, std::string_view student_id) {
    std::vector<AttendanceEvent> out;
    for (const auto& e : events)
        if (e.student_id == student_id) out.push_back(e);
    std::stable_sort(out.begin(), out.end(), [](const AttendanceEvent& a, const AttendanceEvent& b) { return a.at < b.at; });
    return out;
}

}  // namespace zx
