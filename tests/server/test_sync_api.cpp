// Accounts, authorization and sync over real HTTP against an in-process
// server with the demo accounts: every role against every endpoint and sync
// scope, guessed ids, and each kind of bad input (nothing may be written).
#include "raw_http.hpp"
#include "server_fixture.hpp"
#include "seed.hpp"
#include "server.hpp"

#include "zx/wire/api.hpp"
#include "zx/tours/demo_data.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/schema.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace zx;

namespace {

using zx::test::read_file;

using Reply = zx::test::JsonReply;
constexpr auto call = &zx::test::call_json;

// The shared server set-up (server_fixture.hpp), plus "everything a user can
// pull" as "collection/id".
struct Fixture : zx::test::ServerFixture {
    std::set<std::string> visible(const std::string& user) {
        std::set<std::string> out;
        pull_all(user, [&](const json& rec) {
            out.insert(rec["collection"].get<std::string>() + "/" + rec["id"].get<std::string>());
        });
        return out;
    }
};

const char* kClass = "cls-demo-7-1";

// The data every authorization check below looks at.
struct World {
    explicit World(Fixture& f) {
        for (auto [u, p] : std::initializer_list<std::pair<const char*, const char*>>{
                 {"teacher1", "demo-teacher-1"}, {"student1", "demo-student-1"}, {"student2", "demo-student-2"},
                 {"parent1", "demo-parent-1"}, {"staff1", "demo-staff-1"}, {"admin", "demo-admin-1"}})
            f.login(u, p);
        f.reg("teacher2", "teacher");
        f.reg("student3", "student");
        f.reg("parent2", "parent");
        auto ok = [](const Reply& r) { REQUIRE_MESSAGE(r.status == 200, r.raw); };
        ok(f.write("student1", "notes", "N1", {{"title", "私人笔记"}, {"body", "only mine"}}));
        ok(f.write("student1", "notes", "N2", {{"title", "shared"}, {"shared_class_id", kClass}}));
        ok(f.write("student1", "timetable_entries", "T1", {{"title", "piano"}, {"weekday", 3}, {"start_min", 960}, {"end_min", 1020}, {"date", "2026-09-02"}}));
        ok(f.write("teacher1", "activities", "A1",
                   {{"title", "研学任务"}, {"class_id", kClass}, {"kind", "study_tour"}, {"published", true}}));
        ok(f.write("teacher1", "tools", "L1", {{"name", "map"}, {"url", "https://example.org"}, {"class_id", kClass}}));
        ok(f.write("teacher1", "timetable_entries", "T2", {{"title", "数学"}, {"class_id", kClass}, {"weekday", 1}, {"start_min", 480}, {"end_min", 525}, {"date", "2026-09-07"}}));
        ok(f.write("teacher1", "trips", "TR1", {{"title", "西湖研学"}, {"class_id", kClass}, {"date", "2026-12-01"}}));
        ok(f.write("teacher1", "trip_participants", "P1", {{"trip_id", "TR1"}, {"user_id", "u-student1"}}));
        ok(f.write("student1", "submissions", "S1", {{"activity_id", "A1"}, {"body", "my answer"}, {"status", "submitted"}}));
        ok(f.write("student1", "checkins", "C1", {{"trip_id", "TR1"}, {"base_id", "zj-0003"}, {"note", "arrived"}}));
        ok(f.write("teacher1", "submissions", "S1", {{"score", 95.0}, {"feedback", "很好"}}));
    }
};

}  // namespace

TEST_CASE("register, log in, log out; tokens are hashed and never logged") {
    Fixture f;
    const auto token = f.reg("newkid", "student");
    CHECK(token.size() >= 43);  // 256 bits, base64url
    CHECK(f.get("newkid", api::kMePath).body["user"]["role"] == "student");

    // The same username again answers as a new one did (see "registering
    // reveals no names"), and the account stays as it was; wrong passwords
    // are refused alike.
    CHECK(call(f.port(), "POST", api::kRegisterPath,
               R"({"username":"newkid","password":"123456789012","display_name":"x","role":"student"})", "")
              .status == 202);
    CHECK(f.login("newkid", "password-newkid") != token);
    const auto wrong = call(f.port(), "POST", api::kLoginPath, R"({"username":"newkid","password":"nope-nope"})", "");
    const auto nobody = call(f.port(), "POST", api::kLoginPath, R"({"username":"ghost","password":"nope-nope"})", "");
    CHECK(wrong.status == 401);
    CHECK(nobody.status == 401);
    CHECK(wrong.body["error"]["message"] == nobody.body["error"]["message"]);
    // Privileged roles cannot be self-registered.
    CHECK(call(f.port(), "POST", api::kRegisterPath,
               R"({"username":"boss","password":"123456789012","display_name":"x","role":"admin"})", "")
              .status == 400);

    std::string stored;
    f.srv->store().read([&](db::Connection& c) {
        for (const auto& row : c.query("SELECT token_hash FROM sessions")) stored += row[0].get<std::string>() + "\n";
        for (const auto& row : c.query("SELECT password_hash FROM credentials"))
            CHECK(row[0].get<std::string>().rfind("$argon2id$", 0) == 0);
    });
    CHECK(stored.find(token) == std::string::npos);
    {
        std::lock_guard lock(f.log_mu);
        for (const auto& line : f.log) CHECK(line.find(token) == std::string::npos);
    }

    CHECK(f.post("newkid", api::kLogoutPath, json::object()).status == 204);
    CHECK(f.get("newkid", api::kMePath).status == 401);
    CHECK(call(f.port(), "GET", api::kMePath, "", token).status == 200);  // the first session is another one
}

TEST_CASE("sessions expire when idle and after their absolute lifetime") {
    Fixture f;
    f.reg("idler", "student");
    f.ms += 30 * 60'000;  // half an hour: still fine, and refreshed
    CHECK(f.get("idler", api::kMePath).status == 200);
    f.ms += 61 * 60'000;  // over an hour since last use
    const auto r = f.get("idler", api::kMePath);
    CHECK(r.status == 401);
    CHECK(r.body["error"]["message"].get<std::string>().find("expired") != std::string::npos);

    f.reg("worker", "student");
    for (int i = 0; i < 30; ++i) {  // used every 50 minutes for 25 hours
        f.ms += 50 * 60'000;
        if (f.get("worker", api::kMePath).status != 200) break;
    }
    CHECK(f.get("worker", api::kMePath).status == 401);
}

TEST_CASE("every authenticated endpoint refuses requests without a valid session") {
    Fixture f;
    for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
             {"GET", api::kMePath},
             {"POST", api::kClassesPath},
             {"POST", api::kJoinClassPath},
             {"POST", std::string(api::kClassesPath) + "/" + kClass + api::kGuardianCodesSuffix},
             {"POST", api::kLinkGuardianPath},
             {"GET", std::string(api::kRecordsPath) + "/notes/x"},
             {"POST", api::kPushPath},
             {"POST", api::kPullPath}}) {
        CAPTURE(path);
        CHECK(call(f.port(), method, path, "{}", "").status == 401);
        CHECK(call(f.port(), method, path, "{}", "not-a-real-token").status == 401);
    }
    // Signing out needs a token, but signing out an unknown one is harmless.
    CHECK(call(f.port(), "POST", api::kLogoutPath, "{}", "").status == 401);
    CHECK(call(f.port(), "POST", api::kLogoutPath, "{}", "not-a-real-token").status == 204);
}

TEST_CASE("authorization matrix: who sees which record, by pull and by id") {
    Fixture f;
    World w(f);
    const std::vector<std::string> everyone{"teacher1", "student1", "student2", "parent1", "staff1",
                                            "admin",    "teacher2", "student3", "parent2"};
    const std::map<std::string, std::set<std::string>> may_see{
        {"notes/N1", {"student1"}},
        {"notes/N2", {"student1", "student2", "teacher1"}},
        {"timetable_entries/T1", {"student1"}},
        {"activities/A1", {"teacher1", "student1", "student2", "parent1"}},
        {"tools/L1", {"teacher1", "student1", "student2"}},
        {"timetable_entries/T2", {"teacher1", "student1", "student2", "parent1"}},
        {"trips/TR1", {"teacher1", "student1", "student2", "parent1"}},
        {"trip_participants/P1", {"teacher1", "student1", "parent1"}},
        {"submissions/S1", {"teacher1", "student1", "parent1"}},
        {"checkins/C1", {"teacher1", "student1", "parent1"}},
        {"users/u-student1", {"teacher1", "student1", "parent1"}},
        {"classes/cls-demo-7-1", {"teacher1", "student1", "student2", "parent1"}},
        {"join_codes/jc-cls-demo-7-1", {"teacher1"}},
        {"guardian_links/g-u-parent1-u-student1", {"teacher1", "student1", "parent1"}},
        {"bases/zj-0003", {"teacher1", "student1", "student2", "parent1", "staff1", "admin", "teacher2", "student3", "parent2"}},
    };
    const auto missing = f.get("student2", std::string(api::kRecordsPath) + "/notes/does-not-exist");
    REQUIRE(missing.status == 404);
    for (const auto& user : everyone) {
        const auto seen = f.visible(user);
        for (const auto& [key, allowed] : may_see) {
            CAPTURE(user);
            CAPTURE(key);
            const bool should = allowed.count(user) > 0;
            CHECK(seen.count(key) == (should ? 1u : 0u));
            const auto r = f.get(user, std::string(api::kRecordsPath) + "/" + key);
            CHECK(r.status == (should ? 200 : 404));
            if (!should) {
                // Another user's record answers exactly like a missing one.
                const auto slash = key.find('/');
                CHECK(r.body == json{{"error",
                                      {{"code", "not_found"},
                                       {"message", "no record " + key},
                                       {"problem", "not_found"},
                                       {"params", {{"collection", key.substr(0, slash)}, {"id", key.substr(slash + 1)}}}}}});
            }
        }
        // Nobody sees another user's private note, whatever they guess.
        if (user != "student1") CHECK(seen.count("notes/N1") == 0);
    }
    // A student's score is visible to the student and parent after sync.
    CHECK(f.get("parent1", std::string(api::kRecordsPath) + "/submissions/S1").body["fields"]["score"] == 95.0);
}

TEST_CASE("authorization matrix: who may write what") {
    Fixture f;
    World w(f);
    struct Case {
        const char* user;
        const char* collection;
        const char* id;
        json fields;
        int status;
    };
    const std::vector<Case> cases{
        {"student2", "notes", "N2", {{"title", "hijack"}}, 403},         // visible, not theirs
        {"student2", "notes", "N1", {{"title", "guess"}}, 404},          // invisible: as if missing
        {"parent1", "submissions", "S1", {{"body", "I did it"}}, 403},   // sees it, may not write
        {"student1", "submissions", "S1", {{"score", 100.0}}, 403},      // owners do not grade themselves
        {"teacher2", "activities", "A1", {{"title", "mine now"}}, 404},  // another teacher's, invisible
        {"student1", "activities", "A9", {{"title", "x"}, {"class_id", kClass}}, 403},
        {"teacher2", "activities", "A8", {{"title", "x"}, {"class_id", kClass}}, 404},  // not their class
        {"student1", "notes", "N9", {{"title", "x"}, {"shared_class_id", "cls-other"}}, 404},
        {"student3", "submissions", "S9", {{"activity_id", "A1"}, {"body", "x"}}, 404},
        {"staff1", "notes", "N8", {{"title", "x"}}, 403},
        {"student2", "checkins", "C9", {{"trip_id", "TR1"}, {"note", "x"}}, 404},  // not a participant
        {"teacher1", "trip_participants", "P9", {{"trip_id", "TR1"}, {"user_id", "u-student3"}}, 404},
        {"student1", "users", "u-student2", {{"display_name", "x"}}, 404},
        {"student1", "users", "u-student1", {{"display_name", "李小明"}}, 200},
        {"teacher1", "submissions", "S1", {{"feedback", "再想想"}}, 200},
        {"student1", "conflicts", "cf-x", {{"resolved", true}}, 403},
        {"teacher1", "classes", kClass, {{"name", "七年级(1)班·研学"}}, 200},
        {"student1", "classes", kClass, {{"name", "my class"}}, 403},
    };
    for (const auto& c : cases) {
        CAPTURE(c.user);
        CAPTURE(c.collection);
        CAPTURE(c.id);
        const auto before = f.max_seq();
        const auto r = f.write(c.user, c.collection, c.id, c.fields);
        CHECK_MESSAGE(r.status == c.status, r.raw);
        if (c.status != 200) CHECK(f.max_seq() == before);  // nothing written
    }
}

TEST_CASE("classes, join codes and guardian links") {
    Fixture f;
    f.reg("ms.chen", "teacher");
    f.reg("kid", "student");
    f.reg("mum", "parent");
    CHECK(f.post("kid", api::kClassesPath, {{"name", "x"}, {"grade", 3}}).status == 403);
    const auto created = f.post("ms.chen", api::kClassesPath, {{"name", "三年级(2)班"}, {"grade", 3}});
    REQUIRE(created.status == 201);
    const auto code = created.body["join_code"].get<std::string>();
    const auto cls = created.body["id"].get<std::string>();
    CHECK(code.size() == 8);
    CHECK(f.post("ms.chen", api::kJoinClassPath, {{"code", code}}).status == 403);
    CHECK(f.post("kid", api::kJoinClassPath, {{"code", "WRONG234"}}).status == 404);
    REQUIRE(f.post("kid", api::kJoinClassPath, {{"code", code}}).status == 200);
    CHECK(f.post("kid", api::kJoinClassPath, {{"code", code}}).status == 200);  // twice is harmless
    const auto kid_id = f.get("kid", api::kMePath).body["user"]["id"].get<std::string>();

    const auto gpath = std::string(api::kClassesPath) + "/" + cls + api::kGuardianCodesSuffix;
    CHECK(f.post("kid", gpath, {{"student_id", kid_id}}).status == 404);  // not their class to manage
    const auto g = f.post("ms.chen", gpath, {{"student_id", kid_id}});
    REQUIRE(g.status == 201);
    const auto gcode = g.body["code"].get<std::string>();

    const auto before = f.visible("mum");
    CHECK(f.post("kid", api::kLinkGuardianPath, {{"code", gcode}}).status == 403);
    REQUIRE(f.post("mum", api::kLinkGuardianPath, {{"code", gcode}}).status == 200);
    CHECK(f.post("mum", api::kLinkGuardianPath, {{"code", gcode}}).status == 404);  // one use only
    const auto after = f.visible("mum");
    CHECK(before.count("users/" + kid_id) == 0);
    CHECK(after.count("users/" + kid_id) == 1);
    CHECK(after.count("classes/" + cls) == 1);
    const auto me = f.get("mum", api::kMePath).body;
    REQUIRE(me["children"].size() == 1);
    CHECK(me["children"][0]["id"] == kid_id);
}

TEST_CASE("gaining and losing access reaches clients through pull") {
    Fixture f;
    World w(f);
    // student2 pulls, then the note is unshared: the next pull says to drop it.
    auto pull = [&](const std::string& user, int64_t cursor, const std::string& epoch) {
        const auto r = f.post(user, api::kPullPath,
                              {{"schema_version", schema::latest_version()}, {"cursor", cursor}, {"epoch", epoch}});
        REQUIRE(r.status == 200);
        return r.body;
    };
    auto first = pull("student2", 0, "");
    CHECK(first["reset"] == true);
    const auto cursor = first["cursor"].get<int64_t>();
    const auto epoch = first["epoch"].get<std::string>();
    REQUIRE(f.write("student1", "notes", "N2", {{"shared_class_id", nullptr}}).status == 200);
    const auto next = pull("student2", cursor, epoch);
    CHECK(next["reset"] == false);
    CHECK(next["records"].empty());
    REQUIRE(next["removed"].size() == 1);
    CHECK(next["removed"][0] == json{{"collection", "notes"}, {"id", "N2"}});

    // parent2 gets linked to student2: rights changed, so the stream restarts.
    auto p = pull("parent2", 0, "");
    const auto pcursor = p["cursor"].get<int64_t>();
    const auto pepoch = p["epoch"].get<std::string>();
    const auto gcode = f.post("teacher1", std::string(api::kClassesPath) + "/" + kClass + api::kGuardianCodesSuffix,
                              {{"student_id", "u-student2"}})
                           .body["code"]
                           .get<std::string>();
    REQUIRE(f.post("parent2", api::kLinkGuardianPath, {{"code", gcode}}).status == 200);
    auto q = pull("parent2", pcursor, pepoch);
    CHECK(q["reset"] == true);
    CHECK(q["epoch"] != pepoch);
    std::set<std::string> got;
    for (const auto& r : q["records"]) got.insert(r["collection"].get<std::string>() + "/" + r["id"].get<std::string>());
    CHECK(got.count("users/u-student2") == 1);
    CHECK(got.count("activities/A1") == 1);
}

TEST_CASE("concurrent edits of a text body keep both sides as a conflict") {
    Fixture f;
    f.login("student1", "demo-student-1");
    auto push = [&](const std::string& id, const std::string& hlc, const std::string& text, const std::string& base) {
        json ch{{"id", id}, {"collection", "notes"}, {"record", "NC"}, {"hlc", hlc}, {"fields", {{"body", text}}}};
        if (!base.empty()) ch["base"] = {{"body", base}};
        return f.post("student1", api::kPushPath,
                      {{"schema_version", schema::latest_version()}, {"node", "d"}, {"batch_id", "b-" + id}, {"changes", json::array({ch})}});
    };
    const auto t0 = static_cast<uint64_t>(f.ms.load());
    const auto h1 = hlc::format(t0, 0, "laptop"), h2 = hlc::format(t0 + 5, 0, "phone"), h3 = hlc::format(t0 + 9, 0, "laptop");
    REQUIRE(push("c1", h1, "original", "").status == 200);
    REQUIRE(push("c2", h2, "edited on the phone", h1).status == 200);   // saw c1: sequential
    REQUIRE(push("c3", h3, "edited on the laptop", h1).status == 200);  // also based on c1: concurrent
    const auto note = f.get("student1", std::string(api::kRecordsPath) + "/notes/NC").body;
    CHECK(note["fields"]["body"] == "edited on the laptop");
    std::vector<json> conflicts;
    for (const auto& key : f.visible("student1"))
        if (key.rfind("conflicts/", 0) == 0) conflicts.push_back(f.get("student1", std::string(api::kRecordsPath) + "/" + key).body);
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0]["fields"]["value"] == "edited on the phone");
    CHECK(conflicts[0]["fields"]["target_id"] == "NC");
    CHECK(conflicts[0]["fields"]["resolved"] == false);
}

TEST_CASE("bad input gets a clear 4xx, and nothing is written") {
    Fixture f;
    f.login("student1", "demo-student-1");
    f.login("student2", "demo-student-2");
    REQUIRE(f.write("student2", "notes", "theirs", {{"title", "student2's"}}).status == 200);
    const auto token = f.tokens["student1"];
    const auto good_change = [&](const std::string& id) {
        return json{{"id", id},
                    {"collection", "notes"},
                    {"record", "nb-" + id},
                    {"hlc", hlc::format(static_cast<uint64_t>(f.ms.load()), 0, "dev")},
                    {"fields", {{"title", "t"}}}};
    };
    const json good{{"schema_version", schema::latest_version()}, {"node", "dev"}, {"batch_id", "bx"}, {"changes", json::array({good_change("g1")})}};
    struct Bad {
        std::string name;
        std::string path;
        std::string body;
        int status;
        std::string says;
    };
    auto edit = [&](auto fn) {
        json j = good;
        fn(j);
        return j.dump();
    };
    const auto text = good.dump();
    const std::vector<Bad> bads{
        {"malformed JSON", api::kPushPath, "{\"schema_version\": 2,,}", 400, "not valid JSON"},
        {"truncated JSON", api::kPushPath, text.substr(0, text.size() / 2), 400, "not valid JSON"},
        {"empty body", api::kPushPath, "", 400, "body is empty"},
        {"wrong type", api::kPushPath, edit([](json& j) { j["changes"] = "all of them"; }), 400, "must be an array"},
        {"unknown field", api::kPushPath, edit([](json& j) { j["priority"] = "high"; }), 400, "unknown field \"priority\""},
        {"unknown record field", api::kPushPath, edit([](json& j) { j["changes"][0]["fields"]["mood"] = 1; }), 400,
         "unknown field \"mood\""},
        {"privileged field", api::kPushPath, edit([](json& j) { j["changes"][0]["fields"]["owner_id"] = "u-student2"; }),
         400, "owner_id"},
        {"stale schema", api::kPushPath, edit([](json& j) { j["schema_version"] = 1; }), 426, "update Zhixing"},
        {"future schema", api::kPushPath, edit([](json& j) { j["schema_version"] = 99; }), 400, "newer than the server"},
        {"clock far ahead", api::kPushPath,
         edit([&](json& j) { j["changes"][0]["hlc"] = hlc::format(static_cast<uint64_t>(f.ms.load()) + 90'000'000'000ull, 0, "dev"); }),
         400, "ahead"},
        {"pull with a negative cursor", api::kPullPath, R"({"schema_version":2,"cursor":-5})", 400, "cursor"},
        {"pull with unknown field", api::kPullPath, R"({"schema_version":2,"cursor":0,"since":"yesterday"})", 400,
         "unknown field \"since\""},
        {"pull from an old app", api::kPullPath, R"({"schema_version":1,"cursor":0})", 426, "update Zhixing"},
        {"someone else's id", api::kPushPath, edit([](json& j) { j["changes"][0]["record"] = "theirs"; }), 404,
         "no record notes/theirs"},
        {"a collection the role may not create", api::kPushPath,
         edit([](json& j) { j["changes"][0]["collection"] = "activities"; j["changes"][0]["record"] = "A-none"; }),
         403, "may not create activities"},
    };
    for (const auto& b : bads) {
        CAPTURE(b.name);
        const auto before = f.max_seq();
        const auto r = call(f.port(), "POST", b.path, b.body, token);
        CHECK(r.status == b.status);
        REQUIRE(r.body.is_object());
        CHECK_MESSAGE(r.body["error"]["message"].get<std::string>().find(b.says) != std::string::npos, r.raw);
        CHECK(f.max_seq() == before);
    }

    // Oversized bodies are refused before they are read.
    const auto huge = std::string(2 * 1024 * 1024, ' ');
    CHECK(call(f.port(), "POST", api::kPushPath, huge, token).status == 413);

    // A batch with one bad change writes none of its good ones.
    json mixed = good;
    mixed["batch_id"] = "mixed";
    mixed["changes"].push_back(good_change("g2"));
    mixed["changes"][1]["collection"] = "activities";
    const auto before = f.max_seq();
    const auto r = call(f.port(), "POST", api::kPushPath, mixed.dump(), token);
    CHECK(r.status == 403);
    CHECK(r.body["error"]["message"].get<std::string>().rfind("changes[1]", 0) == 0);
    CHECK(f.max_seq() == before);
    CHECK(f.get("student1", std::string(api::kRecordsPath) + "/notes/nb-g1").status == 404);

    // Replays: the batch answers 409 with its acknowledgements; a change
    // replayed in a new batch is acknowledged again with its first seq.
    const auto first = call(f.port(), "POST", api::kPushPath, good.dump(), token);
    REQUIRE(first.status == 200);
    const auto seq = first.body["acks"][0]["seq"];
    const auto again = call(f.port(), "POST", api::kPushPath, good.dump(), token);
    CHECK(again.status == 409);
    CHECK(again.body["error"]["code"] == "batch_replayed");
    CHECK(again.body["acks"][0]["seq"] == seq);
    json renamed = good;
    renamed["batch_id"] = "by";
    const auto third = call(f.port(), "POST", api::kPushPath, renamed.dump(), token);
    CHECK(third.status == 200);
    CHECK(third.body["acks"][0]["seq"] == seq);
    CHECK(f.max_seq() == seq.get<int64_t>());

    // The server kept serving throughout.
    CHECK(call(f.port(), "GET", api::kHealthPath, "", "").status == 200);
}

TEST_CASE("tombstones live 90 days, then old cursors start over") {
    Fixture f;
    f.login("student1", "demo-student-1");
    REQUIRE(f.write("student1", "notes", "gone", {{"title", "to delete"}}).status == 200);
    auto pull = [&](int64_t cursor, const std::string& epoch) {
        const auto r = f.post("student1", api::kPullPath,
                              {{"schema_version", schema::latest_version()}, {"cursor", cursor}, {"epoch", epoch}});
        REQUIRE(r.status == 200);
        return r.body;
    };
    const auto p0 = pull(0, "");
    const auto old_cursor = p0["cursor"].get<int64_t>();
    const auto epoch = p0["epoch"].get<std::string>();
    REQUIRE(f.write("student1", "notes", "gone", json::object(), true).status == 200);
    const auto p1 = pull(old_cursor, epoch);
    REQUIRE(p1["records"].size() == 1);
    CHECK(p1["records"][0]["deleted"] == true);  // the delete travels as a tombstone

    f.ms += 89ll * 24 * 3600'000;
    CHECK(f.srv->sync().purge_tombstones() == 0);
    f.ms += 2ll * 24 * 3600'000;
    CHECK(f.srv->sync().purge_tombstones() == 1);
    f.login("student1", "demo-student-1");  // the old session expired meanwhile
    CHECK(f.get("student1", std::string(api::kRecordsPath) + "/notes/gone").status == 404);
    // A replica that last synced before the purge cannot learn of the delete
    // any more, so it is told to start over.
    CHECK(pull(old_cursor, epoch)["reset"] == true);
    CHECK(pull(p1["cursor"].get<int64_t>(), epoch)["reset"] == false);
}

namespace {
// One page of `user`'s pull from `cursor`, as a device asks for it.
json pull_page(Fixture& f, const std::string& user, int64_t cursor, const std::string& epoch, int limit = 500) {
    const auto r = f.post(user, api::kPullPath,
                          {{"schema_version", schema::latest_version()}, {"cursor", cursor}, {"epoch", epoch},
                           {"limit", limit}});
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    return r.body;
}
// Pulls to the end of the stream; answers the last page.
json pull_to_end(Fixture& f, const std::string& user, int64_t cursor = 0, const std::string& epoch = "") {
    for (int page = 0; page < 50; ++page) {
        auto p = pull_page(f, user, cursor, epoch);
        cursor = p["cursor"].get<int64_t>();
        if (!p["has_more"].get<bool>()) return p;
    }
    FAIL("the stream never ended");
    return {};
}
}  // namespace

TEST_CASE("a device's cursor moves only when something its user may see changes") {
    Fixture f;
    f.login("student1", "demo-student-1");
    f.login("student2", "demo-student-2");
    const auto start = pull_to_end(f, "student1");
    const auto cursor = start["cursor"].get<int64_t>();
    const auto epoch = start["epoch"].get<std::string>();

    // Another student's private notes: nothing student1 may see. Their
    // device learns nothing, not even that the server was busy.
    for (int i = 0; i < 3; ++i) REQUIRE(f.write("student2", "notes", "other-" + std::to_string(i), {{"title", "x"}}).status == 200);
    REQUIRE(f.max_seq() > cursor);
    const auto idle = pull_page(f, "student1", cursor, epoch);
    CHECK(idle["records"].empty());
    CHECK(idle["removed"].empty());
    CHECK(idle["reset"] == false);
    CHECK(idle["cursor"] == cursor);

    // Their own write moves it, to exactly that change.
    const auto mine = f.write("student1", "notes", "mine", {{"title", "我的"}});
    REQUIRE(mine.status == 200);
    const auto next = pull_page(f, "student1", cursor, epoch);
    REQUIRE(next["records"].size() == 1);
    CHECK(next["records"][0]["id"] == "mine");
    CHECK(next["cursor"] == mine.body["acks"][0]["seq"]);
}

TEST_CASE("a first sync of many pages finishes after a purge, and a purge of others' tombstones restarts nobody") {
    Fixture f;
    f.login("student1", "demo-student-1");
    f.login("student2", "demo-student-2");
    // student2's device is up to date before student1 writes anything.
    const auto before = pull_to_end(f, "student2");

    for (int i = 0; i < 6; ++i) REQUIRE(f.write("student1", "notes", "n" + std::to_string(i), {{"title", "x"}}).status == 200);
    REQUIRE(f.write("student1", "notes", "gone", {{"title", "to delete"}}).status == 200);
    REQUIRE(f.write("student1", "notes", "gone", json::object(), true).status == 200);
    f.ms += 91ll * 24 * 3600'000;
    REQUIRE(f.srv->sync().purge_tombstones() == 1);
    f.login("student1", "demo-student-1");
    f.login("student2", "demo-student-2");

    // A new device of student1, two records a page: every page after the
    // first continues the stream (before, each restarted it, for ever).
    int64_t cursor = 0;
    std::string epoch;
    std::set<std::string> seen;
    int pages = 0, resets = 0;
    for (bool more = true; more && pages < 1000; ++pages) {
        const auto p = pull_page(f, "student1", cursor, epoch, 2);
        resets += p["reset"].get<bool>() ? 1 : 0;
        for (const auto& r : p["records"]) seen.insert(r["id"].get<std::string>());
        cursor = p["cursor"].get<int64_t>();
        epoch = p["epoch"].get<std::string>();
        more = p["has_more"].get<bool>();
    }
    CHECK(pages < 1000);
    CHECK(resets == 1);  // the first page: a new device
    for (int i = 0; i < 6; ++i) CHECK(seen.count("n" + std::to_string(i)) == 1);
    CHECK(seen.count("gone") == 0);
    // At its end, the cursor stands past the purge: no restart next time.
    CHECK(pull_page(f, "student1", cursor, epoch)["reset"] == false);

    // student2 never saw student1's notes: the purge is none of its business.
    const auto after = pull_page(f, "student2", before["cursor"].get<int64_t>(), before["epoch"].get<std::string>());
    CHECK(after["reset"] == false);
    CHECK(after["records"].empty());
}

TEST_CASE("a device that held a purged record starts over once, then continues") {
    Fixture f;
    f.login("student1", "demo-student-1");
    REQUIRE(f.write("student1", "notes", "kept", {{"title", "留下"}}).status == 200);
    REQUIRE(f.write("student1", "notes", "gone", {{"title", "to delete"}}).status == 200);
    const auto held = pull_to_end(f, "student1");  // this device has "gone"
    REQUIRE(f.write("student1", "notes", "gone", json::object(), true).status == 200);
    f.ms += 91ll * 24 * 3600'000;
    REQUIRE(f.srv->sync().purge_tombstones() == 1);
    f.login("student1", "demo-student-1");

    const auto restart = pull_to_end(f, "student1", held["cursor"].get<int64_t>(), held["epoch"].get<std::string>());
    // pull_to_end's last page: a one-page stream, so it is the restart.
    CHECK(restart["reset"] == true);
    std::set<std::string> ids;
    for (const auto& r : restart["records"]) ids.insert(r["id"].get<std::string>());
    CHECK(ids.count("kept") == 1);
    CHECK(ids.count("gone") == 0);
    const auto again = pull_page(f, "student1", restart["cursor"].get<int64_t>(), restart["epoch"].get<std::string>());
    CHECK(again["reset"] == false);
    CHECK(again["records"].empty());
}
