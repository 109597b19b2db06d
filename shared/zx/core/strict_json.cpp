#include "zx/core/strict_json.hpp"

namespace zx::strict {

nlohmann::json parse(std::string_view text, std::string_view what) {
    if (text.empty()) throw ValidationError(std::string(what) + ": the body is empty; expected JSON");
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw ValidationError(std::string(what) + " is not valid JSON (byte " + std::to_string(e.byte) +
                              "): " + (text.size() < e.byte ? "truncated" : "syntax error"));
    }
}

const nlohmann::json& object(const nlohmann::json& j, std::initializer_list<std::string_view> allowed,
                             const std::string& what) {
    if (!j.is_object()) throw ValidationError(what + " must be a JSON object");
    for (const auto& [k, v] : j.items()) {
        bool known = false;
        for (auto a : allowed) known = known || a == k;
        if (!known) throw ValidationError(what + " has unknown field \"" + k + "\"");
    }
    return j;
}

}  // namespace zx::strict
