// GeoJSON export and GeoJSON/CSV import of bases and routes: exact round
// trips, one error per bad row naming the row, id and problem, and a 50 MB
// file read in reasonable time.
#include "zx/tours/base_io.hpp"
#include "zx/tours/demo_data.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>

using nlohmann::json;
using namespace zx;

namespace {

std::vector<Base> demo_bases() {
    std::ifstream in(ZX_SOURCE_DIR "/assets/demo/bases.tsv", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto bases = parse_bases_tsv(ss.str());
    for (auto& b : bases) add_demo_details(b);
    return bases;
}

Base base(std::string id, double lat, double lon) {
    Base b;
    b.id = std::move(id);
    b.name = "测试基地 " + b.id;
    b.category = BaseCategory::science;
    b.level = BaseLevel::provincial;
    b.city = "杭州市";
    b.lat = lat;
    b.lon = lon;
    return b;
}

json feature_of(const Base& b) { return json::parse(to_geojson({b}, {}))["features"][0]; }

std::string collection(const std::vector<std::string>& features) {
    std::string s = R"({"type":"FeatureCollection","features":[)";
    for (size_t i = 0; i < features.size(); ++i) s += (i ? "," : "") + features[i];
    return s + "]}";
}

// Asserts the report's errors are exactly these (row, id, message fragment).
struct Expect {
    size_t row;
    std::string id;
    std::string fragment;
};
void check_errors(const ImportReport& r, const std::vector<Expect>& want) {
    CHECK(r.errors.size() == want.size());
    for (size_t i = 0; i < std::min(r.errors.size(), want.size()); ++i) {
        INFO("error " << i << ": row " << r.errors[i].row << " id " << r.errors[i].id << ": " << r.errors[i].message);
        CHECK(r.errors[i].row == want[i].row);
        CHECK(r.errors[i].id == want[i].id);
        CHECK(r.errors[i].message.find(want[i].fragment) != std::string::npos);
    }
}

std::vector<std::string> ids(const std::vector<Base>& bases) {
    std::vector<std::string> out;
    for (const auto& b : bases) out.push_back(b.id);
    return out;
}

}  // namespace

TEST_CASE("GeoJSON export: a FeatureCollection with [lon, lat] points and route lines through their stops") {
    const auto a = base("a", 30.25, 120.125);
    const auto b = base("b", 29.5, 121.75);
    Route r{"r1", "一日线", "说明", {{"a", 540, 600, "观察", 0, "bus"}, {"b", 660, 720, "", 50, "bus"}}};
    Route lone{"r2", "单站", "", {{"a", 540, 600, "", 0, ""}}};
    const auto j = json::parse(to_geojson({a, b}, {r, lone}));
    CHECK(j["type"] == "FeatureCollection");
    REQUIRE(j["features"].size() == 4);
    const auto& fa = j["features"][0];
    CHECK(fa["type"] == "Feature");
    CHECK(fa["id"] == "a");
    CHECK(fa["geometry"] == json{{"type", "Point"}, {"coordinates", {120.125, 30.25}}});
    CHECK(fa["properties"]["kind"] == "base");
    CHECK(fa["properties"]["category"] == "science");
    CHECK_FALSE(fa["properties"].contains("lat"));
    const auto& fr = j["features"][2];
    CHECK(fr["id"] == "r1");
    CHECK(fr["geometry"] == json{{"type", "LineString"}, {"coordinates", {{120.125, 30.25}, {121.75, 29.5}}}});
    CHECK(fr["properties"]["kind"] == "route");
    CHECK(fr["properties"]["stops"][1]["travel_min"] == 50);
    CHECK(j["features"][3]["geometry"].is_null());  // one position is no LineString
}

TEST_CASE("GeoJSON round trip: export then import gives the same bases and routes, bit for bit") {
    auto bases = demo_bases();
    REQUIRE(bases.size() > 100);
    bases[0].rating = 4.3;
    bases[0].rating_count = 7;
    bases[0].rating_detail = {4.1, 4.6, 3.9, 4.0};
    bases[1].lat = 30.1 + 0.2;  // 30.300000000000001: needs all 17 digits
    bases[1].lon = 120.0 + 1.0 / 3.0;
    bases[2].photos = {"https://example.org/a.jpg"};
    bases[2].status = BaseStatus::suspended;
    bases[2].status_reason = "整改中, \"安全\"检查";
    bases[3].status = BaseStatus::delisted;
    bases[3].status_reason = "撤销";
    std::vector<Route> routes{
        {"route-1", "西湖一日", "上午湿地，下午博物馆",
         {{bases[0].id, 510, 600, "观察水鸟", 0, "bus"}, {bases[5].id, 660, 720, "午餐", 35, "walk"},
          {bases[9].id, 780, 900, "", 20, "bus"}}},
        {"route-2", "外部", "", {{"elsewhere", 480, 540, "", 0, ""}, {bases[4].id, 600, 660, "", 30, "bus"}}},
        {"route-3", "空", "", {}},
    };
    const auto text = to_geojson(bases, routes);
    ImportOptions opt;
    opt.known_base_ids = {"elsewhere"};
    const auto r = import_geojson(text, opt);
    check_errors(r, {});
    CHECK_FALSE(r.fatal);
    CHECK(r.rows_seen == bases.size() + routes.size());
    CHECK(r.bases == bases);
    CHECK(r.routes == routes);
    REQUIRE(r.base_fields.size() == bases.size());
    CHECK(r.base_fields[0].size() == 26);  // every field of the JSON form
    // And again: the export of the import is the same text.
    CHECK(to_geojson(r.bases, r.routes) == text);
}

TEST_CASE("GeoJSON import: every bad row gets one error naming row, id and problem; good rows are kept") {
    const auto good = feature_of(base("good-1", 30.25, 120.125));
    auto with = [&](const std::string& id, const std::function<void(json&)>& edit) {
        json f = good;
        f["id"] = id;
        edit(f);
        return f.dump();
    };
    std::vector<std::string> fs{
        good.dump(),                                                                           // 0
        R"({"type":"Feature","id":"nan-lat","geometry":{"type":"Point","coordinates":[120.1,NaN]},"properties":{"name":"x","category":"nature","level":"national"}})",  // 1
        with("str-lon", [](json& f) { f["geometry"]["coordinates"][0] = "120.1"; }),          // 2
        with("range", [](json& f) { f["geometry"]["coordinates"] = {200.0, 95.0}; }),         // 3
        with("swapped", [](json& f) { f["geometry"]["coordinates"] = {30.2, 120.1}; }),       // 4
        with("paris", [](json& f) { f["geometry"]["coordinates"] = {2.35, 48.85}; }),         // 5
        good.dump(),                                                                           // 6: duplicate
        with("zoo", [](json& f) { f["properties"]["category"] = "zoo"; }),                    // 7
        with("labels", [](json& f) {                                                           // 8: good
            f["properties"]["category"] = "自然生态";
            f["properties"]["level"] = "国家级";
            f["properties"]["status"] = "暂停开放";
        }),
        with("no-name", [](json& f) { f["properties"].erase("name"); }),                      // 9
        with("line", [](json& f) { f["geometry"] = {{"type", "LineString"}, {"coordinates", {{120, 30}, {121, 30}}}}; }),  // 10
        R"({"type":"Feature","id":"route-ok","geometry":null,"properties":{"kind":"route","name":"r","stops":[{"base_id":"good-1"},{"base_id":"labels"},{"base_id":"on-server"}]}})",  // 11
        R"({"type":"Feature","id":"route-bad","geometry":null,"properties":{"kind":"route","name":"r","stops":[{"base_id":"good-1"},{"base_id":"zoo"}]}})",  // 12: zoo was refused
        R"({"type":"Feature","id":"inf-lon","geometry":{"type":"Point","coordinates":[-Infinity,30]},"properties":{"name":"x","category":"nature","level":"national"}})",  // 13
        with("null-coord", [](json& f) { f["geometry"]["coordinates"][1] = nullptr; }),       // 14
        with("no-geom", [](json& f) { f.erase("geometry"); }),                                 // 15
        R"({"type":"Feature","geometry":{"type":"Point","coordinates":[120,30]},"properties":{"name":"x","category":"nature","level":"national"}})",  // 16: no id
        R"({"type":"Feature","id":"route-point","geometry":{"type":"Point","coordinates":[120,30]},"properties":{"kind":"route","name":"r","stops":[]}})",  // 17
        with("bad-level", [](json& f) { f["properties"]["level"] = "县级"; }),                // 18
        with("grades", [](json& f) { f["properties"]["grade_min"] = 9, f["properties"]["grade_max"] = 3; }),  // 19
        R"({"type":"Feature","id":"route-bad","geometry":null,"properties":{"kind":"route","name":"again","stops":[]}})",  // 20: duplicate route
        R"([1,2])",                                                                            // 21
    };
    ImportOptions opt;
    opt.known_base_ids = {"on-server"};
    const auto r = import_geojson(collection(fs), opt);
    CHECK_FALSE(r.fatal);
    CHECK(r.rows_seen == fs.size());
    CHECK(ids(r.bases) == std::vector<std::string>{"good-1", "labels"});
    CHECK(r.bases[1].category == BaseCategory::nature);
    CHECK(r.bases[1].level == BaseLevel::national);
    CHECK(r.bases[1].status == BaseStatus::closed);
    REQUIRE(r.routes.size() == 1);
    CHECK(r.routes[0].id == "route-ok");
    check_errors(r, {
                        {1, "nan-lat", "latitude is NaN"},
                        {2, "str-lon", "longitude must be a number, not the string \"120.1\""},
                        {3, "range", "latitude"},
                        {4, "swapped", "latitude and longitude look swapped"},
                        {5, "paris", "outside the import region China"},
                        {6, "good-1", "duplicate base id \"good-1\" (first at row 0)"},
                        {7, "zoo", "unknown category \"zoo\""},
                        {9, "no-name", "missing required field \"name\""},
                        {10, "line", "must be a Point, not LineString"},
                        {12, "route-bad", "stops[1]: unknown base \"zoo\""},
                        {13, "inf-lon", "longitude is -Infinity"},
                        {14, "null-coord", "latitude must be a number, not null"},
                        {15, "no-geom", "must be a Point, not missing/null"},
                        {16, "", "missing required field \"id\""},
                        {17, "route-point", "must be a LineString (or null), not Point"},
                        {18, "bad-level", "unknown level \"县级\""},
                        {19, "grades", "grade_min"},
                        {20, "route-bad", "duplicate route id"},
                        {21, "", "a feature must be a JSON object"},
                    });
    CHECK(r.errors[2].message.find("outside -90..90") != std::string::npos);
}

TEST_CASE("GeoJSON import: a file that cannot be read gives one fatal error and no rows") {
    SUBCASE("invalid JSON names the byte position") {
        const std::string text = R"({"type":"FeatureCollection","features":[{"type":"Feature",}]})";
        const auto r = import_geojson(text);
        CHECK(r.fatal);
        CHECK(r.bases.empty());
        CHECK(r.rows_seen == 0);
        REQUIRE(r.errors.size() == 1);
        const auto at = text.find(",}") + 2;  // the parser has read the '}'
        CHECK(r.errors[0].message.starts_with("invalid JSON at byte " + std::to_string(at) + ":"));
        // A quoted NaN before the error does not move the position reported.
        const std::string with_nan = R"({"x":NaN,"type":"FeatureCollection","features":[{"type":"Feature",}]})";
        const auto r2 = import_geojson(with_nan);
        REQUIRE(r2.errors.size() == 1);
        CHECK(r2.errors[0].message.starts_with("invalid JSON at byte " + std::to_string(with_nan.find(",}") + 2) + ":"));
    }
    SUBCASE("truncated file") {
        const auto text = to_geojson({base("a", 30, 120), base("b", 30, 121)}, {});
        const auto r = import_geojson(text.substr(0, text.size() / 2));
        CHECK(r.fatal);
        CHECK(r.bases.empty());
        CHECK(r.errors.at(0).message.find("invalid JSON") == 0);
    }
    SUBCASE("not a FeatureCollection") {
        const auto f = feature_of(base("a", 30, 120)).dump();
        auto r = import_geojson(f);
        CHECK(r.fatal);
        CHECK(r.errors.at(0).message.find("\"FeatureCollection\", not \"Feature\"") != std::string::npos);
        CHECK(import_geojson("[" + f + "]").errors.at(0).message.find("not an array") != std::string::npos);
        CHECK(import_geojson(R"({"type":"FeatureCollection","features":{}})").errors.at(0).message ==
              "\"features\" must be an array, not an object");
        CHECK(import_geojson(R"({"type":"FeatureCollection"})").errors.at(0).message.find("no \"features\"") !=
              std::string::npos);
        // A good feature before the problem is not kept either.
        r = import_geojson(R"({"features":[)" + f + R"(],"type":"Topology"})");
        CHECK(r.fatal);
        CHECK(r.bases.empty());
    }
    SUBCASE("over the size limit") {
        ImportOptions opt;
        opt.max_bytes = 100;
        const auto r = import_geojson(to_geojson({base("a", 30, 120)}, {}), opt);
        CHECK(r.fatal);
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].message.find("more than the limit of 100 bytes") != std::string::npos);
        CHECK(import_csv(std::string(101, 'x'), opt).fatal);
    }
    SUBCASE("members other than type and features are skipped; the feature order does not matter") {
        const auto a = base("a", 30, 120);
        const std::string text = R"({"features":[)" + feature_of(a).dump() +
                                 R"(],"bbox":[1,2,3,4],"crs":{"type":"name","properties":{"name":"x","features":[1]}},"type":"FeatureCollection"})";
        const auto r = import_geojson(text);
        CHECK_FALSE(r.fatal);
        CHECK(r.bases == std::vector<Base>{a});
    }
}

TEST_CASE("CSV import: RFC 4180 quoting, BOM, CRLF, labels, lists, and one error per bad line") {
    const std::string csv =
        "\xEF\xBB\xBF"
        "lon, Name ,id,category,level,lat,address,courses,capacity,notes\r\n"             // 1
        "120.125,\"西湖, \"\"湿地\"\" 基地\",c-1,nature,national,30.25,\"多行\r\n地址\",观鸟;植物；水质 ,300,x\r\n"  // 2-3
        "\r\n"                                                                             // 4: blank
        "121.5,宁波科技馆,c-2,科技创新,省级,29.875,,,,\r\n"                                // 5
        "30.2,换位,c-3,nature,national,120.1,,,,\r\n"                                      // 6: swapped
        "121.5,重复,c-1,nature,national,29.8,,,,\r\n"                                      // 7: duplicate
        "NaN,坏经度,c-4,nature,national,29.8,,,,\r\n"                                      // 8
        "121.5,,c-5,nature,national,29.8,,,,\r\n"                                          // 9: no name
        "121.5,多列,c-6,nature,national,29.8,,,,,extra\r\n"                                // 10
        "abc,非数字,c-7,nature,national,29.8,,,,\r\n"                                      // 11
        "121.5,坏等级,c-8,nature,county,29.8,,,,\r\n"                                      // 12
        "121.5,\"引号\"后,c-9,nature,national,29.8,,,,\r\n"                                // 13
        "121.5,容量,c-10,nature,national,29.8,,,lots,\r\n"                                 // 14
        ",,,,,,,,,\r\n"                                                                    // 15: blank
        "2.35,巴黎,c-11,arts,municipal,48.85,,,,\r\n"                                      // 16
        "121.5,最后,c-12,arts,municipal,29.8,,,,\r\n"                                      // 17
        "121.5,\"未闭合,c-13,arts,municipal,29.8,,,,\r\n";                                 // 18
    const auto r = import_csv(csv);
    CHECK_FALSE(r.fatal);
    CHECK(r.rows_seen == 14);
    CHECK(ids(r.bases) == std::vector<std::string>{"c-1", "c-2", "c-12"});
    const auto& b = r.bases[0];
    CHECK(b.name == "西湖, \"湿地\" 基地");
    CHECK(b.address == "多行\r\n地址");
    CHECK(b.courses == std::vector<std::string>{"观鸟", "植物", "水质"});
    CHECK(b.capacity == 300);
    CHECK(b.lat == 30.25);
    CHECK(b.lon == 120.125);
    CHECK(r.bases[1].category == BaseCategory::science);
    CHECK(r.bases[1].level == BaseLevel::provincial);
    CHECK(r.bases[1].address.empty());
    CHECK(r.base_fields[1] == std::vector<std::string>{"lon", "name", "id", "category", "level", "lat"});
    check_errors(r, {
                        {1, "", "unknown column \"notes\" is ignored"},
                        {6, "c-3", "latitude and longitude look swapped"},
                        {7, "c-1", "duplicate base id \"c-1\" (first at row 2)"},
                        {8, "c-4", "longitude is NaN"},
                        {9, "c-5", "missing required field \"name\""},
                        {10, "c-6", "the row has 11 fields, the header has 10"},
                        {11, "c-7", "longitude \"abc\" is not a number"},
                        {12, "c-8", "unknown level \"county\""},
                        {13, "", "text after the closing quote"},
                        {14, "c-10", "capacity \"lots\" is not a whole number"},
                        {16, "c-11", "outside the import region China"},
                        {18, "", "never closed"},
                    });
    CHECK(r.errors[0].warning);
    CHECK_FALSE(r.errors[1].warning);
}

TEST_CASE("CSV import: LF line ends, a last line without newline, and header problems") {
    auto r = import_csv("id,name,category,level,lat,lon,demo,closed_weekdays\nx,甲,arts,municipal,30,120,yes,6;7");
    CHECK(r.errors.empty());
    REQUIRE(r.bases.size() == 1);
    CHECK(r.bases[0].demo);
    CHECK(r.bases[0].closed_weekdays == std::vector<int>{6, 7});
    r = import_csv("\n\nid,name,category,level,lat\nx,甲,arts,municipal,30\n");
    CHECK(r.fatal);
    CHECK(r.errors.at(0).message == "line 3: the header lacks the required column(s) lon");
    r = import_csv("id,name,category,level,lat,lon,ID\n");
    CHECK(r.fatal);
    CHECK(r.errors.at(0).message.find("column \"id\" appears twice") != std::string::npos);
    r = import_csv("");
    CHECK(r.fatal);
    // A quoted field may hold the separator, quotes and line breaks; a
    // quoted empty field is empty.
    r = import_csv("id,name,category,level,lat,lon,safety\r\n\"q\",\"a,b\",\"arts\",\"municipal\",\"30\",\"120\",\"\"\r\n");
    REQUIRE(r.bases.size() == 1);
    CHECK(r.bases[0].name == "a,b");
    CHECK(r.base_fields[0].size() == 6);
}

TEST_CASE("CSV import: a file that is not UTF-8 is refused whole, naming its line (found by fuzzing)") {
    // Once imported as it was, such a name made every later JSON answer that
    // listed the base throw (nlohmann::json writes only UTF-8).
    const std::string header = "id,name,category,level,lat,lon\n";
    auto r = import_csv(header + "ok,甲,arts,municipal,30,120\ngbk,\xD6\xAA\xD0\xD0,arts,municipal,30,120\n");
    CHECK(r.fatal);
    CHECK(r.bases.empty());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.starts_with("line 3: the file is not UTF-8"));
    // What is kept can always be written as JSON.
    r = import_csv(header + "emoji,研学😀,arts,municipal,30,120\n");
    REQUIRE(r.bases.size() == 1);
    CHECK(json::parse(to_geojson(r.bases, {}))["features"][0]["properties"]["name"] == "研学😀");
}

TEST_CASE("a 50 MB GeoJSON file with some bad rows imports in seconds, keeping every valid row") {
    // Built in memory: n bases with long-ish properties; every 997th has its
    // coordinates swapped, every 1499th repeats the previous id.
    const Base proto = [] {
        Base b = base("x", 30, 120);
        b.address = "浙江省杭州市西湖区某某路 100 号，靠近地铁站出口";
        b.courses = {"湿地观察", "水质检测", "植物标本制作", "鸟类识别"};
        b.safety = "请学生全程佩戴安全帽，远离水边，听从讲解员指挥。";
        b.contact = "王** 138****5678";
        return b;
    }();
    const size_t per_feature = feature_of(proto).dump().size() + 2;
    const size_t n = (50u << 20) / per_feature + 1;
    std::vector<Base> all;
    all.reserve(n);
    size_t swapped = 0, dups = 0;
    std::vector<std::string> want_ids;
    for (size_t i = 0; i < n; ++i) {
        Base b = proto;
        b.id = "big-" + std::to_string(i);
        b.lat = 27.0 + static_cast<double>(i % 10007) * 0.0003;
        b.lon = 118.0 + static_cast<double>(i % 9973) * 0.0004;
        bool ok = true;
        if (i % 997 == 5) {
            std::swap(b.lat, b.lon);
            ++swapped;
            ok = false;
        } else if (i % 1499 == 7) {
            b.id = "big-" + std::to_string(i - 1);
            ++dups;
            ok = false;
        }
        if (ok) want_ids.push_back(b.id);
        all.push_back(std::move(b));
    }
    const auto t_export = std::chrono::steady_clock::now();
    const auto text = to_geojson(all, {});
    MESSAGE("to_geojson: " << n << " bases in "
                           << std::chrono::duration<double>(std::chrono::steady_clock::now() - t_export).count() << " s");
    CHECK(text.size() >= 50u << 20);
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = import_geojson(text);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("import_geojson: " << text.size() / (1 << 20) << " MiB, " << n << " features in " << s << " s");
    CHECK_FALSE(r.fatal);
    CHECK(r.rows_seen == n);
    CHECK(r.errors.size() == swapped + dups);
    CHECK(ids(r.bases) == want_ids);
    size_t swapped_seen = 0;
    for (const auto& e : r.errors) swapped_seen += e.message.find("look swapped") != std::string::npos;
    CHECK(swapped_seen == swapped);
    CHECK(r.errors.front().row == 5);

    // The same bases as CSV.
    std::string csv = "id,name,category,level,city,address,lat,lon,courses,safety\n";
    for (const auto& b : r.bases) {
        csv += b.id + "," + b.name + ",science,provincial," + b.city + ",\"" + b.address + "\"," + json(b.lat).dump() +
               "," + json(b.lon).dump() + ",湿地观察;水质检测;植物标本制作;鸟类识别," + b.safety + "\n";
    }
    const auto t1 = std::chrono::steady_clock::now();
    const auto rc = import_csv(csv);
    const double sc = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    MESSAGE("import_csv: " << csv.size() / (1 << 20) << " MiB, " << rc.rows_seen << " rows in " << sc << " s");
    CHECK(rc.errors.empty());
    CHECK(rc.bases.size() == r.bases.size());
    CHECK(rc.bases.back().courses == proto.courses);
}
