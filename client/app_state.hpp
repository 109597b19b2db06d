#pragma once
// The one state object of the client. The App owns it; each feature
// controller (client/controllers/) writes its own part; views only read it
// (through ViewContext's const reference) and push Commands. The views'
// widget buffers (text being typed) are not here: each view owns its UI
// struct (client/views/view_ui.hpp).
#include "i18n.hpp"
#include "platform/platform.hpp"
#include "settings.hpp"
#include "state_types.hpp"
#include "sync/engine.hpp"

#include "zx/geo/geo.hpp"
#include "zx/tours/base.hpp"
#include "zx/tours/route.hpp"
#include "zx/wire/api.hpp"
#include "zx/wire/kiosk.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zx::client {

class SpaceData;

struct BasesState {
    LoadStatus status = LoadStatus::idle;
    std::string error;          // why, in the user's language, when status == error
    std::vector<Base> all;      // listed bases, ordered by id
    bool demo = false;          // demo data (the server said so, or the records do)
    BaseFilter filter;          // the filter that `shown` reflects
    std::vector<size_t> shown;  // indices into `all` matching `filter`, in `all`'s order
    bool from_sync = false;     // `all` came from this device's synced records
};

struct MapState {
    std::string route;  // the curated route drawn on the map ("" = none)
    std::optional<geo::LatLon> my_location;
    std::string location_error;
    Notice import;       // the last import's report, as shown
    bool importing = false;
};

// Who is signed in on this device. The token is the server's bearer token;
// it is kept by the platform's storage ("session"), never in URLs or logs.
struct Account {
    bool signed_in = false;
    bool expired = false;  // the server refused the token; data stays, sign in again
    api::UserInfo user;
    std::string token;
    bool restored = false;  // the saved session was looked for (found or not)
};

// A teacher's roster imports and card prints (RosterController): one at a
// time, its answer shown under the class it was for.
struct RosterState {
    std::string class_id;  // the class of the last action ("" = none yet)
    bool busy = false;
    Notice notice;         // its report, in the user's language
    uint64_t imported = 0; // grows with each import the server took (the paste field clears)
    std::string saved_to;  // where the last card page was saved (a device that saves pages: the desktop)
};

// A kiosk terminal at a study-tour base (KioskController, issue 12);
// its screens are KioskScreen (state_types.hpp).

// What the kiosk keeps of its enrolment ("kiosk" in the platform's storage).
// The PIN is kept as a salted digest only.
struct KioskEnrolment {
    std::string device_id, token, base_id, base_name, name;
    std::string pin_salt, pin_hash;
};

// The answer to one scan or tap, on the student screen until the next one
// or the idle reset.
struct KioskResult {
    enum class Kind {
        checked_in, already_in, checked_out, already_out,  // a student found
        unreadable, not_found, other_school, consent_missing, not_saved,
    } kind = Kind::unreadable;
    std::string typed;  // what was scanned or typed (not_found, unreadable)
    std::string trip_id, trip_title, student_id, name, group, task;
    int stop = 0;
    int64_t at = 0;  // when it was recorded (0: before this kiosk's run, time unknown)
    bool can_check_out = false;
};
std::string_view kiosk_result_code(KioskResult::Kind k);

struct KioskState {
    bool on = false;     // this run is a kiosk (Platform::kiosk_mode)
    int idle_s = 60;
    bool loaded = false; // the stored enrolment and queue were read
    std::optional<KioskEnrolment> enrolment;
    KioskScreen screen = KioskScreen::enrol;
    std::optional<api::KioskToday> today;  // the last answer (kept for a restart offline)
    int64_t today_at = 0;                  // when it arrived (this device's clock)
    bool today_loading = false;
    // Check-ins and -outs made here and not yet acknowledged by the server,
    // oldest first; durable (kept in storage "kiosk-queue") before they are
    // shown as made.
    std::vector<AttendanceEvent> queue;
    bool sending = false;
    int64_t sent_at = 0;  // the last batch the server took (0: none this run)
    // What the server refused of the queue (a consent withdrawn meanwhile):
    // "name: why", for the staff's screen.
    std::vector<std::string> refused;
    std::optional<KioskResult> result;
    std::string roster_trip;  // the trip whose roster is shown
    Notice notice;            // the enrolment's or the staff's last action
    bool busy = false;        // enrolling
    std::string revoked;      // why, in the user's language (screen revoked)
    uint64_t resets = 0;      // grows with every return to the attract screen (views clear their fields)
    int pin_failures = 0;
    int64_t pin_locked_until = 0;
    int64_t last_input_ms = 0;
};

struct SearchHit {
    std::string note_id;
    std::string snippet;
};

struct NotesState {
    // The note in the editor ("" = none; kNewRecord: a new note, written
    // only when it is first saved with some text, under a new id).
    std::string open_id;
    std::string new_title;    // a new note's title to start with (a [[link]]'s)
    std::string created_id;   // the id the last new note was saved under
    uint64_t opened = 0;      // grows each time a note is (re)opened: the editor reloads its buffers
    // The last save: the ticket the editor gave it, and how it went.
    uint64_t saved_ticket = 0;
    bool saved_ok = false;
    Notice notice;            // the last note action (save, cards, delete), as shown
    std::string searched;     // the query `hits` answer
    std::string searching;    // a query under way ("" = none)
    std::vector<SearchHit> hits;
};

// The trip a teacher is planning (研学行程), kept while they move between the
// map (picking bases) and the trips view.
struct TripDraft {
    std::vector<std::string> bases;  // picked on the map, in visiting order
    std::string route_id;            // "" = the picked bases
    std::string selected_trip;       // the trip shown in the trips view
    uint64_t planned = 0;            // grows with each trip written (the form clears)
};

// Text typed into a field that edits a record and not saved yet, kept on this
// device until it is saved or discarded (DraftsController). Keyed by
// draft_key(collection, record id or a "new" key, field).
struct Draft {
    std::string text;
    std::string saved;  // the field's stored text when typing began
    std::string link;   // the route (routes.hpp) of the view it was typed in
    int64_t at = 0;     // when it was last typed (ms)
    bool shown = false; // put back into its field in this run (or typed there)
};
struct DraftsState {
    std::map<std::string, Draft> entries;
    bool loaded = false;   // read from the signed-in user's store
    size_t unwritten = 0;  // typed but not yet durable in the store
};
std::string draft_key(std::string_view collection, std::string_view record, std::string_view field);

struct AppState {
    Settings settings;
    Notice settings_notice;

    ViewId view = ViewId::space;
    ServerStatus server = ServerStatus::unknown;
    std::string server_version;
    // While `server` is offline: why (a refused certificate, say).
    platform::HttpFailure server_failure = platform::HttpFailure::none;
    void server_offline(platform::HttpFailure why) {
        server = ServerStatus::offline;
        server_failure = why;
    }

    BasesState bases;
    std::string selected_base;  // id, or empty
    std::vector<Route> routes;  // curated routes, from the server's list or the synced records
    MapState map;

    Account account;
    bool account_busy = false;  // a sign-in or class request is under way
    Notice account_notice;      // the answer to the last one
    // The signed-in user's sessions as last listed by the server (newest
    // first), and whether they have been listed since signing in.
    std::vector<api::SessionInfo> sessions;
    bool sessions_loaded = false;
    // The last teacher invitation this administrator issued (its code is
    // shown once: the server keeps only a digest).
    std::optional<api::TeacherInvitation> invitation;
    RosterState roster;
    KioskState kiosk;

    SyncStatus sync;            // refreshed every frame
    std::optional<SyncEngine::Progress> progress;  // long work under way
    // The signed-in user's records as typed data, rebuilt only when they
    // change (null when signed out or the store is not open).
    const SpaceData* data = nullptr;

    NotesState notes;
    TripDraft trip_draft;
    ActivityFocus activity;
    DraftsState drafts;
    // The route of what is shown, as the address bar has it (routes.hpp).
    std::string link;
    // The last action's result, per feature (a view shows its own only).
    struct Notices {
        Notice activities, timetable, tools, trips, bases, attention, family;
        Notice last;  // whichever was set last (the test hook's "spaceNotice")
    } notices;
    void report(Notice& to, Notice n) { to = notices.last = std::move(n); }

    uint64_t frame = 0;
    int64_t now_ms = 0;  // wall clock at the start of the frame

    Lang lang() const { return settings.language; }
    const Base* find_base(const std::string& id) const;
    const Route* find_route(const std::string& id) const;
};

}  // namespace zx::client
