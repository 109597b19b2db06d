#pragma once
// Accounts, sessions, classes and guardian links on the wire. What a client
// sends has a strict parse_* (the server's reader: a wrong type, a missing or
// unknown key throws zx::ValidationError with a coded Problem) and to_json
// (the client's writer); what the server answers has to_json and a lenient
// reader for clients (missing optional keys take their defaults).
#include "zx/core/problem.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx::api {

enum class Role { student, teacher, parent, base_staff, admin };
std::string_view to_code(Role r);
std::optional<Role> role_from_code(std::string_view code);
std::vector<Role> all_roles();  // in declaration order

// A user as others see them; also the answer of POST /api/v1/guardians/link
// (the child now linked).
struct UserInfo {
    std::string id;
    std::string username;
    std::string display_name;
    Role role = Role::student;
    bool operator==(const UserInfo&) const = default;
};
void to_json(nlohmann::json& j, const UserInfo& u);
UserInfo user_from_json(const nlohmann::json& j);
void from_json(const nlohmann::json& j, UserInfo& u);

// POST /api/v1/auth/register. Roles open to self-registration: student,
// teacher (with a school's invitation code), parent; base staff and admins
// are created by an admin.
struct RegisterRequest {
    std::string username;  // 3-32 of [a-z0-9_.-]
    std::string password;  // 12-128 bytes
    std::string display_name;  // 1-200 bytes
    Role role = Role::student;
    // A teacher invitation (TeacherInvitation::code, 12 characters, read
    // case-insensitively): required for role teacher, ignored for the others.
    std::string invitation = {};
};
RegisterRequest parse_register(const nlohmann::json& j);
void to_json(nlohmann::json& j, const RegisterRequest& r);

// The answer to a registration (202), the same whether or not the name was
// free, so that registering tells nobody which names exist. The account is
// used by signing in (POST /api/v1/auth/login); if that fails with
// bad_credentials right after this answer, the name belongs to someone else.
struct RegisterAccepted {
    std::string username;
    bool operator==(const RegisterAccepted&) const = default;
};
void to_json(nlohmann::json& j, const RegisterAccepted& r);
void from_json(const nlohmann::json& j, RegisterAccepted& r);

// The rules parse_register applies, for clients that check before sending.
std::optional<Problem> validate_username(std::string_view u);
std::optional<Problem> validate_password(std::string_view p);

// POST /api/v1/auth/login
struct LoginRequest {
    std::string username;
    std::string password;
};
LoginRequest parse_login(const nlohmann::json& j);
void to_json(nlohmann::json& j, const LoginRequest& r);

// The answer to both: an opaque bearer token and who it belongs to.
struct Session {
    std::string token;
    UserInfo user;
};
void to_json(nlohmann::json& j, const Session& s);
Session session_from_json(const nlohmann::json& j);
void from_json(const nlohmann::json& j, Session& s);

// POST /api/v1/auth/password: the signed-in user changes their password;
// every other session of theirs ends. 204, or 403 wrong_password.
struct ChangePasswordRequest {
    std::string current_password;
    std::string new_password;  // the rules of validate_password
};
ChangePasswordRequest parse_change_password(const nlohmann::json& j);
void to_json(nlohmann::json& j, const ChangePasswordRequest& r);

// GET /api/v1/auth/sessions: the signed-in user's sessions, newest first.
// DELETE /api/v1/auth/sessions/{id} ends one (the current one too).
struct SessionInfo {
    std::string id;          // public; not the token
    int64_t created_at = 0;  // ms since the epoch: signed in
    int64_t last_seen_at = 0;
    int64_t expires_at = 0;  // when it ends unless used again (the earlier of idle and absolute expiry)
    bool current = false;    // the session of this request
    bool operator==(const SessionInfo&) const = default;
};
void to_json(nlohmann::json& j, const SessionInfo& s);
void from_json(const nlohmann::json& j, SessionInfo& s);

struct SessionList {
    std::vector<SessionInfo> sessions;
    bool operator==(const SessionList&) const = default;
};
void to_json(nlohmann::json& j, const SessionList& l);
void from_json(const nlohmann::json& j, SessionList& l);

// POST /api/v1/admin/teacher-invitations (administrators): a one-use code
// with which one teacher of the school registers. A school that does not
// exist yet is created when school_name is given.
struct TeacherInvitationRequest {
    std::string school_id;         // 1-64 of [A-Za-z0-9_-]
    std::string school_name = {};  // 0-200 bytes; needed only for a new school
};
TeacherInvitationRequest parse_teacher_invitation_request(const nlohmann::json& j);
void to_json(nlohmann::json& j, const TeacherInvitationRequest& r);

struct TeacherInvitation {
    std::string code;  // 12 characters; shown once, the server keeps only a digest
    std::string school_id;
    int64_t expires_at = 0;  // ms since the epoch
    bool operator==(const TeacherInvitation&) const = default;
};
void to_json(nlohmann::json& j, const TeacherInvitation& t);
void from_json(const nlohmann::json& j, TeacherInvitation& t);

// POST /api/v1/classes {name, grade} -> ClassInfo with its join code
struct CreateClassRequest {
    std::string name;  // 1-200 bytes
    int grade = 0;     // 1-12
};
CreateClassRequest parse_create_class(const nlohmann::json& j);
void to_json(nlohmann::json& j, const CreateClassRequest& r);

struct ClassInfo {
    std::string id;
    std::string name;
    int grade = 0;
    std::string join_code;  // only in its teacher's answers
    int64_t join_code_expires_at = 0;  // with join_code: ms since the epoch
    bool operator==(const ClassInfo&) const = default;
};
void to_json(nlohmann::json& j, const ClassInfo& c);
ClassInfo class_from_json(const nlohmann::json& j);
void from_json(const nlohmann::json& j, ClassInfo& c);

// POST /api/v1/classes/join and /api/v1/guardians/link: {code}, 8
// characters, read case-insensitively (parse gives it in upper case).
// POST /api/v1/classes/{id}/join-code (its teacher) takes no body and
// answers the ClassInfo with a new join code; the old one stops working.
struct CodeRequest {
    std::string code;
};
CodeRequest parse_code_request(const nlohmann::json& j);
void to_json(nlohmann::json& j, const CodeRequest& r);

// POST /api/v1/classes/{id}/guardian-codes: {student_id} -> GuardianCode
struct GuardianCodeRequest {
    std::string student_id;
};
GuardianCodeRequest parse_guardian_code_request(const nlohmann::json& j);
void to_json(nlohmann::json& j, const GuardianCodeRequest& r);

struct GuardianCode {
    std::string code;
    std::string student_id;
    int64_t expires_at = 0;  // ms since the epoch
    bool operator==(const GuardianCode&) const = default;
};
void to_json(nlohmann::json& j, const GuardianCode& g);
GuardianCode guardian_code_from_json(const nlohmann::json& j);
void from_json(const nlohmann::json& j, GuardianCode& g);

// GET /api/v1/me: the signed-in user, their classes (with the join code of
// those they teach) and, for parents, their linked children.
struct Me {
    UserInfo user;
    std::vector<ClassInfo> classes;
    std::vector<UserInfo> children;
    bool operator==(const Me&) const = default;
};
void to_json(nlohmann::json& j, const Me& m);
void from_json(const nlohmann::json& j, Me& m);

}  // namespace zx::api
