#include "app.hpp"

#include "platform/platform.hpp"
#include "views/views.hpp"

#include "zx/api.hpp"
#include "zx/version.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace zx::client {

namespace {
// How often the status bar re-checks the server; short enough that coming
// back online is noticed soon, long enough to cost nothing.
constexpr double kHealthIntervalS = 10.0;
constexpr float kNavWidth = 200.0f;
// Map zoom used when a base is picked from the list (street level).
constexpr double kFocusZoom = 13.0;
}  // namespace

std::string_view view_code(ViewId v) {
    switch (v) {
        case ViewId::space: return "space";
        case ViewId::map: return "map";
        case ViewId::settings: return "settings";
    }
    return "space";
}

std::string_view load_status_code(LoadStatus s) {
    switch (s) {
        case LoadStatus::idle: return "idle";
        case LoadStatus::loading: return "loading";
        case LoadStatus::ready: return "ready";
        case LoadStatus::error: return "error";
    }
    return "idle";
}

const Base* AppState::find_base(const std::string& id) const {
    for (const auto& b : bases.all)
        if (b.id == id) return &b;
    return nullptr;
}

App::App(platform::Platform& platform) : platform_(platform) {}

void App::init() {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; nothing to remember
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    fonts_ = load_fonts(platform_.font_path());
    apply_theme(state_.settings.ui_scale);

    platform_.set_state_provider([this] { return state_json(); });
    platform_.set_map_pick_handler([this](const std::string& id) { commands_.push(SelectBase{id, false}); });
    // Runs at the first poll(), before any view can change a setting.
    platform_.storage_load(kSettingsKey, [this](std::optional<std::string> text) {
        if (!text) return;
        state_.settings = settings_from_json(*text);
        apply_theme(state_.settings.ui_scale);
    });
    request_health();
    request_bases();
}

void App::request_health() {
    platform_.http_get(api::kHealthPath, [this](const platform::HttpResponse& r) {
        const bool was_offline = state_.server != ServerStatus::online;
        if (r.status == 200) {
            state_.server = ServerStatus::online;
            const auto j = nlohmann::json::parse(r.body, nullptr, false);
            if (j.is_object()) state_.server_version = j.value("version", "");
            // Coming back online retries a failed load without the user asking.
            if (was_offline && state_.bases.status == LoadStatus::error) request_bases();
        } else {
            state_.server = ServerStatus::offline;
        }
    });
}

void App::request_bases() {
    state_.bases.status = LoadStatus::loading;
    state_.bases.error.clear();
    platform_.http_get(api::kBasesPath,
                       [this](const platform::HttpResponse& r) { on_bases(r.status, r.body, r.error); });
}

void App::on_bases(int status, const std::string& body, const std::string& error) {
    auto& b = state_.bases;
    if (status != 200) {
        b.status = LoadStatus::error;
        if (status == 0) {
            b.error = error;
            state_.server = ServerStatus::offline;
        } else {
            // Prefer the server's own explanation from the JSON error body.
            api::Error e;
            try {
                from_json(nlohmann::json::parse(body), e);
                b.error = "HTTP " + std::to_string(status) + ": " + e.message;
            } catch (const std::exception&) {
                b.error = "HTTP " + std::to_string(status);
            }
        }
        return;
    }
    try {
        api::BaseList list;
        from_json(nlohmann::json::parse(body), list);
        b.all = std::move(list.bases);
        b.demo = list.demo;
        b.status = LoadStatus::ready;
        state_.server = ServerStatus::online;
    } catch (const std::exception& e) {
        b.status = LoadStatus::error;
        b.error = std::string("invalid response: ") + e.what();
        return;
    }
    if (!state_.selected_base.empty() && !state_.find_base(state_.selected_base)) state_.selected_base.clear();
    refilter();
}

void App::refilter() {
    auto& b = state_.bases;
    b.shown.clear();
    for (size_t i = 0; i < b.all.size(); ++i)
        if (matches_query(b.all[i], b.query)) b.shown.push_back(i);
    push_markers();
}

void App::push_markers() {
    std::vector<platform::MapMarker> markers;
    markers.reserve(state_.bases.shown.size());
    for (size_t i : state_.bases.shown) {
        const auto& base = state_.bases.all[i];
        markers.push_back({base.id, base.name, base.lat, base.lon, category_rgb(base.category)});
    }
    platform_.map_set_markers(std::move(markers));
    platform_.map_select(state_.selected_base);
}

void App::save_settings() {
    platform_.storage_save(kSettingsKey, settings_to_json(state_.settings), [this](bool ok) {
        state_.settings_notice_ok = ok;
        state_.settings_notice = tr(state_.lang(), ok ? S::SettingsSaved : S::SettingsSaveFailed);
    });
}

void App::apply(const Command& c) {
    if (const auto* nav = std::get_if<Navigate>(&c)) {
        state_.view = nav->view;
    } else if (const auto* sel = std::get_if<SelectBase>(&c)) {
        const Base* base = sel->id.empty() ? nullptr : state_.find_base(sel->id);
        state_.selected_base = base ? base->id : std::string();
        platform_.map_select(state_.selected_base);
        if (base && sel->focus_map) platform_.map_focus(base->lat, base->lon, kFocusZoom);
        if (base && !sel->focus_map) state_.ui.map.scroll_to_selected = true;
    } else if (const auto* q = std::get_if<SetBaseQuery>(&c)) {
        state_.bases.query = q->query;
        refilter();
    } else if (std::holds_alternative<ReloadBases>(c)) {
        request_bases();
    } else if (const auto* cs = std::get_if<ChangeSettings>(&c)) {
        const bool scale_changed = cs->settings.ui_scale != state_.settings.ui_scale;
        state_.settings = cs->settings;
        if (scale_changed) apply_theme(state_.settings.ui_scale);
        save_settings();
    }
}

void App::frame() {
    platform_.poll();
    ImGui::NewFrame();
    ++state_.frame;
    state_.ui.items.clear();
    if (ImGui::GetTime() >= next_health_check_) {
        next_health_check_ = ImGui::GetTime() + kHealthIntervalS;
        if (state_.frame > 1) request_health();
    }
    draw_shell();
    ImGui::Render();
    platform_.end_frame();
    for (const auto& c : commands_.take()) apply(c);
}

void App::draw_shell() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    constexpr ImGuiWindowFlags kRoot = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    ImGui::Begin("##zhixing", nullptr, kRoot);
    ImGui::PopStyleVar();

    const float scale = state_.settings.ui_scale;
    const float status_h = ImGui::GetFrameHeight() + 6 * scale;
    const float nav_w = kNavWidth * scale;
    const ImVec2 avail = ImGui::GetContentRegionAvail();

    ImGui::BeginChild("##nav", {nav_w, avail.y - status_h});
    draw_nav(nav_w);
    ImGui::EndChild();
    ImGui::SameLine(0, 0);

    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {16 * scale, 14 * scale});
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetStyleColorVec4(ImGuiCol_WindowBg));
    ImGui::BeginChild("##content", {0, avail.y - status_h}, ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    ViewContext ctx{state_, state_.ui, platform_, commands_};
    if (fonts_.title) ImGui::PushFont(fonts_.title);
    ImGui::TextUnformatted(tr(state_.lang(), view_entry(state_.view).title));
    if (fonts_.title) ImGui::PopFont();
    ImGui::Spacing();
    view_entry(state_.view).draw(ctx);
    ImGui::EndChild();

    draw_status_bar();
    ImGui::End();
}

void App::draw_nav(float width) {
    const float scale = state_.settings.ui_scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetWindowPos();
    dl->AddRectFilled(p0, {p0.x + width, p0.y + ImGui::GetWindowHeight()}, im_color(0x17414D));

    ImGui::SetCursorPos({18 * scale, 18 * scale});
    ImGui::PushStyleColor(ImGuiCol_Text, im_color(0xFFFFFF));
    if (fonts_.title) ImGui::PushFont(fonts_.title);
    ImGui::TextUnformatted(tr(state_.lang(), S::AppName));
    if (fonts_.title) ImGui::PopFont();
    ImGui::SetCursorPosX(18 * scale);
    ImGui::PushStyleColor(ImGuiCol_Text, im_color(0xB9D3DA));
    ImGui::TextUnformatted(tr(state_.lang(), S::AppTagline));
    ImGui::PopStyleColor();
    ImGui::Dummy({0, 14 * scale});

    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, {0.0f, 0.5f});
    for (const auto& v : all_views()) {
        const bool active = v.id == state_.view;
        ImGui::SetCursorPosX(10 * scale);
        ImGui::PushStyleColor(ImGuiCol_Header, im_color(0x2A6F80));
        ImGui::PushStyleColor(ImGuiCol_HeaderHovered, im_color(0x22596A));
        ImGui::PushStyleColor(ImGuiCol_HeaderActive, im_color(0x2A6F80));
        ImGui::PushID(static_cast<int>(v.id));
        if (ImGui::Selectable(tr(state_.lang(), v.title), active, 0, {width - 20 * scale, 40 * scale}))
            commands_.push(Navigate{v.id});
        note_item(state_.ui, "nav:" + std::string(view_code(v.id)));
        ImGui::PopID();
        ImGui::PopStyleColor(3);
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

void App::draw_status_bar() {
    const Lang l = state_.lang();
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {12, 4});
    ImGui::BeginChild("##status", {0, 0}, ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar();
    const float y = ImGui::GetCursorPosY();
    uint32_t dot = 0xB0B0B0;
    std::string text;
    char buf[256];
    switch (state_.server) {
        case ServerStatus::online:
            dot = 0x2E9E5B;
            std::snprintf(buf, sizeof buf, tr(l, S::StatusOnline), state_.server_version.c_str());
            text = buf;
            break;
        case ServerStatus::offline:
            dot = 0xC8102E;
            text = tr(l, S::StatusOffline);
            break;
        case ServerStatus::unknown: text = tr(l, S::StatusConnecting); break;
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float r = 5.0f;
    const float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddCircleFilled({p.x + r, p.y + h / 2}, r, im_color(dot));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 2 * r + 6);
    ImGui::TextUnformatted(text.c_str());
    if (state_.bases.status == LoadStatus::ready) {
        ImGui::SameLine(0, 24);
        std::snprintf(buf, sizeof buf, tr(l, S::StatusBases), static_cast<int>(state_.bases.all.size()));
        ImGui::TextUnformatted(buf);
        if (state_.bases.demo) {
            ImGui::SameLine(0, 8);
            ImGui::TextDisabled("(%s)", tr(l, S::StatusDemo));
        }
    }
    ImGui::SetCursorPosY(y);
    ImGui::EndChild();
}

std::string App::state_json() const {
    const auto& b = state_.bases;
    nlohmann::json j{
        {"target", platform_.target()},
        {"frame", state_.frame},
        {"view", view_code(state_.view)},
        {"language", lang_code(state_.lang())},
        {"server", state_.server == ServerStatus::online    ? "online"
                   : state_.server == ServerStatus::offline ? "offline"
                                                            : "unknown"},
        {"basesStatus", load_status_code(b.status)},
        {"bases", b.all.size()},
        {"shownBases", b.shown.size()},
        {"query", b.query},
        {"demo", b.demo},
        {"selectedBase", state_.selected_base},
        {"fontCjk", fonts_.cjk},
    };
    if (const Base* sel = state_.find_base(state_.selected_base)) j["selectedBaseName"] = sel->name;
    auto& items = j["items"] = nlohmann::json::object();
    for (const auto& it : state_.ui.items) items[it.name] = {it.x, it.y, it.w, it.h};
    return j.dump();
}

}  // namespace zx::client
