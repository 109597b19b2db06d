// 学习资源: links to outside resources that teachers curate for their classes
// (the "tools" collection); everyone sees their classes' links.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "tools/tools.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>

namespace zx::client {

void draw_resource_links(ViewContext& ctx, ToolsViewUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const SpaceData& data = *s.data;
    ImGui::TextUnformatted(tr(l, S::ToolLinks));
    const auto& links = data.links();
    if (links.empty()) ImGui::TextDisabled("%s", tr(l, S::NoLinks));
    if (!links.empty() && ImGui::BeginTable("##links", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn(tr(l, S::LinkName), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr(l, S::Subject), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(tr(l, S::Grade), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        for (const auto& t : links) {
            ImGui::PushID(t.id.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(t.name.c_str());
            ImGui::TextDisabled("%s", t.url.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(t.subject.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(grade_label(l, t.grade).c_str());
            ImGui::TableNextColumn();
            if (ui::small_button(tr(l, S::OpenLink))) ctx.out.push(OpenUrl{t.url});
            if (t.owner_id == s.account.user.id) {
                ImGui::SameLine();
                if (ui::small_button(tr(l, S::Delete))) ctx.out.push(DeleteLink{t.id});
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (s.account.user.role != api::Role::teacher) return;
    // Teachers share a link with one of their classes.
    ImGui::Separator();
    ImGui::TextUnformatted(tr(l, S::AddLink));
    draft_text(ctx, {"resource_links", kNewRecord, "name"}, ui.link_name, "", "##lname", tr(l, S::LinkName), {260, 0});
    note_item(ctx, "link:name");
    draft_text(ctx, {"resource_links", kNewRecord, "url"}, ui.link_url, "", "##lurl", "https://", {-1, 0},
               ui::kInputNoBlank);
    note_item(ctx, "link:url");
    draft_text(ctx, {"resource_links", kNewRecord, "subject"}, ui.link_subject, "", "##lsubject", tr(l, S::Subject),
               {160, 0});
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    ImGui::SliderInt("##lgrade", &ui.link_grade, 1, 12, grade_label(l, ui.link_grade).c_str(), ImGuiSliderFlags_NoInput);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(200);
    const SchoolClass* chosen = data.school_class(ui.link_class);
    if (ImGui::BeginCombo("##lclass", chosen ? chosen->name.c_str() : tr(l, S::PickClass))) {
        for (const SchoolClass* c : data.classes_taught_by(s.account.user.id))
            if (ui::selectable(c->name.c_str(), c->id == ui.link_class)) ui.link_class = c->id;
        ImGui::EndCombo();
    }
    ResourceLink link;
    link.name = ui.link_name;
    link.url = ui.link_url;
    link.subject = ui.link_subject;
    link.grade = ui.link_grade;
    link.class_id = ui.link_class;
    const auto problem = validate(link);
    ImGui::BeginDisabled(problem.has_value());
    if (ImGui::Button(tr(l, S::AddLink))) {
        ctx.out.push(AddLink{link});
        ui.link_name.clear();
        ui.link_url.clear();
    }
    ImGui::EndDisabled();
    note_item(ctx, "link:add");
    if (problem && !ui.link_url.empty()) notice_line(describe(l, *problem), false);
}

}  // namespace zx::client
