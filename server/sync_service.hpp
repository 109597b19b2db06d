#pragma once
// Push and pull (docs/sync.md), and the server's own writes, which travel the
// same road so clients receive them like any other change.
#include "authz.hpp"
#include "repo.hpp"
#include "store.hpp"

#include "zx/sync/sync.hpp"

#include <optional>
#include <set>
#include <string>

namespace zx::server {

// Oldest client schema this server still syncs with; older clients get 426.
inline constexpr int kMinClientSchema = 2;
// Tombstones are kept at least this long, so an offline replica can learn of
// a delete when it comes back.
inline constexpr int64_t kTombstoneRetentionMs = 90ll * 24 * 3600 * 1000;
// A change stamped further ahead of the server's clock than this is refused:
// a replica with a wildly wrong clock would otherwise win every merge.
inline constexpr int64_t kMaxClockAheadMs = 24ll * 3600 * 1000;

class SyncService {
public:
    SyncService(Store& store, ServerClock& clock) : store_(store), clock_(clock) {}

    struct PushResult {
        sync::PushResponse response;
        bool replayed = false;  // the batch id was seen before; nothing was written
    };
    // Applies a batch atomically: either every change is accepted (or found
    // to be a replay of an accepted one) or nothing is written and an
    // ApiError says why; a refusal of one change names it (ApiError::at_change:
    // its index and id in the body, "changes[i]: " before the message). A
    // replayed batch id writes nothing and returns the first answer's
    // acknowledgements.
    PushResult push(const std::string& user_id, const sync::PushRequest& req);
    sync::PullResponse pull(const std::string& user_id, const sync::PullRequest& req);

    // Deletes tombstones older than the retention period; pulls from a cursor
    // before the purge are told to start over. Returns how many went. Works
    // in transactions of at most `batch` tombstones, oldest first, so that a
    // purge while the server runs never holds the database for long.
    int purge_tombstones(size_t batch = 500);

    // Recomputes who may see the records of the collections whose audience
    // rules changed since this database last saw them (once per rules
    // version, at start-up), so that old records follow today's rules.
    void refresh_audiences();

private:
    // Keeps server-derived state in step after `r` was stored: a base's
    // rating from its ratings, its masked contact from its full contact; a
    // deleted class's memberships and codes end.
    void apply_derived(db::Connection& c, const sync::Record& r);

    Store& store_;
    ServerClock& clock_;
};

// A write made by the server itself (accounts, classes, seeding): merged,
// numbered and given its audience like a client change. Call inside a write
// transaction. Returns the stored record.
// `deleted`: true deletes (a tombstone), false restores, nothing leaves as is.
sync::Record server_write(db::Connection& c, ServerClock& clock, const std::string& collection,
                          const std::string& id, const nlohmann::json& fields,
                          std::optional<bool> deleted = std::nullopt, const std::string& user_id = "");

// Recomputes who may see the records that describe `user_id`'s relationships
// (their user record, memberships, guardian links, parents' records) after a
// membership or guardian link changed.
void refresh_relationships(db::Connection& c, ServerClock& clock, const std::string& user_id);

// Refuses a client schema the server cannot serve: 426 (schema_too_old) or
// 400 (schema_too_new).
void check_schema(int client_schema);

}  // namespace zx::server
