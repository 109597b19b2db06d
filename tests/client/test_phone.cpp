// The phone layout, touch scrolling and the small fixes of issue 11, on the
// headless client (tests/client/headless.hpp) against a real server.
#include "headless.hpp"

#include "ui/layout.hpp"
#include "style.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <optional>

using namespace zx;
using namespace zx::client;
using namespace zx::test;

namespace {

void resize(Headless& h, float w, float hgt) {
    ImGui::GetIO().DisplaySize = {w, hgt};
    h.frames(3);
}

// Items that show something but take no tap (the test hook lists them too).
bool passive(const std::string& name) {
    static const char* kPassive[] = {"map:count", "submission:status", "tt:grid", "tt:daylist", "tt:agenda",
                                     "map:region", "note:preview"};
    for (const char* p : kPassive)
        if (name == p) return true;
    return name.find(":label") != std::string::npos || name.rfind("tt:head:", 0) == 0;
}

// Every interactive item drawn now is at least a tap target high.
void check_targets(Headless& h, const std::string& where) {
    const auto st = h.state();
    const float least = st.at("layout").at("targetH").get<float>();
    REQUIRE(least >= ui::kTouchTargetPx);
    for (const auto& [name, r] : st.at("items").items()) {
        if (passive(name)) continue;
        CHECK_MESSAGE(r[3].get<float>() >= least - 0.5f, where << ": " << name << " is " << r[3].get<float>() << " px high");
    }
}

// One finger: down at (x, y0), moved in steps to (x, y1), lifted.
void swipe(Headless& h, float x, float y0, float y1, int steps = 8) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMousePosEvent(x, y0);
    h.frame();
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMouseButtonEvent(0, true);
    h.frame();
    for (int i = 1; i <= steps; ++i) {
        io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
        io.AddMousePosEvent(x, y0 + (y1 - y0) * static_cast<float>(i) / static_cast<float>(steps));
        h.frame();
    }
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMouseButtonEvent(0, false);
    h.frame();
}

void tap(Headless& h, const std::string& item) {
    const auto r = h.state().at("items").at(item);
    const float x = r[0].get<float>() + r[2].get<float>() / 2, y = r[1].get<float>() + r[3].get<float>() / 2;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMousePosEvent(x, y);
    h.frame();
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMouseButtonEvent(0, true);
    h.frame();
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMouseButtonEvent(0, false);
    h.frames(2);
}


}  // namespace

TEST_CASE("layout rule: phone below 600 px wide or 480 px high, body text at least 16 CSS px there") {
    const float em = 0.69f;  // Noto Sans CJK: em per px of ImGui size
    const auto desk = ui::compute_layout(1280, 800, 1.0f, kBodyFontPx, em);
    CHECK_FALSE(desk.phone);
    CHECK(desk.font_scale == 1.0f);
    CHECK(desk.target_h == 0.0f);
    for (const auto& [w, hgt] : {std::pair{390.0f, 844.0f}, {360.0f, 740.0f}, {844.0f, 390.0f}, {740.0f, 360.0f}}) {
        const auto l = ui::compute_layout(w, hgt, 1.0f, kBodyFontPx, em);
        CHECK(l.phone);
        CHECK(l.body_font_css_px >= ui::kPhoneBodyCssPx);
        CHECK(l.body_font_css_px < ui::kPhoneBodyCssPx + 0.5f);
        CHECK(l.target_h >= ui::kTouchTargetPx);
    }
    // A person who asked for larger text keeps it.
    CHECK(ui::compute_layout(390, 844, 2.0f, kBodyFontPx, em).font_scale == 2.0f);
}

TEST_CASE("hint and secondary text has at least 4.5:1 contrast on every background") {
    for (const uint32_t bg : {kPaneBgRgb, kWindowBgRgb, kFrameBgRgb}) CHECK(contrast_ratio(kHintRgb, bg) >= 4.5);
    CHECK(contrast_ratio(kNavDimRgb, kNavBgRgb) >= 4.5);
    CHECK(contrast_ratio(kNavTextRgb, kYesButtonRgb) >= 4.5);
    CHECK(contrast_ratio(0xFFFFFF, 0x000000) == doctest::Approx(21.0));
}

TEST_CASE("phone: every view in one column at 360x740 and 740x360, tap targets 44 px, menu navigation") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    resize(h, 360, 740);
    CHECK(h.state().at("layout").at("phone") == true);
    CHECK(h.state().at("layout").at("bodyFontCssPx").get<float>() >= 16.0f);
    check_targets(h, "sign-in");
    sign_in(h, "teacher1", "demo-teacher-1");
    for (const auto& [w, hgt] : {std::pair{360.0f, 740.0f}, {740.0f, 360.0f}}) {
        resize(h, w, hgt);
        for (const auto& v : all_views()) {
            if (v.listed && !v.listed(h.app.state())) continue;
            h.click("nav:menu");
            REQUIRE_MESSAGE(h.state().at("items").contains("nav:" + std::string(view_code(v.id))),
                            view_code(v.id) << " at " << w << ": " << h.state().at("items").dump());
            h.click("nav:" + std::string(view_code(v.id)));
            h.frames(2);
            CHECK(h.state().at("view") == view_code(v.id));
            CHECK_FALSE(h.state().at("items").contains("nav:space"));  // the menu closed
            check_targets(h, std::string(view_code(v.id)) + " at " + std::to_string(static_cast<int>(w)));
            // Nothing is laid out beyond the right edge of the screen.
            const auto shown = h.state();
            for (const auto& [name, r] : shown.at("items").items())
                CHECK_MESSAGE(r[0].get<float>() + r[2].get<float>() <= w + 0.5f, name << " runs off the screen");
        }
    }
    // Back to a desktop window: the navigation column again.
    resize(h, 1280, 800);
    CHECK(h.state().at("layout").at("phone") == false);
    CHECK(h.state().at("items").contains("nav:space"));
    CHECK_FALSE(h.state().at("items").contains("nav:menu"));
}

namespace {

// How far the map's base list is scrolled, from the rows in sight: the
// demo bases are listed in id order (zj-0001, zj-0002, ...), all rows equally
// high, so row index * height - y is the same for every row shown.
std::optional<float> list_offset(const json& st) {
    std::optional<float> off;
    for (const auto& [name, r] : st.at("items").items()) {
        if (name.rfind("base:zj-", 0) != 0) continue;
        const float idx = std::stof(name.substr(8)) - 1;
        const float o = idx * r[3].get<float>() - r[1].get<float>();
        if (off) CHECK(std::fabs(*off - o) < 1.5f);  // the rows agree
        off = o;
    }
    return off;
}

// The row nearest the top that is wholly in sight (not the one half under the edge).
std::string row_in_sight(const json& st) {
    std::vector<std::pair<float, std::string>> rows;
    for (const auto& [name, r] : st.at("items").items())
        if (name.rfind("base:", 0) == 0) rows.emplace_back(r[1].get<float>(), name);
    std::sort(rows.begin(), rows.end());
    return rows.size() > 1 ? rows[1].second : rows.empty() ? std::string() : rows[0].second;
}

}  // namespace

TEST_CASE("phone: a swipe scrolls the list with inertia and does not click; a tap still selects") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    resize(h, 390, 844);
    h.click("nav:menu");
    h.click("nav:map");
    REQUIRE(h.run_until([&] { return h.state().at("basesStatus") == "ready"; }));
    h.frames(3);
    const auto before = h.state();
    const auto off0 = list_offset(before);
    REQUIRE_MESSAGE(off0.has_value(), before.at("items").dump());
    const auto r = before.at("items").at(row_in_sight(before));
    const float x = r[0].get<float>() + r[2].get<float>() / 2, y = r[1].get<float>() + r[3].get<float>() / 2;
    swipe(h, x, y + 80, y - 80);  // 160 px up
    const auto after = h.state();
    CHECK(after.at("touch").at("drags") == 1);
    CHECK(after.at("selectedBase") == "");  // the row under the finger was not picked
    const auto off1 = list_offset(after);
    REQUIRE(off1.has_value());
    CHECK(*off1 - *off0 >= 150.0f);  // followed the finger
    CHECK(*off1 - *off0 <= 170.0f);
    // Inertia: it goes on after the finger left, then stops.
    REQUIRE(h.run_until([&] { return h.state().at("touch").at("flinging") == false; }));
    const auto rest = h.state();
    const auto off2 = list_offset(rest);
    REQUIRE(off2.has_value());
    CHECK(*off2 > *off1 + 20.0f);
    // A tap on a row in sight selects it, and scrolls nothing.
    const std::string row = row_in_sight(rest);
    REQUIRE(!row.empty());
    tap(h, row);
    CHECK(h.state().at("selectedBase") == row.substr(5));
    CHECK(h.state().at("touch").at("drags") == 1);
}

TEST_CASE("after a trip is created the form starts afresh: no title, no route, and a second press writes nothing") {
    ServerFixture srv(ServerFixture::Options{.routes = true, .real_clock = true, .bases = demo_bases(), .accounts = true});
    Headless h(srv.url());
    sign_in(h, "teacher1", "demo-teacher-1");
    REQUIRE(h.run_until([&] { return h.app.state().routes.size() > 0; }));
    const std::string route = h.app.state().routes.front().id;
    h.click("nav:map");
    h.click("map:tab:routes");
    h.click("route:" + route);
    REQUIRE(h.state().at("items").contains("route:plan"));
    h.click("route:plan");
    REQUIRE(h.state().at("view") == "trips");
    h.type("trip:title", "运河研学日");
    h.click("trip:create");
    REQUIRE(h.run_until([&] { return h.state().at("tripPlan").at("selected") != ""; }));
    h.frames(3);
    const size_t trips = count(h, "trips");
    CHECK(trips == 1);
    CHECK(h.app.test_ui().trips.title.empty());
    CHECK(h.state().at("tripPlan").at("route") == "");
    // Pressing create again writes nothing.
    h.click("trip:create");
    h.frames(10);
    CHECK(count(h, "trips") == trips);
}

TEST_CASE("rubric score fields keep their labels once a number is typed") {
    TestServer srv(demo_bases(), true);
    srv.login("teacher1", "demo-teacher-1");
    srv.login("student1", "demo-student-1");
    srv.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const auto work = srv.write("student1", "submissions", "sub-rubric-labels",
                                {{"activity_id", "act-demo-wetland"}, {"body", "白鹭"}, {"status", "submitted"}});
    REQUIRE_MESSAGE(work.status == 200, work.raw);
    Headless h(srv.url());
    sign_in(h, "teacher1", "demo-teacher-1");
    h.click("nav:activities");
    h.click("activity:act-demo-wetland");
    h.click("review:" + srv.user_id("student1"));
    REQUIRE(h.state().at("items").contains("rubric:0"));
    h.type("rubric:0", "30");
    h.frames(2);
    CHECK(h.app.test_ui().activities.rubric_scores.at(0) == "30");
    const auto items = h.state().at("items");
    REQUIRE(items.contains("rubric:0:label"));
    // The label is beside or above its field, in view.
    const auto label = items.at("rubric:0:label"), field = items.at("rubric:0");
    CHECK(label[2].get<float>() > 20.0f);
    CHECK(label[1].get<float>() <= field[1].get<float>() + field[3].get<float>());
}

TEST_CASE("weekday headers of the week grid never run into each other in a narrow window") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    sign_in(h, "student1", "demo-student-1");
    h.click("nav:timetable");
    bool grid_seen_narrow = false;
    for (const float w : {1280.0f, 960.0f, 900.0f, 820.0f}) {
        resize(h, w, 520);
        REQUIRE(h.state().at("layout").at("phone") == false);
        const auto items = h.state().at("items");
        if (!items.contains("tt:head:0")) {  // too narrow for seven columns: a list of days instead
            CHECK_MESSAGE(items.contains("tt:agenda"), items.dump());
            continue;
        }
        if (w < 1000) grid_seen_narrow = true;
        for (int d = 0; d < 6; ++d) {
            const auto a = items.at("tt:head:" + std::to_string(d)), b = items.at("tt:head:" + std::to_string(d + 1));
            CHECK_MESSAGE(a[0].get<float>() + a[2].get<float>() <= b[0].get<float>(), "day " << d << " at width " << w);
        }
    }
    CHECK(grid_seen_narrow);  // the case the one-line headers overlapped in
}

TEST_CASE("phone: a swipe over a long page scrolls the page (the timetable as one column)") {
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    resize(h, 390, 844);
    sign_in(h, "teacher1", "demo-teacher-1");
    h.click("nav:menu");
    h.click("nav:timetable");
    h.frames(3);
    REQUIRE(h.state().at("view") == "timetable");
    // The lowest item laid out, and where it is before the swipe.
    const auto lowest = [](const json& st) {
        std::pair<float, std::string> best{-1.0f, ""};
        for (const auto& [name, r] : st.at("items").items())
            if (r[1].get<float>() > best.first) best = {r[1].get<float>(), name};
        return best;
    };
    const auto [y0, name] = lowest(h.state());
    REQUIRE(!name.empty());
    // Over the agenda's text, not a widget: a press there is ImGui's window
    // move (it claims the keyboard too), which must not keep the page still.
    swipe(h, 195, 844 * 0.7f, 844 * 0.3f);
    REQUIRE(h.run_until([&] { return h.state().at("touch").at("flinging") == false; }));
    const auto st = h.state();
    CHECK(st.at("touch").at("drags") == 1);
    const bool gone = !st.at("items").contains(name);
    CHECK_MESSAGE((gone || st.at("items").at(name)[1].get<float>() < y0 - 100), name << " at " << y0);
}

namespace {
// The bitmap's total coverage (alpha), 0 for none.
long ink(const platform::Platform::GlyphBitmap& b) {
    long n = 0;
    for (size_t i = 3; i < b.rgba.size(); i += 4) n += b.rgba[i];
    return n;
}
}  // namespace

TEST_CASE("desktop: characters the UI font lacks are drawn from the system's fonts and reach the atlas") {
    // The platform alone: rare hanzi (CJK extension A) from Noto Sans CJK, an
    // emoji as an outline from Symbola; each has ink, and two different
    // characters are two different drawings (not one fallback box).
    TestServer srv(demo_bases(), true);
    Headless h(srv.url());
    platform::Platform& p = h.platform;
    const auto pi = p.rasterize_glyph(U'䴙', 32, 26);
    const auto ti = p.rasterize_glyph(U'䴘', 32, 26);
    const auto emoji = p.rasterize_glyph(U'\U0001F600', 32, 26);
    REQUIRE(pi);
    REQUIRE(ti);
    REQUIRE(emoji);
    CHECK(pi->w > 10);
    CHECK(pi->h > 10);
    CHECK(pi->advance == doctest::Approx(32).epsilon(0.1));  // a full-width character
    CHECK(pi->rgba.size() == static_cast<size_t>(pi->w * pi->h * 4));
    CHECK(ink(*pi) > 255L * 40);
    CHECK(ink(*emoji) > 255L * 40);
    CHECK(pi->rgba != ti->rgba);
    // The glyph sits on the line: its top about the line's top, its bottom near the baseline.
    CHECK(pi->y0 >= -4);
    CHECK(pi->y0 + static_cast<float>(pi->h) <= 26 + 8);
    // A code point no font has (plane 16, private use): nothing, not a box.
    CHECK_FALSE(p.rasterize_glyph(U'\U0010FFFD', 32, 26));

    // The client: a student's answer with 䴙䴘 is shown, and after a few frames
    // the body font has real glyphs for both (no '?').
    sign_in(h, "student1", "demo-student-1");
    ImFont* body = ImGui::GetIO().Fonts->Fonts[0];
    CHECK_FALSE(body->FindGlyphNoFallback(static_cast<ImWchar>(U'䴙')));
    h.click("nav:activities");
    h.click("activity:act-demo-wetland");
    h.type("submission:body", "小䴙䴘在水面潜水。");
    REQUIRE(h.run_until([&] {
        ImFont* f = ImGui::GetIO().Fonts->Fonts[0];
        return f->FindGlyphNoFallback(static_cast<ImWchar>(U'䴙')) && f->FindGlyphNoFallback(static_cast<ImWchar>(U'䴘'));
    }));
    const ImFontGlyph* g = ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(U'䴙'));
    CHECK(g->X1 > g->X0);
    // As wide as a character of the UI font's own (小): the same em.
    const ImFontGlyph* own = ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(U'小'));
    REQUIRE(own);
    CHECK(g->AdvanceX == doctest::Approx(own->AdvanceX).epsilon(0.1));
}
