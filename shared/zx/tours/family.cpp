#include "zx/tours/family.hpp"

#include "zx/core/china_time.hpp"
#include "zx/core/hash.hpp"
#include "zx/core/sha256.hpp"
#include "zx/space/records.hpp"
#include "zx/space/timetable.hpp"
#include "zx/sync/fields.hpp"

#include <algorithm>

namespace zx {

using nlohmann::json;
namespace fl = fields;

namespace {
// Each section of a form holds at most this many bytes (the model's limit).
constexpr size_t kMaxSectionBytes = 4000;

bool hex64_digest(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}
}  // namespace

// --- Consent forms ------------------------------------------------------------------

ConsentForm consent_form_from_fields(const std::string& id, const json& f) {
    ConsentForm c;
    c.id = id;
    c.owner_id = fl::text(f, "owner_id");
    c.trip_id = fl::text(f, "trip_id");
    c.itinerary = fl::text(f, "itinerary");
    c.costs = fl::text(f, "costs");
    c.insurance = fl::text(f, "insurance");
    c.risks = fl::text(f, "risks");
    c.bring = fl::text(f, "bring");
    c.medical = fl::text(f, "medical");
    c.text_hash = fl::text(f, "text_hash");
    c.reminded_at = fl::integer(f, "reminded_at");
    return c;
}

json to_fields(const ConsentForm& f) {
    return {{"trip_id", f.trip_id}, {"itinerary", f.itinerary}, {"costs", f.costs},   {"insurance", f.insurance},
            {"risks", f.risks},     {"bring", f.bring},         {"medical", f.medical}, {"text_hash", consent_text_hash(f)},
            {"reminded_at", f.reminded_at}};
}

std::string consent_form_id(std::string_view trip_id) { return std::string(trip_id) + "-consent"; }

std::string consent_text_hash(const ConsentForm& f) {
    std::string canon = "zhixing-consent-1\n";
    for (const std::string* s : {&f.trip_id, &f.itinerary, &f.costs, &f.insurance, &f.risks, &f.bring, &f.medical}) {
        canon += std::to_string(s->size());
        canon += ':';
        canon += *s;
        canon += '\n';
    }
    return sha256_hex(canon);
}

std::optional<Problem> validate(const ConsentForm& f) {
    if (f.trip_id.empty()) return problem(Code::required, "trip_id", "a consent form belongs to a trip");
    const std::pair<const char*, const std::string*> sections[] = {
        {"itinerary", &f.itinerary}, {"costs", &f.costs}, {"insurance", &f.insurance},
        {"risks", &f.risks},         {"bring", &f.bring}, {"medical", &f.medical}};
    bool any = false;
    for (const auto& [name, text] : sections) {
        if (text->size() > kMaxSectionBytes)
            return problem(Code::too_long, name, "{field} is too long: at most {max} bytes", {{"max", std::to_string(kMaxSectionBytes)}});
        any = any || !text->empty();
    }
    if (!any) return problem(Code::required, "itinerary", "a consent form says what guardians agree to");
    if (f.text_hash != consent_text_hash(f))
        return problem(Code::consent_hash_mismatch, "text_hash", "the form's text_hash is not the digest of its text");
    return std::nullopt;
}

// --- Answers ---------------------------------------------------------------------

std::string_view to_code(ConsentAnswer a) {
    switch (a) {
        case ConsentAnswer::consented: return "consented";
        case ConsentAnswer::declined: return "declined";
        case ConsentAnswer::withdrawn: return "withdrawn";
    }
    return "consented";
}

std::optional<ConsentAnswer> consent_answer_from_code(std::string_view s) {
    for (auto a : {ConsentAnswer::consented, ConsentAnswer::declined, ConsentAnswer::withdrawn})
        if (to_code(a) == s) return a;
    return std::nullopt;
}

Consent consent_from_fields(const std::string& id, const json& f) {
    Consent c;
    c.id = id;
    c.owner_id = fl::text(f, "owner_id");
    c.trip_id = fl::text(f, "trip_id");
    c.student_id = fl::text(f, "student_id");
    c.answer = consent_answer_from_code(fl::text(f, "answer")).value_or(ConsentAnswer::withdrawn);
    c.text_hash = fl::text(f, "text_hash");
    c.signer_name = fl::text(f, "signer_name");
    c.relation = fl::text(f, "relation");
    c.medical_note = fl::text(f, "medical_note");
    c.device = fl::text(f, "device");
    c.answered_at = fl::integer(f, "answered_at");
    return c;
}

json to_fields(const Consent& c) {
    return {{"trip_id", c.trip_id},         {"student_id", c.student_id},     {"answer", to_code(c.answer)},
            {"text_hash", c.text_hash},     {"signer_name", c.signer_name},   {"relation", c.relation},
            {"medical_note", c.medical_note}, {"device", c.device},           {"answered_at", c.answered_at}};
}

std::string consent_id(std::string_view trip_id, std::string_view student_id, std::string_view guardian_id) {
    std::string key(student_id);
    key += '\n';
    key += guardian_id;
    return std::string(trip_id) + "-c-" + hex64(fnv1a64(key));
}

std::optional<Problem> validate(const Consent& c) {
    if (c.trip_id.empty()) return problem(Code::required, "trip_id", "an answer belongs to a trip");
    if (c.student_id.empty()) return problem(Code::required, "student_id", "an answer is for a child");
    if (!hex64_digest(c.text_hash))
        return problem(Code::consent_hash_mismatch, "text_hash", "an answer names the digest of the text it answers");
    if (c.answer != ConsentAnswer::withdrawn) {
        if (c.signer_name.empty()) return problem(Code::required, "signer_name", "the guardian signs with their name");
        if (c.relation.empty()) return problem(Code::required, "relation", "the guardian says how they are related to the child");
    }
    if (c.answered_at <= 0) return problem(Code::required, "answered_at", "an answer has a time");
    return std::nullopt;
}

std::string_view to_code(ConsentState s) {
    switch (s) {
        case ConsentState::not_asked: return "not_asked";
        case ConsentState::unanswered: return "unanswered";
        case ConsentState::consented: return "consented";
        case ConsentState::declined: return "declined";
        case ConsentState::withdrawn: return "withdrawn";
    }
    return "not_asked";
}

ConsentState consent_state(const ConsentForm* form, const std::vector<Consent>& answers, std::string_view student_id) {
    if (!form) return ConsentState::not_asked;
    const Consent* latest = nullptr;
    for (const auto& a : answers)
        if (a.trip_id == form->trip_id && a.student_id == student_id && a.text_hash == form->text_hash &&
            (!latest || a.answered_at > latest->answered_at))
            latest = &a;
    if (!latest) return ConsentState::unanswered;
    switch (latest->answer) {
        case ConsentAnswer::consented: return ConsentState::consented;
        case ConsentAnswer::declined: return ConsentState::declined;
        case ConsentAnswer::withdrawn: return ConsentState::withdrawn;
    }
    return ConsentState::unanswered;
}

bool trip_started(const Trip& t, int64_t now_ms) {
    const auto day = timetable::parse_date(t.date);
    if (!day) return false;  // no date yet: nothing has started
    const int64_t today = china::day_of(now_ms);
    const int64_t trip_day = timetable::to_days(*day);
    return today > trip_day || (today == trip_day && china::minute_of_day(now_ms) >= t.start_min);
}

// --- Digital parent school ----------------------------------------------------------

std::string_view to_code(ResourceTopic t) {
    switch (t) {
        case ResourceTopic::study: return "study";
        case ResourceTopic::health: return "health";
        case ResourceTopic::safety: return "safety";
        case ResourceTopic::tour: return "tour";
        case ResourceTopic::family: return "family";
    }
    return "study";
}

std::optional<ResourceTopic> resource_topic_from_code(std::string_view s) {
    for (auto t : kResourceTopics)
        if (to_code(t) == s) return t;
    return std::nullopt;
}

HomeResource home_resource_from_fields(const std::string& id, const json& f) {
    HomeResource r;
    r.id = id;
    r.owner_id = fl::text(f, "owner_id");
    r.title = fl::text(f, "title");
    r.url = fl::text(f, "url");
    r.body = fl::text(f, "body");
    r.grade = static_cast<int>(fl::integer(f, "grade"));
    r.topic = resource_topic_from_code(fl::text(f, "topic")).value_or(ResourceTopic::study);
    return r;
}

json to_fields(const HomeResource& r) {
    return {{"title", r.title}, {"url", r.url}, {"body", r.body}, {"grade", r.grade}, {"topic", to_code(r.topic)}};
}

std::optional<Problem> validate(const HomeResource& r) {
    if (r.title.empty()) return problem(Code::required, "title", "a resource needs a title");
    if (r.url.empty() && r.body.empty()) return problem(Code::required, "body", "a resource is an article or a link");
    if (!r.url.empty()) {
        ResourceLink as_link;
        as_link.name = r.title;
        as_link.url = r.url;
        if (auto p = validate(as_link)) return p;  // the one rule of what a link is
    }
    if (r.grade < 0 || r.grade > 12)
        return problem(Code::out_of_range, "grade", "a grade is {min} to {max}", {{"value", std::to_string(r.grade)}, {"min", "0"}, {"max", "12"}});
    return std::nullopt;
}

}  // namespace zx
