// The client drawn headless: a real ImGui context with no window and no GPU,
// the real desktop platform layer (HTTP, storage, map), and a real server on
// a free port. Every view is drawn in its empty, typical and very large states.
#include "headless.hpp"
#include "app.hpp"
#include "native.hpp"
#include "map_renderer.hpp"
#include "platform/platform.hpp"
#include "seed.hpp"
#include "server.hpp"
#include "server_fixture.hpp"
#include "messages.hpp"
#include "settings.hpp"
#include "views/views.hpp"

#include "zx/tours/demo_data.hpp"
#include "zx/space/records.hpp"
#include "zx/space/timetable.hpp"
#include "zx/sync/sqlite.hpp"
#include "zx/geo/geo.hpp"

#include <doctest/doctest.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <set>
#include <cmath>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace zx;
using namespace zx::client;
using namespace zx::test;


TEST_CASE("settings JSON: defaults, round trip, forgiving reads") {
    const Settings d;
    CHECK(d.language == Lang::zh);
    CHECK(d.ui_scale == 1.0f);
    Settings s;
    s.language = Lang::en;
    s.ui_scale = 1.5f;
    CHECK(settings_from_json(settings_to_json(s)) == s);
    CHECK(settings_from_json("") == d);
    CHECK(settings_from_json("not json {") == d);
    CHECK(settings_from_json("[1,2,3]") == d);
    // Unknown keys are ignored; ill-typed values fall back to their default.
    const auto mixed = settings_from_json(R"({"language":"en","ui_scale":"big","theme":"dark"})");
    CHECK(mixed.language == Lang::en);
    CHECK(mixed.ui_scale == 1.0f);
    CHECK(settings_from_json(R"({"ui_scale":40})").ui_scale == kMaxUiScale);
    CHECK(settings_from_json(R"({"ui_scale":0.1})").ui_scale == kMinUiScale);
    CHECK(settings_from_json(R"({"language":"fr"})").language == Lang::zh);
}

TEST_CASE("both languages of every text use the same placeholders") {
    for (int i = 0; i < static_cast<int>(S::Count_); ++i) {
        const auto id = static_cast<S>(i);
        auto zh = placeholders(tr(Lang::zh, id)), en = placeholders(tr(Lang::en, id));
        std::sort(zh.begin(), zh.end());
        std::sort(en.begin(), en.end());
        CHECK_MESSAGE(zh == en, tr(Lang::en, id));
    }
    for (const Code c : all_codes()) {
        auto zh = placeholders(tr(Lang::zh, c)), en = placeholders(tr(Lang::en, c));
        std::sort(zh.begin(), zh.end());
        std::sort(en.begin(), en.end());
        CHECK_MESSAGE(zh == en, to_code(c));
        CHECK(std::string(tr(Lang::zh, c)).size() > 0);
    }
    // A problem in words, with its field and parameters, in each language.
    const auto p = problem(Code::too_long, "changes[0].notes/n-1.title", "", {{"max", "200"}});
    CHECK(describe(Lang::zh, p) == "“标题”太长了：最多 200 字节");
    CHECK(describe(Lang::en, p) == "title is too long: at most 200 bytes");
    const auto line = problem(Code::ics_no_start, "DTSTART", "", {{"line", "12"}});
    CHECK(describe(Lang::zh, line) == "第 12 行：事件缺少开始时间（DTSTART）");
    const auto closed = problem(Code::base_closed_weekday, "date", "", {{"base", "湿地学校"}, {"weekday", "1"}, {"date", "2026-12-07"}});
    CHECK(describe(Lang::zh, closed) == "湿地学校 每周一闭馆，2026-12-07 正是周一");
}

TEST_CASE("every UI text exists in both languages") {
    for (int i = 0; i < static_cast<int>(S::Count_); ++i) {
        CHECK(std::string(tr(Lang::zh, static_cast<S>(i))).size() > 0);
        CHECK(std::string(tr(Lang::en, static_cast<S>(i))).size() > 0);
    }
    CHECK(std::string(tr(Lang::zh, S::NavMap)) == "研学地图");
    CHECK(std::string(tr(Lang::en, S::NavMap)) == "Study-tour map");
}

TEST_CASE("empty state: no server reachable") {
    // A port nobody listens on: bind one, then close it.
    TestServer gone({});
    const auto url = gone.url();
    gone.stop();
    Headless h(url, {}, 0, "map");  // the map asks for the public list (the sign-in page does not)
    REQUIRE(h.run_until([&] { return h.state().at("basesStatus") == "error"; }));
    CHECK(h.state().at("server") == "offline");
    CHECK(h.state().at("fontCjk") == true);
    h.draw_every_view();
}

TEST_CASE("typical state: demo bases from the server, selection and search") {
    const auto bases = demo_bases();
    TestServer srv(bases);
    Headless h(srv.url(), {}, 0, "map");
    REQUIRE(h.run_until([&] { return h.state().at("basesStatus") == "ready"; }));
    CHECK(h.state().at("bases") == bases.size());
    CHECK(h.state().at("server") == "online");
    CHECK(h.state().at("demo") == true);
    h.draw_every_view();

    // The map view shows every base on the desktop map.
    h.click("nav:map");
    CHECK(platform::native::map_of(h.platform).marker_count() == bases.size());

    // Picking a base in the list selects it and glides the map to it.
    const auto items = h.state().at("items");
    REQUIRE(items.contains("base:" + bases[2].id));
    h.click("base:" + bases[2].id);
    CHECK(h.state().at("selectedBase") == bases[2].id);
    CHECK(h.state().at("selectedBaseName") == bases[2].name);
    h.frames(120);
    const auto& map = platform::native::map_of(h.platform);
    CHECK(map.center().lat == doctest::Approx(bases[2].lat).epsilon(1e-4));
    CHECK(map.center().lon == doctest::Approx(bases[2].lon).epsilon(1e-4));
    // Zoomed to the base with its neighbours (geo::context_box: 3 to 30 km
    // either side), neither the whole province nor one dot on a blank map.
    CHECK(map.zoom() > 9.0);
    CHECK(map.zoom() < 14.5);

    // What the map draws are the shared clusters of its view; they stand for
    // every base in it, and the selected base is drawn on its own.
    const auto region = h.state().at("items").at("map:region");
    const float cx = region[0].get<float>() + region[2].get<float>() / 2;
    const float cy = region[1].get<float>() + region[3].get<float>() / 2;
    auto screen_of = [&](double lat, double lon) {
        const auto c = geo::project({map.center().lat, map.center().lon}, map.zoom());
        const auto p = geo::project({lat, lon}, map.zoom());
        return std::pair<float, float>{cx + static_cast<float>(p.x - c.x), cy + static_cast<float>(p.y - c.y)};
    };
    auto inside = [&](std::pair<float, float> q) {
        return std::abs(q.first - cx) < region[2].get<float>() / 2 - 40 &&
               std::abs(q.second - cy) < region[3].get<float>() / 2 - 40;
    };
    ImGuiIO& io = ImGui::GetIO();
    auto click_at = [&](std::pair<float, float> q) {
        io.AddMousePosEvent(q.first, q.second);
        h.frame();
        io.AddMouseButtonEvent(0, true);
        h.frame();
        io.AddMouseButtonEvent(0, false);
        h.frames(2);
    };
    bool selected_alone = false;
    for (const auto& m : map.markers()) selected_alone = selected_alone || (m.id == bases[2].id && m.count == 1);
    CHECK(selected_alone);

    // Clicking a cluster zooms in to where it splits.
    h.click("map:search");  // nothing typed: only takes the keyboard away from the list
    const auto* cluster = [&]() -> const platform::MapMarker* {
        for (const auto& m : map.markers())
            if (m.count > 1 && inside(screen_of(m.lat, m.lon))) return &m;
        return nullptr;
    }();
    if (cluster) {
        const int expand = cluster->expansion_zoom;
        click_at(screen_of(cluster->lat, cluster->lon));
        h.frames(120);
        CHECK(map.zoom() >= doctest::Approx(expand).epsilon(1e-2));
    }

    // Clicking a single base on the map picks it.
    std::string target;
    for (const auto& m : map.markers())
        if (m.count == 1 && m.id != bases[2].id && inside(screen_of(m.lat, m.lon))) {
            target = m.id;
            click_at(screen_of(m.lat, m.lon));
            break;
        }
    REQUIRE(!target.empty());
    CHECK(h.state().at("selectedBase") == target);

    // Search narrows list and map to the same set.
    size_t expected = 0;
    for (const auto& b : bases) expected += matches_query(b, "杭州") ? 1 : 0;
    REQUIRE(expected > 0);
    REQUIRE(expected < bases.size());
    h.click("map:search");
    io.AddInputCharactersUTF8("杭州");
    h.frames(3);
    CHECK(h.state().at("query") == "杭州");
    CHECK(h.state().at("shownBases") == expected);
    CHECK(platform::native::map_of(h.platform).marker_count() == expected);
}

TEST_CASE("language switch applies at once and is stored") {
    TestServer srv(demo_bases());
    const fs::path data = temp_dir("settings");
    {
        Headless h(srv.url(), data);
        h.frames(2);
        CHECK(h.state().at("language") == "zh-CN");
        h.click("nav:settings");
        h.click("lang:en");
        CHECK(h.state().at("language") == "en");
        h.frames(2);
        std::ifstream in(data / "settings.json");
        REQUIRE(in.good());
        std::ostringstream ss;
        ss << in.rdbuf();
        CHECK(settings_from_json(ss.str()).language == Lang::en);
    }
    {
        Headless h(srv.url(), data);  // a new start of the app
        h.frames(2);
        CHECK(h.state().at("language") == "en");
    }
    fs::remove_all(data);
}

TEST_CASE("very large state: 20,000 bases stay drawable") {
    const auto bases = many_bases(20000);
    TestServer srv(bases);
    Headless h(srv.url(), {}, 0, "map");
    REQUIRE(h.run_until([&] { return h.state().at("basesStatus") == "ready"; }));
    CHECK(h.state().at("bases") == 20000);
    h.draw_every_view();
    h.click("nav:map");
    // The list is clipped: only visible rows are laid out.
    size_t rows = 0;
    const auto items = h.state().at("items");
    for (const auto& it : items.items()) rows += it.key().rfind("base:", 0) == 0 ? 1 : 0;
    CHECK(rows > 3);
    CHECK(rows < 40);
}

TEST_CASE("desktop: sign in, work offline in the local store, restart, sync when the server returns") {
    TestServer srv(demo_bases(), true);
    const fs::path data = temp_dir("offline");
    const std::string title = "湿地观察 offline";
    {
        Headless h(srv.url(), data);
        h.frames(3);
        h.type("auth:username", "student1");
        h.type("auth:password", "demo-student-1");
        h.click("auth:submit");
        REQUIRE(h.run_until([&] { return h.state().at("sync").at("status") == "synced"; }));
        CHECK(h.state().at("records").at("classes") == 1);

        srv.stop();  // the bus goes into a tunnel
        h.click("nav:knowledge");
        h.click("note:new");
        REQUIRE(h.run_until([&] { return h.state().at("items").contains("note:title"); }));
        h.type("note:title", title);
        h.type("note:body", "白鹭 egrets, 芦苇 reeds");
        h.click("note:save");
        REQUIRE(h.run_until([&] { return !h.state().at("noteNotice").get<std::string>().empty(); }));
        CHECK(h.state().at("sync").at("pending").get<int>() >= 1);
    }
    // The local store is a real SQLite file in the data folder.
    {
        db::Connection c((data / "zhixing-u-student1.sqlite3").string(), true);
        CHECK(c.query("SELECT count(*) FROM notes WHERE title = ?1", json::array({title}))[0][0] == 1);
        CHECK(c.query("SELECT count(*) FROM outbox")[0][0].get<int>() >= 1);
    }
    {
        Headless h(srv.url(), data);  // the app starts again, still offline
        REQUIRE(h.run_until([&] {
            const auto s = h.state();
            return s.at("signedIn") == true && s.contains("notes") && !s.at("notes").empty();
        }));
        CHECK(h.state().at("notes")[0].at("title") == title);
        srv.restart();  // back in range
        REQUIRE(h.run_until([&] {
            const auto s = h.state();
            return s.at("sync").at("status") == "synced" && s.at("sync").at("pending") == 0;
        }));
    }
    // Another device of the same student receives it from the server.
    {
        Headless other(srv.url());
        other.frames(3);
        other.type("auth:username", "student1");
        other.type("auth:password", "demo-student-1");
        other.click("auth:submit");
        REQUIRE(other.run_until([&] {
            const auto s = other.state();
            return s.contains("notes") && !s.at("notes").empty() && s.at("notes")[0].at("title") == title;
        }));
    }
    fs::remove_all(data);
}


TEST_CASE("personal space, typical state: every view, search, flashcards, an activity, the timetable") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    sign_in(h, "student1", "demo-student-1");
    CHECK(count(h, "notes") == 2);
    CHECK(count(h, "activities") == 2);
    CHECK(count(h, "timetable_entries") == 10);
    h.draw_every_view();

    // 知识库: open a note, all three modes, a one-character and a two-character search.
    h.click("nav:knowledge");
    REQUIRE(h.state().at("items").contains("note:note-demo-welcome"));
    h.click("note:note-demo-welcome");
    for (int m = 0; m < 3; ++m) {
        h.click("note:mode:" + std::to_string(m));
        CHECK(h.vertices() > 500);
    }
    auto search = [&](const std::string& q) {
        h.type("kb:search", q);
        REQUIRE(h.run_until([&] { return h.state().at("searched") == q; }));
        std::set<std::string> ids;
        const auto hits = h.state().at("search");
        for (const auto& r : hits) ids.insert(r.at("id").get<std::string>());
        return ids;
    };
    // (std::string, so two literals are not read as an iterator range)
    CHECK(search("长江") == std::set<std::string>{std::string("note-demo-welcome"), std::string("note-demo-geo")});
    h.clear("kb:search", 2);
    CHECK(search("黄") == std::set<std::string>{"note-demo-geo"});
    h.clear("kb:search", 1);
    h.frames(2);

    // Flashcards from the welcome note, then a review.
    h.click("note:note-demo-welcome");
    h.click("note:cards");
    REQUIRE(h.run_until([&] { return count(h, "cards") == 2; }));
    h.click("nav:tools");
    h.click("tool:flashcards");
    REQUIRE(h.state().at("items").contains("card:reveal"));
    h.click("card:reveal");
    h.click("card:grade:3");
    REQUIRE(h.run_until([&] { return count(h, "review_logs") == 1; }));
    for (const char* tool : {"timer", "converter", "calculator", "links"}) {
        h.click(std::string("tool:") + tool);
        CHECK(h.vertices() > 300);
    }

    // 活动库: work through a step, write an answer, submit.
    h.click("nav:activities");
    h.click("activity:act-demo-wetland");
    h.click("step:0");
    h.type("submission:body", "观察到白鹭、苍鹭和小䴙䴘。");
    h.click("submission:submit");
    REQUIRE(h.run_until([&] { return count(h, "submissions") == 1; }));
    REQUIRE(h.run_until([&] { return h.state().at("sync").at("pending") == 0; }));

    // 学习课表: this week's class lessons in the week view, then the day view.
    h.click("nav:timetable");
    CHECK(h.state().at("items").contains("tt:grid"));
    h.click("tt:day");
    CHECK(h.state().at("items").contains("tt:daylist"));
}

TEST_CASE("personal space, bad input: an oversized note and impossible dates write nothing") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    sign_in(h, "student1", "demo-student-1");
    h.click("nav:knowledge");
    h.click("note:note-demo-geo");
    const std::string big(10 * 1024 * 1024, 'x');  // 10 MB
    h.frames(2);
    // The editor buffer is the UI's own; put the 10 MB in it directly, as a paste would.
    h.app.test_ui().knowledge.note.body = big;
    h.app.test_ui().knowledge.note.dirty = true;
    h.frame();
    h.click("note:save");
    const auto notice = h.state().at("noteNotice").get<std::string>();
    CHECK(notice.find("10240 KB") != std::string::npos);
    CHECK(h.app.test_ui().knowledge.note.body.size() == big.size());  // nothing typed is lost
    h.frames(3);
    CHECK(h.state().at("sync").at("pending") == 0);  // and nothing was written

    h.click("nav:timetable");
    const auto before = count(h, "timetable_entries");
    h.click("tt:one_off");
    h.type("tt:title", "不存在的日子");
    h.type("tt:date", "2026-02-30");
    h.click("tt:add");
    h.frames(3);
    CHECK(count(h, "timetable_entries") == before);
}

TEST_CASE("personal space, very large state: thousands of notes and cards stay drawable and searchable") {
    TestServer srv(demo_bases(), true);
    // 4,000 notes and 2,000 cards for student1, written as the server would.
    srv.srv->store().write([&](db::Connection& c) {
        for (int i = 0; i < 4000; ++i)
            server::server_write(c, srv.srv->clock(), "notes", "big-" + std::to_string(i),
                                 {{"owner_id", "u-student1"},
                                  {"title", "笔记 " + std::to_string(i)},
                                  {"body", "第" + std::to_string(i) + "次课 研学 湿地 observation " + std::to_string(i * 7)},
                                  {"created_at", 1790000000000 + i}});
        for (int i = 0; i < 2000; ++i)
            server::server_write(c, srv.srv->clock(), "cards", "bigc-" + std::to_string(i),
                                 {{"owner_id", "u-student1"}, {"front", "Q" + std::to_string(i)}, {"back", "A"}, {"state", 0},
                                  {"due_ms", 0}});
    });
    Headless h(srv.url());
    sign_in(h, "student1", "demo-student-1");
    CHECK(count(h, "notes") == 4002);
    REQUIRE(h.run_until([&] { return !h.state().contains("progress") || h.state().at("progress").is_null(); }));
    h.draw_every_view();
    h.click("nav:knowledge");
    size_t rows = 0;
    const auto items = h.state().at("items");  // (a named copy: the loop must not outlive it)
    for (const auto& it : items.items()) rows += it.key().rfind("note:big-", 0) == 0 ? 1 : 0;
    CHECK(rows > 3);
    CHECK(rows < 60);  // clipped
    h.type("kb:search", "研学");
    REQUIRE(h.run_until([&] { return h.state().at("searched") == "研学"; }));
    CHECK(h.state().at("search").size() == 100);  // capped
    h.click("nav:tools");
    CHECK(h.vertices() > 300);
}

TEST_CASE("a synced change to a base never refits a map the person has panned") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    ImGui::GetIO().DisplaySize = {1280, 1800};  // tall enough for the base's management below its details
    sign_in(h, "staff1", "demo-staff-1");       // staff of zj-0003
    h.click("nav:map");
    REQUIRE(h.state().at("items").contains("base:zj-0003"));
    h.click("base:zj-0003");
    h.frames(120);  // the map glides to the base
    const auto& map = platform::native::map_of(h.platform);
    // The person drags the map away.
    const auto region = h.state().at("items").at("map:region");
    const float cx = region[0].get<float>() + region[2].get<float>() / 2;
    const float cy = region[1].get<float>() + region[3].get<float>() / 2;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(cx, cy);
    h.frame();
    io.AddMouseButtonEvent(0, true);
    h.frame();
    for (int i = 1; i <= 10; ++i) {
        io.AddMousePosEvent(cx + 15.0f * static_cast<float>(i), cy + 8.0f * static_cast<float>(i));
        h.frame();
    }
    io.AddMouseButtonEvent(0, false);
    h.frames(30);
    const auto panned = map.center();
    const auto zoom = map.zoom();
    // The base's staff change its capacity: the synced record changes at once
    // on this device (and again when the server's answer is pulled).
    h.app.test_ui().map.edit_capacity = 123;
    h.click("manage:save");
    REQUIRE(h.run_until([&] { return h.state().at("sync").at("pending") == 0 && h.state().at("sync").at("status") == "synced"; }));
    h.frames(60);
    CHECK(h.state().at("selectedBase") == "zj-0003");
    CHECK(map.center().lat == doctest::Approx(panned.lat).epsilon(1e-9));
    CHECK(map.center().lon == doctest::Approx(panned.lon).epsilon(1e-9));
    CHECK(map.zoom() == doctest::Approx(zoom));
    // And the change went through: the server has it.
    CHECK(srv.get_public(std::string(api::kBasesPath) + "/zj-0003").body.at("capacity") == 123);
}

TEST_CASE("an .ics file imported twice gives its entries once, with ids from its UIDs") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    sign_in(h, "student1", "demo-student-1");
    const size_t before = count(h, "timetable_entries");
    std::ifstream in(fs::path(ZX_SOURCE_DIR) / "tests/fixtures/dingtalk.ics", std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto expected = timetable::from_ics(text, nullptr);
    REQUIRE(expected.problems.empty());
    REQUIRE_FALSE(expected.entries.empty());
    h.click("nav:timetable");

    // The same calendar saved twice (a second download): another name, the same bytes.
    const auto dir = temp_dir("ics");
    fs::copy_file(fs::path(ZX_SOURCE_DIR) / "tests/fixtures/dingtalk.ics", dir / "研学营.ics");
    fs::copy_file(fs::path(ZX_SOURCE_DIR) / "tests/fixtures/dingtalk.ics", dir / "研学营 (1).ics");
    for (const char* name : {"研学营.ics", "研学营 (1).ics"}) {
        CAPTURE(name);
        h.app.test_ui().timetable.import_path = (dir / name).string();
        h.frames(2);
        h.click("tt:import");
        REQUIRE(h.run_until([&] {
            return h.state().at("spaceNotice").get<std::string>().find(name) != std::string::npos;
        }));
        REQUIRE(h.run_until([&] { return h.state().at("sync").at("pending") == 0; }));
        CHECK(count(h, "timetable_entries") == before + expected.entries.size());
    }
    // The records are the entries read, by the ids the import derives from
    // the events' UIDs, for this user.
    const auto store = h.data / "zhixing-u-student1.sqlite3";
    db::Connection c(store.string(), true);
    for (const auto& e : expected.entries) {
        CAPTURE(e.id);
        const auto rows = c.query("SELECT title, start_min, end_min FROM timetable_entries WHERE id = ?1 AND deleted = 0",
                                  json::array({imported_entry_id("u-student1", "", e.id)}));
        REQUIRE(rows.size() == 1);
        CHECK(rows[0][0] == e.title);
        CHECK(rows[0][1] == e.start_min);
        CHECK(rows[0][2] == e.end_min);
    }
    fs::remove_all(dir);
}

TEST_CASE("a parent with two children sees each child's work in the activity view") {
    TestServer srv(demo_bases(), true);
    srv.login("teacher1", "demo-teacher-1");
    srv.login("parent1", "demo-parent-1");
    srv.login("student2", "demo-student-2");
    std::string the_class;
    srv.pull_all("teacher1", [&](const json& rec) {
        if (rec.at("collection") == "classes") the_class = rec.at("id").get<std::string>();
    });
    REQUIRE(!the_class.empty());
    const auto student2 = srv.user_id("student2");
    // The teacher gives the parent a code for a second child, who has handed in work.
    const auto code = srv.post("teacher1", zx::format(api::kGuardianCodesPath, {{"id", the_class}}),
                               json(api::GuardianCodeRequest{student2}));
    REQUIRE_MESSAGE(code.status / 100 == 2, code.raw);
    const auto linked = srv.post("parent1", api::kLinkGuardianPath, {{"code", code.body.at("code")}});
    REQUIRE_MESSAGE(linked.status / 100 == 2, linked.raw);
    srv.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const auto work = srv.write("student2", "submissions", "sub-two-children",
                                {{"activity_id", "act-demo-wetland"}, {"body", "张华的观察记录"}, {"status", "submitted"}});
    REQUIRE_MESSAGE(work.status == 200, work.raw);

    Headless h(srv.url());
    sign_in(h, "parent1", "demo-parent-1");
    h.click("nav:activities");
    h.click("activity:act-demo-wetland");
    // Both children can be picked; 李明 has handed in nothing.
    REQUIRE(h.state().at("items").contains("activity:child"));
    h.app.open_link("/activity/act-demo-wetland/child/u-student1");  // as the child picker does
    h.frames(3);
    CHECK(h.state().at("activity").at("child") == "u-student1");
    CHECK_FALSE(h.state().at("items").contains("submission:status"));
    // The second child's work is there, as that child handed it in.
    h.app.open_link("/activity/act-demo-wetland/child/" + student2);
    h.frames(3);
    CHECK(h.state().at("activity").at("child") == student2);
    CHECK(h.state().at("items").contains("submission:status"));
    bool seen = false;
    const auto state = h.state();  // (kept: a loop over a temporary's member would dangle)
    for (const auto& s : state.at("submissions")) seen = seen || s.at("owner") == student2;
    CHECK(seen);
}
