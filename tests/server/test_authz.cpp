// Writes and access that cannot be gamed, over real HTTP against an
// in-process server with the demo data (issue 10): change ids are per user;
// the losing side of a concurrent edit goes to whoever wrote it; trip leaders
// are teachers of the trip's class or school; trips visit only plannable
// bases; ratings need a real past trip and reach staff, admins and teachers
// only; drafts stay with their author; a deleted class gives no access;
// submissions follow their workflow; tombstones are purged while the server
// runs; migration 6 keeps what it rebuilds.
#include "raw_http.hpp"
#include "server_fixture.hpp"
#include "authz.hpp"

#include "zx/space/timetable.hpp"
#include "zx/sync/fields.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/schema.hpp"
#include "zx/wire/api.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>

using nlohmann::json;
using namespace zx;

namespace {

using Reply = zx::test::JsonReply;
const char* kClass = "cls-demo-7-1";
const char* kRoute = "route-demo-zj-0003";

std::string problem_of(const Reply& r) { return r.body.is_object() ? fields::text(r.body["error"], "problem") : ""; }

// The shared set-up (server_fixture.hpp) with the demo routes, every demo
// account signed in, and a clock that moves a second per change, so that a
// change is newer than the seed's writes.
struct Fixture : zx::test::ServerFixture {
    explicit Fixture(Options o = {.routes = true, .change_step_ms = 1000}) : ServerFixture(std::move(o)) {
        if (!options.accounts) return;
        for (auto [u, p] : std::initializer_list<std::pair<const char*, const char*>>{
                 {"teacher1", "demo-teacher-1"}, {"student1", "demo-student-1"}, {"student2", "demo-student-2"},
                 {"parent1", "demo-parent-1"}, {"staff1", "demo-staff-1"}, {"admin", "demo-admin-1"}})
            login(u, p);
    }
    // Registers `user` (a teacher of `school`, which is created if new) and answers their id.
    std::string teacher_of(const std::string& user, const std::string& school) {
        const auto inv = post("admin", api::kTeacherInvitationsPath, {{"school_id", school}, {"school_name", school}});
        REQUIRE_MESSAGE(inv.status == 201, inv.raw);
        api::RegisterRequest req{user, "password-" + user, user, api::Role::teacher, inv.body["code"].get<std::string>()};
        REQUIRE(zx::test::call_json(port(), "POST", api::kRegisterPath, json(req).dump(), "").status == 202);
        login(user, req.password);
        return user_id(user);
    }
    // One change with the id, clock and base the test chooses.
    Reply push_one(const std::string& user, const std::string& id, const std::string& collection, const std::string& record,
                   const std::string& hlc, const json& fields, const json& base = json::object()) {
        json ch{{"id", id}, {"collection", collection}, {"record", record}, {"hlc", hlc}, {"fields", fields}};
        if (!base.empty()) ch["base"] = base;
        return push(user, json::array({ch}));
    }
    std::string clock_plus(int64_t ahead_ms, const std::string& node) {
        return hlc::format(static_cast<uint64_t>(ms.load() + ahead_ms), 0, node);
    }
    // Every record `user` pulls from scratch, by "collection/id".
    std::map<std::string, json> pulled(const std::string& user) {
        std::map<std::string, json> out;
        pull_all(user, [&](const json& rec) {
            out[rec["collection"].get<std::string>() + "/" + rec["id"].get<std::string>()] = rec["fields"];
        });
        return out;
    }
    std::map<std::string, json> conflicts_of(const std::string& user) {
        std::map<std::string, json> out;
        for (auto& [key, fields] : pulled(user))
            if (key.rfind("conflicts/", 0) == 0) out[key.substr(10)] = fields;
        return out;
    }
};

std::string days_from_today(int days) { return zx::test::day_from_today(days); }

}  // namespace

TEST_CASE("a change id another user used is still this user's change: both are written") {
    Fixture f;
    const auto first = f.push_one("student1", "dev-0001", "notes", "n-mine", f.clock_plus(1, "a1b2"), {{"title", "mine"}});
    REQUIRE_MESSAGE(first.status == 200, first.raw);
    const auto seq1 = first.body["acks"][0]["seq"].get<int64_t>();
    // student2 guesses (or happens on) the same id, for another record.
    const auto second = f.push_one("student2", "dev-0001", "notes", "n-theirs", f.clock_plus(2, "c3d4"), {{"title", "theirs"}});
    REQUIRE_MESSAGE(second.status == 200, second.raw);
    const auto seq2 = second.body["acks"][0]["seq"].get<int64_t>();
    CHECK(seq2 > seq1);
    const auto stored = f.get("student2", std::string(api::kRecordsPath) + "/notes/n-theirs");
    REQUIRE_MESSAGE(stored.status == 200, stored.raw);
    CHECK(stored.body["fields"]["title"] == "theirs");
    CHECK(f.get("student1", std::string(api::kRecordsPath) + "/notes/n-mine").body["fields"]["title"] == "mine");
    // A replay by the same user is still recognised and not applied twice.
    const auto before = f.max_seq();
    const auto replay = f.push_one("student2", "dev-0001", "notes", "n-theirs", f.clock_plus(2, "c3d4"), {{"title", "theirs"}});
    CHECK(replay.body["acks"][0]["seq"] == seq2);
    CHECK(f.max_seq() == before);
}

TEST_CASE("conflicts of two users' changes with the same id never collide") {
    Fixture f;
    std::map<std::string, std::string> lost;
    for (const std::string user : {"student1", "student2"}) {
        const auto note = "nc-" + user;
        const auto h1 = f.clock_plus(10, "dev"), h2 = f.clock_plus(20, "phone"), h3 = f.clock_plus(30, "laptop");
        REQUIRE(f.push_one(user, user + "-c1", "notes", note, h1, {{"body", "original"}}).status == 200);
        REQUIRE(f.push_one(user, user + "-c2", "notes", note, h2, {{"body", "phone of " + user}}, {{"body", h1}}).status == 200);
        // The same change id for both users: each edit is concurrent with the phone's.
        REQUIRE(f.push_one(user, "same-id", "notes", note, h3, {{"body", "laptop of " + user}}, {{"body", h1}}).status == 200);
        lost[user] = "phone of " + user;
    }
    for (const std::string user : {"student1", "student2"}) {
        CAPTURE(user);
        const auto mine = f.conflicts_of(user);
        REQUIRE(mine.size() == 1);
        CHECK(mine.begin()->second["value"] == lost[user]);
        CHECK(mine.begin()->second["target_id"] == "nc-" + user);
    }
}

TEST_CASE("the losing side of a concurrent edit goes to whoever wrote it: a teacher's feedback, a student's answer") {
    Fixture f;
    REQUIRE(f.write("teacher1", "activities", "A-c", {{"title", "观察"}, {"class_id", kClass}, {"kind", "homework"}, {"published", true}})
                .status == 200);
    const auto hs1 = f.clock_plus(100, "kid-phone");
    REQUIRE(f.push_one("student1", "s-1", "submissions", "S-c", hs1,
                       {{"activity_id", "A-c"}, {"body", "v1"}, {"status", "submitted"}})
                .status == 200);
    // The teacher on two devices: the desk writes feedback, the tablet (which
    // never saw it) writes over it, then the desk, behind, writes again.
    const auto t1 = f.clock_plus(200, "desk"), t2 = f.clock_plus(300, "tablet"), t0 = f.clock_plus(250, "desk");
    REQUIRE(f.push_one("teacher1", "t-1", "submissions", "S-c", t1, {{"feedback", "desk feedback"}}).status == 200);
    REQUIRE(f.push_one("teacher1", "t-2", "submissions", "S-c", t2, {{"feedback", "tablet feedback"}}).status == 200);
    REQUIRE(f.push_one("teacher1", "t-3", "submissions", "S-c", t0, {{"feedback", "late desk feedback"}}, {{"feedback", t1}})
                .status == 200);
    // The student on two devices, before the work is graded.
    REQUIRE(f.push_one("student1", "s-2", "submissions", "S-c", f.clock_plus(400, "kid-phone"), {{"body", "v2 phone"}},
                       {{"body", hs1}})
                .status == 200);
    REQUIRE(f.push_one("student1", "s-3", "submissions", "S-c", f.clock_plus(500, "kid-laptop"), {{"body", "v3 laptop"}},
                       {{"body", hs1}})
                .status == 200);

    const auto sub = f.get("student1", std::string(api::kRecordsPath) + "/submissions/S-c").body["fields"];
    CHECK(sub["feedback"] == "tablet feedback");
    CHECK(sub["body"] == "v3 laptop");
    std::set<std::string> teachers, students;
    const auto teacher_conflicts = f.conflicts_of("teacher1");
    const auto student_conflicts = f.conflicts_of("student1");
    for (const auto& [id, c] : teacher_conflicts) teachers.insert(c["value"].get<std::string>());
    for (const auto& [id, c] : student_conflicts) students.insert(c["value"].get<std::string>());
    // The stored feedback lost to the tablet's (its author: the teacher); the
    // late desk edit lost on arrival (the pusher: the teacher); the phone's
    // answer lost to the laptop's (its author: the student).
    CHECK(teachers == std::set<std::string>{"desk feedback", "late desk feedback"});
    CHECK(students == std::set<std::string>{"v2 phone"});
    for (const auto& [id, c] : teacher_conflicts) CHECK(c["owner_id"] == "u-teacher1");
    CHECK(f.conflicts_of("parent1").empty());

    // Each resolves their own, and nobody else's.
    const auto teacher_one = teacher_conflicts.begin()->first;
    const auto student_one = student_conflicts.begin()->first;
    CHECK(f.write("student1", "conflicts", teacher_one, {{"resolved", true}}).status == 404);
    CHECK(f.get("student1", std::string(api::kRecordsPath) + "/conflicts/" + teacher_one).status == 404);
    CHECK(f.write("teacher1", "conflicts", teacher_one, {{"resolved", true}}).status == 200);
    CHECK(f.write("teacher1", "conflicts", student_one, {{"resolved", true}}).status == 404);
    CHECK(f.write("student1", "conflicts", student_one, {{"resolved", true}}).status == 200);
}

TEST_CASE("trip leaders are teachers of the trip's class or school") {
    Fixture f;
    const auto colleague = f.teacher_of("ms.zhou", "sch-demo");
    const auto stranger = f.teacher_of("mr.xu", "sch-far");
    const json base_trip{{"title", "西湖研学"}, {"date", "2026-12-20"}, {"bases", {"zj-0003"}}};
    auto trip = [&](json leaders, const std::string& cls = kClass) {
        json t = base_trip;
        if (!cls.empty()) t["class_id"] = cls;
        t["leaders"] = std::move(leaders);
        return t;
    };
    // A teacher with no class may not push a trip into a student's feed.
    const auto feed = f.write("mr.xu", "trips", "trip-spam", trip({"u-student1"}, ""));
    CHECK_MESSAGE(feed.status == 403, feed.raw);
    CHECK(problem_of(feed) == "leader_not_teacher");
    CHECK(f.pulled("student1").count("trips/trip-spam") == 0);
    CHECK(f.write("mr.xu", "trips", "trip-spam", trip({"u-teacher1"}, "")).status == 403);  // another school's teacher
    // The class's own teacher: students and strangers cannot lead; colleagues can.
    CHECK(problem_of(f.write("teacher1", "trips", "trip-a", trip({"u-student2"}))) == "leader_not_teacher");
    CHECK(problem_of(f.write("teacher1", "trips", "trip-a", trip({stranger}))) == "leader_not_teacher");
    CHECK(problem_of(f.write("teacher1", "trips", "trip-a", trip({"u-nobody"}))) == "leader_not_teacher");
    const auto ok = f.write("teacher1", "trips", "trip-a", trip({"u-teacher1", colleague}));
    REQUIRE_MESSAGE(ok.status == 200, ok.raw);
    CHECK(f.pulled("ms.zhou").count("trips/trip-a") == 1);
    // Changing the leaders later is checked the same way.
    CHECK(f.write("teacher1", "trips", "trip-a", {{"leaders", {"u-parent1"}}}).status == 403);
    CHECK(f.pulled("parent1").at("trips/trip-a")["leaders"] == json{"u-teacher1", colleague});
    // The class's parents see who leads the trip by name, a co-leader from
    // outside the class too, and stop seeing a leader taken off it.
    CHECK(f.pulled("parent1").count("users/" + colleague) == 1);
    CHECK(f.pulled("parent1").count("users/" + stranger) == 0);
    REQUIRE(f.write("teacher1", "trips", "trip-a", {{"leaders", {"u-teacher1"}}}).status == 200);
    CHECK(f.pulled("parent1").count("users/" + colleague) == 0);
    CHECK(f.pulled("parent1").count("users/u-teacher1") == 1);
}

TEST_CASE("trips visit listed bases that are not suspended") {
    Fixture f;
    REQUIRE(f.write("admin", "bases", "zj-0004", {{"status", "delisted"}, {"status_reason", "整改"}}).status == 200);
    REQUIRE(f.write("admin", "bases", "zj-0005", {{"status", "suspended"}, {"status_reason", "检修"}}).status == 200);
    auto trip = [](json bases) {
        return json{{"title", "研学"}, {"class_id", kClass}, {"date", "2026-12-20"}, {"bases", std::move(bases)}};
    };
    const auto delisted = f.write("teacher1", "trips", "trip-d", trip({"zj-0003", "zj-0004"}));
    CHECK(delisted.status == 400);
    CHECK(problem_of(delisted) == "base_delisted");
    CHECK(delisted.body["error"]["params"]["base_id"] == "zj-0004");
    CHECK(problem_of(f.write("teacher1", "trips", "trip-d", trip({"zj-0005"}))) == "base_suspended");
    CHECK(f.write("teacher1", "trips", "trip-d", trip({"zj-9999"})).status == 404);
    // Bases read as clients read them: a list sent as JSON text is still checked.
    CHECK(problem_of(f.write("teacher1", "trips", "trip-d", trip(json(std::string(R"(["zj-0004"])"))))) == "base_delisted");
    REQUIRE(f.write("teacher1", "trips", "trip-d", trip({"zj-0003"})).status == 200);
    // A route through a suspended base is refused too.
    std::string second_stop;
    const auto listed = f.get_public(api::kBasesPath);  // kept: the loop reads into it
    for (const auto& r : listed.body["routes"])
        if (r["id"] == kRoute) second_stop = r["stops"][1]["base_id"].get<std::string>();
    REQUIRE_FALSE(second_stop.empty());
    REQUIRE(f.write("admin", "bases", second_stop, {{"status", "suspended"}, {"status_reason", "暴雨"}}).status == 200);
    json routed = trip(json::array());
    routed.erase("bases");
    routed["route_id"] = kRoute;
    CHECK(problem_of(f.write("teacher1", "trips", "trip-r", routed)) == "base_suspended");
    // A trip planned before its base closed can still be renamed.
    REQUIRE(f.write("admin", "bases", "zj-0003", {{"status", "suspended"}, {"status_reason", "检修"}}).status == 200);
    CHECK(f.write("teacher1", "trips", "trip-d", {{"title", "研学（改期）"}}).status == 200);
}

TEST_CASE("a rating needs a real past trip of the rater's class; its comment reaches staff, admins and teachers only") {
    Fixture f;
    const auto colleague = f.teacher_of("ms.zhou", "sch-demo");
    f.teacher_of("mr.xu", "sch-far");
    const auto past = days_from_today(-3);
    auto rating = [](const std::string& trip) {
        return json{{"trip_id", trip}, {"base_id", "zj-0003"}, {"overall", 5}, {"safety", 5}, {"course", 4},
                    {"organisation", 4}, {"value", 5}, {"comment", "讲解员很专业"}};
    };
    // An invented trip: no class, nobody taking part.
    REQUIRE(f.write("teacher1", "trips", "trip-fake", {{"title", "x"}, {"date", past}, {"bases", {"zj-0003"}}}).status == 200);
    const auto fake = f.write("teacher1", "base_ratings", "r-fake", rating("trip-fake"));
    CHECK(fake.status == 403);
    CHECK(problem_of(fake) == "rating_needs_trip");
    // A trip of the class, but nobody took part.
    REQUIRE(f.write("teacher1", "trips", "trip-empty",
                    {{"title", "x"}, {"class_id", kClass}, {"date", past}, {"bases", {"zj-0003"}}, {"leaders", {colleague}}})
                .status == 200);
    CHECK(problem_of(f.write("teacher1", "base_ratings", "r-empty", rating("trip-empty"))) == "rating_needs_trip");
    // With a student taking part: the owner and a co-leader of the school rate.
    REQUIRE(f.write("teacher1", "trip_participants", "p-1", {{"trip_id", "trip-empty"}, {"user_id", "u-student1"}}).status == 200);
    const auto real = f.write("teacher1", "base_ratings", "r-real", rating("trip-empty"));
    REQUIRE_MESSAGE(real.status == 200, real.raw);
    const auto colleague_rating = f.write("ms.zhou", "base_ratings", "r-colleague", rating("trip-empty"));
    CHECK_MESSAGE(colleague_rating.status == 200, colleague_rating.raw);

    // Who receives the comment.
    for (const char* user : {"teacher1", "ms.zhou", "mr.xu", "staff1", "admin"}) {
        CAPTURE(user);
        CHECK(f.pulled(user).count("base_ratings/r-real") == 1);
    }
    for (const char* user : {"student1", "student2", "parent1"}) {
        CAPTURE(user);
        const auto seen = f.pulled(user);
        CHECK(seen.count("base_ratings/r-real") == 0);
        CHECK(f.get(user, std::string(api::kRecordsPath) + "/base_ratings/r-real").status == 404);
        CHECK(seen.at("bases/zj-0003")["rating_count"] == 2);  // the aggregate stays public
    }
}

TEST_CASE("drafts stay with their author until published") {
    Fixture f;
    const json draft{{"title", "草稿"}, {"class_id", kClass}, {"kind", "homework"}, {"published", false}};
    REQUIRE(f.write("teacher1", "activities", "A-draft", draft).status == 200);
    for (const char* user : {"student1", "student2", "parent1"}) {
        CAPTURE(user);
        CHECK(f.pulled(user).count("activities/A-draft") == 0);
        CHECK(f.get(user, std::string(api::kRecordsPath) + "/activities/A-draft").status == 404);
    }
    CHECK(f.pulled("teacher1").count("activities/A-draft") == 1);
    CHECK(f.write("student1", "submissions", "S-draft", {{"activity_id", "A-draft"}, {"body", "x"}}).status == 404);

    // Published: the class sees it. Unpublished again: it leaves them.
    REQUIRE(f.write("teacher1", "activities", "A-draft", {{"published", true}}).status == 200);
    CHECK(f.pulled("student1").count("activities/A-draft") == 1);
    const auto first = f.post("student1", api::kPullPath, {{"schema_version", schema::latest_version()}, {"cursor", 0}, {"epoch", ""}});
    REQUIRE(f.write("teacher1", "activities", "A-draft", {{"published", false}}).status == 200);
    const auto next = f.post("student1", api::kPullPath,
                             {{"schema_version", schema::latest_version()}, {"cursor", first.body["cursor"]}, {"epoch", first.body["epoch"]}});
    REQUIRE(next.status == 200);
    CHECK(next.body["removed"] == json::array({{{"collection", "activities"}, {"id", "A-draft"}}}));
}

TEST_CASE("deleting a class ends the access it gave") {
    Fixture f;
    f.reg("ms.chen", "teacher");
    f.reg("kid", "student");
    f.reg("mum", "parent");
    const auto created = f.post("ms.chen", api::kClassesPath, {{"name", "三年级(2)班"}, {"grade", 3}});
    REQUIRE(created.status == 201);
    const auto cls = created.body["id"].get<std::string>();
    const auto code = created.body["join_code"].get<std::string>();
    REQUIRE(f.post("kid", api::kJoinClassPath, {{"code", code}}).status == 200);
    const auto kid = f.user_id("kid");
    const auto g = f.post("ms.chen", std::string(api::kClassesPath) + "/" + cls + api::kGuardianCodesSuffix, {{"student_id", kid}});
    REQUIRE(f.post("mum", api::kLinkGuardianPath, {{"code", g.body["code"]}}).status == 200);
    const auto activity = f.write("ms.chen", "activities", "A-cls", {{"title", "阅读"}, {"class_id", cls}, {"published", true}});
    REQUIRE_MESSAGE(activity.status == 200, activity.raw);
    REQUIRE(f.write("ms.chen", "timetable_entries", "T-cls",
                    {{"title", "语文"}, {"class_id", cls}, {"weekday", 1}, {"start_min", 480}, {"end_min", 525}, {"date", "2026-09-07"}})
                .status == 200);
    for (const char* user : {"kid", "mum"}) {
        const auto seen = f.pulled(user);
        CHECK(seen.count("activities/A-cls") == 1);
        CHECK(seen.count("classes/" + cls) == 1);
    }
    const auto before = f.post("kid", api::kPullPath, {{"schema_version", schema::latest_version()}, {"cursor", 0}, {"epoch", ""}});

    REQUIRE(f.write("ms.chen", "classes", cls, json::object(), true).status == 200);
    for (const char* user : {"kid", "mum"}) {
        CAPTURE(user);
        const auto seen = f.pulled(user);
        CHECK(seen.count("activities/A-cls") == 0);
        CHECK(seen.count("timetable_entries/T-cls") == 0);
        CHECK(f.get(user, std::string(api::kRecordsPath) + "/activities/A-cls").status == 404);
        CHECK(f.get(user, api::kMePath).body["classes"].empty());
    }
    // A device that synced before starts over without the class's records.
    const auto after = f.post("kid", api::kPullPath,
                              {{"schema_version", schema::latest_version()}, {"cursor", before.body["cursor"]}, {"epoch", before.body["epoch"]}});
    CHECK(after.body["reset"] == true);
    CHECK(f.write("kid", "notes", "n-share", {{"title", "x"}, {"shared_class_id", cls}}).status == 404);
    CHECK(f.post("kid", api::kJoinClassPath, {{"code", code}}).status == 404);
    // The class stays deleted, and its teacher no longer teaches it.
    CHECK(f.write("ms.chen", "classes", cls, {{"name", "back"}}, false).status == 404);
    CHECK(f.write("ms.chen", "activities", "A-cls2", {{"title", "x"}, {"class_id", cls}}).status == 404);
    bool live_memberships = false;
    f.srv->store().read([&](db::Connection& c) {
        live_memberships = !c.query("SELECT 1 FROM memberships WHERE class_id = ?1 AND deleted = 0", json::array({cls})).empty();
    });
    CHECK_FALSE(live_memberships);
}

TEST_CASE("submissions follow their workflow: students write until graded, teachers review submitted work") {
    Fixture f;
    REQUIRE(f.write("teacher1", "activities", "A-w", {{"title", "作文"}, {"class_id", kClass}, {"published", true}}).status == 200);
    const auto self_graded = f.write("student1", "submissions", "S-w", {{"activity_id", "A-w"}, {"body", "x"}, {"status", "reviewed"}});
    CHECK(self_graded.status == 403);
    CHECK(self_graded.body["error"]["field"] == "changes[0].status");
    REQUIRE(f.write("student1", "submissions", "S-w", {{"activity_id", "A-w"}, {"body", "草稿"}, {"status", "draft"}}).status == 200);
    CHECK(f.write("student1", "submissions", "S-w", {{"score", 100.0}}).status == 403);
    // Not submitted yet: nothing to review.
    const auto early = f.write("teacher1", "submissions", "S-w", {{"score", 80.0}, {"status", "reviewed"}});
    CHECK(early.status == 403);
    CHECK(problem_of(early) == "not_submitted");
    REQUIRE(f.write("student1", "submissions", "S-w", {{"body", "完成稿"}, {"status", "submitted"}}).status == 200);
    CHECK(f.write("teacher1", "submissions", "S-w", {{"status", "draft"}}).status == 403);
    REQUIRE(f.write("teacher1", "submissions", "S-w", {{"score", 92.0}, {"feedback", "很好"}, {"status", "reviewed"}}).status == 200);
    // Graded: the student no longer changes or deletes it; the teacher may revise the feedback.
    for (const auto& [fields, del] : std::vector<std::pair<json, bool>>{
             {{{"body", "偷偷改"}}, false}, {{{"status", "submitted"}}, false}, {json::object(), true}}) {
        const auto r = f.write("student1", "submissions", "S-w", fields, del);
        CHECK(r.status == 403);
        CHECK(problem_of(r) == "already_reviewed");
    }
    CHECK(f.write("teacher1", "submissions", "S-w", {{"feedback", "很好，再补充一个例子"}}).status == 200);
    const auto shown = f.get("parent1", std::string(api::kRecordsPath) + "/submissions/S-w").body["fields"];
    CHECK(shown["body"] == "完成稿");
    CHECK(shown["score"] == 92.0);
}

TEST_CASE("tombstones are purged while the server runs, in small batches") {
    Fixture f(Fixture::Options{.configure = [](server::ServerConfig& c) { c.purge_interval_ms = 50; }});
    f.login("student1", "demo-student-1");
    REQUIRE(f.write("student1", "notes", "gone", {{"title", "to delete"}}).status == 200);
    REQUIRE(f.write("student1", "notes", "gone", json::object(), true).status == 200);
    auto stored = [&] {
        bool there = false;
        f.srv->store().read([&](db::Connection& c) { there = !c.query("SELECT 1 FROM notes WHERE id = 'gone'").empty(); });
        return there;
    };
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(stored());  // within its 90 days
    f.ms += 91ll * 24 * 3600'000;
    bool purged = false;
    for (int i = 0; i < 100 && !purged; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        purged = !stored();
    }
    CHECK(purged);
}

TEST_CASE("a purge in batches removes every old tombstone and raises the horizon of its readers") {
    Fixture f(Fixture::Options{.accounts = true});
    f.login("student1", "demo-student-1");
    for (int i = 0; i < 5; ++i) {
        const auto id = "gone-" + std::to_string(i);
        REQUIRE(f.write("student1", "notes", id, {{"title", "x"}}).status == 200);
        REQUIRE(f.write("student1", "notes", id, json::object(), true).status == 200);
    }
    const auto high = f.max_seq();
    f.ms += 91ll * 24 * 3600'000;
    CHECK(f.srv->sync().purge_tombstones(2) == 5);
    // The horizon is kept for each key that could see the tombstones: here
    // the student's own.
    int64_t horizon = 0;
    f.srv->store().read([&](db::Connection& c) {
        horizon = c.query("SELECT max(seq) FROM purge_horizons")[0][0].get<int64_t>();
    });
    CHECK(horizon == high);
}

TEST_CASE("migration 6 keeps the changes it rebuilds, their numbers, and gives sessions ids") {
    const auto path = std::filesystem::temp_directory_path() / ("zx-m6-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path);
    {
        db::Connection c(path.string());
        for (const auto& m : schema::migrations())
            if (m.version <= 5) {
                c.exec(m.sql);
                c.exec("PRAGMA user_version=" + std::to_string(m.version));
            }
        c.exec("INSERT INTO changes (change_id, user_id, collection, record_id, hlc, received_at) VALUES "
               "('c-1', 'u-a', 'notes', 'n', 'h1', 1), ('c-2', 'u-a', 'notes', 'n', 'h2', 2), ('c-3', 'u-b', 'notes', 'm', 'h3', 3)");
        c.exec("DELETE FROM changes WHERE seq = 3");  // the counter is ahead of the rows now
        c.exec("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ('t1', 'u-a', 1, 1), ('t2', 'u-a', 1, 1)");
    }
    db::Connection c(path.string());
    CHECK(c.migrate() == schema::latest_version());
    const auto rows = c.query("SELECT seq, change_id, user_id FROM changes ORDER BY seq");
    CHECK(rows == json::parse(R"([[1, "c-1", "u-a"], [2, "c-2", "u-a"]])"));
    // Per user: another user's "c-1" is a new change; the same user's is refused.
    c.exec("INSERT INTO changes (change_id, user_id, collection, record_id, hlc, received_at) VALUES ('c-1', 'u-b', 'notes', 'm', 'h4', 4)");
    CHECK(c.last_insert_rowid() == 4);  // no number handed out twice
    CHECK_THROWS_AS(c.exec("INSERT INTO changes (change_id, user_id, collection, record_id, hlc, received_at) "
                           "VALUES ('c-1', 'u-a', 'notes', 'n', 'h5', 5)"),
                    db::DbError);
    const auto ids = c.query("SELECT DISTINCT id FROM sessions WHERE id IS NOT NULL AND length(id) = 32");
    CHECK(ids.size() == 2);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}
