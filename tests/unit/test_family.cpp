// The parents' side in shared/ (zx/tours/family.hpp): SHA-256 against the
// published test vectors, the consent text's digest, where a child stands
// on a form (answers to an old text no longer count), when a trip has
// started, and the record rules both edges run on forms, answers and the
// parent school's resources.
#include "zx/core/china_time.hpp"
#include "zx/core/sha256.hpp"
#include "zx/space/timetable.hpp"
#include "zx/sync/model.hpp"
#include "zx/sync/sync.hpp"
#include "zx/tours/family.hpp"
#include "zx/wire/record_rules.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace zx;
using nlohmann::json;

namespace {

ConsentForm sample_form() {
    ConsentForm f;
    f.trip_id = "trip-1";
    f.itinerary = "8:00 校门口集合，乘大巴前往西湖湿地";
    f.costs = "车费 30 元";
    f.insurance = "学校统一购买意外险";
    f.risks = "湿地步道湿滑";
    f.bring = "水杯、雨衣";
    f.medical = "请说明过敏史";
    f.text_hash = consent_text_hash(f);
    return f;
}

Consent answer(const std::string& student, ConsentAnswer a, const std::string& hash, int64_t at) {
    Consent c;
    c.trip_id = "trip-1";
    c.student_id = student;
    c.answer = a;
    c.text_hash = hash;
    c.signer_name = "李爸爸";
    c.relation = "父亲";
    c.answered_at = at;
    return c;
}

}  // namespace

TEST_CASE("SHA-256: the FIPS 180-4 test vectors, across the block boundaries") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // 56 bytes: the length no longer fits the first padded block.
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1'000'000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("the consent text's digest names the exact text, section by section") {
    const auto f = sample_form();
    CHECK(f.text_hash.size() == 64);
    CHECK_FALSE(validate(f));
    // Moving text from one section to the next is another text.
    auto moved = f;
    moved.costs = "车费 30";
    moved.insurance = " 元学校统一购买意外险";
    CHECK(consent_text_hash(moved) != f.text_hash);
    // One character changed anywhere, or another trip: another digest.
    auto changed = f;
    changed.risks += "。";
    CHECK(consent_text_hash(changed) != f.text_hash);
    auto other_trip = f;
    other_trip.trip_id = "trip-2";
    CHECK(consent_text_hash(other_trip) != f.text_hash);
    // A form whose hash is not its text's is refused, naming the field.
    changed.text_hash = f.text_hash;
    const auto p = validate(changed);
    REQUIRE(p);
    CHECK(p->code == Code::consent_hash_mismatch);
    CHECK(p->field == "text_hash");
    // Written through to_fields the hash is always recomputed.
    CHECK(to_fields(changed)["text_hash"] == consent_text_hash(changed));
    auto empty = ConsentForm{};
    empty.trip_id = "trip-1";
    empty.text_hash = consent_text_hash(empty);
    REQUIRE(validate(empty));
    CHECK(validate(empty)->code == Code::required);
}

TEST_CASE("where a child stands: the latest answer to the current text counts") {
    const auto f = sample_form();
    const std::string now = f.text_hash;
    const std::string old = std::string(64, 'a');
    CHECK(consent_state(nullptr, {}, "s1") == ConsentState::not_asked);
    CHECK(consent_state(&f, {}, "s1") == ConsentState::unanswered);
    std::vector<Consent> answers{answer("s1", ConsentAnswer::consented, now, 10)};
    CHECK(consent_state(&f, answers, "s1") == ConsentState::consented);
    CHECK(consent_state(&f, answers, "s2") == ConsentState::unanswered);  // another child
    answers.push_back(answer("s1", ConsentAnswer::withdrawn, now, 20));
    CHECK(consent_state(&f, answers, "s1") == ConsentState::withdrawn);
    // A second guardian declines later: the latest answer stands.
    answers.push_back(answer("s1", ConsentAnswer::declined, now, 30));
    CHECK(consent_state(&f, answers, "s1") == ConsentState::declined);
    // Answers to an older text do not count: the changed text asks again.
    std::vector<Consent> stale{answer("s1", ConsentAnswer::consented, old, 40)};
    CHECK(consent_state(&f, stale, "s1") == ConsentState::unanswered);
    // Ids: one per trip, child and guardian, and valid record ids for the longest trip id.
    const std::string trip(40, 't');
    CHECK(model::valid_id(consent_id(trip, "u-student1", "u-parent1")));
    CHECK(model::valid_id(consent_form_id(trip)));
    CHECK(consent_id("t", "s1", "p1") != consent_id("t", "s1", "p2"));
    CHECK(consent_id("t", "s1", "p1") == consent_id("t", "s1", "p1"));
}

TEST_CASE("a trip has started from its start time on its day (China's time)") {
    Trip t;
    t.date = "2026-12-10";
    t.start_min = 8 * 60;
    // 2026-12-10 00:00 in China is 2026-12-09 16:00 UTC.
    const int64_t midnight = china::day_start_ms(timetable::to_days(*timetable::parse_date("2026-12-10")));
    CHECK_FALSE(trip_started(t, midnight - 1));
    CHECK_FALSE(trip_started(t, midnight + (8 * 60 - 1) * 60'000));
    CHECK(trip_started(t, midnight + 8 * 60 * 60'000));
    CHECK(trip_started(t, midnight + china::kDayMs + 1));  // the day after, whatever the time
    t.date = "";
    CHECK_FALSE(trip_started(t, midnight));
}

TEST_CASE("record rules of forms, answers and resources, as both edges run them") {
    auto form = to_fields(sample_form());
    CHECK_FALSE(validate_record("consent_forms", form));
    form["risks"] = "改过了";  // the text changed, the hash did not
    REQUIRE(validate_record("consent_forms", form));
    CHECK(validate_record("consent_forms", form)->code == Code::consent_hash_mismatch);

    auto a = to_fields(answer("s1", ConsentAnswer::consented, sample_form().text_hash, 5));
    CHECK_FALSE(validate_record("consents", a));
    auto bad = a;
    bad["answer"] = "maybe";
    REQUIRE(validate_record("consents", bad));
    CHECK(validate_record("consents", bad)->code == Code::unknown_value);
    CHECK(validate_record("consents", bad)->field == "answer");
    bad = a;
    bad["signer_name"] = "";
    REQUIRE(validate_record("consents", bad));
    CHECK(validate_record("consents", bad)->field == "signer_name");
    bad = a;
    bad["text_hash"] = "abc";
    REQUIRE(validate_record("consents", bad));
    CHECK(validate_record("consents", bad)->code == Code::consent_hash_mismatch);
    // Withdrawing needs no signature again.
    auto w = a;
    w["answer"] = "withdrawn";
    w["signer_name"] = "";
    CHECK_FALSE(validate_record("consents", w));

    HomeResource r;
    r.title = "如何陪孩子准备研学";
    r.body = "出发前一起读行程……";
    r.grade = 7;
    r.topic = ResourceTopic::tour;
    CHECK_FALSE(validate_record("home_resources", to_fields(r)));
    auto rf = to_fields(r);
    rf["topic"] = "gossip";
    REQUIRE(validate_record("home_resources", rf));
    CHECK(validate_record("home_resources", rf)->field == "topic");
    r.url = "javascript:alert(1)";
    REQUIRE(validate_record("home_resources", to_fields(r)));
    CHECK(validate_record("home_resources", to_fields(r))->code == Code::not_a_link);
    r.url = "";
    r.body = "";
    REQUIRE(validate_record("home_resources", to_fields(r)));
    r.body = "x";
    r.grade = 13;
    REQUIRE(validate_record("home_resources", to_fields(r)));
    CHECK(validate_record("home_resources", to_fields(r))->code == Code::out_of_range);
}
