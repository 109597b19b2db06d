#include "zx/api.hpp"
#include "zx/base.hpp"
#include "zx/error.hpp"

#include <doctest/doctest.h>
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
    CHECK(parse(with("rating", 4.5)) == sample());
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
