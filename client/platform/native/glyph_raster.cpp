// Platform::rasterize_glyph on the desktop: characters the UI font lacks,
// drawn with stb_truetype (the copy inside Dear ImGui's sources, compiled
// here as a private implementation) from the system's font files, tried in
// order: Noto Sans CJK SC (rare hanzi, CJK extensions), Symbola (emoji and
// symbols as outlines: the desktop has no colour emoji), DejaVu Sans (other
// scripts). Files are read once, on first use.
#include "platform/platform.hpp"

// Third-party code: its own warnings are not ours to fix.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <imstb_truetype.h>
#pragma GCC diagnostic pop

#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace zx::platform {

namespace {
struct Face {
    std::vector<unsigned char> data;
    stbtt_fontinfo info{};
};

struct Source {
    const char* path;
    int index;  // face in a collection
};
// Debian's packages fonts-noto-cjk, fonts-symbola, fonts-dejavu-core.
constexpr Source kSources[] = {
    {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2},
    {"/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf", 0},
    {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0},
};

const std::vector<std::unique_ptr<Face>>& faces() {
    static std::vector<std::unique_ptr<Face>> list;
    static std::once_flag once;
    std::call_once(once, [] {
        for (const auto& src : kSources) {
            std::ifstream in(src.path, std::ios::binary);
            if (!in) continue;
            auto f = std::make_unique<Face>();
            f->data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            const int offset = stbtt_GetFontOffsetForIndex(f->data.data(), src.index);
            if (offset < 0 || !stbtt_InitFont(&f->info, f->data.data(), offset)) continue;
            list.push_back(std::move(f));
        }
    });
    return list;
}
}  // namespace

std::optional<Platform::GlyphBitmap> Platform::rasterize_glyph(char32_t cp, float em_px, float ascent_px) {
    for (const auto& f : faces()) {
        const int g = stbtt_FindGlyphIndex(&f->info, static_cast<int>(cp));
        if (g == 0) continue;
        const float scale = stbtt_ScaleForMappingEmToPixels(&f->info, em_px);
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        stbtt_GetGlyphBitmapBox(&f->info, g, scale, scale, &x0, &y0, &x1, &y1);
        int advance = 0, lsb = 0;
        stbtt_GetGlyphHMetrics(&f->info, g, &advance, &lsb);
        GlyphBitmap out;
        out.w = x1 - x0;
        out.h = y1 - y0;
        out.x0 = static_cast<float>(x0);
        out.y0 = std::round(ascent_px) + static_cast<float>(y0);  // y0 < 0: above the baseline
        out.advance = static_cast<float>(advance) * scale;
        if (out.w <= 0 || out.h <= 0) return std::nullopt;
        std::vector<unsigned char> alpha(static_cast<size_t>(out.w) * out.h);
        stbtt_MakeGlyphBitmap(&f->info, alpha.data(), out.w, out.h, out.w, scale, scale, g);
        out.rgba.resize(alpha.size() * 4);
        for (size_t i = 0; i < alpha.size(); ++i) {
            out.rgba[i * 4 + 0] = out.rgba[i * 4 + 1] = out.rgba[i * 4 + 2] = 255;
            out.rgba[i * 4 + 3] = alpha[i];
        }
        return out;
    }
    return std::nullopt;
}

}  // namespace zx::platform
