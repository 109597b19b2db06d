#include "controllers/settings.hpp"

#include "platform/platform.hpp"

namespace zx::client {

void SettingsController::init() {
    // The theme follows settings.ui_scale through the layout App::frame()
    // computes each frame (ui/layout.hpp), so nothing here applies it.
    // Runs at the first poll(), before any view can change a setting.
    s_.platform.storage_load(kSettingsKey, [this](std::optional<std::string> text) {
        if (!text) return;
        s_.state.settings = settings_from_json(*text);
    });
}

void SettingsController::handle(const ChangeSettings& c) {
    auto& st = s_.state;
    st.settings = c.settings;
    s_.platform.storage_save(kSettingsKey, settings_to_json(st.settings), [this](bool ok) {
        s_.state.settings_notice = {tr(s_.lang(), ok ? S::SettingsSaved : S::SettingsSaveFailed), ok};
    });
}

}  // namespace zx::client
