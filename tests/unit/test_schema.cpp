#include "zx/schema.hpp"
#include "zx/sqlite.hpp"

#include <doctest/doctest.h>

#include <filesystem>
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
        auto st = c.prepare("SELECT count(*) FROM base");
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
    CHECK_THROWS_AS(c.exec("INSERT INTO base (id,name,category,level,lat,lon) VALUES ('a','n','zoo','national',30,120)"),
                    db::DbError);
    CHECK_THROWS_AS(c.exec("INSERT INTO base (id,name,category,level,lat,lon) VALUES ('a','n','arts','national',95,120)"),
                    db::DbError);
    CHECK_THROWS_AS(c.exec("INSERT INTO base (id,name,category,level,lat,lon) VALUES ('a','n','arts','national','x',120)"),
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
        c.exec("INSERT INTO base (id,name,category,level,lat,lon) VALUES ('a','n','arts','national',30,120)");
        throw std::runtime_error("boom");
    }));
    auto st = c.prepare("SELECT count(*) FROM base");
    st.step();
    CHECK(st.integer(0) == 0);
}
