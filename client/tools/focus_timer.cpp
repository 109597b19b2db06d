// 专注计时: 25 minutes of focus, 5 of rest. Runs on the wall clock, so it keeps
// time while the view is hidden.
#include "tools/tools.hpp"

#include <imgui.h>

#include <cstdio>

namespace zx::client {

namespace {
constexpr int64_t kFocusMs = 25 * 60 * 1000;
constexpr int64_t kBreakMs = 5 * 60 * 1000;
}  // namespace

void draw_focus_timer(ViewContext& ctx, ToolsViewUi& ui) {
    const Lang l = ctx.state.lang();
    const int64_t now = ctx.state.now_ms;
    if (ui.timer_running) {
        ui.timer_left_ms = std::max<int64_t>(0, ui.timer_end_ms - now);
        if (ui.timer_left_ms == 0) {  // a period ended: switch between focus and rest
            ui.timer_running = false;
            if (!ui.timer_break) ++ui.focus_sessions;
            ui.timer_break = !ui.timer_break;
            ui.timer_left_ms = ui.timer_break ? kBreakMs : kFocusMs;
        }
    }
    // The clock shows whole seconds: draw again when the next one starts (an
    // idle app draws only when asked, see Platform::request_frame).
    if (ui.timer_running) ctx.platform.request_frame(now + (ui.timer_left_ms % 1000 == 0 ? 1000 : ui.timer_left_ms % 1000));
    ImGui::TextUnformatted(tr(l, ui.timer_break ? S::TimerBreak : S::TimerFocus));
    const int secs = static_cast<int>(ui.timer_left_ms / 1000);
    char clock[16];
    std::snprintf(clock, sizeof clock, "%02d:%02d", (secs / 60) % 100, secs % 60);
    ImGui::SetWindowFontScale(3.0f);
    ImGui::TextUnformatted(clock);
    ImGui::SetWindowFontScale(1.0f);
    note_item(ctx, "timer:clock");
    const int64_t total = ui.timer_break ? kBreakMs : kFocusMs;
    // In whole seconds, as the clock: a bar that moved by a fraction of a
    // pixel every frame would keep an idle app drawing (frame_pacer.hpp).
    const int64_t left_s = (ui.timer_left_ms + 999) / 1000;
    ImGui::ProgressBar(1.0f - static_cast<float>(left_s * 1000) / static_cast<float>(total), {-1, 8}, "");
    if (ImGui::Button(tr(l, ui.timer_running ? S::TimerPause : S::TimerStart), {120, 44})) {
        if (ui.timer_running) {
            ui.timer_running = false;
        } else {
            ui.timer_running = true;
            ui.timer_end_ms = now + ui.timer_left_ms;
        }
    }
    note_item(ctx, "timer:start");
    ImGui::SameLine();
    if (ImGui::Button(tr(l, S::TimerReset), {120, 44})) {
        ui.timer_running = false;
        ui.timer_break = false;
        ui.timer_left_ms = kFocusMs;
    }
    note_item(ctx, "timer:reset");
    ImGui::TextDisabled("%s", trf(l, S::TimerSessions, {{"count", ui.focus_sessions}}).c_str());
}

}  // namespace zx::client
