#include "repo.hpp"

#include "store.hpp"

#include "zx/sync/fields.hpp"

#include "zx/sync/record_sql.hpp"

namespace zx::server {

using nlohmann::json;

ServerClock::ServerClock(std::function<int64_t()> wall_ms) : wall_(std::move(wall_ms)), clock_("srv") {}

std::string ServerClock::now() {
    std::lock_guard lock(mu_);
    return clock_.now(static_cast<uint64_t>(wall_()));
}

void ServerClock::observe(const std::string& remote) {
    std::lock_guard lock(mu_);
    clock_.observe(remote);
}

namespace repo {

std::optional<sync::Record> load(db::Connection& c, const model::CollectionSpec& spec, const std::string& id) {
    const auto rows = c.query(record_sql::select(spec) + " WHERE id = ?1", json::array({id}));
    if (rows.empty()) return std::nullopt;
    return record_sql::from_row(spec, rows[0]);
}

std::optional<sync::Record> load(db::Connection& c, std::string_view collection, const std::string& id) {
    const auto* spec = model::find_collection(collection);
    if (!spec) return std::nullopt;
    return load(c, *spec, id);
}

std::set<std::string> audience(db::Connection& c, const std::string& collection, const std::string& id) {
    std::set<std::string> keys;
    for (const auto& row : c.query("SELECT key FROM audience WHERE collection = ?1 AND record_id = ?2",
                                   json::array({collection, id})))
        keys.insert(row[0].get<std::string>());
    return keys;
}

int64_t commit(db::Connection& c, sync::Record& r, const std::set<std::string>& keys, const ChangeMeta& m,
               bool existed) {
    const auto* spec = model::find_collection(r.collection);
    if (!spec) throw db::DbError("commit: unknown collection " + r.collection);
    auto or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };

    c.query("INSERT INTO changes (change_id, batch_id, user_id, collection, record_id, hlc, received_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            json::array({m.change_id, or_null(m.batch_id), or_null(m.user_id), r.collection, r.id, m.hlc, m.now_ms}));
    const int64_t seq = c.last_insert_rowid();
    r.seq = seq;

    c.query(record_sql::upsert(*spec), record_sql::params(*spec, r));

    const auto old_keys = existed ? audience(c, r.collection, r.id) : std::set<std::string>{};
    for (const auto& k : old_keys) {
        if (keys.count(k)) continue;
        c.query("DELETE FROM audience WHERE collection = ?1 AND record_id = ?2 AND key = ?3",
                json::array({r.collection, r.id, k}));
        c.query("INSERT INTO revocations (seq, key, collection, record_id) VALUES (?1, ?2, ?3, ?4)",
                json::array({seq, k, r.collection, r.id}));
    }
    // Every reader's feed row moves to this change's number (see migration 7).
    if (!old_keys.empty())
        c.query("UPDATE audience SET seq = ?3 WHERE collection = ?1 AND record_id = ?2",
                json::array({r.collection, r.id, seq}));
    for (const auto& k : keys)
        if (!old_keys.count(k))
            c.query("INSERT INTO audience (collection, record_id, key, seq) VALUES (?1, ?2, ?3, ?4)",
                    json::array({r.collection, r.id, k, seq}));

    c.query("INSERT INTO sync_log (collection, record_id, seq, deleted_at) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT(collection, record_id) DO UPDATE SET seq = excluded.seq, deleted_at = CASE WHEN "
            "excluded.deleted_at IS NULL THEN NULL ELSE coalesce(sync_log.deleted_at, excluded.deleted_at) END",
            json::array({r.collection, r.id, seq, r.deleted ? json(m.now_ms) : json(nullptr)}));
    // Whoever saw it before or sees it now may pull something: the live channel tells them.
    std::set<std::string> reached = keys;
    reached.insert(old_keys.begin(), old_keys.end());
    CommitJournal::note({seq, r.collection, std::move(reached)});
    return seq;
}

std::optional<int64_t> seq_of_change(db::Connection& c, const std::string& user_id, const std::string& change_id) {
    const auto rows =
        c.query("SELECT seq FROM changes WHERE user_id = ?1 AND change_id = ?2", json::array({user_id, change_id}));
    if (rows.empty()) return std::nullopt;
    return rows[0][0].get<int64_t>();
}

int64_t max_seq(db::Connection& c) {
    const auto rows = c.query("SELECT coalesce(max(seq), 0) FROM changes");
    return rows[0][0].get<int64_t>();
}

std::string text(const sync::Record& r, const char* field) { return fields::text(r.fields, field); }

}  // namespace repo
}  // namespace zx::server
