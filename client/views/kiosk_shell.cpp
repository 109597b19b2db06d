// The kiosk terminal's shell: the whole window, a top bar (the device, the
// base, the time, whether the network is there and how many check-ins wait),
// and the current screen from the one list of kiosk screens below. No
// navigation, no settings, no way out but the staff's menu behind the PIN.
#include "views/kiosk_parts.hpp"

#include "style.hpp"
#include "zx/space/timetable.hpp"

#include <imgui.h>

#include <array>

namespace zx::client {

namespace kiosk_parts {

bool button(const char* label, float w) {
    return ImGui::Button(label, {w, kKioskTargetPx});
}

void heading(const char* text) {
    ImGui::SetWindowFontScale(kKioskFontScale * 1.35f);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::SetWindowFontScale(kKioskFontScale);
}

void scan_line(ViewContext& ctx, KioskUi& ui, float w) {
    if (!ImGui::IsAnyItemActive()) ImGui::SetKeyboardFocusHere();
    if (ui::input_text(ctx.platform, "##kiosk_scan", ui.scan, tr(ctx.lang(), S::KioskScanField), {w, 0},
                       ui::kInputEnterReturnsTrue)) {
        if (!ui.scan.empty()) ctx.out.push(KioskScan{ui.scan});
        ui.scan.clear();
    }
    note_item(ctx, "kiosk:scan");
}

}  // namespace kiosk_parts

namespace {

using namespace kiosk_parts;

struct KioskScreenEntry {
    KioskScreen screen;
    void (*draw)(ViewContext&, KioskUi&);
};
constexpr std::array kScreens{
    KioskScreenEntry{KioskScreen::enrol, &draw_enrol},     KioskScreenEntry{KioskScreen::attract, &draw_attract},
    KioskScreenEntry{KioskScreen::student, &draw_student}, KioskScreenEntry{KioskScreen::roster, &draw_roster},
    KioskScreenEntry{KioskScreen::staff_pin, &draw_pin},   KioskScreenEntry{KioskScreen::staff, &draw_staff},
    KioskScreenEntry{KioskScreen::revoked, &draw_revoked},
};

void top_bar(ViewContext& ctx) {
    const auto& k = ctx.state.kiosk;
    const Lang l = ctx.lang();
    ImGui::SetWindowFontScale(1.15f);
    if (k.enrolment)
        ImGui::TextUnformatted(
            trf(l, S::KioskDeviceLine, {{"name", k.enrolment->name}, {"base", k.enrolment->base_name}}).c_str());
    else
        ImGui::TextUnformatted(tr(l, S::AppName));
    std::string right = timetable::format_date_time(ctx.state.now_ms).substr(11);
    if (ctx.state.server == ServerStatus::offline) right = std::string(tr(l, S::KioskOffline)) + "  " + right;
    if (!k.queue.empty())
        right = trf(l, S::KioskQueue, {{"count", static_cast<int64_t>(k.queue.size())}}) + "  " + right;
    const float w = ImGui::CalcTextSize(right.c_str()).x;
    ImGui::SameLine(ImGui::GetContentRegionMax().x - w);
    ImGui::TextColored(im_vec4(ctx.state.server == ServerStatus::offline ? kErrorRgb : kNavBgRgb), "%s", right.c_str());
    ImGui::Separator();
    ImGui::SetWindowFontScale(kKioskFontScale);
}

}  // namespace

void draw_kiosk_shell(const ShellContext& shell) {
    const AppState& s = shell.state;
    ViewContext ctx{s, shell.platform, shell.out, shell.ui.items};
    KioskUi& ui = shell.ui.kiosk;
    if (ui.resets != s.kiosk.resets) {
        // Back at the attract screen: what anyone typed goes.
        ui = KioskUi{};
        ui.resets = s.kiosk.resets;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    constexpr ImGuiWindowFlags kRoot = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {32, 20});
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, {18, 14});
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {16, 14});
    ImGui::Begin("##kiosk", nullptr, kRoot);
    if (!s.kiosk.loaded) {
        ImGui::TextUnformatted(tr(ctx.lang(), S::SyncOpening));
    } else {
        top_bar(ctx);
        for (const auto& e : kScreens)
            if (e.screen == s.kiosk.screen) e.draw(ctx, ui);
    }
    ImGui::End();
    ImGui::PopStyleVar(3);
}

}  // namespace zx::client
