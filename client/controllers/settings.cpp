#include "controllers/settings.hpp"

#include "platform/platform.hpp"
#include "style.hpp"

namespace zx::client {

void SettingsController::init() {
    apply_theme(s_.state.settings.ui_scale);
    // Runs at the first poll(), before any view can change a setting.
    s_.platform.storage_load(kSettingsKey, [this](std::optional<std::string> text) {
        if (!text) return;
        s_.state.settings = settings_from_json(*text);
        apply_theme(s_.state.settings.ui_scale);
    });
}

void SettingsController::handle(const ChangeSettings& c) {
    auto& st = s_.state;
    const bool scale_changed = c.settings.ui_scale != st.settings.ui_scale;
    st.settings = c.settings;
    if (scale_changed) apply_theme(st.settings.ui_scale);
    s_.platform.storage_save(kSettingsKey, settings_to_json(st.settings), [this](bool ok) {
        s_.state.settings_notice = {tr(s_.lang(), ok ? S::SettingsSaved : S::SettingsSaveFailed), ok};
    });
}

}  // namespace zx::client
