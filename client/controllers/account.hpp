#pragma once
// Who is signed in, and the server's reachability.
//
// Accounts: sign-in and registration (which answers no session: the client
// signs in with the same name and password right after), the remembered
// session (so a device opens its user's data offline), sign-out, the user's
// password and sessions, an administrator's teacher invitations, a roster
// student's first sign-in with the code from their card, and the requests
// around classes (create, join, guardian codes). One request at a
// time; its answer is the account notice, in the user's language.
//
// Reachability: GET /api/v1/health every few seconds; coming back online
// retries what failed (the App wires that to the bases and the sync engine).
#include "controllers/services.hpp"

#include <functional>
#include <string>

namespace zx::client {

class AccountController {
public:
    explicit AccountController(Services& s) : s_(s) {}

    // Restores the session this device remembers; checks the server.
    void init();
    // Once per frame: health checks when due.
    void tick(double now_s);
    std::function<void()> on_back_online;
    // Signing out on this device, before the store closes (drafts go).
    std::function<void()> on_signing_out;

    void handle(const SignIn& c);
    void handle(const Register& c);
    void handle(const SignOut&);
    void handle(const TakeOverStore&);
    void handle(const CreateClass& c);
    void handle(const JoinClass& c);
    void handle(const IssueGuardianCode& c);
    void handle(const LinkGuardian& c);
    void handle(const ChangePassword& c);
    void handle(const LoadSessions&);
    void handle(const EndSession& c);
    void handle(const InviteTeacher& c);
    void handle(const FirstSignIn& c);

private:
    void check_health();
    void establish(const api::Session& s);
    void notice(bool ok, std::string text);
    void sign_out_here();
    // Sends one account request; `on_ok` reads the answer (it may throw: the
    // answer was not what the API promises, and the notice says so). A
    // failure is the notice, unless `on_error` is given and says it handled it.
    using OnError = std::function<bool(const ApiReply&)>;
    void request(const std::string& method, const std::string& path, const nlohmann::json& body,
                 std::function<void(const nlohmann::json&)> on_ok, OnError on_error = nullptr);
    void request(const std::string& path, const nlohmann::json& body, std::function<void(const nlohmann::json&)> on_ok,
                 OnError on_error = nullptr) {
        request("POST", path, body, std::move(on_ok), std::move(on_error));
    }

    Services& s_;
    double next_health_s_ = 0;
};

}  // namespace zx::client
