// Trips, demo routes, base ratings and base management over real HTTP
// against an in-process server with the demo bases, routes and accounts
// seeded: a teacher's client plans a trip with plan_trip() and pushes the
// batch; who sees it; ratings and the aggregate the server derives; staff and
// admins running bases; masked contacts.
#include "raw_http.hpp"
#include "server_fixture.hpp"
#include "authz.hpp"
#include "seed.hpp"
#include "server.hpp"

#include "zx/wire/api.hpp"
#include "zx/tours/demo_data.hpp"
#include "zx/core/error.hpp"
#include "zx/geo/geo.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/schema.hpp"
#include "zx/space/timetable.hpp"
#include "zx/tours/trips.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace zx;

namespace {

using zx::test::read_file;

using Reply = zx::test::JsonReply;
constexpr auto call = &zx::test::call_json;

constexpr auto message = &zx::test::error_message;

// Everything a user pulled from scratch: the records by "collection/id",
// and every page's raw text (to prove what never reached them).
struct Pulled {
    std::map<std::string, json> records;
    std::string raw;
    bool has(const std::string& key) const { return records.count(key) > 0; }
};

// The shared server set-up (server_fixture.hpp) with the demo routes, every
// demo account signed in, and a clock that moves a second per change, as a
// device's does: a change must be newer than the seed's writes to win.
struct Fixture : zx::test::ServerFixture {
    Fixture() : ServerFixture(Options{.routes = true, .change_step_ms = 1000}) {
        for (auto [u, p] : std::initializer_list<std::pair<const char*, const char*>>{
                 {"teacher1", "demo-teacher-1"}, {"student1", "demo-student-1"}, {"student2", "demo-student-2"},
                 {"parent1", "demo-parent-1"}, {"staff1", "demo-staff-1"}, {"admin", "demo-admin-1"}})
            login(u, p);
    }
    // Registers `user` and answers their user id.
    std::string reg(const std::string& user, const std::string& role) {
        ServerFixture::reg(user, role);
        return user_id(user);
    }
    // The whole batch a teacher's client writes for a plan: one push.
    Reply push_plan(const std::string& user, const std::vector<PlannedRecord>& recs) {
        json changes = json::array();
        for (const auto& r : recs) changes.push_back(change(user, r.collection, r.id, r.fields));
        return push(user, changes);
    }
    Pulled pull(const std::string& user) {
        Pulled out;
        out.raw = pull_all(user, [&](const json& rec) {
            out.records[rec["collection"].get<std::string>() + "/" + rec["id"].get<std::string>()] = rec["fields"];
        });
        return out;
    }
};

const char* kClass = "cls-demo-7-1";
const char* kRoute = "route-demo-zj-0003";  // 西湖: zj-0003 (staff1's base) and its neighbours

// What a teacher's client has after a pull: the bases and one route.
std::vector<Base> bases_of(const Pulled& p) {
    std::vector<Base> out;
    for (const auto& [key, fields] : p.records)
        if (key.rfind("bases/", 0) == 0) out.push_back(base_from_fields(key.substr(6), fields));
    return out;
}
Route route_of(const Pulled& p, const std::string& id) {
    REQUIRE_MESSAGE(p.has("routes/" + id), id);
    return route_from_fields(id, p.records.at("routes/" + id));
}

// The nearest day, going `step` days at a time from `days_from_today`, on
// which every stop of `route` is open (most demo bases close on Mondays).
std::string open_day(const std::vector<Base>& bases, const Route& route, int days_from_today, int step) {
    const auto today = timetable::to_days(*timetable::parse_date(server::today_shanghai()));
    for (int i = 0; i < 14; ++i) {
        const auto date = timetable::format(timetable::from_days(today + days_from_today + i * step));
        bool all_open = true;
        for (const auto& s : route.stops)
            for (const auto& b : bases)
                if (b.id == s.base_id && !open_on(b, date)) all_open = false;
        if (all_open) return date;
    }
    FAIL("no day in two weeks on which the route's bases are all open");
    return "";
}

TripPlan west_lake_plan(const std::string& trip_id, const std::string& date) {
    TripPlan p;
    p.trip_id = trip_id;
    p.class_id = kClass;
    p.title = "西湖湿地秋季研学";
    p.date = date;
    p.route_id = kRoute;
    p.groups = {{"第一组", "u-teacher1"}};
    p.leaders = {"u-teacher1"};
    p.student_ids = {"u-student1", "u-student2"};
    p.start_min = 8 * 60;
    p.end_min = 16 * 60 + 30;
    return p;
}

json stars(const std::string& trip, const std::string& base, int overall, int safety, int course, int organisation,
           int value) {
    return {{"trip_id", trip},     {"base_id", base},           {"overall", overall}, {"safety", safety},
            {"course", course},    {"organisation", organisation}, {"value", value}, {"comment", "秩序井然"}};
}

}  // namespace

TEST_CASE("demo routes: public, sensible, and seeded once") {
    Fixture f;
    const auto routes = server::demo_routes(f.file_bases);
    CHECK(routes.size() >= 4);
    CHECK(routes.size() <= 6);
    std::map<std::string, Base> by_id;
    for (const auto& b : f.file_bases) by_id[b.id] = b;
    const auto pulled = f.pull("student1");
    std::set<std::string> names;
    for (const auto& r : routes) {
        CAPTURE(r.id);
        CHECK_FALSE(validate(r).has_value());
        CHECK_FALSE(validate_itinerary(r).has_value());
        CHECK(r.stops.size() >= 2);
        CHECK(r.stops.size() <= 4);
        CHECK(names.insert(r.name).second);
        CHECK(r.name.find("研学线") != std::string::npos);
        // Every stop in the first stop's city, each leg under 10 km.
        for (size_t i = 0; i < r.stops.size(); ++i) {
            const auto& b = by_id.at(r.stops[i].base_id);
            CHECK(b.city == by_id.at(r.stops[0].base_id).city);
            if (i > 0) {
                const auto& a = by_id.at(r.stops[i - 1].base_id);
                CHECK(geo::distance_m({a.lat, a.lon}, {b.lat, b.lon}) < 10'000);
                CHECK((r.stops[i].mode == "bus" || r.stops[i].mode == "walk"));
            }
            CHECK(r.stops[i].arrive_min >= 9 * 60);
            CHECK(r.stops[i].leave_min <= 16 * 60 + 30);
        }
        // Public (no owner) and the same as what clients pull.
        REQUIRE(pulled.has("routes/" + r.id));
        CHECK(pulled.records.at("routes/" + r.id).value("owner_id", json()).is_null());
        CHECK(route_from_fields(r.id, pulled.records.at("routes/" + r.id)) == r);
    }
    CHECK(f.pull("parent1").has(std::string("routes/") + kRoute));
    const auto west = route_of(pulled, kRoute);
    CHECK(west.stops[0].base_id == "zj-0003");

    // A restart with the same bases writes nothing.
    const auto before = f.max_seq();
    const auto again = server::seed_demo_routes(f.srv->store(), f.srv->clock(), f.file_bases);
    CHECK(again.added + again.changed + again.removed == 0);
    CHECK(f.max_seq() == before);
    // Without zj-0003's city the route goes, as a tombstone that reaches clients.
    auto fewer = f.file_bases;
    std::erase_if(fewer, [&](const Base& b) { return b.city == by_id.at("zj-0003").city; });
    const auto shrunk = server::seed_demo_routes(f.srv->store(), f.srv->clock(), fewer);
    CHECK(shrunk.removed == 2);  // 西湖 and 上城
    CHECK_FALSE(f.pull("student1").has(std::string("routes/") + kRoute));
}

TEST_CASE("a trip planned from a demo route reaches the class, its parents and no one else") {
    Fixture f;
    // A teacher and a student of another class.
    f.reg("teacher9", "teacher");
    const auto other = f.post("teacher9", api::kClassesPath, {{"name", "八年级(3)班"}, {"grade", 8}});
    REQUIRE(other.status == 201);
    f.reg("student9", "student");
    REQUIRE(f.post("student9", api::kJoinClassPath, {{"code", other.body["join_code"]}}).status == 200);

    const auto mine = f.pull("teacher1");
    const auto bases = bases_of(mine);
    const auto route = route_of(mine, kRoute);
    const auto date = open_day(bases, route, 7, 1);
    const auto recs = plan_trip(west_lake_plan("trip-west", date), route, bases);
    REQUIRE(recs.size() == 1 + 2 + 1 + route.stops.size());

    const auto pushed = f.push_plan("teacher1", recs);
    REQUIRE_MESSAGE(pushed.status == 200, pushed.raw);
    CHECK(pushed.body["acks"].size() == recs.size());

    std::vector<std::string> class_keys{"trips/trip-west", "timetable_entries/trip-west-tt"};
    for (size_t i = 1; i <= route.stops.size(); ++i) class_keys.push_back("activities/trip-west-act-" + std::to_string(i));
    const auto p1 = recs[1].collection + "/" + recs[1].id;  // student1's participation
    const auto p2 = recs[2].collection + "/" + recs[2].id;
    REQUIRE(recs[1].fields["user_id"] == "u-student1");

    const auto s1 = f.pull("student1");
    for (const auto& k : class_keys) CHECK_MESSAGE(s1.has(k), k);
    CHECK(s1.has(p1));
    CHECK_FALSE(s1.has(p2));  // who else takes part is the teacher's business
    const auto& tt = s1.records.at("timetable_entries/trip-west-tt");
    CHECK(tt["date"] == date);
    CHECK(tt["class_id"] == kClass);
    CHECK(tt["kind"] == "trip");
    CHECK(tt["title"] == "研学：西湖湿地秋季研学");
    CHECK(tt["location"] == "西湖湿地自然学校");
    CHECK(tt["owner_id"] == "u-teacher1");
    const auto& act = s1.records.at("activities/trip-west-act-1");
    CHECK(act["kind"] == "study_tour");
    CHECK(act["published"] == true);
    CHECK(act["due_date"] == date);
    CHECK(act["title"] == "西湖湿地自然学校：" + route.stops[0].task);
    CHECK(s1.records.at("trips/trip-west")["bases"].size() == route.stops.size());

    // Parents of the class's students see the trip, its timetable entry and
    // activities (audience cp:<class>), and their own child's participation.
    const auto par = f.pull("parent1");
    for (const auto& k : class_keys) CHECK_MESSAGE(par.has(k), k);
    CHECK(par.has(p1));
    CHECK_FALSE(par.has(p2));

    // Another class sees none of it, by pull or by id.
    for (const auto& who : {"student9", "teacher9"}) {
        const auto other_pull = f.pull(who);
        for (const auto& k : class_keys) CHECK_FALSE(other_pull.has(k));
        CHECK_FALSE(other_pull.has(p1));
        CHECK(f.get(who, std::string(api::kRecordsPath) + "/trips/trip-west").status == 404);
    }

    // Planning again writes the same records: nothing new appears.
    const auto before = f.pull("teacher1").records.size();
    REQUIRE(f.push_plan("teacher1", plan_trip(west_lake_plan("trip-west", date), route, bases)).status == 200);
    CHECK(f.pull("teacher1").records.size() == before);

    // A student may not plan trips; a teacher may not plan for a class they do not teach.
    CHECK(f.push_plan("student1", plan_trip(west_lake_plan("trip-s", date), route, bases)).status == 403);
    auto foreign = west_lake_plan("trip-9", date);
    foreign.class_id = other.body["id"].get<std::string>();
    const auto refused = f.push_plan("teacher1", plan_trip(foreign, route, bases));
    CHECK(refused.status == 404);
    CHECK(message(refused).rfind("changes[0]:", 0) == 0);
    CHECK_FALSE(f.pull("teacher1").has("trips/trip-9"));  // all or nothing
}

TEST_CASE("ratings: only trip leaders, only bases on the trip, only after it; the base shows the mean") {
    Fixture f;
    const auto teacher2 = f.reg("teacher2", "teacher");
    const auto mine = f.pull("teacher1");
    const auto bases = bases_of(mine);
    const auto route = route_of(mine, kRoute);
    REQUIRE(route.stops.size() >= 2);
    const auto a = route.stops[0].base_id, b = route.stops[1].base_id;

    // A trip that has happened (today or the last open day before), led by
    // both teachers, and one that has not.
    auto past = west_lake_plan("trip-past", open_day(bases, route, 0, -1));
    past.leaders = {"u-teacher1", teacher2};
    auto future = west_lake_plan("trip-future", open_day(bases, route, 7, 1));
    REQUIRE(f.push_plan("teacher1", plan_trip(past, route, bases)).status == 200);
    REQUIRE(f.push_plan("teacher1", plan_trip(future, route, bases)).status == 200);

    const auto early = f.write("teacher1", "base_ratings", "r-early", stars("trip-future", a, 5, 5, 5, 5, 5));
    CHECK(early.status == 400);
    CHECK(message(early) == "changes[0]: base_ratings/r-early: trip trip-future on " + future.date +
                                " has not happened yet; rate its bases after the trip");

    CHECK(!validate_rating(stars("trip-past", a, 5, 5, 4, 4, 3)));
    const auto r1 = f.write("teacher1", "base_ratings", "r-1", stars("trip-past", a, 5, 5, 4, 4, 3));
    REQUIRE_MESSAGE(r1.status == 200, r1.raw);
    // A co-leader listed in the trip's leaders rates too.
    const auto r2 = f.write("teacher2", "base_ratings", "r-2", stars("trip-past", a, 4, 4, 3, 5, 4));
    REQUIRE_MESSAGE(r2.status == 200, r2.raw);
    REQUIRE(f.write("teacher1", "base_ratings", "r-3", stars("trip-past", b, 3, 3, 3, 3, 3)).status == 200);

    const auto shown = f.get_public(std::string(api::kBasesPath) + "/" + a);
    REQUIRE(shown.status == 200);
    CHECK(shown.body["rating"] == 4.5);
    CHECK(shown.body["rating_count"] == 2);
    CHECK(shown.body["rating_detail"] == json{{"safety", 4.5}, {"course", 3.5}, {"organisation", 4.5}, {"value", 3.5}});
    CHECK(f.get_public(std::string(api::kBasesPath) + "/" + b).body["rating"] == 3.0);
    // Another user's synced copy says the same.
    const auto seen = f.pull("student1").records.at("bases/" + a);
    CHECK(seen["rating"] == 4.5);
    CHECK(seen["rating_count"] == 2);
    CHECK(seen["rating_detail"]["course"] == 3.5);

    // A changed rating moves the mean; a deleted one leaves it.
    REQUIRE(f.write("teacher2", "base_ratings", "r-2", {{"overall", 2}}).status == 200);
    CHECK(f.get_public(std::string(api::kBasesPath) + "/" + a).body["rating"] == 3.5);

    // A second rating of the same base on the same trip by the same teacher
    // would count twice: it is refused, and the mean stays.
    const auto twice = f.write("teacher1", "base_ratings", "r-1b", stars("trip-past", a, 1, 1, 1, 1, 1));
    CHECK(twice.status == 400);
    CHECK(message(twice).find("already rated base " + a) != std::string::npos);
    CHECK(f.get_public(std::string(api::kBasesPath) + "/" + a).body["rating"] == 3.5);

    const auto student = f.write("student1", "base_ratings", "r-s", stars("trip-past", a, 5, 5, 5, 5, 5));
    CHECK(student.status == 403);
    const auto elsewhere = f.write("teacher1", "base_ratings", "r-x", stars("trip-past", "zj-0100", 5, 5, 5, 5, 5));
    CHECK(elsewhere.status == 400);
    CHECK(message(elsewhere).find("base zj-0100 is not a stop of trip trip-past") != std::string::npos);
    for (int bad : {0, 6}) {
        // (teacher2 has not rated b yet: only the stars are wrong.)
        auto fields = stars("trip-past", b, 4, 4, 4, 4, 4);
        fields["safety"] = bad;
        CHECK(validate_rating(fields).value_or(Problem{}).message == "safety must be a whole number of stars from 1 to 5");
        const auto r = f.write("teacher2", "base_ratings", "r-bad", fields);
        CHECK(r.status == 400);
        CHECK(message(r).find("safety must be a whole number of stars from 1 to 5") != std::string::npos);
    }
    // A teacher who did not lead the trip cannot rate it (and cannot even see it).
    f.reg("teacher3", "teacher");
    CHECK(f.write("teacher3", "base_ratings", "r-t3", stars("trip-past", a, 1, 1, 1, 1, 1)).status == 404);
    CHECK(f.get_public(std::string(api::kBasesPath) + "/" + a).body["rating_count"] == 2);
}

TEST_CASE("base staff run their own base; contacts are masked for everyone else") {
    Fixture f;
    const std::string path = std::string(api::kBasesPath) + "/zj-0003";
    const auto ok = f.write("staff1", "bases", "zj-0003", {{"status", "full"}, {"capacity", 150}});
    REQUIRE_MESSAGE(ok.status == 200, ok.raw);
    const auto shown = f.get_public(path).body;
    CHECK(shown["status"] == "full");
    CHECK(shown["capacity"] == 150);

    const auto suspend = f.write("staff1", "bases", "zj-0003", {{"status", "suspended"}, {"status_reason", "检修"}});
    CHECK(suspend.status == 403);
    CHECK(message(suspend).find("ask an administrator") != std::string::npos);
    CHECK(f.write("staff1", "bases", "zj-0004", {{"capacity", 10}}).status == 403);
    const auto rename = f.write("staff1", "bases", "zj-0003", {{"name", "改名"}});
    CHECK(rename.status == 400);  // the name comes from the base's registration, never from clients
    CHECK(message(rename).find("field \"name\" is set by the server") != std::string::npos);
    CHECK(f.write("student1", "bases", "zj-0003", {{"status", "closed"}}).status == 403);
    CHECK(f.get_public(path).body["status"] == "full");

    const std::string phone = "13812345678";
    const auto contact = f.write("staff1", "base_contacts", "zj-0003", {{"contact", "陈老师 " + phone}});
    REQUIRE_MESSAGE(contact.status == 200, contact.raw);
    CHECK(f.write("staff1", "base_contacts", "zj-0004", {{"contact", "x 13800000000"}}).status == 403);
    // Someone else's base's contact: invisible, so the same 404 as a missing record.
    CHECK(f.write("student1", "base_contacts", "zj-0003", {{"contact", "x"}}).status == 404);
    CHECK(f.write("teacher1", "base_contacts", "zj-0005", {{"contact", "x"}}).status == 403);

    const auto masked = mask_contact("陈老师 " + phone);
    CHECK(masked == "陈** 138****5678");
    CHECK(f.get_public(path).body["contact"] == masked);
    const auto all = f.get_public(api::kBasesPath);
    REQUIRE(all.status == 200);
    CHECK(all.raw.find(phone) == std::string::npos);
    CHECK(all.raw.find(masked) != std::string::npos);

    const auto student = f.pull("student1");
    CHECK(student.raw.find(phone) == std::string::npos);
    CHECK(student.records.at("bases/zj-0003")["contact"] == masked);
    CHECK_FALSE(student.has("base_contacts/zj-0003"));
    CHECK(f.get("student1", std::string(api::kRecordsPath) + "/base_contacts/zj-0003").status == 404);
    CHECK_FALSE(f.pull("teacher1").has("base_contacts/zj-0003"));

    const auto staff = f.pull("staff1");
    REQUIRE(staff.has("base_contacts/zj-0003"));
    CHECK(staff.records.at("base_contacts/zj-0003")["contact"] == "陈老师 " + phone);
    CHECK(f.pull("admin").has("base_contacts/zj-0003"));
}

TEST_CASE("admins delist with a reason; a delisted base leaves the map, planning and its staff's hands") {
    Fixture f;
    const std::string path = std::string(api::kBasesPath) + "/zj-0003";
    const auto count = f.get_public(api::kHealthPath).body["bases"].get<int>();
    const auto no_reason = f.write("admin", "bases", "zj-0003", {{"status", "delisted"}});
    CHECK(no_reason.status == 400);
    CHECK(message(no_reason).find("needs a reason") != std::string::npos);
    CHECK(f.get_public(path).status == 200);

    const auto delisted = f.write("admin", "bases", "zj-0003", {{"status", "delisted"}, {"status_reason", "安全隐患整改"}});
    REQUIRE_MESSAGE(delisted.status == 200, delisted.raw);
    const auto missing = f.get_public(path);
    CHECK(missing.status == 404);
    CHECK(message(missing) == "no base with id \"zj-0003\"");
    const auto list = f.get_public(api::kBasesPath);
    for (const auto& b : list.body["bases"]) CHECK(b["id"] != "zj-0003");
    CHECK(list.body["bases"].size() == static_cast<size_t>(count - 1));
    CHECK(f.get_public(api::kHealthPath).body["bases"] == count - 1);

    // The teacher's client still syncs the base (with its status) and so
    // refuses to plan a trip through it, saying why.
    const auto mine = f.pull("teacher1");
    const auto bases = bases_of(mine);
    const auto route = route_of(mine, kRoute);
    const auto plan = west_lake_plan("trip-x", "2026-12-02");
    CHECK(validate_plan(plan, route, bases).value_or(Problem{}).message ==
          "base zj-0003 (西湖湿地自然学校) has been delisted (安全隐患整改) and cannot be planned");
    CHECK_THROWS_AS(plan_trip(plan, route, bases), ValidationError);

    // Its staff cannot reopen it; an admin can.
    const auto reopen = f.write("staff1", "bases", "zj-0003", {{"status", "open"}});
    CHECK(reopen.status == 403);
    CHECK(message(reopen).find("only an administrator can reopen it") != std::string::npos);
    CHECK(f.get_public(path).status == 404);
    REQUIRE(f.write("admin", "bases", "zj-0003", {{"status", "open"}, {"status_reason", ""}}).status == 200);
    CHECK(f.get_public(path).body["status"] == "open");
}
