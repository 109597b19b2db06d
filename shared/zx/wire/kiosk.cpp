#include "zx/wire/kiosk.hpp"

#include "zx/core/strict_json.hpp"
#include "zx/sync/fields.hpp"
#include "zx/sync/model.hpp"

#include <nlohmann/json.hpp>

namespace zx::api {

using nlohmann::json;

namespace {

[[noreturn]] void refuse(Problem p) { throw ValidationError(std::move(p)); }

std::string text(const json& j, const char* key, const std::string& what, size_t max, bool required = true) {
    auto v = strict::get<std::string>(j, key, what, required);
    if (required && v.empty()) refuse(problem(Code::required, key, "{field} must be given"));
    if (v.size() > max)
        refuse(problem(Code::too_long, key, "{field} longer than {max} bytes", {{"max", std::to_string(max)}}));
    return v;
}

std::string id(const json& j, const char* key, const std::string& what) {
    auto v = strict::get<std::string>(j, key, what);
    if (!model::valid_id(v)) refuse(problem(Code::not_an_id, key, "{field}: {value} is not 1-64 of [A-Za-z0-9_-]", {{"value", v.substr(0, 80)}}));
    return v;
}

// Lenient readers for clients.
std::string str(const json& j, const char* key) { return fields::text(j, key); }
int64_t num(const json& j, const char* key) { return fields::integer(j, key); }

}  // namespace

EnrolmentRequest parse_enrolment_request(const json& j) {
    const std::string what = "enrolment request";
    strict::object(j, {"base_id"}, what);
    return {id(j, "base_id", what)};
}
void to_json(json& j, const EnrolmentRequest& r) { j = {{"base_id", r.base_id}}; }

void to_json(json& j, const Enrolment& e) { j = {{"code", e.code}, {"base_id", e.base_id}, {"expires_at", e.expires_at}}; }
Enrolment enrolment_from_json(const json& j) { return {str(j, "code"), str(j, "base_id"), num(j, "expires_at")}; }

EnrolRequest parse_enrol_request(const json& j) {
    const std::string what = "enrol request";
    strict::object(j, {"code", "name"}, what);
    return {text(j, "code", what, 32), text(j, "name", what, model::kMaxShortBytes)};
}
void to_json(json& j, const EnrolRequest& r) { j = {{"code", r.code}, {"name", r.name}}; }

void to_json(json& j, const EnrolAnswer& a) {
    j = {{"device_id", a.device_id}, {"token", a.token}, {"base_id", a.base_id}, {"base_name", a.base_name}};
}
EnrolAnswer enrol_answer_from_json(const json& j) {
    return {str(j, "device_id"), str(j, "token"), str(j, "base_id"), str(j, "base_name")};
}

void to_json(json& j, const KioskDeviceInfo& d) {
    j = {{"id", d.id},         {"base_id", d.base_id},       {"name", d.name},
         {"created_at", d.created_at}, {"last_seen", d.last_seen}, {"revoked_at", d.revoked_at},
         {"revoked_reason", d.revoked_reason}};
}
KioskDeviceInfo kiosk_device_from_json(const json& j) {
    return {str(j, "id"), str(j, "base_id"), str(j, "name"), num(j, "created_at"), num(j, "last_seen"),
            num(j, "revoked_at"), str(j, "revoked_reason")};
}
void to_json(json& j, const KioskDevices& d) {
    j = {{"devices", json::array()}};
    for (const auto& x : d.devices) j["devices"].push_back(x);
}

RevokeRequest parse_revoke_request(const json& j) {
    const std::string what = "revoke request";
    strict::object(j, {"reason"}, what);
    return {text(j, "reason", what, 400)};
}
void to_json(json& j, const RevokeRequest& r) { j = {{"reason", r.reason}}; }

void to_json(json& j, const KioskToday& t) {
    j = {{"base_id", t.base_id}, {"base_name", t.base_name}, {"date", t.date}, {"server_ms", t.server_ms},
         {"trips", json::array()}};
    for (const auto& trip : t.trips) {
        json roster = json::array();
        for (const auto& r : trip.roster)
            roster.push_back({{"student_id", r.student_id}, {"name", r.name}, {"student_no", r.student_no},
                              {"group", r.group}, {"consent_missing", r.consent_missing}, {"done", r.done}});
        j["trips"].push_back({{"id", trip.id}, {"title", trip.title}, {"school_id", trip.school_id},
                              {"school_name", trip.school_name}, {"start_min", trip.start_min},
                              {"end_min", trip.end_min}, {"stops", trip.stops}, {"stop_count", trip.stop_count},
                              {"task", trip.task}, {"roster", std::move(roster)}});
    }
}

KioskToday kiosk_today_from_json(const json& j) {
    KioskToday t;
    t.base_id = str(j, "base_id");
    t.base_name = str(j, "base_name");
    t.date = str(j, "date");
    t.server_ms = num(j, "server_ms");
    if (const auto* trips = fields::find(j, "trips"); trips && trips->is_array())
        for (const auto& x : *trips) {
            KioskTrip k;
            k.id = str(x, "id");
            k.title = str(x, "title");
            k.school_id = str(x, "school_id");
            k.school_name = str(x, "school_name");
            k.start_min = static_cast<int>(num(x, "start_min"));
            k.end_min = static_cast<int>(num(x, "end_min"));
            if (const auto* s = fields::find(x, "stops"); s && s->is_array())
                for (const auto& v : *s)
                    if (v.is_number_integer()) k.stops.push_back(v.get<int>());
            k.stop_count = static_cast<int>(num(x, "stop_count"));
            k.task = str(x, "task");
            if (const auto* r = fields::find(x, "roster"); r && r->is_array())
                for (const auto& e : *r)
                    k.roster.push_back({str(e, "student_id"), str(e, "name"), str(e, "student_no"), str(e, "group"),
                                        fields::flag(e, "consent_missing"), fields::strings(e, "done")});
            t.trips.push_back(std::move(k));
        }
    return t;
}

KioskEventsRequest parse_kiosk_events(const json& j) {
    const std::string what = "kiosk events";
    strict::object(j, {"sent_at", "events"}, what);
    KioskEventsRequest r;
    r.sent_at = strict::get<int64_t>(j, "sent_at", what);
    const auto it = j.find("events");
    if (it == j.end() || !it->is_array()) throw strict::bad_type(what, "events", "array");
    if (it->size() > 200)
        refuse(problem(Code::too_many, "events", "{field} has more than {max} items", {{"max", "200"}}));
    for (size_t i = 0; i < it->size(); ++i) {
        const auto& e = (*it)[i];
        const std::string w = "events[" + std::to_string(i) + "]";
        strict::object(e, {"id", "trip_id", "student_id", "stop", "base_id", "kind", "at", "method", "reason"}, w);
        json f = e;
        const auto ev_id = id(e, "id", w);
        f.erase("id");
        if (auto p = validate_attendance(ev_id, f)) {
            p->field = w + "." + p->field;
            refuse(*p);
        }
        r.events.push_back(attendance_from_fields(ev_id, f));
    }
    return r;
}

void to_json(json& j, const KioskEventsRequest& r) {
    j = {{"sent_at", r.sent_at}, {"events", json::array()}};
    for (const auto& e : r.events) {
        json f = to_fields(e);
        f["id"] = e.id;
        j["events"].push_back(std::move(f));
    }
}

void to_json(json& j, const KioskEventsAnswer& a) {
    j = {{"results", json::array()}};
    for (const auto& r : a.results) {
        json x = {{"id", r.id}, {"status", r.status}};
        if (r.error) x["error"] = *r.error;
        j["results"].push_back(std::move(x));
    }
}

KioskEventsAnswer kiosk_events_answer_from_json(const json& j) {
    KioskEventsAnswer a;
    if (const auto* rs = fields::find(j, "results"); rs && rs->is_array())
        for (const auto& x : *rs) {
            KioskEventResult r{str(x, "id"), str(x, "status"), std::nullopt};
            if (const auto* e = fields::find(x, "error"); e && e->is_object()) {
                Error err;
                from_json(*e, err);
                r.error = err;
            }
            a.results.push_back(std::move(r));
        }
    return a;
}

}  // namespace zx::api
