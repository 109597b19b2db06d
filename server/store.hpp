#pragma once
// The server's database: SQLite by default, one file. Connections are pooled
// so request threads never share one; the schema comes from shared/.
#include "zx/tours/base.hpp"
#include "zx/tours/trips.hpp"
#include "zx/sync/sqlite.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace zx::server {

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

private:
    class Lease;
    Lease acquire();
    void release(std::unique_ptr<db::Connection> c);

    std::string path_;
    std::mutex mu_;
    std::vector<std::unique_ptr<db::Connection>> idle_;
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
    db::transaction(*c, [&] { fn(*c); });
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
