// 学习资源: links to outside resources that teachers curate for their classes
// (the "tools" collection); everyone sees their classes' links.
#include "tools/tools.hpp"
#include "ui/widgets.hpp"
#include "views/records.hpp"

#include <imgui.h>

namespace zx::client {

void draw_resource_links(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const Replica& data = *s.data;
    auto& ui = ctx.ui.tools;
    ImGui::TextUnformatted(tr(l, S::ToolLinks));
    auto links = data.list("tools");
    if (links.empty()) ImGui::TextDisabled("%s", tr(l, S::NoLinks));
    if (!links.empty() && ImGui::BeginTable("##links", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn(tr(l, S::LinkName), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr(l, S::Subject), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(tr(l, S::Grade), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        for (const auto* t : links) {
            ImGui::PushID(t->id.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(rec::str(*t, "name").c_str());
            ImGui::TextDisabled("%s", rec::str(*t, "url").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(rec::str(*t, "subject").c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", static_cast<int>(rec::num(*t, "grade")));
            ImGui::TableNextColumn();
            if (ImGui::SmallButton(tr(l, S::OpenLink))) ctx.out.push(OpenUrl{rec::str(*t, "url")});
            if (rec::str(*t, "owner_id") == s.account.user.id) {
                ImGui::SameLine();
                if (ImGui::SmallButton(tr(l, S::Delete)))
                    ctx.out.push(EditRecord{"tools", t->id, nlohmann::json::object(), true});
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (s.account.user.role != api::Role::teacher) return;
    // Teachers share a link with one of their classes.
    ImGui::Separator();
    ImGui::TextUnformatted(tr(l, S::AddLink));
    ui::input_text(ctx.platform, "##lname", ui.link_name, tr(l, S::LinkName), {260, 0});
    note_item(ctx.ui, "link:name");
    ui::input_text(ctx.platform, "##lurl", ui.link_url, "https://", {-1, 0}, ui::kInputNoBlank);
    note_item(ctx.ui, "link:url");
    ui::input_text(ctx.platform, "##lsubject", ui.link_subject, tr(l, S::Subject), {160, 0});
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    ImGui::SliderInt("##lgrade", &ui.link_grade, 1, 12, tr(l, S::GradeN));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(200);
    std::string class_name = tr(l, S::PickClass);
    for (const auto* c : data.list("classes"))
        if (c->id == ui.link_class) class_name = rec::str(*c, "name");
    if (ImGui::BeginCombo("##lclass", class_name.c_str())) {
        for (const auto* c : data.list("classes"))
            if (rec::str(*c, "teacher_id") == s.account.user.id && ImGui::Selectable(rec::str(*c, "name").c_str()))
                ui.link_class = c->id;
        ImGui::EndCombo();
    }
    const bool ok = !ui.link_name.empty() && (ui.link_url.rfind("https://", 0) == 0 || ui.link_url.rfind("http://", 0) == 0);
    ImGui::BeginDisabled(!ok);
    if (ImGui::Button(tr(l, S::AddLink))) {
        nlohmann::json f{{"name", ui.link_name}, {"url", ui.link_url}, {"subject", ui.link_subject}, {"grade", ui.link_grade}};
        if (!ui.link_class.empty()) f["class_id"] = ui.link_class;
        ctx.out.push(EditRecord{"tools", "", f, std::nullopt});
        ui.link_name.clear();
        ui.link_url.clear();
    }
    ImGui::EndDisabled();
    note_item(ctx.ui, "link:add");
    if (!ui.link_url.empty() && !ok) ImGui::TextColored({0.78f, 0.1f, 0.1f, 1}, "%s", tr(l, S::LinkNeedsHttp));
}

}  // namespace zx::client
