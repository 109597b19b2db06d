#pragma once
// Look of the client: fonts, colours, spacing. Shared by both targets.
#include "platform/platform.hpp"
#include "zx/tours/base.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct ImFont;
struct ImVec4;

namespace zx::client {

struct Fonts {
    ImFont* body = nullptr;   // every glyph of the subset font
    ImFont* title = nullptr;  // larger; only the glyphs of the UI's own texts
    bool cjk = false;         // false when the font file could not be read
    // The OpenType bytes the atlas was built from (the atlas does not own them).
    std::shared_ptr<const std::vector<unsigned char>> data;
    // CSS px of the em per ImGui font px: ImGui sizes a font by its line
    // (hhea ascent - descent), CSS by its em; 1000 / 1448 for Noto Sans CJK.
    float em_scale = 1.0f;
};

// A glyph drawn by the platform for a code point the font file lacks; `font`
// 0 is Fonts::body, 1 Fonts::title (client/glyphs.hpp).
struct ExtraGlyph {
    int font = 0;
    char32_t cp = 0;
    platform::Platform::GlyphBitmap bitmap;
};

// Builds the font atlas from `path` (the subset Noto Sans CJK SC). Call between
// frames, with an ImGui context current; after the first frame the renderer's
// font texture must be made again (App::prepare_frame). If the file is missing
// it falls back to ImGui's built-in Latin font and returns cjk = false.
Fonts load_fonts(const std::string& path);
// The same from the bytes of an OpenType file (kept alive in Fonts::data),
// plus `extra` glyphs as custom rects of the atlas (colour ones untinted).
Fonts load_fonts(std::shared_ptr<const std::vector<unsigned char>> otf, const std::vector<ExtraGlyph>* extra = nullptr);
// The em, in CSS px, of the font ImGui draws with now (the text overlay's size).
float current_font_em_px();

namespace ui {
struct Layout;
}
// Sets ImGui's style for `layout` (ui/layout.hpp): the person's scale, and
// at phone size tap-sized frames and larger text. App::frame() calls it
// whenever the layout changes.
void apply_theme(const ui::Layout& layout);

// WCAG 2 contrast ratio of two 0xRRGGBB colours (1..21).
double contrast_ratio(uint32_t a, uint32_t b);

// 0xRRGGBB per category, the same on the desktop map and on Leaflet.
uint32_t category_rgb(BaseCategory c);
// ImGui packed colour (ABGR) from 0xRRGGBB, and as a float vector.
uint32_t im_color(uint32_t rgb, uint8_t alpha = 255);
ImVec4 im_vec4(uint32_t rgb, float alpha = 1.0f);

// The colours that mean something, 0xRRGGBB; every view uses these names.
inline constexpr uint32_t kOkRgb = 0x2E8C4C;       // done, saved, online
inline constexpr uint32_t kYesButtonRgb = 0x267A40; // a yes button under white text (5.3:1)
inline constexpr uint32_t kErrorRgb = 0xC71A1A;    // refused, failed
inline constexpr uint32_t kWarnRgb = 0xBF5900;     // needs a decision (a conflict)
inline constexpr uint32_t kStarRgb = 0xD98C0D;     // rating stars
inline constexpr uint32_t kClusterRgb = 0x3C7A89;  // a cluster of bases on the map
inline constexpr uint32_t kLinkRgb = 0x1F6FB2;     // links in Markdown
inline constexpr uint32_t kNavBgRgb = 0x17414D;    // the navigation column
inline constexpr uint32_t kNavItemRgb = 0x2A6F80;  // its selected item
inline constexpr uint32_t kNavHoverRgb = 0x22596A;
inline constexpr uint32_t kNavTextRgb = 0xFFFFFF;
inline constexpr uint32_t kNavDimRgb = 0xB9D3DA;
// Secondary and hint text (ImGuiCol_TextDisabled): at least 4.5:1 against
// every background it is drawn on (white panes, the window, text fields).
inline constexpr uint32_t kHintRgb = 0x5C6370;
inline constexpr uint32_t kPaneBgRgb = 0xFFFFFF;
inline constexpr uint32_t kWindowBgRgb = 0xF6F7F9;  // kClearColor
inline constexpr uint32_t kFrameBgRgb = 0xEDF0F5;   // text fields, combos
// The status bar's dots.
inline constexpr uint32_t kDotOnlineRgb = 0x2E9E5B;
inline constexpr uint32_t kDotPendingRgb = 0xE0A000;
inline constexpr uint32_t kDotIdleRgb = 0x888888;
inline constexpr uint32_t kDotUnknownRgb = 0xB0B0B0;
inline constexpr uint32_t kDotErrorRgb = 0xC8102E;

// Behind everything: the window background the drivers clear to each frame.
inline constexpr float kClearColor[4] = {0.965f, 0.969f, 0.976f, 1.0f};

inline constexpr float kBodyFontPx = 17.0f;
inline constexpr float kTitleFontPx = 24.0f;

}  // namespace zx::client
