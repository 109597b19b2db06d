#pragma once
// Commands: what views ask for. Views push them while drawing; after the
// frame App::apply() hands each to the feature controller that owns it
// (std::visit over the variant, so a command without a handler does not
// compile). Every command says what the person wants in domain terms (typed
// records from shared/), never which fields of which table to write.
#include "settings.hpp"
#include "state_types.hpp"

#include "zx/space/records.hpp"
#include "zx/tours/attendance.hpp"
#include "zx/tours/base.hpp"
#include "zx/tours/family.hpp"
#include "zx/tours/records.hpp"
#include "zx/wire/api.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace zx::client {

// --- Shell ------------------------------------------------------------------------
struct Navigate {
    ViewId view;
};
struct OpenUrl {
    std::string url;
};
struct ChangeSettings {
    Settings settings;
};

// --- Drafts (DraftsController; pushed by views::draft_text) ------------------------
// The field under `key` (draft_key()) now holds `text`; `saved` is its stored
// text (a draft equal to it is dropped).
struct KeepDraft {
    std::string key, text, saved;
};
// The field holds its stored text again (saved, or the edit discarded).
struct DropDraft {
    std::string key;
};
// The draft was put back into its field.
struct DraftShown {
    std::string key;
};
// Every draft of one record goes (its form was sent or cancelled).
struct DiscardDrafts {
    std::string collection, record;
};

// --- Bases and the map ------------------------------------------------------------
struct SelectBase {
    std::string id;  // empty clears the selection
    bool focus_map;  // pan the map to it (true when picked from the list)
};
struct SetBaseFilter {
    BaseFilter filter;
};
struct ReloadBases {};
// Asks the device where it is, for the distance filter.
struct Locate {};
// Draws a curated route on the map ("" for none) and fits the map to it.
struct ShowRoute {
    std::string route_id;
};
// An admin imports bases and routes from a GeoJSON or CSV file (picked with
// the platform's file dialog, or read from `path_hint` where there is none).
struct ImportBases {
    std::string path_hint;
};
// Base staff and admins set a base's status, capacity and reason.
struct SetBaseStatus {
    std::string base_id;
    BaseStatus status;
    int capacity;
    std::string reason;
};

// --- Trips ----------------------------------------------------------------------
// Adds a base to (or, when present, removes it from) the trip being planned.
struct ToggleTripBase {
    std::string base_id;
};
// Starts planning a trip from a curated route (the trips view opens).
struct PlanFromRoute {
    std::string route_id;
};
// Writes the trip being planned and everything it brings into timetables
// and activity libraries, in one transaction. The bases and route come from
// the draft (AppState::trip_draft); the rest is the form as typed.
struct PlanTrip {
    std::string class_id, title, date, start, end;  // times as typed, "08:30"
    std::string groups;                            // "name, leader" per line
    std::string meeting_point = {};                // where the students gather ("" = not said)
};
struct RateBase {
    BaseRating rating;  // id, owner and time are the controller's business
};
struct SelectTrip {
    std::string trip_id;
};
// The study-tour day: a trip's teacher records who is where, for one student
// or a whole group at once, at one stop (kSchoolStop for left, back and an
// absence for the whole trip). What is recorded already is not written again.
struct RecordAttendance {
    std::string trip_id;
    std::vector<std::string> student_ids;
    int stop = kSchoolStop;
    AttendanceKind kind = AttendanceKind::in;
    std::string reason = {};  // absent
};
// Closes a trip; refused on the device while anyone is unaccounted for.
struct CloseTrip {
    std::string trip_id;
};

// --- Kiosk terminals (KioskController) -------------------------------------------
// The base's staff enrol this kiosk with a one-time code, a name for it and
// the PIN that guards the staff's menu (typed twice).
struct KioskEnrol {
    std::string code, name, pin, pin_again;
};
// A line from the scanner (a card's QR code) or a typed student number.
struct KioskScan {
    std::string line;
};
// A name tapped in a trip's roster.
struct KioskPick {
    std::string trip_id, student_id;
};
struct KioskCheckOut {
    std::string trip_id, student_id;
};
// The roster of a trip ("" lists the trips), the attract screen, the PIN.
struct KioskShow {
    KioskScreen screen;
    std::string trip_id = {};
};
struct KioskUnlock {
    std::string pin;
};
// Staff only (after the PIN): everyone of a group who is not in yet.
struct KioskGroupIn {
    std::string trip_id, group;
};
struct KioskSendNow {};
// Staff only: forget the enrolment (refused while check-ins wait to be sent).
struct KioskForget {};
struct KioskQuit {};

// --- Accounts and classes -------------------------------------------------------
struct SignIn {
    api::LoginRequest request;
};
struct Register {
    api::RegisterRequest request;
};
struct SignOut {};
struct TakeOverStore {};
struct CreateClass {
    api::CreateClassRequest request;
};
struct JoinClass {
    std::string code;
};
struct IssueGuardianCode {
    std::string class_id, student_id;
};
struct LinkGuardian {
    std::string code;
};
// The signed-in user's own account: a new password (their other sessions
// end), the list of their sessions, and ending one of them.
struct ChangePassword {
    api::ChangePasswordRequest request;
};
struct LoadSessions {};
struct EndSession {
    std::string id;  // SessionInfo::id; the current one signs this device out
};
// An administrator issues a one-use invitation for a teacher of a school.
struct InviteTeacher {
    api::TeacherInvitationRequest request;
};
// A student made by a roster import sets their password with the code from
// their card, and is signed in.
struct FirstSignIn {
    api::FirstSignInRequest request;
};

// --- Rosters and student cards (RosterController) -------------------------------------
// A class's teacher imports its roster: the CSV `pasted` into the class's
// field, or (nothing pasted) a file the platform's picker offers.
struct ImportRoster {
    std::string class_id;
    std::optional<std::string> pasted = std::nullopt;
};
// A class's teacher prints its students' cards (a page of the server).
struct PrintCards {
    std::string class_id;
};

// --- 知识库 --------------------------------------------------------------------
struct NewNote {
    std::string title;  // e.g. from a [[link]] to a note that does not exist yet
};
struct OpenNote {
    std::string id;
};
// Saves the editor's text. `ticket` (chosen by the view) comes back in
// AppState::notes.save, so the editor knows which of its saves succeeded.
struct SaveNote {
    Note note;  // id, title, body, subject, tags
    uint64_t ticket = 0;
};
struct DeleteNote {
    std::string id;
};
struct PinNote {
    std::string id;
    bool pinned;
};
struct RestoreVersion {
    std::string version_id;
    uint64_t ticket = 0;
};
struct SearchNotes {
    std::string query;
};

// --- 工具库 --------------------------------------------------------------------
struct MakeCards {
    std::string note_id;
};
struct ReviewCard {
    std::string card_id;
    int grade;  // 1 again .. 4 easy
};
struct AddLink {
    ResourceLink link;  // name, url, subject, grade, class_id
};
struct DeleteLink {
    std::string id;
};

// --- 活动库 --------------------------------------------------------------------
// A teacher publishes a new activity; the text fields as typed (steps,
// attachments and rubric one per line) are parsed and checked by the
// controller with the shared rules.
struct PublishActivity {
    Activity activity;  // class, kind, title, body, due date
    std::string steps, attachments, rubric;
};
// A student saves their work on an activity (a draft, or submitted).
struct SaveWork {
    std::string activity_id;
    std::string body;
    std::vector<bool> steps_done;
    bool submit = false;
};
// What the activities view shows (the activity, a child, a review, the form).
struct FocusActivity {
    ActivityFocus focus;
};
// A teacher scores a submission against the rubric and writes feedback.
struct ReviewWork {
    std::string submission_id;
    std::vector<double> rubric_scores;
    std::string feedback;
};

// --- 学习课表 ------------------------------------------------------------------
// A new entry of the shown timetable (`item.class_id`: a class's, "" one's
// own). Weekly entries belong to that timetable's term; without a term they
// start this week.
struct AddTimetableEntry {
    TimetableItem item;
};
struct DeleteTimetableEntry {
    std::string id;
};
// Saves the term of the shown timetable (a class's, or one's own): `term.id`
// "" for a new one; the holidays as typed (dates separated by spaces or commas).
struct SaveTerm {
    TermItem term;
    std::string holidays;
};
struct ExportTimetable {
    std::string class_id;
};
struct ImportTimetable {
    std::string class_id;
    std::string path_hint;  // where the platform has no file picker: a typed path
};

// --- Needs attention ---------------------------------------------------------------
// Settles a conflict of any body field (a note's text, a submission's answer
// or feedback, an activity's description): `adopt` puts the kept version back
// into the record, and closes the conflict in the same write.
struct ResolveConflict {
    std::string conflict_id;
    bool adopt;
};
// Sends a change the server refused again, as a new edit checked like one.
struct RetryRefused {
    std::string change_id;
};
// Forgets a refused change (what it wrote stays visible until then).
struct DiscardRefused {
    std::string change_id;
};

// --- The parents' side (家长) --------------------------------------------------------
// A trip's teacher saves its consent form: the sections as typed (the
// controller computes the digest; a changed text asks every guardian again).
struct SaveConsentForm {
    ConsentForm form;  // trip_id and the six sections
};
// A trip's teacher reminds the guardians who have not answered.
struct RemindConsent {
    std::string trip_id;
};
// A guardian answers for a child: to the text they read (`text_hash`), so an
// answer to a text changed meanwhile is asked again rather than counted.
struct AnswerConsent {
    std::string trip_id, student_id;
    ConsentAnswer answer = ConsentAnswer::consented;
    std::string text_hash;
    std::string signer_name, relation, medical_note;
};
// Teachers and administrators curate the parent school (id "" for a new one).
struct SaveHomeResource {
    HomeResource resource;
};
struct DeleteHomeResource {
    std::string id;
};

using Command = std::variant<Navigate, OpenUrl, ChangeSettings, KeepDraft, DropDraft, DraftShown, DiscardDrafts,
                             SelectBase, SetBaseFilter, ReloadBases, Locate, ShowRoute, ImportBases, SetBaseStatus,
                             ToggleTripBase, PlanFromRoute, PlanTrip, RateBase, SelectTrip, RecordAttendance, CloseTrip,
                             SignIn, Register, SignOut, TakeOverStore, CreateClass, JoinClass, IssueGuardianCode,
                             LinkGuardian, ChangePassword, LoadSessions, EndSession, InviteTeacher, FirstSignIn,
                             ImportRoster, PrintCards,
                             NewNote, OpenNote, SaveNote, DeleteNote, PinNote, RestoreVersion, SearchNotes,
                             MakeCards, ReviewCard, AddLink, DeleteLink,
                             FocusActivity, PublishActivity, SaveWork, ReviewWork,
                             AddTimetableEntry, DeleteTimetableEntry, SaveTerm, ExportTimetable, ImportTimetable,
                             ResolveConflict, RetryRefused, DiscardRefused,
                             SaveConsentForm, RemindConsent, AnswerConsent, SaveHomeResource, DeleteHomeResource,
                             KioskEnrol, KioskScan, KioskPick, KioskCheckOut, KioskShow, KioskUnlock, KioskGroupIn,
                             KioskSendNow, KioskForget, KioskQuit>;

class Commands {
public:
    void push(Command c) { queue_.push_back(std::move(c)); }
    std::vector<Command> take() { return std::exchange(queue_, {}); }

private:
    std::vector<Command> queue_;
};

}  // namespace zx::client
