#pragma once
// The paths of the JSON API under /api/v1. A path with {name} segments is a
// pattern: fill it with zx::format (zx/core/format.hpp), for example
// format(kBasePath, {{"id", "zj-0001"}}). The server's route table
// (server/routes.hpp) is built from these, and GET kOpenApiPath describes
// every route, so this list and the document cannot drift apart.
namespace zx::api {

inline constexpr const char* kPrefix = "/api/v1";
inline constexpr const char* kOpenApiPath = "/api/v1/openapi.json";  // GET: the OpenAPI 3 document
inline constexpr const char* kHealthPath = "/api/v1/health";
inline constexpr const char* kBasesPath = "/api/v1/bases";
inline constexpr const char* kBasePath = "/api/v1/bases/{id}";  // GET: one base
// GET: every listed base and live route as GeoJSON (application/geo+json), public.
inline constexpr const char* kBasesGeoJsonPath = "/api/v1/bases.geojson";
// POST (admins): GeoJSON (application/geo+json or application/json) or CSV
// (text/csv) of bases and routes; ?dry_run=1 checks without storing. Answers
// an ImportResult (zx/wire/bases.hpp).
inline constexpr const char* kBasesImportPath = "/api/v1/bases/import";
inline constexpr const char* kRegisterPath = "/api/v1/auth/register";
inline constexpr const char* kLoginPath = "/api/v1/auth/login";
inline constexpr const char* kLogoutPath = "/api/v1/auth/logout";
// POST: the signed-in user changes their password (every other session ends).
inline constexpr const char* kPasswordPath = "/api/v1/auth/password";
// GET: the signed-in user's sessions; DELETE kSessionPath: end one of them.
inline constexpr const char* kSessionsPath = "/api/v1/auth/sessions";
inline constexpr const char* kSessionPath = "/api/v1/auth/sessions/{id}";
// POST (admins): a one-use invitation for a teacher of a school.
inline constexpr const char* kTeacherInvitationsPath = "/api/v1/admin/teacher-invitations";
inline constexpr const char* kMePath = "/api/v1/me";
inline constexpr const char* kClassesPath = "/api/v1/classes";           // POST: a teacher creates a class
inline constexpr const char* kJoinClassPath = "/api/v1/classes/join";    // POST: a student joins with a code
// POST: the class's teacher replaces its join code (the old one stops working).
inline constexpr const char* kJoinCodePath = "/api/v1/classes/{id}/join-code";
// POST: a teacher issues a guardian code for one student of class {id}.
inline constexpr const char* kGuardianCodesPath = "/api/v1/classes/{id}/guardian-codes";
// kClassesPath + "/" + id + kGuardianCodesSuffix is the same path, for callers
// that build it by hand.
inline constexpr const char* kGuardianCodesSuffix = "/guardian-codes";
inline constexpr const char* kLinkGuardianPath = "/api/v1/guardians/link";  // POST: a parent links with a code
// POST (the class's teachers): a roster file makes student accounts and puts
// them in class {id}; ?dry_run=1 checks without storing (zx/wire/roster.hpp).
inline constexpr const char* kRosterPath = "/api/v1/classes/{id}/roster";
// POST (the class's teachers): a one-use ticket for the class's card page.
inline constexpr const char* kCardTicketsPath = "/api/v1/classes/{id}/card-tickets";
// GET, no session: the printable cards (text/html) of the ticket's class, once.
inline constexpr const char* kCardsPagePath = "/api/v1/cards/{ticket}";
// POST: a student sets their first password with the code from their card.
inline constexpr const char* kFirstSignInPath = "/api/v1/auth/first-sign-in";
inline constexpr const char* kRecordsPath = "/api/v1/records";
inline constexpr const char* kRecordPath = "/api/v1/records/{collection}/{id}";  // GET: one visible record
inline constexpr const char* kPushPath = "/api/v1/sync/push";
inline constexpr const char* kPullPath = "/api/v1/sync/pull";
// Kiosks at the bases (zx/wire/kiosk.hpp).
inline constexpr const char* kKioskEnrolmentsPath = "/api/v1/kiosk/enrolments";  // POST: admin or base staff
inline constexpr const char* kKioskEnrolPath = "/api/v1/kiosk/enrol";            // POST: a kiosk, with a code
inline constexpr const char* kKioskDevicesPath = "/api/v1/kiosk/devices";        // GET: admin or base staff
inline constexpr const char* kKioskRevokePath = "/api/v1/kiosk/devices/{id}/revoke";  // POST
inline constexpr const char* kKioskTodayPath = "/api/v1/kiosk/today";            // GET: a kiosk
inline constexpr const char* kKioskEventsPath = "/api/v1/kiosk/events";          // POST: a kiosk
// GET: the signed-in user's live channel, Server-Sent Events that say only
// "something you may see changed" (zx/wire/events.hpp).
inline constexpr const char* kEventsPath = "/api/v1/events";

}  // namespace zx::api
