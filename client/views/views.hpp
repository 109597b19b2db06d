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
void draw_map_view(ViewContext& ctx);
void draw_settings_view(ViewContext& ctx);

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
