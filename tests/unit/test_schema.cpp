#include "zx/sync/schema.hpp"
#include "zx/sync/model.hpp"
#include "zx/sync/sqlite.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <unistd.h>

using namespace zx;

namespace {
struct TempDb {
    std::string path;
    TempDb() {
        path = (std::filesystem::temp_directory_path() / ("zx-schema-" + std::to_string(::getpid()) + ".db")).string();
        std::filesystem::remove(path);
    }
    ~TempDb() {
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    }
};
}  // namespace

TEST_CASE("migrations are numbered 1, 2, 3 ... without gaps") {
    int expect = 1;
    for (const auto& m : schema::migrations()) {
        CHECK(m.version == expect++);
        CHECK_FALSE(m.sql.empty());
    }
    CHECK(schema::latest_version() == expect - 1);
}

TEST_CASE("a new database is migrated to the latest version, and again is a no-op") {
    TempDb t;
    {
        db::Connection c(t.path);
        CHECK(c.user_version() == 0);
        CHECK(c.migrate() == schema::latest_version());
        CHECK(c.migrate() == schema::latest_version());
        auto st = c.prepare("SELECT count(*) FROM bases");
        REQUIRE(st.step());
        CHECK(st.integer(0) == 0);
    }
    db::Connection again(t.path);
    CHECK(again.user_version() == schema::latest_version());
}

TEST_CASE("the schema refuses rows the domain rejects") {
    TempDb t;
    db::Connection c(t.path);
    c.migrate();
    CHECK_THROWS_AS(c.exec("INSERT INTO bases (id,name,category,level,lat,lon) VALUES ('a','n','zoo','national',30,120)"),
                    db::DbError);
    CHECK_THROWS_AS(c.exec("INSERT INTO bases (id,name,category,level,lat,lon) VALUES ('a','n','arts','national',95,120)"),
                    db::DbError);
    CHECK_THROWS_AS(c.exec("INSERT INTO bases (id,name,category,level,lat,lon) VALUES ('a','n','arts','national','x',120)"),
                    db::DbError);
}

TEST_CASE("an old build refuses a database written by a newer one") {
    TempDb t;
    {
        db::Connection c(t.path);
        c.migrate();
        c.exec("PRAGMA user_version=" + std::to_string(schema::latest_version() + 1));
    }
    db::Connection c(t.path);
    CHECK_THROWS_WITH_AS(c.migrate(), doctest::Contains("newer than this build"), db::DbError);
}

TEST_CASE("a failed transaction leaves nothing behind") {
    TempDb t;
    db::Connection c(t.path);
    c.migrate();
    CHECK_THROWS(db::transaction(c, [&] {
        c.exec("INSERT INTO bases (id,name,category,level,lat,lon) VALUES ('a','n','arts','national',30,120)");
        throw std::runtime_error("boom");
    }));
    auto st = c.prepare("SELECT count(*) FROM bases");
    st.step();
    CHECK(st.integer(0) == 0);
}

TEST_CASE("every synced collection's table has exactly the model's columns") {
    TempDb t;
    db::Connection c(t.path);
    c.migrate();
    for (const auto& spec : model::collections()) {
        CAPTURE(spec.name);
        std::set<std::string> columns;
        for (const auto& row : c.query("SELECT name FROM pragma_table_info(?1)", nlohmann::json::array({spec.name})))
            columns.insert(row[0].get<std::string>());
        std::set<std::string> expected{"id", "clocks", "deleted", "seq"};
        for (const auto& f : spec.fields) expected.insert(std::string(f.name));
        CHECK(columns == expected);
    }
}

TEST_CASE("a database from the first release migrates with its bases intact") {
    TempDb t;
    {
        db::Connection c(t.path);
        c.exec(std::string(schema::migrations()[0].sql));
        c.exec("PRAGMA user_version=1");
        c.exec("INSERT INTO base (id,name,category,level,lat,lon,demo) VALUES ('zj-1','湖','nature','national',30,120,1)");
    }
    db::Connection c(t.path);
    CHECK(c.migrate() == schema::latest_version());
    const auto rows = c.query("SELECT id, name, clocks, deleted, seq FROM bases");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0][1] == "湖");
    CHECK(rows[0][2] == "{}");
}
