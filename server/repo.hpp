#pragma once
// Synced records on the server's database: loading them, and the one path by
// which every write is stored (a numbered change, the record row, who may see
// it, and the sync log that pulls read). Callers hold a write transaction.
#include "zx/sync/hlc.hpp"
#include "zx/sync/sqlite.hpp"
#include "zx/sync/sync.hpp"

#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace zx::server {

// The server's own hybrid logical clock, shared by all request threads.
class ServerClock {
public:
    explicit ServerClock(std::function<int64_t()> wall_ms);
    std::string now();
    void observe(const std::string& remote);
    int64_t wall_ms() const { return wall_(); }

private:
    std::function<int64_t()> wall_;
    std::mutex mu_;
    hlc::Clock clock_;
};

namespace repo {

std::optional<sync::Record> load(db::Connection& c, const model::CollectionSpec& spec, const std::string& id);
std::optional<sync::Record> load(db::Connection& c, std::string_view collection, const std::string& id);

// Who may see a stored record: audience keys such as "u:<user>" or "c:<class>".
std::set<std::string> audience(db::Connection& c, const std::string& collection, const std::string& id);

struct ChangeMeta {
    std::string change_id;
    std::string batch_id;  // empty for server-made changes
    std::string user_id;   // who made it; empty for the server itself
    std::string hlc;
    int64_t now_ms = 0;
};

// Stores `r` (already merged) under a new sequence number, which it returns
// and writes into r.seq; replaces the record's audience with `keys`, noting
// every key that lost access so pulls can tell those users to drop it.
// `existed`: false when the record is new, which spares looking up its old audience.
int64_t commit(db::Connection& c, sync::Record& r, const std::set<std::string>& keys, const ChangeMeta& m,
               bool existed = true);

// The sequence number `user_id`'s already-accepted change `change_id` got,
// if any. Change ids are unique per user only: another user's change with
// the same id is another change.
std::optional<int64_t> seq_of_change(db::Connection& c, const std::string& user_id, const std::string& change_id);

// The highest sequence number handed out so far.
int64_t max_seq(db::Connection& c);

// Typed field access on a record's JSON fields.
std::string text(const sync::Record& r, const char* field);

}  // namespace repo
}  // namespace zx::server
