#include "zx/wire/api.hpp"

#include "zx/core/strict_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace zx::api {

void to_json(nlohmann::json& j, const Error& e) {
    j = nlohmann::json{{"error", {{"code", e.code}, {"message", e.message}}}};
}

void from_json(const nlohmann::json& j, Error& e) {
    const auto& inner = j.at("error");
    inner.at("code").get_to(e.code);
    inner.at("message").get_to(e.message);
}

void to_json(nlohmann::json& j, const Health& h) {
    j = nlohmann::json{
        {"status", h.status}, {"version", h.version}, {"schema_version", h.schema_version}, {"bases", h.bases}};
}

void from_json(const nlohmann::json& j, Health& h) {
    j.at("status").get_to(h.status);
    h.version = j.value("version", "");
    h.schema_version = j.value("schema_version", 0);
    h.bases = j.value("bases", 0);
}

void to_json(nlohmann::json& j, const BaseList& l) {
    auto routes = nlohmann::json::array();
    for (const auto& r : l.routes) {
        auto f = route_fields(r);
        f["id"] = r.id;
        routes.push_back(std::move(f));
    }
    j = nlohmann::json{{"count", l.bases.size()}, {"demo", l.demo}, {"bases", l.bases}, {"routes", routes}};
}

void from_json(const nlohmann::json& j, BaseList& l) {
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
constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles{{{Role::student, "student"},
                                                                    {Role::teacher, "teacher"},
                                                                    {Role::parent, "parent"},
                                                                    {Role::base_staff, "base_staff"},
                                                                    {Role::admin, "admin"}}};
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

void to_json(nlohmann::json& j, const UserInfo& u) {
    j = nlohmann::json{{"id", u.id}, {"username", u.username}, {"display_name", u.display_name}, {"role", to_code(u.role)}};
}

UserInfo user_from_json(const nlohmann::json& j) {
    UserInfo u;
    j.at("id").get_to(u.id);
    u.username = j.value("username", "");
    u.display_name = j.value("display_name", "");
    u.role = role_from_code(j.value("role", "student")).value_or(Role::student);
    return u;
}

std::optional<std::string> validate_username(std::string_view u) {
    if (u.size() < 3 || u.size() > 32) return std::string("username must be 3-32 characters");
    const bool ok = std::all_of(u.begin(), u.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
    if (!ok) return std::string("username may use only a-z, 0-9, '_', '.' and '-'");
    return std::nullopt;
}

std::optional<std::string> validate_password(std::string_view p) {
    if (p.size() < 8) return std::string("password must be at least 8 characters");
    if (p.size() > 128) return std::string("password must be at most 128 bytes");
    return std::nullopt;
}

RegisterRequest parse_register(const nlohmann::json& j) {
    const std::string what = "register request";
    strict::object(j, {"username", "password", "display_name", "role"}, what);
    RegisterRequest r;
    r.username = strict::get<std::string>(j, "username", what);
    r.password = strict::get<std::string>(j, "password", what);
    r.display_name = strict::get<std::string>(j, "display_name", what);
    const auto role = strict::get<std::string>(j, "role", what);
    if (auto e = validate_username(r.username)) throw ValidationError(what + ": " + *e);
    if (auto e = validate_password(r.password)) throw ValidationError(what + ": " + *e);
    if (r.display_name.empty() || r.display_name.size() > 200)
        throw ValidationError(what + ": display_name must be 1-200 bytes");
    auto parsed = role_from_code(role);
    if (!parsed || (*parsed != Role::student && *parsed != Role::teacher && *parsed != Role::parent))
        throw ValidationError(what + ": role must be student, teacher or parent (got \"" + role + "\")");
    r.role = *parsed;
    return r;
}

LoginRequest parse_login(const nlohmann::json& j) {
    const std::string what = "login request";
    strict::object(j, {"username", "password"}, what);
    LoginRequest r;
    r.username = strict::get<std::string>(j, "username", what);
    r.password = strict::get<std::string>(j, "password", what);
    return r;
}

void to_json(nlohmann::json& j, const Session& s) { j = nlohmann::json{{"token", s.token}, {"user", s.user}}; }

Session session_from_json(const nlohmann::json& j) { return Session{j.at("token").get<std::string>(), user_from_json(j.at("user"))}; }

CreateClassRequest parse_create_class(const nlohmann::json& j) {
    const std::string what = "create class request";
    strict::object(j, {"name", "grade"}, what);
    CreateClassRequest r;
    r.name = strict::get<std::string>(j, "name", what);
    r.grade = strict::get<int>(j, "grade", what);
    if (r.name.empty() || r.name.size() > 200) throw ValidationError(what + ": name must be 1-200 bytes");
    if (r.grade < 1 || r.grade > 12) throw ValidationError(what + ": grade must be 1-12");
    return r;
}

void to_json(nlohmann::json& j, const ClassInfo& c) {
    j = nlohmann::json{{"id", c.id}, {"name", c.name}, {"grade", c.grade}};
    if (!c.join_code.empty()) j["join_code"] = c.join_code;
}

ClassInfo class_from_json(const nlohmann::json& j) {
    ClassInfo c;
    j.at("id").get_to(c.id);
    c.name = j.value("name", "");
    c.grade = j.value("grade", 0);
    c.join_code = j.value("join_code", "");
    return c;
}

std::string parse_code(const nlohmann::json& j) {
    strict::object(j, {"code"}, "request");
    auto code = strict::get<std::string>(j, "code", "request");
    std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (code.size() != 8) throw ValidationError("code must be 8 characters");
    return code;
}

std::string parse_guardian_code_request(const nlohmann::json& j) {
    strict::object(j, {"student_id"}, "guardian code request");
    return strict::get<std::string>(j, "student_id", "guardian code request");
}

void to_json(nlohmann::json& j, const GuardianCode& g) {
    j = nlohmann::json{{"code", g.code}, {"student_id", g.student_id}, {"expires_at", g.expires_at}};
}

}  // namespace zx::api
