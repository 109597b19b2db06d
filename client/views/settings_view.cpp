// 设置: language, interface scale, and facts about this installation.
#include "platform/platform.hpp"
#include "views/views.hpp"

#include "zx/core/version.hpp"

#include <imgui.h>

#include <string>

namespace zx::client {

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
            if (ImGui::SmallButton(tr(l, S::SignOut))) ctx.out.push(SignOut{});
            note_item(ctx, "account:sign_out");
        } else {
            ImGui::TextDisabled("%s", tr(l, S::NotSignedIn));
        }

        const std::string server = ctx.platform.server_label();
        row(tr(l, S::SettingsServer), server.empty() ? tr(l, S::SettingsServerSameOrigin) : server);
        row(tr(l, S::SettingsVersion), kVersion);
        ImGui::EndTable();
    }

    if (!s.settings_notice.empty()) {
        ImGui::Spacing();
        notice_line(s.settings_notice);
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextWrapped("%s", tr(l, S::SettingsAbout));
}

}  // namespace zx::client
