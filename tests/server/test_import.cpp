// GeoJSON export and GeoJSON/CSV import of bases and routes over real HTTP on
// loopback, against an in-process server with a real SQLite file and the
// demo accounts: the report row by row, what becomes visible (list and sync),
// who may import, bodies that are refused whole, and a 50 MB file.
#include "base_import.hpp"
#include "raw_http.hpp"
#include "seed.hpp"
#include "server.hpp"
#include "server_fixture.hpp"

#include "zx/wire/api.hpp"
#include "zx/tours/base_io.hpp"
#include "zx/tours/demo_data.hpp"
#include "zx/sync/schema.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <thread>
#include <tuple>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace zx;

namespace {

struct Reply {
    int status = 0;
    std::string content_type;
    std::string raw;
    json body;
};

// One request on its own connection, waiting up to `timeout_s` for each read
// (the shared raw_http client waits 10 s; a 50 MB import may need longer on a
// slow machine).
Reply post(unsigned short port, const std::string& path, const std::string& content_type, const std::string& body,
           const std::string& token, int timeout_s = 10) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    timeval tv{timeout_s, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    std::string req = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
    if (!content_type.empty()) req += "Content-Type: " + content_type + "\r\n";
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    for (size_t off = 0; off < req.size();) {
        const ssize_t n = ::send(fd, req.data() + off, req.size() - off, MSG_NOSIGNAL);
        if (n <= 0) break;  // the server may answer (413) and close before reading everything
        off += static_cast<size_t>(n);
    }
    std::string in;
    char buf[65536];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) in.append(buf, static_cast<size_t>(n));
    ::close(fd);
    Reply r;
    const auto end = in.find("\r\n\r\n");
    if (in.size() < 12 || end == std::string::npos) return r;
    r.status = std::atoi(in.c_str() + 9);
    std::string head = in.substr(0, end);
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (const auto p = head.find("\r\ncontent-type: "); p != std::string::npos)
        r.content_type = head.substr(p + 16, head.find("\r\n", p + 2) - p - 16);
    r.raw = in.substr(end + 4);
    r.body = json::parse(r.raw, nullptr, false);
    return r;
}

// The one test server (server_fixture.hpp) with the demo data, an admin, a
// teacher and base staff signed in.
struct Fixture : zx::test::ServerFixture {
    const std::vector<Base>& demo = file_bases;

    Fixture() : ServerFixture(Options{.real_clock = true}) {
        for (const auto& [user, pw] : {std::pair{"admin", "demo-admin-1"}, std::pair{"teacher1", "demo-teacher-1"},
                                       std::pair{"staff1", "demo-staff-1"}})
            login(user, pw);
    }

    Reply import(const std::string& body, const std::string& type = "application/geo+json",
                 const std::string& user = "admin", const std::string& query = "", int timeout_s = 10) {
        return ::post(port(), std::string(api::kBasesImportPath) + query, type, body, user.empty() ? "" : tokens.at(user),
                    timeout_s);
    }
    std::map<std::string, Base> listed() {
        const auto r = zx::test::get(port(), api::kBasesPath);
        REQUIRE(r.status == 200);
        api::BaseList list;
        from_json(json::parse(r.body), list);
        std::map<std::string, Base> out;
        for (auto& b : list.bases) out.emplace(b.id, std::move(b));
        return out;
    }
    int64_t max_seq() {
        int64_t v = 0;
        srv->store().read([&](db::Connection& c) { v = server::repo::max_seq(c); });
        return v;
    }
    // Every live record `user` pulls from scratch, by "collection/id".
    std::map<std::string, json> pull(const std::string& user) {
        std::map<std::string, json> out;
        int64_t cursor = 0;
        std::string epoch;
        while (true) {
            const auto r = zx::test::send_json(
                port(), "POST", api::kPullPath,
                json{{"schema_version", schema::latest_version()}, {"cursor", cursor}, {"epoch", epoch}, {"limit", 2000}}
                    .dump(),
                tokens.at(user));
            REQUIRE_MESSAGE(r.status == 200, r.body);
            const auto j = json::parse(r.body);
            for (const auto& rec : j["records"])
                if (!rec["deleted"].get<bool>())
                    out[rec["collection"].get<std::string>() + "/" + rec["id"].get<std::string>()] = rec["fields"];
            cursor = j["cursor"].get<int64_t>();
            epoch = j["epoch"].get<std::string>();
            if (!j["has_more"].get<bool>()) break;
        }
        return out;
    }
};

json point(const std::string& id, double lon, double lat, json props) {
    return {{"type", "Feature"},
            {"id", id},
            {"geometry", {{"type", "Point"}, {"coordinates", {lon, lat}}}},
            {"properties", std::move(props)}};
}

std::string collection(const json& features) {
    return json{{"type", "FeatureCollection"}, {"features", features}}.dump();
}

void check_report_errors(const json& errors, const std::vector<std::tuple<int, std::string, std::string>>& want) {
    REQUIRE(errors.is_array());
    CHECK(errors.size() == want.size());
    for (size_t i = 0; i < std::min(errors.size(), want.size()); ++i) {
        INFO("errors[" << i << "] = " << errors[i].dump());
        CHECK(errors[i]["row"] == std::get<0>(want[i]));
        CHECK(errors[i]["id"] == std::get<1>(want[i]));
        CHECK(errors[i]["message"].get<std::string>().find(std::get<2>(want[i])) != std::string::npos);
    }
}

}  // namespace

TEST_CASE("an admin imports GeoJSON with good and bad rows: exact report, good rows listed and synced") {
    Fixture f;
    const auto before = f.listed();
    const auto& old = before.at("zj-0001");
    const json features = json::array({
        point("imp-1", 120.125, 30.25, {{"name", "新基地"}, {"category", "自然生态"}, {"level", "国家级"}, {"capacity", 150}}),
        point("imp-2", 30.2, 120.1, {{"name", "换位"}, {"category", "nature"}, {"level", "national"}}),
        point("imp-1", 120.5, 30.5, {{"name", "重复"}, {"category", "nature"}, {"level", "national"}}),
        point("imp-3", 120.5, 30.5, {{"name", "未知类别"}, {"category", "zoo"}, {"level", "national"}}),
        // An existing base: only the stated fields change; rating is the server's.
        point("zj-0001", old.lon, old.lat,
              {{"name", "改名基地"}, {"category", to_code(old.category)}, {"level", to_code(old.level)}, {"rating", 5}}),
        {{"type", "Feature"},
         {"id", "imp-route"},
         {"geometry", nullptr},
         {"properties",
          {{"kind", "route"}, {"name", "导入线路"}, {"stops", {{{"base_id", "imp-1"}}, {{"base_id", "zj-0002"}}}}}}},
        {{"type", "Feature"},
         {"id", "bad-route"},
         {"geometry", nullptr},
         {"properties", {{"kind", "route"}, {"name", "坏线路"}, {"stops", {{{"base_id", "imp-3"}}}}}}},
    });
    const auto r = f.import(collection(features));
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    CHECK(r.content_type == "application/json");
    CHECK(r.body["added"] == 1);
    CHECK(r.body["updated"] == 1);
    CHECK(r.body["unchanged"] == 0);
    CHECK(r.body["routes"] == 1);
    CHECK(r.body["rows"] == 7);
    CHECK(r.body["dry_run"] == false);
    check_report_errors(r.body["errors"], {{1, "imp-2", "latitude and longitude look swapped"},
                                           {2, "imp-1", "duplicate base id \"imp-1\" (first at row 0)"},
                                           {3, "imp-3", "unknown category \"zoo\""},
                                           {6, "bad-route", "unknown base \"imp-3\""}});

    const auto after = f.listed();
    CHECK(after.size() == before.size() + 1);
    REQUIRE(after.count("imp-1"));
    CHECK(after.at("imp-1").name == "新基地");
    CHECK(after.at("imp-1").category == BaseCategory::nature);
    CHECK(after.at("imp-1").capacity == 150);
    CHECK(after.at("imp-1").lat == 30.25);
    CHECK_FALSE(after.count("imp-2"));
    CHECK_FALSE(after.count("imp-3"));
    const auto& now = after.at("zj-0001");
    CHECK(now.name == "改名基地");
    CHECK(now.rating == old.rating);  // not taken from the file
    CHECK(now.capacity == old.capacity);
    CHECK(now.courses == old.courses);
    CHECK(now.address == old.address);

    const auto pulled = f.pull("teacher1");
    CHECK(pulled.count("bases/imp-1"));
    CHECK(pulled.at("bases/zj-0001").at("name") == "改名基地");
    CHECK_FALSE(pulled.count("bases/imp-2"));
    CHECK_FALSE(pulled.count("bases/imp-3"));
    REQUIRE(pulled.count("routes/imp-route"));
    CHECK(route_from_fields("imp-route", pulled.at("routes/imp-route")).stops.size() == 2);
    CHECK_FALSE(pulled.count("routes/bad-route"));

    SUBCASE("importing the same file again changes nothing") {
        const auto seq = f.max_seq();
        const auto again = f.import(collection(features));
        REQUIRE(again.status == 200);
        CHECK(again.body["added"] == 0);
        CHECK(again.body["updated"] == 0);
        CHECK(again.body["unchanged"] == 2);
        CHECK(again.body["routes"] == 0);
        CHECK(f.max_seq() == seq);
    }
    SUBCASE("CSV, and a stated field that would break the stored base") {
        // A base whose stored grade_min is above 1: grade_max 1 is fine on
        // its own but not with what is stored.
        const auto it = std::find_if(before.begin(), before.end(),
                                     [](const auto& kv) { return kv.first != "zj-0001" && kv.second.grade_min > 1; });
        REQUIRE(it != before.end());
        const Base& target = it->second;
        const std::string csv =
            "id,name,category,level,lat,lon,grade_max,courses,notes\r\n"
            "csv-1,\"CSV 基地, 一\",科技创新,省级,29.875,121.5,,航模；编程,x\r\n" +
            target.id + ",改名二," + std::string(to_code(target.category)) + "," + std::string(to_code(target.level)) +
            "," + json(target.lat).dump() + "," + json(target.lon).dump() + ",1,,\r\n";
        const auto c = f.import(csv, "text/csv; charset=utf-8");
        REQUIRE_MESSAGE(c.status == 200, c.raw);
        CHECK(c.body["added"] == 1);
        CHECK(c.body["updated"] == 0);
        CHECK(c.body["rows"] == 2);
        check_report_errors(c.body["errors"],
                            {{1, "", "unknown column \"notes\""}, {3, target.id, "with the stored fields of base"}});
        CHECK(c.body["errors"][0]["warning"] == true);
        const auto l = f.listed();
        CHECK(l.at("csv-1").name == "CSV 基地, 一");
        CHECK(l.at("csv-1").courses == std::vector<std::string>{"航模", "编程"});
        CHECK(l.at(target.id).name == target.name);
        CHECK(l.at(target.id).grade_max == target.grade_max);
    }
    SUBCASE("a dry run reports and writes nothing") {
        const auto seq = f.max_seq();
        const auto d = f.import(collection(json::array({point("dry-1", 120.0, 30.0,
                                                              {{"name", "试"}, {"category", "arts"}, {"level", "municipal"}})})),
                                "application/json", "admin", "?dry_run=1");
        REQUIRE_MESSAGE(d.status == 200, d.raw);
        CHECK(d.body["added"] == 1);
        CHECK(d.body["dry_run"] == true);
        CHECK(f.max_seq() == seq);
        CHECK_FALSE(f.listed().count("dry-1"));
    }
}

TEST_CASE("only admins may import") {
    Fixture f;
    const auto seq = f.max_seq();
    const auto body = collection(json::array({point("x-1", 120.0, 30.0, {{"name", "x"}, {"category", "arts"}, {"level", "municipal"}})}));
    auto r = f.import(body, "application/geo+json", "");
    CHECK(r.status == 401);
    CHECK(r.body["error"]["code"] == "unauthorized");
    for (const char* user : {"teacher1", "staff1"}) {
        r = f.import(body, "application/geo+json", user);
        CHECK(r.status == 403);
        CHECK(r.body["error"]["code"] == "forbidden");
    }
    const auto g = zx::test::get(f.port(), api::kBasesImportPath);
    CHECK(g.status == 405);
    CHECK(f.max_seq() == seq);
    CHECK_FALSE(f.listed().count("x-1"));
}

TEST_CASE("export round trip over HTTP: GET bases.geojson, import it back, nothing changes") {
    Fixture f;
    const auto r = zx::test::get(f.port(), api::kBasesGeoJsonPath);
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "application/geo+json");
    const auto report = import_geojson(r.body);
    CHECK(report.errors.empty());
    std::vector<Base> listed;
    for (auto& [id, b] : f.listed()) listed.push_back(b);
    CHECK(report.bases == listed);
    CHECK(report.bases.size() == f.demo.size());
    const auto j = json::parse(r.body);
    const auto& g = j["features"][0]["geometry"];
    CHECK(g["coordinates"] == json{listed[0].lon, listed[0].lat});

    const auto seq = f.max_seq();
    const auto back = f.import(r.body);
    REQUIRE_MESSAGE(back.status == 200, back.raw);
    CHECK(back.body["added"] == 0);
    CHECK(back.body["updated"] == 0);
    CHECK(back.body["unchanged"] == f.demo.size());
    CHECK(back.body["errors"].empty());
    CHECK(f.max_seq() == seq);

    // A route imported shows up in the export as a line through its stops.
    const json route{{"type", "Feature"},
                     {"id", "line-1"},
                     {"geometry", nullptr},
                     {"properties",
                      {{"kind", "route"}, {"name", "线"}, {"stops", {{{"base_id", listed[0].id}}, {{"base_id", listed[1].id}}}}}}};
    REQUIRE(f.import(collection(json::array({route}))).body["routes"] == 1);
    const auto e = import_geojson(zx::test::get(f.port(), api::kBasesGeoJsonPath).body);
    REQUIRE(e.routes.size() == 1);
    CHECK(e.routes[0].id == "line-1");
    const auto line = json::parse(zx::test::get(f.port(), api::kBasesGeoJsonPath).body)["features"].back()["geometry"];
    CHECK(line == json{{"type", "LineString"},
                       {"coordinates", {{listed[0].lon, listed[0].lat}, {listed[1].lon, listed[1].lat}}}});
}

TEST_CASE("a body that cannot be read is refused whole: 400 (or 415), nothing written") {
    Fixture f;
    const auto seq = f.max_seq();
    const std::string good_then_broken =
        R"({"type":"FeatureCollection","features":[)" +
        point("ok-1", 120.0, 30.0, {{"name", "x"}, {"category", "arts"}, {"level", "municipal"}}).dump() + ",{\"type\":";
    auto r = f.import(good_then_broken);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "bad_request");
    CHECK(r.body["error"]["message"].get<std::string>().find("GeoJSON import: invalid JSON at byte ") == 0);
    r = f.import("id,name\nx,y\n", "text/csv");
    CHECK(r.status == 400);
    CHECK(r.body["error"]["message"].get<std::string>().find("lacks the required column(s) category, level, lat, lon") !=
          std::string::npos);
    r = f.import(R"({"type":"Feature"})");
    CHECK(r.status == 400);
    r = f.import("", "application/geo+json");
    CHECK(r.status == 400);
    r = f.import("id,name", "text/plain");
    CHECK(r.status == 415);
    CHECK(r.body["error"]["code"] == "unsupported_media_type");
    r = f.import(collection(json::array()), "application/geo+json", "admin", "?force=1");
    CHECK(r.status == 400);
    CHECK(f.max_seq() == seq);
    CHECK_FALSE(f.listed().count("ok-1"));
    // Bodies above 1 MiB stay refused everywhere else.
    r = post(f.port(), api::kPushPath, "application/json", std::string(2 << 20, ' '), f.tokens.at("admin"));
    CHECK(r.status == 413);
}

TEST_CASE("a 50 MB GeoJSON import works and the server keeps serving") {
    Fixture f;
    Base proto;
    proto.name = "大型导入测试基地";
    proto.category = BaseCategory::labor;
    proto.level = BaseLevel::municipal;
    proto.city = "温州市";
    proto.district = "鹿城区";
    proto.address = "浙江省温州市鹿城区某某路 100 号";
    proto.courses = {"农耕体验", "手工制作"};
    // Long safety notes, as real files have.
    for (int i = 0; i < 60; ++i) proto.safety += "注意安全，听从指挥。";
    std::vector<Base> bases;
    const size_t per_feature = to_geojson({proto}, {}).size() - to_geojson({}, {}).size() + 8;
    size_t bytes = 0, bad = 0;
    for (size_t i = 0; bytes < (50u << 20); ++i) {
        Base b = proto;
        b.id = "bulk-" + std::to_string(i);
        b.lat = 28.0 + static_cast<double>(i % 1000) * 0.001;
        b.lon = 120.0 + static_cast<double>(i / 1000) * 0.01;
        if (i % 1000 == 17) {
            std::swap(b.lat, b.lon);
            ++bad;
        }
        bytes += per_feature;
        bases.push_back(std::move(b));
    }
    std::string body = to_geojson(bases, {});
    CHECK(body.size() >= 50u << 20);
    REQUIRE(body.size() < server::kImportMaxBytes);

    std::atomic<bool> done{false};
    std::atomic<int> health_ok{0};
    std::thread poller([&] {
        while (!done) {
            if (zx::test::get(f.port(), api::kHealthPath).status == 200) ++health_ok;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = f.import(body, "application/geo+json", "admin", "", 300);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    done = true;
    poller.join();
    MESSAGE("50 MB import over HTTP: " << body.size() / (1 << 20) << " MiB, " << bases.size() << " features, " << s
                                       << " s; health answered " << health_ok.load() << " times meanwhile");
    REQUIRE_MESSAGE(r.status == 200, r.raw.substr(0, 500));
    CHECK(r.body["added"] == bases.size() - bad);
    CHECK(r.body["errors"].size() == bad);
    CHECK(r.body["rows"] == bases.size());
    CHECK(health_ok > 0);
    const auto h = zx::test::get(f.port(), api::kHealthPath);
    REQUIRE(h.status == 200);
    CHECK(json::parse(h.body)["bases"] == f.demo.size() + bases.size() - bad);
}

TEST_CASE("imported contacts reach base_contacts (masked on the base); a closing status needs a reason") {
    Fixture f;
    const std::string phone = "13812345678";
    const json features = json::array({
        point("imp-c1", 120.125, 30.25,
              {{"name", "联系人基地"}, {"category", "nature"}, {"level", "provincial"}, {"contact", "陈老师 " + phone},
               {"status", "suspended"}, {"status_reason", "台风过后修缮栈道"}}),
        point("imp-c2", 120.5, 30.5, {{"name", "无理由下架"}, {"category", "arts"}, {"level", "municipal"}, {"status", "delisted"}}),
        point("imp-c3", 120.5, 30.75, {{"name", "无理由暂停"}, {"category", "arts"}, {"level", "municipal"}, {"status", "已停用"},
                                       {"status_reason", "  "}}),
        // An existing base gets a contact of its own.
        point("zj-0003", f.demo.at(2).lon, f.demo.at(2).lat,
              {{"name", f.demo.at(2).name}, {"category", to_code(f.demo.at(2).category)},
               {"level", to_code(f.demo.at(2).level)}, {"contact", "接待处 0571-87654321"}}),
    });
    REQUIRE(f.demo.at(2).id == "zj-0003");
    const auto r = f.import(collection(features));
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    CHECK(r.body["added"] == 1);
    CHECK(r.body["contacts"] == 2);
    const auto& errors = r.body["errors"];
    check_report_errors(errors, {{1, "imp-c2", "needs a reason"}, {2, "imp-c3", "needs a reason"}});
    for (const auto& e : errors) CHECK(e["problem"] == "reason_required");

    // The unmasked contact: admins and the base's staff; everyone else sees the masked copy.
    const auto admin = f.pull("admin");
    REQUIRE(admin.count("base_contacts/imp-c1"));
    CHECK(admin.at("base_contacts/imp-c1").at("contact") == "陈老师 " + phone);
    CHECK(admin.at("base_contacts/zj-0003").at("contact") == "接待处 0571-87654321");
    CHECK(f.pull("staff1").at("base_contacts/zj-0003").at("contact") == "接待处 0571-87654321");
    const auto teacher = f.pull("teacher1");
    CHECK_FALSE(teacher.count("base_contacts/imp-c1"));
    CHECK(teacher.at("bases/imp-c1").at("contact") == mask_contact("陈老师 " + phone));
    CHECK(teacher.at("bases/imp-c1").at("contact").get<std::string>().find(phone) == std::string::npos);
    CHECK(teacher.at("bases/imp-c1").at("status") == "suspended");
    CHECK(teacher.at("bases/zj-0003").at("contact") == mask_contact("接待处 0571-87654321"));
    CHECK_FALSE(teacher.count("bases/imp-c2"));
    CHECK_FALSE(teacher.count("bases/imp-c3"));

    // The export hands out masked contacts; importing it back keeps the real ones.
    const auto exported = zx::test::get(f.port(), api::kBasesGeoJsonPath);
    REQUIRE(exported.status == 200);
    const auto seq = f.max_seq();
    const auto back = f.import(exported.body);
    REQUIRE_MESSAGE(back.status == 200, back.raw);
    CHECK(back.body["contacts"] == 0);
    CHECK(back.body["updated"] == 0);
    CHECK(f.max_seq() == seq);
    CHECK(f.pull("admin").at("base_contacts/imp-c1").at("contact") == "陈老师 " + phone);
}
