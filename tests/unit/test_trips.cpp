// Routes and trip planning (shared/zx/tours/trips.hpp): what a teacher's client
// writes when it plans a trip, and every way a plan or route can be wrong.
#include "zx/core/error.hpp"
#include "zx/sync/model.hpp"
#include "zx/tours/trips.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

using nlohmann::json;
using namespace zx;

namespace {

Base base(const std::string& id, const std::string& name) {
    Base b;
    b.id = id;
    b.name = name;
    b.city = "杭州市";
    b.district = "西湖区";
    b.address = "杭州市西湖区某路 1 号";
    b.lat = 30.27;
    b.lon = 120.12;
    b.open_min = 9 * 60;
    b.close_min = 16 * 60 + 30;
    b.closed_weekdays = {1};  // Mondays
    b.courses = {"湿地生态观察"};
    b.safety = "全程清点人数。";
    return b;
}

std::vector<Base> bases() { return {base("zj-0003", "西湖湿地自然学校"), base("zj-0091", "西湖红色寻访研学营地"),
                                    base("zj-0176", "西湖安全教育体验中心")}; }

Route route() {
    Route r;
    r.id = "route-demo-zj-0003";
    r.name = "西湖湿地生态研学线";
    r.description = "三个基地一日研学";
    // travel_min and mode: the leg that reaches the stop.
    r.stops = {{"zj-0003", 9 * 60 + 30, 11 * 60, "湿地鸟类观察", 0, ""},
               {"zj-0091", 12 * 60, 13 * 60 + 30, "红色故事宣讲", 15, "bus"},
               {"zj-0176", 13 * 60 + 45, 15 * 60 + 15, "应急避险演练", 10, "walk"}};
    return r;
}

TripPlan plan() {
    TripPlan p;
    p.trip_id = "trip-1";
    p.class_id = "cls-demo-7-1";
    p.title = "西湖秋季研学";
    p.date = "2026-12-02";  // a Wednesday
    p.route_id = "route-demo-zj-0003";
    p.groups = {{"第一组", "u-teacher1"}, {"第二组", "u-teacher2"}};
    p.leaders = {"u-teacher1"};
    p.student_ids = {"u-student1", "u-student2"};
    p.start_min = 8 * 60;
    p.end_min = 16 * 60 + 30;
    return p;
}

std::string problem(const TripPlan& p, const std::optional<Route>& r = route(), const std::vector<Base>& b = bases()) {
    const auto e = validate_plan(p, r, b);
    REQUIRE_MESSAGE(e.has_value(), "the plan was accepted");
    // plan_trip refuses with the same message.
    try {
        (void)plan_trip(p, r, b);
        FAIL("plan_trip accepted an invalid plan");
    } catch (const ValidationError& ex) {
        CHECK(std::string(ex.what()) == e->message);
        CHECK(ex.problem() == *e);
    }
    return e->message;
}

std::string route_problem(const Route& r) {
    const auto e = validate_itinerary(r);
    REQUIRE_MESSAGE(e.has_value(), "the route was accepted");
    return e->message;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a route's record fields read back to the same route") {
    const auto r = route();
    const auto f = route_fields(r);
    CHECK(f.at("stops").size() == 3);
    CHECK(f.at("stops")[0].at("arrive_min") == 570);
    CHECK(f.at("stops")[1].at("mode") == "bus");
    CHECK_FALSE(f.contains("owner_id"));
    // Every key is a field of the model's routes collection.
    const auto* spec = model::find_collection("routes");
    REQUIRE(spec);
    for (const auto& [k, v] : f.items()) CHECK_MESSAGE(model::find_field(*spec, k), k);
    CHECK(route_from_fields(r.id, f) == r);
    CHECK_FALSE(validate(r).has_value());
    CHECK_FALSE(validate_itinerary(r).has_value());
}

TEST_CASE("a route with impossible stops is refused with the stop and the reason") {
    auto r = route();
    r.name.clear();
    CHECK(has(route_problem(r), "needs a name"));
    r = route();
    r.stops.clear();
    CHECK(has(route_problem(r), "at least one stop"));
    r = route();
    r.stops[1].leave_min = r.stops[1].arrive_min;
    CHECK(has(route_problem(r), "stop 2: leaves at 12:00, not after it arrives at 12:00"));
    r = route();
    r.stops[0].arrive_min = -5;
    CHECK(has(route_problem(r), "stop 1: arrive_min must be within the day"));
    r = route();
    r.stops[2].leave_min = 24 * 60 + 1;
    CHECK(has(route_problem(r), "stop 3: leave_min must be within the day"));
    r = route();
    r.stops[1].mode = "rocket";
    CHECK(has(route_problem(r), "stop 2: unknown travel mode \"rocket\""));
    r = route();
    r.stops[1].mode.clear();
    CHECK(has(route_problem(r), "stop 2: the leg from the previous stop needs a travel mode"));
    r = route();
    r.stops[1].travel_min = 0;
    CHECK(has(route_problem(r), "stop 2: travel_min must be 1..720"));
    r = route();
    r.stops[1].travel_min = 90;  // leaves 11:00 + 90 min > arrival 12:00
    CHECK(has(route_problem(r), "stop 2: arrives at 12:00, before the 90-minute leg from 11:00 can get there"));
    r = route();
    r.stops[1].base_id = "zj-0003";
    CHECK(has(route_problem(r), "stop 2: base zj-0003 is visited twice in a row"));
    r = route();
    r.stops[1].task.clear();
    CHECK(has(route_problem(r), "stop 2: the task is empty"));
    r = route();
    r.stops[1].base_id = "zj 0091";
    CHECK(has(route_problem(r), "is not a base id"));
    // The same base again later in the day is fine.
    r = route();
    r.stops[2].base_id = "zj-0003";
    CHECK_FALSE(validate_itinerary(r).has_value());
    // The first stop's leg from school may be left unstated, or stated.
    r.stops[0].travel_min = 40;
    r.stops[0].mode = "bus";
    CHECK_FALSE(validate_itinerary(r).has_value());
}

TEST_CASE("planning a trip from a route gives the trip, participants, one timetable entry and one activity per stop") {
    const auto recs = plan_trip(plan(), route(), bases());
    REQUIRE(recs.size() == 1 + 2 + 1 + 3);
    std::set<std::string> ids;
    for (const auto& r : recs) {
        CHECK(model::valid_id(r.id));
        CHECK(ids.insert(r.collection + "/" + r.id).second);
        // Every field is a client-writable field of the collection: the
        // server refuses the batch otherwise.
        const auto* spec = model::find_collection(r.collection);
        REQUIRE(spec);
        for (const auto& [k, v] : r.fields.items()) {
            const auto* f = model::find_field(*spec, k);
            REQUIRE_MESSAGE(f, std::string(r.collection + "." + k));
            CHECK_MESSAGE(f->client, std::string(r.collection + "." + k));
        }
    }
    const auto& trip = recs[0];
    CHECK(trip.collection == "trips");
    CHECK(trip.id == "trip-1");
    CHECK(trip.fields.at("route_id") == "route-demo-zj-0003");
    CHECK(trip.fields.at("bases") == json{"zj-0003", "zj-0091", "zj-0176"});
    CHECK(trip.fields.at("groups") == json::parse(R"([{"name":"第一组","leader_id":"u-teacher1"},
                                                      {"name":"第二组","leader_id":"u-teacher2"}])"));
    CHECK(trip.fields.at("leaders") == json{"u-teacher1", "u-teacher2"});
    CHECK(trip.fields.at("status") == "planned");
    CHECK(trip.fields.at("start_min") == 480);
    CHECK(trip.fields.at("end_min") == 990);

    CHECK(recs[1].collection == "trip_participants");
    CHECK(recs[1].fields == json{{"trip_id", "trip-1"}, {"user_id", "u-student1"}});
    CHECK(recs[2].fields.at("user_id") == "u-student2");
    CHECK(recs[1].id != recs[2].id);

    const auto& tt = recs[3];
    CHECK(tt.collection == "timetable_entries");
    CHECK(tt.id == "trip-1-tt");
    CHECK(tt.fields == json{{"class_id", "cls-demo-7-1"}, {"title", "研学：西湖秋季研学"}, {"weekday", 0},
                            {"date", "2026-12-02"}, {"start_min", 480}, {"end_min", 990},
                            {"location", "西湖湿地自然学校"}, {"kind", "trip"}});

    const auto& a1 = recs[4];
    CHECK(a1.collection == "activities");
    CHECK(a1.id == "trip-1-act-1");
    CHECK(a1.fields.at("title") == "西湖湿地自然学校：湿地鸟类观察");
    CHECK(a1.fields.at("kind") == "study_tour");
    CHECK(a1.fields.at("published") == true);
    CHECK(a1.fields.at("due_date") == "2026-12-02");
    CHECK(a1.fields.at("class_id") == "cls-demo-7-1");
    const auto body = a1.fields.at("body").get<std::string>();
    CHECK(has(body, "09:30–11:00"));
    CHECK(has(body, "下一站：西湖红色寻访研学营地（乘大巴约 15 分钟）"));
    CHECK(has(body, "全程清点人数"));
    REQUIRE(a1.fields.at("steps").is_array());
    CHECK(a1.fields.at("steps").size() == 4);
    for (const auto& s : a1.fields.at("steps")) CHECK(s.is_string());  // the client's steps are strings
    CHECK(has(a1.fields.at("steps")[1].get<std::string>(), "湿地鸟类观察"));
    CHECK(recs[6].id == "trip-1-act-3");
    CHECK_FALSE(has(recs[6].fields.at("body").get<std::string>(), "下一站"));

    // Deterministic: the same plan gives the same batch (so replanning
    // overwrites), and a student's participant id does not depend on the
    // other students.
    CHECK(plan_trip(plan(), route(), bases()) == recs);
    auto p = plan();
    p.student_ids = {"u-student2"};
    CHECK(plan_trip(p, route(), bases())[1].id == recs[2].id);
    // The longest trip id still gives ids the model accepts.
    p.trip_id = std::string(kMaxTripIdChars, 'x');
    for (const auto& r : plan_trip(p, route(), bases())) CHECK(model::valid_id(r.id));
}

TEST_CASE("planning a trip from a list of bases") {
    auto p = plan();
    p.route_id.reset();
    p.base_ids = {"zj-0091", "zj-0003"};
    const auto recs = plan_trip(p, std::nullopt, bases());
    REQUIRE(recs.size() == 1 + 2 + 1 + 2);
    CHECK(recs[0].fields.at("route_id") == "");
    CHECK(recs[0].fields.at("bases") == json{"zj-0091", "zj-0003"});
    CHECK(recs[3].fields.at("location") == "西湖红色寻访研学营地");
    CHECK(recs[4].fields.at("title") == "西湖红色寻访研学营地：湿地生态观察");  // the base's first course
    p.start_min = 17 * 60;  // after both bases close
    p.end_min = 18 * 60;
    CHECK(problem(p, std::nullopt) == "base zj-0091 (西湖红色寻访研学营地) is open 09:00-16:30, not during the trip's 17:00-18:00");
}

TEST_CASE("a plan that cannot happen is refused with a message naming the problem") {
    auto p = plan();
    p.date = "2026-02-30";
    CHECK(problem(p) == "trip date \"2026-02-30\" is not a real date (YYYY-MM-DD)");
    p = plan();
    p.date = "next week";
    CHECK(has(problem(p), "is not a real date"));

    auto b = bases();
    b[1].status = BaseStatus::delisted;
    b[1].status_reason = "资质过期";
    CHECK(problem(plan(), route(), b) == "base zj-0091 (西湖红色寻访研学营地) has been delisted (资质过期) and cannot be planned");
    b = bases();
    b[2].status = BaseStatus::suspended;
    CHECK(problem(plan(), route(), b) == "base zj-0176 (西湖安全教育体验中心) is suspended and cannot be planned");
    b = bases();
    b[0].status = BaseStatus::closed;
    CHECK(has(problem(plan(), route(), b), "base zj-0003 (西湖湿地自然学校) is closed for now"));
    b = bases();
    b[0].status = BaseStatus::full;  // full is still plannable: capacity is the base's to manage
    CHECK_FALSE(validate_plan(plan(), route(), b).has_value());
    b.erase(b.begin() + 1);
    CHECK(problem(plan(), route(), b) == "stop 2: base zj-0091 is not a known base");

    p = plan();
    p.date = "2026-12-07";  // a Monday
    CHECK(problem(p) == "base zj-0003 (西湖湿地自然学校) is closed on Mondays, and 2026-12-07 is one");
    b = bases();
    b[2].closed_dates = {"2026-12-02"};
    CHECK(problem(plan(), route(), b) == "base zj-0176 (西湖安全教育体验中心) is closed on 2026-12-02");

    b = bases();
    b[1].close_min = 13 * 60;  // the route stays until 13:30
    CHECK(problem(plan(), route(), b) ==
          "stop 2: 12:00-13:30 is outside the opening hours of base zj-0091 (西湖红色寻访研学营地), 09:00-13:00");

    p = plan();
    p.route_id.reset();
    CHECK(problem(p, std::nullopt) == "the trip has no stops: plan it from a route or pick at least one base");
    CHECK(has(problem(p, route()), "was given but the plan has no route_id"));
    p = plan();
    CHECK(problem(p, std::nullopt) == "route route-demo-zj-0003 is not a known route");
    p.base_ids = {"zj-0003"};
    CHECK(problem(p) == "plan the trip from a route or from a list of bases, not both");
    auto r = route();
    r.stops[2].mode = "plane";
    CHECK(has(problem(plan(), r), "unknown travel mode"));
    r = route();
    r.stops[1].leave_min = r.stops[1].arrive_min - 1;  // refused by the structural check too
    CHECK(has(problem(plan(), r), "route route-demo-zj-0003: "));

    p = plan();
    p.student_ids.clear();
    CHECK(problem(p) == "the trip has no students: add at least one");
    p.student_ids = {"u-student1", "u-student1"};
    CHECK(problem(p) == "student u-student1 is listed twice");

    p = plan();
    p.end_min = p.start_min - 10;
    CHECK(problem(p) == "the trip ends at 07:50, not after it starts at 08:00");
    p = plan();
    p.end_min = 15 * 60;  // before the last stop is left at 15:15
    CHECK(problem(p) == "the trip ends at 15:00, before the route's last stop is left at 15:15");
    p = plan();
    p.start_min = 10 * 60;
    CHECK(has(problem(p), "after the route's first stop at 09:30"));

    p = plan();
    p.groups.push_back({"", "u-teacher1"});
    CHECK(problem(p) == "group 3 has no name");
    p = plan();
    p.groups.push_back({"第一组", "u-teacher1"});
    CHECK(problem(p) == "there are two groups named \"第一组\"");
    p = plan();
    p.groups[0].second.clear();
    CHECK(problem(p) == "group \"第一组\" has no leader");

    p = plan();
    p.trip_id = std::string(kMaxTripIdChars + 1, 'x');
    CHECK(has(problem(p), "must be 1..40 characters"));
    p.trip_id = "trip/1";
    CHECK(has(problem(p), "must be 1..40 characters"));
    p = plan();
    p.title.clear();
    CHECK(problem(p) == "the trip needs a title");
    p = plan();
    p.class_id.clear();
    CHECK(problem(p) == "the trip needs a class");
}

TEST_CASE("ratings are checked before they are sent") {
    const json ok{{"trip_id", "trip-1"}, {"base_id", "zj-0003"}, {"overall", 5}, {"safety", 4},
                  {"course", 3},        {"organisation", 5},    {"value", 1}, {"comment", "很好"}};
    CHECK_FALSE(validate_rating(ok).has_value());
    for (const json& bad : {json(0), json(6), json(4.5), json("5"), json(nullptr)}) {
        auto f = ok;
        f["safety"] = bad;
        CHECK(validate_rating(f).value_or(Problem{}).message == "safety must be a whole number of stars from 1 to 5");
        CHECK(validate_rating(f)->code == Code::out_of_range);
        CHECK(validate_rating(f)->field == "safety");
    }
    auto f = ok;
    f.erase("overall");
    CHECK(validate_rating(f).value_or(Problem{}).message == "overall must be a whole number of stars from 1 to 5");
    f = ok;
    f["base_id"] = "";
    CHECK(validate_rating(f).value_or(Problem{}).message == "base_id is required");
    f = ok;
    f["comment"] = std::string(4001, 'x');
    CHECK(validate_rating(f).value_or(Problem{}).message == "comment is longer than 4000 bytes");
}
