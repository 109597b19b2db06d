// The parents' home and trip consent in the headless client against a real
// server: a parent lands on the home and sees both children (today's
// timetable, the trip with its meeting point and consent, the work with its
// score and feedback, the parent school); answering writes a consent that
// names the exact text and this device; a changed text asks again; the
// trip's teacher sees the counts and the marked roster. Roles keep their
// own homes.
#include "headless.hpp"

#include "zx/space/timetable.hpp"
#include "zx/tours/family.hpp"

using namespace zx;
using namespace zx::test;

namespace {

constexpr const char* kTrip = "trip-home-1";

std::string day_from_today(int days) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    return timetable::format(timetable::from_days(timetable::to_days(timetable::china_today(now.count())) + days));
}

ConsentForm form_text(const std::string& risks) {
    ConsentForm f;
    f.trip_id = kTrip;
    f.itinerary = "8:00 学校东门集合，乘大巴前往西湖湿地";
    f.costs = "车费 30 元";
    f.risks = risks;
    f.bring = "水杯、雨衣";
    f.text_hash = consent_text_hash(f);
    return f;
}

// The teacher plans a trip in three days for both demo students, with a
// consent form; student1 hands in work that the teacher scores.
void prepare(TestServer& srv) {
    srv.login("teacher1", "demo-teacher-1");
    srv.login("student1", "demo-student-1");
    srv.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const auto trip = srv.push("teacher1", json::array({
        srv.change("teacher1", "trips", kTrip,
                   {{"class_id", "cls-demo-7-1"}, {"title", "西湖湿地研学"}, {"date", day_from_today(3)}, {"status", "planned"},
                    {"bases", json::array({"zj-0003"})}, {"leaders", json::array({"u-teacher1"})}, {"start_min", 480},
                    {"end_min", 960}, {"meeting_point", "学校东门"}}),
        srv.change("teacher1", "trip_participants", std::string(kTrip) + "-p1", {{"trip_id", kTrip}, {"user_id", "u-student1"}}),
        srv.change("teacher1", "trip_participants", std::string(kTrip) + "-p2", {{"trip_id", kTrip}, {"user_id", "u-student2"}}),
        srv.change("teacher1", "consent_forms", consent_form_id(kTrip), to_fields(form_text("湿地步道湿滑")))}));
    REQUIRE_MESSAGE(trip.status == 200, trip.raw);
    const auto work = srv.write("student1", "submissions", "sub-home-1",
                                {{"activity_id", "act-demo-wetland"}, {"body", "看到了白鹭"}, {"status", "submitted"}});
    REQUIRE_MESSAGE(work.status == 200, work.raw);
    const auto review = srv.write("teacher1", "submissions", "sub-home-1",
                                  {{"status", "reviewed"}, {"score", 88}, {"feedback", "观察仔细，记录清楚"}});
    REQUIRE_MESSAGE(review.status == 200, review.raw);
}

const json* child_of(const json& state, const std::string& id) {
    for (const auto& c : state.at("family"))
        if (c.at("id") == id) return &c;
    return nullptr;
}

}  // namespace

TEST_CASE("the parents' home: both children, their day, trip, work and feedback; consent answered and asked again") {
    TestServer srv(demo_bases(), true);
    prepare(srv);
    Headless h(srv.url());
    sign_in(h, "parent1", "demo-parent-1");
    auto s = h.state();
    CHECK(s.at("view") == "family");  // a parent lands on the home
    REQUIRE(s.at("family").size() == 2);
    const json* li = child_of(s, "u-student1");
    const json* yu = child_of(s, "u-student4");
    REQUIRE(li);
    REQUIRE(yu);
    CHECK(li->at("name") == "李明");
    CHECK(yu->at("name") == "李小雨");
    CHECK(li->at("grade") == 7);
    CHECK(yu->at("grade") == 4);
    // Today's timetable is the class's: on a school day of the term, lessons.
    const auto today = timetable::china_today(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                  std::chrono::system_clock::now().time_since_epoch()).count());
    const auto wd = (timetable::to_days(today) + 3) % 7 + 1;  // 1 Monday .. 7 Sunday
    const bool school_day = wd <= 5 && timetable::format(today) >= "2026-09-01" && timetable::format(today) <= "2027-01-22" &&
                            (timetable::format(today) < "2026-10-01" || timetable::format(today) > "2026-10-07") &&
                            timetable::format(today) != "2027-01-01";
    CHECK(li->at("today").empty() == !school_day);
    CHECK(yu->at("today").empty() == !school_day);
    // The trip is 李明's (not 李小雨's), with a form to answer.
    REQUIRE(li->at("trips").size() == 1);
    CHECK(yu->at("trips").empty());
    CHECK(li->at("trips")[0].at("consent") == "unanswered");
    CHECK(li->at("trips")[0].at("open") == true);
    CHECK(li->at("actions") == 1);
    // The work: scored, with the teacher's feedback.
    bool reviewed = false;
    for (const auto& a : li->at("activities"))
        if (a.at("id") == "act-demo-wetland")
            reviewed = a.at("status") == "reviewed" && a.at("score") == 88.0 && a.at("feedback") == "观察仔细，记录清楚";
    CHECK(reviewed);
    CHECK(s.at("homeResources").get<int>() >= 3);  // the parent school, offline from now on
    // No editing form a parent cannot use: no timetable or trip planning here.
    CHECK_FALSE(s.at("items").contains("trip:create"));

    // Open the form, sign and consent.
    scroll_to(h, std::string("family:consent:") + kTrip + ":u-student1");
    h.click(std::string("family:consent:") + kTrip + ":u-student1");
    scroll_to(h, "family:consent:agree");
    h.app.test_ui().family.relation = "父亲";
    h.click("family:consent:agree");
    REQUIRE(h.run_until([&] {
        const auto st = h.state();
        return child_of(st, "u-student1")->at("trips")[0].at("consent") == "consented" && st.at("sync").at("pending") == 0;
    }));
    CHECK(child_of(h.state(), "u-student1")->at("actions") == 0);
    // What the server keeps: the exact text's digest, who, how related, which device.
    json stored;
    srv.pull_all("teacher1", [&](const json& rec) {
        if (rec.at("collection") == "consents") stored = rec.at("fields");
    });
    REQUIRE(stored.is_object());
    CHECK(stored.at("text_hash") == form_text("湿地步道湿滑").text_hash);
    CHECK(stored.at("relation") == "父亲");
    CHECK(stored.at("signer_name") == "李明家长");
    CHECK(stored.at("device").get<std::string>().rfind("desktop", 0) == 0);
    CHECK(stored.at("owner_id") == "u-parent1");

    // The teacher changes the text: the parent is asked again.
    srv.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    REQUIRE(srv.write("teacher1", "consent_forms", consent_form_id(kTrip), to_fields(form_text("湿地步道湿滑；水边需穿救生衣"))).status ==
            200);
    h.app.test_ui().family = {};  // the form closed
    REQUIRE(h.run_until([&] {
        const auto st = h.state();
        const auto& t = child_of(st, "u-student1")->at("trips")[0];
        return t.at("consent") == "unanswered" && t.at("stale") == true;
    }));
    CHECK(child_of(h.state(), "u-student1")->at("actions") == 1);
}

TEST_CASE("the trip's teacher sees who consented, declined or has not answered, and reminds") {
    TestServer srv(demo_bases(), true);
    prepare(srv);
    srv.login("parent1", "demo-parent-1");
    Consent c;
    c.trip_id = kTrip;
    c.student_id = "u-student1";
    c.answer = ConsentAnswer::declined;
    c.text_hash = form_text("湿地步道湿滑").text_hash;
    c.signer_name = "李爸爸";
    c.relation = "父亲";
    c.answered_at = 1;
    REQUIRE(srv.write("parent1", "consents", consent_id(kTrip, "u-student1", "u-parent1"), to_fields(c)).status == 200);

    Headless h(srv.url());
    sign_in(h, "teacher1", "demo-teacher-1");
    CHECK(h.state().at("view") == "space");  // teachers keep their own home
    h.click("nav:trips");
    h.click(std::string("trip:") + kTrip);
    auto s = h.state();
    REQUIRE(s.contains("consentRoster"));
    CHECK(s.at("consentRoster").at("form") == true);
    CHECK(s.at("consentRoster").at("declined") == 1);
    CHECK(s.at("consentRoster").at("unanswered") == 1);
    CHECK(s.at("consentRoster").at("consented") == 0);
    scroll_to(h, "consent:row:u-student1");
    scroll_to(h, "consent:row:u-student2");
    // A reminder: a record the parents' home shows.
    scroll_to(h, "consent:remind");
    h.click("consent:remind");
    REQUIRE(h.run_until([&] { return h.state().at("sync").at("pending") == 0; }));
    bool reminded = false;
    srv.pull_all("parent1", [&](const json& rec) {
        if (rec.at("collection") == "consent_forms") reminded = rec.at("fields").value("reminded_at", 0) > 0;
    });
    CHECK(reminded);
}

TEST_CASE("each role lands on its own home, none on an empty student page") {
    TestServer srv(demo_bases(), true);
    for (auto [user, password, view] : {std::tuple{"staff1", "demo-staff-1", "map"}, std::tuple{"admin", "demo-admin-1", "map"},
                                        std::tuple{"student1", "demo-student-1", "space"}}) {
        CAPTURE(user);
        Headless h(srv.url());
        sign_in(h, user, password);
        CHECK(h.state().at("view") == view);
    }
}
