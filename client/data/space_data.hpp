#pragma once
// The signed-in user's synced records as typed data (zx/space/records.hpp,
// zx/tours/records.hpp), and what views derive from them, kept up to date by
// the replica's revisions: refresh() rebuilds only the collections that
// changed since the last frame, and derived results (backlinks, a week of the
// timetable, the due cards) are computed once per change and then served
// from memory. This is the only client code that reads records field by
// field; views get these structs.
//
//   refresh()                       once per frame, from the App
//   notes, versions, conflicts      知识库
//   cards, reviews, links           工具库
//   activities, submissions         活动库
//   timetable, week                 学习课表
//   people, classes, children       who is who
//   trips, participants, ratings    研学行程
//   attendance, head_count          the study-tour day
//   family, consent_roster          the parents' home, a trip's consent (family_data.cpp)
//   refused, all_open_conflicts     what needs the person's attention
#include "zx/space/records.hpp"
#include "zx/space/timetable.hpp"
#include "zx/text/markdown.hpp"
#include "zx/tours/attendance.hpp"
#include "zx/tours/family.hpp"
#include "zx/tours/records.hpp"
#include "zx/wire/errors.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx::client {

class Replica;

struct NoteItem {
    Note note;
    int64_t modified_ms = 0;         // newest field clock: when it last changed anywhere
    std::vector<std::string> links;  // [[titles]] its body links to
};

// A change the server refused, as the "needs attention" view shows it.
struct RefusedItem {
    std::string change_id;
    std::string collection, record_id;
    std::string title;  // the record's title or name where it has one, else ""
    api::Error error;   // why (its coded problem is translated by the view)
    int64_t at = 0;     // when it was refused, ms
    bool reverted = false;  // the record shows the server's state again
    bool deleted = false;   // the refused change deleted the record
    // The text fields the refused change wrote, so the person can copy what
    // they typed before discarding it: (field, text).
    std::vector<std::pair<std::string, std::string>> texts;
};

// --- The parents' home (family_data.cpp) -------------------------------------------
// A trip of a child's, as a guardian sees it.
struct ChildTrip {
    const Trip* trip = nullptr;
    const ConsentForm* form = nullptr;  // null: the teachers ask no consent (yet)
    ConsentState state = ConsentState::not_asked;  // this child's, from every guardian's answers
    const Consent* mine = nullptr;      // this guardian's answer to the current text, or null
    bool stale = false;                 // this guardian answered an older text: asked again
    bool open = false;                  // answers are still taken (the trip has not started)
    bool this_week = false;             // on a day of this week (Monday to Sunday)
};
struct ChildActivity {
    const Activity* activity = nullptr;
    const Submission* submission = nullptr;  // null: not started
};
struct ChildHome {
    std::string id, name;
    std::vector<const SchoolClass*> classes;
    std::vector<timetable::Occurrence> today;  // the class timetable of today, by time
    std::vector<ChildTrip> trips;              // today's, this week's and upcoming, soonest first
    std::vector<ChildActivity> activities;     // published to the child's classes, latest due first
    int actions = 0;                           // consents this guardian should answer
    int grade = 0;                             // the highest grade of the child's classes (0: none)
};
// A trip's roster as its teachers see it: every participant's consent.
struct ConsentRow {
    std::string student_id;
    ConsentState state = ConsentState::not_asked;
    const Consent* latest = nullptr;  // the answer that decides `state`, or null
};
struct ConsentRoster {
    const ConsentForm* form = nullptr;
    std::vector<ConsentRow> rows;  // in participant order
    int consented = 0, declined = 0, unanswered = 0;  // withdrawn counts as unanswered
};

struct Overview {
    int notes = 0, due_cards = 0, open_activities = 0, lessons_today = 0;
};

class SpaceData {
public:
    SpaceData();
    ~SpaceData();
    SpaceData(const SpaceData&) = delete;
    SpaceData& operator=(const SpaceData&) = delete;

    // Brings everything up to date with `replica` for user `me`. Cheap when
    // nothing changed (a comparison of revisions per collection).
    void refresh(const Replica& replica, const std::string& me);
    // Forgets everything (signed out, or the store closed): the next refresh
    // rebuilds from scratch, whatever the new replica's revisions are.
    void clear();
    // Grows whenever any record changed.
    uint64_t revision() const { return revision_; }
    const std::string& me() const { return me_; }

    // --- 知识库 ----------------------------------------------------------------
    // Newest first.
    const std::vector<NoteItem>& notes() const { return notes_; }
    const NoteItem* note(std::string_view id) const;
    const NoteItem* note_by_title(std::string_view title) const;
    const std::vector<std::string>& subjects() const { return subjects_; }
    // Notes whose body links to this note's title.
    std::vector<const NoteItem*> backlinks(std::string_view note_id) const;
    // Newest first.
    std::vector<const NoteVersion*> versions(std::string_view note_id) const;
    const NoteVersion* version(std::string_view id) const;
    std::vector<const Conflict*> open_conflicts(std::string_view target_id) const;
    const Conflict* conflict(std::string_view id) const;

    // --- 工具库 ----------------------------------------------------------------
    const std::vector<Card>& cards() const { return cards_; }
    const Card* card(std::string_view id) const;
    // New cards and cards due by `now_ms`, the most overdue first.
    std::vector<const Card*> due_cards(int64_t now_ms) const;
    // Reviews made since China's midnight before `now_ms`.
    int reviews_today(int64_t now_ms) const;
    const std::vector<ResourceLink>& links() const { return links_; }

    // --- 活动库 ----------------------------------------------------------------
    const std::vector<Activity>& activities() const { return activities_; }
    const Activity* activity(std::string_view id) const;
    // The activity's body, parsed once per change of the activities.
    const std::vector<md::Block>& activity_body(std::string_view id) const;
    const std::vector<Submission>& submissions() const { return submissions_; }
    const Submission* submission(std::string_view id) const;
    const Submission* submission_of(std::string_view activity_id, std::string_view student_id) const;

    // --- 学习课表 --------------------------------------------------------------
    struct Timetable {
        std::optional<timetable::Term> term;
        std::vector<timetable::Entry> entries;
    };
    // The term and entries that apply: with a class id, that class's; else a
    // class term if there is one (else the user's own) and every entry.
    const Timetable& timetable(const std::string& class_id) const;
    // One timetable entry record as typed, or null.
    const TimetableItem* timetable_entry(std::string_view id) const;
    struct Week {
        std::vector<timetable::Occurrence> occurrences;
        std::vector<timetable::Clash> clashes;
        std::vector<Problem> problems;  // entries that cannot be placed
    };
    const Week& week(const std::string& class_id, timetable::Date monday) const;

    Overview overview(int64_t now_ms) const;

    // --- People and classes --------------------------------------------------------
    const Person* person(std::string_view id) const;
    // The person with this user name or display name (as a teacher types a
    // colleague into a trip's groups), or null.
    const Person* person_named(std::string_view name) const;
    // The display name, or the id when the person is not (yet) known here.
    std::string name_of(const std::string& user_id) const;
    const std::vector<SchoolClass>& classes() const { return classes_; }
    const SchoolClass* school_class(std::string_view id) const;
    std::vector<const SchoolClass*> classes_taught_by(std::string_view teacher_id) const;
    std::vector<const SchoolClass*> classes_of(std::string_view user_id) const;
    // Student user ids of a class, in id order.
    std::vector<std::string> students_of(std::string_view class_id) const;
    std::vector<std::string> children_of(std::string_view parent_id) const;
    std::vector<const JoinCode*> class_codes(std::string_view class_id) const;

    // --- 研学行程 ----------------------------------------------------------------
    // Latest date first.
    const std::vector<Trip>& trips() const { return trips_; }
    const Trip* trip(std::string_view id) const;
    int participants(std::string_view trip_id) const;
    const BaseRating* rating(std::string_view id) const;
    std::vector<std::string> participants_of(std::string_view trip_id) const;
    // The study-tour day: a trip's attendance events, the stop it is at, and
    // its register at a stop (cached per change of the records and minute).
    std::vector<AttendanceEvent> attendance_of(std::string_view trip_id) const;
    int current_stop(std::string_view trip_id) const;
    const HeadCount& head_count(std::string_view trip_id, int stop, int64_t now_ms) const;
    // Routes are not records of this layer (they come with the bases): how to
    // find one, for the stops' times. Set once by the App.
    void set_route_lookup(std::function<const Route*(const std::string&)> fn) { route_lookup_ = std::move(fn); }

    // --- The parents' side (family_data.cpp) ----------------------------------------
    // Each linked child of the signed-in guardian, with their day, trips,
    // work and what waits for the guardian; computed once per change of the
    // records and minute (a trip's consent closes when it starts).
    const std::vector<ChildHome>& family(int64_t now_ms) const;
    const ConsentForm* consent_form(std::string_view trip_id) const;
    const ConsentRoster& consent_roster(std::string_view trip_id) const;
    // The parent school, by title; `grades` empty lists every resource,
    // else those for every grade (0) or one of them.
    std::vector<const HomeResource*> home_resources(const std::vector<int>& grades) const;

    // --- Needs attention ----------------------------------------------------------
    // Oldest first; rebuilt when the replica's refused list or any record changes.
    const std::vector<RefusedItem>& refused() const { return refused_; }
    // Every open conflict, of any record and field.
    std::vector<const Conflict*> all_open_conflicts() const;
    // The title or name of a record this layer knows ("" when it has none).
    std::string record_title(std::string_view collection, std::string_view id) const;
    size_t attention_count() const;

    // Live records per collection (for the test hook and the overview).
    const std::map<std::string, size_t>& counts() const { return counts_; }

private:
    struct Caches;
    void rebuild(const std::string& collection, const Replica& r);

    std::string me_;
    uint64_t revision_ = 0;
    std::map<std::string, uint64_t> seen_;  // collection -> replica revision last taken
    std::map<std::string, size_t> counts_;
    uint64_t refused_seen_ = 0;
    std::vector<RefusedItem> refused_;

    std::vector<NoteItem> notes_;
    std::map<std::string, size_t, std::less<>> note_index_;  // id -> position in notes_
    std::vector<std::string> subjects_;
    std::vector<NoteVersion> versions_;
    std::vector<Conflict> conflicts_;
    std::vector<Card> cards_;
    std::vector<ReviewLog> reviews_;
    std::vector<ResourceLink> links_;
    std::vector<Activity> activities_;
    std::vector<Submission> submissions_;
    std::vector<TimetableItem> entries_;
    std::vector<TermItem> terms_;
    std::vector<Person> people_;
    std::vector<SchoolClass> classes_;
    std::vector<Membership> memberships_;
    std::vector<GuardianLink> guardians_;
    std::vector<JoinCode> codes_;
    std::vector<Trip> trips_;
    std::vector<TripParticipant> participants_;
    std::vector<BaseRating> ratings_;
    std::vector<ConsentForm> consent_forms_;
    std::vector<Consent> consents_;
    std::vector<HomeResource> resources_;
    std::vector<AttendanceEvent> attendance_;
    std::function<const Route*(const std::string&)> route_lookup_;

    // Derived results, computed on first use after a change.
    std::unique_ptr<Caches> caches_;
    struct FamilyCaches;
    // family_data.cpp; dropped with caches_ (shared_ptr: the type is complete only there)
    mutable std::shared_ptr<FamilyCaches> family_caches_;
};

}  // namespace zx::client
