// The live channel in two headless clients (the real desktop platform layer)
// against the in-process server: a note saved on one device reaches the
// other's replica because the server signalled it — the poll interval is ten
// minutes, and the counters say which pull brought it — and the channel
// comes back by itself after the server restarts.
#include "headless.hpp"

using namespace zx;
using namespace zx::test;

namespace {

// Runs frames of both clients until `done` (at most ~10 s of wall time).
bool run_both(Headless& a, Headless& b, const std::function<bool()>& done) {
    for (int i = 0; i < 1000; ++i) {
        a.frame();
        b.frame();
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

bool live(Headless& h) { return h.state().at("sync").at("live") == "live"; }

bool has_note(Headless& h, const std::string& title) {
    const auto s = h.state();
    if (!s.contains("notes")) return false;
    for (const auto& n : s.at("notes"))
        if (n.at("title") == title) return true;
    return false;
}

void write_note(Headless& h, const std::string& title) {
    h.click("nav:knowledge");
    h.click("note:new");
    REQUIRE(h.run_until([&] { return h.state().at("items").contains("note:title"); }));
    h.type("note:title", title);
    h.type("note:body", "实时同步");
    h.click("note:save");
}

}  // namespace

TEST_CASE("live: a note saved on one device reaches the other by the server's signal, well before any poll") {
    TestServer srv(demo_bases(), true);
    Headless a(srv.url());
    Headless b(srv.url());
    // Nothing would arrive without a signal for ten minutes.
    for (Headless* h : {&a, &b}) h->app.set_sync_intervals({.poll_ms = 600'000, .live_poll_ms = 600'000});
    sign_in(a, "student1", "demo-student-1");
    sign_in(b, "student1", "demo-student-1");
    REQUIRE(run_both(a, b, [&] { return live(a) && live(b); }));

    const auto before = b.state().at("sync");
    write_note(a, "湿地观察 live");
    REQUIRE(run_both(a, b, [&] { return has_note(b, "湿地观察 live"); }));
    const auto after = b.state().at("sync");
    CHECK(after.at("signals").get<int>() > before.at("signals").get<int>());
    CHECK(after.at("pulls").at("signal").get<int>() > before.at("pulls").at("signal").get<int>());
    CHECK(after.at("pulls").at("poll") == before.at("pulls").at("poll"));  // no poll came round
    CHECK(after.at("live") == "live");

    // The server goes away: the channel is down and polling (the fallback)
    // is due again; when it returns the channel comes back by itself and
    // signals flow again.
    srv.stop();
    REQUIRE(b.run_until([&] { return b.state().at("sync").at("live") != "live"; }));
    srv.restart();
    REQUIRE(run_both(a, b, [&] { return live(a) && live(b); }));
    CHECK(b.state().at("sync").at("liveConnects").get<int>() >= 2);
    const auto again = b.state().at("sync");
    write_note(a, "第二条 live");
    REQUIRE(run_both(a, b, [&] { return has_note(b, "第二条 live"); }));
    CHECK(b.state().at("sync").at("pulls").at("signal").get<int>() > again.at("pulls").at("signal").get<int>());
    CHECK(b.state().at("sync").at("pulls").at("poll") == again.at("pulls").at("poll"));
}
