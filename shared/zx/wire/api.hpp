#pragma once
// The JSON API under /api/v1: paths, response types and the error body, in one
// place so that the server writes and the clients read the same shapes.
#include "zx/tours/base.hpp"
#include "zx/tours/trips.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx::api {

inline constexpr const char* kPrefix = "/api/v1";
inline constexpr const char* kHealthPath = "/api/v1/health";
inline constexpr const char* kBasesPath = "/api/v1/bases";
// GET: every listed base and live route as GeoJSON (application/geo+json), public.
inline constexpr const char* kBasesGeoJsonPath = "/api/v1/bases.geojson";
// POST (admins): GeoJSON (application/geo+json or application/json) or CSV
// (text/csv) of bases and routes; ?dry_run=1 checks without storing. See
// server/base_import.hpp for the answer.
inline constexpr const char* kBasesImportPath = "/api/v1/bases/import";
inline constexpr const char* kRegisterPath = "/api/v1/auth/register";
inline constexpr const char* kLoginPath = "/api/v1/auth/login";
inline constexpr const char* kLogoutPath = "/api/v1/auth/logout";
inline constexpr const char* kMePath = "/api/v1/me";
inline constexpr const char* kClassesPath = "/api/v1/classes";           // POST: a teacher creates a class
inline constexpr const char* kJoinClassPath = "/api/v1/classes/join";    // POST: a student joins with a code
// POST /api/v1/classes/{id}/guardian-codes: a teacher issues a code for one student.
inline constexpr const char* kGuardianCodesSuffix = "/guardian-codes";
inline constexpr const char* kLinkGuardianPath = "/api/v1/guardians/link";  // POST: a parent links with a code
inline constexpr const char* kRecordsPath = "/api/v1/records";  // GET /api/v1/records/{collection}/{id}
inline constexpr const char* kPushPath = "/api/v1/sync/push";
inline constexpr const char* kPullPath = "/api/v1/sync/pull";

// Machine-readable error codes; each pairs with one HTTP status.
namespace code {
inline constexpr const char* bad_request = "bad_request";                // 400
inline constexpr const char* unauthorized = "unauthorized";              // 401
inline constexpr const char* forbidden = "forbidden";                    // 403
inline constexpr const char* conflict = "conflict";                      // 409
inline constexpr const char* batch_replayed = "batch_replayed";          // 409
inline constexpr const char* upgrade_required = "upgrade_required";      // 426
inline constexpr const char* not_found = "not_found";                    // 404
inline constexpr const char* method_not_allowed = "method_not_allowed";  // 405
inline constexpr const char* payload_too_large = "payload_too_large";    // 413
inline constexpr const char* unsupported_media_type = "unsupported_media_type";  // 415
inline constexpr const char* uri_too_long = "uri_too_long";              // 414
inline constexpr const char* headers_too_large = "headers_too_large";    // 431
inline constexpr const char* internal = "internal";                      // 500
inline constexpr const char* unavailable = "unavailable";                // 503
}  // namespace code

// {"error":{"code":"not_found","message":"no route for GET /api/v1/nope"}}
struct Error {
    std::string code;
    std::string message;
};
void to_json(nlohmann::json& j, const Error& e);
void from_json(const nlohmann::json& j, Error& e);

// GET /api/v1/health
struct Health {
    std::string status = "ok";
    std::string version;     // server build version
    int schema_version = 0;  // database schema the server runs
    int bases = 0;           // how many bases are listed
};
void to_json(nlohmann::json& j, const Health& h);
void from_json(const nlohmann::json& j, Health& h);

// GET /api/v1/bases — every listed base, ordered by id.
struct BaseList {
    std::vector<Base> bases;
    bool demo = false;  // true when any listed base is demo data
    // The curated routes (精品线路) through them: public like the bases, so a
    // kiosk or a visitor who has not signed in sees them too.
    std::vector<Route> routes;
};
void to_json(nlohmann::json& j, const BaseList& l);
void from_json(const nlohmann::json& j, BaseList& l);

// --- Accounts -------------------------------------------------------------------
enum class Role { student, teacher, parent, base_staff, admin };
std::string_view to_code(Role r);
std::optional<Role> role_from_code(std::string_view code);

struct UserInfo {
    std::string id;
    std::string username;
    std::string display_name;
    Role role = Role::student;
};
void to_json(nlohmann::json& j, const UserInfo& u);
UserInfo user_from_json(const nlohmann::json& j);

// POST /api/v1/auth/register. Roles open to self-registration: student,
// teacher, parent; base staff and admins are created by an admin.
struct RegisterRequest {
    std::string username;  // 3-32 of [a-z0-9_.-]
    std::string password;  // 8-128 bytes
    std::string display_name;
    Role role = Role::student;
};
// POST /api/v1/auth/login
struct LoginRequest {
    std::string username;
    std::string password;
};
// The answer to both: an opaque bearer token and who it belongs to.
struct Session {
    std::string token;
    UserInfo user;
};
RegisterRequest parse_register(const nlohmann::json& j);  // strict; throws ValidationError
LoginRequest parse_login(const nlohmann::json& j);
void to_json(nlohmann::json& j, const Session& s);
Session session_from_json(const nlohmann::json& j);

std::optional<std::string> validate_username(std::string_view u);
std::optional<std::string> validate_password(std::string_view p);

// POST /api/v1/classes {name, grade} -> ClassInfo with its join code
struct CreateClassRequest {
    std::string name;
    int grade = 0;
};
CreateClassRequest parse_create_class(const nlohmann::json& j);
struct ClassInfo {
    std::string id;
    std::string name;
    int grade = 0;
    std::string join_code;  // only in the teacher's answer
};
void to_json(nlohmann::json& j, const ClassInfo& c);
ClassInfo class_from_json(const nlohmann::json& j);

// POST /api/v1/classes/join and /api/v1/guardians/link: {code}
std::string parse_code(const nlohmann::json& j);
// POST /api/v1/classes/{id}/guardian-codes: {student_id} -> {code, student_id, expires_at}
std::string parse_guardian_code_request(const nlohmann::json& j);
struct GuardianCode {
    std::string code;
    std::string student_id;
    int64_t expires_at = 0;  // ms since the epoch
};
void to_json(nlohmann::json& j, const GuardianCode& g);

}  // namespace zx::api
