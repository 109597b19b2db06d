#pragma once
// Accounts, sessions, classes and guardian links. Passwords are Argon2id
// hashes; session tokens are 256-bit random values of which the server keeps
// only SHA-256 digests, so a copy of the database opens no session.
#include "authz.hpp"
#include "repo.hpp"
#include "store.hpp"

#include "zx/wire/api.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace zx::server {

struct SessionPolicy {
    int64_t idle_ms = 14ll * 24 * 3600 * 1000;      // unused this long: signed out
    int64_t absolute_ms = 90ll * 24 * 3600 * 1000;  // at most this long after sign-in
};

// The token of "Authorization: Bearer <token>"; 401 (sign_in_required)
// when there is none.
std::string bearer_token(const std::string& authorization);

class Accounts {
public:
    Accounts(Store& store, ServerClock& clock, SessionPolicy policy);

    api::Session register_user(const api::RegisterRequest& r);  // 409 (username_taken) if the username is taken
    api::Session login(const api::LoginRequest& r);  // 401 (bad_credentials) on a wrong name or password
    // Ends the session of `authorization`'s token; an unknown token is no error.
    void logout(const std::string& authorization);
    // The user behind "Authorization: Bearer <token>"; 401 if there is none
    // (sign_in_required), the session expired (session_expired) or is not
    // one (session_invalid).
    Principal authenticate(const std::string& authorization);

    // Refusals: 403 role_required for the wrong role; 404 unknown_class_code,
    // unknown_guardian_code, or not_found for a class or student the
    // teacher does not have.
    api::ClassInfo create_class(const Principal& p, const api::CreateClassRequest& r);
    api::ClassInfo join_class(const Principal& p, const std::string& code);
    api::GuardianCode issue_guardian_code(const Principal& p, const std::string& class_id,
                                          const std::string& student_id);
    api::UserInfo link_guardian(const Principal& p, const std::string& code);
    // The signed-in user, their classes and (parents) children.
    api::Me me(const Principal& p);

    // Creates what assets/demo/accounts.json describes, skipping accounts that
    // exist already, so seeding on every start is harmless.
    void seed_demo(const nlohmann::json& doc);

private:
    std::string create_user(db::Connection& c, const std::string& id, const std::string& username,
                            const std::string& password_hash, const std::string& display_name, api::Role role,
                            const std::string& school_id, const std::string& base_id);
    std::string new_session(db::Connection& c, const std::string& user_id);

    Store& store_;
    ServerClock& clock_;
    SessionPolicy policy_;
    std::string dummy_hash_;  // verified against for unknown users, so timing reveals nothing
};

}  // namespace zx::server
