#pragma once
// Accounts, sessions, classes and guardian links. Passwords are Argon2id
// hashes; session tokens are 256-bit random values of which the server keeps
// only SHA-256 digests, so a copy of the database opens no session; teacher
// invitations are kept as digests too.
//
// Password work is slow by design (crypto.hpp), so each operation that
// hashes or verifies comes in two halves: admit_* runs on the request's
// thread and does the cheap checks (input, limits, an invitation's
// existence), and the method itself runs on a password worker
// (routes_accounts.cpp, workers.hpp).
#include "authz.hpp"
#include "repo.hpp"
#include "store.hpp"
#include "throttle.hpp"

#include "zx/wire/api.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace zx::server {

struct SessionLimits {
    int64_t idle_ms = 0;      // unused this long: signed out
    int64_t absolute_ms = 0;  // at most this long after sign-in
};

// Session lifetimes by role: base staff and administrators hold the keys to
// bases and every account, so theirs are short (OWASP ASVS 3.3).
struct SessionPolicy {
    int64_t idle_ms = 14ll * 24 * 3600 * 1000;       // students, teachers, parents
    int64_t absolute_ms = 90ll * 24 * 3600 * 1000;
    int64_t staff_idle_ms = 30ll * 60 * 1000;         // base staff and administrators
    int64_t staff_absolute_ms = 12ll * 3600 * 1000;
    SessionLimits for_role(api::Role r) const;
};

// How long the codes people type stay valid.
struct CodePolicy {
    int64_t class_code_ms = 30ll * 24 * 3600 * 1000;   // a class's join code; its teacher rotates it
    int64_t guardian_code_ms = 7ll * 24 * 3600 * 1000;  // one use
    int64_t invitation_ms = 14ll * 24 * 3600 * 1000;    // a teacher invitation; one use
    int64_t first_sign_in_ms = 30ll * 24 * 3600 * 1000;  // a student's first sign-in code (roster import, cards); one use
    int64_t card_ticket_ms = 2ll * 60 * 1000;            // the ticket that opens a class's card page; one use
};

struct AccountPolicy {
    SessionPolicy sessions;
    CodePolicy codes;
    ThrottlePolicy throttle;
};

// The token of "Authorization: Bearer <token>"; 401 (sign_in_required)
// when there is none.
std::string bearer_token(const std::string& authorization);

class Accounts {
public:
    Accounts(Store& store, ServerClock& clock, AccountPolicy policy);

    // Registering (answered 202 RegisterAccepted, the same whether or not the
    // name is free, so that registering tells nobody which names exist).
    // admit: 429 (too_many_attempts) past the address's limit; a teacher's
    // invitation must exist, unused and unexpired (400 unknown_invitation).
    void admit_registration(const api::RegisterRequest& r, const std::string& remote);
    // Hashes (a worker): creates the account if the name is free, taking the
    // invitation of a teacher, who gets its school; a taken name writes nothing.
    api::RegisterAccepted register_user(const api::RegisterRequest& r);

    // Signing in. admit: 429 (too_many_attempts) when the account or the
    // address is at its limit of failures; the attempt counts as one until
    // login() finds the password right.
    Throttle::Attempt admit_login(const std::string& username, const std::string& remote);
    // An admitted attempt whose password was never checked (the workers were
    // busy): it does not count.
    void cancel(const Throttle::Attempt& attempt);
    // Verifies (a worker): 401 (bad_credentials) on a wrong name or password.
    api::Session login(const api::LoginRequest& r, const Throttle::Attempt& attempt);

    // Changing one's password: admitted like a sign-in to the user's own
    // account (so a stolen session cannot guess the password faster); then
    // (a worker) 403 wrong_password, or the new password and every other
    // session of the user ended.
    Throttle::Attempt admit_password_change(const Principal& p, const std::string& remote);
    void change_password(const Principal& p, const std::string& authorization, const api::ChangePasswordRequest& r,
                         const Throttle::Attempt& attempt);

    // Ends the session of `authorization`'s token; an unknown token is no error.
    void logout(const std::string& authorization);
    // The user behind "Authorization: Bearer <token>"; 401 if there is none
    // (sign_in_required), the session expired (session_expired, after the
    // limits of the user's role) or is not one (session_invalid).
    Principal authenticate(const std::string& authorization);
    // The user's live sessions, newest first; the one of `authorization` is current.
    api::SessionList sessions(const Principal& p, const std::string& authorization);
    // Ends one of the user's sessions by its id; 404 (not_found, sessions)
    // for an id that is not one of theirs.
    void revoke_session(const Principal& p, const std::string& id);

    // Administrators: a one-use invitation for one teacher of a school
    // (created when it is new and named; 404 not_found otherwise).
    api::TeacherInvitation invite_teacher(const Principal& admin, const api::TeacherInvitationRequest& r);

    // Refusals: 403 role_required for the wrong role, teacher_unverified for
    // a teacher without a school; 404 unknown_class_code, class_code_expired,
    // unknown_guardian_code, or not_found for a class or student the teacher
    // does not have.
    api::ClassInfo create_class(const Principal& p, const api::CreateClassRequest& r);
    api::ClassInfo join_class(const Principal& p, const std::string& code);
    // A new join code for a class the teacher teaches; the old one stops working.
    api::ClassInfo rotate_join_code(const Principal& p, const std::string& class_id);
    api::GuardianCode issue_guardian_code(const Principal& p, const std::string& class_id,
                                          const std::string& student_id);
    api::UserInfo link_guardian(const Principal& p, const std::string& code);
    // The signed-in user, their classes and (parents) children.
    api::Me me(const Principal& p);

    // First sign-in of a student made by a roster import (roster.hpp), who
    // has no password yet: the code from their card sets it, once. admit:
    // counted like a failed sign-in from the address until it succeeds
    // (429 too_many_attempts), and 400 unknown_first_code for a code that
    // is unknown, used or expired. Then (a worker) the password is set, the
    // code used, and a session opened.
    Throttle::Attempt admit_first_sign_in(const api::FirstSignInRequest& r, const std::string& remote);
    api::Session first_sign_in(const api::FirstSignInRequest& r, const Throttle::Attempt& attempt);

    // For roster imports, inside the caller's write transaction. A student
    // account of `school_id` with `student_no` and no password; its user
    // name is "<school>-<number>" in lower case (or, when that is taken or
    // too long, "s-" and random letters).
    api::UserInfo create_roster_student(db::Connection& c, const std::string& display_name, const std::string& school_id,
                                        const std::string& student_no);
    // A new first sign-in code for a student without a password, issued by
    // `by` for `class_id`; their earlier unused codes stop working (only
    // digests are kept, so a code can be shown only when it is made).
    // Sets `expires_at`.
    std::string issue_first_code(db::Connection& c, const std::string& user_id, const std::string& class_id,
                                 const std::string& by, int64_t& expires_at);
    // Whether the user has a password (a roster's student before their
    // first sign-in has none, and cannot sign in).
    static bool has_password(db::Connection& c, const std::string& user_id);
    const CodePolicy& codes() const { return policy_.codes; }

    // Gives class codes made before codes expired (expires_at 0) the
    // lifetime of a new one, from now. Idempotent; run at start-up.
    void expire_legacy_codes();

    // Called after sessions of `user_id` ended by their hand (signing out,
    // a changed password, a session revoked), so what holds one open (the
    // live channel) lets go at once rather than at its next check.
    std::function<void(const std::string& user_id)> on_sessions_ended;

    // Creates what assets/demo/accounts.json describes, skipping accounts that
    // exist already, so seeding on every start is harmless. The demo class
    // keeps its documented code: seeding renews its expiry.
    void seed_demo(const nlohmann::json& doc);

private:
    std::string create_user(db::Connection& c, const std::string& id, const std::string& username,
                            const std::string& password_hash, const std::string& display_name, api::Role role,
                            const std::string& school_id, const std::string& base_id);
    std::string new_session(db::Connection& c, const std::string& user_id);
    // A class code for `class_id`, valid for the policy's lifetime from now.
    std::string new_class_code(db::Connection& c, const std::string& class_id, const std::string& record_id,
                               const std::string& code, int64_t& expires_at);
    // The school of an unused, unexpired invitation, or 400 unknown_invitation.
    std::string invitation_school(db::Connection& c, const std::string& code);

    Store& store_;
    ServerClock& clock_;
    AccountPolicy policy_;
    Throttle throttle_;
    std::string dummy_hash_;  // verified against for unknown users, so timing reveals nothing
};

}  // namespace zx::server
