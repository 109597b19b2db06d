// The kiosk part of the route table (zx/wire/kiosk.hpp, kiosk.hpp):
//   enrolments, devices, revoke   an admin, or the staff of the base concerned
//   enrol                         anyone holding a valid one-time code
//   today, events                 a kiosk's device token (Auth::device)
// A kiosk's events go through the same rules as a teacher's (authz_detail.hpp
// check_checkin, zx/tours/attendance.hpp validate_attendance) plus the
// kiosk's own: the trip visits this base today at that stop, the student is
// on its roster. Each event is answered on its own (recorded, duplicate,
// refused), all written in one transaction.
#include "api_error.hpp"
#include "authz_detail.hpp"
#include "crypto.hpp"
#include "kiosk.hpp"
#include "routes.hpp"

#include "zx/core/error.hpp"
#include "zx/space/timetable.hpp"
#include "zx/sync/fields.hpp"
#include "zx/tours/attendance.hpp"
#include "zx/tours/family.hpp"
#include "zx/tours/route.hpp"
#include "zx/wire/api.hpp"
#include "zx/wire/kiosk.hpp"

#include <algorithm>

namespace zx::server {

using nlohmann::json;
using api::Role;

namespace {

constexpr int64_t kEnrolmentLifeMs = 24 * 3600 * 1000;
constexpr int64_t kSeenEveryMs = 60 * 1000;
constexpr const char* kTokenPrefix = "zxk_";

// Enrolment codes are typed at a kiosk's touch keyboard: letters and digits
// that cannot be mistaken for each other.
std::string enrolment_code() {
    static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const auto raw = crypto::random_token(16);
    std::string code;
    for (size_t i = 0; i < 10; ++i) code += kAlphabet[static_cast<unsigned char>(raw[i]) % 32];
    return code;
}
std::string normal_code(std::string code) {
    std::string out;
    for (char ch : code) {
        if (ch == ' ' || ch == '-') continue;
        out += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
    }
    return out;
}

// Admins act on every base, base staff on their own; anyone else, or staff
// of another base, is refused as the rest of the API refuses roles.
void require_base_admin(const Principal& p, const std::string& base_id) {
    if (p.role == Role::admin) return;
    if (p.role == Role::base_staff && p.base_id == base_id) return;
    throw ApiError(403, api::code::forbidden,
                   problem(Code::role_required, "", "only administrators and the base's staff may manage its kiosks",
                           {{"role", "admin"}, {"user", p.username}}));
}

api::KioskDeviceInfo device_row(const json& row) {
    api::KioskDeviceInfo d;
    d.id = row[0].get<std::string>();
    d.base_id = row[1].get<std::string>();
    d.name = row[2].get<std::string>();
    d.created_at = row[3].get<int64_t>();
    d.last_seen = row[4].is_null() ? 0 : row[4].get<int64_t>();
    d.revoked_at = row[5].is_null() ? 0 : row[5].get<int64_t>();
    d.revoked_reason = row[6].is_null() ? "" : row[6].get<std::string>();
    return d;
}
constexpr const char* kDeviceColumns =
    "SELECT id, base_id, name, created_at, last_seen, revoked_at, revoked_reason FROM kiosk_devices";

Response create_enrolment(const Call& c) {
    const auto req = api::parse_enrolment_request(c.body());
    require_base_admin(c.who(), req.base_id);
    api::Enrolment e;
    e.base_id = req.base_id;
    e.code = enrolment_code();
    const auto now = c.services.clock.wall_ms();
    e.expires_at = now + kEnrolmentLifeMs;
    c.services.store.write([&](db::Connection& conn) {
        const auto base = repo::load(conn, "bases", req.base_id);
        if (!base || base->deleted) not_found("bases", req.base_id);
        conn.prepare("INSERT INTO kiosk_enrolments (code_hash, base_id, created_by, created_at, expires_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, crypto::sha256_hex(e.code)).bind(2, e.base_id).bind(3, c.who().user_id).bind(4, now)
            .bind(5, e.expires_at).step();
    });
    return json_response(e, 201);
}

Response enrol(const Call& c) {
    const auto req = api::parse_enrol_request(c.body());
    const auto hash = crypto::sha256_hex(normal_code(req.code));
    const auto now = c.services.clock.wall_ms();
    api::EnrolAnswer a;
    c.services.store.write([&](db::Connection& conn) {
        const auto rows = conn.query("SELECT base_id, expires_at, used_at FROM kiosk_enrolments WHERE code_hash = ?1",
                                     json::array({hash}));
        if (rows.empty() || !rows[0][2].is_null() || rows[0][1].get<int64_t>() <= now)
            throw ApiError(403, api::code::forbidden,
                           problem(Code::enrolment_invalid, "code", "the enrolment code is unknown, used or expired"));
        a.base_id = rows[0][0].get<std::string>();
        const auto base = repo::load(conn, "bases", a.base_id);
        a.base_name = base ? repo::text(*base, "name") : a.base_id;
        a.device_id = "kiosk-" + crypto::random_id();
        a.token = kTokenPrefix + crypto::random_token(32);
        conn.prepare("INSERT INTO kiosk_devices (id, base_id, name, token_hash, created_by, created_at) "
                     "SELECT ?1, base_id, ?2, ?3, created_by, ?4 FROM kiosk_enrolments WHERE code_hash = ?5")
            .bind(1, a.device_id).bind(2, req.name).bind(3, crypto::sha256_hex(a.token)).bind(4, now).bind(5, hash)
            .step();
        conn.prepare("UPDATE kiosk_enrolments SET used_at = ?1, device_id = ?2 WHERE code_hash = ?3")
            .bind(1, now).bind(2, a.device_id).bind(3, hash).step();
    });
    return json_response(a, 201);
}

Response list_devices(const Call& c) {
    const auto& p = c.who();
    auto base = c.query_value("base_id");
    if (p.role == Role::base_staff && !base) base = p.base_id;
    if (p.role != Role::admin) require_base_admin(p, base.value_or(""));
    api::KioskDevices out;
    c.services.store.read([&](db::Connection& conn) {
        const auto rows = base ? conn.query(std::string(kDeviceColumns) + " WHERE base_id = ?1 ORDER BY created_at",
                                            json::array({*base}))
                               : conn.query(std::string(kDeviceColumns) + " ORDER BY created_at");
        for (const auto& row : rows) out.devices.push_back(device_row(row));
    });
    return json_response(out);
}

Response revoke_device(const Call& c) {
    const auto req = api::parse_revoke_request(c.body());
    const auto& id = c.param("id");
    api::KioskDeviceInfo d;
    c.services.store.write([&](db::Connection& conn) {
        const auto rows = conn.query(std::string(kDeviceColumns) + " WHERE id = ?1", json::array({id}));
        // A kiosk of a base the caller does not manage reads as none at all.
        if (rows.empty()) not_found("kiosk_devices", id);
        d = device_row(rows[0]);
        if (c.who().role != Role::admin && !(c.who().role == Role::base_staff && c.who().base_id == d.base_id))
            not_found("kiosk_devices", id);
        if (d.revoked_at) return;  // revoking twice keeps the first reason
        d.revoked_at = c.services.clock.wall_ms();
        d.revoked_reason = req.reason;
        conn.prepare("UPDATE kiosk_devices SET revoked_at = ?1, revoked_by = ?2, revoked_reason = ?3 WHERE id = ?4")
            .bind(1, d.revoked_at).bind(2, c.who().user_id).bind(3, req.reason).bind(4, id).step();
    });
    return json_response(d);
}

// Today's trips at the device's base, with the stop indices there.
struct TripHere {
    sync::Record trip;
    std::vector<std::string> stops;
    std::vector<int> here;
};
std::vector<TripHere> trips_here_today(db::Connection& conn, const std::string& base_id, const std::string& today) {
    std::vector<TripHere> out;
    for (const auto& row : conn.query("SELECT id FROM trips WHERE deleted = 0 AND date = ?1 AND coalesce(status, '') != "
                                      "'closed' ORDER BY start_min, id",
                                      json::array({today}))) {
        auto trip = repo::load(conn, "trips", row[0].get<std::string>());
        if (!trip) continue;
        TripHere t{*trip, trip_stops(conn, *trip), {}};
        for (size_t i = 0; i < t.stops.size(); ++i)
            if (t.stops[i] == base_id) t.here.push_back(static_cast<int>(i));
        if (!t.here.empty()) out.push_back(std::move(t));
    }
    return out;
}

std::string task_at(db::Connection& conn, const sync::Record& trip, int stop) {
    const auto route_id = repo::text(trip, "route_id");
    if (route_id.empty()) return "";
    const auto route = repo::load(conn, "routes", route_id);
    if (!route || route->deleted) return "";
    try {
        const auto stops = stops_from_json(fields::json_value(route->fields, "stops"));
        if (stop >= 0 && static_cast<size_t>(stop) < stops.size()) return stops[static_cast<size_t>(stop)].task;
    } catch (const ValidationError&) {
    }
    return "";
}

Response today(const Call& c) {
    const auto& d = *c.device;
    api::KioskToday out;
    out.base_id = d.base_id;
    out.date = today_shanghai();
    out.server_ms = c.services.clock.wall_ms();
    c.services.store.read([&](db::Connection& conn) {
        const auto base = repo::load(conn, "bases", d.base_id);
        out.base_name = base ? repo::text(*base, "name") : d.base_id;
        for (const auto& t : trips_here_today(conn, d.base_id, out.date)) {
            api::KioskTrip k;
            k.id = t.trip.id;
            k.title = repo::text(t.trip, "title");
            const auto cls = repo::load(conn, "classes", repo::text(t.trip, "class_id"));
            k.school_id = cls ? repo::text(*cls, "school_id") : "";
            if (const auto school = repo::load(conn, "schools", k.school_id)) k.school_name = repo::text(*school, "name");
            k.start_min = static_cast<int>(fields::integer(t.trip.fields, "start_min"));
            k.end_min = static_cast<int>(fields::integer(t.trip.fields, "end_min"));
            k.stops = t.here;
            k.stop_count = static_cast<int>(t.stops.size());
            k.task = task_at(conn, t.trip, t.here.front());
            for (const auto& row : conn.query(
                     "SELECT p.user_id, u.display_name, coalesce(u.student_no, ''), coalesce(p.group_name, '') "
                     "FROM trip_participants p JOIN users u ON u.id = p.user_id "
                     "WHERE p.trip_id = ?1 AND p.deleted = 0 AND u.deleted = 0 ORDER BY p.group_name, u.display_name",
                     json::array({t.trip.id}))) {
                api::RosterEntry r{row[0].get<std::string>(), row[1].is_null() ? "" : row[1].get<std::string>(),
                                   row[2].get<std::string>(), row[3].get<std::string>(), false, {}};
                try {
                    check_checkin(conn, t.trip, r.student_id, AttendanceKind::in, r.name);
                } catch (const ApiError&) {
                    r.consent_missing = true;
                }
                for (const int stop : t.here)
                    for (const auto kind : {AttendanceKind::in, AttendanceKind::out})
                        if (auto e = repo::load(conn, "attendance", attendance_id(t.trip.id, r.student_id, stop, kind));
                            e && !e->deleted)
                            r.done.emplace_back(to_code(kind));
                k.roster.push_back(std::move(r));
            }
            out.trips.push_back(std::move(k));
        }
    });
    return json_response(out);
}

Response events(const Call& c) {
    const auto& d = *c.device;
    auto req = api::parse_kiosk_events(c.body());
    const auto now = c.services.clock.wall_ms();
    // A kiosk's clock may be hours off: its times are moved by the offset
    // between its clock and ours when it sent, so they read as ours.
    const int64_t offset = now - req.sent_at;
    api::KioskEventsAnswer out;
    c.services.store.write([&](db::Connection& conn) {
        const auto today = today_shanghai();
        const auto here = trips_here_today(conn, d.base_id, today);
        for (auto& e : req.events) {
            api::KioskEventResult r{e.id, "recorded", std::nullopt};
            try {
                const auto t = std::find_if(here.begin(), here.end(), [&](const TripHere& x) { return x.trip.id == e.trip_id; });
                const bool stop_here = t != here.end() && std::find(t->here.begin(), t->here.end(), e.stop) != t->here.end();
                if (!stop_here || (e.kind != AttendanceKind::in && e.kind != AttendanceKind::out) || e.base_id != d.base_id)
                    throw ApiError(404, api::code::not_found,
                                   problem(Code::trip_not_here_today, "trip_id", "trip {trip} does not visit {base} today",
                                           {{"trip", e.trip_id}, {"base", d.base_id}}));
                if (!taking_part(conn, e.trip_id, e.student_id))
                    throw ApiError(404, api::code::not_found,
                                   problem(Code::not_on_roster, "student_id",
                                           "{value}: no student of today's trips here has that number",
                                           {{"value", e.student_id}}));
                if (auto prev = repo::load(conn, "attendance", e.id); prev && !prev->deleted) {
                    r.status = "duplicate";  // the same scan again, or a queue sent twice
                } else {
                    const auto user = repo::load(conn, "users", e.student_id);
                    check_checkin(conn, t->trip, e.student_id, e.kind, user ? repo::text(*user, "display_name") : "");
                    e.at += offset;
                    json fields = to_fields(e);
                    fields["owner_id"] = d.id;
                    fields["by_name"] = d.name;
                    server_write(conn, c.services.clock, "attendance", e.id, fields, std::nullopt, "");
                }
            } catch (const ApiError& err) {
                r.status = "refused";
                r.error = err.body();
            }
            out.results.push_back(std::move(r));
        }
    });
    return json_response(out);
}

}  // namespace

KioskDevice authenticate_device(Store& store, const std::string& authorization, int64_t now_ms) {
    const auto token = bearer_token(authorization);
    const auto hash = crypto::sha256_hex(token);
    std::optional<json> row;
    store.read([&](db::Connection& c) {
        const auto rows = c.query("SELECT id, base_id, name, revoked_at, revoked_reason, last_seen FROM kiosk_devices "
                                  "WHERE token_hash = ?1",
                                  json::array({hash}));
        if (!rows.empty()) row = rows[0];
    });
    if (!row)
        throw ApiError(401, api::code::unauthorized,
                       problem(Code::session_invalid, "", "this session is not valid; sign in again"));
    if (!(*row)[3].is_null())
        throw ApiError(401, api::code::unauthorized,
                       problem(Code::device_revoked, "", "this kiosk was revoked on {date}: {reason}",
                               {{"date", timetable::format_date_time((*row)[3].get<int64_t>())},
                                {"reason", (*row)[4].is_null() ? "" : (*row)[4].get<std::string>()}}));
    KioskDevice d{(*row)[0].get<std::string>(), (*row)[1].get<std::string>(), (*row)[2].get<std::string>()};
    const int64_t seen = (*row)[5].is_null() ? 0 : (*row)[5].get<int64_t>();
    if (now_ms - seen > kSeenEveryMs)
        store.write([&](db::Connection& c) {
            c.prepare("UPDATE kiosk_devices SET last_seen = ?1 WHERE id = ?2").bind(1, now_ms).bind(2, d.id).step();
        });
    return d;
}

std::vector<Endpoint> kiosk_routes() {
    return {
        {.methods = {"POST"},
         .path = api::kKioskEnrolmentsPath,
         .auth = Auth::user,
         .summary = "Issue a one-time enrolment code for a kiosk at a base",
         .request = "EnrolmentRequest",
         .response = "Enrolment",
         .status = 201,
         .handler = create_enrolment},
        {.methods = {"POST"},
         .path = api::kKioskEnrolPath,
         .auth = Auth::none,
         .summary = "Exchange an enrolment code for a kiosk's device token",
         .request = "EnrolRequest",
         .response = "EnrolAnswer",
         .status = 201,
         .handler = enrol},
        {.methods = {"GET"},
         .path = api::kKioskDevicesPath,
         .auth = Auth::user,
         .summary = "List the kiosks (of one base)",
         .response = "KioskDevices",
         .query = {{"base_id", "only this base's kiosks", {}}},
         .handler = list_devices},
        {.methods = {"POST"},
         .path = api::kKioskRevokePath,
         .auth = Auth::user,
         .summary = "Revoke a kiosk: it stops at its next request and says why",
         .request = "RevokeRequest",
         .response = "KioskDevice",
         .handler = revoke_device},
        {.methods = {"GET"},
         .path = api::kKioskTodayPath,
         .auth = Auth::device,
         .summary = "The kiosk's base, today's trips there and their rosters",
         .response = "KioskToday",
         .handler = today},
        {.methods = {"POST"},
         .path = api::kKioskEventsPath,
         .auth = Auth::device,
         .summary = "Record check-ins and check-outs at the kiosk's base",
         .request = "KioskEvents",
         .response = "KioskEventsAnswer",
         .handler = events},
    };
}

}  // namespace zx::server
