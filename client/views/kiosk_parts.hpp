#pragma once
// The kiosk terminal's screens (KioskScreen), one file each, drawn by the
// kiosk's shell (kiosk_shell.cpp) from its list of screens. Everything is
// large: text at kKioskFontScale of the body font, targets kKioskTargetPx
// high (a finger at a standing terminal, at least 48 px).
#include "views/views.hpp"

namespace zx::client::kiosk_parts {

inline constexpr float kKioskFontScale = 1.45f;
inline constexpr float kKioskTargetPx = 64.0f;

// A button a finger hits: kKioskTargetPx high, `w` wide (0: fits its label).
bool button(const char* label, float w = 0);
// A heading line, larger still.
void heading(const char* text);
// The scan line: keeps the keyboard focus while nothing else has it (a QR
// scanner is a keyboard), and hands a line over as a KioskScan on Enter.
void scan_line(ViewContext& ctx, KioskUi& ui, float w);

void draw_enrol(ViewContext& ctx, KioskUi& ui);
void draw_attract(ViewContext& ctx, KioskUi& ui);
void draw_student(ViewContext& ctx, KioskUi& ui);
void draw_roster(ViewContext& ctx, KioskUi& ui);
void draw_pin(ViewContext& ctx, KioskUi& ui);
void draw_staff(ViewContext& ctx, KioskUi& ui);
void draw_revoked(ViewContext& ctx, KioskUi& ui);

}  // namespace zx::client::kiosk_parts
