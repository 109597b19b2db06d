// 工具库: the built-in tools (all of them work offline) and the learning
// resources teachers share with their classes.
#include "tools/tools.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include <imgui.h>

#include <algorithm>

namespace zx::client {

void draw_tools_view(ViewContext& ctx, ToolsViewUi& ui) {
    if (!data_ready(ctx)) return;
    const Lang l = ctx.state.lang();
    const float list_w = std::clamp(ImGui::GetContentRegionAvail().x * 0.24f, 200.0f, 300.0f);
    ui::begin_pane("##toollist", {list_w, 0});
    const ToolEntry* current = &all_tools().front();
    for (const auto& t : all_tools()) {
        if (t.id == ui.tool) current = &t;
        ImGui::PushID(t.id.data(), t.id.data() + t.id.size());
        const float h = ImGui::GetTextLineHeight() * 2 + 6;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (ui::selectable("##tool", t.id == ui.tool, 0, {0, h})) ui.tool = std::string(t.id);
        note_item(ctx, "tool:" + std::string(t.id));
        ImGui::GetWindowDrawList()->AddText({p.x + 4, p.y + 2}, ImGui::GetColorU32(ImGuiCol_Text), tr(l, t.name));
        ImGui::GetWindowDrawList()->AddText({p.x + 4, p.y + 4 + ImGui::GetTextLineHeight()},
                                            ImGui::GetColorU32(ImGuiCol_TextDisabled), tr(l, t.description));
        ImGui::PopID();
    }
    ui::end_pane();
    ui::next_pane();
    ui::begin_pane("##tool", {0, 0});
    current->draw(ctx, ui);
    notice_line(ctx.state.notices.tools);
    ui::end_pane();
}

}  // namespace zx::client
