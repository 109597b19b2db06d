#pragma once
// The one state object of the client. The App owns it; views read it and push
// Commands; only the App changes it (besides widget buffers that belong to a
// view's own UI, such as the text of a search box).
#include "i18n.hpp"
#include "settings.hpp"
#include "sync/engine.hpp"

#include "zx/wire/api.hpp"
#include "zx/tours/base.hpp"
#include "zx/tours/trips.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace zx::client {

class Replica;

enum class ViewId { space, knowledge, tools, activities, timetable, map, trips, settings };
std::string_view view_code(ViewId v);  // "space", "knowledge", ..., "settings"

enum class LoadStatus { idle, loading, ready, error };
std::string_view load_status_code(LoadStatus s);

enum class ServerStatus { unknown, online, offline };

struct BasesState {
    LoadStatus status = LoadStatus::idle;
    std::string error;          // set when status == error
    std::vector<Base> all;      // as listed by the server, ordered by id
    bool demo = false;          // the server said this is demo data
    BaseFilter filter;          // the filter that `shown` reflects
    std::vector<size_t> shown;  // indices into `all` matching `filter`, in `all`'s order
    bool from_sync = false;     // `all` came from this device's synced replica
};

// Who is signed in on this device. The token is the server's bearer token;
// it is kept by the platform's storage ("session"), never in URLs or logs.
struct Account {
    bool signed_in = false;
    bool expired = false;  // the server refused the token; data stays, sign in again
    api::UserInfo user;
    std::string token;
};

// Widget state that belongs to the views themselves (text being typed, a
// slider being dragged), kept across frames and view switches.
struct MapViewUi {
    std::string query;
    bool scroll_to_selected = false;
    bool show_filters = false;
    int tab = 0;                 // 0 = bases, 1 = routes (精品线路)
    std::string route;           // the route drawn on the map ("" = none)
    std::string open_date;       // the date field of the filter, as typed
    int radius_choice = 0;       // index into the radius choices (0 = any distance)
    int near_choice = 0;         // 0 = map centre, 1 = selected base, 2 = my location
    std::optional<geo::LatLon> my_location;
    std::string location_error;
    // Base management (staff and admins): the fields being edited.
    std::string edit_base;       // the base the edit fields belong to
    int edit_status = 0;
    int edit_capacity = 0;
    std::string edit_reason;
    std::string import_path;     // desktop: the file to import
    std::string import_report;   // the server's answer to the last import
    bool import_ok = true;
};
// The trip a teacher is planning (研学行程), kept while they move between the
// map (picking bases) and the trips view.
struct TripsViewUi {
    std::string class_id;
    std::string title;
    std::string date;
    std::string start = "08:30";
    std::string end = "16:30";
    std::string route_id;             // "" = the picked bases below
    std::vector<std::string> bases;   // picked on the map, in visiting order
    std::string groups;               // "name, teacher" per line
    std::string selected_trip;
    // Rating a base of a past trip.
    std::string rate_base;
    int stars[5] = {5, 5, 5, 5, 5};   // overall, safety, course, organisation, value
    std::string comment;
};
struct SettingsViewUi {
    int scale_percent = 0;  // while the scale slider is dragged; 0 = not editing
};
struct NoteEditorUi {
    std::string id;  // the note being edited; empty for none
    std::string title;
    std::string body;
    std::string subject;
    std::string tags;  // comma-separated while editing
    bool dirty = false;  // edited since loaded or saved
    std::string notice;  // the result of the last save
    bool notice_ok = true;
};
struct SpaceViewUi {
    std::string username, password, display_name;
    int role = 0;  // register as: 0 student, 1 teacher, 2 parent
    bool registering = false;
    std::string class_name;
    int grade = 7;
    std::string code;
};
struct SearchHit {
    std::string note_id;
    std::string snippet;
};
struct KnowledgeViewUi {
    NoteEditorUi note;
    int mode = 2;  // 0 edit, 1 preview, 2 side by side
    std::string query;             // as typed
    std::string searched;          // the query `hits` answer
    bool searching = false;
    std::vector<SearchHit> hits;
    std::string subject_filter;    // "" = all subjects
    std::string version_shown;     // a note_versions id being looked at
    bool focus_search = false;     // Ctrl+F: put the keyboard in the search box
};
struct ToolsViewUi {
    std::string tool = "flashcards";
    // flashcards
    std::string card;  // the card being reviewed
    bool revealed = false;
    int reviewed_today = 0;
    // focus timer
    bool timer_running = false;
    bool timer_break = false;
    int64_t timer_end_ms = 0;
    int64_t timer_left_ms = 25 * 60 * 1000;
    int focus_sessions = 0;
    // converter
    int category = 0, from = 1, to = 0;
    std::string amount = "1";
    // calculator
    std::string expression;
    std::string result;
    std::vector<std::string> history;
    bool radians = false;
    // resource links (teachers add)
    std::string link_name, link_url, link_subject;
    int link_grade = 7;
    std::string link_class;
};
struct ActivitiesViewUi {
    std::string selected;  // activity id
    std::string draft_for;  // the activity `draft` belongs to
    std::string draft;      // the student's answer being written
    std::vector<bool> steps;
    // teachers: a new activity
    bool creating = false;
    std::string title, body, steps_text, attachments_text, rubric_text = "内容|40\n过程|30\n表达|30", due;
    int kind = 0;
    std::string class_id;
    // teachers: reviewing a submission
    std::string reviewing;  // submission id
    std::vector<std::string> rubric_scores;
    std::string feedback;
};
struct TimetableViewUi {
    int week_offset = 0;  // 0 = this week
    bool day_view = false;
    int day = 0;          // 0-6 within the shown week (day view)
    // a new entry
    std::string title, location, date, start = "08:00", end = "08:45";
    int weekday = 1, weeks = 0, kind = 0;
    bool one_off = false;
    // the term
    std::string term_name, term_start, term_end, holidays;
    std::string class_id;  // teachers: the class whose timetable is edited
    std::string import_path;  // desktop: the .ics file to read
};
// Screen rectangles of the interactive items drawn this frame, by name
// ("nav:map", "base:zj-0001", "lang:en"). The test hook reports them so that
// browser and desktop tests click where a person would, without guessing
// pixels. Rebuilt every frame; only items actually drawn are listed.
struct ItemRect {
    std::string name;
    float x, y, w, h;
};
struct ViewUi {
    MapViewUi map;
    TripsViewUi trips;
    SettingsViewUi settings;
    SpaceViewUi space;
    KnowledgeViewUi knowledge;
    ToolsViewUi tools;
    ActivitiesViewUi activities;
    TimetableViewUi timetable;
    std::vector<ItemRect> items;
};

struct AppState {
    Settings settings;
    std::string settings_notice;  // result of the last save, shown in settings
    bool settings_notice_ok = true;

    ViewId view = ViewId::space;
    BasesState bases;
    std::string selected_base;  // id, or empty
    std::vector<Route> routes;  // curated routes, from the server's list or the replica

    ServerStatus server = ServerStatus::unknown;
    std::string server_version;

    Account account;
    bool account_busy = false;    // a sign-in or class request is under way
    std::string account_notice;   // the answer to the last one
    bool account_notice_ok = true;
    SyncStatus sync;              // refreshed every frame
    const Replica* data = nullptr;  // the signed-in user's records (null when signed out)

    ViewUi ui;
    uint64_t frame = 0;
    int64_t now_ms = 0;  // wall clock at the start of the frame
    std::optional<SyncEngine::Progress> progress;  // long work under way

    // What a space view reports (timetable clashes, import results, ...).
    std::string space_notice;
    bool space_notice_ok = true;

    Lang lang() const { return settings.language; }
    const Base* find_base(const std::string& id) const;
    const Route* find_route(const std::string& id) const;
};

// --- Commands: what views ask for; App::apply() carries them out after drawing.
struct Navigate {
    ViewId view;
};
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
// Adds a base to (or, when present, removes it from) the trip being planned.
struct ToggleTripBase {
    std::string base_id;
};
// An admin imports bases and routes from a GeoJSON or CSV file (picked with
// the platform's file dialog) into the server; the report lands in the map
// view's notice.
struct ImportBases {
    std::string path_hint;  // desktop: a path typed by the user
};
// Writes the trip being planned (state.ui.trips) and everything it brings
// into timetables and activity libraries, in one batch.
struct PlanTrip {};
struct ChangeSettings {
    Settings settings;
};
struct SignIn {
    std::string username, password;
};
struct Register {
    api::RegisterRequest request;
};
struct SignOut {};
struct TakeOverStore {};
struct CreateClass {
    std::string name;
    int grade;
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
struct NewNote {
    std::string title;  // e.g. from a [[link]] to a note that does not exist yet
};
struct OpenNote {
    std::string id;
};
struct SaveNote {
    std::string id, title, body, subject, tags;
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
};
struct SearchNotes {
    std::string query;
};
struct MakeCards {
    std::string note_id;
};
struct ReviewCard {
    std::string card_id;
    int grade;  // 1 again .. 4 easy
};
// A plain write of some fields of one record (or its deletion), for the
// simple edits the views make; the engine persists it and syncs it.
struct EditRecord {
    std::string collection, id;
    nlohmann::json fields;
    std::optional<bool> deleted;
};
struct ExportTimetable {};
struct ImportTimetable {
    std::string path_hint;  // desktop: a path typed by the user
};
struct OpenUrl {
    std::string url;
};
// Settles a conflict: `adopt` puts the kept version back into the note.
struct ResolveConflict {
    std::string conflict_id;
    bool adopt;
};
using Command = std::variant<Navigate, SelectBase, SetBaseFilter, ReloadBases, Locate, ToggleTripBase, PlanTrip, ImportBases, ChangeSettings, SignIn, Register,
                             SignOut, TakeOverStore, CreateClass, JoinClass, IssueGuardianCode, LinkGuardian,
                             NewNote, OpenNote, SaveNote, DeleteNote, PinNote, RestoreVersion, SearchNotes,
                             MakeCards, ReviewCard, EditRecord, ExportTimetable, ImportTimetable, OpenUrl,
                             ResolveConflict>;

class Commands {
public:
    void push(Command c) { queue_.push_back(std::move(c)); }
    std::vector<Command> take() { return std::exchange(queue_, {}); }

private:
    std::vector<Command> queue_;
};

}  // namespace zx::client
