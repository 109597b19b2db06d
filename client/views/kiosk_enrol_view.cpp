// The kiosk before it is enrolled: the base's staff type the one-time code
// an administrator issued, a name for the device and the staff PIN twice.
#include "views/kiosk_parts.hpp"

#include <imgui.h>

namespace zx::client::kiosk_parts {

void draw_enrol(ViewContext& ctx, KioskUi& ui) {
    const Lang l = ctx.lang();
    const auto& k = ctx.state.kiosk;
    heading(tr(l, S::KioskEnrolTitle));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(tr(l, S::KioskEnrolHelp));
    ImGui::PopTextWrapPos();
    const float w = std::min(ImGui::GetContentRegionAvail().x, 720.0f);
    ImGui::TextUnformatted(tr(l, S::KioskCode));
    if (!ImGui::IsAnyItemActive() && ui.code.empty()) ImGui::SetKeyboardFocusHere();
    ui::input_text(ctx.platform, "##kiosk_code", ui.code, "ABCD-EFGH-JK", {w, 0}, ui::kInputUppercase);
    note_item(ctx, "kiosk:code");
    ImGui::TextUnformatted(tr(l, S::KioskName));
    ui::input_text(ctx.platform, "##kiosk_name", ui.name, "", {w, 0});
    note_item(ctx, "kiosk:name");
    ImGui::TextUnformatted(tr(l, S::KioskPin));
    ui::input_text(ctx.platform, "##kiosk_pin", ui.pin, "", {w, 0}, ui::kInputPassword | ui::kInputNoBlank);
    note_item(ctx, "kiosk:pin");
    ImGui::TextUnformatted(tr(l, S::KioskPinAgain));
    const bool enter = ui::input_text(ctx.platform, "##kiosk_pin2", ui.pin_again, "", {w, 0},
                                      ui::kInputPassword | ui::kInputNoBlank | ui::kInputEnterReturnsTrue);
    note_item(ctx, "kiosk:pin_again");
    ImGui::BeginDisabled(k.busy);
    if ((button(tr(l, S::KioskEnrolButton), w) || enter) && !k.busy)
        ctx.out.push(KioskEnrol{ui.code, ui.name, ui.pin, ui.pin_again});
    note_item(ctx, "kiosk:enrol");
    ImGui::EndDisabled();
    notice_line(k.notice);
}

}  // namespace zx::client::kiosk_parts
