// The account screens of the headless client against the real test server
// (issue 10): a teacher registers with the school's invitation code and is
// signed in by the sign-in that follows; a taken name is told apart only by
// that sign-in; the signed-in user lists their sessions, signs another one
// out and changes their password (their other sessions end); an
// administrator issues a teacher invitation that a teacher then registers with.
#include "headless.hpp"

#include "i18n.hpp"
#include "raw_http.hpp"

#include "zx/wire/api.hpp"

#include <doctest/doctest.h>

using namespace zx;
using namespace zx::test;

namespace {

// Fills in the registration form (the sign-in form switched over) as `role`
// (0 student, 1 teacher, 2 parent) and sends it.
void register_through_form(Headless& h, const std::string& user, const std::string& password, int role,
                           const std::string& invitation = "") {
    h.frames(3);
    if (!h.state().at("items").contains("auth:display_name")) h.click("auth:switch");
    h.type("auth:username", user);
    h.type("auth:password", password);
    h.type("auth:display_name", user);
    h.click("auth:role:" + std::to_string(role));
    if (!invitation.empty()) h.type("auth:invitation", invitation);
    h.click("auth:submit");
}

std::string notice_of(Headless& h) { return h.state().at("notice").get<std::string>(); }

int status_with(TestServer& srv, const std::string& token) {
    return call_json(srv.port(), "GET", api::kMePath, "", token).status;
}

}  // namespace

TEST_CASE("client: a teacher registers with the school's invitation code; a taken name is told by the sign-in after") {
    TestServer srv(demo_bases(), true);
    {
        Headless h(srv.url());
        // Without a code the form refuses before anything is sent.
        register_through_form(h, "ms.lin", "a long password", 1);
        REQUIRE(h.run_until([&] { return !notice_of(h).empty(); }));
        CHECK(notice_of(h) == tr(Lang::zh, Code::invitation_required));
        CHECK(h.state().at("signedIn") == false);
        // With the administrator's code: registered, then signed in as a teacher.
        h.type("auth:invitation", srv.invitation());
        h.click("auth:submit");
        REQUIRE(h.run_until([&] { return h.state().at("signedIn") == true; }));
        CHECK(h.state().at("user").at("role") == "teacher");
        // Its first sync done (the device's store at rest before the client closes).
        REQUIRE(h.run_until([&] { return h.state().at("sync").at("status") == "synced"; }));
    }
    {
        // A name someone has: the server answers as for a free one, and the
        // sign-in that follows fails; the form says to choose another name.
        Headless h(srv.url());
        register_through_form(h, "student1", "not student1's password", 0);
        REQUIRE(h.run_until([&] { return !notice_of(h).empty(); }));
        CHECK(notice_of(h) == tr(Lang::zh, S::RegisteredNameTaken));
        CHECK(h.state().at("signedIn") == false);
    }
    // The taken name still belongs to its owner.
    CHECK(srv.login("student1", "demo-student-1").size() > 0);
}

TEST_CASE("client: sessions are listed and signed out, and a new password ends the other sessions") {
    TestServer srv(demo_bases(), true);
    const auto phone = srv.login("student1", "demo-student-1");  // the student's other device
    Headless h(srv.url());
    sign_in(h, "student1", "demo-student-1");
    h.click("nav:settings");
    REQUIRE(h.run_until([&] { return h.state().contains("sessions") && h.state().at("sessions").size() == 2; }));
    std::string other, mine;
    const auto listed = h.state();  // kept: the loop reads into it
    for (const auto& s : listed.at("sessions")) (s.at("current") == true ? mine : other) = s.at("id").get<std::string>();
    REQUIRE_FALSE(other.empty());
    REQUIRE_FALSE(mine.empty());

    // Signing the phone out from here.
    h.click("session:end:" + other);
    REQUIRE(h.run_until([&] { return h.state().at("sessions").size() == 1; }));
    CHECK(notice_of(h) == tr(Lang::zh, S::SessionEnded));
    CHECK(status_with(srv, phone) == 401);

    // A new password: a tablet signed in meanwhile is signed out, this device stays.
    const auto tablet = srv.login("student1", "demo-student-1");
    REQUIRE(h.run_until([&] { return h.state().at("items").contains("account:new_password"); }));
    h.type("account:current_password", "demo-student-1");
    h.type("account:new_password", "a brand new password");
    h.click("account:change_password");
    REQUIRE(h.run_until([&] { return notice_of(h) == tr(Lang::zh, S::PasswordChanged); }));
    CHECK(status_with(srv, tablet) == 401);
    CHECK(h.state().at("signedIn") == true);
    REQUIRE(h.run_until([&] { return h.state().contains("sessions") && h.state().at("sessions").size() == 1; }));
    CHECK(h.state().at("sessions")[0].at("current") == true);
    CHECK(call_json(srv.port(), "POST", api::kLoginPath,
                    nlohmann::json(api::LoginRequest{"student1", "a brand new password"}).dump(), "")
              .status == 200);

    // Ending this device's own session signs it out.
    h.click("session:end:" + mine);
    REQUIRE(h.run_until([&] { return h.state().at("signedIn") == false; }));
}

TEST_CASE("client: an administrator issues a teacher invitation, and a teacher registers with it") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    sign_in(h, "admin", "demo-admin-1");
    h.click("nav:settings");
    REQUIRE(h.run_until([&] { return h.state().at("items").contains("invite:create"); }));
    // Opening settings loads the sessions; the account's buttons wait for that.
    REQUIRE(h.run_until([&] { return h.state().contains("sessions"); }));
    h.type("invite:school", "sch-demo");
    h.click("invite:create");
    const bool issued = h.run_until([&] { return h.state().contains("invitation"); });
    INFO(notice_of(h));
    REQUIRE(issued);
    const auto inv = h.state().at("invitation");
    CHECK(inv.at("school") == "sch-demo");
    const auto code = inv.at("code").get<std::string>();
    CHECK(code.size() == 12);
    CHECK(notice_of(h).find(code) != std::string::npos);

    api::RegisterRequest req{"mr.gao", "a long password", "高老师", api::Role::teacher, code};
    REQUIRE(call_json(srv.port(), "POST", api::kRegisterPath, nlohmann::json(req).dump(), "").status == 202);
    srv.login("mr.gao", "a long password");
    CHECK(srv.get("mr.gao", api::kMePath).body["user"]["role"] == "teacher");
    CHECK(srv.post("mr.gao", api::kClassesPath, {{"name", "八年级(3)班"}, {"grade", 8}}).status == 201);

    // Other roles see no invitation form.
    Headless student(srv.url());
    sign_in(student, "student1", "demo-student-1");
    student.click("nav:settings");
    REQUIRE(student.run_until([&] { return student.state().at("items").contains("account:change_password"); }));
    CHECK_FALSE(student.state().at("items").contains("invite:create"));
}
