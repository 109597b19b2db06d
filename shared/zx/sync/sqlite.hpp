#pragma once
// A thin RAII layer over the SQLite C API for native builds (server, desktop
// client). Errors throw zx::DbError with SQLite's message and the statement.
// Not built for WebAssembly: the browser store talks to sqlite-wasm in a worker.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace zx::db {

class DbError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Stmt {
public:
    Stmt(sqlite3* db, std::string_view sql);
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt(Stmt&& o) noexcept;

    // Parameters are 1-based, as in SQLite.
    Stmt& bind(int i, std::string_view v);
    Stmt& bind(int i, double v);
    Stmt& bind(int i, int64_t v);
    Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
    Stmt& bind(int i, bool v) { return bind(i, static_cast<int64_t>(v ? 1 : 0)); }
    Stmt& bind_null(int i);
    // Binds a JSON scalar (null, boolean, integer, number, string) by its type.
    Stmt& bind_json(int i, const nlohmann::json& v);
    // Binds every element of a JSON array, as parameters 1..n.
    Stmt& bind_all(const nlohmann::json& params);

    // Advances to the next row; false when done. Throws on error.
    bool step();
    void reset();

    // Columns are 0-based.
    std::string text(int col) const;
    double real(int col) const;
    int64_t integer(int col) const;
    bool is_null(int col) const;
    // The current row as a JSON array, each value by its SQLite type.
    nlohmann::json row() const;

private:
    sqlite3* db_;
    sqlite3_stmt* st_ = nullptr;
};

class Connection {
public:
    // Opens (creating if needed) the database file; WAL mode, foreign keys on,
    // a busy timeout so concurrent writers wait instead of failing.
    explicit Connection(const std::string& path, bool read_only = false);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void exec(std::string_view sql);
    Stmt prepare(std::string_view sql) { return Stmt(db_, sql); }
    sqlite3* handle() { return db_; }
    int64_t last_insert_rowid();
    // Runs `sql` with `params` and returns every row as a JSON array. The
    // statement is prepared once per connection and kept: hot paths repeat
    // the same few statements thousands of times a second.
    nlohmann::json query(std::string_view sql, const nlohmann::json& params = nlohmann::json::array());

    // Brings the schema to zx::schema::latest_version(), each migration in its
    // own transaction. Throws if the file is newer than this build knows, so an
    // old binary never writes into a newer database.
    int migrate();
    int user_version();

private:
    sqlite3* db_ = nullptr;
    // query()'s prepared statements; finalized by the destructor before db_ closes.
    std::unordered_map<std::string, std::unique_ptr<Stmt>> cache_;
};

// Runs `fn` inside BEGIN IMMEDIATE ... COMMIT; rolls back if it throws.
template <class Fn>
void transaction(Connection& c, Fn&& fn) {
    c.exec("BEGIN IMMEDIATE");
    try {
        fn();
        c.exec("COMMIT");
    } catch (...) {
        try {
            c.exec("ROLLBACK");
        } catch (...) {
        }
        throw;
    }
}

}  // namespace zx::db
