#pragma once
// One-finger drag scrolling with inertia, once for every ImGui window and
// child region (Dear ImGui 1.90 scrolls only by wheel and scrollbar).
//
// Fed by the platform layer through ImGui's input: both targets pass SDL's
// touch-synthesised mouse events to the ImGui SDL2 backend, which marks them
// ImGuiMouseSource_TouchScreen (web: SDL's Emscripten touchstart/move/end;
// desktop and kiosk: SDL finger events). Mouse input is never touched.
//
// A touch that moves less than kSlopPx is a tap and reaches the item under
// it as a click. Once it moves further over a region that can scroll in that
// direction, it scrolls that region (the innermost one that can), the item
// under the finger loses its press (ImGui::ClearActiveID), so no click fires
// on release; on release the region goes on with the finger's speed and
// slows down (time constant kFlingTau). A new touch stops it. Drags that
// belong to a widget (sliders, text selection: items that take arrow keys or
// the keyboard while active) are left to the widget.
#include <cstdint>

struct ImGuiWindow;

namespace zx::client::ui {

inline constexpr float kSlopPx = 10.0f;       // logical px a tap may wander
inline constexpr float kFlingTau = 0.325f;    // s, inertia decay (as iOS/Android lists roughly do)
inline constexpr float kFlingStopPxS = 20.0f; // below this speed inertia stops

class TouchScroll {
public:
    // Call once per frame after ImGui::NewFrame() and before any window is
    // drawn: scroll targets set here apply in this frame.
    void begin_frame();
    bool dragging() const { return dragging_; }  // a touch is scrolling now
    bool flinging() const { return fling_window_ != 0; }
    uint64_t drags() const { return drags_; }    // drags that scrolled, since start (test hook)

private:
    bool tracking_ = false;  // a touch is down
    bool dragging_ = false;  // ... and it scrolls
    unsigned target_ = 0;    // ImGuiID of the window it scrolls
    float start_x_ = 0, start_y_ = 0;
    float scroll0_x_ = 0, scroll0_y_ = 0;
    bool axis_x_ = false, axis_y_ = true;
    // Recent finger positions for the release speed.
    struct Sample {
        double t;
        float x, y;
    };
    Sample samples_[8]{};
    int n_samples_ = 0;
    unsigned fling_window_ = 0;
    float vx_ = 0, vy_ = 0;  // px/s of content movement (scroll decreases with +v)
    uint64_t drags_ = 0;
};

}  // namespace zx::client::ui
