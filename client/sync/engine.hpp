#pragma once
// Runs a signed-in user's Replica against the platform: opens and migrates
// their local store, loads it, persists every change before reporting it
// saved, and pushes and pulls in the background with backoff while offline.
// Everything happens on the UI thread through the platform's async calls.
//
// The outbox always drains: batches are sized by bytes under the server's
// limit; a batch refused without naming a change is halved until the one
// change at fault is found; a change the server refuses is set aside (shown
// in the "needs attention" view) and its record reverted to the server's
// state; a device clock far ahead is corrected from the server's clock and
// the unsent changes restamped. Pulling goes on while pushes back off.
#include "platform/platform.hpp"
#include "sync/live.hpp"
#include "sync/replica.hpp"

#include "zx/core/problem.hpp"
#include "zx/wire/api.hpp"

#include <functional>
#include <optional>
#include <string>

namespace zx::client {

// What went wrong, as data; the status bar words it in the user's language.
enum class SyncIssue {
    none,
    store_open,     // the local store could not be opened (detail: the store's error)
    store_newer,    // the local store was written by a newer app (detail: its schema)
    store_prepare,  // migrating the local store failed
    store_read,     // loading the local store failed
    store_save,     // writing to the local store failed; memory was reloaded from it
    index,          // building the search index failed
    server_refused, // the server refused a request for good (server_error says why)
    bad_answer,     // the server's answer could not be read (detail)
};

struct SyncStatus {
    enum class Kind {
        signed_out,      // no user: nothing to sync
        opening,         // opening and loading the local store
        busy_elsewhere,  // another tab of this browser holds the store
        lost,            // another tab took the store away
        store_error,     // the local store failed; nothing was lost, but sync stopped
        synced,          // everything acknowledged, pulled recently
        pending,         // changes waiting to be sent (online)
        offline,         // the server cannot be reached; changes wait
        error,           // the server refused a request as a whole (issue, server_error)
    };
    Kind kind = Kind::signed_out;
    size_t pending = 0;
    size_t rejected = 0;
    SyncIssue issue = SyncIssue::none;
    std::string detail;                     // technical detail of the issue (a store's error text)
    std::optional<api::Error> server_error;  // with server_refused
    LiveState live = LiveState::off;         // the live channel (sync/live.hpp)
};
std::string_view status_code(SyncStatus::Kind k);
std::string_view issue_code(SyncIssue i);

// One record to write: some of its fields, or its deletion.
struct RecordWrite {
    std::string collection;
    std::string id;
    nlohmann::json fields = nlohmann::json::object();
    std::optional<bool> deleted = std::nullopt;
};

// How a local edit went. `refused`: the shared rules refused it, nothing was
// written and nothing will be sent. `store_error`: the local store failed,
// nothing was written. Otherwise it is durable on this device.
struct EditOutcome {
    bool ok = true;
    std::optional<Problem> refused = std::nullopt;
    std::string store_error = {};
};

// How often the engine pulls on its own. While the live channel is live the
// server says when something changed, and the longer interval only makes
// sure; otherwise the shorter one is the fallback.
struct SyncIntervals {
    int64_t poll_ms = 10'000;
    int64_t live_poll_ms = 60'000;
};

// Why pulls were made, for tests and diagnostics (the test hook).
struct PullCounts {
    int64_t signal = 0;  // the live channel said so (hello or changed)
    int64_t poll = 0;    // the interval came round
    int64_t other = 0;   // start, more pages, after a push, a retry
};

class SyncEngine {
public:
    explicit SyncEngine(platform::Platform& p);

    // Opens the store of `user_id` (one per user, so accounts never mix on a
    // shared device) and starts syncing with `token`.
    void start(const std::string& user_id, const std::string& token);
    // Keeps the store and any unsent changes; signs the engine out.
    void stop();
    void set_token(const std::string& token) {
        token_ = token;
        live_.set_token(token);
    }
    // Drivers and tests: how often to pull without a signal.
    void set_intervals(SyncIntervals i) { intervals_ = i; }
    // Takes the store over from another tab that holds it.
    void take_over();

    // Call once per frame: starts pushes and pulls when due.
    void tick();
    // Push and pull as soon as possible (after a local change, on demand).
    void sync_soon() {
        pull_at_ = 0;
        next_pull_ = PullWhy::other;
    }
    // The server is reachable again: forget the backoff.
    void retry_now() {
        pull_at_ = push_at_ = net_retry_at_ = 0;
        next_pull_ = PullWhy::other;
        backoff_ms_ = 0;
    }

    using Done = std::function<void(const EditOutcome&)>;
    // Writes records together, all or none: each write is checked first with
    // the rules the server applies (zx/wire/record_rules.hpp), and the first
    // problem refuses the whole batch before anything is written; then every
    // record, its outbox entry and its search index go to the local store in
    // one transaction. `done` runs when that is durable (or failed).
    void edit(std::vector<RecordWrite> writes, Done done = {});
    void edit(RecordWrite write, Done done = {});
    // The problem edit() would refuse these writes with, without writing.
    std::optional<Problem> check(const std::vector<RecordWrite>& writes) const;

    // A change the server refused (Replica::refused()): sends it again as a
    // new edit, checked like one, or forgets it. Discarding is possible once
    // the record shows the server's state again (RefusedChange::reverted).
    void retry_refused(const std::string& change_id, Done done = {});
    void discard_refused(const std::string& change_id, Done done = {});
    // The wall time edits are stamped with: this device's clock, or, when it
    // is far ahead of the server's last known time, the server's.
    int64_t wall_ms() const;

    // Full-text search of the user's notes in the local store (works offline).
    // `done` gets note ids, best match first, or an error.
    struct Hit {
        std::string note_id;
        double rank;
    };
    void search(const std::string& query, size_t limit,
                std::function<void(std::vector<Hit> hits, const std::string& error)> done);

    // Device-local statements on the open store (the drafts table), queued
    // in order with the engine's own writes, in one transaction; never
    // synced. `done` runs later; not run (ok = false) while no store is
    // ready, and never after stop() (a late answer belongs to an old session).
    void run_local(Statements s, platform::DbCallback done);

    // Long work in progress (building the search index), for a progress bar.
    struct Progress {
        size_t done = 0, total = 0;
    };
    std::optional<Progress> progress() const { return progress_; }

    bool ready() const { return phase_ == Phase::ready; }
    const Replica& replica() const { return replica_; }
    const std::string& user_id() const { return user_id_; }
    SyncStatus status() const;
    const PullCounts& pulls() const { return pulls_; }
    const LiveChannel& live() const { return live_; }

    // The server said the session is no longer valid (401).
    std::function<void()> on_unauthorized;

private:
    enum class Phase { idle, opening, ready, busy, lost, failed };
    void opened(const platform::DbResult& r);
    void migrate(int have);
    void load();
    void push();
    void pushed(const sync::PushRequest& req, const platform::HttpResponse& r);
    void pull();
    void pulled(const platform::HttpResponse& r);
    void fetch_reverts();
    void refuse(const sync::Change& change, const api::Error& error);
    void persist(Statements s, Done done = {});
    void set_issue(SyncIssue issue, std::string detail = {}, std::optional<api::Error> server = std::nullopt);
    void clear_issue();
    // No answer, a server error, or "too many requests": wait, then try again.
    void transport_failed(const platform::HttpResponse& r, const std::optional<api::Error>& error);
    void observe_server(const std::string& server_hlc);
    void check_index();
    void reindex(std::vector<std::string> ids, size_t next);
    void fail(SyncIssue issue, const std::string& detail);
    // The live channel said something changed (or came up): pull soon.
    void signalled();

    enum class PullWhy { other, poll, signal };

    platform::Platform& platform_;
    Replica replica_;
    Phase phase_ = Phase::idle;
    std::string user_id_;
    std::string token_;
    int generation_ = 0;  // bumped on stop(), so late callbacks of an old session do nothing
    bool push_in_flight_ = false;
    bool pull_in_flight_ = false;
    bool revert_in_flight_ = false;
    int persists_in_flight_ = 0;  // local writes not yet on disk: nothing is pushed meanwhile
    bool reloading_ = false;      // memory is being read again from the store (after a failed write)
    bool pushed_last_ = false;    // push and pull take turns when both are due
    bool repair_clock_ = false;   // the server said our clock is ahead: correct it after the next pull
    bool offline_ = false;
    size_t push_limit_;           // changes per batch; halved to find a change the server refuses
    int64_t pull_at_ = 0;         // the next pull, not before
    int64_t push_at_ = 0;         // the next push, not before (a refusal's backoff)
    int64_t net_retry_at_ = 0;    // after a network failure: neither before this
    int64_t backoff_ms_ = 0;
    std::optional<int64_t> skew_ms_;  // this device's clock minus the server's, at the last answer
    SyncIssue issue_ = SyncIssue::none;
    std::string detail_;
    std::optional<api::Error> server_error_;
    std::optional<Progress> progress_;
    LiveChannel live_;
    SyncIntervals intervals_;
    LiveState live_seen_ = LiveState::off;  // the channel's state at the last tick
    PullWhy next_pull_ = PullWhy::other;  // what the pull at pull_at_ is for
    bool signal_due_ = false;             // a signal not yet answered by a pull
    int64_t signal_pull_ms_ = 0;          // when the last pull for a signal started
    PullCounts pulls_;
};

}  // namespace zx::client
