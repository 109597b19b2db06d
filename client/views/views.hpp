#pragma once
// The central list of views. Each view lives in its own file with one draw
// function; it reads AppState, keeps its widget buffers in its own UI struct,
// and asks for changes by pushing Commands. Views never call each other.
#include "app_state.hpp"

#include <span>

namespace zx::platform {
class Platform;
}

namespace zx::client {

struct ViewContext {
    const AppState& state;
    ViewUi& ui;
    platform::Platform& platform;
    Commands& out;
};

void draw_space_view(ViewContext& ctx);
void draw_knowledge_view(ViewContext& ctx);
void draw_tools_view(ViewContext& ctx);
void draw_activities_view(ViewContext& ctx);
void draw_timetable_view(ViewContext& ctx);
void draw_map_view(ViewContext& ctx);
void draw_trips_view(ViewContext& ctx);
void draw_settings_view(ViewContext& ctx);

// For views of the signed-in user's data: when it is not available (signed
// out, the store opening or held by another tab) draws why and returns false.
bool data_ready(ViewContext& ctx);
// A status line for a view's last action.
void notice_line(const std::string& text, bool ok);

// Records the last ImGui item's rectangle under `name` (see ItemRect).
void note_item(ViewUi& ui, std::string name);

struct ViewEntry {
    ViewId id;
    S title;
    void (*draw)(ViewContext&);
};

// In navigation order.
std::span<const ViewEntry> all_views();
const ViewEntry& view_entry(ViewId id);

}  // namespace zx::client
