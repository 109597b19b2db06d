#include "sync/engine.hpp"

#include "net/api_client.hpp"

#include "zx/sync/schema.hpp"
#include "zx/wire/api.hpp"

#include <algorithm>

namespace zx::client {

using nlohmann::json;

namespace {
constexpr int64_t kPullIntervalMs = 10'000;   // idle polling until the server can push
constexpr int64_t kMinBackoffMs = 1'000;
constexpr int64_t kMaxBackoffMs = 30'000;
constexpr size_t kBatchChanges = 200;
constexpr int kPullPage = 500;
}  // namespace

std::string_view issue_code(SyncIssue i) {
    switch (i) {
        case SyncIssue::none: return "";
        case SyncIssue::store_open: return "store_open";
        case SyncIssue::store_newer: return "store_newer";
        case SyncIssue::store_prepare: return "store_prepare";
        case SyncIssue::store_read: return "store_read";
        case SyncIssue::store_save: return "store_save";
        case SyncIssue::index: return "index";
        case SyncIssue::server_refused: return "server_refused";
        case SyncIssue::bad_answer: return "bad_answer";
    }
    return "";
}

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
    clear_issue();
    replica_ = Replica();
}

void SyncEngine::fail(SyncIssue issue, const std::string& detail) {
    phase_ = Phase::failed;
    set_issue(issue, detail);
}

void SyncEngine::set_issue(SyncIssue issue, std::string detail, std::optional<api::Error> server) {
    issue_ = issue;
    detail_ = std::move(detail);
    server_error_ = std::move(server);
}

void SyncEngine::clear_issue() { set_issue(SyncIssue::none); }

void SyncEngine::opened(const platform::DbResult& r) {
    if (r.busy) {
        phase_ = Phase::busy;
        set_issue(SyncIssue::store_open, r.error);
        return;
    }
    if (!r.ok) return fail(SyncIssue::store_open, r.error);
    const int gen = generation_;
    platform_.db_run({{"PRAGMA user_version"}}, false, [this, gen](const platform::DbResult& v) {
        if (gen != generation_) return;
        if (!v.ok) return fail(SyncIssue::store_read, v.error);
        migrate(static_cast<int>(v.sets.at(0).at(0).at(0).get<int64_t>()));
    });
}

void SyncEngine::migrate(int have) {
    if (have > schema::latest_version())
        return fail(SyncIssue::store_newer, std::to_string(have));
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
        if (!r.ok) return fail(SyncIssue::store_prepare, r.error);
        load();
    });
}

void SyncEngine::load() {
    const int gen = generation_;
    platform_.db_run(Replica::load_queries(), true, [this, gen](const platform::DbResult& r) {
        if (gen != generation_) return;
        if (!r.ok) return fail(SyncIssue::store_read, r.error);
        try {
            auto first_run = replica_.load(r.sets, platform_.random_hex(8));
            if (!first_run.empty()) persist(std::move(first_run));
        } catch (const std::exception& e) {
            return fail(SyncIssue::store_read, e.what());
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
            if (!r.ok) set_issue(SyncIssue::index, r.error);
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
        if (done) done({});
        return;
    }
    const int gen = generation_;
    platform_.db_run(std::move(s), true, [this, gen, done](const platform::DbResult& r) {
        if (gen != generation_) return;
        if (!r.ok) {
            // Memory ran ahead of the disk: reload what is really stored, and say so.
            set_issue(SyncIssue::store_save, r.error);
            load();
        }
        if (done) done(r.ok ? EditOutcome{} : EditOutcome{false, std::nullopt, r.error});
    });
}

std::optional<Problem> SyncEngine::check(const std::vector<RecordWrite>& writes) const {
    for (const auto& w : writes)
        if (auto p = replica_.check(w.collection, w.id, w.fields, w.deleted, platform_.now_ms())) return p;
    return std::nullopt;
}

void SyncEngine::edit(RecordWrite write, Done done) {
    std::vector<RecordWrite> one;
    one.push_back(std::move(write));
    edit(std::move(one), std::move(done));
}

void SyncEngine::edit(std::vector<RecordWrite> writes, Done done) {
    if (phase_ != Phase::ready) {
        if (done) done({false, std::nullopt, "the local store is not open"});
        return;
    }
    // All checked before any is written: a refused batch leaves no trace.
    if (auto p = check(writes)) {
        if (done) done({false, std::move(p), {}});
        return;
    }
    Statements all;
    for (const auto& w : writes) {
        auto e = replica_.edit(w.collection, w.id, w.fields, w.deleted, platform_.now_ms());
        for (auto& st : e.persist) all.push_back(std::move(st));
    }
    persist(std::move(all), std::move(done));
    next_pull_ms_ = 0;
}

void SyncEngine::network_failed(const platform::HttpResponse& r) {
    if (r.status == 401) {
        if (on_unauthorized) on_unauthorized();
        next_attempt_ms_ = platform_.now_ms() + kMaxBackoffMs;
        return;
    }
    offline_ = r.status == 0 || r.status >= 500;
    if (!offline_) {
        const auto reply = read_reply(r);
        api::Error fallback;
        fallback.code = "http_" + std::to_string(r.status);
        fallback.message = "HTTP " + std::to_string(r.status);
        set_issue(SyncIssue::server_refused, "HTTP " + std::to_string(r.status), reply.error.value_or(fallback));
    }
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
                       const auto reply = read_reply(r);
                       const bool replayed =
                           r.status == 409 && reply.error && reply.error->code == api::code::batch_replayed;
                       if (r.status == 200 || replayed) {
                           offline_ = false;
                           backoff_ms_ = 0;
                           clear_issue();
                           try {
                               persist(replica_.acknowledge(sync::push_response_from_json(reply.body)));
                           } catch (const std::exception& e) {
                               set_issue(SyncIssue::bad_answer, e.what());
                           }
                           next_pull_ms_ = 0;
                           return;
                       }
                       if (r.status >= 400 && r.status < 500 && r.status != 401 && r.status != 426 && reply.error &&
                           reply.error->change && *reply.error->change >= 0 &&
                           static_cast<size_t>(*reply.error->change) < req.changes.size() &&
                           req.changes[static_cast<size_t>(*reply.error->change)].id == reply.error->change_id) {
                           // One change is refused for good: keep it aside, send the rest.
                           const auto& refused = req.changes[static_cast<size_t>(*reply.error->change)];
                           persist(replica_.reject(refused.id, reply.error->message, platform_.now_ms()));
                           set_issue(SyncIssue::server_refused, refused.collection + "/" + refused.record, *reply.error);
                           return;
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
                           if (!resp.has_more) clear_issue();
                       } catch (const std::exception& e) {
                           set_issue(SyncIssue::bad_answer, e.what());
                           next_attempt_ms_ = platform_.now_ms() + kMaxBackoffMs;
                       }
                   });
}

SyncStatus SyncEngine::status() const {
    SyncStatus s;
    s.pending = replica_.pending();
    s.rejected = replica_.rejected();
    s.issue = issue_;
    s.detail = detail_;
    s.server_error = server_error_;
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
    else if (issue_ != SyncIssue::none || s.rejected > 0) s.kind = K::error;
    else if (s.pending > 0 || !replica_.synced_once()) s.kind = K::pending;
    else s.kind = K::synced;
    return s;
}

}  // namespace zx::client
