// 个人空间: sign-in, then the user's own data: notes (the seed of the
// knowledge base), classes for teachers and students, children for parents.
// Everything shown comes from the local replica, so it works offline; what
// needs the server (classes, codes) says so when it is unreachable.
#include "style.hpp"
#include "sync/replica.hpp"
#include "views/views.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace zx::client {

namespace {

using api::Role;

std::string field(const sync::Record& r, const char* name) {
    auto it = r.fields.find(name);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const char* role_label(Role r, Lang l) {
    switch (r) {
        case Role::student: return tr(l, S::RoleStudent);
        case Role::teacher: return tr(l, S::RoleTeacher);
        case Role::parent: return tr(l, S::RoleParent);
        case Role::base_staff: return tr(l, S::RoleStaff);
        case Role::admin: return tr(l, S::RoleAdmin);
    }
    return "";
}

void notice_line(const AppState& s) {
    if (s.account_notice.empty()) return;
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(s.account_notice_ok ? ImVec4{0.18f, 0.55f, 0.3f, 1} : ImVec4{0.78f, 0.1f, 0.1f, 1}, "%s",
                       s.account_notice.c_str());
    ImGui::PopTextWrapPos();
}

void draw_sign_in(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    auto& ui = ctx.ui.space;
    ImGui::TextWrapped("%s", tr(l, s.account.expired ? S::SessionExpired : S::SignInNeeded));
    ImGui::Spacing();
    if (s.account.expired && ui.username.empty()) ui.username = s.account.user.username;

    ImGui::BeginChild("##signin", {std::min(440.0f, ImGui::GetContentRegionAvail().x), 0},
                      ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::TextUnformatted(tr(l, ui.registering ? S::RegisterTitle : S::SignInTitle));
    ImGui::Separator();
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::SetNextItemWidth(w);
    ImGui::InputTextWithHint("##username", tr(l, S::Username), &ui.username, ImGuiInputTextFlags_CharsNoBlank);
    note_item(ctx.ui, "auth:username");
    ImGui::SetNextItemWidth(w);
    const bool enter = ImGui::InputTextWithHint("##password", tr(l, S::Password), &ui.password,
                                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    note_item(ctx.ui, "auth:password");
    if (ui.registering) {
        ImGui::SetNextItemWidth(w);
        ImGui::InputTextWithHint("##display", tr(l, S::DisplayName), &ui.display_name);
        note_item(ctx.ui, "auth:display_name");
        ImGui::TextUnformatted(tr(l, S::RoleLabel));
        const S roles[] = {S::RoleStudent, S::RoleTeacher, S::RoleParent};
        for (int i = 0; i < 3; ++i) {
            ImGui::SameLine();
            ImGui::RadioButton(tr(l, roles[i]), &ui.role, i);
            note_item(ctx.ui, "auth:role:" + std::to_string(i));
        }
    }
    ImGui::BeginDisabled(s.account_busy);
    const bool submit = ImGui::Button(tr(l, ui.registering ? S::RegisterButton : S::SignInButton), {w, 0}) || enter;
    note_item(ctx.ui, "auth:submit");
    ImGui::EndDisabled();
    if (submit && !s.account_busy) {
        if (ui.registering) {
            api::RegisterRequest r;
            r.username = ui.username;
            r.password = ui.password;
            r.display_name = ui.display_name;
            r.role = ui.role == 1 ? Role::teacher : ui.role == 2 ? Role::parent : Role::student;
            ctx.out.push(Register{r});
        } else {
            ctx.out.push(SignIn{ui.username, ui.password});
        }
    }
    if (ImGui::SmallButton(tr(l, ui.registering ? S::SwitchToSignIn : S::SwitchToRegister)))
        ui.registering = !ui.registering;
    note_item(ctx.ui, "auth:switch");
    notice_line(s);
    ImGui::EndChild();
}

void draw_store_problem(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    using K = SyncStatus::Kind;
    if (s.sync.kind == K::store_error) {
        char buf[600];
        std::snprintf(buf, sizeof buf, tr(l, S::StoreError), s.sync.message.c_str());
        ImGui::TextWrapped("%s", buf);
        return;
    }
    ImGui::TextWrapped("%s", tr(l, s.sync.kind == K::lost ? S::StoreLost : S::StoreBusy));
    if (ImGui::Button(tr(l, S::UseHere))) ctx.out.push(TakeOverStore{});
    note_item(ctx.ui, "store:take_over");
}

void draw_notes(ViewContext& ctx, const Replica& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    auto& ed = ctx.ui.space.note;

    ImGui::TextUnformatted(tr(l, S::Notes));
    ImGui::SameLine();
    if (ImGui::SmallButton(tr(l, S::NewNote))) ctx.out.push(NewNote{});
    note_item(ctx.ui, "note:new");

    const float list_w = std::max(160.0f, ImGui::GetContentRegionAvail().x * 0.32f);
    ImGui::BeginChild("##notelist", {list_w, 0}, ImGuiChildFlags_Border);
    auto notes = data.list("notes");
    std::sort(notes.begin(), notes.end(), [](const sync::Record* a, const sync::Record* b) {
        return a->fields.value("created_at", int64_t{0}) > b->fields.value("created_at", int64_t{0});
    });
    if (notes.empty()) ImGui::TextDisabled("%s", tr(l, S::NoNotes));
    for (const auto* n : notes) {
        const auto title = field(*n, "title");
        ImGui::PushID(n->id.c_str());
        if (ImGui::Selectable(title.empty() ? tr(l, S::Untitled) : title.c_str(), ed.id == n->id))
            ctx.out.push(OpenNote{n->id});
        note_item(ctx.ui, "note:" + n->id);
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();

    ImGui::BeginChild("##noteedit", {0, 0}, ImGuiChildFlags_Border);
    const auto* note = ed.id.empty() ? nullptr : data.find("notes", ed.id);
    if (!note || note->deleted) {
        ImGui::TextDisabled("%s", tr(l, S::PickNote));
    } else {
        // Unedited buffers follow the stored note, so a sync shows at once.
        if (!ed.dirty) {
            ed.title = field(*note, "title");
            ed.body = field(*note, "body");
        }
        const float w = ImGui::GetContentRegionAvail().x;
        ImGui::SetNextItemWidth(w);
        if (ImGui::InputTextWithHint("##title", tr(l, S::NoteTitle), &ed.title)) {
            ed.dirty = true;
            ed.notice.clear();
        }
        note_item(ctx.ui, "note:title");
        // Conflicts: another device changed the text at the same time.
        std::vector<const sync::Record*> conflicts;
        for (const auto* c : data.list("conflicts"))
            if (field(*c, "target_id") == ed.id && !c->fields.value("resolved", false)) conflicts.push_back(c);
        const float conflict_h = conflicts.empty() ? 0 : ImGui::GetTextLineHeightWithSpacing() * 7;
        const float body_h = ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 2 - conflict_h;
        if (ImGui::InputTextMultiline("##body", &ed.body, {w, std::max(80.0f, body_h)})) {
            ed.dirty = true;
            ed.notice.clear();
        }
        note_item(ctx.ui, "note:body");
        if (ImGui::Button(tr(l, S::Save))) ctx.out.push(SaveNote{ed.id, ed.title, ed.body});
        note_item(ctx.ui, "note:save");
        ImGui::SameLine();
        if (ImGui::Button(tr(l, S::Delete))) ctx.out.push(DeleteNote{ed.id});
        note_item(ctx.ui, "note:delete");
        if (!ed.notice.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(ed.notice_ok ? ImVec4{0.18f, 0.55f, 0.3f, 1} : ImVec4{0.78f, 0.1f, 0.1f, 1}, "%s",
                               ed.notice.c_str());
        }
        for (const auto* c : conflicts) {
            ImGui::PushID(c->id.c_str());
            ImGui::TextColored({0.75f, 0.35f, 0.0f, 1}, "%s", tr(l, S::ConflictNotice));
            ImGui::BeginChild("##other", {w, ImGui::GetTextLineHeightWithSpacing() * 3}, ImGuiChildFlags_Border);
            ImGui::TextWrapped("%s", field(*c, "value").c_str());
            ImGui::EndChild();
            if (ImGui::SmallButton(tr(l, S::UseOther))) ctx.out.push(ResolveConflict{c->id, true});
            note_item(ctx.ui, "conflict:use:" + c->id);
            ImGui::SameLine();
            if (ImGui::SmallButton(tr(l, S::KeepMine))) ctx.out.push(ResolveConflict{c->id, false});
            note_item(ctx.ui, "conflict:keep:" + c->id);
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

void draw_classes(ViewContext& ctx, const Replica& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    auto& ui = ctx.ui.space;
    const auto& me = s.account.user;

    auto name_of = [&](const std::string& user_id) {
        const auto* u = data.find("users", user_id);
        return u ? field(*u, "display_name") : user_id;
    };
    auto class_line = [&](const sync::Record& c) {
        ImGui::BulletText("%s", field(c, "name").c_str());
    };

    if (me.role == Role::parent) {
        ImGui::TextUnformatted(tr(l, S::Children));
        ImGui::TextDisabled("%s", tr(l, S::ParentScope));
        bool any = false;
        for (const auto* g : data.list("guardian_links")) {
            if (field(*g, "parent_id") != me.id) continue;
            any = true;
            const auto child = field(*g, "student_id");
            ImGui::BulletText("%s", name_of(child).c_str());
            ImGui::Indent();
            for (const auto* m : data.list("memberships"))
                if (field(*m, "user_id") == child)
                    if (const auto* c = data.find("classes", field(*m, "class_id"))) ImGui::TextDisabled("%s", field(*c, "name").c_str());
            ImGui::Unindent();
        }
        if (!any) ImGui::TextWrapped("%s", tr(l, S::NoChildren));
        ImGui::SetNextItemWidth(160);
        ImGui::InputTextWithHint("##gcode", tr(l, S::GuardianCodeLabel), &ui.code, ImGuiInputTextFlags_CharsUppercase);
        note_item(ctx.ui, "guardian:code");
        ImGui::SameLine();
        if (ImGui::Button(tr(l, S::LinkChild))) ctx.out.push(LinkGuardian{ui.code});
        note_item(ctx.ui, "guardian:link");
        return;
    }

    ImGui::TextUnformatted(tr(l, S::MyClasses));
    bool any = false;
    for (const auto* m : data.list("memberships")) {
        if (field(*m, "user_id") != me.id) continue;
        const auto* c = data.find("classes", field(*m, "class_id"));
        if (!c || c->deleted) continue;
        any = true;
        class_line(*c);
        if (me.role != Role::teacher) continue;
        ImGui::Indent();
        for (const auto* code : data.list("join_codes"))
            if (field(*code, "class_id") == c->id && field(*code, "kind") == "class") {
                char buf[96];
                std::snprintf(buf, sizeof buf, tr(l, S::JoinCode), field(*code, "code").c_str());
                ImGui::TextDisabled("%s", buf);
            }
        for (const auto* sm : data.list("memberships")) {
            if (field(*sm, "class_id") != c->id || field(*sm, "role") != "student") continue;
            const auto student = field(*sm, "user_id");
            ImGui::PushID(student.c_str());
            ImGui::TextUnformatted(name_of(student).c_str());
            ImGui::SameLine();
            if (ImGui::SmallButton(tr(l, S::IssueGuardianCode))) ctx.out.push(IssueGuardianCode{c->id, student});
            note_item(ctx.ui, "class:" + c->id + ":guardian:" + student);
            ImGui::PopID();
        }
        ImGui::Unindent();
    }
    if (!any) ImGui::TextDisabled("%s", tr(l, S::NoClasses));
    ImGui::Spacing();
    if (me.role == Role::teacher) {
        ImGui::SetNextItemWidth(180);
        ImGui::InputTextWithHint("##cname", tr(l, S::ClassName), &ui.class_name);
        note_item(ctx.ui, "class:name");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(90);
        ImGui::SliderInt("##grade", &ui.grade, 1, 12, tr(l, S::Grade));
        ImGui::SameLine();
        if (ImGui::Button(tr(l, S::CreateClass))) ctx.out.push(CreateClass{ui.class_name, ui.grade});
        note_item(ctx.ui, "class:create");
    } else if (me.role == Role::student) {
        ImGui::SetNextItemWidth(160);
        ImGui::InputTextWithHint("##ccode", tr(l, S::ClassCode), &ui.code, ImGuiInputTextFlags_CharsUppercase);
        note_item(ctx.ui, "class:code");
        ImGui::SameLine();
        if (ImGui::Button(tr(l, S::JoinClass))) ctx.out.push(JoinClass{ui.code});
        note_item(ctx.ui, "class:join");
    }
}

}  // namespace

void draw_space_view(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    if (!s.account.signed_in || s.account.expired) return draw_sign_in(ctx);
    using K = SyncStatus::Kind;
    if (s.sync.kind == K::busy_elsewhere || s.sync.kind == K::lost || s.sync.kind == K::store_error)
        return draw_store_problem(ctx);

    char head[300];
    std::snprintf(head, sizeof head, tr(l, S::SignedInAs), s.account.user.display_name.c_str(),
                  role_label(s.account.user.role, l));
    ImGui::TextUnformatted(head);
    ImGui::SameLine();
    ImGui::TextDisabled("· %s", tr(l, S::SpaceIntro));
    if (!s.data) {
        ImGui::TextDisabled("%s", tr(l, S::SyncOpening));
        return;
    }
    const float side = std::min(380.0f, ImGui::GetContentRegionAvail().x * 0.38f);
    ImGui::BeginChild("##notes", {ImGui::GetContentRegionAvail().x - side - ImGui::GetStyle().ItemSpacing.x, 0});
    draw_notes(ctx, *s.data);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##people", {0, 0}, ImGuiChildFlags_Border);
    draw_classes(ctx, *s.data);
    ImGui::Spacing();
    notice_line(s);
    ImGui::EndChild();
}

}  // namespace zx::client
