#pragma once
// The parents' side of study tours and school (issue 11): a trip's consent
// form (a permission slip), the guardians' answers to it, and the digital
// parent school's resources (数字家长学校). Typed like zx/tours/records.hpp:
// `x_from_fields` never throws, `to_fields` is what a client writes.
//
//   consent_forms/<trip>-consent   one per trip, written by its teachers
//   consents/<trip>-c-<16 hex>     one per trip, child and guardian
//   home_resources/<id>            articles and links by grade and topic
//
// Contracts both edges keep (record rules here, who-may in server/authz.cpp):
// - a form's text_hash is consent_text_hash() of its own text, so an answer
//   that carries it names the exact text the guardian read;
// - an answer counts only while its text_hash is the form's current one:
//   changing the text asks every guardian again (consent_state());
// - answers are taken until the trip starts (trip_started()).
#include "zx/core/problem.hpp"
#include "zx/tours/records.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx {

// --- Consent forms ------------------------------------------------------------------
struct ConsentForm {
    std::string id;
    std::string owner_id;
    std::string trip_id;
    // What a guardian agrees to, in the order it is shown.
    std::string itinerary, costs, insurance, risks, bring, medical;
    std::string text_hash;    // consent_text_hash() of the above
    int64_t reminded_at = 0;  // the teachers' last reminder, ms (0: none)
};
ConsentForm consent_form_from_fields(const std::string& id, const nlohmann::json& f);
nlohmann::json to_fields(const ConsentForm& f);
std::string consent_form_id(std::string_view trip_id);
// SHA-256 (hex) of the trip id and every section, each length-prefixed, so
// that no two different texts share a digest by moving text between sections.
std::string consent_text_hash(const ConsentForm& f);
// A trip, at least one section, each within its size, and the right hash.
std::optional<Problem> validate(const ConsentForm& f);

// --- Answers ---------------------------------------------------------------------
enum class ConsentAnswer { consented, declined, withdrawn };
std::string_view to_code(ConsentAnswer a);  // "consented" | "declined" | "withdrawn"
std::optional<ConsentAnswer> consent_answer_from_code(std::string_view s);

struct Consent {
    std::string id;
    std::string owner_id;  // the guardian who answered (set by the server)
    std::string trip_id;
    std::string student_id;
    ConsentAnswer answer = ConsentAnswer::consented;
    std::string text_hash;     // of the form text answered
    std::string signer_name;   // as the guardian typed it
    std::string relation;      // 父亲, 母亲, 监护人 ...
    std::string medical_note;  // what the guardian declares (allergies, medicine)
    std::string device;        // which device answered
    int64_t answered_at = 0;   // ms
};
Consent consent_from_fields(const std::string& id, const nlohmann::json& f);
nlohmann::json to_fields(const Consent& c);
// The one answer of a guardian for a child on a trip: a second answer edits it.
std::string consent_id(std::string_view trip_id, std::string_view student_id, std::string_view guardian_id);
// Trip and child, a known answer, a name and relation, a hash, a time.
std::optional<Problem> validate(const Consent& c);

// Where a child stands on a trip's form.
enum class ConsentState { not_asked, unanswered, consented, declined, withdrawn };
std::string_view to_code(ConsentState s);
// `form` null: not asked. Otherwise the latest answer (by answered_at) of any
// guardian among `answers` for `student_id` that carries the form's current
// hash; none: unanswered (answers to an older text no longer count).
ConsentState consent_state(const ConsentForm* form, const std::vector<Consent>& answers, std::string_view student_id);

// Whether the trip has begun at `now_ms` (China's day and time): after its
// day, or on its day from its start time. Answers close then.
bool trip_started(const Trip& t, int64_t now_ms);

// --- Digital parent school ----------------------------------------------------------
enum class ResourceTopic { study, health, safety, tour, family };
std::string_view to_code(ResourceTopic t);
std::optional<ResourceTopic> resource_topic_from_code(std::string_view s);
inline constexpr ResourceTopic kResourceTopics[] = {ResourceTopic::study, ResourceTopic::health, ResourceTopic::safety,
                                                    ResourceTopic::tour, ResourceTopic::family};

struct HomeResource {
    std::string id;
    std::string owner_id;
    std::string title;
    std::string url;   // "" for an article without a link
    std::string body;  // the article (plain text or Markdown)
    int grade = 0;     // 1..12, 0 for every grade
    ResourceTopic topic = ResourceTopic::study;
};
HomeResource home_resource_from_fields(const std::string& id, const nlohmann::json& f);
nlohmann::json to_fields(const HomeResource& r);
// A title, a body or an http(s) link, a grade 0..12, a known topic.
std::optional<Problem> validate(const HomeResource& r);

}  // namespace zx
