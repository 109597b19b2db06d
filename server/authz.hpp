#pragma once
// Authorization, deny by default. Every stored record carries an audience:
// keys naming who may read it. A user holds keys too; a record is visible to
// a user when the two sets meet. Keys:
//   u:<user>     that user              pub   everyone, even signed out
//   c:<class>    members of the class (students and its teacher)
//   ct:<class>   the class's teachers   cp:<class>  parents of its students
//   p:<student>  that student's parents b:<base>    staff of that base
//   teachers     every school teacher   admin       administrators
// Writes are checked separately (check_write): seeing is not writing.
//
// A teacher account acts as a teacher only once a school has vouched for it:
// the server gives it its school when it registers with a school's
// invitation (accounts.hpp) or is seeded. Until then it is a personal space
// and nothing more: it teaches no class, plans nothing, rates nothing.
#include "zx/wire/api.hpp"
#include "zx/sync/sqlite.hpp"
#include "zx/sync/sync.hpp"

#include <optional>
#include <set>
#include <string>

namespace zx::server {

struct Principal {
    std::string user_id;
    api::Role role = api::Role::student;
    std::string username;
    std::string display_name;
    std::string base_id;
    std::string school_id;            // set by the server only (invitation, seed)
    std::set<std::string> classes;    // member of (student or teacher)
    std::set<std::string> teaching;   // teacher of
    std::set<std::string> children;   // linked students (parents)
    std::set<std::string> keys;       // audience keys this user holds
    std::string epoch;                // digest of `keys`; changes when entitlements do

    api::UserInfo info() const { return {user_id, username, display_name, role}; }
    // A teacher a school vouched for (see above).
    bool school_teacher() const { return role == api::Role::teacher && !school_id.empty(); }
};

// Throws unless `p` is a school teacher: 403 role_required for another role,
// 403 teacher_unverified for a teacher account without a school. `action`
// is a short phrase ("create classes").
void require_school_teacher(const Principal& p, const std::string& action);

// Nothing if the user does not exist or was deleted.
std::optional<Principal> load_principal(db::Connection& c, const std::string& user_id);

// Who may read `r`, from its fields and the relationships stored now.
std::set<std::string> audience_of(db::Connection& c, const sync::Record& r);

bool can_see(const Principal& p, const std::set<std::string>& audience);

// Every base a trip visits: its own list plus its route's stops.
std::set<std::string> trip_base_ids(db::Connection& c, const sync::Record& trip);
// Today's date in China (UTC+8, no daylight saving), "YYYY-MM-DD".
std::string today_shanghai();

// Throws ApiError if `p` may not make change `ch` to `current` (nothing:
// the record does not exist yet). Another user's invisible record answers
// 404 exactly as a missing one does; a visible one that `p` may not change
// answers 403.
void check_write(db::Connection& c, const Principal& p, const std::optional<sync::Record>& current,
                 const sync::Change& ch);

// The 404 for a record the caller cannot see, the same whether it exists.
[[noreturn]] void not_found(const std::string& collection, const std::string& id);

}  // namespace zx::server
