#pragma once
// The central list of views. Each view lives in its own file with one draw
// function; it reads AppState and the typed records (AppState::data), keeps
// its widget buffers in its own UI struct (view_ui.hpp), and asks for changes
// by pushing Commands. Views never call or write each other.
#include "app_state.hpp"
#include "commands.hpp"
#include "views/view_ui.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

struct ImFont;

namespace zx::platform {
class Platform;
}

namespace zx::client {

class SpaceData;
struct Fonts;

struct ViewContext {
    const AppState& state;
    platform::Platform& platform;
    Commands& out;
    std::vector<ItemRect>& items;
    Lang lang() const { return state.lang(); }
};

void draw_space_view(ViewContext& ctx, SpaceViewUi& ui);
void draw_knowledge_view(ViewContext& ctx, KnowledgeViewUi& ui);
void draw_tools_view(ViewContext& ctx, ToolsViewUi& ui);
void draw_activities_view(ViewContext& ctx, ActivitiesViewUi& ui);
void draw_timetable_view(ViewContext& ctx, TimetableViewUi& ui);
void draw_map_view(ViewContext& ctx, MapViewUi& ui);
void draw_trips_view(ViewContext& ctx, TripsViewUi& ui);
void draw_settings_view(ViewContext& ctx, SettingsViewUi& ui);
void draw_attention_view(ViewContext& ctx, AttentionViewUi& ui);
void draw_family_view(ViewContext& ctx, FamilyViewUi& ui);

// A trip's consent for its teachers (consent_panel.cpp): the form to edit,
// the counts, the roster with who has not consented marked, and reminding.
void draw_consent_panel(ViewContext& ctx, const SpaceData& data, const Trip& trip, ConsentEditUi& ui);
// A trip's live register for its teachers (register_panel.cpp).
void draw_register_panel(ViewContext& ctx, const SpaceData& data, const Trip& trip, RegisterUi& ui);

// For views of the signed-in user's data: when it is not available (signed
// out, the store opening or held by another tab) draws why and returns null.
const SpaceData* data_ready(ViewContext& ctx);
// A status line for a feature's last action, in the notice colours.
void notice_line(const Notice& n);
void notice_line(const std::string& text, bool ok);

// The open conflicts of `target_id`'s `field` ("" for any field), each with
// "use this version" and "keep the current text" (conflict_panel.cpp).
// When the person took the other version this frame, that text (a view
// holding the field in an edit buffer puts it there).
std::optional<std::string> draw_conflicts(ViewContext& ctx, const SpaceData& data, std::string_view target_id,
                                          std::string_view field, float width);

// Which field of which record a text field edits: the collection, the
// record's id (kNewRecord for one not created yet) and the field.
struct DraftOf {
    std::string_view collection, record, field;
};
// A text field that edits a record (views/draft_field.cpp): what is typed is
// kept as a draft on this device (DraftsController) until the field holds
// `saved`, the stored text (or the form's default), again; a draft kept from
// before (a reload, a crash, a closed tab) is put back into `value` the first
// time the field is drawn, as a change. Otherwise as ui::input_text (not for
// kInputEnterReturnsTrue). Returns true when `value` changed.
bool draft_text(ViewContext& ctx, const DraftOf& of, std::string& value, std::string_view saved, const char* id,
                const char* hint, ImVec2 size = {0, 0}, int flags = ui::kInputNone);

// Records the last ImGui item's rectangle under `name` (see ItemRect).
void note_item(ViewContext& ctx, std::string name);

struct ViewEntry {
    ViewId id;
    S title;
    void (*draw)(ViewContext&, ViewUi&);  // draws the view with its own UI struct
    // Whether navigation lists it now (null: always). A hidden view can still
    // be shown (by a command), and stays listed while it is.
    bool (*listed)(const AppState&) = nullptr;
};

// In navigation order.
std::span<const ViewEntry> all_views();
const ViewEntry& view_entry(ViewId id);

// The whole window: navigation, the current view, the status bar.
struct ShellContext {
    const AppState& state;
    ViewUi& ui;
    platform::Platform& platform;
    Commands& out;
    const Fonts& fonts;
};
void draw_shell(const ShellContext& shell);
// A kiosk terminal's whole window instead of the shell (kiosk_shell.cpp).
void draw_kiosk_shell(const ShellContext& shell);

}  // namespace zx::client
