// Frame pacing (client/platform/frame_pacer.hpp): the rules on their own, and
// the real app in the headless client against a real server: once settled it
// lets the driver wait until its next periodic check, and a completion draws
// again at once.
#include "headless.hpp"
#include "platform/frame_pacer.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

using zx::platform::FramePacer;

TEST_CASE("frame pacer: settles after a wake, then waits until a request or the longest wait") {
    FramePacer p;
    const int64_t now = 1'000'000;
    // The first frames settle even when nothing changes.
    for (int i = 1; i < FramePacer::kSettleFrames; ++i) CHECK(p.decide(false, false, std::nullopt, now) == 0);
    CHECK(p.decide(false, false, std::nullopt, now) == FramePacer::kMaxWaitMs);
    // A picture that still changes is drawn again at once.
    CHECK(p.decide(true, false, std::nullopt, now) == 0);
    CHECK(p.decide(false, false, std::nullopt, now) == FramePacer::kMaxWaitMs);
    // Input still queued for ImGui draws the next frame at once.
    CHECK(p.decide(false, true, std::nullopt, now) == 0);
    // A request for later waits until then; the earliest of several wins; it lasts one frame.
    p.request(now + 2500);
    p.request(now + 700);
    CHECK(p.decide(false, false, std::nullopt, now) == 700);
    CHECK(p.decide(false, false, std::nullopt, now) == FramePacer::kMaxWaitMs);
    // A request for now or the past (an animation) draws at once.
    p.request(now - 5);
    CHECK(p.decide(false, false, std::nullopt, now) == 0);
    p.request(0);
    CHECK(p.decide(false, false, std::nullopt, now) == 0);
    // The text cursor's next blink is a deadline too.
    CHECK(p.decide(false, false, now + 400, now) == 400);
    // A wake (input, a completion) draws kSettleFrames frames.
    p.woken();
    int drawn = 0;
    while (p.decide(false, false, std::nullopt, now) == 0) ++drawn;
    CHECK(drawn == FramePacer::kSettleFrames - 1);  // the last of them decided to wait
    // Continuous mode (the benchmarks' baseline) never waits.
    p.set_continuous(true);
    CHECK(p.decide(false, false, std::nullopt, now) == 0);
    CHECK(p.frames() > 10);
}

TEST_CASE("frame pacer: the digest tells identical pictures from changed ones") {
    zx::test::TestServer server(zx::test::demo_bases());
    zx::test::Headless h(server.url(), {}, 0, "map");
    REQUIRE(h.run_until([&] { return h.state().at("basesStatus") == "ready"; }));
    // Once what arrived is drawn, the next frame is the same picture.
    uint64_t a = 0, b = 1;
    for (int i = 0; i < 200 && a != b; ++i) {
        h.frame();
        a = b;
        b = FramePacer::digest(ImGui::GetDrawData());
    }
    CHECK(a == b);
    h.app.navigate(zx::client::ViewId::settings);
    h.frames(3);
    CHECK(FramePacer::digest(ImGui::GetDrawData()) != b);
}

namespace {
// Runs frames as a driver would, returning the wait the pacer allows after the last.
int64_t paced_frame(zx::test::Headless& h) {
    h.frame();
    auto& pacer = zx::platform::native::pacer_of(h.platform);
    return pacer.after_frame(ImGui::GetDrawData(), h.platform.now_ms());
}
// Frames until the pacer allows a wait; how many that took (at most `limit`).
int settle(zx::test::Headless& h, int64_t& wait, int limit = 2000) {
    for (int i = 1; i <= limit; ++i) {
        wait = paced_frame(h);
        if (wait > 0) return i;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return limit + 1;
}
}  // namespace

TEST_CASE("frame pacing of the real app: idle waits, completions wake") {
    zx::test::TestServer server(zx::test::demo_bases());
    zx::test::Headless h(server.url(), {}, 0, "map");
    REQUIRE(h.run_until([&] { return h.state().at("basesStatus") == "ready"; }));
    auto& pacer = zx::platform::native::pacer_of(h.platform);
    int64_t wait = 0;
    // Idle, the app settles within a few frames and asks for nothing sooner
    // than its periodic health check (every 10 s).
    CHECK(settle(h, wait) <= 20);
    CHECK(wait > 0);
    CHECK(wait <= 10'001);

    // A completion wakes the app: the frame that runs it and the next ones
    // are drawn at once, then it settles again.
    REQUIRE(settle(h, wait) <= 20);
    const int64_t before = pacer.frames();
    bool answered = false;
    h.platform.http_get("/api/v1/health", [&](const zx::platform::HttpResponse&) { answered = true; });
    for (int i = 0; i < 1000 && !answered; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        wait = paced_frame(h);
    }
    REQUIRE(answered);
    CHECK(wait == 0);  // the frame that ran the completion draws the next at once
    CHECK(settle(h, wait) <= 20);
    CHECK(pacer.frames() - before >= FramePacer::kSettleFrames);
}
