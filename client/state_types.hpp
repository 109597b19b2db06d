#pragma once
// Small value types the app state, the commands and the views share.
#include <string>
#include <string_view>

namespace zx::client {

enum class ViewId { space, knowledge, tools, activities, timetable, map, trips, settings, attention, family };
std::string_view view_code(ViewId v);  // "space", "knowledge", ..., "attention"

// A kiosk terminal at a study-tour base (KioskController, issue 12): its screens.
enum class KioskScreen {
    enrol,     // not enrolled yet: the staff type an enrolment code, a name and a PIN
    attract,   // the base, today's trips, "scan your card"
    student,   // the result of a scan or a tap: checked in, already, refused
    roster,    // find a name in a trip's roster
    staff_pin, // the administrator PIN, before anything of the staff's
    staff,     // the staff's menu: queue, whole groups, unenrol, quit
    revoked,   // the server revoked this kiosk: why, and nothing else
};
std::string_view kiosk_screen_code(KioskScreen s);

enum class LoadStatus { idle, loading, ready, error };
std::string_view load_status_code(LoadStatus s);

enum class ServerStatus { unknown, online, offline };
std::string_view server_status_code(ServerStatus s);

// The outcome of the last action of a feature, as a person reads it: already
// in their language (controllers translate when they report), and whether
// it went well. Drawn by notice_line() in one colour scheme.
struct Notice {
    std::string text;
    bool ok = true;
    bool empty() const { return text.empty(); }
};

// The id that stands for a record being written and not yet created (a new
// note, a new activity): in links (/note/new) and draft keys.
inline constexpr std::string_view kNewRecord = "new";

// The activity shown in the activities view, and what is open beside it.
struct ActivityFocus {
    std::string id;        // the activity ("" = none)
    std::string child;     // parents: whose work is shown ("" = the first child)
    std::string review;    // teachers: the submission being reviewed
    bool creating = false; // teachers: writing a new activity
    bool operator==(const ActivityFocus&) const = default;
};

}  // namespace zx::client
