#pragma once
// The helpers of authz.cpp that the rules of authz_family.cpp use too, so
// each is written once. Only for those two files.
#include "authz.hpp"

#include "zx/core/problem.hpp"
#include "zx/tours/attendance.hpp"

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
// The audience of an attendance event added to `a`; false for any other
// collection (authz_attendance.cpp).
bool attendance_audience(db::Connection& c, const sync::Record& r, std::set<std::string>& a);
// Checks a change of attendance; false for any other collection.
bool check_attendance_write(db::Connection& c, const Principal& p, const std::optional<sync::Record>& cur,
                            const sync::Change& ch);
// A trip's stops in order (its own list, else its route's).
std::vector<std::string> trip_stops(db::Connection& c, const sync::Record& trip);
// Everyone who teaches a trip: its planner, its leaders, its class's teachers.
std::set<std::string> trip_teachers_of(db::Connection& c, const sync::Record& trip);
bool taking_part(db::Connection& c, const std::string& trip_id, const std::string& student_id);
// 409 consent_missing when `kind` starts a student's day (left, in) on a trip
// that asks for a guardian's consent the student does not have.
void check_checkin(db::Connection& c, const sync::Record& trip, const std::string& student_id, AttendanceKind kind,
                   const std::string& student_name);
// The trip's register now, at its current stop, from the stored records.
HeadCount trip_head_count(db::Connection& c, const sync::Record& trip, int64_t now_ms);
// 409 trip_unaccounted (naming up to five) unless nobody is missing.
void check_trip_close(db::Connection& c, const sync::Record& trip, int64_t now_ms);
// The consent forms and answers of a trip, whose audiences follow the trip's.
void family_records_of_trip(db::Connection& c, const std::string& trip_id,
                            std::vector<std::pair<std::string, std::string>>& out);

}  // namespace zx::server
