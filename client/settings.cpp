#include "settings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace zx::client {

std::string settings_to_json(const Settings& s) {
    nlohmann::json j{{"language", lang_code(s.language)}, {"ui_scale", s.ui_scale}};
    return j.dump(2);
}

Settings settings_from_json(std::string_view text) {
    Settings out;
    const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return out;
    if (auto it = j.find("language"); it != j.end() && it->is_string())
        out.language = lang_from_code(it->get<std::string>());
    if (auto it = j.find("ui_scale"); it != j.end() && it->is_number()) {
        const auto v = it->get<double>();
        if (std::isfinite(v)) out.ui_scale = std::clamp(static_cast<float>(v), kMinUiScale, kMaxUiScale);
    }
    return out;
}

}  // namespace zx::client
