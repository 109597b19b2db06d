#pragma once
// Frame pacing: an idle app draws nothing. Both drivers (platform/*/main_*.cpp)
// ask the one FramePacer of their platform, after every frame, how long they
// may wait before the next; the platform decides how to wait (the browser
// pauses its animation-frame loop, the desktop blocks in SDL_WaitEventTimeout).
//
// A frame is drawn
//  - at once while something moves: anyone asked for one with
//    Platform::request_frame() (or for a time now past), or input is still
//    queued for ImGui (a press and its release reach it a frame apart);
//  - for a few frames after input or a completion (kSettleFrames: ImGui takes
//    a frame to see a click's release, a popup or a table its first frame to
//    measure), and then for as long as the picture keeps changing (the draw
//    data differs from the previous frame's), so every effect of what arrived
//    is shown however many frames it takes;
//  - at the earliest time asked for with request_frame(at_ms) (a retry, a
//    periodic check, a countdown's next second), when an ImGui text field's
//    cursor next blinks (the desktop edits in ImGui), and at least every
//    kMaxWaitMs, so what depends on the hour and the day follows the clock
//    even if the wall clock jumps.
// Otherwise the driver waits until an event (input, a completion, a resize)
// wakes it or that time comes. The pacer is UI-thread only; waking from other threads is the
// driver's business.
#include <cstdint>
#include <optional>

struct ImDrawData;

namespace zx::platform {

class FramePacer {
public:
    static constexpr int kSettleFrames = 3;
    static constexpr int64_t kMaxWaitMs = 60'000;

    // A frame no later than `at_ms` (wall clock); at or before now: at once.
    void request(int64_t at_ms);
    // Input, a completion or any other event arrived: draw kSettleFrames.
    void woken() { settle_ = kSettleFrames; }
    // Every frame is drawn at once (benchmarks' baseline and scripted runs).
    void set_continuous(bool on) { continuous_ = on; }
    bool continuous() const { return continuous_; }

    // After a frame has been drawn (ImGui::Render() done): how many
    // milliseconds the driver may wait for an event before drawing the next
    // (0 = at once; never more than kMaxWaitMs). Uses ImGui's current context
    // for queued input and the text cursor.
    int64_t after_frame(const ImDrawData* draw, int64_t now_ms);
    // The same decision from its parts, for tests: `changed` = the picture
    // differs from the previous frame's; `busy` = input still queued for
    // ImGui; `blink_at_ms` = the text cursor's next blink (nullopt for none).
    int64_t decide(bool changed, bool busy, std::optional<int64_t> blink_at_ms, int64_t now_ms);

    // Frames drawn so far (after_frame calls).
    int64_t frames() const { return frames_; }

    // A 64-bit digest of everything ImGui asks the GPU to draw: two frames
    // with the same digest show the same picture.
    static uint64_t digest(const ImDrawData* draw);

private:
    std::optional<int64_t> requested_;
    int settle_ = kSettleFrames;  // the first frames settle too
    uint64_t last_digest_ = 0;
    int64_t frames_ = 0;
    bool continuous_ = false;
};

}  // namespace zx::platform
