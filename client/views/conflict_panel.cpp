// The conflicts of one body field, shown under the field where it is edited
// (a note's text, a submission's answer or feedback, an activity's
// description) and in the "needs attention" view: the text that lost a
// concurrent edit, with the two ways to settle it.
#include "data/space_data.hpp"
#include "style.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include <imgui.h>

namespace zx::client {

std::optional<std::string> draw_conflicts(ViewContext& ctx, const SpaceData& data, std::string_view target_id,
                                          std::string_view field, float width) {
    const Lang l = ctx.lang();
    std::optional<std::string> adopted;
    for (const Conflict* c : data.all_open_conflicts()) {
        if (c->target_id != target_id || (!field.empty() && c->field != field)) continue;
        ImGui::PushID(c->id.c_str());
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(im_vec4(kWarnRgb), "%s", tr(l, S::ConflictNotice));
        ImGui::PopTextWrapPos();
        ImGui::BeginChild("##other", {width, ImGui::GetTextLineHeightWithSpacing() * 3}, ImGuiChildFlags_Border);
        ImGui::TextWrapped("%s", c->value.c_str());
        ImGui::EndChild();
        note_item(ctx, "conflict:text:" + c->id);
        if (ui::small_button(tr(l, S::UseOther))) {
            ctx.out.push(ResolveConflict{c->id, true});
            adopted = c->value;
        }
        note_item(ctx, "conflict:use:" + c->id);
        ImGui::SameLine();
        if (ui::small_button(tr(l, S::KeepMine))) ctx.out.push(ResolveConflict{c->id, false});
        note_item(ctx, "conflict:keep:" + c->id);
        ImGui::PopID();
    }
    return adopted;
}

}  // namespace zx::client
