// The staff's PIN, before their menu: a number pad (touch) and the field
// (a keyboard). The PIN is never shown and the field clears on a reset.
#include "views/kiosk_parts.hpp"

#include <imgui.h>

namespace zx::client::kiosk_parts {

void draw_pin(ViewContext& ctx, KioskUi& ui) {
    const Lang l = ctx.lang();
    heading(tr(l, S::KioskEnterPin));
    const float w = 3 * 120 + 2 * 16;
    if (!ImGui::IsAnyItemActive()) ImGui::SetKeyboardFocusHere();
    bool enter = ui::input_text(ctx.platform, "##kiosk_pin_entry", ui.pin_entry, "", {w, 0},
                                ui::kInputPassword | ui::kInputNoBlank | ui::kInputEnterReturnsTrue);
    note_item(ctx, "kiosk:pin_entry");
    static constexpr const char* kKeys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "←", "0", "OK"};
    for (int i = 0; i < 12; ++i) {
        if (i % 3) ImGui::SameLine();
        if (ImGui::Button(kKeys[i], {120, kKioskTargetPx})) {
            if (i == 9) {
                if (!ui.pin_entry.empty()) ui.pin_entry.pop_back();
            } else if (i == 11) {
                enter = true;
            } else if (ui.pin_entry.size() < 16) {
                ui.pin_entry += kKeys[i];
            }
        }
        note_item(ctx, std::string("kiosk:key:") + kKeys[i]);
    }
    if (enter) {
        ctx.out.push(KioskUnlock{ui.pin_entry});
        ui.pin_entry.clear();
    }
    notice_line(ctx.state.kiosk.notice);
    if (button(tr(l, S::KioskBack), w)) ctx.out.push(KioskShow{KioskScreen::attract});
    note_item(ctx, "kiosk:back");
}

}  // namespace zx::client::kiosk_parts
