#pragma once
// Small value types the app state, the commands and the views share.
#include <string>
#include <string_view>

namespace zx::client {

enum class ViewId { space, knowledge, tools, activities, timetable, map, trips, settings, attention, family };
std::string_view view_code(ViewId v);  // "space", "knowledge", ..., "attention"

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
