#include "controllers/drafts.hpp"

#include "platform/platform.hpp"
#include "routes.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace zx::client {

namespace {
constexpr char kSep = '\x1f';  // never typed into ids or field names

// draft_key()'s parts again.
std::tuple<std::string, std::string, std::string> split_key(const std::string& key) {
    const size_t a = key.find(kSep);
    const size_t b = a == std::string::npos ? std::string::npos : key.find(kSep, a + 1);
    if (b == std::string::npos) return {key, "", ""};
    return {key.substr(0, a), key.substr(a + 1, b - a - 1), key.substr(b + 1)};
}
}  // namespace

std::string draft_key(std::string_view collection, std::string_view record, std::string_view field) {
    std::string k;
    k.reserve(collection.size() + record.size() + field.size() + 2);
    k.append(collection).push_back(kSep);
    k.append(record).push_back(kSep);
    k.append(field);
    return k;
}

void DraftsController::count() { s_.state.drafts.unwritten = dirty_.size() + in_flight_; }

void DraftsController::mark(const std::string& key) {
    const int64_t now = s_.platform.now_ms();
    if (dirty_.empty()) first_dirty_ms_ = now;
    last_typed_ms_ = now;
    dirty_.insert(key);
    count();
}

void DraftsController::handle(const KeepDraft& c) {
    auto& entries = s_.state.drafts.entries;
    if (c.text == c.saved) {
        if (entries.erase(c.key)) mark(c.key);
        return;
    }
    Draft& d = entries[c.key];
    if (d.at == 0) d.saved = c.saved;  // the stored text when typing began
    d.text = c.text;
    d.link = s_.state.link;
    d.at = s_.platform.now_ms();
    d.shown = true;
    mark(c.key);
}

void DraftsController::handle(const DropDraft& c) {
    if (s_.state.drafts.entries.erase(c.key)) mark(c.key);
}

void DraftsController::handle(const DraftShown& c) {
    auto& entries = s_.state.drafts.entries;
    if (auto it = entries.find(c.key); it != entries.end()) it->second.shown = true;
}

void DraftsController::drop_record(std::string_view collection, std::string_view record) {
    const std::string prefix = draft_key(collection, record, "");
    auto& entries = s_.state.drafts.entries;
    for (auto it = entries.lower_bound(prefix); it != entries.end() && it->first.rfind(prefix, 0) == 0;) {
        mark(it->first);
        it = entries.erase(it);
    }
}

void DraftsController::reset() {
    s_.state.drafts = {};
    dirty_.clear();
    in_flight_ = 0;
    ++load_generation_;
    loading_ = false;
    user_.clear();
}

void DraftsController::sign_out() {
    // Queued before the engine closes the store, so it runs first.
    s_.engine.run_local({{"DELETE FROM drafts"}}, {});
    reset();
}

void DraftsController::load() {
    const int gen = ++load_generation_;
    loading_ = true;
    s_.engine.run_local(
        {{"SELECT collection, record_id, field, text, saved, link, updated_at FROM drafts ORDER BY updated_at"}},
        [this, gen](const platform::DbResult& r) {
            if (gen != load_generation_) return;
            loading_ = false;
            auto& d = s_.state.drafts;
            d.loaded = true;
            if (!r.ok || r.sets.empty()) return;
            std::string newest;
            for (const auto& row : r.sets.front()) {
                const auto key =
                    draft_key(row.at(0).get<std::string>(), row.at(1).get<std::string>(), row.at(2).get<std::string>());
                newest = row.at(5).get<std::string>();
                if (d.entries.count(key)) continue;  // typed again before the store answered
                d.entries[key] = Draft{row.at(3).get<std::string>(), row.at(4).get<std::string>(), newest,
                                       row.at(6).get<int64_t>(), false};
            }
            if (on_loaded) on_loaded(newest);
        });
}

void DraftsController::write() {
    Statements st;
    const auto& entries = s_.state.drafts.entries;
    for (const auto& key : dirty_) {
        auto [collection, record, field] = split_key(key);
        auto it = entries.find(key);
        if (it == entries.end()) {
            st.push_back({"DELETE FROM drafts WHERE collection = ? AND record_id = ? AND field = ?",
                          {collection, record, field}});
        } else {
            const Draft& d = it->second;
            st.push_back({"INSERT OR REPLACE INTO drafts (collection, record_id, field, text, saved, link, updated_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)",
                          {collection, record, field, d.text, d.saved, d.link, d.at}});
        }
    }
    auto keys = std::exchange(dirty_, {});
    in_flight_ += keys.size();
    const int gen = load_generation_;
    s_.engine.run_local(std::move(st), [this, gen, keys = std::move(keys)](const platform::DbResult& r) {
        if (gen != load_generation_) return;
        in_flight_ -= std::min(in_flight_, keys.size());
        if (!r.ok)  // written again at the next pause (the entries are still in memory)
            for (const auto& k : keys) mark(k);
        count();
    });
    count();
}

void DraftsController::tick() {
    const auto& engine = s_.engine;
    if (engine.user_id() != user_) {
        reset();  // signed out, or another user: their drafts are not ours
        user_ = engine.user_id();
    }
    if (!engine.ready()) return;
    if (!s_.state.drafts.loaded && !loading_) load();
    const int64_t now = s_.platform.now_ms();
    if (dirty_.empty()) return;
    if (now - last_typed_ms_ >= kPauseMs || now - first_dirty_ms_ >= kMaxDelayMs) write();
    else  // an idle app draws no frames by itself: one when the write is due
        s_.platform.request_frame(std::min(last_typed_ms_ + kPauseMs, first_dirty_ms_ + kMaxDelayMs));
}

}  // namespace zx::client
