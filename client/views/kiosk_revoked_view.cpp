// A kiosk the server revoked: why (the server's reason, as it gave it), and
// the staff's menu behind the PIN, to enrol it again.
#include "views/kiosk_parts.hpp"

#include "style.hpp"

#include <imgui.h>

namespace zx::client::kiosk_parts {

void draw_revoked(ViewContext& ctx, KioskUi&) {
    const Lang l = ctx.lang();
    ImGui::PushStyleColor(ImGuiCol_Text, im_vec4(kErrorRgb));
    heading(tr(l, S::KioskRevokedTitle));
    ImGui::PopStyleColor();
    note_item(ctx, "kiosk:revoked");
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(ctx.state.kiosk.revoked.c_str());
    ImGui::TextUnformatted(tr(l, S::KioskRevokedHelp));
    ImGui::PopTextWrapPos();
    if (button(tr(l, S::KioskStaff), 220)) ctx.out.push(KioskShow{KioskScreen::staff_pin});
    note_item(ctx, "kiosk:staff");
}

}  // namespace zx::client::kiosk_parts
