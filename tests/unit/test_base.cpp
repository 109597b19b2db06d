#include "zx/wire/api.hpp"
#include "zx/tours/base.hpp"
#include "zx/core/error.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <nlohmann/json.hpp>

using nlohmann::json;
using namespace zx;

namespace {
Base sample() {
    Base b;
    b.id = "zj-0042";
    b.name = "西湖湿地自然学校";
    b.category = BaseCategory::nature;
    b.level = BaseLevel::provincial;
    b.city = "杭州市";
    b.district = "西湖区";
    b.address = "浙江省杭州市西湖区文教路28号";
    b.lat = 30.27041;
    b.lon = 120.11843;
    b.demo = true;
    return b;
}

Base parse(const std::string& text) {
    Base b;
    from_json(json::parse(text), b);
    return b;
}
}  // namespace

TEST_CASE("a base survives a JSON round trip, for every category and level") {
    for (auto c : all_categories())
        for (auto l : all_levels()) {
            Base b = sample();
            b.category = c;
            b.level = l;
            const json j = b;
            CHECK(j.at("category").get<std::string>() == to_code(c));
            CHECK(j.at("level").get<std::string>() == to_code(l));
            Base back;
            from_json(json::parse(j.dump()), back);
            CHECK(back == b);
        }
}

TEST_CASE("codes and labels are consistent") {
    CHECK(all_categories().size() == 7);
    CHECK(all_levels().size() == 3);
    for (auto c : all_categories()) {
        CHECK(category_from_code(to_code(c)) == c);
        CHECK_FALSE(label(c, true).empty());
        CHECK_FALSE(label(c, false).empty());
    }
    for (auto l : all_levels()) CHECK(level_from_code(to_code(l)) == l);
    CHECK(label(BaseCategory::red, true) == "红色教育");
    CHECK(label(BaseLevel::national, true) == "国家级");
    CHECK_FALSE(category_from_code("Nature").has_value());
    CHECK_FALSE(level_from_code("").has_value());
}

TEST_CASE("reading a base rejects bad input with a message that names it") {
    const std::string good = json(sample()).dump();
    auto with = [&](const char* key, json value) {
        json j = json::parse(good);
        j[key] = std::move(value);
        return j.dump();
    };
    auto without = [&](const char* key) {
        json j = json::parse(good);
        j.erase(key);
        return j.dump();
    };
    CHECK_THROWS_WITH_AS(parse(with("category", "museum")), doctest::Contains("unknown category \"museum\""),
                         ValidationError);
    CHECK_THROWS_WITH_AS(parse(with("level", "county")), doctest::Contains("unknown level \"county\""),
                         ValidationError);
    CHECK_THROWS_WITH_AS(parse(with("lat", 200.0)), doctest::Contains("latitude"), ValidationError);
    CHECK_THROWS_WITH_AS(parse(with("lon", "120.1")), doctest::Contains("lon must be a number"), ValidationError);
    CHECK_THROWS_WITH_AS(parse(with("lat", nullptr)), doctest::Contains("lat must be a number"), ValidationError);
    CHECK_THROWS_WITH_AS(parse(with("id", "has space")), doctest::Contains("id"), ValidationError);
    CHECK_THROWS_WITH_AS(parse(with("name", "")), doctest::Contains("name"), ValidationError);
    CHECK_THROWS_AS(parse(with("name", 5)), json::type_error);
    CHECK_THROWS_AS(parse(without("id")), json::out_of_range);
    CHECK_THROWS_AS(parse("[1,2]"), ValidationError);
    // Unknown keys are ignored, so newer servers do not break older clients.
    CHECK(parse(with("visitor_count_2031", 4.5)) == sample());
}

TEST_CASE("a base's details round-trip through JSON, and bad details are named") {
    Base b = sample();
    b.rating = 4.5;
    b.rating_count = 3;
    b.rating_detail = {5, 4, 4.5, 3};
    b.capacity = 300;
    b.grade_min = 4;
    b.grade_max = 9;
    b.open_min = 510;
    b.close_min = 1020;
    b.closed_weekdays = {1};
    b.closed_dates = {"2026-10-01"};
    b.courses = {"湿地生态观察", "水质检测"};
    b.safety = "注意防滑";
    b.contact = mask_contact("王老师 13812345678");
    b.photos = {"https://example.org/a.jpg"};
    b.status = BaseStatus::full;
    b.status_reason = "国庆包场";
    json j = b;
    CHECK(j.get<Base>() == b);
    // A record from sync: null columns are defaults.
    json fields = j;
    fields.erase("id");
    fields["courses"] = nullptr;
    fields["status"] = nullptr;
    const Base r = base_from_fields(b.id, fields);
    CHECK(r.courses.empty());
    CHECK(r.status == BaseStatus::open);
    CHECK(r.capacity == 300);

    auto bad = [&](const char* key, json v) {
        json x = j;
        x[key] = std::move(v);
        return x.dump();
    };
    CHECK_THROWS_WITH_AS(parse(bad("grade_min", 10)), doctest::Contains("grade"), ValidationError);
    CHECK_THROWS_WITH_AS(parse(bad("grade_max", 13)), doctest::Contains("grade"), ValidationError);
    CHECK_THROWS_WITH_AS(parse(bad("open_min", 1100)), doctest::Contains("opening hours"), ValidationError);
    CHECK_THROWS_WITH_AS(parse(bad("closed_weekdays", json::array({8}))), doctest::Contains("closed_weekdays"),
                         ValidationError);
    CHECK_THROWS_WITH_AS(parse(bad("closed_dates", json::array({"2026-02-30"}))), doctest::Contains("2026-02-30"),
                         ValidationError);
    CHECK_THROWS_WITH_AS(parse(bad("photos", json::array({"javascript:alert(1)"}))), doctest::Contains("photos"),
                         ValidationError);
    CHECK_THROWS_WITH_AS(parse(bad("status", "gone")), doctest::Contains("unknown status"), ValidationError);
    CHECK_THROWS_WITH_AS(parse(bad("capacity", "many")), doctest::Contains("capacity has the wrong type"),
                         ValidationError);
    CHECK_THROWS_WITH_AS(parse(bad("rating", 7)), doctest::Contains("rating"), ValidationError);
}

TEST_CASE("a base's whole numbers: integers in range and 800.0 are read, anything else is the field's wrong type") {
    json j = sample();
    auto with = [&](const char* key, json v) {
        json x = j;
        x[key] = std::move(v);
        return x.dump();
    };
    CHECK(parse(with("capacity", 800.0)).capacity == 800);  // as spreadsheets export whole numbers
    CHECK(parse(with("closed_weekdays", json::array({6.0, 7}))).closed_weekdays == std::vector<int>{6, 7});
    // Once read with nlohmann's get<int>(): 2^33 + 300 wrapped to 300, and a
    // float beyond int's range was undefined behaviour (found by fuzzing the
    // GeoJSON import; a pushed base reaches the same reader).
    CHECK_THROWS_WITH_AS(parse(with("capacity", (int64_t{1} << 33) + 300)), doctest::Contains("capacity has the wrong type"),
                         ValidationError);
    CHECK_THROWS_WITH_AS(parse(with("grade_min", 3.9e90)), doctest::Contains("grade_min has the wrong type"), ValidationError);
    CHECK_THROWS_WITH_AS(parse(with("open_min", 540.5)), doctest::Contains("open_min has the wrong type"), ValidationError);
    CHECK_THROWS_WITH_AS(parse(with("closed_weekdays", json::array({1e300}))), doctest::Contains("closed_weekdays has the wrong type"),
                         ValidationError);
    CHECK_THROWS_WITH_AS(parse(with("rating_count", json::parse("18446744073709551615"))),
                         doctest::Contains("rating_count has the wrong type"), ValidationError);
}

TEST_CASE("contacts are masked before they reach everyone") {
    CHECK(mask_contact("王老师 13812345678") == "王** 138****5678");
    CHECK(mask_contact("0571-88776655") == "****-887****6655");
    CHECK(mask_contact("Li Ming +86 13912345678") == "L* M*** +** 139****5678");
    CHECK(mask_contact("li.ming@example.org") == "l*.****@*******.***");
    CHECK(mask_contact("") == "");
    // No run of the original digits longer than 4 survives in the middle.
    CHECK(mask_contact("13812345678").find("1234") == std::string::npos);
}

TEST_CASE("each base filter narrows the set, and all of them together") {
    Base a = sample();  // nature, national
    a.rating = 4.6;
    a.grade_min = 4;
    a.grade_max = 9;
    a.closed_weekdays = {1};
    a.closed_dates = {"2026-10-01"};
    BaseFilter f;
    CHECK(matches(a, f));

    f = {};
    f.categories = 1u << static_cast<unsigned>(BaseCategory::nature);
    CHECK(matches(a, f));
    f.categories = 1u << static_cast<unsigned>(BaseCategory::red);
    CHECK_FALSE(matches(a, f));

    f = {};
    f.levels = 1u << static_cast<unsigned>(a.level);
    CHECK(matches(a, f));
    f.levels = ~f.levels & 7u;
    CHECK_FALSE(matches(a, f));

    f = {};
    f.min_rating = 4.5;
    CHECK(matches(a, f));
    f.min_rating = 4.7;
    CHECK_FALSE(matches(a, f));

    f = {};
    f.grade = 9;
    CHECK(matches(a, f));
    f.grade = 10;
    CHECK_FALSE(matches(a, f));

    f = {};
    f.open_date = "2026-11-24";  // a Tuesday
    CHECK(matches(a, f));
    f.open_date = "2026-11-23";  // a Monday: closed
    CHECK_FALSE(matches(a, f));
    f.open_date = "2026-10-01";  // a closed date (Thursday)
    CHECK_FALSE(matches(a, f));
    a.status = BaseStatus::closed;
    f.open_date = "2026-11-24";
    CHECK_FALSE(matches(a, f));
    a.status = BaseStatus::open;

    f = {};
    f.near = geo::LatLon{a.lat + 0.05, a.lon};  // about 5.6 km north
    f.radius_km = 6;
    CHECK(matches(a, f));
    f.radius_km = 5;
    CHECK_FALSE(matches(a, f));

    f = {};
    f.query = a.name;
    CHECK(matches(a, f));
    f.query = "不存在的名字";
    CHECK_FALSE(matches(a, f));

    // Delisted bases never match; suspended ones stay on the map but cannot be planned.
    f = {};
    a.status = BaseStatus::delisted;
    CHECK_FALSE(matches(a, f));
    CHECK_FALSE(plannable(a));
    a.status = BaseStatus::suspended;
    CHECK(matches(a, f));
    CHECK_FALSE(plannable(a));

    CHECK(validate(BaseFilter{}) == std::nullopt);
    BaseFilter bad;
    bad.open_date = "2026-13-01";
    CHECK(validate(bad)->message.find("2026-13-01") != std::string::npos);
    bad = {};
    bad.near = geo::LatLon{30, 120};
    CHECK(validate(bad)->message.find("radius") != std::string::npos);
    bad.near = geo::LatLon{std::nan(""), 120};
    bad.radius_km = 5;
    CHECK(validate(bad).has_value());
}

TEST_CASE("matches_query finds bases by name, region, address and category") {
    const Base b = sample();
    CHECK(matches_query(b, ""));
    CHECK(matches_query(b, "   "));
    CHECK(matches_query(b, "西湖"));
    CHECK(matches_query(b, "杭州 湿地"));
    CHECK(matches_query(b, "文教路"));
    CHECK(matches_query(b, "自然生态"));
    CHECK(matches_query(b, "NATURE"));
    CHECK(matches_query(b, "zj-0042"));
    CHECK(matches_query(b, "省级"));
    CHECK_FALSE(matches_query(b, "宁波"));
    CHECK_FALSE(matches_query(b, "杭州 宁波"));
}

TEST_CASE("API types have the documented JSON shapes") {
    const json e = api::Error{api::code::not_found, "no base"};
    CHECK(e.dump() == R"({"error":{"code":"not_found","message":"no base"}})");
    api::Error back;
    from_json(e, back);
    CHECK(back.message == "no base");

    api::BaseList list;
    list.bases = {sample(), sample()};
    list.bases[1].id = "zj-0043";
    list.demo = true;
    const json j = list;
    CHECK(j.at("count") == 2);
    api::BaseList list2;
    from_json(json::parse(j.dump()), list2);
    CHECK(list2.bases == list.bases);
    CHECK(list2.demo);

    api::Health h;
    h.version = "1.2.3";
    h.schema_version = 4;
    h.bases = 240;
    api::Health h2;
    from_json(json(h), h2);
    CHECK(h2.version == "1.2.3");
    CHECK(h2.schema_version == 4);
    CHECK(h2.bases == 240);
}
