// The accounts part of the route table: registering, signing in and out,
// changing the password, one's sessions, teacher invitations, the signed-in
// user, classes and their join codes, guardian codes and guardian links. The
// rules are Accounts' (accounts.hpp); these only read the request, run the
// password work on a worker (on_worker) and answer.
#include "routes.hpp"

#include "zx/wire/api.hpp"

namespace zx::server {

namespace {

Response no_content() {
    Response res;
    res.status = 204;
    return res;
}

Response register_user(const Call& c) {
    auto req = api::parse_register(c.body());
    auto& accounts = c.services.accounts;
    accounts.admit_registration(req, c.request.remote);
    return on_worker(c, [&accounts, req = std::move(req)] { return json_response(accounts.register_user(req), 202); });
}

Response login(const Call& c) {
    auto req = api::parse_login(c.body());
    auto& accounts = c.services.accounts;
    auto attempt = accounts.admit_login(req.username, c.request.remote);
    return on_worker(
        c, [&accounts, req = std::move(req), attempt] { return json_response(accounts.login(req, attempt)); },
        [&accounts, attempt] { accounts.cancel(attempt); });
}

Response logout(const Call& c) {
    c.services.accounts.logout(c.request.authorization);
    return no_content();
}

Response change_password(const Call& c) {
    auto req = api::parse_change_password(c.body());
    auto& accounts = c.services.accounts;
    auto attempt = accounts.admit_password_change(c.who(), c.request.remote);
    return on_worker(
        c,
        [&accounts, who = c.who(), authorization = c.request.authorization, req = std::move(req), attempt] {
            accounts.change_password(who, authorization, req, attempt);
            return no_content();
        },
        [&accounts, attempt] { accounts.cancel(attempt); });
}

Response sessions(const Call& c) {
    return json_response(c.services.accounts.sessions(c.who(), c.request.authorization));
}

Response revoke_session(const Call& c) {
    c.services.accounts.revoke_session(c.who(), c.param("id"));
    return no_content();
}

Response invite_teacher(const Call& c) {
    const auto req = api::parse_teacher_invitation_request(c.body());
    return json_response(c.services.accounts.invite_teacher(c.who(), req), 201);
}

Response me(const Call& c) { return json_response(c.services.accounts.me(c.who())); }

Response create_class(const Call& c) {
    return json_response(c.services.accounts.create_class(c.who(), api::parse_create_class(c.body())), 201);
}

Response rotate_join_code(const Call& c) {
    return json_response(c.services.accounts.rotate_join_code(c.who(), c.param("id")));
}

Response join_class(const Call& c) {
    return json_response(c.services.accounts.join_class(c.who(), api::parse_code_request(c.body()).code));
}

Response issue_guardian_code(const Call& c) {
    const auto req = api::parse_guardian_code_request(c.body());
    return json_response(c.services.accounts.issue_guardian_code(c.who(), c.param("id"), req.student_id), 201);
}

Response link_guardian(const Call& c) {
    return json_response(c.services.accounts.link_guardian(c.who(), api::parse_code_request(c.body()).code));
}

}  // namespace

std::vector<Endpoint> account_routes() {
    return {
        {.methods = {"POST"},
         .path = api::kRegisterPath,
         .summary = "Register as a student, a teacher (with a school's invitation) or a parent; the answer is the "
                    "same whether or not the name was free: sign in next",
         .request = "RegisterRequest",
         .response = "RegisterAccepted",
         .status = 202,
         .handler = register_user},
        {.methods = {"POST"},
         .path = api::kLoginPath,
         .summary = "Sign in with user name and password (429 with Retry-After after too many failures)",
         .request = "LoginRequest",
         .response = "Session",
         .handler = login},
        {.methods = {"POST"},
         .path = api::kLogoutPath,
         .auth = Auth::token,
         .summary = "Sign out: end the session of the bearer token (an unknown one is no error)",
         .status = 204,
         .handler = logout},
        {.methods = {"POST"},
         .path = api::kPasswordPath,
         .auth = Auth::user,
         .summary = "Change the signed-in user's password; every other session of theirs ends",
         .request = "ChangePasswordRequest",
         .status = 204,
         .handler = change_password},
        {.methods = {"GET"},
         .path = api::kSessionsPath,
         .auth = Auth::user,
         .summary = "The signed-in user's sessions, newest first",
         .response = "SessionList",
         .handler = sessions},
        {.methods = {"DELETE"},
         .path = api::kSessionPath,
         .auth = Auth::user,
         .summary = "End one of the signed-in user's sessions",
         .status = 204,
         .handler = revoke_session},
        {.methods = {"POST"},
         .path = api::kTeacherInvitationsPath,
         .auth = Auth::admin,
         .summary = "Issue a one-use invitation code with which a teacher of the school registers",
         .request = "TeacherInvitationRequest",
         .response = "TeacherInvitation",
         .status = 201,
         .handler = invite_teacher},
        {.methods = {"GET"},
         .path = api::kMePath,
         .auth = Auth::user,
         .summary = "The signed-in user, their classes and (parents) linked children",
         .response = "Me",
         .handler = me},
        {.methods = {"POST"},
         .path = api::kClassesPath,
         .auth = Auth::user,
         .summary = "Create a class (school teachers); the answer has its join code",
         .request = "CreateClassRequest",
         .response = "ClassInfo",
         .status = 201,
         .handler = create_class},
        {.methods = {"POST"},
         .path = api::kJoinClassPath,
         .auth = Auth::user,
         .summary = "Join a class with its join code (students)",
         .request = "CodeRequest",
         .response = "ClassInfo",
         .handler = join_class},
        {.methods = {"POST"},
         .path = api::kJoinCodePath,
         .auth = Auth::user,
         .summary = "Replace the class's join code with a new one (its teacher); the old one stops working",
         .response = "ClassInfo",
         .handler = rotate_join_code},
        {.methods = {"POST"},
         .path = api::kGuardianCodesPath,
         .auth = Auth::user,
         .summary = "Issue a one-use guardian code for a student of the class (its teachers)",
         .request = "GuardianCodeRequest",
         .response = "GuardianCode",
         .status = 201,
         .handler = issue_guardian_code},
        {.methods = {"POST"},
         .path = api::kLinkGuardianPath,
         .auth = Auth::user,
         .summary = "Link to a child with a guardian code (parents); answers the child",
         .request = "CodeRequest",
         .response = "UserInfo",
         .handler = link_guardian},
    };
}

}  // namespace zx::server
