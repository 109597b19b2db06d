#pragma once
// Look of the client: fonts, colours, spacing. Shared by both targets.
#include "zx/tours/base.hpp"

#include <cstdint>
#include <string>

struct ImFont;

namespace zx::client {

struct Fonts {
    ImFont* body = nullptr;   // every glyph of the subset font
    ImFont* title = nullptr;  // larger; only the glyphs of the UI's own texts
    bool cjk = false;         // false when the font file could not be read
};

// Builds the font atlas from `path` (the subset Noto Sans CJK SC). Call before
// the first frame, with an ImGui context current. If the file is missing it
// falls back to ImGui's built-in Latin font and returns cjk = false.
Fonts load_fonts(const std::string& path);

void apply_theme(float ui_scale);

// 0xRRGGBB per category, the same on the desktop map and on Leaflet.
uint32_t category_rgb(BaseCategory c);
// ImGui packed colour (ABGR) from 0xRRGGBB.
uint32_t im_color(uint32_t rgb, uint8_t alpha = 255);

// Behind everything: the window background the drivers clear to each frame.
inline constexpr float kClearColor[4] = {0.965f, 0.969f, 0.976f, 1.0f};

inline constexpr float kBodyFontPx = 17.0f;
inline constexpr float kTitleFontPx = 24.0f;

}  // namespace zx::client
