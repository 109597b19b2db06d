#include "zx/wire/record_rules.hpp"

#include "zx/core/error.hpp"
#include "zx/space/records.hpp"
#include "zx/space/timetable.hpp"
#include "zx/sync/fields.hpp"
#include "zx/sync/model.hpp"
#include "zx/tours/base.hpp"
#include "zx/tours/attendance.hpp"
#include "zx/tours/family.hpp"
#include "zx/tours/trips.hpp"

namespace zx {

using nlohmann::json;
namespace fl = fields;

namespace {

std::optional<Problem> date_field(const json& f, const char* key, bool required) {
    return timetable::check_date(key, fl::text(f, key), required);
}

std::optional<Problem> note(const json& f) {
    const auto body = fl::text(f, "body");
    if (body.size() > model::kMaxBodyBytes)
        return problem(Code::note_too_long, "body", "the note is {size_kb} KB; a note holds at most {max_kb} KB",
                       {{"size_kb", std::to_string(body.size() / 1024)}, {"max_kb", std::to_string(model::kMaxBodyBytes / 1024)},
                        {"size", std::to_string(body.size())}, {"max", std::to_string(model::kMaxBodyBytes)}});
    return std::nullopt;
}

std::optional<Problem> activity(const json& f) {
    // A kind the typed record cannot hold is named before it is read.
    if (const auto* k = fl::find(f, "kind"); k && !k->is_null() && !activity_kind_from_code(fl::text(f, "kind")))
        return problem(Code::unknown_value, "kind", "unknown activity kind \"{value}\" ({allowed})",
                       {{"value", fl::text(f, "kind")}, {"allowed", "homework, project, study_tour, club"}});
    return validate(activity_from_fields("", f));
}

std::optional<Problem> submission(const json& f) {
    if (const auto* s = fl::find(f, "status"); s && !s->is_null() && !submission_status_from_code(fl::text(f, "status")))
        return problem(Code::unknown_value, "status", "unknown submission status \"{value}\" ({allowed})",
                       {{"value", fl::text(f, "status")}, {"allowed", "draft, submitted, reviewed"}});
    if (fl::real(f, "score") < 0)
        return problem(Code::out_of_range, "score", "a score must not be negative",
                       {{"value", std::to_string(fl::real(f, "score"))}, {"min", "0"}, {"max", ""}});
    return std::nullopt;
}

std::optional<Problem> timetable_entry(const json& f) {
    const auto t = timetable_item_from_fields("", f);
    if (const auto* w = fl::find(f, "weeks"); w && !w->is_null() && !timetable::weeks_from_code(fl::text(f, "weeks")))
        return problem(Code::unknown_value, "weeks", "unknown week rule \"{value}\" ({allowed})",
                       {{"value", fl::text(f, "weeks")}, {"allowed", "all, odd, even"}});
    if (auto p = date_field(f, "date", t.entry.weekday == 0)) return p;
    // The term itself is another record; what an entry needs of it is only
    // that it names one when it counts odd and even weeks.
    std::optional<timetable::Term> term;
    if (!t.term_id.empty()) term = timetable::Term{t.term_id, "", {2000, 1, 1}, {2100, 1, 1}, {}};
    return validate(t, term ? &*term : nullptr);
}

std::optional<Problem> term(const json& f) { return validate(term_item_from_fields("", f)); }

std::optional<Problem> link(const json& f) { return validate(link_from_fields("", f)); }

std::optional<Problem> base(const json& f) {
    try {
        (void)base_from_fields(fl::text(f, "id").empty() ? "base" : fl::text(f, "id"), f);
    } catch (const ValidationError& e) {
        return e.problem();
    } catch (const json::exception& e) {
        return problem(Code::wrong_type, "base", "a field of the base has the wrong type: {detail}", {{"detail", e.what()}});
    }
    const auto status = fl::text(f, "status");
    if ((status == "suspended" || status == "delisted") && fl::text(f, "status_reason").empty())
        return problem(Code::reason_required, "status_reason", "suspending or delisting a base needs a reason (status_reason)",
                       {{"status", status}});
    return std::nullopt;
}

std::optional<Problem> trip(const json& f) {
    if (fl::text(f, "title").empty()) return problem(Code::required, "title", "the trip needs a title");
    if (auto p = date_field(f, "date", true)) return p;
    const auto start = fl::integer(f, "start_min"), end = fl::integer(f, "end_min");
    if ((fl::find(f, "start_min") || fl::find(f, "end_min")) && end <= start)
        return problem(Code::ends_before_start, "trip", "the trip ends at {end}, not after it starts at {start}",
                       {{"start", timetable::format_hhmm(static_cast<int>(start))}, {"end", timetable::format_hhmm(static_cast<int>(end))}});
    return std::nullopt;
}

std::optional<Problem> review_log(const json& f) {
    const auto g = fl::integer(f, "grade");
    if (g < 1 || g > 4)
        return problem(Code::out_of_range, "grade", "a review grade must be {min} to {max}", {{"value", std::to_string(g)}, {"min", "1"}, {"max", "4"}});
    return std::nullopt;
}

// The parents' side (zx/tours/family.hpp): codes a typed record cannot hold
// are named before it is read.
std::optional<Problem> consent_form(const json& f) { return validate(consent_form_from_fields("", f)); }

std::optional<Problem> consent(const json& f) {
    if (!consent_answer_from_code(fl::text(f, "answer")))
        return problem(Code::unknown_value, "answer", "unknown answer \"{value}\" ({allowed})",
                       {{"value", fl::text(f, "answer")}, {"allowed", "consented, declined, withdrawn"}});
    return validate(consent_from_fields("", f));
}

std::optional<Problem> home_resource(const json& f) {
    if (!resource_topic_from_code(fl::text(f, "topic")))
        return problem(Code::unknown_value, "topic", "unknown topic \"{value}\" ({allowed})",
                       {{"value", fl::text(f, "topic")}, {"allowed", "study, health, safety, tour, family"}});
    return validate(home_resource_from_fields("", f));
}

}  // namespace

std::optional<Problem> validate_record(std::string_view collection, const json& f) {
    if (collection == "notes") return note(f);
    if (collection == "activities") return activity(f);
    if (collection == "submissions") return submission(f);
    if (collection == "timetable_entries") return timetable_entry(f);
    if (collection == "terms") return term(f);
    if (collection == "tools") return link(f);
    if (collection == "bases") return base(f);
    if (collection == "base_ratings") return validate_rating(f);
    if (collection == "trips") return trip(f);
    if (collection == "review_logs") return review_log(f);
    if (collection == "consent_forms") return consent_form(f);
    if (collection == "consents") return consent(f);
    if (collection == "home_resources") return home_resource(f);
    // The id is part of the rule (attendance_id), given as "id" like a base's.
    if (collection == "attendance") return validate_attendance(fields::text(f, "id"), f);
    return std::nullopt;
}

std::optional<Problem> check_change(const sync::Change& c, const json& current) {
    // The domain rules first: they say it in the record's terms (a note of
    // 10 MB is "too long for a note", not "a field over 262144 bytes").
    if (!c.deleted.value_or(false) && c.fields.is_object()) {
        json after = current.is_object() ? current : json::object();
        for (const auto& [k, v] : c.fields.items()) after[k] = v;
        if (c.collection == "bases" || c.collection == "attendance") after["id"] = c.record;
        if (auto p = validate_record(c.collection, after)) return located(*p, c.collection + "/" + c.record);
    }
    return sync::validate_change(c);
}

}  // namespace zx
