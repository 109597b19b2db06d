#pragma once
// The server's database: SQLite by default, one file. Connections are pooled
// so request threads never share one; the schema comes from shared/.
#include "zx/tours/base.hpp"
#include "zx/tours/trips.hpp"
#include "zx/sync/sqlite.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace zx::server {

// One numbered change as a write transaction stored it (repo::commit), for
// those who must learn that it happened (the live channel, live.hpp): its
// number, its collection, and every audience key that could see the record
// before or can see it now (so both those who gained or kept it and those
// who lost it).
struct Committed {
    int64_t seq = 0;
    std::string collection;
    std::set<std::string> keys;
};

// Told of every write transaction that numbered changes, in commit order.
// queue() runs at the end of the transaction, just before COMMIT, while the
// write lock is held: so the order of queue() calls is the order of the
// commits. settle() follows once COMMIT returned (true) or failed (false).
// Both must be quick: they run on the request's thread inside the write.
class CommitListener {
public:
    virtual ~CommitListener() = default;
    virtual uint64_t queue(std::vector<Committed> commits) = 0;
    virtual void settle(uint64_t ticket, bool committed) = 0;
};

// Collects what repo::commit numbers on this thread while it lives; the
// Store opens one per write transaction. Nested ones are for tests.
class CommitJournal {
public:
    CommitJournal();
    ~CommitJournal();
    CommitJournal(const CommitJournal&) = delete;
    CommitJournal& operator=(const CommitJournal&) = delete;
    // Notes one commit in this thread's open journal, if there is one (a
    // commit outside Store::write, on a bare connection, is noted nowhere).
    static void note(Committed c);
    std::vector<Committed> take() { return std::move(commits_); }

private:
    std::vector<Committed> commits_;
    CommitJournal* outer_;
};

class Store {
public:
    // Opens (creating if needed) and migrates the database at `path`.
    explicit Store(std::string path);

    // Runs `fn` in a write transaction (BEGIN IMMEDIATE): committed if it
    // returns, rolled back if it throws, so a failed request writes nothing.
    template <class Fn>
    void write(Fn&& fn);
    // Runs `fn` in a read transaction: one consistent snapshot throughout.
    template <class Fn>
    void read(Fn&& fn);

    // The study-tour bases the public map lists (not deleted), by id.
    std::vector<Base> list_bases();
    // Every live route, ordered by id.
    std::vector<Route> list_routes();
    std::optional<Base> find_base(const std::string& id);
    int count_bases();
    int schema_version();

    // Who hears of committed changes (none: nobody). Set before serving.
    void set_commit_listener(CommitListener* l) { listener_ = l; }

private:
    class Lease;
    Lease acquire();
    void release(std::unique_ptr<db::Connection> c);

    std::string path_;
    std::mutex mu_;
    std::vector<std::unique_ptr<db::Connection>> idle_;
    CommitListener* listener_ = nullptr;
};

// A connection borrowed from the pool for one operation.
class Store::Lease {
public:
    Lease(Store& s, std::unique_ptr<db::Connection> c) : store_(s), conn_(std::move(c)) {}
    ~Lease() {
        if (conn_) store_.release(std::move(conn_));
    }
    Lease(Lease&&) = default;
    db::Connection* operator->() { return conn_.get(); }
    db::Connection& operator*() { return *conn_; }

private:
    Store& store_;
    std::unique_ptr<db::Connection> conn_;
};

template <class Fn>
void Store::write(Fn&& fn) {
    auto c = acquire();
    CommitJournal journal;
    uint64_t ticket = 0;
    try {
        db::transaction(*c, [&] {
            fn(*c);
            // Last thing before COMMIT, under the write lock (CommitListener).
            if (auto commits = journal.take(); listener_ && !commits.empty()) ticket = listener_->queue(std::move(commits));
        });
    } catch (...) {
        if (ticket) listener_->settle(ticket, false);
        throw;
    }
    if (ticket) listener_->settle(ticket, true);
}

template <class Fn>
void Store::read(Fn&& fn) {
    auto c = acquire();
    c->exec("BEGIN");
    try {
        fn(*c);
        c->exec("COMMIT");
    } catch (...) {
        c->exec("ROLLBACK");
        throw;
    }
}

}  // namespace zx::server
