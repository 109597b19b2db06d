#include "ui/touch_scroll.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <cmath>

namespace zx::client::ui {

namespace {

bool can_scroll(const ImGuiWindow* w, bool x) { return x ? w->ScrollMax.x > 0.5f : w->ScrollMax.y > 0.5f; }

// The innermost window under the finger that can scroll along the drag.
ImGuiWindow* scroll_target(ImGuiWindow* w, bool horizontal) {
    for (ImGuiWindow* c = w; c; c = c->ParentWindow) {
        if (c->Flags & ImGuiWindowFlags_NoScrollWithMouse) continue;
        if (can_scroll(c, horizontal)) return c;
        if (!(c->Flags & ImGuiWindowFlags_ChildWindow)) break;  // stop at the root (popups, the shell)
    }
    return nullptr;
}

}  // namespace

void TouchScroll::begin_frame() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiIO& io = g.IO;
    const double now = ImGui::GetTime();
    const float dt = io.DeltaTime > 0 ? io.DeltaTime : 1.0f / 60.0f;
    const bool touch = io.MouseSource == ImGuiMouseSource_TouchScreen;

    if (io.MouseClicked[0]) {  // any press stops inertia
        fling_window_ = 0;
        vx_ = vy_ = 0;
        tracking_ = touch;
        dragging_ = false;
        target_ = 0;
        start_x_ = io.MousePos.x;
        start_y_ = io.MousePos.y;
        n_samples_ = 0;
    }
    if (tracking_ && io.MouseDown[0]) {
        const float dx = io.MousePos.x - start_x_, dy = io.MousePos.y - start_y_;
        if (!dragging_ && std::hypot(dx, dy) > kSlopPx) {
            // A widget that owns its drag (a slider, selecting text) keeps it.
            // A press on a window's background is ImGui moving the window
            // (its MoveId, which also claims the keyboard): not a widget.
            const bool moving = g.MovingWindow != nullptr || (g.ActiveIdWindow && g.ActiveId == g.ActiveIdWindow->MoveId);
            const bool owned =
                g.ActiveId != 0 && !moving && (g.ActiveIdUsingNavDirMask != 0 || g.ActiveIdUsingAllKeyboardKeys);
            const bool horizontal = std::fabs(dx) > std::fabs(dy);
            ImGuiWindow* w = owned ? nullptr : scroll_target(g.HoveredWindow, horizontal);
            if (w) {
                dragging_ = true;
                ++drags_;
                target_ = w->ID;
                axis_x_ = can_scroll(w, true);
                axis_y_ = can_scroll(w, false);
                scroll0_x_ = w->Scroll.x;
                scroll0_y_ = w->Scroll.y;
                // Measured from here, so the content does not jump by the slop.
                start_x_ = io.MousePos.x;
                start_y_ = io.MousePos.y;
            } else if (!owned) {
                tracking_ = false;  // nothing to scroll here: leave the touch alone
            } else {
                tracking_ = false;
            }
        }
        if (dragging_) {
            // The item pressed first must not click on release.
            if (g.ActiveId != 0) ImGui::ClearActiveID();
            if (ImGuiWindow* w = ImGui::FindWindowByID(target_)) {
                if (axis_x_) ImGui::SetScrollX(w, scroll0_x_ - (io.MousePos.x - start_x_));
                if (axis_y_) ImGui::SetScrollY(w, scroll0_y_ - (io.MousePos.y - start_y_));
            }
            if (n_samples_ == 8) {
                for (int i = 1; i < 8; ++i) samples_[i - 1] = samples_[i];
                n_samples_ = 7;
            }
            samples_[n_samples_++] = {now, io.MousePos.x, io.MousePos.y};
        }
    }
    if (tracking_ && !io.MouseDown[0]) {  // released
        tracking_ = false;
        if (dragging_) {
            dragging_ = false;
            // The speed over the last ~100 ms of movement.
            vx_ = vy_ = 0;
            if (n_samples_ >= 2) {
                const Sample& last = samples_[n_samples_ - 1];
                int i = n_samples_ - 2;
                while (i > 0 && last.t - samples_[i].t < 0.1) --i;
                const double span = last.t - samples_[i].t;
                if (span > 1e-4 && now - last.t < 0.1) {
                    vx_ = axis_x_ ? static_cast<float>((last.x - samples_[i].x) / span) : 0;
                    vy_ = axis_y_ ? static_cast<float>((last.y - samples_[i].y) / span) : 0;
                }
            }
            if (std::hypot(vx_, vy_) > kFlingStopPxS) fling_window_ = target_;
        }
    }
    if (fling_window_) {
        ImGuiWindow* w = ImGui::FindWindowByID(fling_window_);
        if (!w) {
            fling_window_ = 0;
            return;
        }
        const float nx = w->Scroll.x - vx_ * dt, ny = w->Scroll.y - vy_ * dt;
        if (vx_ != 0) ImGui::SetScrollX(w, nx);
        if (vy_ != 0) ImGui::SetScrollY(w, ny);
        const float k = std::exp(-dt / kFlingTau);
        vx_ *= k;
        vy_ *= k;
        // Stops when slow, or at an end of the region.
        const bool at_end_y = vy_ == 0 || ny <= 0 || ny >= w->ScrollMax.y;
        const bool at_end_x = vx_ == 0 || nx <= 0 || nx >= w->ScrollMax.x;
        if (std::hypot(vx_, vy_) < kFlingStopPxS || (at_end_x && at_end_y)) fling_window_ = 0;
    }
}

}  // namespace zx::client::ui
