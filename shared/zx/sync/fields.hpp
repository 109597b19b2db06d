#pragma once
// Reading the fields of a synced record (a JSON object of field -> value) with
// a default for what is absent, null or of another type. Records from older
// or newer peers, and half-synced ones, may lack any field; every reader of
// record fields goes through these, so that rule lives here once.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zx::fields {

// The field's value, or nullptr when the record does not have it.
inline const nlohmann::json* find(const nlohmann::json& f, std::string_view key) {
    if (!f.is_object()) return nullptr;
    const auto it = f.find(key);
    return it == f.end() ? nullptr : &*it;
}

inline std::string text(const nlohmann::json& f, std::string_view key) {
    const auto* v = find(f, key);
    return v && v->is_string() ? v->get<std::string>() : std::string();
}

inline int64_t integer(const nlohmann::json& f, std::string_view key, int64_t fallback = 0) {
    const auto* v = find(f, key);
    if (!v || !v->is_number()) return fallback;
    if (v->is_number_integer()) return v->get<int64_t>();
    // Casting a double outside int64_t's range is undefined behaviour, and
    // the record rules read fields before their types are checked, so a
    // pushed 1e300 reaches here; it is no integer, so the fallback.
    const double d = v->get<double>();
    return d > -9.2e18 && d < 9.2e18 ? static_cast<int64_t>(d) : fallback;
}

inline double real(const nlohmann::json& f, std::string_view key, double fallback = 0) {
    const auto* v = find(f, key);
    return v && v->is_number() ? v->get<double>() : fallback;
}

inline bool flag(const nlohmann::json& f, std::string_view key) {
    const auto* v = find(f, key);
    return v && v->is_boolean() && v->get<bool>();
}

// A JSON-typed field: stored as JSON text by some readers (a TEXT column), as
// a JSON value by others; either way the value, or null.
inline nlohmann::json json_value(const nlohmann::json& f, std::string_view key) {
    const auto* v = find(f, key);
    if (!v) return nullptr;
    if (v->is_string()) {
        auto parsed = nlohmann::json::parse(v->get<std::string>(), nullptr, false);
        return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
    }
    return *v;
}

// A JSON array of strings (tags, step texts, ids); other elements are skipped.
inline std::vector<std::string> strings(const nlohmann::json& f, std::string_view key) {
    std::vector<std::string> out;
    const auto v = json_value(f, key);
    if (v.is_array())
        for (const auto& x : v)
            if (x.is_string()) out.push_back(x.get<std::string>());
    return out;
}

}  // namespace zx::fields
