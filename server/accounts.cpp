#include "accounts.hpp"

#include "api_error.hpp"
#include "crypto.hpp"
#include "sync_service.hpp"

#include "zx/core/error.hpp"
#include "zx/sync/model.hpp"

#include <map>

namespace zx::server {

using nlohmann::json;
using api::Role;

namespace {
constexpr int64_t kGuardianCodeLifetimeMs = 7ll * 24 * 3600 * 1000;
// last_seen_at is refreshed at most this often, so reads do not turn into writes.
constexpr int64_t kTouchIntervalMs = 60 * 1000;

[[noreturn]] void unauthorized(Code code, std::string_view english) {
    throw ApiError(401, api::code::unauthorized, problem(code, "", english));
}
// Only `role` may do `action` ("create classes").
[[noreturn]] void role_required(Role role, const std::string& action) {
    throw ApiError(403, api::code::forbidden,
                   problem(Code::role_required, "", "only {role}s {action}", {{"action", action}, {"role", std::string(api::to_code(role))}}));
}

api::UserInfo user_info(const sync::Record& u) {
    return {u.id, repo::text(u, "username"), repo::text(u, "display_name"),
            api::role_from_code(repo::text(u, "role")).value_or(Role::student)};
}
}  // namespace

std::string bearer_token(const std::string& header) {
    constexpr std::string_view kPrefix = "Bearer ";
    if (header.rfind(kPrefix, 0) != 0 || header.size() <= kPrefix.size())
        unauthorized(Code::sign_in_required, "sign in first: this request needs \"Authorization: Bearer <token>\"");
    return header.substr(kPrefix.size());
}

Accounts::Accounts(Store& store, ServerClock& clock, SessionPolicy policy)
    : store_(store), clock_(clock), policy_(policy), dummy_hash_(crypto::hash_password("not a real password")) {}

std::string Accounts::create_user(db::Connection& c, const std::string& id, const std::string& username,
                                  const std::string& password_hash, const std::string& display_name, Role role,
                                  const std::string& school_id, const std::string& base_id) {
    json fields{{"role", api::to_code(role)}, {"display_name", display_name}, {"username", username}};
    if (!school_id.empty()) fields["school_id"] = school_id;
    if (!base_id.empty()) fields["base_id"] = base_id;
    server_write(c, clock_, "users", id, fields);
    c.prepare("INSERT INTO credentials (user_id, password_hash, created_at) VALUES (?1, ?2, ?3)")
        .bind(1, id).bind(2, password_hash).bind(3, clock_.wall_ms()).step();
    return id;
}

std::string Accounts::new_session(db::Connection& c, const std::string& user_id) {
    const auto token = crypto::random_token(32);
    const auto now = clock_.wall_ms();
    c.prepare("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)")
        .bind(1, crypto::sha256_hex(token)).bind(2, user_id).bind(3, now).step();
    return token;
}

api::Session Accounts::register_user(const api::RegisterRequest& r) {
    const auto hash = crypto::hash_password(r.password);  // slow by design: outside the transaction
    api::Session s;
    store_.write([&](db::Connection& c) {
        if (!c.query("SELECT 1 FROM users WHERE username = ?1", json::array({r.username})).empty())
            throw ApiError(409, api::code::conflict,
                           problem(Code::username_taken, "username", "username \"{value}\" is taken",
                                   {{"value", r.username}}));
        const auto id = "u-" + crypto::random_id();
        create_user(c, id, r.username, hash, r.display_name, r.role, "", "");
        s.token = new_session(c, id);
        s.user = {id, r.username, r.display_name, r.role};
    });
    return s;
}

api::Session Accounts::login(const api::LoginRequest& r) {
    std::string user_id, hash;
    store_.read([&](db::Connection& c) {
        const auto rows = c.query(
            "SELECT u.id, k.password_hash FROM users u JOIN credentials k ON k.user_id = u.id "
            "WHERE u.username = ?1 AND u.deleted = 0",
            json::array({r.username}));
        if (!rows.empty()) {
            user_id = rows[0][0].get<std::string>();
            hash = rows[0][1].get<std::string>();
        }
    });
    const bool ok = crypto::verify_password(hash.empty() ? dummy_hash_ : hash, r.password);
    if (hash.empty() || !ok) unauthorized(Code::bad_credentials, "wrong username or password");
    api::Session s;
    store_.write([&](db::Connection& c) {
        s.token = new_session(c, user_id);
        auto u = repo::load(c, "users", user_id);
        s.user = user_info(*u);
    });
    return s;
}

void Accounts::logout(const std::string& authorization) {
    const auto token = bearer_token(authorization);
    store_.write([&](db::Connection& c) {
        c.prepare("DELETE FROM sessions WHERE token_hash = ?1").bind(1, crypto::sha256_hex(token)).step();
    });
}

Principal Accounts::authenticate(const std::string& authorization) {
    const auto digest = crypto::sha256_hex(bearer_token(authorization));
    const auto now = clock_.wall_ms();
    std::optional<Principal> p;
    bool expired = false, touch = false;
    store_.read([&](db::Connection& c) {
        const auto rows = c.query("SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?1",
                                  json::array({digest}));
        if (rows.empty()) return;
        const auto created = rows[0][1].get<int64_t>(), seen = rows[0][2].get<int64_t>();
        if (now - seen > policy_.idle_ms || now - created > policy_.absolute_ms) {
            expired = true;
            return;
        }
        touch = now - seen > kTouchIntervalMs;
        p = load_principal(c, rows[0][0].get<std::string>());
    });
    if (expired) {
        store_.write([&](db::Connection& c) {
            c.prepare("DELETE FROM sessions WHERE token_hash = ?1").bind(1, digest).step();
        });
        unauthorized(Code::session_expired, "this session has expired; sign in again");
    }
    if (!p) unauthorized(Code::session_invalid, "this session is not valid; sign in again");
    if (touch)
        store_.write([&](db::Connection& c) {
            c.prepare("UPDATE sessions SET last_seen_at = ?1 WHERE token_hash = ?2").bind(1, now).bind(2, digest).step();
        });
    return *p;
}

api::ClassInfo Accounts::create_class(const Principal& p, const api::CreateClassRequest& r) {
    if (p.role != Role::teacher) role_required(Role::teacher, "create classes");
    api::ClassInfo info{"cls-" + crypto::random_id(), r.name, r.grade, ""};
    store_.write([&](db::Connection& c) {
        json fields{{"name", r.name}, {"grade", r.grade}, {"teacher_id", p.user_id}};
        if (auto u = repo::load(c, "users", p.user_id); u && !repo::text(*u, "school_id").empty())
            fields["school_id"] = repo::text(*u, "school_id");
        server_write(c, clock_, "classes", info.id, fields);
        server_write(c, clock_, "memberships", "m-" + crypto::random_id(),
                     {{"class_id", info.id}, {"user_id", p.user_id}, {"role", "teacher"}});
        info.join_code = crypto::random_code();
        server_write(c, clock_, "join_codes", "jc-" + crypto::random_id(),
                     {{"class_id", info.id}, {"kind", "class"}, {"code", info.join_code}, {"expires_at", 0}});
        refresh_relationships(c, clock_, p.user_id);
    });
    return info;
}

api::ClassInfo Accounts::join_class(const Principal& p, const std::string& code) {
    if (p.role != Role::student) role_required(Role::student, "join classes with a class code");
    api::ClassInfo info;
    store_.write([&](db::Connection& c) {
        const auto rows = c.query(
            "SELECT class_id FROM join_codes WHERE code = ?1 AND kind = 'class' AND deleted = 0", json::array({code}));
        const auto unknown = [&] {
            return ApiError(404, api::code::not_found,
                            problem(Code::unknown_class_code, "code", "no class has the code {value}", {{"value", code}}));
        };
        if (rows.empty()) throw unknown();
        const auto class_id = rows[0][0].get<std::string>();
        auto cls = repo::load(c, "classes", class_id);
        if (!cls || cls->deleted) throw unknown();
        info = {class_id, repo::text(*cls, "name"), cls->fields.value("grade", 0), ""};
        if (!c.query("SELECT 1 FROM memberships WHERE class_id = ?1 AND user_id = ?2 AND deleted = 0",
                     json::array({class_id, p.user_id}))
                 .empty())
            return;  // already a member: joining twice is harmless
        server_write(c, clock_, "memberships", "m-" + crypto::random_id(),
                     {{"class_id", class_id}, {"user_id", p.user_id}, {"role", "student"}});
        refresh_relationships(c, clock_, p.user_id);
    });
    return info;
}

api::GuardianCode Accounts::issue_guardian_code(const Principal& p, const std::string& class_id,
                                                const std::string& student_id) {
    if (!p.teaching.count(class_id)) not_found("classes", class_id);
    api::GuardianCode g{crypto::random_code(), student_id, clock_.wall_ms() + kGuardianCodeLifetimeMs};
    store_.write([&](db::Connection& c) {
        if (c.query("SELECT 1 FROM memberships WHERE class_id = ?1 AND user_id = ?2 AND role = 'student' AND deleted = 0",
                    json::array({class_id, student_id}))
                .empty())
            not_found("users", student_id);
        server_write(c, clock_, "join_codes", "jc-" + crypto::random_id(),
                     {{"class_id", class_id},
                      {"kind", "guardian"},
                      {"student_id", student_id},
                      {"code", g.code},
                      {"expires_at", g.expires_at}});
    });
    return g;
}

api::UserInfo Accounts::link_guardian(const Principal& p, const std::string& code) {
    if (p.role != Role::parent) role_required(Role::parent, "link to a child with a guardian code");
    api::UserInfo child;
    store_.write([&](db::Connection& c) {
        const auto rows = c.query(
            "SELECT id, student_id, expires_at FROM join_codes WHERE code = ?1 AND kind = 'guardian' AND deleted = 0",
            json::array({code}));
        if (rows.empty() || rows[0][2].get<int64_t>() < clock_.wall_ms())
            throw ApiError(404, api::code::not_found,
                           problem(Code::unknown_guardian_code, "code", "the guardian code {value} is unknown, used or expired",
                                   {{"value", code}}));
        const auto student = rows[0][1].get<std::string>();
        if (c.query("SELECT 1 FROM guardian_links WHERE parent_id = ?1 AND student_id = ?2 AND deleted = 0",
                    json::array({p.user_id, student}))
                .empty())
            server_write(c, clock_, "guardian_links", "g-" + crypto::random_id(),
                         {{"parent_id", p.user_id}, {"student_id", student}});
        server_write(c, clock_, "join_codes", rows[0][0].get<std::string>(), json::object(), true);  // one use
        refresh_relationships(c, clock_, student);
        refresh_relationships(c, clock_, p.user_id);
        child = user_info(*repo::load(c, "users", student));
    });
    return child;
}

api::Me Accounts::me(const Principal& p) {
    api::Me out{p.info(), {}, {}};
    store_.read([&](db::Connection& c) {
        for (const auto& id : p.classes)
            if (auto cls = repo::load(c, "classes", id); cls && !cls->deleted) {
                api::ClassInfo info{id, repo::text(*cls, "name"), cls->fields.value("grade", 0), ""};
                if (p.teaching.count(id)) {
                    const auto code = c.query(
                        "SELECT code FROM join_codes WHERE class_id = ?1 AND kind = 'class' AND deleted = 0",
                        json::array({id}));
                    if (!code.empty()) info.join_code = code[0][0].get<std::string>();
                }
                out.classes.push_back(std::move(info));
            }
        for (const auto& id : p.children)
            if (auto u = repo::load(c, "users", id)) out.children.push_back(user_info(*u));
    });
    return out;
}

void Accounts::seed_demo(const json& doc) {
    std::map<std::string, std::string> ids;  // username -> id
    for (const auto& u : doc.at("users")) {
        const auto username = u.at("username").get<std::string>();
        const auto id = u.at("id").get<std::string>();
        ids[username] = id;
        bool exists = false;
        store_.read([&](db::Connection& c) {
            exists = !c.query("SELECT 1 FROM users WHERE username = ?1", json::array({username})).empty();
        });
        if (exists) continue;
        const auto hash = crypto::hash_password(u.at("password").get<std::string>());
        store_.write([&](db::Connection& c) {
            if (const auto& school = doc.at("school"); !repo::load(c, "schools", school.at("id").get<std::string>()))
                server_write(c, clock_, "schools", school.at("id").get<std::string>(), {{"name", school.at("name")}});
            create_user(c, id, username, hash, u.at("display_name").get<std::string>(),
                        api::role_from_code(u.at("role").get<std::string>()).value(),
                        doc.at("school").at("id").get<std::string>(), u.value("base_id", ""));
        });
    }
    store_.write([&](db::Connection& c) {
        for (const auto& cls : doc.at("classes")) {
            const auto id = cls.at("id").get<std::string>();
            if (repo::load(c, "classes", id)) continue;
            const auto teacher = ids.at(cls.at("teacher").get<std::string>());
            server_write(c, clock_, "classes", id,
                         {{"name", cls.at("name")}, {"grade", cls.at("grade")}, {"teacher_id", teacher},
                          {"school_id", doc.at("school").at("id")}});
            server_write(c, clock_, "memberships", "m-" + id + "-" + teacher,
                         {{"class_id", id}, {"user_id", teacher}, {"role", "teacher"}});
            server_write(c, clock_, "join_codes", "jc-" + id,
                         {{"class_id", id}, {"kind", "class"}, {"code", cls.at("join_code")}, {"expires_at", 0}});
            for (const auto& s : cls.at("students")) {
                const auto sid = ids.at(s.get<std::string>());
                server_write(c, clock_, "memberships", "m-" + id + "-" + sid,
                             {{"class_id", id}, {"user_id", sid}, {"role", "student"}});
            }
        }
        for (const auto& g : doc.at("guardians")) {
            const auto parent = ids.at(g.at("parent").get<std::string>());
            const auto student = ids.at(g.at("student").get<std::string>());
            const auto id = "g-" + parent + "-" + student;
            if (repo::load(c, "guardian_links", id)) continue;
            server_write(c, clock_, "guardian_links", id, {{"parent_id", parent}, {"student_id", student}});
        }
        for (const auto& [username, id] : ids) refresh_relationships(c, clock_, id);
        // Example content (a term and timetable, activities, a note), each
        // written once, through the same path as the users' own writes.
        for (const auto& r : doc.value("records", json::array())) {
            const auto collection = r.at("collection").get<std::string>();
            const auto id = r.at("id").get<std::string>();
            if (!model::find_collection(collection)) throw ValidationError("demo record of unknown collection " + collection);
            if (repo::load(c, collection, id)) continue;
            json fields = r.at("fields");
            fields["owner_id"] = ids.at(r.at("owner").get<std::string>());
            server_write(c, clock_, collection, id, fields);
        }
    });
}

}  // namespace zx::server
