// 个人空间: sign-in, then the user's own data: the four parts of the space
// with what waits in each, classes for teachers and students, children for
// parents. Everything shown comes from the local records, so it works
// offline; what needs the server (classes, codes) says so when it is
// unreachable.
#include "data/space_data.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"
#include "style.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include <imgui.h>

#include <algorithm>

namespace zx::client {

namespace {

using api::Role;

// A student made by a roster import has no password yet: the code on their
// card sets one, and signs them in.
void draw_first_sign_in(ViewContext& ctx, SpaceViewUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::BeginChild("##first", {std::min(440.0f, ImGui::GetContentRegionAvail().x), 0},
                      ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::TextWrapped("%s", tr(l, S::FirstSignInTitle));
    ImGui::Separator();
    const float w = ImGui::GetContentRegionAvail().x;
    ui::input_text(ctx.platform, "##firstcode", ui.first_code, tr(l, S::FirstSignInCode), {w, 0},
                   ui::kInputUppercase | ui::kInputNoBlank);
    note_item(ctx, "auth:first_code");
    const bool enter = ui::input_text(ctx.platform, "##firstpassword", ui.password, tr(l, S::NewPassword), {w, 0},
                                      ui::kInputPassword | ui::kInputEnterReturnsTrue);
    note_item(ctx, "auth:first_password");
    ImGui::BeginDisabled(s.account_busy);
    const bool submit = ImGui::Button(tr(l, S::FirstSignInButton), {w, 0}) || enter;
    note_item(ctx, "auth:first_submit");
    ImGui::EndDisabled();
    if (submit && !s.account_busy) ctx.out.push(FirstSignIn{{ui.first_code, ui.password}});
    if (ui::small_button(tr(l, S::SwitchToSignIn))) ui.first_sign_in = false;
    note_item(ctx, "auth:first_switch");
    notice_line(s.account_notice);
    ImGui::EndChild();
}

void draw_sign_in(ViewContext& ctx, SpaceViewUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::TextWrapped("%s", tr(l, s.account.expired ? S::SessionExpired : S::SignInNeeded));
    ImGui::Spacing();
    if (ui.first_sign_in && !s.account.expired) return draw_first_sign_in(ctx, ui);
    if (s.account.expired && ui.username.empty()) ui.username = s.account.user.username;

    ImGui::BeginChild("##signin", {std::min(440.0f, ImGui::GetContentRegionAvail().x), 0},
                      ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::TextUnformatted(tr(l, ui.registering ? S::RegisterTitle : S::SignInTitle));
    ImGui::Separator();
    const float w = ImGui::GetContentRegionAvail().x;
    ui::input_text(ctx.platform, "##username", ui.username, tr(l, S::Username), {w, 0}, ui::kInputNoBlank);
    note_item(ctx, "auth:username");
    // Enter in the password field signs in.
    const bool enter = ui::input_text(ctx.platform, "##password", ui.password, tr(l, S::Password), {w, 0},
                                      ui::kInputPassword | ui::kInputEnterReturnsTrue);
    note_item(ctx, "auth:password");
    if (ui.registering) {
        ui::input_text(ctx.platform, "##display", ui.display_name, tr(l, S::DisplayName), {w, 0});
        note_item(ctx, "auth:display_name");
        ImGui::TextUnformatted(tr(l, S::RoleLabel));
        const S roles[] = {S::RoleStudent, S::RoleTeacher, S::RoleParent};
        for (int i = 0; i < 3; ++i) {
            ui::same_line_if_fits(ui::check_width(tr(l, roles[i])));
            ImGui::RadioButton(tr(l, roles[i]), &ui.role, i);
            note_item(ctx, "auth:role:" + std::to_string(i));
        }
        // Teachers come through their school: the code its administrator gave them.
        if (ui.role == 1) {
            ui::input_text(ctx.platform, "##invitation", ui.invitation, tr(l, S::InvitationCode), {w, 0},
                           ui::kInputUppercase | ui::kInputNoBlank);
            note_item(ctx, "auth:invitation");
        }
    }
    ImGui::BeginDisabled(s.account_busy);
    const bool submit = ImGui::Button(tr(l, ui.registering ? S::RegisterButton : S::SignInButton), {w, 0}) || enter;
    note_item(ctx, "auth:submit");
    ImGui::EndDisabled();
    if (submit && !s.account_busy) {
        if (ui.registering) {
            api::RegisterRequest r;
            r.username = ui.username;
            r.password = ui.password;
            r.display_name = ui.display_name;
            r.role = ui.role == 1 ? Role::teacher : ui.role == 2 ? Role::parent : Role::student;
            if (r.role == Role::teacher) r.invitation = ui.invitation;
            ctx.out.push(Register{r});
        } else {
            ctx.out.push(SignIn{{ui.username, ui.password}});
        }
    }
    if (ui::small_button(tr(l, ui.registering ? S::SwitchToSignIn : S::SwitchToRegister)))
        ui.registering = !ui.registering;
    note_item(ctx, "auth:switch");
    if (!ui.registering && !s.account.expired) {
        if (ui::small_button(tr(l, S::SwitchToFirstSignIn))) ui.first_sign_in = true;
        note_item(ctx, "auth:first");
    }
    notice_line(s.account_notice);
    ImGui::EndChild();
}

void draw_store_problem(ViewContext& ctx) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    using K = SyncStatus::Kind;
    if (s.sync.kind == K::store_error) {
        ImGui::TextWrapped("%s", trf(l, S::StoreError, {{"detail", describe(l, s.sync)}}).c_str());
        return;
    }
    ImGui::TextWrapped("%s", tr(l, s.sync.kind == K::lost ? S::StoreLost : S::StoreBusy));
    if (ImGui::Button(tr(l, S::UseHere))) ctx.out.push(TakeOverStore{});
    note_item(ctx, "store:take_over");
}

// The four parts of the space, each with what is waiting there now.
void draw_overview(ViewContext& ctx, const SpaceData& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const Overview o = data.overview(s.now_ms);
    struct Part {
        S title, desc, count;
        int n;
        uint32_t rgb;
        ViewId view;
    };
    const Part parts[] = {
        {S::SpaceKnowledge, S::SpaceKnowledgeDesc, S::CountNotes, o.notes, 0x2F6FD6, ViewId::knowledge},
        {S::SpaceTools, S::SpaceToolsDesc, S::CountDue, o.due_cards, 0x2E9E5B, ViewId::tools},
        {S::SpaceActivities, S::SpaceActivitiesDesc, S::CountOpen, o.open_activities, 0xB0772C, ViewId::activities},
        {S::SpaceTimetable, S::SpaceTimetableDesc, S::CountToday, o.lessons_today, 0x8E44AD, ViewId::timetable},
    };
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const int columns = avail > 600 ? 2 : 1;
    const float card_w = (avail - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const ImGuiStyle& st = ImGui::GetStyle();
    const float card_h = std::max(ImGui::GetTextLineHeightWithSpacing() * 4.6f,
                                  ImGui::GetTextLineHeightWithSpacing() * 2 + ImGui::GetFrameHeight() + st.WindowPadding.y * 2 + st.ItemSpacing.y);
    int i = 0;
    for (const auto& c : parts) {
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
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 6);
        if (ui::small_button(trf(l, c.count, {{"count", c.n}}).c_str())) ctx.out.push(Navigate{c.view});
        note_item(ctx, std::string("space:") + std::string(view_code(c.view)));
        ImGui::EndChild();
        ImGui::PopID();
    }
}

// A teacher's class: import its roster (a file, or pasted CSV where there
// is no file picker) and print its students' cards; the answer of the last
// such action for this class below.
void draw_roster(ViewContext& ctx, SpaceViewUi& ui, const SchoolClass& c) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    if (ui.rosters_seen != s.roster.imported) {  // the server took a pasted roster: the field is done
        ui.rosters_seen = s.roster.imported;
        if (ui.roster_class == s.roster.class_id) {
            ui.roster_class.clear();
            ui.roster_text.clear();
        }
    }
    const std::string key = "class:" + c.id;
    ImGui::BeginDisabled(s.roster.busy);
    if (ui::small_button(tr(l, S::RosterImport))) {
        if (ctx.platform.has_file_picker()) ctx.out.push(ImportRoster{c.id});
        else ui.roster_class = ui.roster_class == c.id ? std::string() : c.id;
    }
    note_item(ctx, key + ":roster");
    ui::same_line_if_fits(ImGui::CalcTextSize(tr(l, S::PrintCards)).x + ImGui::GetStyle().FramePadding.x * 2);
    if (ui::small_button(tr(l, S::PrintCards))) ctx.out.push(PrintCards{c.id});
    note_item(ctx, key + ":cards");
    ImGui::EndDisabled();
    if (ui.roster_class == c.id) {
        const float w = ImGui::GetContentRegionAvail().x;
        ui::input_text(ctx.platform, "##roster", ui.roster_text, tr(l, S::RosterPasteHint),
                       {w, ImGui::GetTextLineHeightWithSpacing() * 6}, ui::kInputMultiline);
        note_item(ctx, key + ":roster:text");
        ImGui::BeginDisabled(s.roster.busy);
        if (ImGui::Button(tr(l, S::RosterStart))) ctx.out.push(ImportRoster{c.id, ui.roster_text});
        note_item(ctx, key + ":roster:start");
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button(tr(l, S::Cancel))) ui.roster_class.clear();
        note_item(ctx, key + ":roster:cancel");
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(l, S::RosterCardsNote));
    ImGui::PopTextWrapPos();
    if (s.roster.class_id == c.id) notice_line(s.roster.notice);
}

void draw_classes(ViewContext& ctx, SpaceViewUi& ui, const SpaceData& data) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    const auto& me = s.account.user;

    if (me.role == Role::parent) {
        ImGui::TextUnformatted(tr(l, S::Children));
        ImGui::TextDisabled("%s", tr(l, S::ParentScope));
        const auto children = data.children_of(me.id);
        for (const auto& child : children) {
            ImGui::BulletText("%s", data.name_of(child).c_str());
            ImGui::Indent();
            for (const SchoolClass* c : data.classes_of(child)) ImGui::TextDisabled("%s", c->name.c_str());
            ImGui::Unindent();
        }
        if (children.empty()) ImGui::TextWrapped("%s", tr(l, S::NoChildren));
        ui::input_text(ctx.platform, "##gcode", ui.code, tr(l, S::GuardianCodeLabel), {160, 0},
                       ui::kInputUppercase | ui::kInputNoBlank);
        note_item(ctx, "guardian:code");
        ui::same_line_if_fits(ImGui::CalcTextSize(tr(l, S::LinkChild)).x + ImGui::GetStyle().FramePadding.x * 2);
        if (ImGui::Button(tr(l, S::LinkChild))) ctx.out.push(LinkGuardian{ui.code});
        note_item(ctx, "guardian:link");
        return;
    }

    ImGui::TextUnformatted(tr(l, S::MyClasses));
    const auto classes = data.classes_of(me.id);
    for (const SchoolClass* c : classes) {
        ImGui::BulletText("%s", c->name.c_str());
        if (me.role != Role::teacher) continue;
        ImGui::Indent();
        ImGui::PushID(c->id.c_str());
        for (const JoinCode* code : data.class_codes(c->id))
            ImGui::TextDisabled("%s", trf(l, S::JoinCode, {{"code", code->code}}).c_str());
        draw_roster(ctx, ui, *c);
        for (const auto& student : data.students_of(c->id)) {
            ImGui::PushID(student.c_str());
            ImGui::AlignTextToFramePadding();
            const Person* p = data.person(student);
            if (p && !p->student_no.empty())
                ImGui::TextUnformatted(trf(l, S::StudentWithNo, {{"name", data.name_of(student)}, {"number", p->student_no}}).c_str());
            else
                ImGui::TextUnformatted(data.name_of(student).c_str());
            ui::same_line_if_fits(ImGui::CalcTextSize(tr(l, S::IssueGuardianCode)).x + ImGui::GetStyle().FramePadding.x * 2);
            if (ui::small_button(tr(l, S::IssueGuardianCode))) ctx.out.push(IssueGuardianCode{c->id, student});
            note_item(ctx, "class:" + c->id + ":guardian:" + student);
            ImGui::PopID();
        }
        ImGui::PopID();
        ImGui::Unindent();
    }
    if (classes.empty()) ImGui::TextDisabled("%s", tr(l, S::NoClasses));
    ImGui::Spacing();
    if (me.role == Role::teacher) {
        ui::input_text(ctx.platform, "##cname", ui.class_name, tr(l, S::ClassName), {180, 0});
        note_item(ctx, "class:name");
        ui::same_line_if_fits(90);
        ImGui::SetNextItemWidth(90);
        ImGui::SliderInt("##grade", &ui.grade, 1, 12, grade_label(l, ui.grade).c_str(),
                         ImGuiSliderFlags_NoInput);
        ImGui::SameLine();
        if (ImGui::Button(tr(l, S::CreateClass))) ctx.out.push(CreateClass{{ui.class_name, ui.grade}});
        note_item(ctx, "class:create");
    } else if (me.role == Role::student) {
        ui::input_text(ctx.platform, "##ccode", ui.code, tr(l, S::ClassCode), {160, 0},
                       ui::kInputUppercase | ui::kInputNoBlank);
        note_item(ctx, "class:code");
        ui::same_line_if_fits(ImGui::CalcTextSize(tr(l, S::JoinClass)).x + ImGui::GetStyle().FramePadding.x * 2);
        if (ImGui::Button(tr(l, S::JoinClass))) ctx.out.push(JoinClass{ui.code});
        note_item(ctx, "class:join");
    }
}

}  // namespace

void draw_space_view(ViewContext& ctx, SpaceViewUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    if (ui.was_signed_in && !s.account.signed_in) ui = SpaceViewUi{};  // signed out: nothing typed stays
    ui.was_signed_in = s.account.signed_in;
    if (!s.account.signed_in || s.account.expired) return draw_sign_in(ctx, ui);
    using K = SyncStatus::Kind;
    if (s.sync.kind == K::busy_elsewhere || s.sync.kind == K::lost || s.sync.kind == K::store_error)
        return draw_store_problem(ctx);

    ImGui::TextUnformatted(
        trf(l, S::SignedInAs, {{"name", s.account.user.display_name}, {"role", role_label(l, s.account.user.role)}}).c_str());
    ui::same_line_if_fits(ImGui::CalcTextSize(tr(l, S::SpaceIntro)).x + ImGui::GetFontSize());
    ImGui::TextDisabled("· %s", tr(l, S::SpaceIntro));
    if (!s.data) {
        ImGui::TextDisabled("%s", tr(l, S::SyncOpening));
        return;
    }
    const float side = std::min(380.0f, ImGui::GetContentRegionAvail().x * 0.38f);
    ui::begin_pane("##overview", {ImGui::GetContentRegionAvail().x - side - ImGui::GetStyle().ItemSpacing.x, 0}, false);
    draw_overview(ctx, *s.data);
    if (s.progress) {
        const auto& p = *s.progress;
        ui::progress(p.total ? static_cast<float>(p.done) / static_cast<float>(p.total) : 0,
                     trf(l, S::Indexing, {{"done", p.done}, {"total", p.total}}).c_str());
    }
    ui::end_pane();
    ui::next_pane();
    ui::begin_pane("##people", {0, 0});
    draw_classes(ctx, ui, *s.data);
    ImGui::Spacing();
    notice_line(s.account_notice);
    ui::end_pane();
}

}  // namespace zx::client
