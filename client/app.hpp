#pragma once
// The client application, the same on the web and the desktop. The two thin
// drivers (client/platform/*/main_*.cpp) own the window and the GPU; each
// frame they start the backend frame, call App::frame(), and render.
//
// The App only wires and dispatches: it owns the state, the views' UI, the
// sync engine and one controller per feature (client/controllers/), draws the
// shell (client/views/shell_view.cpp), and hands every command the views
// pushed to its controller.
#include "app_state.hpp"
#include "commands.hpp"
#include "controllers/account.hpp"
#include "controllers/activities.hpp"
#include "controllers/attention.hpp"
#include "controllers/base_admin.hpp"
#include "controllers/bases.hpp"
#include "controllers/drafts.hpp"
#include "controllers/links.hpp"
#include "controllers/family.hpp"
#include "controllers/kiosk.hpp"
#include "controllers/notes.hpp"
#include "controllers/roster.hpp"
#include "controllers/settings.hpp"
#include "controllers/timetable.hpp"
#include "controllers/tools.hpp"
#include "controllers/trips.hpp"
#include "data/space_data.hpp"
#include "glyphs.hpp"
#include "net/api_client.hpp"
#include "style.hpp"
#include "sync/engine.hpp"
#include "ui/layout.hpp"
#include "ui/touch_scroll.hpp"
#include "views/view_ui.hpp"

#include <string>

namespace zx::platform {
class Platform;
}

namespace zx::client {

// One record of the local store as JSON ("null" when absent), for the test
// hook's window.zhixing.record() (test_hook.cpp).
std::string record_json(const SyncEngine& engine, const std::string& collection, const std::string& id);

class App {
public:
    explicit App(platform::Platform& platform);
    ~App();

    // With an ImGui context current and before the first frame: builds fonts,
    // sets the theme and starts loading settings, the session, server health
    // and bases.
    void init();

    // Before the backend's new frame: applies what must change between
    // frames (a fuller font arrived, or glyphs were drawn for characters the
    // font lacks: the atlas is rebuilt). Returns true when
    // the font atlas changed, so the driver makes the renderer's font texture
    // again (ImGui_ImplOpenGL3_DestroyFontsTexture + CreateFontsTexture).
    bool prepare_frame();

    // One whole ImGui frame: runs platform completions, NewFrame, draws every
    // visible view, Render, then applies the commands the views pushed.
    // The caller renders ImGui::GetDrawData() afterwards.
    void frame();

    const AppState& state() const { return state_; }
    // The read-only test hook's JSON (window.zhixing.state(), --dump-state).
    std::string state_json() const;

    // For drivers and tests: start in a view, select a base, show a route.
    void navigate(ViewId v) { commands_.push(Navigate{v}); }
    void select_base(const std::string& id) { commands_.push(SelectBase{id, true}); }
    void show_route(const std::string& id);
    // Opens a link (client/routes.hpp) as if the address bar changed to it.
    void open_link(const std::string& link) { links_.changed(link); }
    // The views' own UI state, for tests that act as a paste would.
    ViewUi& test_ui() { return ui_; }
    // How often sync pulls without a signal (drivers and tests).
    void set_sync_intervals(SyncIntervals i) { engine_.set_intervals(i); }

private:
    void apply(const Command& c);

    platform::Platform& platform_;
    AppState state_;
    ViewUi ui_;
    Fonts fonts_;
    float body_em_per_px_ = 1.0f;  // the body font's em per px of its size (ui/layout.hpp)
    bool theme_applied_ = false;
    ui::TouchScroll touch_;
    std::shared_ptr<const std::vector<unsigned char>> pending_font_;  // arrived, not yet in the atlas
    GlyphCache glyphs_;  // characters the font lacks, drawn by the platform
    Commands commands_;
    SyncEngine engine_;
    ApiClient api_;
    Services services_;
    SpaceData data_;
    SettingsController settings_;
    AccountController account_;
    BasesController bases_;
    BaseAdminController base_admin_;
    NotesController notes_;
    ToolsController tools_;
    ActivitiesController activities_;
    TimetableController timetable_;
    TripsController trips_;
    AttentionController attention_;
    DraftsController drafts_;
    LinksController links_;
    FamilyController family_;
    RosterController roster_;
    KioskController kiosk_;
};

}  // namespace zx::client
