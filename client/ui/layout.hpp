#pragma once
// The one rule for how big things are: from the display size (CSS px on the
// web, window points on the desktop) and the person's UI scale, App::frame()
// computes a Layout once per frame, before anything is drawn; the style
// (style.cpp), the shell and every view read it from ui::layout() and never
// measure the display themselves.
//
// Below kPhoneWidth wide, or below kPhoneHeight high (a phone held in
// landscape), the client is laid out for a phone: one column, the
// navigation behind a menu button in a top bar, panes stacked in one
// scrolling column, every interactive target at least kTouchTargetPx high and
// body text at least kPhoneBodyCssPx (CSS px, the em of the font).
namespace zx::client::ui {

inline constexpr float kPhoneWidth = 600.0f;     // CSS px; narrower is a phone
inline constexpr float kPhoneHeight = 480.0f;    // CSS px; lower is a phone in landscape
inline constexpr float kTouchTargetPx = 44.0f;   // min height of a tap target at phone size
inline constexpr float kPhoneBodyCssPx = 16.0f;  // min body text (font em) at phone size

struct Layout {
    float width = 0, height = 0;  // the display, logical px (CSS px on the web)
    bool phone = false;           // one-column layout (see above)
    bool landscape = false;       // wider than high
    float ui_scale = 1.0f;        // the person's setting (Settings::ui_scale)
    // What the fonts are scaled by (ImGuiIO::FontGlobalScale): the person's
    // scale, raised at phone size until body text reaches kPhoneBodyCssPx.
    float font_scale = 1.0f;
    // The body font's em in logical (CSS) px as drawn: what the web text
    // overlay must use for its font-size so typed text matches drawn text.
    float body_font_css_px = 0;
    // The least height of an interactive item (buttons, fields, list rows).
    float target_h = 0;
    bool operator==(const Layout&) const = default;
};

// `body_em_per_px`: the body font's em per pixel of ImGui font size (about
// 0.69 for Noto Sans CJK, whose ascent + descent is 1.448 em; 1 for fonts
// whose size is their em). `font_px`: the body font's ImGui size.
Layout compute_layout(float width, float height, float ui_scale, float font_px, float body_em_per_px);

// The layout of the frame being drawn (set by App::frame before drawing).
const Layout& layout();
void set_layout(const Layout& l);

}  // namespace zx::client::ui
