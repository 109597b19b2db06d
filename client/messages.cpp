#include "messages.hpp"

#include <algorithm>
#include <cstdlib>

namespace zx::client {

namespace {

struct FieldName {
    const char* field;
    S label;
};
constexpr FieldName kFields[] = {
    {"title", S::FieldTitle},         {"body", S::FieldBody},           {"name", S::FieldName},
    {"subject", S::Subject},          {"tags", S::Tags},                {"comment", S::TripRateComment},
    {"date", S::TripDate},            {"start", S::FieldStart},         {"end", S::FieldEnd},
    {"time", S::FieldTime},           {"weekday", S::FieldWeekday},     {"weeks", S::FieldWeeks},
    {"term", S::Term},                {"class", S::TripClass},          {"students", S::Students},
    {"group", S::TripGroups},         {"route", S::MapTabRoutes},       {"url", S::FieldUrl},
    {"attachments", S::Attachments},  {"rubric", S::FieldRubric},       {"due_date", S::DueDate},
    {"start_date", S::TermStart},     {"end_date", S::TermEnd},         {"holidays", S::FieldHolidays},
    {"capacity", S::FieldCapacity},   {"status_reason", S::ManageReason}, {"username", S::Username},
    {"password", S::Password},        {"display_name", S::DisplayName}, {"grade", S::Grade},
    {"position", S::FieldCoordinates}, {"expression", S::ToolCalculator}, {"task", S::FieldTask},
    {"score", S::Score},              {"trip", S::NavTrips},            {"stops", S::TripStops},
    {"student_no", S::StudentNo},
};

// Parameters whose values are codes get their words too.
std::vector<std::pair<std::string, std::string>> worded(Lang l, const Problem& p) {
    auto params = p.params;
    for (auto& [k, v] : params) {
        if (k == "weekday") {
            const int d = std::atoi(v.c_str());
            constexpr S kDays[] = {S::Mon, S::Tue, S::Wed, S::Thu, S::Fri, S::Sat, S::Sun};
            if (d >= 1 && d <= 7) v = tr(l, kDays[d - 1]);
        } else if (k == "status") {
            if (const auto st = status_from_code(v)) v = label(l, *st);
        } else if (k == "role") {
            if (const auto r = api::role_from_code(v)) v = role_label(l, *r);
        } else if (k == "base" && v.empty()) {
            v = p.param("base_id");
        }
    }
    params.emplace_back("field", field_label(l, p.field));
    return params;
}

}  // namespace

std::string field_label(Lang l, const std::string& field) {
    // "changes[2].notes/n-1.title" -> "title": the last part names the field.
    const auto dot = field.find_last_of('.');
    const std::string last = dot == std::string::npos ? field : field.substr(dot + 1);
    for (const auto& f : kFields)
        if (last == f.field) return tr(l, f.label);
    return last;
}

std::string describe(Lang l, const Problem& p) {
    std::string text = zx::format(tr(l, p.code), worded(l, p));
    if (const auto line = p.param("line"); !line.empty()) text = trf(l, S::AtLine, {{"line", line}}) + text;
    return text;
}

std::string describe(Lang l, platform::HttpFailure f) {
    using F = platform::HttpFailure;
    switch (f) {
        case F::none:
        case F::unreachable: break;
        case F::bad_url: return tr(l, S::NetBadUrl);
        case F::insecure_url: return tr(l, S::NetInsecureUrl);
        case F::ca_file: return tr(l, S::NetCaFile);
        case F::cert_untrusted: return tr(l, S::NetCertUntrusted);
        case F::cert_name: return tr(l, S::NetCertName);
        case F::cert_expired: return tr(l, S::NetCertExpired);
        case F::cert_invalid: return tr(l, S::NetCertInvalid);
        case F::tls: return tr(l, S::NetTls);
    }
    return tr(l, S::ServerUnreachable);
}

std::string offline_status(Lang l, platform::HttpFailure f) {
    // A server that is simply down keeps the short line; a refusal says why,
    // since waiting will not end it.
    if (f == platform::HttpFailure::none || f == platform::HttpFailure::unreachable) return tr(l, S::StatusOffline);
    return trf(l, S::StatusNotConnected, {{"reason", describe(l, f)}});
}

std::string describe(Lang l, const ApiReply& r) {
    if (r.offline()) return describe(l, r.failure);
    if (r.error)
        if (const auto p = r.error->as_problem()) return describe(l, *p);
    if (r.error) return trf(l, S::ServerRefused, {{"status", r.status}, {"message", r.error->message}});
    return trf(l, S::HttpStatus, {{"status", r.status}});
}

std::string describe(Lang l, const EditOutcome& o) {
    if (o.refused) return describe(l, *o.refused);
    return trf(l, S::SaveFailed, {{"error", o.store_error}});
}

std::string describe(Lang l, const SyncStatus& s) {
    using K = SyncStatus::Kind;
    switch (s.kind) {
        case K::synced: return tr(l, S::SyncSynced);
        case K::pending: return trf(l, S::SyncPending, {{"count", s.pending}});
        case K::offline: return trf(l, S::SyncOffline, {{"count", s.pending}});
        case K::opening: return tr(l, S::SyncOpening);
        case K::busy_elsewhere: return tr(l, S::StoreBusy);
        case K::lost: return tr(l, S::StoreLost);
        case K::signed_out: return tr(l, S::NotSignedIn);
        case K::store_error:
        case K::error: break;
    }
    const auto& d = s.detail;
    switch (s.issue) {
        case SyncIssue::none: return trf(l, S::SyncRejected, {{"count", s.rejected}});
        case SyncIssue::store_open: return trf(l, S::IssueStoreOpen, {{"detail", d}});
        case SyncIssue::store_newer:
            return describe(l, problem(Code::store_newer, "", "", {{"have", d}}));
        case SyncIssue::store_prepare: return trf(l, S::IssueStorePrepare, {{"detail", d}});
        case SyncIssue::store_read: return trf(l, S::IssueStoreRead, {{"detail", d}});
        case SyncIssue::store_save: return trf(l, S::IssueStoreSave, {{"detail", d}});
        case SyncIssue::index: return trf(l, S::IssueIndex, {{"detail", d}});
        case SyncIssue::server_refused: {
            std::string why = d;
            if (s.server_error) {
                const auto p = s.server_error->as_problem();
                why = p ? describe(l, *p) : s.server_error->message;
            }
            return trf(l, S::IssueServerRefused, {{"what", d}, {"reason", why}});
        }
        case SyncIssue::bad_answer: return trf(l, S::BadAnswer, {{"detail", d}});
    }
    return tr(l, S::SyncSynced);
}

const char* collection_label(Lang l, std::string_view c) {
    struct Kind {
        std::string_view collection;
        S label;
    };
    static constexpr Kind kKinds[] = {
        {"notes", S::CollNote},          {"note_versions", S::CollNote},        {"activities", S::CollActivity},
        {"submissions", S::CollSubmission}, {"timetable_entries", S::CollTimetable}, {"terms", S::CollTimetable},
        {"trips", S::CollTrip},          {"trip_participants", S::CollTrip},    {"checkins", S::CollTrip},
        {"bases", S::CollBase},          {"base_contacts", S::CollBase},        {"base_ratings", S::CollRating},
        {"cards", S::CollCard},          {"review_logs", S::CollCard},          {"tools", S::CollLink},
        {"classes", S::CollClass},       {"memberships", S::CollClass},         {"join_codes", S::CollClass},
    };
    for (const auto& k : kKinds)
        if (k.collection == c) return tr(l, k.label);
    return tr(l, S::CollOther);
}

// Categories, levels and statuses are the domain's own vocabulary: shared
// keeps their names in both languages (search and import recognise them), so
// the UI shows the same words without a second copy.
const char* label(Lang l, BaseCategory c) { return zx::label(c, l == Lang::zh).data(); }
const char* label(Lang l, BaseLevel v) { return zx::label(v, l == Lang::zh).data(); }
const char* label(Lang l, BaseStatus v) { return zx::label(v, l == Lang::zh).data(); }

const char* label(Lang l, ActivityKind k) {
    switch (k) {
        case ActivityKind::homework: return tr(l, S::KindHomework);
        case ActivityKind::project: return tr(l, S::KindProject);
        case ActivityKind::study_tour: return tr(l, S::KindStudyTour);
        case ActivityKind::club: return tr(l, S::KindClub);
    }
    return "";
}

const char* label(Lang l, WorkState w) {
    switch (w) {
        case WorkState::not_started: return tr(l, S::StatusNotStarted);
        case WorkState::in_progress: return tr(l, S::StatusInProgress);
        case WorkState::submitted: return tr(l, S::StatusSubmitted);
        case WorkState::reviewed: return tr(l, S::StatusReviewed);
        case WorkState::overdue: return tr(l, S::StatusOverdue);
    }
    return "";
}

const char* role_label(Lang l, api::Role r) {
    switch (r) {
        case api::Role::student: return tr(l, S::RoleStudent);
        case api::Role::teacher: return tr(l, S::RoleTeacher);
        case api::Role::parent: return tr(l, S::RoleParent);
        case api::Role::base_staff: return tr(l, S::RoleStaff);
        case api::Role::admin: return tr(l, S::RoleAdmin);
    }
    return "";
}

std::string grade_label(Lang l, int grade) {
    constexpr S kGrades[] = {S::Grade1, S::Grade2, S::Grade3,  S::Grade4,  S::Grade5,  S::Grade6,
                             S::Grade7, S::Grade8, S::Grade9, S::Grade10, S::Grade11, S::Grade12};
    if (grade < 1 || grade > 12) return tr(l, S::FilterAny);
    return tr(l, kGrades[grade - 1]);
}

std::string travel_mode_label(Lang l, const std::string& mode) {
    if (mode == "bus") return tr(l, S::ModeBus);
    if (mode == "walk") return tr(l, S::ModeWalk);
    if (mode == "boat") return tr(l, S::ModeBoat);
    if (mode == "train") return tr(l, S::ModeTrain);
    if (mode == "metro") return tr(l, S::ModeMetro);
    return mode;
}

}  // namespace zx::client
