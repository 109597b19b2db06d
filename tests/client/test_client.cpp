// The client drawn headless: a real ImGui context with no window and no GPU,
// the real desktop platform layer (HTTP, storage, map), and a real server on
// a free port. Every view is drawn in its empty, typical and very large states.
#include "app.hpp"
#include "native.hpp"
#include "map_renderer.hpp"
#include "platform/platform.hpp"
#include "seed.hpp"
#include "server.hpp"
#include "settings.hpp"
#include "views/views.hpp"

#include "zx/tours/demo_data.hpp"
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

namespace {

fs::path temp_dir(const std::string& tag) {
    static std::atomic<int> n{0};
    auto d = fs::temp_directory_path() / ("zx-client-test-" + std::to_string(::getpid()) + "-" + tag + "-" +
                                          std::to_string(n++));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::vector<Base> demo_bases() {
    std::ifstream in(fs::path(ZX_SOURCE_DIR) / "assets/demo/bases.tsv", std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_bases_tsv(ss.str());
}

// Many distinct bases spread over Zhejiang, for the "very large" state.
std::vector<Base> many_bases(size_t n) {
    auto seed = demo_bases();
    std::vector<Base> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        Base b = seed[i % seed.size()];
        b.id = "gen-" + std::to_string(i);
        b.name = b.name + " " + std::to_string(i);
        b.lat += static_cast<double>(i % 97) * 0.0007;
        b.lon += static_cast<double>(i % 89) * 0.0007;
        out.push_back(std::move(b));
    }
    return out;
}

struct TestServer {
    fs::path dir = temp_dir("server");
    std::unique_ptr<server::Server> srv;
    server::ServerConfig cfg;
    explicit TestServer(const std::vector<Base>& bases, bool accounts = false) {
        cfg.db_path = (dir / "t.db").string();
        cfg.http.port = 0;
        cfg.http.log_requests = false;
        srv = std::make_unique<server::Server>(cfg);
        zx::server::seed_demo_bases(srv->store(), srv->clock(), bases);
        if (accounts) {
            std::ifstream in(fs::path(ZX_SOURCE_DIR) / "assets/demo/accounts.json");
            srv->accounts().seed_demo(json::parse(in));
        }
        srv->start();
        cfg.http.port = srv->port();
    }
    void restart() {
        srv.reset();
        srv = std::make_unique<server::Server>(cfg);
        srv->start();
    }
    ~TestServer() {
        srv.reset();
        fs::remove_all(dir);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(srv->port()); }
};

// One client: ImGui context, platform and app, driven frame by frame.
struct Headless {
    fs::path data;
    bool own_data;
    ImGuiContext* ctx = ImGui::CreateContext();
    platform::Platform platform;
    App app{platform};

    // `data_dir`: where settings are stored; a fresh folder (deleted after) if empty.
    explicit Headless(const std::string& server_url, fs::path data_dir = {})
        : data(data_dir.empty() ? temp_dir("data") : data_dir),
          own_data(data_dir.empty()),
          platform(platform::Options{server_url, data.string(), fs::path(ZX_FONT_FILE).parent_path().string()}) {
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = {1280, 800};
        io.DeltaTime = 1.0f / 60.0f;
        app.init();
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsAlpha8(&px, &w, &h);  // what a renderer would upload
    }
    ~Headless() {
        ImGui::DestroyContext(ctx);
        if (own_data) fs::remove_all(data);
    }

    void frame() {
        app.frame();
        REQUIRE(ImGui::GetDrawData() != nullptr);
        REQUIRE(ImGui::GetDrawData()->Valid);
    }
    json state() const { return json::parse(platform.state_json()); }

    // Runs frames until `done` (at most ~10 s of wall time).
    bool run_until(const std::function<bool()>& done) {
        for (int i = 0; i < 1000; ++i) {
            frame();
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    int vertices() const { return ImGui::GetDrawData()->TotalVtxCount; }

    void click(const std::string& item) {
        const auto r = state().at("items").at(item);
        ImGuiIO& io = ImGui::GetIO();
        const float x = r[0].get<float>() + r[2].get<float>() / 2, y = r[1].get<float>() + r[3].get<float>() / 2;
        io.AddMousePosEvent(x, y);
        frame();
        io.AddMouseButtonEvent(0, true);
        frame();
        io.AddMouseButtonEvent(0, false);
        frame();
        frame();
    }
    void type(const std::string& item, const std::string& text) {
        click(item);
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        frames(2);
    }
    void key(ImGuiKey k) {
        ImGui::GetIO().AddKeyEvent(k, true);
        frame();
        ImGui::GetIO().AddKeyEvent(k, false);
        frame();
    }
    // Empties a text field with End and Backspace, as a person would.
    void clear(const std::string& item, int length) {
        click(item);
        key(ImGuiKey_End);
        for (int i = 0; i < length; ++i) key(ImGuiKey_Backspace);
    }
    void draw_every_view() {
        for (const auto& v : all_views()) {
            click("nav:" + std::string(view_code(v.id)));
            CHECK(state().at("view") == view_code(v.id));
            CHECK(vertices() > 100);
        }
    }
};

}  // namespace

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
    gone.srv->stop();
    Headless h(url);
    REQUIRE(h.run_until([&] { return h.state().at("basesStatus") == "error"; }));
    CHECK(h.state().at("server") == "offline");
    CHECK(h.state().at("fontCjk") == true);
    h.draw_every_view();
}

TEST_CASE("typical state: demo bases from the server, selection and search") {
    const auto bases = demo_bases();
    TestServer srv(bases);
    Headless h(srv.url());
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
    CHECK(map.zoom() == doctest::Approx(13).epsilon(1e-2));

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
    Headless h(srv.url());
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

        srv.srv->stop();  // the bus goes into a tunnel
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

namespace {
// Signs in through the sign-in form and waits for the first full sync.
void sign_in(Headless& h, const char* user, const char* password) {
    h.frames(3);
    h.type("auth:username", user);
    h.type("auth:password", password);
    h.click("auth:submit");
    REQUIRE(h.run_until([&] { return h.state().at("sync").at("status") == "synced"; }));
}
size_t count(Headless& h, const char* collection) {
    const auto s = h.state();
    return s.contains("records") && s.at("records").contains(collection) ? s.at("records").at(collection).get<size_t>() : 0;
}
}  // namespace

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
