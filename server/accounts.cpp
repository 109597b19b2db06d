// Accounts (accounts.hpp):
//   1. helpers: refusals, session limits
//   2. registering, signing in, changing the password (admit_* and the worker halves)
//   3. sessions: authenticate, list, revoke, log out
//   4. teacher invitations
//   5. classes, join codes, guardian codes and links, me
//   6. start-up: legacy codes, the demo accounts
//   7. roster students and their first sign-in codes
#include "accounts.hpp"

#include "api_error.hpp"
#include "crypto.hpp"
#include "sync_service.hpp"

#include "zx/core/error.hpp"
#include "zx/sync/fields.hpp"
#include "zx/sync/model.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace zx::server {

using nlohmann::json;
using api::Role;

namespace {
// last_seen_at is refreshed at most this often, so reads do not turn into writes.
constexpr int64_t kTouchIntervalMs = 60 * 1000;
constexpr size_t kInvitationLength = 12;  // as parse_register reads it
constexpr size_t kFirstCodeLength = 12;   // as parse_first_sign_in reads it

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

int64_t expires_at(const SessionLimits& l, int64_t created, int64_t seen) {
    return std::min(seen + l.idle_ms, created + l.absolute_ms);
}
}  // namespace

SessionLimits SessionPolicy::for_role(Role r) const {
    if (r == Role::base_staff || r == Role::admin) return {staff_idle_ms, staff_absolute_ms};
    return {idle_ms, absolute_ms};
}

std::string bearer_token(const std::string& header) {
    constexpr std::string_view kPrefix = "Bearer ";
    if (header.rfind(kPrefix, 0) != 0 || header.size() <= kPrefix.size())
        unauthorized(Code::sign_in_required, "sign in first: this request needs \"Authorization: Bearer <token>\"");
    return header.substr(kPrefix.size());
}

Accounts::Accounts(Store& store, ServerClock& clock, AccountPolicy policy)
    : store_(store),
      clock_(clock),
      policy_(policy),
      throttle_(policy.throttle),
      dummy_hash_(crypto::hash_password("not a real password")) {}

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
    c.prepare("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, id) VALUES (?1, ?2, ?3, ?3, ?4)")
        .bind(1, crypto::sha256_hex(token)).bind(2, user_id).bind(3, now).bind(4, crypto::random_id()).step();
    return token;
}

// --- 2. Registering, signing in, changing the password ----------------------------

std::string Accounts::invitation_school(db::Connection& c, const std::string& code) {
    const auto rows = c.query("SELECT school_id, expires_at, used_by FROM teacher_invitations WHERE code_hash = ?1",
                              json::array({crypto::sha256_hex(code)}));
    if (rows.empty() || !rows[0][2].is_null() || rows[0][1].get<int64_t>() <= clock_.wall_ms())
        throw ApiError(400, api::code::bad_request,
                       problem(Code::unknown_invitation, "invitation", "the invitation code {value} is unknown, used or expired",
                               {{"value", code}}));
    return rows[0][0].get<std::string>();
}

void Accounts::admit_registration(const api::RegisterRequest& r, const std::string& remote) {
    throttle_.admit_registration(remote, clock_.wall_ms());
    // A teacher's invitation is looked at before the name is: the refusal is
    // the same for every name, and a wrong code costs no password hash.
    if (r.role == Role::teacher) store_.read([&](db::Connection& c) { (void)invitation_school(c, r.invitation); });
}

api::RegisterAccepted Accounts::register_user(const api::RegisterRequest& r) {
    // Hashed whether or not the name is free, outside the transaction: both
    // answers take the time of one hash, and say the same.
    const auto hash = crypto::hash_password(r.password);
    store_.write([&](db::Connection& c) {
        std::string school;
        if (r.role == Role::teacher) school = invitation_school(c, r.invitation);
        if (!c.query("SELECT 1 FROM users WHERE username = ?1", json::array({r.username})).empty()) return;
        const auto id = "u-" + crypto::random_id();
        create_user(c, id, r.username, hash, r.display_name, r.role, school, "");
        if (r.role == Role::teacher)
            c.prepare("UPDATE teacher_invitations SET used_by = ?1, used_at = ?2 WHERE code_hash = ?3")
                .bind(1, id).bind(2, clock_.wall_ms()).bind(3, crypto::sha256_hex(r.invitation)).step();
    });
    return {r.username};
}

Throttle::Attempt Accounts::admit_login(const std::string& username, const std::string& remote) {
    return throttle_.admit_password(username, remote, clock_.wall_ms());
}

void Accounts::cancel(const Throttle::Attempt& attempt) { throttle_.succeeded(attempt); }

api::Session Accounts::login(const api::LoginRequest& r, const Throttle::Attempt& attempt) {
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
    throttle_.succeeded(attempt);
    api::Session s;
    store_.write([&](db::Connection& c) {
        s.token = new_session(c, user_id);
        auto u = repo::load(c, "users", user_id);
        s.user = user_info(*u);
    });
    return s;
}

Throttle::Attempt Accounts::admit_password_change(const Principal& p, const std::string& remote) {
    return throttle_.admit_password(p.username, remote, clock_.wall_ms());
}

void Accounts::change_password(const Principal& p, const std::string& authorization,
                               const api::ChangePasswordRequest& r, const Throttle::Attempt& attempt) {
    std::string hash;
    store_.read([&](db::Connection& c) {
        const auto rows = c.query("SELECT password_hash FROM credentials WHERE user_id = ?1", json::array({p.user_id}));
        if (!rows.empty()) hash = rows[0][0].get<std::string>();
    });
    if (hash.empty() || !crypto::verify_password(hash, r.current_password))
        throw ApiError(403, api::code::forbidden,
                       problem(Code::wrong_password, "current_password", "the current password is wrong"));
    throttle_.succeeded(attempt);
    const auto fresh = crypto::hash_password(r.new_password);
    const auto keep = crypto::sha256_hex(bearer_token(authorization));
    store_.write([&](db::Connection& c) {
        c.prepare("UPDATE credentials SET password_hash = ?1 WHERE user_id = ?2").bind(1, fresh).bind(2, p.user_id).step();
        // Whoever else holds a session (a lost phone, the one who learnt the
        // old password) is signed out; this device stays signed in.
        c.prepare("DELETE FROM sessions WHERE user_id = ?1 AND token_hash != ?2").bind(1, p.user_id).bind(2, keep).step();
    });
    if (on_sessions_ended) on_sessions_ended(p.user_id);
}

// --- 3. Sessions ------------------------------------------------------------------

void Accounts::logout(const std::string& authorization) {
    const auto token = bearer_token(authorization);
    std::string user;
    store_.write([&](db::Connection& c) {
        const auto digest = crypto::sha256_hex(token);
        for (const auto& row : c.query("SELECT user_id FROM sessions WHERE token_hash = ?1", json::array({digest})))
            user = row[0].get<std::string>();
        c.prepare("DELETE FROM sessions WHERE token_hash = ?1").bind(1, digest).step();
    });
    if (!user.empty() && on_sessions_ended) on_sessions_ended(user);
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
        p = load_principal(c, rows[0][0].get<std::string>());
        if (!p) return;
        // The limits of the user's role now, so a changed policy (or role)
        // applies to sessions already open.
        if (now >= expires_at(policy_.sessions.for_role(p->role), created, seen)) {
            expired = true;
            p.reset();
            return;
        }
        touch = now - seen > kTouchIntervalMs;
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

api::SessionList Accounts::sessions(const Principal& p, const std::string& authorization) {
    const auto current = crypto::sha256_hex(bearer_token(authorization));
    const auto limits = policy_.sessions.for_role(p.role);
    const auto now = clock_.wall_ms();
    api::SessionList out;
    store_.read([&](db::Connection& c) {
        for (const auto& row : c.query("SELECT id, created_at, last_seen_at, token_hash FROM sessions WHERE user_id = ?1 "
                                       "ORDER BY created_at DESC, id",
                                       json::array({p.user_id}))) {
            api::SessionInfo s{row[0].is_string() ? row[0].get<std::string>() : "", row[1].get<int64_t>(),
                               row[2].get<int64_t>(), 0, row[3].get<std::string>() == current};
            s.expires_at = expires_at(limits, s.created_at, s.last_seen_at);
            if (s.expires_at > now) out.sessions.push_back(std::move(s));  // expired ones go when next used
        }
    });
    return out;
}

void Accounts::revoke_session(const Principal& p, const std::string& id) {
    bool gone = false;
    store_.write([&](db::Connection& c) {
        gone = !c.query("SELECT 1 FROM sessions WHERE id = ?1 AND user_id = ?2", json::array({id, p.user_id})).empty();
        c.prepare("DELETE FROM sessions WHERE id = ?1 AND user_id = ?2").bind(1, id).bind(2, p.user_id).step();
    });
    // Another user's session answers like a missing one.
    if (!gone) not_found("sessions", id);
    if (on_sessions_ended) on_sessions_ended(p.user_id);
}

// --- 4. Teacher invitations ----------------------------------------------------------

api::TeacherInvitation Accounts::invite_teacher(const Principal& admin, const api::TeacherInvitationRequest& r) {
    api::TeacherInvitation out{crypto::random_code(kInvitationLength), r.school_id,
                               clock_.wall_ms() + policy_.codes.invitation_ms};
    store_.write([&](db::Connection& c) {
        const auto school = repo::load(c, "schools", r.school_id);
        if (!school || school->deleted) {
            if (r.school_name.empty()) not_found("schools", r.school_id);
            server_write(c, clock_, "schools", r.school_id, {{"name", r.school_name}}, false);
        }
        c.prepare("INSERT INTO teacher_invitations (code_hash, school_id, issued_by, issued_at, expires_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, crypto::sha256_hex(out.code)).bind(2, r.school_id).bind(3, admin.user_id)
            .bind(4, clock_.wall_ms()).bind(5, out.expires_at).step();
    });
    return out;
}

// --- 5. Classes, codes, guardians ---------------------------------------------------

std::string Accounts::new_class_code(db::Connection& c, const std::string& class_id, const std::string& record_id,
                                     const std::string& code, int64_t& expires) {
    expires = clock_.wall_ms() + policy_.codes.class_code_ms;
    server_write(c, clock_, "join_codes", record_id,
                 {{"class_id", class_id}, {"kind", "class"}, {"code", code}, {"expires_at", expires}}, false);
    return code;
}

api::ClassInfo Accounts::create_class(const Principal& p, const api::CreateClassRequest& r) {
    require_school_teacher(p, "create classes");
    api::ClassInfo info{"cls-" + crypto::random_id(), r.name, r.grade, ""};
    store_.write([&](db::Connection& c) {
        server_write(c, clock_, "classes", info.id,
                     {{"name", r.name}, {"grade", r.grade}, {"teacher_id", p.user_id}, {"school_id", p.school_id}});
        server_write(c, clock_, "memberships", "m-" + crypto::random_id(),
                     {{"class_id", info.id}, {"user_id", p.user_id}, {"role", "teacher"}});
        info.join_code = new_class_code(c, info.id, "jc-" + crypto::random_id(), crypto::random_code(), info.join_code_expires_at);
        refresh_relationships(c, clock_, p.user_id);
    });
    return info;
}

api::ClassInfo Accounts::rotate_join_code(const Principal& p, const std::string& class_id) {
    if (!p.teaching.count(class_id)) not_found("classes", class_id);
    api::ClassInfo info;
    store_.write([&](db::Connection& c) {
        const auto cls = repo::load(c, "classes", class_id);
        if (!cls || cls->deleted) not_found("classes", class_id);
        info = {class_id, repo::text(*cls, "name"), static_cast<int>(cls->fields.value("grade", 0)), ""};
        for (const auto& row : c.query("SELECT id FROM join_codes WHERE class_id = ?1 AND kind = 'class' AND deleted = 0",
                                       json::array({class_id})))
            server_write(c, clock_, "join_codes", row[0].get<std::string>(), json::object(), true);
        info.join_code = new_class_code(c, class_id, "jc-" + crypto::random_id(), crypto::random_code(), info.join_code_expires_at);
    });
    return info;
}

api::ClassInfo Accounts::join_class(const Principal& p, const std::string& code) {
    if (p.role != Role::student) role_required(Role::student, "join classes with a class code");
    api::ClassInfo info;
    store_.write([&](db::Connection& c) {
        const auto rows = c.query(
            "SELECT class_id, expires_at FROM join_codes WHERE code = ?1 AND kind = 'class' AND deleted = 0",
            json::array({code}));
        const auto unknown = [&] {
            return ApiError(404, api::code::not_found,
                            problem(Code::unknown_class_code, "code", "no class has the code {value}", {{"value", code}}));
        };
        if (rows.empty()) throw unknown();
        if (rows[0][1].is_null() || rows[0][1].get<int64_t>() <= clock_.wall_ms())
            throw ApiError(404, api::code::not_found,
                           problem(Code::class_code_expired, "code", "the class code {value} has expired; ask the teacher for the new one",
                                   {{"value", code}}));
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
    api::GuardianCode g{crypto::random_code(), student_id, clock_.wall_ms() + policy_.codes.guardian_code_ms};
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
                        "SELECT code, expires_at FROM join_codes WHERE class_id = ?1 AND kind = 'class' AND deleted = 0 "
                        "ORDER BY expires_at DESC LIMIT 1",
                        json::array({id}));
                    if (!code.empty()) {
                        info.join_code = code[0][0].get<std::string>();
                        info.join_code_expires_at = code[0][1].is_number() ? code[0][1].get<int64_t>() : 0;
                    }
                }
                out.classes.push_back(std::move(info));
            }
        for (const auto& id : p.children)
            if (auto u = repo::load(c, "users", id)) out.children.push_back(user_info(*u));
    });
    return out;
}

// --- 6. Start-up --------------------------------------------------------------------

void Accounts::expire_legacy_codes() {
    store_.write([&](db::Connection& c) {
        for (const auto& row : c.query("SELECT id FROM join_codes WHERE kind = 'class' AND deleted = 0 "
                                       "AND coalesce(expires_at, 0) = 0"))
            server_write(c, clock_, "join_codes", row[0].get<std::string>(),
                         {{"expires_at", clock_.wall_ms() + policy_.codes.class_code_ms}});
    });
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
            // Every demo account belongs to the demo school, which is what
            // makes teacher1 a school teacher (authz.hpp).
            create_user(c, id, username, hash, u.at("display_name").get<std::string>(),
                        api::role_from_code(u.at("role").get<std::string>()).value(),
                        doc.at("school").at("id").get<std::string>(), u.value("base_id", ""));
        });
    }
    store_.write([&](db::Connection& c) {
        for (const auto& cls : doc.at("classes")) {
            const auto id = cls.at("id").get<std::string>();
            const auto code = cls.at("join_code").get<std::string>();
            if (repo::load(c, "classes", id)) {
                // The README names this code: keep it working while it is the class's.
                if (const auto jc = repo::load(c, "join_codes", "jc-" + id);
                    jc && !jc->deleted && repo::text(*jc, "code") == code &&
                    fields::integer(jc->fields, "expires_at") < clock_.wall_ms() + policy_.codes.class_code_ms / 2)
                    server_write(c, clock_, "join_codes", jc->id,
                                 {{"expires_at", clock_.wall_ms() + policy_.codes.class_code_ms}});
                continue;
            }
            const auto teacher = ids.at(cls.at("teacher").get<std::string>());
            server_write(c, clock_, "classes", id,
                         {{"name", cls.at("name")}, {"grade", cls.at("grade")}, {"teacher_id", teacher},
                          {"school_id", doc.at("school").at("id")}});
            server_write(c, clock_, "memberships", "m-" + id + "-" + teacher,
                         {{"class_id", id}, {"user_id", teacher}, {"role", "teacher"}});
            int64_t expires = 0;
            new_class_code(c, id, "jc-" + id, code, expires);
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

// --- 7. Roster students and first sign-in codes -------------------------------------

api::UserInfo Accounts::create_roster_student(db::Connection& c, const std::string& display_name,
                                              const std::string& school_id, const std::string& student_no) {
    auto free = [&](const std::string& name) {
        return !api::validate_username(name) &&
               c.query("SELECT 1 FROM users WHERE username = ?1", json::array({name})).empty();
    };
    // A name the student can read off their card and remember; a random one
    // only when the school's and the number's is taken or too long.
    std::string username = school_id + "-" + student_no;
    std::transform(username.begin(), username.end(), username.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    while (!free(username)) {
        username = "s-" + crypto::random_code(10);
        std::transform(username.begin(), username.end(), username.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    }
    const auto id = "u-" + crypto::random_id();
    server_write(c, clock_, "users", id,
                 {{"role", "student"}, {"display_name", display_name}, {"username", username},
                  {"school_id", school_id}, {"student_no", student_no}});
    return {id, username, display_name, Role::student};
}

bool Accounts::has_password(db::Connection& c, const std::string& user_id) {
    return !c.query("SELECT 1 FROM credentials WHERE user_id = ?1", json::array({user_id})).empty();
}

std::string Accounts::issue_first_code(db::Connection& c, const std::string& user_id, const std::string& class_id,
                                       const std::string& by, int64_t& expires) {
    const auto code = crypto::random_code(kFirstCodeLength);
    const auto now = clock_.wall_ms();
    expires = now + policy_.codes.first_sign_in_ms;
    c.prepare("DELETE FROM first_sign_in_codes WHERE user_id = ?1 AND used_at IS NULL").bind(1, user_id).step();
    c.prepare("INSERT INTO first_sign_in_codes (code_hash, user_id, class_id, issued_by, issued_at, expires_at) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, crypto::sha256_hex(code)).bind(2, user_id).bind(3, class_id).bind(4, by).bind(5, now).bind(6, expires)
        .step();
    return code;
}

namespace {
// The student of an unused, unexpired first sign-in code who has no
// password yet, or 400 unknown_first_code.
std::string first_code_user(db::Connection& c, const std::string& code, int64_t now) {
    const auto rows = c.query(
        "SELECT f.user_id FROM first_sign_in_codes f JOIN users u ON u.id = f.user_id "
        "WHERE f.code_hash = ?1 AND f.used_at IS NULL AND f.expires_at > ?2 AND u.deleted = 0 "
        "AND NOT EXISTS (SELECT 1 FROM credentials k WHERE k.user_id = f.user_id)",
        json::array({crypto::sha256_hex(code), now}));
    if (rows.empty())
        throw ApiError(400, api::code::bad_request,
                       problem(Code::unknown_first_code, "code", "the first sign-in code {value} is unknown, used or expired",
                               {{"value", code}}));
    return rows[0][0].get<std::string>();
}
}  // namespace

Throttle::Attempt Accounts::admit_first_sign_in(const api::FirstSignInRequest& r, const std::string& remote) {
    // The "account" of the attempt is the code: no user name is involved,
    // and a key with a space is never a user name.
    auto attempt = throttle_.admit_password("first-sign-in " + r.code, remote, clock_.wall_ms());
    store_.read([&](db::Connection& c) { (void)first_code_user(c, r.code, clock_.wall_ms()); });
    return attempt;
}

api::Session Accounts::first_sign_in(const api::FirstSignInRequest& r, const Throttle::Attempt& attempt) {
    const auto hash = crypto::hash_password(r.password);
    api::Session s;
    store_.write([&](db::Connection& c) {
        // Again, inside the transaction: two tabs with the same card race here.
        const auto user_id = first_code_user(c, r.code, clock_.wall_ms());
        c.prepare("INSERT INTO credentials (user_id, password_hash, created_at) VALUES (?1, ?2, ?3)")
            .bind(1, user_id).bind(2, hash).bind(3, clock_.wall_ms()).step();
        c.prepare("UPDATE first_sign_in_codes SET used_at = ?1 WHERE code_hash = ?2")
            .bind(1, clock_.wall_ms()).bind(2, crypto::sha256_hex(r.code)).step();
        c.prepare("DELETE FROM first_sign_in_codes WHERE user_id = ?1 AND used_at IS NULL").bind(1, user_id).step();
        s.token = new_session(c, user_id);
        s.user = user_info(*repo::load(c, "users", user_id));
    });
    throttle_.succeeded(attempt);
    return s;
}

}  // namespace zx::server
