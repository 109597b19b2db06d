#pragma once
// Kiosks at study-tour bases on the wire (/api/v1/kiosk/..., server/kiosk.cpp).
// Like accounts.hpp: what a client sends has a strict parse_* (the server's
// reader) and to_json (the client's writer); what the server answers has
// to_json and a lenient *_from_json for clients.
//
//   POST enrolments            an admin or the base's staff: a one-time code for one base
//   POST enrol                 a kiosk: the code (and a name) for a device token
//   GET  devices               an admin or the base's staff: the kiosks (of a base)
//   POST devices/{id}/revoke   the same: a kiosk stops at its next request
//   GET  today                 a kiosk: its base, today's trips there, their rosters
//   POST events                a kiosk: check-ins and -outs, idempotent by id
#include "zx/core/problem.hpp"
#include "zx/tours/attendance.hpp"
#include "zx/wire/errors.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zx::api {

struct EnrolmentRequest {
    std::string base_id;
};
EnrolmentRequest parse_enrolment_request(const nlohmann::json& j);
void to_json(nlohmann::json& j, const EnrolmentRequest& r);

// The code is shown once, to the person who made it; the server keeps a hash.
struct Enrolment {
    std::string code;  // 10 characters of [A-Z2-9] (no 0/O, 1/I), typed at the kiosk
    std::string base_id;
    int64_t expires_at = 0;  // ms
};
void to_json(nlohmann::json& j, const Enrolment& e);
Enrolment enrolment_from_json(const nlohmann::json& j);

struct EnrolRequest {
    std::string code;
    std::string name;  // the kiosk as staff call it ("东门入口 1 号机"), 1-200 bytes
};
EnrolRequest parse_enrol_request(const nlohmann::json& j);
void to_json(nlohmann::json& j, const EnrolRequest& r);

struct EnrolAnswer {
    std::string device_id;
    std::string token;  // "zxk_…": sent as "Authorization: Bearer <token>" by the kiosk only
    std::string base_id;
    std::string base_name;
};
void to_json(nlohmann::json& j, const EnrolAnswer& a);
EnrolAnswer enrol_answer_from_json(const nlohmann::json& j);

struct KioskDeviceInfo {
    std::string id;
    std::string base_id;
    std::string name;
    int64_t created_at = 0;
    int64_t last_seen = 0;   // 0: never
    int64_t revoked_at = 0;  // 0: in use
    std::string revoked_reason;
};
void to_json(nlohmann::json& j, const KioskDeviceInfo& d);
KioskDeviceInfo kiosk_device_from_json(const nlohmann::json& j);

struct KioskDevices {
    std::vector<KioskDeviceInfo> devices;
};
void to_json(nlohmann::json& j, const KioskDevices& d);

struct RevokeRequest {
    std::string reason;  // 1-400 bytes, shown on the kiosk
};
RevokeRequest parse_revoke_request(const nlohmann::json& j);
void to_json(nlohmann::json& j, const RevokeRequest& r);

// One student on a trip's roster as a kiosk sees it: no contacts, no account
// name, nothing but what a check-in needs.
struct RosterEntry {
    std::string student_id;
    std::string name;        // display name
    std::string student_no;  // "" when the school gave none
    std::string group;
    bool consent_missing = false;  // the trip asks for consent and this student has none: no check-in
    std::vector<std::string> done; // kinds recorded at this base's stop(s) so far ("in", "out")
};

struct KioskTrip {
    std::string id;
    std::string title;
    std::string school_id;
    std::string school_name;
    int start_min = 0, end_min = 0;
    std::vector<int> stops;  // the trip's stops at this base (usually one)
    int stop_count = 0;
    std::string task;        // what the students do here (the route stop's task), "" if none
    std::vector<RosterEntry> roster;
};

struct KioskToday {
    std::string base_id;
    std::string base_name;
    std::string date;       // today in China, "YYYY-MM-DD"
    int64_t server_ms = 0;  // the server's clock, for a kiosk to see how far off its own is
    std::vector<KioskTrip> trips;
};
void to_json(nlohmann::json& j, const KioskToday& t);
KioskToday kiosk_today_from_json(const nlohmann::json& j);

struct KioskEventsRequest {
    int64_t sent_at = 0;  // the kiosk's clock when it sent: the server corrects every `at` by its offset
    std::vector<AttendanceEvent> events;  // at most 200; ids as attendance_id() gives
};
KioskEventsRequest parse_kiosk_events(const nlohmann::json& j);
void to_json(nlohmann::json& j, const KioskEventsRequest& r);

struct KioskEventResult {
    std::string id;
    std::string status;  // "recorded" | "duplicate" | "refused"
    std::optional<Error> error;  // refused: why (code and problem as any refusal has)
};
struct KioskEventsAnswer {
    std::vector<KioskEventResult> results;  // one per event, in order
};
void to_json(nlohmann::json& j, const KioskEventsAnswer& a);
KioskEventsAnswer kiosk_events_answer_from_json(const nlohmann::json& j);

}  // namespace zx::api
