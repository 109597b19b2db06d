#include "views/views.hpp"

#include <imgui.h>

#include <array>

namespace zx::client {

namespace {
constexpr std::array kViews{
    ViewEntry{ViewId::space, S::NavSpace, &draw_space_view},
    ViewEntry{ViewId::knowledge, S::SpaceKnowledge, &draw_knowledge_view},
    ViewEntry{ViewId::tools, S::SpaceTools, &draw_tools_view},
    ViewEntry{ViewId::activities, S::SpaceActivities, &draw_activities_view},
    ViewEntry{ViewId::timetable, S::SpaceTimetable, &draw_timetable_view},
    ViewEntry{ViewId::map, S::NavMap, &draw_map_view},
    ViewEntry{ViewId::trips, S::NavTrips, &draw_trips_view},
    ViewEntry{ViewId::settings, S::NavSettings, &draw_settings_view},
};
}  // namespace

void note_item(ViewUi& ui, std::string name) {
    if (!ImGui::IsItemVisible()) return;  // scrolled out or clipped away
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    ui.items.push_back({std::move(name), a.x, a.y, b.x - a.x, b.y - a.y});
}

bool data_ready(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    if (!s.account.signed_in || s.account.expired) {
        ImGui::TextWrapped("%s", tr(l, s.account.expired ? S::SessionExpired : S::SignInNeeded));
        if (ImGui::Button(tr(l, S::SignInButton))) ctx.out.push(Navigate{ViewId::space});
        note_item(ctx.ui, "goto:sign_in");
        return false;
    }
    if (!s.data) {
        using K = SyncStatus::Kind;
        const bool blocked = s.sync.kind == K::busy_elsewhere || s.sync.kind == K::lost;
        ImGui::TextWrapped("%s", tr(l, blocked ? S::StoreBusy : S::SyncOpening));
        if (blocked && ImGui::Button(tr(l, S::UseHere))) ctx.out.push(TakeOverStore{});
        return false;
    }
    return true;
}

void notice_line(const std::string& text, bool ok) {
    if (text.empty()) return;
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ok ? ImVec4{0.18f, 0.55f, 0.3f, 1} : ImVec4{0.78f, 0.1f, 0.1f, 1}, "%s", text.c_str());
    ImGui::PopTextWrapPos();
}

std::span<const ViewEntry> all_views() { return kViews; }

const ViewEntry& view_entry(ViewId id) {
    for (const auto& v : kViews)
        if (v.id == id) return v;
    return kViews.front();
}

}  // namespace zx::client
