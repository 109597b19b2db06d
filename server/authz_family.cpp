// Who may read and write the parents' records (zx/tours/family.hpp), deny by
// default like the rest of authz.cpp:
//   consent_forms   the trip's class, its parents and its teachers read it;
//                   only the trip's teachers (owner, leaders) write it
//   consents        the answering guardian, the child's other guardians and
//                   the trip's teachers read it; only a linked guardian of a
//                   child taking part writes it, to the form's current text,
//                   until the trip starts
//   home_resources  every signed-in user reads; school teachers and admins
//                   write, each their own (admins any)
#include "authz_detail.hpp"

#include "api_error.hpp"
#include "repo.hpp"

#include "zx/sync/fields.hpp"
#include "zx/tours/family.hpp"

#include <algorithm>
#include <chrono>

namespace zx::server {

using nlohmann::json;
using api::Role;
using namespace detail;

namespace {

int64_t wall_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The trip's teachers: its planner and the leaders it lists.
std::set<std::string> trip_teachers(const sync::Record& trip) {
    std::set<std::string> out;
    if (const auto owner = repo::text(trip, "owner_id"); !owner.empty()) out.insert(owner);
    for (const auto& l : fields::strings(trip.fields, "leaders")) out.insert(l);
    return out;
}

// A field that names what a record belongs to is fixed once written.
void fixed(const std::optional<sync::Record>& cur, const sync::Change& ch, const char* field, const std::string& who) {
    if (cur && writes(ch, field) && fields::text(ch.fields, field) != repo::text(*cur, field))
        refuse("move " + ch.collection + "/" + ch.record, who + " may not change \"" + field + "\" of " + ch.collection +
                                                               "/" + ch.record, field);
}

// A derived id that does not match: the record would be a second one of its kind.
[[noreturn]] void wrong_id(const sync::Change& ch, const std::string& expected) {
    bad(problem(Code::unknown_value, "id", "{collection}/{value} must be {collection}/{allowed}",
                {{"collection", ch.collection}, {"value", ch.record}, {"allowed", expected}}));
}

void check_form(db::Connection& c, const Principal& p, const std::optional<sync::Record>& cur, const sync::Change& ch,
                const std::string& who) {
    require_school_teacher(p, "write consent forms");
    fixed(cur, ch, "trip_id", who);
    only_fields(ch, {"trip_id", "itinerary", "costs", "insurance", "risks", "bring", "medical", "text_hash", "reminded_at",
                     "_deleted"},
                who);
    const auto trip_id = effective(cur, ch, "trip_id");
    if (ch.record != consent_form_id(trip_id)) wrong_id(ch, consent_form_id(trip_id));
    const auto trip = referenced(c, p, "trips", trip_id);
    if (!trip_teachers(trip).count(p.user_id))
        refuse("write the consent form of trip " + trip.id, who + " does not lead trip " + trip.id);
}

void check_answer(db::Connection& c, const Principal& p, const std::optional<sync::Record>& cur, const sync::Change& ch,
                  const std::string& who) {
    require_role(p, {Role::parent}, ch);
    if (cur && repo::text(*cur, "owner_id") != p.user_id)
        refuse("change answer " + ch.record, who + " may not change another guardian's answer " + ch.record);
    fixed(cur, ch, "trip_id", who);
    fixed(cur, ch, "student_id", who);
    // A record of what was agreed stays: it is withdrawn, never deleted.
    only_fields(ch, {"trip_id", "student_id", "answer", "text_hash", "signer_name", "relation", "medical_note", "device",
                     "answered_at"},
                who);
    const auto student = effective(cur, ch, "student_id");
    // Somebody else's child reads exactly as a child that does not exist.
    if (!p.children.count(student)) not_found("users", student);
    const auto trip_id = effective(cur, ch, "trip_id");
    if (ch.record != consent_id(trip_id, student, p.user_id)) wrong_id(ch, consent_id(trip_id, student, p.user_id));
    const auto trip = referenced(c, p, "trips", trip_id);
    if (c.query("SELECT 1 FROM trip_participants WHERE trip_id = ?1 AND user_id = ?2 AND deleted = 0",
                json::array({trip_id, student}))
            .empty())
        not_found("trips", trip_id);
    const auto form = repo::load(c, "consent_forms", consent_form_id(trip_id));
    if (!form || form->deleted) not_found("consent_forms", consent_form_id(trip_id));
    const Trip t = trip_from_fields(trip.id, trip.fields);
    if (trip_started(t, wall_now_ms()))
        throw ApiError(403, api::code::forbidden,
                       problem(Code::consent_closed, "", "trip {trip} on {date} has started; answers are closed",
                               {{"trip", trip.id}, {"date", t.date}}));
    // The answer must be to the text the form holds now: a guardian who read
    // an older text is asked again.
    if (effective(cur, ch, "text_hash") != repo::text(*form, "text_hash"))
        throw ApiError(409, api::code::conflict,
                       problem(Code::consent_stale, "text_hash",
                               "the consent form of trip {trip} changed since it was read; read it again and answer",
                               {{"trip", trip.id}}));
}

void check_resource(const Principal& p, const std::optional<sync::Record>& cur, const sync::Change& ch,
                    const std::string& who) {
    if (p.role != Role::admin) require_school_teacher(p, "curate the parent school");
    if (cur && p.role != Role::admin && repo::text(*cur, "owner_id") != p.user_id)
        refuse("change resource " + ch.record, who + " may not change resource " + ch.record + ", which belongs to someone else");
    only_fields(ch, {"title", "url", "body", "grade", "topic", "_deleted"}, who);
}

}  // namespace

bool family_audience(db::Connection& c, const sync::Record& r, std::set<std::string>& a) {
    const auto& col = r.collection;
    if (col == "home_resources") {
        a.insert("auth");
        return true;
    }
    if (col != "consent_forms" && col != "consents") return false;
    const auto trip = repo::load(c, "trips", repo::text(r, "trip_id"));
    if (trip && !trip->deleted)
        for (const auto& t : trip_teachers(*trip)) a.insert("u:" + t);
    if (col == "consent_forms") {
        if (trip && !trip->deleted)
            if (const auto cls = repo::text(*trip, "class_id"); !cls.empty()) {
                a.insert("c:" + cls);
                a.insert("cp:" + cls);
            }
    } else if (const auto student = repo::text(r, "student_id"); !student.empty()) {
        a.insert("p:" + student);  // the child's guardians, and nobody else's
    }
    return true;
}

bool check_family_write(db::Connection& c, const Principal& p, const std::optional<sync::Record>& cur,
                        const sync::Change& ch) {
    const std::string who = "user " + p.username;
    if (ch.collection == "consent_forms") check_form(c, p, cur, ch, who);
    else if (ch.collection == "consents") check_answer(c, p, cur, ch, who);
    else if (ch.collection == "home_resources") check_resource(p, cur, ch, who);
    else return false;
    return true;
}

void family_records_of_trip(db::Connection& c, const std::string& trip_id,
                            std::vector<std::pair<std::string, std::string>>& out) {
    for (const char* col : {"consent_forms", "consents"})
        for (const auto& row : c.query(std::string("SELECT id FROM ") + col + " WHERE trip_id = ?1", json::array({trip_id})))
            out.emplace_back(col, row[0].get<std::string>());
}

}  // namespace zx::server
