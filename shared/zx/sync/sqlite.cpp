#include "zx/sync/sqlite.hpp"

#include "zx/sync/schema.hpp"

#include <sqlite3.h>

namespace zx::db {

namespace {
[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    throw DbError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}
}  // namespace

Stmt::Stmt(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &st_, nullptr) != SQLITE_OK)
        fail(db, "prepare \"" + std::string(sql.substr(0, 80)) + "\"");
}

Stmt::~Stmt() { sqlite3_finalize(st_); }

Stmt::Stmt(Stmt&& o) noexcept : db_(o.db_), st_(o.st_) { o.st_ = nullptr; }

Stmt& Stmt::bind(int i, std::string_view v) {
    if (sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(db_, "bind text");
    return *this;
}
Stmt& Stmt::bind(int i, double v) {
    if (sqlite3_bind_double(st_, i, v) != SQLITE_OK) fail(db_, "bind real");
    return *this;
}
Stmt& Stmt::bind(int i, int64_t v) {
    if (sqlite3_bind_int64(st_, i, v) != SQLITE_OK) fail(db_, "bind integer");
    return *this;
}

Stmt& Stmt::bind_null(int i) {
    if (sqlite3_bind_null(st_, i) != SQLITE_OK) fail(db_, "bind null");
    return *this;
}

Stmt& Stmt::bind_json(int i, const nlohmann::json& v) {
    if (v.is_null()) return bind_null(i);
    if (v.is_boolean()) return bind(i, static_cast<int64_t>(v.get<bool>() ? 1 : 0));
    if (v.is_number_integer()) return bind(i, v.get<int64_t>());
    if (v.is_number()) return bind(i, v.get<double>());
    if (v.is_string()) return bind(i, std::string_view(v.get_ref<const std::string&>()));
    return bind(i, std::string_view(v.dump()));  // arrays and objects as their JSON text
}

Stmt& Stmt::bind_all(const nlohmann::json& params) {
    for (size_t k = 0; k < params.size(); ++k) bind_json(static_cast<int>(k + 1), params[k]);
    return *this;
}

bool Stmt::step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, "step");
}

void Stmt::reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
}

std::string Stmt::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st_, col))) : std::string();
}
bool Stmt::is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }

nlohmann::json Stmt::row() const {
    nlohmann::json out = nlohmann::json::array();
    const int n = sqlite3_column_count(st_);
    for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(st_, c)) {
            case SQLITE_NULL: out.push_back(nullptr); break;
            case SQLITE_INTEGER: out.push_back(integer(c)); break;
            case SQLITE_FLOAT: out.push_back(real(c)); break;
            default: out.push_back(text(c)); break;
        }
    }
    return out;
}

double Stmt::real(int col) const { return sqlite3_column_double(st_, col); }
int64_t Stmt::integer(int col) const { return sqlite3_column_int64(st_, col); }

Connection::Connection(const std::string& path, bool read_only) {
    const int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        std::string msg = "open " + path + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
        sqlite3_close(db_);
        throw DbError(msg);
    }
    sqlite3_busy_timeout(db_, 5000);
    if (!read_only) exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA foreign_keys=ON");
    // FULL: a commit the server acknowledged survives a power cut, not just a crash.
    exec("PRAGMA synchronous=FULL");
}

Connection::~Connection() {
    cache_.clear();  // finalize statements before closing
    sqlite3_close_v2(db_);
}

void Connection::exec(std::string_view sql) {
    char* err = nullptr;
    std::string s(sql);
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = "exec \"" + s.substr(0, 80) + "\": " + (err ? err : "unknown error");
        sqlite3_free(err);
        throw DbError(msg);
    }
}

int64_t Connection::last_insert_rowid() { return sqlite3_last_insert_rowid(db_); }

nlohmann::json Connection::query(std::string_view sql, const nlohmann::json& params) {
    auto it = cache_.find(std::string(sql));
    if (it == cache_.end()) it = cache_.emplace(std::string(sql), std::make_unique<Stmt>(db_, sql)).first;
    Stmt& st = *it->second;
    nlohmann::json rows = nlohmann::json::array();
    try {
        st.bind_all(params);
        while (st.step()) rows.push_back(st.row());
    } catch (...) {
        st.reset();
        throw;
    }
    st.reset();  // never left active: it would hold a read snapshot open
    return rows;
}

int Connection::user_version() {
    auto st = prepare("PRAGMA user_version");
    st.step();
    return static_cast<int>(st.integer(0));
}

int Connection::migrate() {
    const int have = user_version();
    if (have > schema::latest_version())
        throw DbError("database schema version " + std::to_string(have) + " is newer than this build (" +
                      std::to_string(schema::latest_version()) + "); use a newer zhixing build");
    for (const auto& m : schema::migrations()) {
        if (m.version <= have) continue;
        transaction(*this, [&] {
            exec(m.sql);
            exec("PRAGMA user_version=" + std::to_string(m.version));
        });
    }
    return user_version();
}

}  // namespace zx::db
