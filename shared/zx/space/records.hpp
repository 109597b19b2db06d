#pragma once
// The personal space's synced records (三库一表 and the school around them)
// as types. Each has `X x_from_fields(id, fields)`, which never throws (an
// absent or ill-typed field takes its default, as zx/sync/fields.hpp reads
// it), and `to_fields(x)`, the fields a client writes (never the server's
// own: owner_id, and the account records' privileged fields).
//
//   people: Person (users), SchoolClass (classes), Membership, GuardianLink, JoinCode
//   知识库:  Note, NoteVersion, Conflict
//   工具库:  Card (flashcards), ReviewLog, ResourceLink (collection "tools")
//   活动库:  Activity, Submission
//   学习课表: TimetableItem (timetable_entries), TermItem (terms)
//
// The collection names and field types are zx/sync/model.cpp's; the domain
// rules every write of these records must pass are zx/wire/record_rules.hpp.
#include "zx/core/problem.hpp"
#include "zx/space/fsrs.hpp"
#include "zx/space/timetable.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx {

// --- People and classes (written by the server; read by clients) -----------------
struct Person {
    std::string id;
    std::string role;  // "student" | "teacher" | "parent" | "base_staff" | "admin"
    std::string display_name;
    std::string username;
    std::string base_id;  // base staff: the base they run
    std::string student_no = {};  // students: their number in the school (roster import), "" when none
};
Person person_from_fields(const std::string& id, const nlohmann::json& f);

struct SchoolClass {
    std::string id;
    std::string name;
    int grade = 0;
    std::string teacher_id;
};
SchoolClass class_from_fields(const std::string& id, const nlohmann::json& f);

struct Membership {
    std::string id;
    std::string class_id;
    std::string user_id;
    std::string role;  // "student" | "teacher"
};
Membership membership_from_fields(const std::string& id, const nlohmann::json& f);

struct GuardianLink {
    std::string id;
    std::string parent_id;
    std::string student_id;
};
GuardianLink guardian_link_from_fields(const std::string& id, const nlohmann::json& f);

struct JoinCode {
    std::string id;
    std::string class_id;
    std::string kind;  // "class" | "guardian"
    std::string student_id;
    std::string code;
    int64_t expires_at = 0;
};
JoinCode join_code_from_fields(const std::string& id, const nlohmann::json& f);

// --- 知识库 -----------------------------------------------------------------------
struct Note {
    std::string id;
    std::string owner_id;
    std::string title;
    std::string body;  // Markdown
    std::string subject;
    std::vector<std::string> tags;
    bool pinned = false;
    std::string shared_class_id;
    int64_t created_at = 0;
};
Note note_from_fields(const std::string& id, const nlohmann::json& f);
// title, body, subject, tags (the text a save writes; pinned and sharing are
// separate writes so that a save never undoes a pin made on another device).
nlohmann::json note_text_fields(const Note& n);
// A new note: its text and created_at.
nlohmann::json to_fields(const Note& n);
nlohmann::json pin_fields(bool pinned);

// Tags as a person types them: separated by ',' or '，' (or new lines),
// trimmed, empty ones dropped, duplicates kept once, in order.
std::vector<std::string> split_tags(std::string_view text);
std::string join_tags(const std::vector<std::string>& tags);  // "a, b"

struct NoteVersion {
    std::string id;
    std::string note_id;
    std::string title;
    std::string body;
    int64_t saved_at = 0;
};
NoteVersion note_version_from_fields(const std::string& id, const nlohmann::json& f);
nlohmann::json to_fields(const NoteVersion& v);

// A concurrent edit the server kept (zx/sync/sync.hpp, body fields).
struct Conflict {
    std::string id;
    std::string target_collection;
    std::string target_id;
    std::string field;
    std::string value;  // the side that lost
    bool resolved = false;
};
Conflict conflict_from_fields(const std::string& id, const nlohmann::json& f);
// Settling it: the conflict is closed; with `adopt`, the target record takes
// the kept value back (the write for the target, then for the conflict).
nlohmann::json adopt_fields(const Conflict& c);
nlohmann::json resolved_fields();

// --- 工具库 -----------------------------------------------------------------------
struct Card {
    std::string id;
    std::string note_id;
    std::string kind;  // "basic" | "cloze"
    std::string front;
    std::string back;
    fsrs::Card schedule;
};
Card card_from_fields(const std::string& id, const nlohmann::json& f);
nlohmann::json to_fields(const Card& c);
// Only the scheduling fields, for a review.
nlohmann::json schedule_fields(const fsrs::Card& c);
// The card id for a card drawn from a note: the same note and card text give
// the same id, so making cards twice adds none.
std::string card_id(std::string_view note_id, std::string_view draft_key);

struct ReviewLog {
    std::string id;
    std::string card_id;
    int grade = 0;  // 1 again .. 4 easy
    int64_t reviewed_at = 0;
    int elapsed_days = 0;
    int scheduled_days = 0;
    double stability = 0;
    double difficulty = 0;
};
ReviewLog review_log_from_fields(const std::string& id, const nlohmann::json& f);
nlohmann::json to_fields(const ReviewLog& r);

// A learning resource a teacher shares with a class (collection "tools").
struct ResourceLink {
    std::string id;
    std::string owner_id;
    std::string class_id;
    std::string name;
    std::string url;
    std::string subject;
    int grade = 0;
};
ResourceLink link_from_fields(const std::string& id, const nlohmann::json& f);
nlohmann::json to_fields(const ResourceLink& l);
// A name and an http(s) URL.
std::optional<Problem> validate(const ResourceLink& l);

// --- 活动库 -----------------------------------------------------------------------
enum class ActivityKind { homework, project, study_tour, club };
std::string_view to_code(ActivityKind k);
std::optional<ActivityKind> activity_kind_from_code(std::string_view code);
inline constexpr ActivityKind kActivityKinds[] = {ActivityKind::homework, ActivityKind::project,
                                                  ActivityKind::study_tour, ActivityKind::club};

struct Attachment {
    std::string name;
    std::string url;
    bool operator==(const Attachment&) const = default;
};
struct RubricItem {
    std::string criterion;
    double max = 0;
    bool operator==(const RubricItem&) const = default;
};

struct Activity {
    std::string id;
    std::string owner_id;
    std::string class_id;
    ActivityKind kind = ActivityKind::homework;
    std::string title;
    std::string body;  // Markdown
    std::vector<std::string> steps;
    std::string due_date;  // "YYYY-MM-DD" or ""
    bool published = false;
    std::vector<Attachment> attachments;
    std::vector<RubricItem> rubric;
};
Activity activity_from_fields(const std::string& id, const nlohmann::json& f);
nlohmann::json to_fields(const Activity& a);
// A published activity has a title; the due date is empty or a real date;
// links are http(s); rubric criteria are named and worth more than 0.
std::optional<Problem> validate(const Activity& a);
// The teacher's multi-line fields, one item per line: "name|https://…" (or a
// bare URL) per attachment, "criterion|points" per rubric line. The first
// problem (the line and why) when a line cannot be used; `out` is then
// incomplete and must not be written.
std::optional<Problem> parse_attachments(std::string_view text, std::vector<Attachment>& out);
std::optional<Problem> parse_rubric(std::string_view text, std::vector<RubricItem>& out);

enum class SubmissionStatus { draft, submitted, reviewed };
std::string_view to_code(SubmissionStatus s);
std::optional<SubmissionStatus> submission_status_from_code(std::string_view code);

struct Submission {
    std::string id;
    std::string owner_id;
    std::string activity_id;
    std::string body;
    SubmissionStatus status = SubmissionStatus::draft;
    double score = 0;
    std::string feedback;
    std::vector<bool> steps_done;
    std::vector<double> rubric_scores;
    int64_t submitted_at = 0;
};
Submission submission_from_fields(const std::string& id, const nlohmann::json& f);
// What the student writes: activity_id, body, status, steps_done (and
// submitted_at once submitted).
nlohmann::json work_fields(const Submission& s);
// What the teacher writes when reviewing: score, rubric_scores, feedback, status.
nlohmann::json review_fields(const Submission& s);

// Where a student stands with an activity, for badges and filters: the
// submission's status, or overdue once the due date has passed in China.
enum class WorkState { not_started, in_progress, submitted, reviewed, overdue };
WorkState work_state(const Submission* s, const Activity& a, int64_t now_ms);

// --- 学习课表 ---------------------------------------------------------------------
struct TimetableItem {
    timetable::Entry entry;  // id, title, location, weekday, times, weeks, date
    std::string owner_id;
    std::string class_id;  // "" = the owner's own
    std::string term_id;
    std::string kind;  // "lesson" | "plan" | "event" | "trip"
};
TimetableItem timetable_item_from_fields(const std::string& id, const nlohmann::json& f);
nlohmann::json to_fields(const TimetableItem& t);
// A new entry of a timetable whose term is `term`: a weekly entry belongs to
// that term; without one it repeats from this week on (China's today).
TimetableItem place_entry(TimetableItem item, const timetable::Term* term, int64_t now_ms);
// The record id of an entry that an .ics import read into the timetable of
// `owner_id` and `class_id` ("" for one's own): a digest of the three, so
// that importing the same file again updates the same records instead of
// adding copies, while someone else importing the same file (a class's
// calendar, shared around) gets records of their own — ids are unique across
// all users. The entry ids themselves come from the events' UIDs
// (timetable::from_ics).
std::string imported_entry_id(std::string_view owner_id, std::string_view class_id, std::string_view entry_id);
// timetable::validate of the entry under `term` (the term the entry belongs
// to, or nothing when it has none).
std::optional<Problem> validate(const TimetableItem& t, const timetable::Term* term);

struct TermItem {
    std::string id;
    std::string owner_id;
    std::string class_id;
    std::string name;
    std::string start_date, end_date;  // as stored
    std::vector<std::string> holidays;
    // The term as the timetable rules use it; nothing when its dates do not parse.
    std::optional<timetable::Term> term() const;
};
TermItem term_item_from_fields(const std::string& id, const nlohmann::json& f);
nlohmann::json to_fields(const TermItem& t);
// A name, real start and end dates in order, real holiday dates.
std::optional<Problem> validate(const TermItem& t);

}  // namespace zx
