// The sync engine (engine.hpp): drives the sans-I/O Replica with the
// platform's database and HTTP.
//   1. start, take over, stop, and the issue shown in the status bar
//   2. opening the store: migrate, load, the note index
//   3. local edits: validated, persisted as one transaction, queued
//   4. refused changes: retry, discard, revert to the server's state
//   5. tick: pushes sized by bytes, split on a refusal naming no change,
//      taking turns with pulls; pulls when the live channel signals, on a
//      longer interval while it is live; status
#include "sync/engine.hpp"

#include "net/api_client.hpp"

#include "zx/core/format.hpp"
#include "zx/core/strict_json.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/schema.hpp"
#include "zx/wire/api.hpp"

#include <algorithm>

namespace zx::client {

using nlohmann::json;

namespace {
// Pulls for signals are at least this far apart: a burst of changes is a
// pull or two, not one per change (the server folds signals too).
constexpr int64_t kSignalGapMs = 500;
constexpr int64_t kMinBackoffMs = 1'000;
constexpr int64_t kMaxBackoffMs = 30'000;
constexpr size_t kBatchChanges = 200;
// A batch's changes take at most this much JSON: under the server's body
// limit with room for the envelope (node, batch id, schema version).
constexpr size_t kBatchBytes = sync::kMaxPushBytes - 8 * 1024;
static_assert(sync::kMaxChangeBytes <= kBatchBytes, "a change on its own must fit a batch");
constexpr int kPullPage = 500;
// A device clock up to this far ahead of the server's is trusted as it is;
// beyond, edits are stamped with the server's time instead (the server
// refuses clocks a day ahead, and such a clock would win every merge).
constexpr int64_t kTrustedSkewMs = 10 * 60 * 1000;
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

SyncEngine::SyncEngine(platform::Platform& p) : platform_(p), push_limit_(kBatchChanges), live_(p) {
    live_.on_signal = [this](int64_t) { signalled(); };
    platform_.set_db_lost_handler([this] {
        live_.stop();  // the tab that took the store over listens now
        phase_ = Phase::lost;
        ++generation_;
        persists_in_flight_ = 0;
        reloading_ = false;
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
    persists_in_flight_ = 0;
    reloading_ = false;
    phase_ = Phase::opening;
    const int gen = generation_;
    platform_.db_take_over("zhixing-" + user_id_, [this, gen](const platform::DbResult& r) {
        if (gen == generation_) opened(r);
    });
}

void SyncEngine::stop() {
    if (phase_ != Phase::idle) platform_.db_close();
    ++generation_;
    persists_in_flight_ = 0;
    reloading_ = false;
    phase_ = Phase::idle;
    user_id_.clear();
    token_.clear();
    push_in_flight_ = pull_in_flight_ = revert_in_flight_ = offline_ = repair_clock_ = false;
    push_limit_ = kBatchChanges;
    pull_at_ = push_at_ = net_retry_at_ = backoff_ms_ = 0;
    live_.stop();
    live_seen_ = LiveState::off;
    next_pull_ = PullWhy::other;
    signal_due_ = false;
    skew_ms_.reset();
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
    // Until the store is read again, memory may hold changes the disk
    // refused: nothing is pushed or edited on top of them.
    reloading_ = true;
    platform_.db_run(Replica::load_queries(), true, [this, gen](const platform::DbResult& r) {
        if (gen != generation_) return;
        reloading_ = false;
        if (!r.ok) return fail(SyncIssue::store_read, r.error);
        try {
            auto first_run = replica_.load(r.sets, platform_.random_hex(8));
            if (!first_run.empty()) persist(std::move(first_run));
        } catch (const std::exception& e) {
            return fail(SyncIssue::store_read, e.what());
        }
        phase_ = Phase::ready;
        pull_at_ = 0;
        next_pull_ = PullWhy::other;
        live_.start(token_);
        // Changes an earlier version kept refused for a clock far ahead are
        // sent again once the clock is corrected (after the first pull).
        for (const auto& x : replica_.refused())
            if (x.error.problem == to_code(Code::clock_ahead)) repair_clock_ = true;
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

void SyncEngine::run_local(Statements s, platform::DbCallback done) {
    if (phase_ != Phase::ready) {
        platform::DbResult r;
        r.ok = false;
        r.error = "the local store is not open";
        if (done) done(r);
        return;
    }
    const int gen = generation_;
    platform_.db_run(std::move(s), true, [this, gen, done = std::move(done)](const platform::DbResult& r) {
        if (gen == generation_ && done) done(r);
    });
}

void SyncEngine::persist(Statements s, Done done) {
    if (s.empty()) {
        if (done) done({});
        return;
    }
    const int gen = generation_;
    ++persists_in_flight_;
    platform_.db_run(std::move(s), true, [this, gen, done](const platform::DbResult& r) {
        if (gen != generation_) return;
        --persists_in_flight_;
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
        if (auto p = replica_.check(w.collection, w.id, w.fields, w.deleted, wall_ms())) return p;
    return std::nullopt;
}

void SyncEngine::edit(RecordWrite write, Done done) {
    std::vector<RecordWrite> one;
    one.push_back(std::move(write));
    edit(std::move(one), std::move(done));
}

void SyncEngine::edit(std::vector<RecordWrite> writes, Done done) {
    if (phase_ != Phase::ready || reloading_) {
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
        auto e = replica_.edit(w.collection, w.id, w.fields, w.deleted, wall_ms());
        for (auto& st : e.persist) all.push_back(std::move(st));
    }
    persist(std::move(all), std::move(done));
    push_at_ = 0;
}

int64_t SyncEngine::wall_ms() const {
    const int64_t now = platform_.now_ms();
    return skew_ms_ && *skew_ms_ > kTrustedSkewMs ? now - *skew_ms_ : now;
}

void SyncEngine::retry_refused(const std::string& change_id, Done done) {
    const RefusedChange* it = replica_.refused_change(change_id);
    if (phase_ != Phase::ready) {
        if (done) done({false, std::nullopt, "the local store is not open"});
        return;
    }
    if (!it) {  // retried or discarded already (another tab, a double click)
        if (done) done({false, problem(Code::not_found, "change", "no such refused change", {{"what", change_id}}), {}});
        return;
    }
    // Checked like any edit: the record may have moved on since.
    if (auto p = check({{it->change.collection, it->change.record, it->change.fields, it->change.deleted}})) {
        if (done) done({false, std::move(p), {}});
        return;
    }
    persist(replica_.retry(change_id, wall_ms()), std::move(done));
    push_at_ = 0;
}

void SyncEngine::discard_refused(const std::string& change_id, Done done) {
    if (phase_ != Phase::ready) {
        if (done) done({false, std::nullopt, "the local store is not open"});
        return;
    }
    persist(replica_.discard(change_id), std::move(done));
}

void SyncEngine::observe_server(const std::string& server_hlc) {
    if (const auto p = hlc::parse(server_hlc))
        skew_ms_ = platform_.now_ms() - static_cast<int64_t>(p->wall_ms);
}

void SyncEngine::transport_failed(const platform::HttpResponse& r, const std::optional<api::Error>& error) {
    offline_ = r.status == 0 || (r.status >= 500 && r.status != 503);
    backoff_ms_ = std::clamp(backoff_ms_ * 2, kMinBackoffMs, kMaxBackoffMs);
    // A server that is busy (429, 503) may say how long to wait.
    int64_t wait = backoff_ms_;
    if (error)
        for (const auto& [k, v] : error->params)
            if (k == "retry_after_s") wait = std::max(wait, std::clamp<int64_t>(std::atoll(v.c_str()), 1, 3600) * 1000);
    net_retry_at_ = platform_.now_ms() + wait;
}

void SyncEngine::signalled() {
    signal_due_ = true;
    const int64_t at = std::max(platform_.now_ms(), signal_pull_ms_ + kSignalGapMs);
    if (at < pull_at_) {
        pull_at_ = at;
        next_pull_ = PullWhy::signal;
    }
    platform_.request_frame(at);
}

void SyncEngine::tick() {
    if (phase_ != Phase::ready || token_.empty()) return;
    const int64_t now = platform_.now_ms();
    live_.tick();
    // The channel went down: nobody will say when to pull, so the shorter
    // interval applies again from now.
    if (live_seen_ == LiveState::live && live_.state() != LiveState::live && pull_at_ > now + intervals_.poll_ms) {
        pull_at_ = now + intervals_.poll_ms;
        next_pull_ = PullWhy::poll;
    }
    live_seen_ = live_.state();
    // An idle app draws (and so ticks) only when asked: ask for the frame at
    // which the next push, pull or retry falls due. What is in flight asks
    // for nothing, its completion wakes the app.
    if (now < net_retry_at_) return platform_.request_frame(net_retry_at_);
    fetch_reverts();
    if (push_in_flight_ || pull_in_flight_) return;
    // Only what is on disk goes out: a change the store then fails to write
    // (and memory forgets on reload) must never reach the server.
    if (persists_in_flight_ > 0 || reloading_) return;
    // Push and pull take turns when both are due, so neither starves the
    // other: thousands of waiting changes do not hold back what others wrote,
    // and a push that backs off never stops pulling.
    const bool can_push = replica_.pending() > 0 && !repair_clock_;
    const bool push_due = can_push && now >= push_at_;
    const bool pull_due = now >= pull_at_;
    if (push_due && (!pull_due || !pushed_last_)) return push();
    if (pull_due) return pull();
    platform_.request_frame(can_push ? std::min(push_at_, pull_at_) : pull_at_);
}

void SyncEngine::push() {
    auto req = replica_.next_push(push_limit_, kBatchBytes, platform_.random_hex(12));
    if (!req) return;
    push_in_flight_ = true;
    pushed_last_ = true;
    const int gen = generation_;
    platform_.http({"POST", api::kPushPath, sync::to_json(*req).dump(), token_},
                   [this, gen, req = *req](const platform::HttpResponse& r) {
                       if (gen != generation_) return;
                       push_in_flight_ = false;
                       pushed(req, r);
                   });
}

// What a push's answer means for the outbox:
//   200, or 409 batch_replayed   acknowledged: those changes leave the outbox
//   401                          the session ended
//   0, 5xx, 429                  wait and send the same changes again
//   426, schema_too_new          this app and the server disagree on the schema: stop pushing
//   4xx naming a change          that change is refused for good: set aside and reverted
//   4xx naming none (413 too)    halve the batch until the change at fault is alone
void SyncEngine::pushed(const sync::PushRequest& req, const platform::HttpResponse& r) {
    const auto reply = read_reply(r);
    const auto& error = reply.error;
    const bool replayed = r.status == 409 && error && error->code == api::code::batch_replayed;
    if (r.status == 200 || replayed) {
        offline_ = false;
        backoff_ms_ = 0;
        clear_issue();
        try {
            const auto resp = sync::push_response_from_json(reply.body);
            observe_server(resp.server_hlc);
            persist(replica_.acknowledge(resp));
        } catch (const std::exception& e) {
            set_issue(SyncIssue::bad_answer, e.what());
        }
        push_limit_ = std::min(kBatchChanges, push_limit_ * 2);
        if (replica_.pending() == 0) {
            pull_at_ = 0;
            next_pull_ = PullWhy::other;
        }
        return;
    }
    if (r.status == 401) {
        if (on_unauthorized) on_unauthorized();
        net_retry_at_ = platform_.now_ms() + kMaxBackoffMs;
        return;
    }
    if (r.status == 0 || r.status >= 500 || r.status == 429) return transport_failed(r, error);

    offline_ = false;
    api::Error refusal = error.value_or(api::Error{"http_" + std::to_string(r.status), "HTTP " + std::to_string(r.status)});
    const auto problem = refusal.problem;
    if (r.status == 426 || problem == to_code(Code::schema_too_new) || problem == to_code(Code::schema_too_old)) {
        set_issue(SyncIssue::server_refused, "HTTP " + std::to_string(r.status), refusal);
        push_at_ = platform_.now_ms() + kMaxBackoffMs;
        return;
    }
    const sync::Change* named = nullptr;
    if (refusal.change && *refusal.change >= 0 && static_cast<size_t>(*refusal.change) < req.changes.size() &&
        req.changes[static_cast<size_t>(*refusal.change)].id == refusal.change_id)
        named = &req.changes[static_cast<size_t>(*refusal.change)];
    if (named && problem == to_code(Code::clock_ahead)) {
        // Not this change's fault: correct the clock from the server's (the
        // next pull tells its time), restamp, and send everything again.
        repair_clock_ = true;
        pull_at_ = 0;
        next_pull_ = PullWhy::other;
        return;
    }
    if (named) return refuse(*named, refusal);
    if (req.changes.size() > 1) {
        // Some change in this batch is at fault but the server did not say
        // which: send half, and so on, until it is alone.
        push_limit_ = std::max<size_t>(1, req.changes.size() / 2);
        push_at_ = 0;
        return;
    }
    if (!req.changes.empty()) refuse(req.changes.front(), refusal);
}

void SyncEngine::refuse(const sync::Change& change, const api::Error& error) {
    persist(replica_.reject(change.id, error, platform_.now_ms()));
    push_at_ = 0;  // the rest can go
    fetch_reverts();
}

// A record whose change was refused shows the server's state again: fetched
// one record at a time; until it arrives the refused value stays (and the
// attention view says the server's version is on its way).
void SyncEngine::fetch_reverts() {
    if (revert_in_flight_ || phase_ != Phase::ready) return;
    const auto todo = replica_.needs_revert();
    if (todo.empty()) return;
    const std::string collection = todo.front().first, id = todo.front().second;
    revert_in_flight_ = true;
    const int gen = generation_;
    const auto path = format(api::kRecordPath, {{"collection", collection}, {"id", id}});
    platform_.http({"GET", path, "", token_}, [this, gen, collection, id](const platform::HttpResponse& r) {
        if (gen != generation_) return;
        revert_in_flight_ = false;
        if (r.status == 200) {
            try {
                persist(replica_.revert(collection, id, sync::record_from_json(strict::parse(r.body, "record answer"))));
            } catch (const std::exception& e) {
                set_issue(SyncIssue::bad_answer, e.what());
                transport_failed(r, std::nullopt);  // not again at once
            }
        } else if (r.status == 404) {
            persist(replica_.revert(collection, id, std::nullopt));  // the server has none this user may see
        } else {
            transport_failed(r, read_reply(r).error);
        }
    });
}

void SyncEngine::pull() {
    pull_in_flight_ = true;
    pushed_last_ = false;
    // A pull answers every signal before it, whoever scheduled it.
    if (signal_due_) {
        ++pulls_.signal;
        signal_due_ = false;
        signal_pull_ms_ = platform_.now_ms();
    } else {
        ++(next_pull_ == PullWhy::poll ? pulls_.poll : pulls_.other);
    }
    next_pull_ = PullWhy::other;
    const int gen = generation_;
    platform_.http({"POST", api::kPullPath, sync::to_json(replica_.next_pull(kPullPage)).dump(), token_},
                   [this, gen](const platform::HttpResponse& r) {
                       if (gen != generation_) return;
                       pull_in_flight_ = false;
                       pulled(r);
                   });
}

void SyncEngine::pulled(const platform::HttpResponse& r) {
    if (r.status == 401) {
        if (on_unauthorized) on_unauthorized();
        net_retry_at_ = platform_.now_ms() + kMaxBackoffMs;
        return;
    }
    if (r.status == 0 || r.status >= 500 || r.status == 429) return transport_failed(r, read_reply(r).error);
    if (r.status != 200) {
        const auto reply = read_reply(r);
        set_issue(SyncIssue::server_refused, "HTTP " + std::to_string(r.status),
                  reply.error.value_or(api::Error{"http_" + std::to_string(r.status), "HTTP " + std::to_string(r.status)}));
        pull_at_ = platform_.now_ms() + kMaxBackoffMs;
        return;
    }
    offline_ = false;
    backoff_ms_ = 0;
    try {
        const auto resp = sync::pull_response_from_json(strict::parse(r.body, "pull answer"));
        observe_server(resp.server_hlc);
        persist(replica_.apply_pull(resp));
        const auto interval = live_.state() == LiveState::live ? intervals_.live_poll_ms : intervals_.poll_ms;
        pull_at_ = resp.has_more ? 0 : platform_.now_ms() + interval;
        next_pull_ = resp.has_more ? PullWhy::other : PullWhy::poll;
        // A signal that came while this pull was under way may be about
        // something it did not see yet.
        if (signal_due_) signalled();
        if (!resp.has_more && issue_ != SyncIssue::store_save) clear_issue();
    } catch (const std::exception& e) {
        set_issue(SyncIssue::bad_answer, e.what());
        pull_at_ = platform_.now_ms() + kMaxBackoffMs;
        return;
    }
    if (repair_clock_ && skew_ms_ && !push_in_flight_) {
        repair_clock_ = false;
        persist(replica_.repair_clock(platform_.now_ms() - *skew_ms_));
        push_at_ = 0;
    }
}

SyncStatus SyncEngine::status() const {
    SyncStatus s;
    s.pending = replica_.pending();
    s.rejected = replica_.rejected();
    s.issue = issue_;
    s.detail = detail_;
    s.server_error = server_error_;
    s.live = live_.state();
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
    else if (issue_ != SyncIssue::none) s.kind = K::error;
    else if (s.pending > 0 || !replica_.synced_once()) s.kind = K::pending;
    else s.kind = K::synced;
    return s;
}

}  // namespace zx::client
