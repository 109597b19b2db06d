#pragma once
// User settings: a plain struct with defaults and one JSON (de)serializer.
// Reading is forgiving by design: an unknown key is ignored and a missing or
// ill-typed value falls back to its default, so settings written by a newer or
// older client never stop this one from starting.
#include "i18n.hpp"

#include <string>
#include <string_view>

namespace zx::client {

struct Settings {
    Lang language = Lang::zh;
    float ui_scale = 1.0f;  // 0.75 .. 2.0, multiplies font size and spacing

    bool operator==(const Settings&) const = default;
};

inline constexpr float kMinUiScale = 0.75f;
inline constexpr float kMaxUiScale = 2.0f;

std::string settings_to_json(const Settings& s);
// Never throws: malformed text gives the defaults.
Settings settings_from_json(std::string_view text);

// Storage key under which the platform keeps the settings document.
inline constexpr const char* kSettingsKey = "settings";

}  // namespace zx::client
