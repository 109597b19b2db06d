#pragma once
// Reading fields of synced records in views, with defaults for fields a
// record does not have (yet).
#include "sync/replica.hpp"

#include "zx/space/fsrs.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/sync.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace zx::client::rec {

inline std::string str(const sync::Record& r, const char* f) {
    auto it = r.fields.find(f);
    return it != r.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}
inline int64_t num(const sync::Record& r, const char* f, int64_t def = 0) {
    auto it = r.fields.find(f);
    return it != r.fields.end() && it->is_number() ? it->get<int64_t>() : def;
}
inline double real(const sync::Record& r, const char* f, double def = 0) {
    auto it = r.fields.find(f);
    return it != r.fields.end() && it->is_number() ? it->get<double>() : def;
}
inline bool flag(const sync::Record& r, const char* f) {
    auto it = r.fields.find(f);
    return it != r.fields.end() && it->is_boolean() && it->get<bool>();
}
inline nlohmann::json json_of(const sync::Record& r, const char* f) {
    auto it = r.fields.find(f);
    return it == r.fields.end() ? nlohmann::json() : *it;
}
// When the record last changed: the newest of its field clocks, in ms.
inline int64_t modified_ms(const sync::Record& r) {
    int64_t newest = 0;
    for (const auto& [f, c] : r.clocks)
        if (auto p = hlc::parse(c)) newest = std::max(newest, static_cast<int64_t>(p->wall_ms));
    return newest;
}
inline std::vector<std::string> tags(const sync::Record& r) {
    std::vector<std::string> out;
    const auto t = json_of(r, "tags");
    if (t.is_array())
        for (const auto& x : t)
            if (x.is_string()) out.push_back(x.get<std::string>());
    return out;
}

// A flashcard record as the scheduler sees it, and back.
inline fsrs::Card card(const sync::Record& r) {
    fsrs::Card c;
    c.state = num(r, "state") == 2 ? fsrs::State::review : fsrs::State::fresh;
    c.stability = real(r, "stability");
    c.difficulty = real(r, "difficulty");
    c.reps = static_cast<int>(num(r, "reps"));
    c.lapses = static_cast<int>(num(r, "lapses"));
    c.last_review_ms = num(r, "last_review_ms");
    c.due_ms = num(r, "due_ms");
    c.scheduled_days = static_cast<int>(num(r, "scheduled_days"));
    return c;
}
inline nlohmann::json card_fields(const fsrs::Card& c) {
    return {{"state", static_cast<int>(c.state)}, {"stability", c.stability},   {"difficulty", c.difficulty},
            {"reps", c.reps},                     {"lapses", c.lapses},         {"last_review_ms", c.last_review_ms},
            {"due_ms", c.due_ms},                 {"scheduled_days", c.scheduled_days}};
}
// Start of the day (Asia/Shanghai) containing `ms`.
inline int64_t day_start(int64_t ms) {
    constexpr int64_t kDay = 86'400'000, kTz = 8 * 3'600'000;
    return (ms + kTz) / kDay * kDay - kTz;
}

}  // namespace zx::client::rec
