// 个人空间: sign-in, then the user's own data: notes (the seed of the
// knowledge base), classes for teachers and students, children for parents.
// Everything shown comes from the local replica, so it works offline; what
// needs the server (classes, codes) says so when it is unreachable.
#include "style.hpp"
#include "sync/replica.hpp"
#include "views/views.hpp"
#include "views/records.hpp"
#include "space_data.hpp"
#include "ui/widgets.hpp"
#include "platform/platform.hpp"

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
    ui::input_text(ctx.platform, "##username", ui.username, tr(l, S::Username), {w, 0}, ui::kInputNoBlank);
    note_item(ctx.ui, "auth:username");
    // Enter in the password field signs in.
    const bool enter = ui::input_text(ctx.platform, "##password", ui.password, tr(l, S::Password), {w, 0},
                                      ui::kInputPassword | ui::kInputEnterReturnsTrue);
    note_item(ctx.ui, "auth:password");
    if (ui.registering) {
        ui::input_text(ctx.platform, "##display", ui.display_name, tr(l, S::DisplayName), {w, 0});
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

// The four parts of the space, each with what is waiting there now.
void draw_overview(ViewContext& ctx, const Replica& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    int notes = 0, due = 0, open = 0, lessons = 0;
    notes = static_cast<int>(data.list("notes").size());
    for (const auto* c : data.list("cards"))
        if (rec::num(*c, "state") == 0 || rec::num(*c, "due_ms") <= s.now_ms) ++due;
    for (const auto* a : data.list("activities")) {
        if (!rec::flag(*a, "published")) continue;
        bool done = false;
        for (const auto* sub : data.list("submissions"))
            if (rec::str(*sub, "activity_id") == a->id && rec::str(*sub, "owner_id") == s.account.user.id &&
                rec::str(*sub, "status") != "draft")
                done = true;
        open += done ? 0 : 1;
    }
    const auto td = timetable_data(data, "");
    const auto today = timetable::from_days((s.now_ms + 8 * 3'600'000) / 86'400'000);
    lessons = static_cast<int>(timetable::expand(td.entries, td.term ? &*td.term : nullptr, today, today).size());

    struct Card {
        S title, desc, count;
        int n;
        uint32_t rgb;
        ViewId view;
    };
    const Card cards[] = {
        {S::SpaceKnowledge, S::SpaceKnowledgeDesc, S::CountNotes, notes, 0x2F6FD6, ViewId::knowledge},
        {S::SpaceTools, S::SpaceToolsDesc, S::CountDue, due, 0x2E9E5B, ViewId::tools},
        {S::SpaceActivities, S::SpaceActivitiesDesc, S::CountOpen, open, 0xB0772C, ViewId::activities},
        {S::SpaceTimetable, S::SpaceTimetableDesc, S::CountToday, lessons, 0x8E44AD, ViewId::timetable},
    };
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const int columns = avail > 600 ? 2 : 1;
    const float card_w = (avail - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float card_h = ImGui::GetTextLineHeightWithSpacing() * 4.6f;
    int i = 0;
    for (const auto& c : cards) {
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
        char count[96];
        std::snprintf(count, sizeof count, tr(l, c.count), c.n);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 6);
        if (ImGui::SmallButton(count)) ctx.out.push(Navigate{c.view});
        note_item(ctx.ui, std::string("space:") + std::string(view_code(c.view)));
        ImGui::EndChild();
        ImGui::PopID();
    }
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
        ui::input_text(ctx.platform, "##gcode", ui.code, tr(l, S::GuardianCodeLabel), {160, 0},
                       ui::kInputUppercase | ui::kInputNoBlank);
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
        ui::input_text(ctx.platform, "##cname", ui.class_name, tr(l, S::ClassName), {180, 0});
        note_item(ctx.ui, "class:name");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(90);
        ImGui::SliderInt("##grade", &ui.grade, 1, 12, tr(l, S::Grade));
        ImGui::SameLine();
        if (ImGui::Button(tr(l, S::CreateClass))) ctx.out.push(CreateClass{ui.class_name, ui.grade});
        note_item(ctx.ui, "class:create");
    } else if (me.role == Role::student) {
        ui::input_text(ctx.platform, "##ccode", ui.code, tr(l, S::ClassCode), {160, 0},
                       ui::kInputUppercase | ui::kInputNoBlank);
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
    ImGui::BeginChild("##overview", {ImGui::GetContentRegionAvail().x - side - ImGui::GetStyle().ItemSpacing.x, 0});
    draw_overview(ctx, *s.data);
    if (s.progress) {
        char buf[96];
        std::snprintf(buf, sizeof buf, tr(l, S::Indexing), static_cast<int>(s.progress->done), static_cast<int>(s.progress->total));
        ui::progress(s.progress->total ? static_cast<float>(s.progress->done) / static_cast<float>(s.progress->total) : 0, buf);
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##people", {0, 0}, ImGuiChildFlags_Border);
    draw_classes(ctx, *s.data);
    ImGui::Spacing();
    notice_line(s);
    ImGui::EndChild();
}

}  // namespace zx::client
