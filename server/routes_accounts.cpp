// The accounts part of the route table: registering, signing in and out,
// the signed-in user, classes, guardian codes and guardian links. The rules
// are Accounts' (accounts.hpp); these only read the request and answer.
#include "routes.hpp"

#include "zx/wire/api.hpp"

namespace zx::server {

namespace {

Response register_user(const Call& c) {
    return json_response(c.services.accounts.register_user(api::parse_register(c.body())), 201);
}

Response login(const Call& c) { return json_response(c.services.accounts.login(api::parse_login(c.body()))); }

Response logout(const Call& c) {
    c.services.accounts.logout(c.request.authorization);
    Response res;
    res.status = 204;
    return res;
}

Response me(const Call& c) { return json_response(c.services.accounts.me(c.who())); }

Response create_class(const Call& c) {
    return json_response(c.services.accounts.create_class(c.who(), api::parse_create_class(c.body())), 201);
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
         .summary = "Register as a student, teacher or parent and sign in",
         .request = "RegisterRequest",
         .response = "Session",
         .status = 201,
         .handler = register_user},
        {.methods = {"POST"},
         .path = api::kLoginPath,
         .summary = "Sign in with user name and password",
         .request = "LoginRequest",
         .response = "Session",
         .handler = login},
        {.methods = {"POST"},
         .path = api::kLogoutPath,
         .auth = Auth::token,
         .summary = "Sign out: end the session of the bearer token (an unknown one is no error)",
         .status = 204,
         .handler = logout},
        {.methods = {"GET"},
         .path = api::kMePath,
         .auth = Auth::user,
         .summary = "The signed-in user, their classes and (parents) linked children",
         .response = "Me",
         .handler = me},
        {.methods = {"POST"},
         .path = api::kClassesPath,
         .auth = Auth::user,
         .summary = "Create a class (teachers); the answer has its join code",
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
