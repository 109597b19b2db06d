#pragma once
// The client application, the same on the web and the desktop. The two thin
// drivers (client/platform/*/main_*.cpp) own the window and the GPU; each
// frame they start the backend frame, call App::frame(), and render.
#include "app_state.hpp"
#include "style.hpp"
#include "sync/engine.hpp"

#include "zx/geo/cluster.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace zx::platform {
class Platform;
}

namespace zx::client {

class App {
public:
    explicit App(platform::Platform& platform);
    ~App();

    // With an ImGui context current and before the first frame: builds fonts,
    // sets the theme and starts loading settings, server health and bases.
    void init();

    // One whole ImGui frame: runs platform completions, NewFrame, draws every
    // visible view, Render, then applies the commands the views pushed.
    // The caller renders ImGui::GetDrawData() afterwards.
    void frame();

    const AppState& state() const { return state_; }
    // The read-only test hook's JSON (window.zhixing.state(), --dump-state).
    std::string state_json() const;

    // Lets a driver or test start in a given view (for example --view map).
    void navigate(ViewId v) { commands_.push(Navigate{v}); }
    // The views' own UI state, for tests that act as a paste would.
    ViewUi& test_ui() { return state_.ui; }

    // Selects a base and centres the map on it, as picking it in the list does.
    void select_base(const std::string& id) { commands_.push(SelectBase{id, true}); }
    // Opens the routes tab with this route drawn on the map.
    void show_route(const std::string& id) {
        state_.ui.map.tab = 1;
        state_.ui.map.route = id;
    }

private:
    void draw_shell();
    void draw_nav(float width);
    void draw_status_bar();
    void apply(const Command& c);
    void apply_account(const Command& c);
    void request_health();
    void request_bases();
    void on_bases(int status, const std::string& body, const std::string& error);
    void refilter();
    // Sends the map the clusters of its current view when the view or the
    // shown set changed (once per frame, after the commands).
    void update_map();
    // Takes the bases from the synced replica when it holds them: status,
    // capacity and ratings changes arrive there first.
    void bases_from_replica();
    void save_settings();
    // Writes state_.ui.trips as a trip with its timetable entry, activities
    // and participants (zx/trips.hpp), or says why it cannot.
    void plan_trip();
    // Sends a GeoJSON or CSV file to POST /api/v1/bases/import (admins) and
    // puts the row-by-row report in state_.ui.map.import_report.
    void import_bases(const std::string& path_hint);

    // Accounts: one request at a time; `on_ok` gets the JSON answer.
    void account_request(const std::string& method, const std::string& path, const nlohmann::json& body,
                         std::function<void(const nlohmann::json&)> on_ok);
    void establish(const api::Session& s);
    void notice(bool ok, std::string text);
    void open_note(const std::string& id);
    void save_note(const SaveNote& sn);
    void search(const std::string& query);
    void make_cards(const std::string& note_id);
    void review_card(const std::string& card_id, int grade);
    void export_timetable();
    void import_timetable(const std::string& path_hint);
    static std::string tags_text(const sync::Record& note);

    platform::Platform& platform_;
    AppState state_;
    Fonts fonts_;
    Commands commands_;
    SyncEngine engine_;
    double next_health_check_ = 0;  // ImGui time
    cluster::Index clusters_;       // over state_.bases.shown (item index = position in shown)
    bool clusters_dirty_ = true;
    std::optional<platform::MapView> last_view_;
    std::string last_route_;        // the route the map draws now
    std::string fitted_route_;      // the route the map was last fitted to
    uint64_t bases_revision_ = 0;   // the replica's "bases" revision last taken
    uint64_t routes_revision_ = 0;
};

}  // namespace zx::client
