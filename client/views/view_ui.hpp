#pragma once
// Widget state that belongs to the views themselves (text being typed, a
// slider being dragged, which tab is open), kept across frames and view
// switches. Each view gets only its own struct (views.cpp's list); what a
// view must tell anyone else goes out as a Command.
#include "ui/widgets.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace zx::client {

struct MapViewUi {
    std::string query;
    bool show_filters = false;
    int tab = 0;                 // 0 = bases, 1 = routes (精品线路)
    std::string open_date;       // the date field of the filter, as typed
    int radius_choice = 0;       // index into the radius choices (0 = any distance)
    int near_choice = 0;         // 0 = map centre, 1 = selected base, 2 = my location
    // The list scrolls to a base selected elsewhere (on the map).
    std::string seen_selection;
    bool scroll_to_selected = false;
    // Base management (staff and admins): the fields being edited.
    std::string edit_base;       // the base the edit fields belong to
    int edit_status = 0;
    int edit_capacity = 0;
    std::string edit_reason;
    std::string import_path;     // where there is no file picker: the file to import
};

// A trip's consent form as its teacher edits it (consent_panel.cpp).
struct ConsentEditUi {
    std::string trip_id;  // the trip the buffers were loaded from
    std::string itinerary, costs, insurance, risks, bring, medical;
};

// A trip's register as its teacher works it (register_panel.cpp).
struct RegisterUi {
    static constexpr int kFollow = -2;  // follow the stop the trip is at
    std::string trip_id;
    int stop = kFollow;
    std::string absent_for;  // the student whose absence is being written
    std::string reason;
};

// The trip form (研学行程); the picked bases and route are the trips
// controller's draft (AppState::trip_draft).
inline constexpr const char* kTripStart = "08:30";
inline constexpr const char* kTripEnd = "16:30";

struct TripsViewUi {
    ConsentEditUi consent;
    RegisterUi day;
    std::string meeting_point;
    std::string class_id;
    std::string title;
    std::string date;
    std::string start = kTripStart;
    std::string end = kTripEnd;
    std::string groups;  // "name, teacher" per line
    uint64_t planned_seen = 0;
    // Rating a base of a past trip.
    std::string rate_base;
    int stars[5] = {5, 5, 5, 5, 5};  // overall, safety, course, organisation, value
    std::string comment;
};

struct SettingsViewUi {
    int scale_percent = 0;  // while the scale slider is dragged; 0 = not editing
    // Account and security: the password form, the user whose sessions were
    // asked for (they are listed once per sign-in, then on request), and the
    // administrator's invitation form.
    std::string current_password, new_password;
    std::string sessions_for;
    std::string invite_school, invite_school_name;
};

struct NoteEditorUi {
    std::string id;  // the note the buffers belong to
    uint64_t opened = 0;  // NotesState::opened when they were loaded
    uint64_t seen_revision = 0;  // SpaceData::revision() last compared with
    std::string title;
    std::string body;
    std::string subject;
    std::string tags;  // as typed: "数学, 物理"
    bool dirty = false;  // edited since loaded or saved
    uint64_t pending_ticket = 0;  // the save under way (NotesState::saved_ticket answers it)
    // What that save sent: typing that goes on while it is written stays
    // unsaved (and in the buffers) when the answer comes.
    std::string sent_title, sent_body, sent_subject, sent_tags;
    ui::MarkdownCache preview;    // the body parsed, kept while it is unchanged
};

struct SpaceViewUi {
    std::string username, password, display_name;
    int role = 0;  // register as: 0 student, 1 teacher, 2 parent
    std::string invitation;  // a teacher's school invitation code
    bool registering = false;
    std::string class_name;
    int grade = 7;
    std::string code;
    bool was_signed_in = false;
    // First sign-in with the code on a student's card (the password above is the new one).
    bool first_sign_in = false;
    std::string first_code;
    // A teacher's roster pasted as CSV where there is no file picker: the
    // class whose field is open ("" = none) and what is in it.
    std::string roster_class;
    std::string roster_text;
    uint64_t rosters_seen = 0;  // AppState::roster.imported when the field was last cleared
};

struct KnowledgeViewUi {
    NoteEditorUi note;
    int mode = 2;  // 0 edit, 1 preview, 2 side by side
    std::string query;           // as typed
    std::string subject_filter;  // "" = all subjects
    std::string version_shown;   // a note_versions id being looked at
    bool focus_search = false;   // Ctrl+F: put the keyboard in the search box
    uint64_t tickets = 0;        // the last ticket given to a save
};

struct ToolsViewUi {
    std::string tool = "flashcards";
    // flashcards
    std::string card;  // the card being reviewed
    bool revealed = false;
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
    bool result_ok = true;
    std::vector<std::string> history;
    bool radians = false;
    // resource links (teachers add)
    std::string link_name, link_url, link_subject;
    int link_grade = 7;
    std::string link_class;
};

// What is shown (the activity, the child, the review, the form) is
// AppState::activity, so links can open it; these are the buffers.
inline constexpr const char* kDefaultRubric = "内容|40\n过程|30\n表达|30";
struct ActivitiesViewUi {
    std::string scrolled_to;  // phone: the details last scrolled into view
    std::string draft_for;  // the activity `draft` belongs to
    std::string draft;      // the student's answer being written
    std::vector<bool> steps;
    // teachers: a new activity
    std::string title, body, steps_text, attachments_text, rubric_text = kDefaultRubric, due;
    int kind = 0;
    std::string class_id;
    // teachers: reviewing a submission
    std::string review_loaded;  // the submission the buffers below were loaded from
    std::vector<std::string> rubric_scores;
    std::string feedback;
};

inline constexpr const char* kEntryStart = "08:00";
inline constexpr const char* kEntryEnd = "08:45";
struct TimetableViewUi {
    int week_offset = 0;  // 0 = this week
    bool day_view = false;
    int day = 0;          // 0-6 within the shown week (day view)
    // a new entry
    std::string title, location, date, start = kEntryStart, end = kEntryEnd;
    int weekday = 1, weeks = 0, kind = 0;
    bool one_off = false;
    // the term
    std::string term_name, term_start, term_end, holidays;
    std::string class_id;     // teachers: the class whose timetable is edited
    std::string import_path;  // where there is no file picker: the .ics file to read
};

// Screen rectangles of the interactive items drawn this frame, by name
// ("nav:map", "base:zj-0001", "lang:en"). The test hook reports them so that
// browser and desktop tests click where a person would, without guessing
// pixels. Rebuilt every frame; only items actually drawn are listed.
struct ItemRect {
    std::string name;
    float x, y, w, h;
};

// "Needs attention": which refused change shows what it wrote.
struct AttentionViewUi {
    std::string open_change;
};

// The parents' home (family_view.cpp): which trip's form is open for which
// child, the answer being typed, and the teachers' parent-school form.
struct FamilyViewUi {
    std::string open_trip, open_child;  // the consent form shown ("" = none)
    std::string signer_name, relation, medical_note;
    std::string open_resource;          // the article shown in full
    std::string guardian_code;          // linking another child
    std::string res_title, res_url, res_body;
    int res_grade = 0, res_topic = 0;
};

// The shell at phone size: whether the navigation menu is open.
struct ShellUi {
    bool menu_open = false;
};

// The kiosk's fields (views/kiosk_*.cpp): cleared whenever the kiosk
// returns to its attract screen (KioskState::resets), so nothing typed stays.
struct KioskUi {
    uint64_t resets = 0;  // KioskState::resets the fields were cleared at
    std::string code, name, pin, pin_again;  // enrolment
    std::string scan;                        // the scanner's (or a typed) line
    std::string pin_entry;                   // the staff's PIN
};

struct ViewUi {
    ShellUi shell;
    KioskUi kiosk;
    FamilyViewUi family;
    MapViewUi map;
    TripsViewUi trips;
    SettingsViewUi settings;
    SpaceViewUi space;
    KnowledgeViewUi knowledge;
    ToolsViewUi tools;
    ActivitiesViewUi activities;
    TimetableViewUi timetable;
    AttentionViewUi attention;
    std::vector<ItemRect> items;
};

}  // namespace zx::client
