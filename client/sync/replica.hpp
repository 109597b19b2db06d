#pragma once
// One replica of a user's data: the records this device holds, the changes it
// has made that the server has not acknowledged (the outbox), and its place
// in the server's change stream (cursor and epoch).
//
// The Replica does no I/O. Every operation updates memory and returns the SQL
// statements that make the same change durable; the caller runs them in one
// transaction (the platform's async store in the app, SQLite directly in
// tests) and treats the operation as saved only when they succeed. Network
// messages are likewise built and consumed here but sent by the caller.
#include "platform/platform.hpp"

#include "zx/core/problem.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/sync.hpp"
#include "zx/wire/errors.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace zx::client {

using platform::DbStatement;
using Statements = std::vector<DbStatement>;

// A change the server refused for good, kept on the device (never lost) until
// the person retries or discards it. Once `reverted`, the record shows the
// server's state again (plus any later changes still waiting to be sent).
struct RefusedChange {
    sync::Change change;
    api::Error error;  // the server's refusal, with its coded problem
    int64_t at = 0;    // when it was refused, ms
    bool reverted = false;
    bool operator==(const RefusedChange&) const = default;
};

class Replica {
public:
    // --- Loading ---------------------------------------------------------------
    // Statements whose result sets, passed to load(), rebuild the replica.
    static Statements load_queries();
    // Rebuilds memory from load_queries()' results. A replica that has never
    // run gets a fresh node id (from `random_node`) and returns statements to
    // store it.
    Statements load(const std::vector<nlohmann::json>& sets, const std::string& random_node);

    // --- Local edits ---------------------------------------------------------------
    // Writes `fields` (and optionally deletion) of one record, as this device,
    // at wall time `now_ms`. Body fields remember which version they edited,
    // so the server can tell a concurrent edit from a sequential one.
    struct Edit {
        sync::Change change;
        Statements persist;
    };
    Edit edit(const std::string& collection, const std::string& id, const nlohmann::json& fields,
              std::optional<bool> deleted, int64_t now_ms);
    // The problem the shared rules (zx/wire/record_rules.hpp) find with that
    // edit, as the server would find it, or nothing. Changes nothing.
    std::optional<Problem> check(const std::string& collection, const std::string& id, const nlohmann::json& fields,
                                 std::optional<bool> deleted, int64_t now_ms) const;

    // --- Push ------------------------------------------------------------------------
    // The next batch to send (oldest changes first), or nothing if all are
    // sent: at most `max_changes`, and at most `max_bytes` of change JSON in
    // all, but always at least one change (a change on its own is within
    // sync::kMaxChangeBytes, so it always fits a push). The same changes are
    // offered again until acknowledged, under a new batch id each time.
    std::optional<sync::PushRequest> next_push(size_t max_changes, size_t max_bytes, const std::string& batch_id) const;
    // The server accepted (or had already accepted) these changes.
    Statements acknowledge(const sync::PushResponse& r);
    // The server refused a change for good: it leaves the outbox for the
    // refused list, where it is kept and shown, never lost. The record keeps
    // the refused value until revert() brings the server's state.
    Statements reject(const std::string& change_id, const api::Error& error, int64_t now_ms);
    // Puts the server's state of a record back (nothing: the server has no
    // such record for this user), then re-applies this device's changes to it
    // that still wait to be sent; marks its refused changes reverted.
    Statements revert(const std::string& collection, const std::string& id, const std::optional<sync::Record>& server);
    // Records with a refused change not yet reverted, as (collection, id).
    std::vector<std::pair<std::string, std::string>> needs_revert() const;
    // Sends a refused change again: the same fields, as a new edit at `now_ms`
    // (a new clock and id, based on the record as it is now).
    Statements retry(const std::string& change_id, int64_t now_ms);
    // Forgets a refused change (the record already shows the server's state).
    Statements discard(const std::string& change_id);
    // A device clock that ran ahead: the clock restarts at `server_now_ms`
    // (the server's time, as best known); every unsent change stamped later
    // than that, and every change refused as clock_ahead, gets a new clock and
    // id in the same order, and the records' field clocks follow. Returns the
    // statements (the outbox is rewritten in order).
    Statements repair_clock(int64_t server_now_ms);
    // The wall time of the latest clock this replica issued or observed, ms.
    int64_t clock_wall_ms() const { return static_cast<int64_t>(clock_.packed() >> 16); }

    // --- Pull ------------------------------------------------------------------------
    sync::PullRequest next_pull(int limit) const;
    // Merges an answer to next_pull(). An answer to any other request (late,
    // duplicated) changes nothing and returns no statements.
    Statements apply_pull(const sync::PullResponse& r);

    // --- Reading -----------------------------------------------------------------
    const sync::Record* find(const std::string& collection, const std::string& id) const;
    // Records of a collection that are not deleted, in id order.
    std::vector<const sync::Record*> list(const std::string& collection) const;
    size_t pending() const { return outbox_.size(); }
    size_t rejected() const { return refused_.size() + unreadable_; }
    const std::vector<RefusedChange>& refused() const { return refused_; }
    // The refused change with this id, or null.
    const RefusedChange* refused_change(const std::string& change_id) const;
    // Grows whenever refused() changes (refused, reverted, retried, discarded).
    uint64_t refused_revision() const { return refused_revision_; }
    const std::deque<sync::Change>& outbox() const { return outbox_; }
    int64_t cursor() const { return cursor_; }
    const std::string& node() const { return clock_.node(); }
    const std::map<std::string, std::map<std::string, sync::Record>>& all() const { return records_; }
    // Grows whenever a record of `collection` changes in memory (load, edit,
    // pull), so views can rebuild what they derive from it only then.
    uint64_t revision(const std::string& collection) const {
        const auto it = revisions_.find(collection);
        return it == revisions_.end() ? 0 : it->second;
    }
    bool synced_once() const { return synced_once_; }

    // Statements that (re)build the search index entry of one record.
    static Statements index_statements(const sync::Record& r);
    // The ranked search of notes for `query` (best first, at most `limit`);
    // rows are [note_id, bm25 rank]. Nothing when the query has no terms.
    // Only the newest `rank_window` matches are ranked (see the .cpp for why).
    // Shared with bench/search_bench.cpp so the benchmark times this exact query.
    static constexpr size_t kSearchRankWindow = 5000;
    static std::optional<DbStatement> search_statement(const std::string& query, size_t limit,
                                                       size_t rank_window = kSearchRankWindow);

private:
    Statements persist_record(const sync::Record& r) const;
    Statements persist_meta() const;
    static DbStatement persist_refused(const RefusedChange& r);
    Statements reapply_outbox(const std::string& collection, const std::string& id, sync::Record base, bool exists);

    std::map<std::string, std::map<std::string, sync::Record>> records_;  // collection -> id -> record
    std::map<std::string, uint64_t> revisions_;
    std::deque<sync::Change> outbox_;
    std::vector<RefusedChange> refused_;  // in the order refused
    size_t unreadable_ = 0;               // outbox rows this version cannot read: kept on disk, never sent
    uint64_t refused_revision_ = 0;
    hlc::Clock clock_{"unset"};
    int64_t cursor_ = 0;
    std::string epoch_;
    bool synced_once_ = false;
};

}  // namespace zx::client
