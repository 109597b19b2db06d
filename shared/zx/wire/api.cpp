// The JSON forms of the API's types (zx/wire/*.hpp), in one file:
//   1. problems inside JSON bodies (shared by the error body and the import report)
//   2. the error body (errors.hpp)
//   3. health, bases, the import report (bases.hpp)
//   4. accounts, sessions, passwords, teacher invitations, classes, guardian codes (accounts.hpp)
//   5. rosters, card tickets, first sign-in (roster.hpp)
#include "zx/wire/api.hpp"

#include "zx/core/strict_json.hpp"
#include "zx/sync/fields.hpp"
#include "zx/sync/model.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace zx::api {

using nlohmann::json;

// --- 1. Problems inside bodies --------------------------------------------------
namespace {

// Writes a problem's code, field and params as "problem", "field" and
// "params" (the message travels separately); an empty field or no params
// are left out.
void put_problem(json& j, std::string_view code, const std::string& field,
                 const std::vector<std::pair<std::string, std::string>>& params) {
    if (code.empty()) return;
    j["problem"] = code;
    if (!field.empty()) j["field"] = field;
    if (!params.empty()) {
        json p = json::object();
        for (const auto& [k, v] : params) p[k] = v;
        j["params"] = std::move(p);
    }
}

// The params object as name/value pairs; non-string values (which a server of
// ours never sends) are kept as their JSON text rather than refused.
std::vector<std::pair<std::string, std::string>> read_params(const json& j) {
    std::vector<std::pair<std::string, std::string>> out;
    if (const auto it = j.find("params"); it != j.end() && it->is_object())
        for (const auto& [k, v] : it->items()) out.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    return out;
}

// A string member of an answer, "" when absent or not a string (the one
// lenient reading of fields, zx/sync/fields.hpp).
std::string text_or(const json& j, const char* key) { return fields::text(j, key); }

}  // namespace

// --- 2. The error body ---------------------------------------------------------

std::optional<Problem> Error::as_problem() const {
    const auto c = code_from_name(problem);
    if (!c) return std::nullopt;
    return Problem{*c, field, params, message};
}

Error error_of(std::string http_code, const Problem& p) {
    Error e{std::move(http_code), p.message};
    e.problem = std::string(to_code(p.code));
    e.field = p.field;
    e.params = p.params;
    return e;
}

void to_json(json& j, const Error& e) {
    json inner{{"code", e.code}, {"message", e.message}};
    put_problem(inner, e.problem, e.field, e.params);
    if (e.change) inner["change"] = *e.change;
    if (!e.change_id.empty()) inner["change_id"] = e.change_id;
    j = json{{"error", std::move(inner)}};
}

void from_json(const json& j, Error& e) {
    const auto& inner = j.at("error");
    inner.at("code").get_to(e.code);
    inner.at("message").get_to(e.message);
    e.problem = text_or(inner, "problem");
    e.field = text_or(inner, "field");
    e.params = read_params(inner);
    e.change.reset();
    if (const auto it = inner.find("change"); it != inner.end() && it->is_number_integer()) e.change = it->get<int64_t>();
    e.change_id = text_or(inner, "change_id");
}

// --- 3. Health, bases, the import report ----------------------------------------

void to_json(json& j, const Health& h) {
    j = json{{"status", h.status}, {"version", h.version}, {"schema_version", h.schema_version}, {"bases", h.bases}};
}

void from_json(const json& j, Health& h) {
    j.at("status").get_to(h.status);
    h.version = j.value("version", "");
    h.schema_version = j.value("schema_version", 0);
    h.bases = j.value("bases", 0);
}

void to_json(json& j, const BaseList& l) {
    auto routes = json::array();
    for (const auto& r : l.routes) {
        auto f = route_fields(r);
        f["id"] = r.id;
        routes.push_back(std::move(f));
    }
    j = json{{"count", l.bases.size()}, {"demo", l.demo}, {"bases", l.bases}, {"routes", routes}};
}

void from_json(const json& j, BaseList& l) {
    j.at("bases").get_to(l.bases);
    l.demo = j.value("demo", false);
    l.routes.clear();
    // Older servers send no routes.
    if (const auto it = j.find("routes"); it != j.end() && it->is_array())
        for (const auto& r : *it)
            if (r.is_object() && r.contains("id") && r["id"].is_string())
                l.routes.push_back(route_from_fields(r["id"].get<std::string>(), r));
}

namespace {
// The errors of an import report (bases, rosters), one JSON form for both.
json import_errors_json(const std::vector<ImportError>& list) {
    json errors = json::array();
    for (const auto& e : list) {
        json row{{"row", e.row}, {"id", e.id}, {"message", e.message}, {"warning", e.warning}};
        put_problem(row, to_code(e.problem.code), e.problem.field, e.problem.params);
        errors.push_back(std::move(row));
    }
    return errors;
}

std::vector<ImportError> import_errors_from_json(const json& j) {
    std::vector<ImportError> out;
    for (const auto& e : j.value("errors", json::array())) {
        ImportError err;
        err.row = e.value("row", size_t{0});
        err.id = text_or(e, "id");
        err.message = text_or(e, "message");
        err.warning = e.value("warning", false);
        // A report from a server that sent no codes reads as `malformed`
        // with the message as its detail, as ValidationError does.
        const auto c = code_from_name(text_or(e, "problem"));
        err.problem = Problem{c.value_or(Code::malformed), text_or(e, "field"), read_params(e), err.message};
        if (!c && err.problem.params.empty()) err.problem.params = {{"detail", err.message}};
        out.push_back(std::move(err));
    }
    return out;
}
}  // namespace

void to_json(json& j, const ImportResult& r) {
    j = json{{"added", r.added},   {"updated", r.updated}, {"unchanged", r.unchanged}, {"routes", r.routes},
             {"contacts", r.contacts}, {"rows", r.rows},     {"dry_run", r.dry_run}, {"errors", import_errors_json(r.errors)}};
}

void from_json(const json& j, ImportResult& r) {
    r.added = j.value("added", 0);
    r.updated = j.value("updated", 0);
    r.unchanged = j.value("unchanged", 0);
    r.routes = j.value("routes", 0);
    r.contacts = j.value("contacts", 0);
    r.rows = j.value("rows", size_t{0});
    r.dry_run = j.value("dry_run", false);
    r.errors = import_errors_from_json(j);
}

// --- 4. Accounts ---------------------------------------------------------------
namespace {
constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles{{{Role::student, "student"},
                                                                    {Role::teacher, "teacher"},
                                                                    {Role::parent, "parent"},
                                                                    {Role::base_staff, "base_staff"},
                                                                    {Role::admin, "admin"}}};

// Request problems name the field as the request has it ("username"), so a
// client can point at its input.
[[noreturn]] void refuse(Problem p) { throw ValidationError(std::move(p)); }

// A code people type (class, guardian and invitation codes): exactly
// `length` characters, read case-insensitively, given in upper case.
constexpr size_t kInvitationLength = 12;
std::string normalized_code(std::string code, const char* field, size_t length) {
    std::transform(code.begin(), code.end(), code.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const auto n = std::to_string(length);
    if (code.size() < length) refuse(problem(Code::too_short, field, "{field} must be {min} characters", {{"min", n}}));
    if (code.size() > length) refuse(problem(Code::too_long, field, "{field} must be {max} characters", {{"max", n}}));
    return code;
}

// An id as synced records have them (zx/sync/model.hpp's rule).
std::optional<Problem> validate_id(const std::string& id, const char* field) {
    if (model::valid_id(id)) return std::nullopt;
    return problem(Code::not_an_id, field, "{field}: \"{value}\" is not 1-64 of [A-Za-z0-9_-]", {{"value", id}});
}

// `value` must be 1..max bytes long.
void check_length(const std::string& value, const char* field, size_t max) {
    if (value.empty()) refuse(problem(Code::required, field, "{field} must be given"));
    if (value.size() > max)
        refuse(problem(Code::too_long, field, "{field} must be at most {max} bytes", {{"max", std::to_string(max)}}));
}
}  // namespace

std::string_view to_code(Role r) {
    for (const auto& [v, c] : kRoles)
        if (v == r) return c;
    return "student";
}

std::optional<Role> role_from_code(std::string_view code) {
    for (const auto& [v, c] : kRoles)
        if (c == code) return v;
    return std::nullopt;
}

std::vector<Role> all_roles() {
    std::vector<Role> out;
    for (const auto& [v, c] : kRoles) out.push_back(v);
    return out;
}

void to_json(json& j, const UserInfo& u) {
    j = json{{"id", u.id}, {"username", u.username}, {"display_name", u.display_name}, {"role", to_code(u.role)}};
}

UserInfo user_from_json(const json& j) {
    UserInfo u;
    j.at("id").get_to(u.id);
    u.username = j.value("username", "");
    u.display_name = j.value("display_name", "");
    u.role = role_from_code(j.value("role", "student")).value_or(Role::student);
    return u;
}

void from_json(const json& j, UserInfo& u) { u = user_from_json(j); }

std::optional<Problem> validate_username(std::string_view u) {
    if (u.size() < 3)
        return problem(Code::too_short, "username", "username must be at least {min} characters", {{"min", "3"}});
    if (u.size() > 32) return problem(Code::too_long, "username", "username must be at most {max} bytes", {{"max", "32"}});
    const bool ok = std::all_of(u.begin(), u.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
    if (!ok) return problem(Code::username_chars, "username", "username may use only a-z, 0-9, '_', '.' and '-'");
    return std::nullopt;
}

std::optional<Problem> validate_password(std::string_view p) {
    // OWASP ASVS 2.1.1: at least 12 characters.
    if (p.size() < 12)
        return problem(Code::too_short, "password", "password must be at least {min} characters", {{"min", "12"}});
    if (p.size() > 128) return problem(Code::too_long, "password", "password must be at most {max} bytes", {{"max", "128"}});
    return std::nullopt;
}

RegisterRequest parse_register(const json& j) {
    const std::string what = "register request";
    strict::object(j, {"username", "password", "display_name", "role", "invitation"}, what);
    RegisterRequest r;
    r.username = strict::get<std::string>(j, "username", what);
    r.password = strict::get<std::string>(j, "password", what);
    r.display_name = strict::get<std::string>(j, "display_name", what);
    const auto role = strict::get<std::string>(j, "role", what);
    if (auto p = validate_username(r.username)) refuse(*p);
    if (auto p = validate_password(r.password)) refuse(*p);
    check_length(r.display_name, "display_name", 200);
    auto parsed = role_from_code(role);
    if (!parsed || (*parsed != Role::student && *parsed != Role::teacher && *parsed != Role::parent))
        refuse(problem(Code::unknown_value, "role", "role must be {allowed} (got \"{value}\")",
                       {{"value", role}, {"allowed", "student, teacher or parent"}}));
    r.role = *parsed;
    if (r.role == Role::teacher) {
        // Checked here, before anything about the name is looked at, so the
        // refusal is the same for every name.
        if (!j.contains("invitation") || j["invitation"].is_null())
            refuse(problem(Code::invitation_required, "invitation",
                           "registering as a teacher needs an invitation code from the school's administrator"));
        r.invitation = normalized_code(strict::get<std::string>(j, "invitation", what), "invitation", kInvitationLength);
    }
    return r;
}

void to_json(json& j, const RegisterRequest& r) {
    j = json{{"username", r.username}, {"password", r.password}, {"display_name", r.display_name},
             {"role", to_code(r.role)}};
    if (!r.invitation.empty()) j["invitation"] = r.invitation;
}

void to_json(json& j, const RegisterAccepted& r) { j = json{{"username", r.username}}; }

void from_json(const json& j, RegisterAccepted& r) { r.username = text_or(j, "username"); }

LoginRequest parse_login(const json& j) {
    const std::string what = "login request";
    strict::object(j, {"username", "password"}, what);
    LoginRequest r;
    r.username = strict::get<std::string>(j, "username", what);
    r.password = strict::get<std::string>(j, "password", what);
    return r;
}

void to_json(json& j, const LoginRequest& r) { j = json{{"username", r.username}, {"password", r.password}}; }

void to_json(json& j, const Session& s) { j = json{{"token", s.token}, {"user", s.user}}; }

Session session_from_json(const json& j) { return Session{j.at("token").get<std::string>(), user_from_json(j.at("user"))}; }

void from_json(const json& j, Session& s) { s = session_from_json(j); }

ChangePasswordRequest parse_change_password(const json& j) {
    const std::string what = "change password request";
    strict::object(j, {"current_password", "new_password"}, what);
    ChangePasswordRequest r;
    r.current_password = strict::get<std::string>(j, "current_password", what);
    r.new_password = strict::get<std::string>(j, "new_password", what);
    if (auto p = validate_password(r.new_password)) {
        p->field = "new_password";
        refuse(*p);
    }
    return r;
}

void to_json(json& j, const ChangePasswordRequest& r) {
    j = json{{"current_password", r.current_password}, {"new_password", r.new_password}};
}

void to_json(json& j, const SessionInfo& s) {
    j = json{{"id", s.id},
             {"created_at", s.created_at},
             {"last_seen_at", s.last_seen_at},
             {"expires_at", s.expires_at},
             {"current", s.current}};
}

void from_json(const json& j, SessionInfo& s) {
    j.at("id").get_to(s.id);
    s.created_at = j.value("created_at", int64_t{0});
    s.last_seen_at = j.value("last_seen_at", int64_t{0});
    s.expires_at = j.value("expires_at", int64_t{0});
    s.current = j.value("current", false);
}

void to_json(json& j, const SessionList& l) { j = json{{"sessions", l.sessions}}; }

void from_json(const json& j, SessionList& l) {
    l.sessions.clear();
    for (const auto& s : j.value("sessions", json::array())) l.sessions.push_back(s.get<SessionInfo>());
}

TeacherInvitationRequest parse_teacher_invitation_request(const json& j) {
    const std::string what = "teacher invitation request";
    strict::object(j, {"school_id", "school_name"}, what);
    TeacherInvitationRequest r;
    r.school_id = strict::get<std::string>(j, "school_id", what);
    if (j.contains("school_name")) r.school_name = strict::get<std::string>(j, "school_name", what);
    if (auto p = validate_id(r.school_id, "school_id")) refuse(*p);
    if (r.school_name.size() > 200)
        refuse(problem(Code::too_long, "school_name", "{field} must be at most {max} bytes", {{"max", "200"}}));
    return r;
}

void to_json(json& j, const TeacherInvitationRequest& r) {
    j = json{{"school_id", r.school_id}};
    if (!r.school_name.empty()) j["school_name"] = r.school_name;
}

void to_json(json& j, const TeacherInvitation& t) {
    j = json{{"code", t.code}, {"school_id", t.school_id}, {"expires_at", t.expires_at}};
}

void from_json(const json& j, TeacherInvitation& t) {
    j.at("code").get_to(t.code);
    t.school_id = text_or(j, "school_id");
    t.expires_at = j.value("expires_at", int64_t{0});
}

CreateClassRequest parse_create_class(const json& j) {
    const std::string what = "create class request";
    strict::object(j, {"name", "grade"}, what);
    CreateClassRequest r;
    r.name = strict::get<std::string>(j, "name", what);
    r.grade = strict::get<int>(j, "grade", what);
    check_length(r.name, "name", 200);
    if (r.grade < 1 || r.grade > 12)
        refuse(problem(Code::out_of_range, "grade", "{field} must be {min}-{max} (got {value})",
                       {{"value", std::to_string(r.grade)}, {"min", "1"}, {"max", "12"}}));
    return r;
}

void to_json(json& j, const CreateClassRequest& r) { j = json{{"name", r.name}, {"grade", r.grade}}; }

void to_json(json& j, const ClassInfo& c) {
    j = json{{"id", c.id}, {"name", c.name}, {"grade", c.grade}};
    if (!c.join_code.empty()) {
        j["join_code"] = c.join_code;
        j["join_code_expires_at"] = c.join_code_expires_at;
    }
}

ClassInfo class_from_json(const json& j) {
    ClassInfo c;
    j.at("id").get_to(c.id);
    c.name = j.value("name", "");
    c.grade = j.value("grade", 0);
    c.join_code = j.value("join_code", "");
    c.join_code_expires_at = j.value("join_code_expires_at", int64_t{0});
    return c;
}

void from_json(const json& j, ClassInfo& c) { c = class_from_json(j); }

CodeRequest parse_code_request(const json& j) {
    const std::string what = "request";
    strict::object(j, {"code"}, what);
    return CodeRequest{normalized_code(strict::get<std::string>(j, "code", what), "code", 8)};
}

void to_json(json& j, const CodeRequest& r) { j = json{{"code", r.code}}; }

GuardianCodeRequest parse_guardian_code_request(const json& j) {
    const std::string what = "guardian code request";
    strict::object(j, {"student_id"}, what);
    return {strict::get<std::string>(j, "student_id", what)};
}

void to_json(json& j, const GuardianCodeRequest& r) { j = json{{"student_id", r.student_id}}; }

void to_json(json& j, const GuardianCode& g) {
    j = json{{"code", g.code}, {"student_id", g.student_id}, {"expires_at", g.expires_at}};
}

GuardianCode guardian_code_from_json(const json& j) {
    GuardianCode g;
    j.at("code").get_to(g.code);
    g.student_id = j.value("student_id", "");
    g.expires_at = j.value("expires_at", int64_t{0});
    return g;
}

void from_json(const json& j, GuardianCode& g) { g = guardian_code_from_json(j); }

void to_json(json& j, const Me& m) { j = json{{"user", m.user}, {"classes", m.classes}, {"children", m.children}}; }

void from_json(const json& j, Me& m) {
    m.user = user_from_json(j.at("user"));
    m.classes.clear();
    m.children.clear();
    for (const auto& c : j.value("classes", json::array())) m.classes.push_back(class_from_json(c));
    for (const auto& u : j.value("children", json::array())) m.children.push_back(user_from_json(u));
}

// --- 5. Rosters, card tickets, first sign-in ----------------------------------------
namespace {
constexpr std::array<std::pair<RosterOutcome, std::string_view>, 3> kOutcomes{
    {{RosterOutcome::created, "created"}, {RosterOutcome::linked, "linked"}, {RosterOutcome::unchanged, "unchanged"}}};
// The length of a first sign-in code, as the server makes them (and as
// long as a teacher invitation: codes people copy from paper).
constexpr size_t kFirstCodeLength = 12;
}  // namespace

std::string_view to_code(RosterOutcome o) {
    for (const auto& [v, c] : kOutcomes)
        if (v == o) return c;
    return "created";
}

std::optional<RosterOutcome> roster_outcome_from_code(std::string_view code) {
    for (const auto& [v, c] : kOutcomes)
        if (c == code) return v;
    return std::nullopt;
}

RosterImportRequest parse_roster_import(const json& j) {
    const std::string what = "roster import request";
    strict::object(j, {"csv"}, what);
    return {strict::get<std::string>(j, "csv", what)};
}

void to_json(json& j, const RosterImportRequest& r) { j = json{{"csv", r.csv}}; }

void to_json(json& j, const RosterImportResult& r) {
    json students = json::array();
    for (const auto& s : r.students) {
        json row{{"row", s.row},         {"outcome", to_code(s.outcome)}, {"user_id", s.user_id}, {"name", s.name},
                 {"student_no", s.student_no}, {"username", s.username}};
        if (!s.first_code.empty()) {
            row["first_code"] = s.first_code;
            row["first_code_expires_at"] = s.first_code_expires_at;
        }
        students.push_back(std::move(row));
    }
    j = json{{"class_id", r.class_id}, {"created", r.created}, {"linked", r.linked},
             {"unchanged", r.unchanged}, {"rows", r.rows},     {"dry_run", r.dry_run},
             {"students", std::move(students)}, {"errors", import_errors_json(r.errors)}};
}

void from_json(const json& j, RosterImportResult& r) {
    r.class_id = text_or(j, "class_id");
    r.created = j.value("created", 0);
    r.linked = j.value("linked", 0);
    r.unchanged = j.value("unchanged", 0);
    r.rows = j.value("rows", size_t{0});
    r.dry_run = j.value("dry_run", false);
    r.students.clear();
    for (const auto& s : j.value("students", json::array())) {
        RosterStudent out;
        out.row = s.value("row", size_t{0});
        out.outcome = roster_outcome_from_code(text_or(s, "outcome")).value_or(RosterOutcome::unchanged);
        out.user_id = text_or(s, "user_id");
        out.name = text_or(s, "name");
        out.student_no = text_or(s, "student_no");
        out.username = text_or(s, "username");
        out.first_code = text_or(s, "first_code");
        out.first_code_expires_at = s.value("first_code_expires_at", int64_t{0});
        r.students.push_back(std::move(out));
    }
    r.errors = import_errors_from_json(j);
}

CardTicketRequest parse_card_ticket_request(const json& j) {
    const std::string what = "card ticket request";
    strict::object(j, {"lang"}, what);
    CardTicketRequest r;
    if (j.contains("lang")) r.lang = strict::get<std::string>(j, "lang", what);
    if (r.lang != "zh-CN" && r.lang != "en")
        refuse(problem(Code::unknown_value, "lang", "{field} must be {allowed} (got \"{value}\")",
                       {{"value", r.lang.substr(0, 40)}, {"allowed", "zh-CN or en"}}));
    return r;
}

void to_json(json& j, const CardTicketRequest& r) { j = json{{"lang", r.lang}}; }

void to_json(json& j, const CardTicket& t) { j = json{{"path", t.path}, {"expires_at", t.expires_at}}; }

void from_json(const json& j, CardTicket& t) {
    j.at("path").get_to(t.path);
    t.expires_at = j.value("expires_at", int64_t{0});
}

FirstSignInRequest parse_first_sign_in(const json& j) {
    const std::string what = "first sign-in request";
    strict::object(j, {"code", "password"}, what);
    FirstSignInRequest r;
    r.code = normalized_code(strict::get<std::string>(j, "code", what), "code", kFirstCodeLength);
    r.password = strict::get<std::string>(j, "password", what);
    if (auto p = validate_password(r.password)) refuse(*p);
    return r;
}

void to_json(json& j, const FirstSignInRequest& r) { j = json{{"code", r.code}, {"password", r.password}}; }

}  // namespace zx::api
