// Accounts to OWASP ASVS level 2 over real HTTP against an in-process server
// with the demo accounts (issue 10): registering reveals no names; teachers
// come through a school's invitation; sign-in throttling per account and per
// address; Argon2 on bounded workers, so a burst of sign-ins stalls nothing
// and an overflow answers 503; session lifetimes by role; changing the
// password, listing and ending sessions; join codes that expire and rotate.
#include "raw_http.hpp"
#include "server_fixture.hpp"

#include "zx/core/format.hpp"
#include "zx/sync/fields.hpp"
#include "zx/wire/api.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using nlohmann::json;
using namespace zx;

namespace {

using Fixture = zx::test::ServerFixture;
using Reply = zx::test::JsonReply;
constexpr auto call = &zx::test::call_json;
const char* kClass = "cls-demo-7-1";

// The problem code of an error answer ("" when there is none).
std::string problem_of(const Reply& r) { return r.body.is_object() ? fields::text(r.body["error"], "problem") : ""; }

Reply register_as(Fixture& f, const std::string& user, const std::string& password, const std::string& role,
                  const std::string& invitation = "") {
    api::RegisterRequest req{user, password, user, api::role_from_code(role).value()};
    json body = req;
    if (!invitation.empty()) body["invitation"] = invitation;
    return call(f.port(), "POST", api::kRegisterPath, body.dump(), "");
}

Reply login_as(Fixture& f, const std::string& user, const std::string& password) {
    return call(f.port(), "POST", api::kLoginPath, json(api::LoginRequest{user, password}).dump(), "");
}

double ms_of(const std::function<void()>& fn) {
    const auto t = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE("registering reveals no names: a taken name gets the same answer, in the same time, and changes nothing") {
    Fixture f;
    std::vector<double> fresh, taken;
    for (int i = 0; i < 3; ++i) {
        const auto name = "fresh" + std::to_string(i);
        Reply a, b;
        fresh.push_back(ms_of([&] { a = register_as(f, name, "a long password", "student"); }));
        taken.push_back(ms_of([&] { b = register_as(f, "student1", "someone else's pw", "student"); }));
        CHECK(a.status == 202);
        CHECK(b.status == a.status);
        CHECK(a.body == json{{"username", name}});
        CHECK(b.body == json{{"username", "student1"}});
        CHECK(a.raw.find("token") == std::string::npos);  // no session either way: signing in follows
    }
    // The same work either way (one Argon2 hash): medians within a factor of three.
    std::sort(fresh.begin(), fresh.end());
    std::sort(taken.begin(), taken.end());
    CAPTURE(fresh[1]);
    CAPTURE(taken[1]);
    CHECK(taken[1] > fresh[1] / 3);
    CHECK(taken[1] < fresh[1] * 3);
    // The taken name kept its owner and password; the new one signs in.
    CHECK(login_as(f, "student1", "someone else's pw").status == 401);
    CHECK(login_as(f, "student1", "demo-student-1").status == 200);
    const auto mine = login_as(f, "fresh0", "a long password");
    REQUIRE(mine.status == 200);
    CHECK(mine.body["user"]["username"] == "fresh0");
    // How a client learns to pick another name: its sign-in right after the
    // 202 fails with bad_credentials.
    CHECK(problem_of(login_as(f, "student1", "someone else's pw")) == "bad_credentials");
    // Input rules still answer first, for every name alike.
    const auto short_pw = register_as(f, "student1", "short", "student");
    CHECK(short_pw.status == 400);
    CHECK(problem_of(short_pw) == "too_short");
}

TEST_CASE("teachers come through their school: registering as one needs an administrator's invitation") {
    Fixture f;
    // Without an invitation, or with a made-up one: refused, nothing created.
    const auto none = register_as(f, "selfmade", "a long password", "teacher");
    CHECK(none.status == 400);
    CHECK(problem_of(none) == "invitation_required");
    const auto madeup = register_as(f, "selfmade", "a long password", "teacher", "ABCD2345EFGH");
    CHECK(madeup.status == 400);
    CHECK(problem_of(madeup) == "unknown_invitation");
    CHECK(login_as(f, "selfmade", "a long password").status == 401);

    // Only administrators issue invitations.
    f.login("teacher1", "demo-teacher-1");
    f.login("admin", "demo-admin-1");
    const auto by_teacher = f.post("teacher1", api::kTeacherInvitationsPath, {{"school_id", "sch-demo"}});
    CHECK(by_teacher.status == 403);
    CHECK(problem_of(by_teacher) == "role_required");
    CHECK(f.post("admin", api::kTeacherInvitationsPath, {{"school_id", "sch-nowhere"}}).status == 404);
    const auto issued = f.post("admin", api::kTeacherInvitationsPath, {{"school_id", "sch-demo"}});
    REQUIRE_MESSAGE(issued.status == 201, issued.raw);
    const auto inv = issued.body.get<api::TeacherInvitation>();
    CHECK(inv.code.size() == 12);
    CHECK(inv.school_id == "sch-demo");
    CHECK(inv.expires_at == f.ms.load() + server::CodePolicy{}.invitation_ms);
    std::string stored;
    f.srv->store().read([&](db::Connection& c) {
        for (const auto& row : c.query("SELECT code_hash FROM teacher_invitations")) stored += row[0].get<std::string>();
    });
    CHECK(stored.find(inv.code) == std::string::npos);  // only its digest is kept

    // With it (in any case): a school teacher who can create a class.
    std::string lower = inv.code;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    REQUIRE(register_as(f, "ms.wu", "a long password", "teacher", lower).status == 202);
    f.login("ms.wu", "a long password");
    CHECK(f.get("ms.wu", api::kMePath).body["user"]["role"] == "teacher");
    CHECK(f.post("ms.wu", api::kClassesPath, {{"name", "八年级(2)班"}, {"grade", 8}}).status == 201);
    // One use.
    const auto again = register_as(f, "mr.li", "a long password", "teacher", inv.code);
    CHECK(again.status == 400);
    CHECK(problem_of(again) == "unknown_invitation");
    // Expired after its lifetime; a new school is created when named.
    const auto later = f.post("admin", api::kTeacherInvitationsPath, {{"school_id", "sch-new"}, {"school_name", "新学校"}});
    REQUIRE_MESSAGE(later.status == 201, later.raw);
    f.ms += server::CodePolicy{}.invitation_ms + 1;
    CHECK(problem_of(register_as(f, "mr.li", "a long password", "teacher", later.body["code"].get<std::string>())) == "unknown_invitation");

    // A teacher account without a school (registered before invitations
    // existed) is only a personal space: no class, trip, activity or rating.
    f.srv->store().write([&](db::Connection& c) {
        server::server_write(c, f.srv->clock(), "users", "u-legacy",
                             {{"role", "teacher"}, {"username", "legacy"}, {"display_name", "旧账号"}});
        c.query("INSERT INTO credentials (user_id, password_hash, created_at) SELECT 'u-legacy', password_hash, 0 "
                "FROM credentials WHERE user_id = 'u-teacher1'");
    });
    f.login("legacy", "demo-teacher-1");
    const auto cls = f.post("legacy", api::kClassesPath, {{"name", "x"}, {"grade", 3}});
    CHECK(cls.status == 403);
    CHECK(problem_of(cls) == "teacher_unverified");
    for (const auto& [collection, fields] : std::vector<std::pair<std::string, json>>{
             {"trips", {{"title", "x"}, {"date", "2026-01-01"}}},
             {"activities", {{"title", "x"}}},
             {"base_ratings", {{"trip_id", "t"}, {"base_id", "zj-0003"}, {"overall", 5}}}}) {
        CAPTURE(collection);
        const auto r = f.write("legacy", collection, "legacy-" + collection, fields);
        CHECK(r.status == 403);
        CHECK(problem_of(r) == "teacher_unverified");
    }
    CHECK(f.write("legacy", "notes", "legacy-note", {{"title", "still mine"}}).status == 200);
    // The demo teacher was seeded a school teacher.
    f.login("teacher1", "demo-teacher-1");
    CHECK(f.post("teacher1", api::kClassesPath, {{"name", "七年级(2)班"}, {"grade", 7}}).status == 201);
}

TEST_CASE("sign-in throttling: per account and per address, a sliding window, 429 with Retry-After") {
    // The server's defaults are ASVS 2.2.1's.
    CHECK(server::ThrottlePolicy{}.account_failures == 100);
    CHECK(server::ThrottlePolicy{}.window_ms == 3600'000);
    Fixture f(Fixture::Options{.configure = [](server::ServerConfig& c) {
        c.throttle.account_failures = 5;
        c.throttle.address_failures = 8;
        c.throttle.window_ms = 60'000;
    }});
    const auto wrong = [&](const std::string& user) {
        return zx::test::send_json(f.port(), "POST", api::kLoginPath, json(api::LoginRequest{user, "not the password"}).dump());
    };
    for (int i = 0; i < 5; ++i) CHECK(wrong("student1").status == 401);
    f.ms += 10'000;
    const auto stopped = wrong("student1");
    CHECK(stopped.status == 429);
    CHECK(stopped.header("retry-after") == "50");  // the first failure leaves the window 60 s after it
    const auto body = json::parse(stopped.body);
    CHECK(body["error"]["code"] == "too_many_requests");
    CHECK(body["error"]["problem"] == "too_many_attempts");
    CHECK(body["error"]["params"]["retry_after"] == "50");
    // Even the right password waits: the account takes no more guesses.
    CHECK(login_as(f, "student1", "demo-student-1").status == 429);
    // A name that does not exist is throttled alike: the limit reveals nothing.
    for (int i = 0; i < 3; ++i) CHECK(wrong("nobody-here").status == 401);
    // The address: 8 failures in the window, whatever the names.
    const auto address = wrong("student2");
    CHECK(address.status == 429);
    CHECK(login_as(f, "parent1", "demo-parent-1").status == 429);
    // The window slides: the first five failures leave it 60 s after they were made.
    f.ms += 50'001;
    CHECK(login_as(f, "student1", "demo-student-1").status == 200);
    // A right password gives its attempt back: signing in often costs nothing.
    for (int i = 0; i < 12; ++i) REQUIRE(login_as(f, "student2", "demo-student-2").status == 200);
}

TEST_CASE("Argon2 runs on bounded workers: 32 wrong passwords at once stall no other request") {
    Fixture f(Fixture::Options{.threads = 2, .configure = [](server::ServerConfig& c) {
                                   c.password_workers = {1, 64};
                               }});
    std::atomic<int> done{0}, unauthorized{0};
    std::vector<std::thread> clients;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 32; ++i)
        clients.emplace_back([&, i] {
            const auto r = zx::test::send_json(f.port(), "POST", api::kLoginPath,
                                               json(api::LoginRequest{"guess" + std::to_string(i), "wrong password"}).dump());
            if (r.status == 401) ++unauthorized;
            ++done;
        });
    // While they are being checked, other requests are answered at once.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    double worst = 0;
    int while_busy = 0;
    for (int i = 0; i < 5 && done < 32; ++i) {
        worst = std::max(worst, ms_of([&] { CHECK(f.get_public(api::kHealthPath).status == 200); }));
        ++while_busy;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    for (auto& t : clients) t.join();
    const double total = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    CAPTURE(worst);
    CAPTURE(total);
    CHECK(unauthorized == 32);
    REQUIRE(while_busy > 0);  // the logins were still going on while health was asked
    CHECK(worst < 250);
    CHECK(worst * 4 < total);
}

TEST_CASE("when the password workers' queue is full, sign-ins get 503 with Retry-After and other requests still answer") {
    Fixture f(Fixture::Options{.threads = 4, .configure = [](server::ServerConfig& c) {
                                   c.password_workers = {1, 1};
                               }});
    std::atomic<int> busy{0}, checked{0};
    std::string retry_after, problem;
    std::mutex mu;
    std::vector<std::thread> clients;
    for (int i = 0; i < 16; ++i)
        clients.emplace_back([&, i] {
            const auto r = zx::test::send_json(f.port(), "POST", api::kLoginPath,
                                               json(api::LoginRequest{"guess" + std::to_string(i), "wrong password"}).dump());
            if (r.status == 401) ++checked;
            if (r.status == 503) {
                ++busy;
                std::lock_guard lock(mu);
                retry_after = r.header("retry-after");
                problem = json::parse(r.body)["error"]["problem"].get<std::string>();
            }
        });
    // Meanwhile other requests are still answered, and at once.
    double worst = 0;
    for (int i = 0; i < 5; ++i) {
        worst = std::max(worst, ms_of([&] { CHECK(f.get_public(api::kHealthPath).status == 200); }));
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (auto& t : clients) t.join();
    CAPTURE(worst);
    CHECK(worst < 250);
    CHECK(busy + checked == 16);
    CHECK(busy > 0);
    CHECK(checked > 0);
    CHECK(problem == "server_busy");
    CHECK(std::stoi(retry_after) >= 1);
}

TEST_CASE("sessions of base staff and administrators are short, everyone else's as before") {
    // The server's defaults (no overrides in the fixture's options).
    const server::SessionPolicy defaults;
    Fixture f(Fixture::Options{.configure = [&](server::ServerConfig& c) { c.sessions = defaults; }});
    CHECK(defaults.staff_idle_ms == 30 * 60'000);
    CHECK(defaults.staff_absolute_ms == 12 * 3600'000);
    CHECK(defaults.idle_ms == 14ll * 24 * 3600'000);
    for (auto [u, p] : std::initializer_list<std::pair<const char*, const char*>>{
             {"admin", "demo-admin-1"}, {"staff1", "demo-staff-1"}, {"student1", "demo-student-1"}, {"teacher1", "demo-teacher-1"}})
        f.login(u, p);
    f.ms += 31 * 60'000;  // idle half an hour
    for (const char* u : {"admin", "staff1"}) {
        CAPTURE(u);
        const auto r = f.get(u, api::kMePath);
        CHECK(r.status == 401);
        CHECK(problem_of(r) == "session_expired");
    }
    CHECK(f.get("student1", api::kMePath).status == 200);
    CHECK(f.get("teacher1", api::kMePath).status == 200);
    // Used every 20 minutes, an administrator's session still ends after 12 hours.
    f.login("admin", "demo-admin-1");
    int answered = 0;
    for (int i = 0; i < 40; ++i) {
        f.ms += 20 * 60'000;
        if (f.get("admin", api::kMePath).status != 200) break;
        ++answered;
    }
    CHECK(answered == 35);  // 36 × 20 min = 12 h
    // The listed expiry says the same.
    f.login("staff1", "demo-staff-1");
    const auto list = f.get("staff1", api::kSessionsPath).body.get<api::SessionList>();
    REQUIRE(list.sessions.size() == 1);
    CHECK(list.sessions[0].expires_at == f.ms.load() + defaults.staff_idle_ms);
}

TEST_CASE("changing the password ends the user's other sessions; sessions are listed and ended one by one") {
    Fixture f;
    const auto phone = f.login("student1", "demo-student-1");
    const auto laptop = f.login("student1", "demo-student-1");  // tokens["student1"] is now the laptop's
    f.login("student2", "demo-student-2");

    const auto list = f.get("student1", api::kSessionsPath);
    REQUIRE(list.status == 200);
    const auto sessions = list.body.get<api::SessionList>().sessions;
    REQUIRE(sessions.size() == 2);
    CHECK(std::count_if(sessions.begin(), sessions.end(), [](const auto& s) { return s.current; }) == 1);
    CHECK(list.raw.find(phone) == std::string::npos);  // ids, never tokens
    const auto other = std::find_if(sessions.begin(), sessions.end(), [](const auto& s) { return !s.current; })->id;
    // Another user's session id answers as a missing one.
    CHECK(f.del("student2", format(api::kSessionPath, {{"id", other}})).status == 404);
    CHECK(call(f.port(), "GET", api::kMePath, "", phone).status == 200);
    REQUIRE(f.del("student1", format(api::kSessionPath, {{"id", other}})).status == 204);
    CHECK(call(f.port(), "GET", api::kMePath, "", phone).status == 401);
    CHECK(f.get("student1", api::kSessionsPath).body["sessions"].size() == 1);

    // Change the password from the laptop; a tablet signed in meanwhile is signed out.
    const auto tablet = login_as(f, "student1", "demo-student-1").body["token"].get<std::string>();
    const auto wrong = f.post("student1", api::kPasswordPath, {{"current_password", "not it at all"}, {"new_password", "a brand new password"}});
    CHECK(wrong.status == 403);
    CHECK(problem_of(wrong) == "wrong_password");
    const auto weak = f.post("student1", api::kPasswordPath, {{"current_password", "demo-student-1"}, {"new_password", "short"}});
    CHECK(weak.status == 400);
    CHECK(weak.body["error"]["field"] == "new_password");
    REQUIRE(f.post("student1", api::kPasswordPath, {{"current_password", "demo-student-1"}, {"new_password", "a brand new password"}})
                .status == 204);
    CHECK(call(f.port(), "GET", api::kMePath, "", tablet).status == 401);
    CHECK(call(f.port(), "GET", api::kMePath, "", laptop).status == 200);
    CHECK(login_as(f, "student1", "demo-student-1").status == 401);
    CHECK(login_as(f, "student1", "a brand new password").status == 200);
    CHECK(f.get("student2", api::kMePath).status == 200);  // nobody else's sessions
}

TEST_CASE("class join codes expire after 30 days and their teacher rotates them") {
    Fixture f;
    f.reg("newkid", "student");
    f.reg("ms.he", "teacher");
    const auto created = f.post("ms.he", api::kClassesPath, {{"name", "九年级(1)班"}, {"grade", 9}});
    REQUIRE(created.status == 201);
    const auto info = created.body.get<api::ClassInfo>();
    CHECK(info.join_code_expires_at == f.ms.load() + 30ll * 24 * 3600'000);
    f.ms += 31ll * 24 * 3600'000;
    f.login("newkid", "password-newkid");
    f.login("ms.he", "password-ms.he");
    f.login("teacher1", "demo-teacher-1");
    const auto late = f.post("newkid", api::kJoinClassPath, {{"code", info.join_code}});
    CHECK(late.status == 404);
    CHECK(problem_of(late) == "class_code_expired");

    // Only the class's teacher rotates it.
    const auto path = format(api::kJoinCodePath, {{"id", info.id}});
    CHECK(f.post("newkid", path, json::object()).status == 404);
    CHECK(f.post("teacher1", path, json::object()).status == 404);
    const auto rotated = f.post("ms.he", path, json::object());
    REQUIRE_MESSAGE(rotated.status == 200, rotated.raw);
    const auto fresh = rotated.body.get<api::ClassInfo>();
    CHECK(fresh.join_code != info.join_code);
    CHECK(fresh.join_code_expires_at == f.ms.load() + 30ll * 24 * 3600'000);
    const auto me = f.get("ms.he", api::kMePath).body.get<api::Me>();
    REQUIRE(me.classes.size() == 1);
    CHECK(me.classes[0].join_code == fresh.join_code);
    CHECK(me.classes[0].join_code_expires_at == fresh.join_code_expires_at);
    REQUIRE(f.post("newkid", api::kJoinClassPath, {{"code", fresh.join_code}}).status == 200);
    // The old code no longer opens the class.
    CHECK(problem_of(f.post("newkid", api::kJoinClassPath, {{"code", info.join_code}})) == "unknown_class_code");
    // The demo class keeps its documented code across seeding.
    server::CodePolicy codes;
    f.srv->accounts().seed_demo(json::parse(zx::test::read_file(ZX_SOURCE_DIR "/assets/demo/accounts.json")));
    const auto demo = f.get("teacher1", api::kMePath).body.get<api::Me>();
    REQUIRE_FALSE(demo.classes.empty());
    CHECK(demo.classes[0].id == kClass);
    CHECK(demo.classes[0].join_code == "JOIN7A23");
    CHECK(demo.classes[0].join_code_expires_at == f.ms.load() + codes.class_code_ms);
}
