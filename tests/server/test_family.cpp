// The parents' side over real HTTP against an in-process server with the
// demo accounts: a trip's consent form and the guardians' answers, each
// rule of authz_family.cpp from an attacker's side (a self-registered parent
// linked to another child, a student, a teacher who does not lead the
// trip), a stale text hash, answers closed once the trip started, who reads
// the answers, and the parent school's resources.
#include "server_fixture.hpp"
#include "authz.hpp"

#include "zx/space/timetable.hpp"
#include "zx/tours/family.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <map>

using nlohmann::json;
using namespace zx;

namespace {

constexpr const char* kClass = "cls-demo-7-1";
constexpr const char* kTrip = "trip-consent-1";

using zx::test::day_from_today;

struct Fixture : zx::test::ServerFixture {
    Fixture() : ServerFixture(Options{.change_step_ms = 1000}) {
        for (auto [u, p] : std::initializer_list<std::pair<const char*, const char*>>{
                 {"teacher1", "demo-teacher-1"}, {"student1", "demo-student-1"}, {"student2", "demo-student-2"},
                 {"parent1", "demo-parent-1"}, {"admin", "demo-admin-1"}})
            login(u, p);
    }
    // A trip of the demo class in `days` days with both demo students, as the
    // teacher's client writes it (one batch).
    void plan(const std::string& trip, int days) {
        const auto r = push("teacher1",
                            json::array({change("teacher1", "trips", trip,
                                                {{"class_id", kClass}, {"title", "西湖湿地研学"}, {"date", day_from_today(days)},
                                                 {"status", "planned"}, {"bases", json::array({"zj-0003"})},
                                                 {"leaders", json::array({"u-teacher1"})}, {"start_min", 480},
                                                 {"end_min", 960}, {"meeting_point", "学校东门"}}),
                                         change("teacher1", "trip_participants", trip + "-p1",
                                                {{"trip_id", trip}, {"user_id", "u-student1"}}),
                                         change("teacher1", "trip_participants", trip + "-p2",
                                                {{"trip_id", trip}, {"user_id", "u-student2"}})}));
        REQUIRE_MESSAGE(r.status == 200, r.raw);
    }
    ConsentForm form(const std::string& trip, const std::string& risks = "湿地步道湿滑") {
        ConsentForm f;
        f.trip_id = trip;
        f.itinerary = "8:00 学校东门集合，乘大巴前往西湖湿地，16:00 返校";
        f.costs = "车费与门票共 60 元";
        f.insurance = "学校统一购买研学意外险";
        f.risks = risks;
        f.bring = "水杯、雨衣、笔记本";
        f.medical = "请说明过敏史和正在服用的药物";
        f.text_hash = consent_text_hash(f);
        return f;
    }
    zx::test::JsonReply write_form(const std::string& user, const ConsentForm& f) {
        return write(user, "consent_forms", consent_form_id(f.trip_id), to_fields(f));
    }
    zx::test::JsonReply answer(const std::string& user, const std::string& guardian_id, const std::string& trip,
                               const std::string& student, const std::string& hash, ConsentAnswer a = ConsentAnswer::consented) {
        Consent c;
        c.trip_id = trip;
        c.student_id = student;
        c.answer = a;
        c.text_hash = hash;
        c.signer_name = "李爸爸";
        c.relation = "父亲";
        c.device = "test";
        c.answered_at = ms.load();
        return write(user, "consents", consent_id(trip, student, guardian_id), to_fields(c));
    }
    std::map<std::string, json> pulled(const std::string& user) {
        std::map<std::string, json> out;
        pull_all(user, [&](const json& rec) {
            out[rec["collection"].get<std::string>() + "/" + rec["id"].get<std::string>()] = rec["fields"];
        });
        return out;
    }
    // A parent who registered themselves and linked with a guardian code of `student`.
    std::string linked_parent(const std::string& name, const std::string& student) {
        ServerFixture::reg(name, "parent");
        const auto g = post("teacher1", std::string(api::kClassesPath) + "/" + kClass + api::kGuardianCodesSuffix,
                            {{"student_id", student}});
        REQUIRE_MESSAGE(g.status == 201, g.raw);
        const auto link = post(name, api::kLinkGuardianPath, {{"code", g.body["code"]}});
        REQUIRE_MESSAGE(link.status == 200, link.raw);
        return user_id(name);
    }
};

std::string problem_of(const zx::test::JsonReply& r) { return r.body["error"].value("problem", ""); }

}  // namespace

TEST_CASE("consent: only a linked guardian answers for that child; strangers, students and teachers cannot") {
    Fixture f;
    f.plan(kTrip, 7);
    const auto form = f.form(kTrip);
    REQUIRE(f.write_form("teacher1", form).status == 200);

    // parent1 is linked to student1: their answer is taken.
    const auto ok = f.answer("parent1", "u-parent1", kTrip, "u-student1", form.text_hash);
    CHECK_MESSAGE(ok.status == 200, ok.raw);

    // A self-registered parent linked to student2 cannot answer for student1,
    // whatever id they choose: student1 reads as a child that does not exist.
    const auto mum2 = f.linked_parent("mum2", "u-student2");
    const auto stranger = f.answer("mum2", mum2, kTrip, "u-student1", form.text_hash);
    CHECK(stranger.status == 404);
    const auto forged = f.answer("mum2", "u-parent1", kTrip, "u-student1", form.text_hash);  // parent1's record id
    CHECK(forged.status == 404);
    // ...but for their own child, yes.
    CHECK(f.answer("mum2", mum2, kTrip, "u-student2", form.text_hash, ConsentAnswer::declined).status == 200);
    // An unlinked parent reaches nothing.
    f.reg("nobody", "parent");
    CHECK(f.answer("nobody", f.user_id("nobody"), kTrip, "u-student1", form.text_hash).status == 404);
    // A record id that is not the guardian's own one answer: refused.
    const auto wrong_id = f.write("parent1", "consents", "made-up-id",
                                  to_fields(Consent{"", "", kTrip, "u-student1", ConsentAnswer::consented, form.text_hash,
                                                    "李爸爸", "父亲", "", "t", 5}));
    CHECK(wrong_id.status == 400);
    // Students and teachers do not answer for a child.
    const auto student = f.answer("student1", "u-student1", kTrip, "u-student1", form.text_hash);
    CHECK(student.status == 403);
    CHECK(problem_of(student) == "role_required");
    CHECK(f.answer("teacher1", "u-teacher1", kTrip, "u-student1", form.text_hash).status == 403);
    // A guardian cannot delete the record of what they agreed to, nor rewrite another's.
    CHECK(f.write("parent1", "consents", consent_id(kTrip, "u-student1", "u-parent1"), json::object(), true).status == 403);
    CHECK(f.write("parent1", "consents", consent_id(kTrip, "u-student2", mum2), {{"answer", "consented"}}).status == 404);
    // Nor move it to another child.
    CHECK(f.write("parent1", "consents", consent_id(kTrip, "u-student1", "u-parent1"), {{"student_id", "u-student2"}})
              .status == 403);

    // Who reads what: the trip's teacher every answer; each guardian their
    // child's only; students none; the form reaches the class and its parents.
    const auto teacher = f.pulled("teacher1");
    CHECK(teacher.count("consents/" + consent_id(kTrip, "u-student1", "u-parent1")));
    CHECK(teacher.count("consents/" + consent_id(kTrip, "u-student2", mum2)));
    const auto p1 = f.pulled("parent1");
    CHECK(p1.count("consents/" + consent_id(kTrip, "u-student1", "u-parent1")));
    CHECK_FALSE(p1.count("consents/" + consent_id(kTrip, "u-student2", mum2)));
    CHECK(p1.count("consent_forms/" + consent_form_id(kTrip)));
    CHECK(p1.count("users/u-teacher1"));  // who leads their child, by name
    const auto m2 = f.pulled("mum2");
    CHECK_FALSE(m2.count("consents/" + consent_id(kTrip, "u-student1", "u-parent1")));
    const auto s1 = f.pulled("student1");
    CHECK(s1.count("consent_forms/" + consent_form_id(kTrip)));
    for (const auto& [key, v] : s1) CHECK_MESSAGE(key.rfind("consents/", 0) != 0, key);
    const auto nobody = f.pulled("nobody");
    CHECK_FALSE(nobody.count("consent_forms/" + consent_form_id(kTrip)));
    CHECK_FALSE(nobody.count("users/u-teacher1"));
}

TEST_CASE("consent forms: only the trip's teachers write them, one per trip, with the digest of their text") {
    Fixture f;
    f.plan(kTrip, 7);
    auto form = f.form(kTrip);
    // A parent, a student, and a teacher of the school who does not lead the trip.
    CHECK(f.write_form("parent1", form).status == 403);
    CHECK(f.write_form("student1", form).status == 403);
    f.reg("teacher2", "teacher");
    const auto other = f.write_form("teacher2", form);
    CHECK(other.status == 404);  // another class's trip: not even seen
    // A second form for the same trip under another id: refused.
    CHECK(f.write("teacher1", "consent_forms", "another-form", to_fields(form)).status == 400);
    // A hash that is not the text's: refused by the shared rules.
    auto fields = to_fields(form);
    fields["text_hash"] = std::string(64, '0');
    const auto forged = f.write("teacher1", "consent_forms", consent_form_id(kTrip), fields);
    CHECK(forged.status == 400);
    CHECK(problem_of(forged) == "consent_hash_mismatch");
    CHECK(f.write_form("teacher1", form).status == 200);
    // A co-leader named on the trip may write it too.
    CHECK(f.write("teacher1", "trips", kTrip, {{"leaders", json::array({"u-teacher1", f.user_id("teacher2")})}}).status == 200);
    form.bring += "、帽子";
    form.text_hash = consent_text_hash(form);
    CHECK(f.write_form("teacher2", form).status == 200);
    // The co-leader now reads the answers too.
    REQUIRE(f.answer("parent1", "u-parent1", kTrip, "u-student1", form.text_hash).status == 200);
    CHECK(f.pulled("teacher2").count("consents/" + consent_id(kTrip, "u-student1", "u-parent1")));
    // And the form cannot be moved to another trip.
    CHECK(f.write("teacher1", "consent_forms", consent_form_id(kTrip), {{"trip_id", "trip-other"}}).status == 403);
}

TEST_CASE("consent: an answer to an older text is refused; a changed text asks again") {
    Fixture f;
    f.plan(kTrip, 7);
    const auto v1 = f.form(kTrip);
    REQUIRE(f.write_form("teacher1", v1).status == 200);
    REQUIRE(f.answer("parent1", "u-parent1", kTrip, "u-student1", v1.text_hash).status == 200);
    const auto v2 = f.form(kTrip, "湿地步道湿滑；新增：水边活动需穿救生衣");
    REQUIRE(v1.text_hash != v2.text_hash);
    REQUIRE(f.write_form("teacher1", v2).status == 200);
    // The stored answer names v1: it no longer counts for the teachers.
    const auto teacher = f.pulled("teacher1");
    std::vector<Consent> answers;
    for (const auto& [key, fields] : teacher)
        if (key.rfind("consents/", 0) == 0) answers.push_back(consent_from_fields(key.substr(9), fields));
    const auto form = consent_form_from_fields(consent_form_id(kTrip), teacher.at("consent_forms/" + consent_form_id(kTrip)));
    CHECK(consent_state(&form, answers, "u-student1") == ConsentState::unanswered);
    // An answer (or a withdrawal) to v1 sent now is refused as stale ...
    const auto stale = f.answer("parent1", "u-parent1", kTrip, "u-student1", v1.text_hash, ConsentAnswer::withdrawn);
    CHECK(stale.status == 409);
    CHECK(problem_of(stale) == "consent_stale");
    // ... and one to v2 is taken.
    CHECK(f.answer("parent1", "u-parent1", kTrip, "u-student1", v2.text_hash).status == 200);
}

TEST_CASE("consent: withdrawn until the trip starts, closed after") {
    Fixture f;
    f.plan(kTrip, 3);
    const auto form = f.form(kTrip);
    REQUIRE(f.write_form("teacher1", form).status == 200);
    REQUIRE(f.answer("parent1", "u-parent1", kTrip, "u-student1", form.text_hash).status == 200);
    // Before the trip: withdrawn, and given again.
    CHECK(f.answer("parent1", "u-parent1", kTrip, "u-student1", form.text_hash, ConsentAnswer::withdrawn).status == 200);
    CHECK(f.answer("parent1", "u-parent1", kTrip, "u-student1", form.text_hash).status == 200);
    // The trip moves to yesterday: it has started, and answers are closed.
    REQUIRE(f.write("teacher1", "trips", kTrip, {{"date", day_from_today(-1)}}).status == 200);
    const auto late = f.answer("parent1", "u-parent1", kTrip, "u-student1", form.text_hash, ConsentAnswer::withdrawn);
    CHECK(late.status == 403);
    CHECK(problem_of(late) == "consent_closed");
    // Nothing half-written: the stored answer is still the consent.
    const auto p1 = f.pulled("parent1");
    CHECK(p1.at("consents/" + consent_id(kTrip, "u-student1", "u-parent1"))["answer"] == "consented");
    // A trip that starts today at 00:00 is under way already.
    f.plan("trip-today", 0);
    REQUIRE(f.write("teacher1", "trips", "trip-today", {{"start_min", 0}}).status == 200);
    const auto today_form = f.form("trip-today");
    REQUIRE(f.write_form("teacher1", today_form).status == 200);
    CHECK(problem_of(f.answer("parent1", "u-parent1", "trip-today", "u-student1", today_form.text_hash)) == "consent_closed");
    // No form, no answer; a child not taking part, no answer.
    f.plan("trip-noform", 5);
    CHECK(f.answer("parent1", "u-parent1", "trip-noform", "u-student1", form.text_hash).status == 404);
}

TEST_CASE("parent school: teachers and admins curate, every signed-in user reads, nobody edits another's") {
    Fixture f;
    HomeResource r;
    r.title = "研学前的亲子准备";
    r.body = "和孩子一起读行程，准备雨具。";
    r.grade = 7;
    r.topic = ResourceTopic::tour;
    CHECK(f.write("teacher1", "home_resources", "hr-1", to_fields(r)).status == 200);
    CHECK(f.write("admin", "home_resources", "hr-2", to_fields(r)).status == 200);
    CHECK(f.write("parent1", "home_resources", "hr-3", to_fields(r)).status == 403);
    CHECK(f.write("student1", "home_resources", "hr-4", to_fields(r)).status == 403);
    f.reg("teacher2", "teacher");
    CHECK(f.write("teacher2", "home_resources", "hr-1", {{"title", "改掉"}}).status == 403);
    auto bad = to_fields(r);
    bad["url"] = "javascript:alert(1)";
    CHECK(problem_of(f.write("teacher1", "home_resources", "hr-5", bad)) == "not_a_link");
    f.reg("newmum", "parent");  // self-registered, no child: still reads the parent school
    const auto seen = f.pulled("newmum");
    CHECK(seen.count("home_resources/hr-1"));
    CHECK(seen.count("home_resources/hr-2"));
    CHECK(f.write("admin", "home_resources", "hr-1", json::object(), true).status == 200);  // admins moderate
}
