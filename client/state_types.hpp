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

}  // namespace zx::client
