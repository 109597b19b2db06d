// 研学地图: the study-tour bases and curated routes beside the map. The list
// and the map always show the same filtered set (one BaseFilter, applied by
// the app) and say how many; picking in either selects in both.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"
#include "style.hpp"
#include "ui/layout.hpp"
#include "ui/widgets.hpp"
#include "views/map_parts.hpp"
#include "views/views.hpp"

#include "zx/space/timetable.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace zx::client {

namespace {

using namespace map_parts;

constexpr float kPanelWidth = 360.0f;

void draw_list(ViewContext& ctx, MapViewUi& ui, float width, float height) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::BeginChild("##bases", {width, height}, ImGuiChildFlags_Border);
    if (s.bases.shown.empty()) ImGui::TextDisabled("%s", tr(l, S::MapNoMatch));
    // Only the visible rows are laid out, so 100,000 bases cost what 30 do.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(s.bases.shown.size()));
    int selected_row = -1;
    if (ui.scroll_to_selected) {
        for (size_t r = 0; r < s.bases.shown.size(); ++r)
            if (s.bases.all[s.bases.shown[r]].id == s.selected_base) selected_row = static_cast<int>(r);
        if (selected_row >= 0) clipper.IncludeItemByIndex(selected_row);
    }
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const Base& b = s.bases.all[s.bases.shown[static_cast<size_t>(r)]];
            ImGui::PushID(b.id.c_str());
            const bool sel = b.id == s.selected_base;
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float line = ImGui::GetTextLineHeight();
            if (ui::selectable("##row", sel, 0, {0, line * 2 + 4})) {
                ctx.out.push(SelectBase{b.id, true});
                ui.seen_selection = b.id;  // picked here: no need to scroll to it
            }
            note_item(ctx, "base:" + b.id);
            if (sel && r == selected_row) ImGui::SetScrollHereY(0.5f);
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddCircleFilled({p.x + 6, p.y + line / 2 + 1}, 5, im_color(category_rgb(b.category)));
            dl->AddText({p.x + 18, p.y}, ImGui::GetColorU32(ImGuiCol_Text), b.name.c_str());
            std::string sub = std::string(label(l, b.category)) + " · " + label(l, b.level) + " · " + b.city + b.district;
            if (b.rating > 0) sub += " · ★" + Arg("", b.rating).value;
            if (b.status != BaseStatus::open) sub += std::string(" · ") + label(l, b.status);
            dl->AddText({p.x + 18, p.y + line + 2}, ImGui::GetColorU32(ImGuiCol_TextDisabled), sub.c_str());
            ImGui::PopID();
        }
    }
    if (selected_row >= 0) ui.scroll_to_selected = false;
    ImGui::EndChild();
}

void draw_routes(ViewContext& ctx, float width, float height) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::BeginChild("##routes", {width, height}, ImGuiChildFlags_Border);
    if (s.routes.empty()) ImGui::TextWrapped("%s", tr(l, S::RouteNone));
    for (const auto& r : s.routes) {
        ImGui::PushID(r.id.c_str());
        const bool sel = s.map.route == r.id;
        const float line = ImGui::GetTextLineHeight();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (ui::selectable("##route", sel, 0, {0, line * 2 + 4})) ctx.out.push(ShowRoute{sel ? "" : r.id});
        note_item(ctx, "route:" + r.id);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddText({p.x + 4, p.y}, ImGui::GetColorU32(ImGuiCol_Text), r.name.c_str());
        std::string first;
        if (!r.stops.empty())
            if (const Base* b = s.find_base(r.stops.front().base_id)) first = b->city + b->district;
        const auto sub = trf(l, S::RouteStops, {{"count", r.stops.size()}, {"place", first}});
        dl->AddText({p.x + 4, p.y + line + 2}, ImGui::GetColorU32(ImGuiCol_TextDisabled), sub.c_str());
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace

namespace {

// The search field and the filter and tab buttons.
bool draw_search_row(ViewContext& ctx, MapViewUi& ui, BaseFilter& f, float panel_w) {
    const Lang l = ctx.lang();
    bool changed = false;
    if (ui::input_text(ctx.platform, "##query", ui.query, tr(l, S::MapSearchHint), {panel_w, 0}) && f.query != ui.query) {
        f.query = ui.query;
        changed = true;
    }
    note_item(ctx, "map:search");

    const int n_on = active_filters(f);
    const auto toggle = n_on ? trf(l, S::MapFiltersOn, {{"count", n_on}}) : std::string(tr(l, S::MapFilters));
    if (ImGui::Button(toggle.c_str())) ui.show_filters = !ui.show_filters;
    note_item(ctx, "map:filters");
    ImGui::SameLine();
    for (int t = 0; t < 2; ++t) {
        if (t) ImGui::SameLine();
        const bool on = ui.tab == t;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(tr(l, t == 0 ? S::MapTabBases : S::MapTabRoutes))) ui.tab = t;
        if (on) ImGui::PopStyleColor();
        note_item(ctx, t == 0 ? "map:tab:bases" : "map:tab:routes");
    }
    return changed;
}

// How many bases are shown, and (admins) the import.
void draw_status(ViewContext& ctx, MapViewUi& ui, float panel_w) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const int total = static_cast<int>(s.bases.all.size());
    const int shown = static_cast<int>(s.bases.shown.size());
    switch (s.bases.status) {
        case LoadStatus::idle:
        case LoadStatus::loading: ImGui::TextDisabled("%s", tr(l, S::MapLoading)); break;
        case LoadStatus::error:
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + panel_w);
            ImGui::TextColored(im_vec4(kErrorRgb), "%s", trf(l, S::MapLoadFailed, {{"error", s.bases.error}}).c_str());
            ImGui::PopTextWrapPos();
            if (ImGui::Button(tr(l, S::MapRetry))) ctx.out.push(ReloadBases{});
            break;
        case LoadStatus::ready:
            ImGui::TextUnformatted((shown == total ? trf(l, S::MapCountAll, {{"total", total}})
                                                   : trf(l, S::MapCountFiltered, {{"shown", shown}, {"total", total}}))
                                       .c_str());
            note_item(ctx, "map:count");
            if (s.bases.demo) {
                ImGui::SameLine();
                ImGui::TextDisabled("· %s", tr(l, S::StatusDemo));
            }
            break;
    }

    if (s.account.signed_in && s.account.user.role == api::Role::admin) {
        // Admins bring bases and routes in from GeoJSON or CSV files.
        if (!ctx.platform.has_file_picker()) {  // no picker: the path is typed
            ui::input_text(ctx.platform, "##import", ui.import_path, tr(l, S::ImportPathHint), {panel_w * 0.6f, 0});
            ImGui::SameLine();
        }
        ImGui::BeginDisabled(s.map.importing);
        if (ImGui::Button(tr(l, S::ImportBasesButton))) ctx.out.push(ImportBases{ui.import_path});
        ImGui::EndDisabled();
        note_item(ctx, "map:import");
        if (!s.map.import.empty()) {
            // Wrapped inside the panel: a long report must not push the map aside.
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + panel_w);
            ImGui::TextColored(im_vec4(s.map.import.ok ? kOkRgb : kErrorRgb), "%s", s.map.import.text.c_str());
            ImGui::PopTextWrapPos();
        }
    }
}

// The list (bases or routes) of `list_h`, then the details of what is selected.
void draw_lists(ViewContext& ctx, MapViewUi& ui, float panel_w, float list_h, float details_h) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const Base* sel = s.find_base(s.selected_base);
    const Route* route = s.find_route(s.map.route);
    const bool details_route = ui.tab == 1 && route;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {8, 6});
    if (ui.tab == 0) draw_list(ctx, ui, panel_w, list_h);
    else draw_routes(ctx, panel_w, list_h);
    // details_h < 0: as high as the details are (in a region that scrolls).
    ImGui::BeginChild("##details", {panel_w, std::max(details_h, 0.0f)},
                      ImGuiChildFlags_Border | (details_h < 0 ? ImGuiChildFlags_AutoResizeY : 0));
    if (details_route)
        draw_route_details(ctx, *route);
    else if (sel)
        draw_details(ctx, ui, *sel);
    else
        ImGui::TextWrapped("%s", tr(l, S::MapSelectHint));
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

bool has_details(const AppState& s, const MapViewUi& ui) {
    return s.find_base(s.selected_base) || (ui.tab == 1 && s.find_route(s.map.route));
}

}  // namespace

void draw_map_view(ViewContext& ctx, MapViewUi& ui) {
    const AppState& s = ctx.state;
    const float scale = s.settings.ui_scale;
    const ImVec2 region = ImGui::GetContentRegionAvail();
    const auto& L = ui::layout();
    // A base selected elsewhere (on the map) is scrolled to in the list.
    if (s.selected_base != ui.seen_selection) {
        ui.seen_selection = s.selected_base;
        ui.scroll_to_selected = !s.selected_base.empty();
    }
    BaseFilter f = s.bases.filter;
    bool changed = false;

    if (L.phone && !L.landscape) {
        // A phone held upright: search, then the map across the whole width,
        // then the list and details in a region of their own below it. The
        // view never scrolls as a whole, so the map stays where it is laid out.
        changed = draw_search_row(ctx, ui, f, region.x);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float rest = ImGui::GetContentRegionAvail().y;
        const float map_h = std::max(160.0f, rest * 0.5f);
        ctx.platform.map_draw({p.x, p.y, region.x, map_h});
        note_item(ctx, "map:region");
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
        ImGui::BeginChild("##mappanel", {0, 0}, ImGuiChildFlags_AlwaysUseWindowPadding);
        ImGui::PopStyleVar();
        const float w = ImGui::GetContentRegionAvail().x;
        if (ui.show_filters) changed = draw_filters(ctx, ui, f, w) || changed;
        draw_status(ctx, ui, w);
        const float list_h = std::max(ImGui::GetFrameHeight() * 3, ImGui::GetContentRegionAvail().y * (has_details(s, ui) ? 0.5f : 1.0f));
        draw_lists(ctx, ui, w, list_h, -1);
        ImGui::EndChild();
        if (changed && !validate(f)) ctx.out.push(SetBaseFilter{f});
        return;
    }

    // Wide screens and phones on their side: the panel beside the map.
    const float panel_w = L.phone ? std::min(kPanelWidth * scale, region.x * 0.45f) : kPanelWidth * scale;
    ImGui::BeginGroup();
    changed = draw_search_row(ctx, ui, f, panel_w);
    if (ui.show_filters) changed = draw_filters(ctx, ui, f, panel_w) || changed;
    if (changed && !validate(f)) ctx.out.push(SetBaseFilter{f});
    draw_status(ctx, ui, panel_w);
    const float avail_h = ImGui::GetContentRegionAvail().y;
    const float details_h = has_details(s, ui) ? avail_h * 0.55f : ImGui::GetTextLineHeight() * 3;
    const float list_h = avail_h - details_h - ImGui::GetStyle().ItemSpacing.y;
    draw_lists(ctx, ui, panel_w, list_h, 0);
    ImGui::EndGroup();

    ImGui::SameLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float map_w = region.x - panel_w - ImGui::GetStyle().ItemSpacing.x;
    const float map_h = ImGui::GetContentRegionAvail().y;
    if (map_w > 10 && map_h > 10) {
        ctx.platform.map_draw({p.x, p.y, map_w, map_h});
        note_item(ctx, "map:region");
    }
}

}  // namespace zx::client
