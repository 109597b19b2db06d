#pragma once
// The helpers of authz.cpp that the rules of authz_family.cpp use too, so
// each is written once. Only for those two files.
#include "authz.hpp"

#include "zx/core/problem.hpp"

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace zx::server::detail {

// The live classes `user` belongs to as `role` ("student", "teacher").
std::set<std::string> classes_as(db::Connection& c, const std::string& user, const char* role);
// 403 not_allowed: `p` may not `action` (the problem's one param).
[[noreturn]] void refuse(std::string action, const std::string& message, std::string field = {});
// 400: the change is not acceptable as it is.
[[noreturn]] void bad(Problem p);
// The value a change gives a text field, or the record's current one.
std::string effective(const std::optional<sync::Record>& cur, const sync::Change& ch, const char* field);
bool writes(const sync::Change& ch, const char* field);
// 403 unless the change writes only `allowed` fields ("_deleted" to delete).
void only_fields(const sync::Change& ch, std::initializer_list<std::string_view> allowed, const std::string& who);
// 403 role_required unless `p` has one of `roles`.
void require_role(const Principal& p, std::initializer_list<api::Role> roles, const sync::Change& ch);
// A live record `p` can see, else 404 as for a missing one.
sync::Record referenced(db::Connection& c, const Principal& p, const char* collection, const std::string& id);

}  // namespace zx::server::detail

namespace zx::server {

// The audience keys of the parents' collections (consent_forms, consents,
// home_resources) added to `a`; false for any other collection.
bool family_audience(db::Connection& c, const sync::Record& r, std::set<std::string>& a);
// Checks a change of those collections (throws as check_write does); false
// for any other collection, which check_write then checks itself.
bool check_family_write(db::Connection& c, const Principal& p, const std::optional<sync::Record>& cur,
                        const sync::Change& ch);
// The consent forms and answers of a trip, whose audiences follow the trip's.
void family_records_of_trip(db::Connection& c, const std::string& trip_id,
                            std::vector<std::pair<std::string, std::string>>& out);

}  // namespace zx::server
