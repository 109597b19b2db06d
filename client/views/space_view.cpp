// 个人空间: the entry to the "three libraries and one timetable". Each card
// becomes a working library in the personal-space issue; for now the view
// shows what the space will hold, so navigation and layout are settled.
#include "style.hpp"
#include "views/views.hpp"

#include <imgui.h>

#include <algorithm>

namespace zx::client {

namespace {
struct Card {
    S title;
    S desc;
    uint32_t rgb;
};
constexpr Card kCards[] = {
    {S::SpaceKnowledge, S::SpaceKnowledgeDesc, 0x2F6FD6},
    {S::SpaceTools, S::SpaceToolsDesc, 0x2E9E5B},
    {S::SpaceActivities, S::SpaceActivitiesDesc, 0xB0772C},
    {S::SpaceTimetable, S::SpaceTimetableDesc, 0x8E44AD},
};
}  // namespace

void draw_space_view(ViewContext& ctx) {
    const Lang l = ctx.state.lang();
    ImGui::TextWrapped("%s", tr(l, S::SpaceIntro));
    ImGui::Spacing();

    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const int columns = avail > 700 ? 2 : 1;
    const float card_w = (avail - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float card_h = std::max(120.0f, ImGui::GetTextLineHeightWithSpacing() * 5);

    int i = 0;
    for (const auto& c : kCards) {
        if (i % columns != 0) ImGui::SameLine();
        ImGui::PushID(i++);
        ImGui::BeginChild("##card", {card_w, card_h}, ImGuiChildFlags_Border);
        const ImVec2 p = ImGui::GetWindowPos();
        ImGui::GetWindowDrawList()->AddRectFilled(p, {p.x + 6, p.y + card_h}, im_color(c.rgb), 8.0f,
                                                  ImDrawFlags_RoundCornersLeft);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 6);
        ImGui::TextUnformatted(tr(l, c.title));
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 6);
        ImGui::TextDisabled("%s", tr(l, c.desc));
        ImGui::SetCursorPosY(card_h - ImGui::GetFrameHeightWithSpacing());
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 6);
        ImGui::BeginDisabled();
        ImGui::SmallButton(tr(l, S::SpaceComingSoon));
        ImGui::EndDisabled();
        ImGui::EndChild();
        ImGui::PopID();
    }
}

}  // namespace zx::client
