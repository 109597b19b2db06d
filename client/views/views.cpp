#include "views/views.hpp"

#include "data/space_data.hpp"
#include "style.hpp"

#include <imgui.h>

#include <array>

namespace zx::client {

namespace {
// Gives a view its own UI struct and nothing else of ViewUi.
template <auto Draw, auto Member>
void with_ui(ViewContext& ctx, ViewUi& all) {
    Draw(ctx, all.*Member);
}

bool has_attention(const AppState& s) { return s.data && s.data->attention_count() > 0; }
// The parents' home is a parent's; teachers and administrators curate its
// parent school there.
bool family_role(const AppState& s) {
    using api::Role;
    const auto r = s.account.user.role;
    return s.account.signed_in && (r == Role::parent || r == Role::teacher || r == Role::admin);
}

constexpr std::array kViews{
    ViewEntry{ViewId::family, S::NavFamily, &with_ui<&draw_family_view, &ViewUi::family>, &family_role},
    ViewEntry{ViewId::space, S::NavSpace, &with_ui<&draw_space_view, &ViewUi::space>},
    ViewEntry{ViewId::knowledge, S::SpaceKnowledge, &with_ui<&draw_knowledge_view, &ViewUi::knowledge>},
    ViewEntry{ViewId::tools, S::SpaceTools, &with_ui<&draw_tools_view, &ViewUi::tools>},
    ViewEntry{ViewId::activities, S::SpaceActivities, &with_ui<&draw_activities_view, &ViewUi::activities>},
    ViewEntry{ViewId::timetable, S::SpaceTimetable, &with_ui<&draw_timetable_view, &ViewUi::timetable>},
    ViewEntry{ViewId::map, S::NavMap, &with_ui<&draw_map_view, &ViewUi::map>},
    ViewEntry{ViewId::trips, S::NavTrips, &with_ui<&draw_trips_view, &ViewUi::trips>},
    ViewEntry{ViewId::settings, S::NavSettings, &with_ui<&draw_settings_view, &ViewUi::settings>},
    ViewEntry{ViewId::attention, S::NavAttention, &with_ui<&draw_attention_view, &ViewUi::attention>, &has_attention},
};
}  // namespace

void note_item(ViewContext& ctx, std::string name) {
    if (!ImGui::IsItemVisible()) return;  // scrolled out or clipped away
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    ctx.items.push_back({std::move(name), a.x, a.y, b.x - a.x, b.y - a.y});
}

const SpaceData* data_ready(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    if (!s.account.signed_in || s.account.expired) {
        ImGui::TextWrapped("%s", tr(l, s.account.expired ? S::SessionExpired : S::SignInNeeded));
        if (ImGui::Button(tr(l, S::SignInButton))) ctx.out.push(Navigate{ViewId::space});
        note_item(ctx, "goto:sign_in");
        return nullptr;
    }
    if (!s.data) {
        using K = SyncStatus::Kind;
        const bool blocked = s.sync.kind == K::busy_elsewhere || s.sync.kind == K::lost;
        ImGui::TextWrapped("%s", tr(l, blocked ? S::StoreBusy : S::SyncOpening));
        if (blocked && ImGui::Button(tr(l, S::UseHere))) ctx.out.push(TakeOverStore{});
        return nullptr;
    }
    return s.data;
}

void notice_line(const std::string& text, bool ok) {
    if (text.empty()) return;
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(im_vec4(ok ? kOkRgb : kErrorRgb), "%s", text.c_str());
    ImGui::PopTextWrapPos();
}

void notice_line(const Notice& n) { notice_line(n.text, n.ok); }

std::span<const ViewEntry> all_views() { return kViews; }

const ViewEntry& view_entry(ViewId id) {
    for (const auto& v : kViews)
        if (v.id == id) return v;
    return kViews.front();
}

}  // namespace zx::client
