// Who may read and write what (authz.hpp).
//   1. helpers: memberships, refusals, the values a change leaves
//   2. principals: the keys a user holds
//   3. audiences: the keys that may read a record
//   4. check_write, collection by collection: accounts and classes, conflicts,
//      submissions and their workflow, bases, ratings, trips and the rest
#include "authz.hpp"
#include "authz_detail.hpp"

#include "api_error.hpp"
#include "repo.hpp"

#include "zx/core/hash.hpp"
#include "zx/sync/fields.hpp"

#include "zx/core/error.hpp"
#include "zx/tours/base.hpp"
#include "zx/space/timetable.hpp"

#include <algorithm>
#include <chrono>

namespace zx::server {

using nlohmann::json;
using api::Role;

// Helpers the rules of authz_family.cpp use as well (authz_detail.hpp).
namespace detail {

std::set<std::string> column_set(db::Connection& c, const char* sql, const std::string& arg) {
    std::set<std::string> out;
    for (const auto& row : c.query(sql, json::array({arg})))
        if (row[0].is_string()) out.insert(row[0].get<std::string>());
    return out;
}

// The live classes `user` belongs to as `role`: a deleted class gives no
// access, whatever memberships of it remain.
std::set<std::string> classes_as(db::Connection& c, const std::string& user, const char* role) {
    std::set<std::string> out;
    for (const auto& row : c.query("SELECT m.class_id FROM memberships m JOIN classes k ON k.id = m.class_id "
                                   "WHERE m.user_id = ?1 AND m.role = ?2 AND m.deleted = 0 AND k.deleted = 0",
                                   json::array({user, role})))
        if (row[0].is_string()) out.insert(row[0].get<std::string>());
    return out;
}

std::set<std::string> children_of(db::Connection& c, const std::string& parent) {
    return column_set(c, "SELECT student_id FROM guardian_links WHERE parent_id = ?1 AND deleted = 0", parent);
}

std::string digest(const std::set<std::string>& keys) {
    // FNV-1a over the sorted keys, each ended by 0xff: the epoch only has to
    // change when they do.
    uint64_t h = fnv1a64("");
    for (const auto& k : keys) h = fnv1a64("\xff", fnv1a64(k, h));
    return hex64(h);
}

// 403: the user may not `action` (a short English phrase, the problem's
// one param: "change field title of notes/N2"); `message` says it in full.
// The message is composed here rather than a format() template because it
// quotes what the client sent.
[[noreturn]] void refuse(std::string action, const std::string& message, std::string field) {
    throw ApiError(403, api::code::forbidden,
                   Problem{Code::not_allowed, std::move(field), {{"action", std::move(action)}}, message});
}
// 400: the change is not acceptable as it is (a missing reason, a rating out of range).
[[noreturn]] void bad(Problem p) { throw ApiError(400, api::code::bad_request, std::move(p)); }

// The value a change gives a field, or the record's current one.
std::string effective(const std::optional<sync::Record>& cur, const sync::Change& ch, const char* field) {
    if (ch.fields.contains(field)) return fields::text(ch.fields, field);
    return cur ? repo::text(*cur, field) : std::string();
}

bool writes(const sync::Change& ch, const char* field) { return ch.fields.contains(field); }

void only_fields(const sync::Change& ch, std::initializer_list<std::string_view> allowed, const std::string& who) {
    for (const auto& [k, v] : ch.fields.items())
        if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
            refuse("change field " + k + " of " + ch.collection + "/" + ch.record,
                   who + " may not change field \"" + k + "\" of " + ch.collection + "/" + ch.record, k);
    if (ch.deleted && std::find(allowed.begin(), allowed.end(), "_deleted") == allowed.end())
        refuse("delete " + ch.collection + "/" + ch.record, who + " may not delete " + ch.collection + "/" + ch.record);
}

void require_role(const Principal& p, std::initializer_list<Role> roles, const sync::Change& ch) {
    if (std::find(roles.begin(), roles.end(), p.role) != roles.end()) return;
    std::string allowed;
    for (const Role r : roles) allowed += (allowed.empty() ? "" : " or ") + std::string(api::to_code(r));
    throw ApiError(403, api::code::forbidden,
                   problem(Code::role_required, "", "a {have} may not create {collection} (only a {role})",
                           {{"action", "create " + ch.collection},
                            {"role", allowed},
                            {"have", std::string(api::to_code(p.role))},
                            {"collection", ch.collection}}));
}

// Creating a collection only school teachers create.
void require_teacher(const Principal& p, const sync::Change& ch) {
    require_role(p, {Role::teacher}, ch);
    require_school_teacher(p, "create " + ch.collection);
}

// The value a change gives a JSON list of strings (a trip's bases or
// leaders), or the record's current one; read as every client reads it.
std::vector<std::string> effective_list(const std::optional<sync::Record>& cur, const sync::Change& ch, const char* field) {
    if (ch.fields.contains(field)) return fields::strings(ch.fields, field);
    return cur ? fields::strings(cur->fields, field) : std::vector<std::string>{};
}

// Whether `user_id` may lead a trip of `class_id` (or, without a class, of
// `school_id`): a school teacher who teaches the class or belongs to its school.
bool may_lead(db::Connection& c, const std::string& user_id, const std::string& class_id, std::string school_id) {
    const auto u = repo::load(c, "users", user_id);
    if (!u || u->deleted || repo::text(*u, "role") != "teacher") return false;
    const auto own_school = repo::text(*u, "school_id");
    if (own_school.empty()) return false;
    if (!class_id.empty()) {
        const auto cls = repo::load(c, "classes", class_id);
        if (!cls || cls->deleted) return false;
        if (classes_as(c, user_id, "teacher").count(class_id)) return true;
        school_id = repo::text(*cls, "school_id");
    }
    return !school_id.empty() && own_school == school_id;
}

// A submission graded already: reviewed, or scored.
bool graded(const sync::Record& sub) {
    const auto* score = fields::find(sub.fields, "score");
    return repo::text(sub, "status") == "reviewed" || (score && score->is_number());
}

// A record the change points at must exist, be visible, and (optionally) be
// of a kind the caller may point at; anything else reads as "not found".
sync::Record referenced(db::Connection& c, const Principal& p, const char* collection, const std::string& id) {
    auto r = repo::load(c, collection, id);
    if (!r || r->deleted || !can_see(p, repo::audience(c, collection, id))) not_found(collection, id);
    return *r;
}

}  // namespace detail
using namespace detail;

void require_school_teacher(const Principal& p, const std::string& action) {
    if (p.role != Role::teacher)
        throw ApiError(403, api::code::forbidden,
                       problem(Code::role_required, "", "only teachers {action}",
                               {{"action", action}, {"role", "teacher"}, {"have", std::string(api::to_code(p.role))}}));
    if (p.school_id.empty())
        throw ApiError(403, api::code::forbidden,
                       problem(Code::teacher_unverified, "",
                               "{action}: this teacher account has no school yet; register with a school's invitation code",
                               {{"action", action}}));
}

std::set<std::string> trip_base_ids(db::Connection& c, const sync::Record& trip) {
    const auto listed = fields::strings(trip.fields, "bases");
    std::set<std::string> out(listed.begin(), listed.end());
    if (const auto route_id = repo::text(trip, "route_id"); !route_id.empty())
        if (auto route = repo::load(c, "routes", route_id)) {
            const auto stops = route->fields.value("stops", json::array());
            if (stops.is_array())
                for (const auto& s : stops)
                    if (s.is_object() && s.value("base_id", json()).is_string())
                        out.insert(s.at("base_id").get<std::string>());
        }
    return out;
}

std::string today_shanghai() {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    return timetable::format(timetable::china_today(now.count()));
}

void not_found(const std::string& collection, const std::string& id) {
    throw ApiError(404, api::code::not_found,
                   problem(Code::not_found, "", "no record {collection}/{id}", {{"collection", collection}, {"id", id}}));
}

std::optional<Principal> load_principal(db::Connection& c, const std::string& user_id) {
    auto u = repo::load(c, "users", user_id);
    if (!u || u->deleted) return std::nullopt;
    Principal p;
    p.user_id = user_id;
    p.role = api::role_from_code(repo::text(*u, "role")).value_or(Role::student);
    p.username = repo::text(*u, "username");
    p.display_name = repo::text(*u, "display_name");
    p.base_id = repo::text(*u, "base_id");
    p.school_id = repo::text(*u, "school_id");
    // A teacher account without a school teaches nothing, whatever it made before.
    if (p.school_teacher()) p.teaching = classes_as(c, user_id, "teacher");
    p.classes = classes_as(c, user_id, "student");
    p.classes.insert(p.teaching.begin(), p.teaching.end());
    p.keys = {"u:" + user_id, "pub", "auth"};
    for (const auto& k : p.classes) p.keys.insert("c:" + k);
    for (const auto& k : p.teaching) p.keys.insert("ct:" + k);
    if (p.role == Role::parent) {
        p.children = children_of(c, user_id);
        for (const auto& child : p.children) {
            p.keys.insert("p:" + child);
            for (const auto& k : classes_as(c, child, "student")) p.keys.insert("cp:" + k);
        }
    }
    if (p.role == Role::base_staff && !p.base_id.empty()) p.keys.insert("b:" + p.base_id);
    if (p.school_teacher()) p.keys.insert("teachers");
    if (p.role == Role::admin) p.keys.insert("admin");
    p.epoch = digest(p.keys);
    return p;
}

bool can_see(const Principal& p, const std::set<std::string>& audience) {
    for (const auto& k : audience)
        if (p.keys.count(k)) return true;
    return false;
}

std::set<std::string> audience_of(db::Connection& c, const sync::Record& r) {
    const auto& col = r.collection;
    const auto owner = repo::text(r, "owner_id");
    std::set<std::string> a;
    if (!owner.empty()) a.insert("u:" + owner);

    auto class_keys = [&](const std::string& cls, bool parents) {
        if (cls.empty()) return;
        a.insert("c:" + cls);
        if (parents) a.insert("cp:" + cls);
    };

    if (col == "users") {
        a.insert("u:" + r.id);
        const auto role = repo::text(r, "role");
        if (role == "student") {
            for (const auto& k : classes_as(c, r.id, "student")) a.insert("ct:" + k);
            a.insert("p:" + r.id);
        } else if (role == "teacher") {
            // Parents of the class see who teaches and leads their children.
            for (const auto& k : classes_as(c, r.id, "teacher")) {
                a.insert("c:" + k);
                a.insert("cp:" + k);
            }
            // So do they of a trip's co-leaders from outside the class
            // (kept in step by SyncService::apply_derived for trips).
            for (const auto& row : c.query("SELECT DISTINCT class_id FROM trips WHERE deleted = 0 AND class_id IS NOT NULL "
                                           "AND EXISTS (SELECT 1 FROM json_each(trips.leaders) WHERE value = ?1)",
                                           json::array({r.id}))) {
                a.insert("c:" + row[0].get<std::string>());
                a.insert("cp:" + row[0].get<std::string>());
            }
        } else if (role == "parent") {
            for (const auto& child : children_of(c, r.id))
                for (const auto& k : classes_as(c, child, "student")) a.insert("ct:" + k);
        }
    } else if (col == "schools") {
        a.insert("auth");
    } else if (col == "classes") {
        class_keys(r.id, true);
    } else if (col == "memberships") {
        const auto user = repo::text(r, "user_id");
        a.insert("u:" + user);
        a.insert("ct:" + repo::text(r, "class_id"));
        a.insert("p:" + user);
    } else if (col == "guardian_links") {
        const auto student = repo::text(r, "student_id");
        a.insert("u:" + repo::text(r, "parent_id"));
        a.insert("u:" + student);
        for (const auto& k : classes_as(c, student, "student")) a.insert("ct:" + k);
    } else if (col == "join_codes") {
        a.insert("ct:" + repo::text(r, "class_id"));
    } else if (col == "notes") {
        const auto shared = repo::text(r, "shared_class_id");
        if (!shared.empty()) a.insert("c:" + shared);
    } else if (col == "tools") {
        class_keys(repo::text(r, "class_id"), false);
    } else if (col == "activities") {
        // A draft stays with its author until it is published.
        if (fields::flag(r.fields, "published")) class_keys(repo::text(r, "class_id"), true);
    } else if (col == "trips") {
        class_keys(repo::text(r, "class_id"), true);
        // A trip's co-leaders (teachers of its class or school, check_write)
        // see the trip they lead, and so may rate its bases.
        for (const auto& l : fields::strings(r.fields, "leaders")) a.insert("u:" + l);
    } else if (col == "timetable_entries" || col == "terms") {
        class_keys(repo::text(r, "class_id"), true);
    } else if (col == "submissions") {
        if (auto act = repo::load(c, "activities", repo::text(r, "activity_id")))
            if (const auto cls = repo::text(*act, "class_id"); !cls.empty()) a.insert("ct:" + cls);
        if (!owner.empty()) a.insert("p:" + owner);
    } else if (col == "trip_participants" || col == "checkins") {
        const auto user = col == "checkins" ? owner : repo::text(r, "user_id");
        if (!user.empty()) {
            a.insert("u:" + user);
            a.insert("p:" + user);
        }
        if (auto trip = repo::load(c, "trips", repo::text(r, "trip_id"))) {
            if (const auto t = repo::text(*trip, "owner_id"); !t.empty()) a.insert("u:" + t);
            if (const auto cls = repo::text(*trip, "class_id"); !cls.empty()) a.insert("ct:" + cls);
        }
    } else if (col == "bases" || col == "routes") {
        a.insert("pub");
    } else if (col == "base_contacts") {
        a.insert("b:" + r.id);
        a.insert("admin");
    } else if (col == "base_ratings") {
        // Teachers choose bases by them, the base's staff and administrators
        // act on them; a comment is not for students or parents.
        a.insert("teachers");
        a.insert("admin");
        if (const auto base = repo::text(r, "base_id"); !base.empty()) a.insert("b:" + base);
    }
    family_audience(c, r, a);      // consent forms and answers, the parent school
    attendance_audience(c, r, a);  // the study-tour day (authz_attendance.cpp)
    // conflicts: the owner only (added above).
    a.erase("u:");
    a.erase("c:");
    a.erase("ct:");
    return a;
}

namespace {

// A trip's route, bases and leaders, as they would be after the change.
// Checked when the change writes them or moves the trip to another class,
// so a trip made before a base closed can still be retitled.
void check_trip(db::Connection& c, const Principal& p, const std::optional<sync::Record>& cur,
                const sync::Change& ch) {
    const bool create = !cur.has_value();
    // A trip is closed only with everyone accounted for (authz_attendance.cpp).
    if (writes(ch, "status") && effective(cur, ch, "status") == "closed" && cur &&
        repo::text(*cur, "status") != "closed") {
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch());
        check_trip_close(c, *cur, now.count());
    }
    if (writes(ch, "route_id")) {
        const auto route = effective(cur, ch, "route_id");
        if (!route.empty()) referenced(c, p, "routes", route);
    }
    if (create || writes(ch, "bases") || writes(ch, "route_id")) {
        sync::Record after = cur.value_or(sync::empty_record("trips", ch.record));
        for (const auto& [k, v] : ch.fields.items()) after.fields[k] = v;
        for (const auto& id : trip_base_ids(c, after)) {
            const auto r = repo::load(c, "bases", id);
            if (!r || r->deleted) not_found("bases", id);
            const auto b = base_from_fields(id, r->fields);
            if (plannable(b)) continue;
            const auto delisted = b.status == BaseStatus::delisted;
            bad(problem(delisted ? Code::base_delisted : Code::base_suspended, "bases",
                        delisted ? "base {base_id} ({base}) has been delisted and cannot be planned"
                                 : "base {base_id} ({base}) is suspended and cannot be planned",
                        {{"base", b.name}, {"base_id", b.id}, {"reason", b.status_reason}}));
        }
    }
    if (create || writes(ch, "leaders") || writes(ch, "class_id")) {
        // Leaders see the trip (its audience) and rate its bases: only
        // teachers of its class or school, never a student or a stranger.
        const auto owner = cur ? repo::text(*cur, "owner_id") : p.user_id;
        const auto owner_user = repo::load(c, "users", owner);
        const auto school = owner_user ? repo::text(*owner_user, "school_id") : std::string();
        const auto cls = effective(cur, ch, "class_id");
        for (const auto& leader : effective_list(cur, ch, "leaders"))
            if (!may_lead(c, leader, cls, school))
                throw ApiError(403, api::code::forbidden,
                               problem(Code::leader_not_teacher, "leaders",
                                       "{value} is not a teacher of the trip's class or school, so cannot lead trip {trip}",
                                       {{"value", leader}, {"trip", ch.record}}));
    }
}

}  // namespace

void check_write(db::Connection& c, const Principal& p, const std::optional<sync::Record>& cur,
                 const sync::Change& ch) {
    const auto& col = ch.collection;
    const bool create = !cur.has_value();
    if (!create && !can_see(p, repo::audience(c, col, ch.record))) not_found(col, ch.record);
    const auto owner = cur ? repo::text(*cur, "owner_id") : p.user_id;
    const bool own = owner == p.user_id;
    const std::string who = "user " + p.username;
    if (check_family_write(c, p, cur, ch)) return;      // authz_family.cpp
    if (check_attendance_write(c, p, cur, ch)) return;  // authz_attendance.cpp

    if (col == "users") {
        if (create || ch.record != p.user_id) refuse("change another user", "users are created by registering, and edit only themselves");
        only_fields(ch, {"display_name"}, who);
        return;
    }
    if (col == "classes") {
        if (create) refuse("create a class by sync", "classes are created with POST /api/v1/classes");
        if (repo::text(*cur, "teacher_id") != p.user_id || !p.teaching.count(ch.record))
            refuse("change class " + ch.record, who + " is not the teacher of class " + ch.record);
        // Deleting a class ends its memberships (sync_service.cpp); it is not restored.
        if (cur->deleted) not_found(col, ch.record);
        only_fields(ch, {"name", "grade", "_deleted"}, who);
        return;
    }
    if (col == "conflicts") {
        if (create || !own) refuse("change conflict " + ch.record, "conflicts are made by the server and resolved by their owner");
        only_fields(ch, {"resolved"}, who);
        return;
    }
    if (col == "submissions") {
        // The workflow: the student writes (draft, submitted) until the work
        // is graded; the teacher reviews submitted work (reviewed, score,
        // feedback). Nobody else writes it.
        const std::string record = "submissions/" + ch.record;
        const auto status_only = [&](std::initializer_list<std::string_view> allowed, const std::string& whose) {
            if (!writes(ch, "status")) return;
            const auto next = fields::text(ch.fields, "status");
            if (std::find(allowed.begin(), allowed.end(), next) == allowed.end())
                refuse("set " + record + " to " + next, whose + " may not set " + record + " to \"" + next + "\"", "status");
        };
        if (create) {
            require_role(p, {Role::student}, ch);
            only_fields(ch, {"activity_id", "body", "status", "steps_done", "submitted_at"}, who);
            status_only({"draft", "submitted"}, who);
            const auto act = referenced(c, p, "activities", effective(cur, ch, "activity_id"));
            if (!p.classes.count(repo::text(act, "class_id")))
                refuse("submit to activity " + act.id, "activity " + act.id + " is not assigned to a class of " + p.username);
            return;
        }
        if (own) {
            only_fields(ch, {"body", "status", "steps_done", "submitted_at", "_deleted"}, who);
            if (graded(*cur))
                throw ApiError(403, api::code::forbidden,
                               problem(Code::already_reviewed, "", "{record} has been reviewed; it can no longer be changed",
                                       {{"record", record}}));
            status_only({"draft", "submitted"}, who);
            return;
        }
        const auto act = repo::load(c, "activities", repo::text(*cur, "activity_id"));
        if (act && p.teaching.count(repo::text(*act, "class_id"))) {
            only_fields(ch, {"score", "feedback", "status", "rubric_scores"}, who);
            const auto now = repo::text(*cur, "status");
            if (now != "submitted" && now != "reviewed")
                throw ApiError(403, api::code::forbidden,
                               problem(Code::not_submitted, "", "{record} has not been submitted; only submitted work is reviewed",
                                       {{"record", record}, {"status", now}}));
            status_only({"reviewed"}, who);
            return;
        }
        refuse("change submission " + ch.record, who + " may not change submission " + ch.record);
    }
    if (col == "bases") {
        if (create) refuse("create a base by sync", "bases are added by import (POST /api/v1/bases/import) or by the demo data");
        const bool staff = p.role == Role::base_staff && p.base_id == ch.record;
        if (p.role == Role::admin) {
            only_fields(ch, {"status", "status_reason", "capacity", "grade_min", "grade_max", "open_min", "close_min",
                             "closed_weekdays", "closed_dates", "courses", "safety", "photos"}, who);
        } else if (staff) {
            // Staff run their base day to day; suspending and delisting is the
            // admins' call, and a base an admin stopped stays stopped.
            only_fields(ch, {"status", "status_reason", "capacity", "grade_min", "grade_max", "open_min", "close_min",
                             "closed_weekdays", "closed_dates", "courses", "safety", "photos"}, who);
            const auto now = repo::text(*cur, "status");
            if (now == "suspended" || now == "delisted")
                refuse("reopen base " + ch.record,
                       "base " + ch.record + " is " + now + " by an administrator; only an administrator can reopen it");
            const auto next = effective(cur, ch, "status");
            if (next == "suspended" || next == "delisted")
                refuse("set base " + ch.record + " to " + next,
                       who + " may not set base " + ch.record + " to " + next + "; ask an administrator", "status");
        } else {
            refuse("change base " + ch.record, who + " may not change base " + ch.record);
        }
        // The base as it would be after the change must still be valid.
        // Whether the base is still valid after the change (and a suspension
        // has its reason) is the shared record rules' call (sync_service.cpp).
        return;
    }
    if (col == "base_contacts") {
        const bool staff = p.role == Role::base_staff && p.base_id == ch.record;
        if (p.role != Role::admin && !staff)
            refuse("change the contact of base " + ch.record, who + " may not change the contact of base " + ch.record);
        only_fields(ch, {"contact"}, who);
        referenced(c, p, "bases", ch.record);
        return;
    }
    if (col == "base_ratings") {
        if (create) {
            require_teacher(p, ch);
        } else if (!own) {
            refuse("change rating " + ch.record, who + " may not change rating " + ch.record + ", which belongs to someone else");
        }
        only_fields(ch, {"trip_id", "base_id", "overall", "safety", "course", "organisation", "value", "comment",
                         "rated_at", "_deleted"}, who);
        if (ch.deleted.value_or(false)) return;
        const auto trip = referenced(c, p, "trips", effective(cur, ch, "trip_id"));
        const auto leaders = fields::strings(trip.fields, "leaders");
        const bool leads = repo::text(trip, "owner_id") == p.user_id ||
                           std::find(leaders.begin(), leaders.end(), p.user_id) != leaders.end();
        if (!leads) refuse("rate the bases of trip " + trip.id, who + " did not lead trip " + trip.id + ", so cannot rate its bases");
        const std::string record = "base_ratings/" + ch.record;
        // A real trip: of a class the rater may lead (as they may today), with
        // students who took part; an invented one rates nothing.
        const auto trip_class = repo::text(trip, "class_id");
        const bool real = !trip_class.empty() && may_lead(c, p.user_id, trip_class, "") &&
                          !c.query("SELECT 1 FROM trip_participants WHERE trip_id = ?1 AND deleted = 0 LIMIT 1",
                                   json::array({trip.id}))
                               .empty();
        if (!real)
            throw ApiError(403, api::code::forbidden,
                           problem(Code::rating_needs_trip, "trip_id",
                                   "{record}: trip {trip} is not a trip of a class of {user} with students taking part",
                                   {{"record", record}, {"trip", trip.id}, {"user", p.username}}));
        const auto base = effective(cur, ch, "base_id");
        if (const auto stops = trip_base_ids(c, trip); !stops.count(base)) {
            std::string allowed;
            for (const auto& s : stops) allowed += (allowed.empty() ? "" : ", ") + s;
            bad(problem(Code::unknown_value, "base_id", "{record}: base {value} is not a stop of trip {trip}",
                        {{"record", record}, {"value", base}, {"allowed", allowed}, {"trip", trip.id}}));
        }
        // "After a trip": not before its day (server time, Asia/Shanghai).
        if (repo::text(trip, "date") > today_shanghai())
            bad(problem(Code::trip_not_over, "", "{record}: trip {trip} on {date} has not happened yet; rate its bases after the trip",
                        {{"record", record}, {"trip", trip.id}, {"date", repo::text(trip, "date")}}));
        // The stars themselves: the shared record rules (validate_rating).
        // One rating per teacher, trip and base: a second would count twice
        // in the base's mean. Changing one's mind edits the first.
        if (create && !c.query("SELECT 1 FROM base_ratings WHERE owner_id = ?1 AND trip_id = ?2 AND base_id = ?3 "
                               "AND deleted = 0",
                               json::array({p.user_id, trip.id, base}))
                            .empty())
            bad(problem(Code::already_rated, "", "{record}: {user} already rated base {base} for trip {trip}; edit that rating instead",
                        {{"record", record}, {"user", p.username}, {"base", base}, {"trip", trip.id}}));
        return;
    }
    if (col == "trip_participants") {
        require_teacher(p, ch);
        const auto trip = referenced(c, p, "trips", effective(cur, ch, "trip_id"));
        if (repo::text(trip, "owner_id") != p.user_id)
            refuse("add participants to trip " + trip.id, who + " does not lead trip " + trip.id);
        const auto user = effective(cur, ch, "user_id");
        if (!classes_as(c, user, "student").count(repo::text(trip, "class_id")))
            not_found("users", user);  // only students of the trip's class can take part
        return;
    }

    // Owned collections: notes and their versions, flashcards and reviews,
    // tools, activities, terms and timetable entries, trips, check-ins.
    if (!create && !own)
        refuse("change " + col + "/" + ch.record, who + " may not change " + col + "/" + ch.record + ", which belongs to someone else");
    if (create) {
        if (col == "notes" || col == "note_versions" || col == "cards" || col == "review_logs")
            require_role(p, {Role::student, Role::teacher, Role::parent}, ch);
        else if (col == "tools" || col == "activities" || col == "trips") require_teacher(p, ch);
        else if (col == "timetable_entries" || col == "terms") require_role(p, {Role::student, Role::teacher}, ch);
        else if (col == "checkins") require_role(p, {Role::student}, ch);
        else refuse("create " + col, col + " cannot be created by clients");
    }
    // Versions and review logs are history: written once, then only deleted.
    if ((col == "note_versions" || col == "review_logs") && !create) only_fields(ch, {"_deleted"}, who);
    // References to the writer's own notes and cards.
    for (const auto& [field, target] : {std::pair{"note_id", "notes"}, std::pair{"card_id", "cards"}}) {
        if (!writes(ch, field)) continue;
        const auto id = effective(cur, ch, field);
        if (id.empty()) continue;
        if (repo::text(referenced(c, p, target, id), "owner_id") != p.user_id) not_found(target, id);
    }
    if (col == "timetable_entries" && writes(ch, "term_id")) {
        const auto term = effective(cur, ch, "term_id");
        if (!term.empty()) referenced(c, p, "terms", term);
    }
    if (col == "notes" && writes(ch, "shared_class_id")) {
        const auto cls = effective(cur, ch, "shared_class_id");
        if (!cls.empty() && !p.classes.count(cls)) not_found("classes", cls);
    }
    for (const char* f : {"class_id"}) {
        if (!writes(ch, f) || col == "notes") continue;
        const auto cls = effective(cur, ch, f);
        if (!cls.empty() && !p.teaching.count(cls)) {
            if (p.classes.count(cls)) refuse("use class " + cls, who + " does not teach class " + cls, f);
            not_found("classes", cls);
        }
    }
    if (col == "trips" && !ch.deleted.value_or(false)) check_trip(c, p, cur, ch);
    if (col == "checkins") {
        const auto trip = effective(cur, ch, "trip_id");
        if (trip.empty())
            bad(problem(Code::required, "trip_id", "{record}: {field} is required", {{"record", "checkins/" + ch.record}}));
        const auto rows = c.query(
            "SELECT 1 FROM trip_participants WHERE trip_id = ?1 AND user_id = ?2 AND deleted = 0",
            json::array({trip, p.user_id}));
        if (rows.empty()) not_found("trips", trip);
        if (writes(ch, "base_id")) referenced(c, p, "bases", effective(cur, ch, "base_id"));
    }
}

}  // namespace zx::server
