// 研学地图: the list of study-tour bases beside the map. The list and the map
// always show the same filtered set; picking in either selects in both.
#include "platform/platform.hpp"
#include "style.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include <imgui.h>

#include <cstdio>
#include <cstring>

namespace zx::client {

namespace {

constexpr float kPanelWidth = 360.0f;

void draw_details(const Base& b, Lang l, Commands& out) {
    const bool zh = l == Lang::zh;
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(b.name.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::BeginTable("##details", 2, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        auto row = [](const char* k, const char* v) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", k);
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(v);
            ImGui::PopTextWrapPos();
        };
        row(tr(l, S::FieldCategory), std::string(label(b.category, zh)).c_str());
        row(tr(l, S::FieldLevel), std::string(label(b.level, zh)).c_str());
        row(tr(l, S::FieldRegion), (b.city + " " + b.district).c_str());
        row(tr(l, S::FieldAddress), b.address.c_str());
        char coords[64];
        std::snprintf(coords, sizeof coords, "%.5f, %.5f", b.lat, b.lon);
        row(tr(l, S::FieldCoordinates), coords);
        row(tr(l, S::FieldId), b.id.c_str());
        ImGui::EndTable();
    }
    if (ImGui::Button(tr(l, S::MapShowOnMap))) out.push(SelectBase{b.id, true});
    if (b.demo) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr(l, S::MapDemoNotice));
    }
}

void draw_list(ViewContext& ctx, float width, float height) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const bool zh = l == Lang::zh;
    ImGui::BeginChild("##bases", {width, height}, ImGuiChildFlags_Border);
    if (s.bases.shown.empty()) ImGui::TextDisabled("%s", tr(l, S::MapNoMatch));
    // Only the visible rows are laid out, so 100,000 bases cost what 30 do.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(s.bases.shown.size()));
    int selected_row = -1;
    if (ctx.ui.map.scroll_to_selected) {
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
            if (ImGui::Selectable("##row", sel, 0, {0, line * 2 + 4})) ctx.out.push(SelectBase{b.id, true});
            note_item(ctx.ui, "base:" + b.id);
            if (sel && r == selected_row) ImGui::SetScrollHereY(0.5f);
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddCircleFilled({p.x + 6, p.y + line / 2 + 1}, 5, im_color(category_rgb(b.category)));
            dl->AddText({p.x + 18, p.y}, ImGui::GetColorU32(ImGuiCol_Text), b.name.c_str());
            char sub[160];
            std::snprintf(sub, sizeof sub, "%s · %s · %s%s", std::string(label(b.category, zh)).c_str(),
                          std::string(label(b.level, zh)).c_str(), b.city.c_str(), b.district.c_str());
            dl->AddText({p.x + 18, p.y + line + 2}, ImGui::GetColorU32(ImGuiCol_TextDisabled), sub);
            ImGui::PopID();
        }
    }
    if (selected_row >= 0) ctx.ui.map.scroll_to_selected = false;
    ImGui::EndChild();
}

}  // namespace

void draw_map_view(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const float scale = s.settings.ui_scale;
    const float panel_w = kPanelWidth * scale;
    const ImVec2 region = ImGui::GetContentRegionAvail();

    ImGui::BeginGroup();
    auto& query = ctx.ui.map.query;
    if (ui::input_text(ctx.platform, "##query", query, tr(l, S::MapSearchHint), {panel_w, 0}) && s.bases.query != query)
        ctx.out.push(SetBaseQuery{query});
    note_item(ctx.ui, "map:search");

    char count[96];
    const int total = static_cast<int>(s.bases.all.size());
    const int shown = static_cast<int>(s.bases.shown.size());
    switch (s.bases.status) {
        case LoadStatus::idle:
        case LoadStatus::loading: ImGui::TextDisabled("%s", tr(l, S::MapLoading)); break;
        case LoadStatus::error:
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + panel_w);
            ImGui::TextColored({0.78f, 0.1f, 0.1f, 1}, tr(l, S::MapLoadFailed), s.bases.error.c_str());
            ImGui::PopTextWrapPos();
            if (ImGui::Button(tr(l, S::MapRetry))) ctx.out.push(ReloadBases{});
            break;
        case LoadStatus::ready:
            if (shown == total)
                std::snprintf(count, sizeof count, tr(l, S::MapCountAll), total);
            else
                std::snprintf(count, sizeof count, tr(l, S::MapCountFiltered), shown, total);
            ImGui::TextUnformatted(count);
            if (s.bases.demo) {
                ImGui::SameLine();
                ImGui::TextDisabled("· %s", tr(l, S::StatusDemo));
            }
            break;
    }

    const Base* sel = s.find_base(s.selected_base);
    const float details_h = sel ? ImGui::GetTextLineHeightWithSpacing() * 9.5f : ImGui::GetTextLineHeight() * 3;
    const float list_h = ImGui::GetContentRegionAvail().y - details_h - ImGui::GetStyle().ItemSpacing.y;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {8, 6});
    draw_list(ctx, panel_w, list_h);
    ImGui::BeginChild("##details", {panel_w, 0}, ImGuiChildFlags_Border);
    if (sel)
        draw_details(*sel, l, ctx.out);
    else
        ImGui::TextWrapped("%s", tr(l, S::MapSelectHint));
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::EndGroup();

    ImGui::SameLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float map_w = region.x - panel_w - ImGui::GetStyle().ItemSpacing.x;
    const float map_h = ImGui::GetContentRegionAvail().y;
    if (map_w > 10 && map_h > 10) {
        ctx.platform.map_draw({p.x, p.y, map_w, map_h});
        note_item(ctx.ui, "map:region");
    }
}

}  // namespace zx::client
