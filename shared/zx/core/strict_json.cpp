#include "zx/core/strict_json.hpp"

namespace zx::strict {

nlohmann::json parse(std::string_view text, std::string_view what) {
    if (text.empty())
        throw ValidationError(problem(Code::malformed, std::string(what), "{field}: the body is empty; expected JSON",
                                      {{"detail", "empty"}}));
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw ValidationError(problem(Code::malformed, std::string(what), "{field} is not valid JSON (byte {byte}): {detail}",
                                      {{"byte", std::to_string(e.byte)},
                                       {"detail", text.size() < e.byte ? "truncated" : "syntax error"}}));
    }
}

const nlohmann::json& object(const nlohmann::json& j, std::initializer_list<std::string_view> allowed,
                             const std::string& what) {
    if (!j.is_object())
        throw ValidationError(problem(Code::wrong_type, what, "{field} must be a JSON object", {{"expected", "object"}}));
    for (const auto& [k, v] : j.items()) {
        bool known = false;
        for (auto a : allowed) known = known || a == k;
        if (!known) throw ValidationError(problem(Code::unknown_key, what, "{field} has unknown field \"{key}\"", {{"key", k}}));
    }
    return j;
}

}  // namespace zx::strict
