#include "sync/engine.hpp"

#include "zx/wire/api.hpp"
#include "zx/sync/schema.hpp"

#include <algorithm>

namespace zx::client {

using nlohmann::json;

namespace {
constexpr int64_t kPullIntervalMs = 10'000;   // idle polling until the server can push
constexpr int64_t kMinBackoffMs = 1'000;
constexpr int64_t kMaxBackoffMs = 30'000;
constexpr size_t kBatchChanges = 200;
constexpr int kPullPage = 500;

// Per-change refusals name the change as "changes[i]: ..." (see docs/sync.md).
std::optional<size_t> change_index(const std::string& message) {
    constexpr std::string_view kPrefix = "changes[";
    const auto pos = message.find(kPrefix);
    if (pos == std::string::npos) return std::nullopt;
    size_t i = pos + kPrefix.size(), n = 0;
    bool digits = false;
    while (i < message.size() && message[i] >= '0' && message[i] <= '9') {
        n = n * 10 + static_cast<size_t>(message[i++] - '0');
        digits = true;
    }
    if (!digits || i >= message.size() || message[i] != ']') return std::nullopt;
    return n;
}

std::string error_message(const platform::HttpResponse& r) {
    const auto j = json::parse(r.body, nullptr, false);
    if (j.is_object() && j.contains("error") && j["error"].is_object())
        return j["error"].value("message", "HTTP " + std::to_string(r.status));
    return "HTTP " + std::to_string(r.status);
}
}  // namespace

std::string_view status_code(SyncStatus::Kind k) {
    switch (k) {
        case SyncStatus::Kind::signed_out: return "signed_out";
        case SyncStatus::Kind::opening: return "opening";
        case SyncStatus::Kind::busy_elsewhere: return "busy_elsewhere";
        case SyncStatus::Kind::lost: return "lost";
        case SyncStatus::Kind::store_error: return "store_error";
        case SyncStatus::Kind::synced: return "synced";
        case SyncStatus::Kind::pending: return "pending";
        case SyncStatus::Kind::offline: return "offline";
        case SyncStatus::Kind::error: return "error";
    }
    return "error";
}

SyncEngine::SyncEngine(platform::Platform& p) : platform_(p) {
    platform_.set_db_lost_handler([this] {
        phase_ = Phase::lost;
        ++generation_;
    });
}

void SyncEngine::start(const std::string& user_id, const std::string& token) {
    stop();
    user_id_ = user_id;
    token_ = token;
    phase_ = Phase::opening;
    const int gen = generation_;
    platform_.db_open("zhixing-" + user_id, [this, gen](const platform::DbResult& r) {
        if (gen == generation_) opened(r);
    });
}

void SyncEngine::take_over() {
    if (user_id_.empty()) return;
    ++generation_;
    phase_ = Phase::opening;
    const int gen = generation_;
    platform_.db_take_over("zhixing-" + user_id_, [this, gen](const platform::DbResult& r) {
        if (gen == generation_) opened(r);
    });
}

void SyncEngine::stop() {
    if (phase_ != Phase::idle) platform_.db_close();
    ++generation_;
    phase_ = Phase::idle;
    user_id_.clear();
    token_.clear();
    push_in_flight_ = pull_in_flight_ = offline_ = false;
    error_.clear();
    replica_ = Replica();
}

void SyncEngine::fail(const std::string& message) {
    phase_ = Phase::failed;
    error_ = message;
}

void SyncEngine::opened(const platform::DbResult& r) {
    if (r.busy) {
        phase_ = Phase::busy;
        error_ = r.error;
        return;
    }
    if (!r.ok) return fail(r.error);
    const int gen = generation_;
    platform_.db_run({{"PRAGMA user_version"}}, false, [this, gen](const platform::DbResult& v) {
        if (gen != generation_) return;
        if (!v.ok) return fail(v.error);
        migrate(static_cast<int>(v.sets.at(0).at(0).at(0).get<int64_t>()));
    });
}

void SyncEngine::migrate(int have) {
    if (have > schema::latest_version())
        return fail("this device's data was written by a newer Zhixing (schema " + std::to_string(have) +
                    "); update the app");
    Statements steps;
    for (const auto& m : schema::migrations()) {
        if (m.version <= have) continue;
        steps.push_back({std::string(m.sql), json::array(), true});
        steps.push_back({"PRAGMA user_version=" + std::to_string(m.version), json::array(), true});
    }
    if (steps.empty()) return load();
    const int gen = generation_;
    platform_.db_run(std::move(steps), true, [this, gen](const platform::DbResult& r) {
        if (gen != generation_) return;
        if (!r.ok) return fail("could not prepare the local store: " + r.error);
        load();
    });
}

void SyncEngine::load() {
    const int gen = generation_;
    platform_.db_run(Replica::load_queries(), true, [this, gen](const platform::DbResult& r) {
        if (gen != generation_) return;
        if (!r.ok) return fail("could not read the local store: " + r.error);
        try {
            auto first_run = replica_.load(r.sets, platform_.random_hex(8));
            if (!first_run.empty()) persist(std::move(first_run));
        } catch (const std::exception& e) {
            return fail(std::string("the local store is unreadable: ") + e.what());
        }
        phase_ = Phase::ready;
        next_pull_ms_ = 0;
        check_index();
    });
}

// A store written before the search index existed (or whose index was
// damaged) gets it rebuilt in the background, in slices, with progress shown.
void SyncEngine::check_index() {
    const int gen = generation_;
    platform_.db_run({{"SELECT count(*) FROM note_search_keys"}}, false, [this, gen](const platform::DbResult& r) {
        if (gen != generation_ || !r.ok) return;
        const auto indexed = r.sets.at(0).at(0).at(0).get<size_t>();
        std::vector<std::string> ids;
        for (const auto* n : replica_.list("notes")) ids.push_back(n->id);
        if (indexed == ids.size()) return;
        progress_ = Progress{0, ids.size()};
        reindex(std::move(ids), 0);
    });
}

void SyncEngine::reindex(std::vector<std::string> ids, size_t next) {
    constexpr size_t kSlice = 500;
    Statements st;
    if (next == 0) {
        st.push_back({"DELETE FROM note_search"});
        st.push_back({"DELETE FROM note_search_keys"});
    }
    const size_t end = std::min(ids.size(), next + kSlice);
    for (size_t i = next; i < end; ++i)
        if (const auto* n = replica_.find("notes", ids[i]))
            for (auto& s : Replica::index_statements(*n)) st.push_back(std::move(s));
    const int gen = generation_;
    platform_.db_run(std::move(st), true, [this, gen, ids = std::move(ids), end](const platform::DbResult& r) mutable {
        if (gen != generation_) return;
        if (!r.ok || end >= ids.size()) {
            progress_.reset();
            if (!r.ok) error_ = "could not build the search index: " + r.error;
            return;
        }
        progress_ = Progress{end, ids.size()};
        reindex(std::move(ids), end);
    });
}

void SyncEngine::search(const std::string& query, size_t limit,
                        std::function<void(std::vector<Hit>, const std::string&)> done) {
    auto statement = Replica::search_statement(query, limit);
    if (!statement || phase_ != Phase::ready) return done({}, "");
    const int gen = generation_;
    platform_.db_run({std::move(*statement)},
                     false, [this, gen, done = std::move(done)](const platform::DbResult& r) {
                         if (gen != generation_) return;
                         std::vector<Hit> hits;
                         if (r.ok)
                             for (const auto& row : r.sets.at(0))
                                 hits.push_back({row.at(0).get<std::string>(), row.at(1).get<double>()});
                         done(std::move(hits), r.ok ? "" : r.error);
                     });
}

void SyncEngine::persist(Statements s, Done done) {
    if (s.empty()) {
        if (done) done(true, "");
        return;
    }
    const int gen = generation_;
    platform_.db_run(std::move(s), true, [this, gen, done](const platform::DbResult& r) {
        if (gen != generation_) return;
        if (!r.ok) {
            // Memory ran ahead of the disk: reload what is really stored, and say so.
            error_ = "could not save on this device: " + r.error;
            load();
        }
        if (done) done(r.ok, r.error);
    });
}

void SyncEngine::edit(const std::string& collection, const std::string& id, const json& fields,
                      std::optional<bool> deleted, Done done) {
    if (phase_ != Phase::ready) {
        if (done) done(false, "the local store is not open");
        return;
    }
    auto e = replica_.edit(collection, id, fields, deleted, platform_.now_ms());
    persist(std::move(e.persist), std::move(done));
    next_pull_ms_ = 0;
}

void SyncEngine::network_failed(const platform::HttpResponse& r) {
    if (r.status == 401) {
        if (on_unauthorized) on_unauthorized();
        next_attempt_ms_ = platform_.now_ms() + kMaxBackoffMs;
        return;
    }
    offline_ = r.status == 0 || r.status >= 500;
    if (!offline_) error_ = error_message(r);
    backoff_ms_ = std::clamp(backoff_ms_ * 2, kMinBackoffMs, kMaxBackoffMs);
    next_attempt_ms_ = platform_.now_ms() + backoff_ms_;
}

void SyncEngine::tick() {
    if (phase_ != Phase::ready || token_.empty()) return;
    const int64_t now = platform_.now_ms();
    if (now < next_attempt_ms_ || push_in_flight_ || pull_in_flight_) return;
    if (replica_.pending() > 0) return push();
    if (now >= next_pull_ms_) pull();
}

void SyncEngine::push() {
    auto req = replica_.next_push(kBatchChanges, platform_.random_hex(12));
    if (!req) return;
    push_in_flight_ = true;
    const int gen = generation_;
    platform_.http({"POST", api::kPushPath, sync::to_json(*req).dump(), token_},
                   [this, gen, req = *req](const platform::HttpResponse& r) {
                       if (gen != generation_) return;
                       push_in_flight_ = false;
                       const auto body = json::parse(r.body, nullptr, false);
                       const bool replayed = r.status == 409 && body.is_object() &&
                                             body.contains("error") && body["error"].value("code", "") ==
                                                                           api::code::batch_replayed;
                       if (r.status == 200 || replayed) {
                           offline_ = false;
                           backoff_ms_ = 0;
                           error_.clear();
                           try {
                               persist(replica_.acknowledge(sync::push_response_from_json(body)));
                           } catch (const std::exception& e) {
                               error_ = std::string("unreadable push answer: ") + e.what();
                           }
                           next_pull_ms_ = 0;
                           return;
                       }
                       if (r.status >= 400 && r.status < 500 && r.status != 401 && r.status != 426) {
                           const auto msg = error_message(r);
                           if (auto i = change_index(msg); i && *i < req.changes.size()) {
                               // One change is refused for good: keep it aside, send the rest.
                               persist(replica_.reject(req.changes[*i].id, msg, platform_.now_ms()));
                               error_ = msg;
                               return;
                           }
                       }
                       network_failed(r);
                   });
}

void SyncEngine::pull() {
    pull_in_flight_ = true;
    const int gen = generation_;
    platform_.http({"POST", api::kPullPath, sync::to_json(replica_.next_pull(kPullPage)).dump(), token_},
                   [this, gen](const platform::HttpResponse& r) {
                       if (gen != generation_) return;
                       pull_in_flight_ = false;
                       if (r.status != 200) return network_failed(r);
                       offline_ = false;
                       backoff_ms_ = 0;
                       try {
                           const auto resp = sync::pull_response_from_json(json::parse(r.body));
                           persist(replica_.apply_pull(resp));
                           next_pull_ms_ = resp.has_more ? 0 : platform_.now_ms() + kPullIntervalMs;
                           if (!resp.has_more) error_.clear();
                       } catch (const std::exception& e) {
                           error_ = std::string("unreadable pull answer: ") + e.what();
                           next_attempt_ms_ = platform_.now_ms() + kMaxBackoffMs;
                       }
                   });
}

SyncStatus SyncEngine::status() const {
    SyncStatus s;
    s.pending = replica_.pending();
    s.rejected = replica_.rejected();
    s.message = error_;
    using K = SyncStatus::Kind;
    switch (phase_) {
        case Phase::idle: s.kind = K::signed_out; return s;
        case Phase::opening: s.kind = K::opening; return s;
        case Phase::busy: s.kind = K::busy_elsewhere; return s;
        case Phase::lost: s.kind = K::lost; return s;
        case Phase::failed: s.kind = K::store_error; return s;
        case Phase::ready: break;
    }
    if (offline_) s.kind = K::offline;
    else if (!error_.empty() || s.rejected > 0) s.kind = K::error;
    else if (s.pending > 0 || !replica_.synced_once()) s.kind = K::pending;
    else s.kind = K::synced;
    return s;
}

}  // namespace zx::client
