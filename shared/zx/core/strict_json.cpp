#include "zx/core/strict_json.hpp"

#include <vector>

namespace zx::strict {

std::optional<size_t> too_deep_at(std::string_view text, size_t max_depth) {
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;  // the escaped character cannot end the string
            else if (c == '"') in_string = false;
            continue;
        }
        switch (c) {
            case '"': in_string = true; break;
            case '[':
            case '{':
                if (++depth > max_depth) return i;
                break;
            case ']':
            case '}':
                if (depth > 0) --depth;
                break;
            default: break;
        }
    }
    return std::nullopt;
}

nlohmann::json parse(std::string_view text, std::string_view what) {
    if (text.empty())
        throw ValidationError(problem(Code::malformed, std::string(what), "{field}: the body is empty; expected JSON",
                                      {{"detail", "empty"}}));
    if (const auto at = too_deep_at(text))
        throw ValidationError(problem(Code::too_deep, std::string(what),
                                      "{field} nests arrays and objects deeper than {max} levels (byte {byte})",
                                      {{"max", std::to_string(kMaxDepth)}, {"byte", std::to_string(*at)}}));
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw ValidationError(problem(Code::malformed, std::string(what), "{field} is not valid JSON (byte {byte}): {detail}",
                                      {{"byte", std::to_string(e.byte)},
                                       {"detail", text.size() < e.byte ? "truncated" : "syntax error"}}));
    }
}

nlohmann::json parse_answer(std::string_view text) {
    if (too_deep_at(text)) return nlohmann::json(nlohmann::json::value_t::discarded);
    return nlohmann::json::parse(text, nullptr, false);
}

namespace {

// The length of `s` as dump() writes it between its quotes: the two-character
// escapes, \u00XX for the other control characters, every other byte as is.
size_t escaped_size(const std::string& s) {
    size_t n = 0;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') n += 2;
        else if (c < 0x20) n += 6;
        else n += 1;
    }
    return n;
}

}  // namespace

size_t text_size(const nlohmann::json& root) {
    using nlohmann::json;
    size_t n = 0;
    std::vector<const json*> todo{&root};
    while (!todo.empty()) {
        const json& v = *todo.back();
        todo.pop_back();
        switch (v.type()) {
            case json::value_t::object:
                // {} plus, per member, "key": and a comma between members.
                n += 2 + (v.empty() ? 0 : v.size() - 1);
                for (auto it = v.begin(); it != v.end(); ++it) {
                    n += escaped_size(it.key()) + 3;
                    todo.push_back(&it.value());
                }
                break;
            case json::value_t::array:
                n += 2 + (v.empty() ? 0 : v.size() - 1);
                for (const auto& e : v) todo.push_back(&e);
                break;
            case json::value_t::string: n += escaped_size(v.get_ref<const std::string&>()) + 2; break;
            default: n += v.dump().size(); break;  // a scalar: dump() does not recurse
        }
    }
    return n;
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
