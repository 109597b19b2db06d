// 设置: language, interface scale, facts about this installation, and for a
// signed-in user their account's security: a new password, their sessions
// (each can be signed out), and for administrators teacher invitations.
#include "messages.hpp"
#include "platform/platform.hpp"
#include "ui/widgets.hpp"
#include "views/views.hpp"

#include "zx/core/version.hpp"
#include "zx/space/timetable.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

namespace zx::client {

namespace {

void draw_password_form(ViewContext& ctx, SettingsViewUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::TextUnformatted(tr(l, S::ChangePasswordTitle));
    const float w = std::min(360.0f, ImGui::GetContentRegionAvail().x);
    ui::input_text(ctx.platform, "##current_password", ui.current_password, tr(l, S::CurrentPassword), {w, 0},
                   ui::kInputPassword);
    note_item(ctx, "account:current_password");
    ui::input_text(ctx.platform, "##new_password", ui.new_password, tr(l, S::NewPassword), {w, 0}, ui::kInputPassword);
    note_item(ctx, "account:new_password");
    ImGui::BeginDisabled(s.account_busy);
    if (ImGui::Button(tr(l, S::ChangePasswordButton))) {
        ctx.out.push(ChangePassword{{ui.current_password, ui.new_password}});
        // The fields keep no password once it has been sent.
        ui.current_password.clear();
        ui.new_password.clear();
    }
    note_item(ctx, "account:change_password");
    ImGui::EndDisabled();
}

void draw_sessions(ViewContext& ctx, SettingsViewUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    // Listed once per signed-in user (and after a password change), then on request.
    if (!s.sessions_loaded && !s.account_busy && ui.sessions_for != s.account.user.id) {
        ui.sessions_for = s.account.user.id;
        ctx.out.push(LoadSessions{});
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(l, S::SessionsTitle));
    ImGui::SameLine();
    ImGui::BeginDisabled(s.account_busy);
    if (ui::small_button(tr(l, S::SessionsRefresh))) ctx.out.push(LoadSessions{});
    note_item(ctx, "account:sessions_refresh");
    ImGui::EndDisabled();
    if (!s.sessions_loaded) {
        ImGui::TextDisabled("%s", tr(l, S::SessionsLoading));
        return;
    }
    for (const auto& session : s.sessions) {
        ImGui::PushID(session.id.c_str());
        ImGui::AlignTextToFramePadding();
        std::string line = trf(l, S::SessionLine,
                               {{"created", timetable::format_date_time(session.created_at)},
                                {"seen", timetable::format_date_time(session.last_seen_at)},
                                {"expires", timetable::format_date_time(session.expires_at)}});
        if (session.current) line += std::string("  · ") + tr(l, S::SessionCurrent);
        ImGui::BulletText("%s", line.c_str());
        ImGui::SameLine();
        ImGui::BeginDisabled(s.account_busy);
        if (ui::small_button(tr(l, S::SessionEnd))) ctx.out.push(EndSession{session.id});
        note_item(ctx, "session:end:" + session.id);
        ImGui::EndDisabled();
        ImGui::PopID();
    }
}

void draw_invitations(ViewContext& ctx, SettingsViewUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::TextUnformatted(tr(l, S::InviteTitle));
    ImGui::TextDisabled("%s", tr(l, S::InviteHint));
    const float w = std::min(260.0f, ImGui::GetContentRegionAvail().x);
    ui::input_text(ctx.platform, "##invite_school", ui.invite_school, tr(l, S::InviteSchoolId), {w, 0}, ui::kInputNoBlank);
    note_item(ctx, "invite:school");
    ImGui::SameLine();
    ui::input_text(ctx.platform, "##invite_name", ui.invite_school_name, tr(l, S::InviteSchoolName), {w, 0});
    note_item(ctx, "invite:school_name");
    ImGui::SameLine();
    ImGui::BeginDisabled(s.account_busy);
    if (ImGui::Button(tr(l, S::InviteButton))) ctx.out.push(InviteTeacher{{ui.invite_school, ui.invite_school_name}});
    note_item(ctx, "invite:create");
    ImGui::EndDisabled();
    if (s.invitation) {
        // Selectable text, so the administrator can copy the code to pass on.
        std::string code = s.invitation->code;
        ImGui::SetNextItemWidth(w);
        ImGui::InputText("##invite_code", code.data(), code.size() + 1, ImGuiInputTextFlags_ReadOnly);
        note_item(ctx, "invite:code");
    }
}

// Account and security, for the signed-in user.
void draw_account_security(ViewContext& ctx, SettingsViewUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();
    ImGui::Spacing();
    ImGui::SeparatorText(tr(l, S::AccountSecurity));
    if (s.server != ServerStatus::online) ImGui::TextDisabled("%s", offline_status(l, s.server_failure).c_str());
    draw_password_form(ctx, ui);
    ImGui::Spacing();
    draw_sessions(ctx, ui);
    if (s.account.user.role == api::Role::admin) {
        ImGui::Spacing();
        draw_invitations(ctx, ui);
    }
    notice_line(s.account_notice);
}

}  // namespace

void draw_settings_view(ViewContext& ctx, SettingsViewUi& ui) {
    const AppState& s = ctx.state;
    const Lang l = s.lang();

    if (ImGui::BeginTable("##settings", 2, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);

        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr(l, S::SettingsLanguage));
        ImGui::TableNextColumn();
        // Each language is named in itself, so a user who cannot read the
        // current one still finds their own.
        for (Lang option : {Lang::zh, Lang::en}) {
            if (option == Lang::en) ImGui::SameLine();
            if (ImGui::RadioButton(tr(l, option == Lang::zh ? S::LanguageZh : S::LanguageEn), l == option) && l != option) {
                Settings next = s.settings;
                next.language = option;
                ctx.out.push(ChangeSettings{next});
            }
            note_item(ctx, option == Lang::zh ? "lang:zh" : "lang:en");
        }

        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr(l, S::SettingsUiScale));
        ImGui::TableNextColumn();
        // The slider edits its own buffer; the setting changes (and is saved)
        // once, when the slider is released.
        int& percent = ui.scale_percent;
        if (percent == 0) percent = static_cast<int>(s.settings.ui_scale * 100.0f + 0.5f);
        ImGui::SetNextItemWidth(220);
        ImGui::SliderInt("##scale", &percent, static_cast<int>(kMinUiScale * 100), static_cast<int>(kMaxUiScale * 100),
                         "%d%%", ImGuiSliderFlags_AlwaysClamp);
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            Settings next = s.settings;
            next.ui_scale = static_cast<float>(percent) / 100.0f;
            ctx.out.push(ChangeSettings{next});
        }
        if (!ImGui::IsItemActive()) percent = 0;

        auto row = [](const char* key, const std::string& value) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(key);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(value.c_str());
        };
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr(l, S::SettingsAccount));
        ImGui::TableNextColumn();
        if (s.account.signed_in) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(
                trf(l, S::AccountLine, {{"name", s.account.user.display_name}, {"username", s.account.user.username}}).c_str());
            ImGui::SameLine();
            if (ui::small_button(tr(l, S::SignOut))) ctx.out.push(SignOut{});
            note_item(ctx, "account:sign_out");
        } else {
            ImGui::TextDisabled("%s", tr(l, S::NotSignedIn));
        }

        const std::string server = ctx.platform.server_label();
        row(tr(l, S::SettingsServer), server.empty() ? tr(l, S::SettingsServerSameOrigin) : server);
        row(tr(l, S::SettingsVersion), kVersion);
        ImGui::EndTable();
    }

    if (s.account.signed_in) draw_account_security(ctx, ui);

    if (!s.settings_notice.empty()) {
        ImGui::Spacing();
        notice_line(s.settings_notice);
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextWrapped("%s", tr(l, S::SettingsAbout));
}

}  // namespace zx::client
