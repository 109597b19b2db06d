#include "zx/sync/model.hpp"

#include <algorithm>
#include <array>

namespace zx::model {

namespace {
using T = FieldType;
constexpr uint32_t kShort = kMaxShortBytes;
constexpr uint32_t kLong = 4000;

constexpr std::array kUsers{
    FieldSpec{"role", T::text, Merge::scalar, false, 16},
    FieldSpec{"display_name", T::text, Merge::scalar, true, kShort},
    FieldSpec{"username", T::text, Merge::scalar, false, 32},
    FieldSpec{"school_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"base_id", T::text, Merge::scalar, false, 64},
    // A student's number in their school (the roster's 学号; schema 10): what
    // is typed at a kiosk and printed on the QR card. Set by roster import.
    FieldSpec{"student_no", T::text, Merge::scalar, false, 32},
};
constexpr std::array kSchools{
    FieldSpec{"name", T::text, Merge::scalar, false, kShort},
};
constexpr std::array kClasses{
    FieldSpec{"school_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"name", T::text, Merge::scalar, true, kShort},
    FieldSpec{"grade", T::integer},
    FieldSpec{"teacher_id", T::text, Merge::scalar, false, 64},
};
constexpr std::array kMemberships{
    FieldSpec{"class_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"user_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"role", T::text, Merge::scalar, false, 16},
};
constexpr std::array kGuardianLinks{
    FieldSpec{"parent_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"student_id", T::text, Merge::scalar, false, 64},
};
constexpr std::array kJoinCodes{
    FieldSpec{"class_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"kind", T::text, Merge::scalar, false, 16},
    FieldSpec{"student_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"code", T::text, Merge::scalar, false, 16},
    FieldSpec{"expires_at", T::integer, Merge::scalar, false},
};
constexpr std::array kNotes{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"title", T::text, Merge::scalar, true, kShort},
    FieldSpec{"body", T::text, Merge::body, true, kMaxBodyBytes},
    FieldSpec{"subject", T::text, Merge::scalar, true, 64},
    FieldSpec{"tags", T::json, Merge::scalar, true, kLong},
    FieldSpec{"pinned", T::boolean},
    FieldSpec{"shared_class_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"created_at", T::integer},
};
constexpr std::array kTools{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"class_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"name", T::text, Merge::scalar, true, kShort},
    FieldSpec{"url", T::text, Merge::scalar, true, 2000},
    FieldSpec{"subject", T::text, Merge::scalar, true, 64},
    FieldSpec{"grade", T::integer},
};
constexpr std::array kActivities{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"class_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"kind", T::text, Merge::scalar, true, 32},
    FieldSpec{"title", T::text, Merge::scalar, true, kShort},
    FieldSpec{"body", T::text, Merge::body, true, kMaxBodyBytes},
    FieldSpec{"steps", T::json, Merge::scalar, true, 64 * 1024},
    FieldSpec{"due_date", T::text, Merge::scalar, true, 32},
    FieldSpec{"published", T::boolean},
    FieldSpec{"attachments", T::json, Merge::scalar, true, 16 * 1024},
    FieldSpec{"rubric", T::json, Merge::scalar, true, 16 * 1024},
};
constexpr std::array kSubmissions{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"activity_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"body", T::text, Merge::body, true, kMaxBodyBytes},
    FieldSpec{"status", T::text, Merge::scalar, true, 32},
    FieldSpec{"score", T::real},
    FieldSpec{"feedback", T::text, Merge::body, true, 64 * 1024},
    FieldSpec{"steps_done", T::json, Merge::scalar, true, 4 * 1024},
    FieldSpec{"rubric_scores", T::json, Merge::scalar, true, 4 * 1024},
    FieldSpec{"submitted_at", T::integer},
};
constexpr std::array kTimetableEntries{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"class_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"title", T::text, Merge::scalar, true, kShort},
    FieldSpec{"weekday", T::integer},
    FieldSpec{"start_min", T::integer},
    FieldSpec{"end_min", T::integer},
    FieldSpec{"weeks", T::text, Merge::scalar, true, 16},
    FieldSpec{"date", T::text, Merge::scalar, true, 32},
    FieldSpec{"location", T::text, Merge::scalar, true, kShort},
    FieldSpec{"term_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"kind", T::text, Merge::scalar, true, 16},
};
constexpr std::array kBases{
    FieldSpec{"name", T::text, Merge::scalar, false, kShort},
    FieldSpec{"category", T::text, Merge::scalar, false, 32},
    FieldSpec{"level", T::text, Merge::scalar, false, 32},
    FieldSpec{"city", T::text, Merge::scalar, false, kShort},
    FieldSpec{"district", T::text, Merge::scalar, false, kShort},
    FieldSpec{"address", T::text, Merge::scalar, false, 400},
    FieldSpec{"lat", T::real, Merge::scalar, false},
    FieldSpec{"lon", T::real, Merge::scalar, false},
    FieldSpec{"demo", T::boolean, Merge::scalar, false},
    // Set by the server from ratings (see server/derived.cpp), never by clients.
    FieldSpec{"rating", T::real, Merge::scalar, false},
    FieldSpec{"rating_count", T::integer, Merge::scalar, false},
    FieldSpec{"rating_detail", T::json, Merge::scalar, false, 1024},
    FieldSpec{"capacity", T::integer},
    FieldSpec{"grade_min", T::integer},
    FieldSpec{"grade_max", T::integer},
    FieldSpec{"open_min", T::integer},
    FieldSpec{"close_min", T::integer},
    FieldSpec{"closed_weekdays", T::json, Merge::scalar, true, 256},
    FieldSpec{"closed_dates", T::json, Merge::scalar, true, 16 * 1024},
    FieldSpec{"courses", T::json, Merge::scalar, true, 64 * 1024},
    FieldSpec{"safety", T::text, Merge::scalar, true, kLong},
    FieldSpec{"contact", T::text, Merge::scalar, false, kShort},  // masked copy of base_contacts
    FieldSpec{"photos", T::json, Merge::scalar, true, 64 * 1024},
    FieldSpec{"status", T::text, Merge::scalar, true, 16},
    FieldSpec{"status_reason", T::text, Merge::scalar, true, 1000},
};
// The unmasked contact of a base (id = the base's id): its staff and admins only.
constexpr std::array kBaseContacts{
    FieldSpec{"contact", T::text, Merge::scalar, true, kShort},
};
// A teacher's rating of a base after a trip they led (1..5 stars each).
constexpr std::array kBaseRatings{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    // Written by the rating teacher's client; server/authz.cpp checks that
    // they led the trip and that the base was one of its stops.
    FieldSpec{"trip_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"base_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"overall", T::integer},
    FieldSpec{"safety", T::integer},
    FieldSpec{"course", T::integer},
    FieldSpec{"organisation", T::integer},
    FieldSpec{"value", T::integer},
    FieldSpec{"comment", T::text, Merge::scalar, true, kLong},
    FieldSpec{"rated_at", T::integer},
};
constexpr std::array kRoutes{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"name", T::text, Merge::scalar, false, kShort},
    FieldSpec{"description", T::text, Merge::scalar, false, kLong},
    FieldSpec{"stops", T::json, Merge::scalar, false, 64 * 1024},
};
constexpr std::array kTrips{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"class_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"route_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"title", T::text, Merge::scalar, true, kShort},
    FieldSpec{"date", T::text, Merge::scalar, true, 32},
    FieldSpec{"status", T::text, Merge::scalar, true, 32},
    FieldSpec{"bases", T::json, Merge::scalar, true, 16 * 1024},   // stops when not from a route
    FieldSpec{"groups", T::json, Merge::scalar, true, 64 * 1024},  // [{name, leader_id}]
    FieldSpec{"leaders", T::json, Merge::scalar, true, 4 * 1024},  // teacher user ids in charge
    FieldSpec{"start_min", T::integer},
    FieldSpec{"end_min", T::integer},
    FieldSpec{"meeting_point", T::text, Merge::scalar, true, kShort},  // where students gather (schema 8)
};
constexpr std::array kTripParticipants{
    FieldSpec{"trip_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"user_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"group_name", T::text, Merge::scalar, true, 64},
};
constexpr std::array kCheckins{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"trip_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"base_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"at", T::integer},
    FieldSpec{"note", T::text, Merge::body, true, 64 * 1024},
};
// The study-tour day (zx/tours/attendance.hpp): one record per student, trip,
// stop and kind of event, with an id derived from those four, so the same
// scan made twice, or at a kiosk and on a teacher's phone, is one record.
constexpr std::array kAttendance{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},   // who wrote it: a teacher or a kiosk's device id
    FieldSpec{"trip_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"student_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"stop", T::integer},                              // index into the trip's stops; -1 = the school
    FieldSpec{"base_id", T::text, Merge::scalar, true, 64},     // that stop's base ("" at school)
    FieldSpec{"kind", T::text, Merge::scalar, true, 16},        // in, out, absent, found, left, back
    FieldSpec{"at", T::integer},                                // ms since the epoch, the device's clock
    FieldSpec{"method", T::text, Merge::scalar, true, 16},      // qr, code, roster, group, teacher
    FieldSpec{"reason", T::text, Merge::scalar, true, 400},     // absent: why
    FieldSpec{"by_name", T::text, Merge::scalar, false, kShort}, // the writer's name as people read it
};
constexpr std::array kConflicts{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"target_collection", T::text, Merge::scalar, false, 64},
    FieldSpec{"target_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"field", T::text, Merge::scalar, false, 64},
    FieldSpec{"value", T::text, Merge::scalar, false, kMaxBodyBytes},
    FieldSpec{"hlc", T::text, Merge::scalar, false, 64},
    FieldSpec{"resolved", T::boolean},
};

constexpr std::array kNoteVersions{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"note_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"title", T::text, Merge::scalar, true, kShort},
    FieldSpec{"body", T::text, Merge::scalar, true, kMaxBodyBytes},
    FieldSpec{"saved_at", T::integer},
};
constexpr std::array kCards{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"note_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"front", T::text, Merge::scalar, true, kLong},
    FieldSpec{"back", T::text, Merge::scalar, true, kLong},
    FieldSpec{"kind", T::text, Merge::scalar, true, 16},
    FieldSpec{"due_ms", T::integer},
    FieldSpec{"stability", T::real},
    FieldSpec{"difficulty", T::real},
    FieldSpec{"state", T::integer},
    FieldSpec{"reps", T::integer},
    FieldSpec{"lapses", T::integer},
    FieldSpec{"last_review_ms", T::integer},
    FieldSpec{"scheduled_days", T::integer},
};
constexpr std::array kReviewLogs{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"card_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"grade", T::integer},
    FieldSpec{"reviewed_at", T::integer},
    FieldSpec{"elapsed_days", T::integer},
    FieldSpec{"scheduled_days", T::integer},
    FieldSpec{"stability", T::real},
    FieldSpec{"difficulty", T::real},
};
constexpr std::array kTerms{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"class_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"name", T::text, Merge::scalar, true, kShort},
    FieldSpec{"start_date", T::text, Merge::scalar, true, 16},
    FieldSpec{"end_date", T::text, Merge::scalar, true, 16},
    FieldSpec{"holidays", T::json, Merge::scalar, true, 16 * 1024},
};
// The parents' side (zx/tours/family.hpp): a trip's consent form, written
// by its teachers; the guardians' answers; the parent school's resources.
constexpr std::array kConsentForms{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"trip_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"itinerary", T::text, Merge::scalar, true, kLong},
    FieldSpec{"costs", T::text, Merge::scalar, true, kLong},
    FieldSpec{"insurance", T::text, Merge::scalar, true, kLong},
    FieldSpec{"risks", T::text, Merge::scalar, true, kLong},
    FieldSpec{"bring", T::text, Merge::scalar, true, kLong},
    FieldSpec{"medical", T::text, Merge::scalar, true, kLong},
    FieldSpec{"text_hash", T::text, Merge::scalar, true, 64},
    FieldSpec{"reminded_at", T::integer},
};
constexpr std::array kConsents{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"trip_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"student_id", T::text, Merge::scalar, true, 64},
    FieldSpec{"answer", T::text, Merge::scalar, true, 16},
    FieldSpec{"text_hash", T::text, Merge::scalar, true, 64},
    FieldSpec{"signer_name", T::text, Merge::scalar, true, kShort},
    FieldSpec{"relation", T::text, Merge::scalar, true, 32},
    FieldSpec{"medical_note", T::text, Merge::scalar, true, kLong},
    FieldSpec{"device", T::text, Merge::scalar, true, kShort},
    FieldSpec{"answered_at", T::integer},
};
constexpr std::array kHomeResources{
    FieldSpec{"owner_id", T::text, Merge::scalar, false, 64},
    FieldSpec{"title", T::text, Merge::scalar, true, kShort},
    FieldSpec{"url", T::text, Merge::scalar, true, 2000},
    FieldSpec{"body", T::text, Merge::scalar, true, 64 * 1024},
    FieldSpec{"grade", T::integer},
    FieldSpec{"topic", T::text, Merge::scalar, true, 16},
};

constexpr std::array kCollections{
    CollectionSpec{"users", kUsers, true},
    CollectionSpec{"schools", kSchools, false},
    CollectionSpec{"classes", kClasses, true},
    CollectionSpec{"memberships", kMemberships, false},
    CollectionSpec{"guardian_links", kGuardianLinks, false},
    CollectionSpec{"join_codes", kJoinCodes, false},
    CollectionSpec{"notes", kNotes, true},
    CollectionSpec{"tools", kTools, true},
    CollectionSpec{"activities", kActivities, true},
    CollectionSpec{"submissions", kSubmissions, true},
    CollectionSpec{"timetable_entries", kTimetableEntries, true},
    // Staff edit their base's status and capacity, admins suspend and delist
    // (server/authz.cpp says which fields); new bases come by import.
    CollectionSpec{"bases", kBases, true},
    CollectionSpec{"routes", kRoutes, false},
    CollectionSpec{"trips", kTrips, true},
    CollectionSpec{"trip_participants", kTripParticipants, true},
    CollectionSpec{"checkins", kCheckins, true},
    CollectionSpec{"conflicts", kConflicts, true},
    CollectionSpec{"note_versions", kNoteVersions, true},
    CollectionSpec{"cards", kCards, true},
    CollectionSpec{"review_logs", kReviewLogs, true},
    CollectionSpec{"terms", kTerms, true},
    CollectionSpec{"base_contacts", kBaseContacts, true},
    CollectionSpec{"base_ratings", kBaseRatings, true},
    CollectionSpec{"consent_forms", kConsentForms, true},
    CollectionSpec{"consents", kConsents, true},
    CollectionSpec{"home_resources", kHomeResources, true},
    CollectionSpec{"attendance", kAttendance, true},
};
}  // namespace

std::span<const CollectionSpec> collections() { return kCollections; }

std::string_view type_name(FieldType t) {
    switch (t) {
        case FieldType::text: return "text";
        case FieldType::integer: return "integer";
        case FieldType::real: return "number";
        case FieldType::boolean: return "boolean";
        case FieldType::json: return "JSON";
    }
    return "text";
}

const CollectionSpec* find_collection(std::string_view name) {
    for (const auto& c : kCollections)
        if (c.name == name) return &c;
    return nullptr;
}

const FieldSpec* find_field(const CollectionSpec& c, std::string_view name) {
    for (const auto& f : c.fields)
        if (f.name == name) return &f;
    return nullptr;
}

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdBytes) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

}  // namespace zx::model
