#include "zx/core/error.hpp"
#include "zx/sync/fields.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/record_sql.hpp"
#include "zx/sync/sqlite.hpp"
#include "zx/sync/sync.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <unistd.h>

using namespace zx;
using nlohmann::json;

TEST_CASE("fields::integer reads a number too large for int64_t as the fallback, not by an undefined cast") {
    // The record rules read a pushed change's fields before their types are
    // checked, so any JSON number reaches this reader.
    const auto f = nlohmann::json::parse(R"({"a": 42, "b": 90.9, "c": 1e300, "d": -1e300, "e": "7"})");
    CHECK(fields::integer(f, "a") == 42);
    CHECK(fields::integer(f, "b") == 90);
    CHECK(fields::integer(f, "c", -1) == -1);
    CHECK(fields::integer(f, "d", -1) == -1);
    CHECK(fields::integer(f, "e", -1) == -1);
    CHECK(fields::integer(f, "missing", 5) == 5);
}

TEST_CASE("HLC text form orders like the clock, and round-trips") {
    const auto a = hlc::format(1000, 0, "a"), b = hlc::format(1000, 1, "a"), c = hlc::format(1001, 0, "a");
    CHECK(a < b);
    CHECK(b < c);
    CHECK(hlc::format(1000, 0, "a") < hlc::format(1000, 0, "b"));  // ties broken by node
    const auto p = hlc::parse(b);
    REQUIRE(p);
    CHECK(p->wall_ms == 1000);
    CHECK(p->counter == 1);
    CHECK(p->node == "a");
    CHECK_FALSE(hlc::parse("not a clock"));
    CHECK_FALSE(hlc::parse("00000000000003E8:a"));  // upper-case hex would break text order
    CHECK_FALSE(hlc::parse("00000000000003e8:bad node"));
    CHECK_FALSE(hlc::parse("00000000000003e8:"));
}

TEST_CASE("an HLC never goes backwards, even when the wall clock does") {
    hlc::Clock k("n1");
    const auto t1 = k.now(5000);
    const auto t2 = k.now(4000);  // the wall clock stepped back
    const auto t3 = k.now(4000);
    CHECK(t1 < t2);
    CHECK(t2 < t3);
    k.observe(hlc::format(9000, 7, "other"));
    const auto t4 = k.now(6000);
    CHECK(t4 > hlc::format(9000, 7, "other"));
}

TEST_CASE("last writer wins per field, whatever the delivery order") {
    auto change = [](std::string id, std::string hlc, json fields) {
        sync::Change c;
        c.id = std::move(id);
        c.collection = "notes";
        c.record = "n1";
        c.hlc = std::move(hlc);
        c.fields = std::move(fields);
        return c;
    };
    std::vector<sync::Change> cs{
        change("c1", hlc::format(10, 0, "a"), {{"title", "one"}, {"subject", "math"}}),
        change("c2", hlc::format(12, 0, "b"), {{"title", "two"}}),
        change("c3", hlc::format(11, 0, "c"), {{"subject", "art"}, {"pinned", true}}),
    };
    sync::Change del = change("c4", hlc::format(13, 0, "a"), json::object());
    del.deleted = true;
    cs.push_back(del);
    std::mt19937 rng(7);
    sync::Record first;
    for (int trial = 0; trial < 50; ++trial) {
        auto order = cs;
        std::shuffle(order.begin(), order.end(), rng);
        if (trial % 3 == 0) order.push_back(order.front());  // a duplicate delivery
        auto r = sync::empty_record("notes", "n1");
        for (const auto& c : order) sync::apply(r, c);
        CHECK(r.fields.at("title") == "two");
        CHECK(r.fields.at("subject") == "art");
        CHECK(r.fields.at("pinned") == true);
        CHECK(r.deleted);
        if (trial == 0) first = r;
        CHECK(r == first);
    }
}

TEST_CASE("merging pulled records converges like applying the changes") {
    auto a = sync::empty_record("notes", "n");
    auto b = sync::empty_record("notes", "n");
    sync::merge_field(a, "title", "A", hlc::format(5, 0, "a"));
    sync::merge_field(a, "body", "a body", hlc::format(9, 0, "a"));
    sync::merge_field(b, "title", "B", hlc::format(7, 0, "b"));
    sync::merge_field(b, "body", "b body", hlc::format(3, 0, "b"));
    auto ab = a, ba = b;
    sync::merge_record(ab, b);
    sync::merge_record(ba, a);
    CHECK(ab.fields == ba.fields);
    CHECK(ab.clocks == ba.clocks);
    CHECK(ab.fields.at("title") == "B");
    CHECK(ab.fields.at("body") == "a body");
}

TEST_CASE("a concurrent body edit keeps the losing side") {
    auto r = sync::empty_record("notes", "n");
    sync::merge_field(r, "body", "server text", hlc::format(20, 0, "x"));
    sync::Change c;
    c.id = "c";
    c.collection = "notes";
    c.record = "n";
    c.fields = {{"body", "my offline text"}};
    SUBCASE("the edit started from the current version: no conflict") {
        c.hlc = hlc::format(30, 0, "y");
        c.base["body"] = hlc::format(20, 0, "x");
        CHECK_FALSE(sync::body_outcome(r, c, "body").concurrent);
    }
    SUBCASE("newer concurrent edit wins; the server's text is kept as the loser") {
        c.hlc = hlc::format(30, 0, "y");
        c.base["body"] = hlc::format(10, 0, "y");
        const auto o = sync::body_outcome(r, c, "body");
        CHECK(o.concurrent);
        REQUIRE(o.loser);
        CHECK(*o.loser == "server text");
    }
    SUBCASE("older concurrent edit loses and is kept") {
        c.hlc = hlc::format(15, 0, "y");
        c.base["body"] = hlc::format(10, 0, "y");
        const auto o = sync::body_outcome(r, c, "body");
        REQUIRE(o.loser);
        CHECK(*o.loser == "my offline text");
    }
    SUBCASE("both sides wrote the same text: nothing to keep") {
        c.hlc = hlc::format(30, 0, "y");
        c.fields["body"] = "server text";
        CHECK_FALSE(sync::body_outcome(r, c, "body").loser);
    }
}

TEST_CASE("push requests are read strictly, naming the problem") {
    const json good = {{"schema_version", 2},
                       {"node", "dev1"},
                       {"batch_id", "b1"},
                       {"changes", json::array({{{"id", "c1"},
                                                 {"collection", "notes"},
                                                 {"record", "n1"},
                                                 {"hlc", hlc::format(1, 0, "dev1")},
                                                 {"fields", {{"title", "t"}}}}})}};
    CHECK(sync::parse_push(good).changes.size() == 1);
    auto with = [&](auto edit) {
        json j = good;
        edit(j);
        return j;
    };
    auto fails_with = [](const json& j, const char* text) {
        CHECK_THROWS_WITH_AS(sync::parse_push(j), doctest::Contains(text), ValidationError);
    };
    fails_with(with([](json& j) { j["extra"] = 1; }), "unknown field \"extra\"");
    fails_with(with([](json& j) { j["schema_version"] = "2"; }), "\"schema_version\" must be an integer");
    fails_with(with([](json& j) { j.erase("batch_id"); }), "missing \"batch_id\"");
    fails_with(with([](json& j) { j["changes"][0]["collection"] = "secrets"; }), "unknown collection \"secrets\"");
    fails_with(with([](json& j) { j["changes"][0]["fields"]["owner_id"] = "u-me"; }),
               "field \"owner_id\" is set by the server");
    fails_with(with([](json& j) { j["changes"][0]["fields"]["colour"] = "red"; }), "unknown field \"colour\"");
    fails_with(with([](json& j) { j["changes"][0]["fields"]["pinned"] = "yes"; }), "\"pinned\" has the wrong type");
    fails_with(with([](json& j) { j["changes"][0]["fields"]["title"] = std::string(300, 'x'); }), "longer than 200 bytes");
    fails_with(with([](json& j) { j["changes"][0]["hlc"] = "yesterday"; }), "not a hybrid logical clock");
    fails_with(with([](json& j) { j["changes"][0]["record"] = "../etc"; }), "record id");
    fails_with(with([](json& j) { j["changes"][0]["fields"] = json::object(); }), "writes no field");
    fails_with(with([](json& j) { j["changes"].push_back(j["changes"][0]); }), "appears twice");
    fails_with(with([](json& j) { j["changes"][0]["collection"] = "users"; j["changes"][0]["fields"] = {{"role", "admin"}}; }),
               "set by the server");
    fails_with(with([](json& j) { j["changes"][0]["collection"] = "memberships"; }), "written by the server only");
    fails_with(json::array(), "must be a JSON object");
}

TEST_CASE("records round-trip through their SQL rows") {
    const auto path = (std::filesystem::temp_directory_path() / ("zx-rec-" + std::to_string(::getpid()) + ".db")).string();
    {
        db::Connection c(path);
        c.migrate();
        const auto* spec = model::find_collection("notes");
        auto r = sync::empty_record("notes", "n1");
        sync::merge_field(r, "title", "研学笔记", hlc::format(1, 0, "a"));
        sync::merge_field(r, "tags", json::array({"地理", "field"}), hlc::format(2, 0, "a"));
        sync::merge_field(r, "pinned", true, hlc::format(3, 0, "a"));
        sync::merge_field(r, "created_at", 1700000000000, hlc::format(3, 0, "a"));
        sync::merge_field(r, "subject", nullptr, hlc::format(4, 0, "a"));
        r.seq = 42;
        c.prepare(record_sql::upsert(*spec)).bind_all(record_sql::params(*spec, r)).step();
        const auto rows = c.query(record_sql::select(*spec) + " WHERE id = 'n1'");
        REQUIRE(rows.size() == 1);
        const auto back = record_sql::from_row(*spec, rows[0]);
        CHECK(back == r);
    }
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
}
