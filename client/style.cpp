#include "style.hpp"

#include "i18n.hpp"
#include "ui/layout.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <memory>
#include <vector>

namespace zx::client {

namespace {
// Adds the body and title fonts from one OpenType source; `add` is
// AddFontFromFileTTF or AddFontFromMemoryTTF bound to that source.
// Units per em over hhea ascent - descent, read from the OpenType tables
// (stb_truetype, as ImGui uses it, scales by the latter); 1 when unreadable.
float em_scale_of(const std::vector<unsigned char>& otf) {
    auto u16 = [&](size_t at) -> int { return at + 2 <= otf.size() ? (otf[at] << 8) | otf[at + 1] : 0; };
    auto s16 = [&](size_t at) { const int v = u16(at); return v >= 0x8000 ? v - 0x10000 : v; };
    auto u32 = [&](size_t at) -> size_t {
        return at + 4 <= otf.size() ? (static_cast<size_t>(u16(at)) << 16) | static_cast<size_t>(u16(at + 2)) : 0;
    };
    const int tables = u16(4);
    size_t head = 0, hhea = 0;
    for (int i = 0; i < tables; ++i) {
        const size_t rec = 12 + static_cast<size_t>(i) * 16;
        if (rec + 16 > otf.size()) break;
        const std::string tag(reinterpret_cast<const char*>(&otf[rec]), 4);
        if (tag == "head") head = u32(rec + 8);
        if (tag == "hhea") hhea = u32(rec + 8);
    }
    const int upem = head ? u16(head + 18) : 0;
    const int line = hhea ? s16(hhea + 4) - s16(hhea + 6) : 0;
    return upem > 0 && line > 0 ? static_cast<float>(upem) / static_cast<float>(line) : 1.0f;
}

float g_em_scale = 1.0f;  // of the atlas built last (one ImGui context per app)

template <class Add>
Fonts build_fonts(Add add, const std::vector<ExtraGlyph>* extra = nullptr) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    Fonts f;
    // Read by Build() below and not after, so a local is enough.
    ImVector<ImWchar> title_ranges, body_ranges;
    ImFontConfig cfg;
    cfg.OversampleH = 1;  // CJK glyphs are dense; oversampling would double the atlas
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    cfg.FontDataOwnedByAtlas = false;  // the caller keeps the bytes
    // ImGui skips code points the font lacks, so the full CJK range costs
    // only the glyphs our subset actually has.
    // Plus arrows (route legs) and the shapes block (rating stars ★☆),
    // which the font subset keeps but ImGui's Chinese ranges leave out.
    static const ImWchar kSymbols[] = {0x2190, 0x21FF, 0x25A0, 0x25FF, 0x2600, 0x26FF, 0};
    ImFontGlyphRangesBuilder body;
    body.AddRanges(io.Fonts->GetGlyphRangesChineseFull());
    body.AddRanges(kSymbols);
    body.BuildRanges(&body_ranges);
    f.body = add(kBodyFontPx, &cfg, body_ranges.Data);
    // The title font covers only the UI's own texts, so it stays small.
    ImFontGlyphRangesBuilder b;
    b.AddRanges(io.Fonts->GetGlyphRangesDefault());
    for (int i = 0; i < static_cast<int>(S::Count_); ++i) {
        b.AddText(tr(Lang::zh, static_cast<S>(i)));
        b.AddText(tr(Lang::en, static_cast<S>(i)));
    }
    b.BuildRanges(&title_ranges);
    if (f.body) f.title = add(kTitleFontPx, &cfg, title_ranges.Data);
    f.cjk = f.body != nullptr && f.title != nullptr;
    if (!f.cjk) {
        io.Fonts->Clear();
        f.body = io.Fonts->AddFontDefault();
        f.title = f.body;
        extra = nullptr;
    }
    std::vector<std::pair<int, const ExtraGlyph*>> rects;
    if (extra) {
        for (const auto& e : *extra) {
            ImFont* font = e.font == 0 ? f.body : f.title;
            const auto& bm = e.bitmap;
            rects.emplace_back(io.Fonts->AddCustomRectFontGlyph(font, static_cast<ImWchar>(e.cp), bm.w, bm.h, bm.advance,
                                                                ImVec2(bm.x0, bm.y0)),
                               &e);
        }
    }
    io.Fonts->Build();
    if (!rects.empty()) {
        // The renderers upload the RGBA form: write the glyphs' own pixels there.
        unsigned char* px = nullptr;
        int tw = 0, th = 0;
        io.Fonts->GetTexDataAsRGBA32(&px, &tw, &th);
        for (const auto& [id, e] : rects) {
            const ImFontAtlasCustomRect* r = io.Fonts->GetCustomRectByIndex(id);
            if (!r->IsPacked()) continue;
            const auto& bm = e->bitmap;
            for (int y = 0; y < bm.h; ++y)
                std::memcpy(px + (static_cast<size_t>(r->Y + y) * tw + r->X) * 4,
                            bm.rgba.data() + static_cast<size_t>(y) * bm.w * 4, static_cast<size_t>(bm.w) * 4);
            if (bm.colored) {
                ImFont* font = e->font == 0 ? f.body : f.title;
                if (auto* g = const_cast<ImFontGlyph*>(font->FindGlyphNoFallback(static_cast<ImWchar>(e->cp)))) g->Colored = 1;
            }
        }
    }
    return f;
}
}  // namespace

Fonts load_fonts(const std::string& path) {
    std::vector<unsigned char> bytes;
    if (FILE* in = std::fopen(path.c_str(), "rb")) {
        unsigned char buf[65536];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) bytes.insert(bytes.end(), buf, buf + n);
        std::fclose(in);
    }
    Fonts f = load_fonts(std::make_shared<const std::vector<unsigned char>>(std::move(bytes)));
    if (!f.cjk) std::fprintf(stderr, "zhixing: UI font %s not readable; Chinese text will not render\n", path.c_str());
    return f;
}

Fonts load_fonts(std::shared_ptr<const std::vector<unsigned char>> otf, const std::vector<ExtraGlyph>* extra) {
    if (!otf || otf->empty()) {
        g_em_scale = 1.0f;
        return build_fonts([](float, ImFontConfig*, const ImWchar*) -> ImFont* { return nullptr; });
    }
    Fonts f = build_fonts(
        [&](float px, ImFontConfig* cfg, const ImWchar* ranges) {
            // ImGui takes a non-const pointer but, not owning the data, never writes to it.
            return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(otf->data()),
                                                             static_cast<int>(otf->size()), px, cfg, ranges);
        },
        extra);
    f.em_scale = f.cjk ? em_scale_of(*otf) : 1.0f;
    g_em_scale = f.em_scale;
    if (f.cjk) f.data = std::move(otf);
    return f;
}

float current_font_em_px() { return ImGui::GetFontSize() * g_em_scale; }

void apply_theme(const ui::Layout& layout) {
    const float ui_scale = layout.ui_scale;
    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    ImGui::StyleColorsLight(&s);
    s.WindowRounding = 0;
    s.ChildRounding = 8;
    s.FrameRounding = 6;
    s.PopupRounding = 6;
    s.GrabRounding = 6;
    s.TabRounding = 6;
    s.ScrollbarRounding = 6;
    s.WindowPadding = {14, 12};
    s.FramePadding = {10, 7};
    s.ItemSpacing = {10, 8};
    s.ItemInnerSpacing = {8, 6};
    s.ScrollbarSize = 14;
    s.WindowBorderSize = 0;
    s.ChildBorderSize = 1;

    ImVec4* c = s.Colors;
    const ImVec4 accent{0.10f, 0.45f, 0.55f, 1.0f};  // teal: 知行 brand colour
    c[ImGuiCol_WindowBg] = {kClearColor[0], kClearColor[1], kClearColor[2], kClearColor[3]};
    c[ImGuiCol_ChildBg] = {1, 1, 1, 1};
    c[ImGuiCol_Border] = {0.85f, 0.87f, 0.90f, 1.0f};
    c[ImGuiCol_Text] = {0.13f, 0.15f, 0.18f, 1.0f};
    c[ImGuiCol_TextDisabled] = im_vec4(kHintRgb);
    c[ImGuiCol_FrameBg] = im_vec4(kFrameBgRgb);
    c[ImGuiCol_FrameBgHovered] = {0.88f, 0.92f, 0.94f, 1.0f};
    c[ImGuiCol_FrameBgActive] = {0.84f, 0.90f, 0.93f, 1.0f};
    c[ImGuiCol_Button] = {accent.x, accent.y, accent.z, 0.12f};
    c[ImGuiCol_ButtonHovered] = {accent.x, accent.y, accent.z, 0.25f};
    c[ImGuiCol_ButtonActive] = {accent.x, accent.y, accent.z, 0.40f};
    c[ImGuiCol_Header] = {accent.x, accent.y, accent.z, 0.16f};
    c[ImGuiCol_HeaderHovered] = {accent.x, accent.y, accent.z, 0.24f};
    c[ImGuiCol_HeaderActive] = {accent.x, accent.y, accent.z, 0.34f};
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_SliderGrabActive] = accent;
    c[ImGuiCol_Separator] = {0.85f, 0.87f, 0.90f, 1.0f};
    c[ImGuiCol_PlotHistogram] = accent;

    s.ScaleAllSizes(ui_scale);
    ImGui::GetIO().FontGlobalScale = layout.font_scale;
    if (layout.phone) {
        // Fingers, not a mouse: frames (buttons, fields, tabs, check boxes,
        // sliders) a tap target high; thin scrollbars, since lists scroll by
        // dragging (ui/touch_scroll.hpp); a little more room to hit items.
        const float font_px = kBodyFontPx * layout.font_scale;
        s.FramePadding.y = std::max(s.FramePadding.y, (layout.target_h - font_px) / 2 + 0.5f);
        s.WindowPadding = {10 * ui_scale, 10 * ui_scale};
        s.ItemSpacing = {8 * ui_scale, 8 * ui_scale};
        s.ScrollbarSize = 6 * ui_scale;
        s.TouchExtraPadding = {2, 2};
    }
}

namespace {
double linear(uint32_t channel) {
    const double c = static_cast<double>(channel & 0xFF) / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double luminance(uint32_t rgb) { return 0.2126 * linear(rgb >> 16) + 0.7152 * linear(rgb >> 8) + 0.0722 * linear(rgb); }
}  // namespace

double contrast_ratio(uint32_t a, uint32_t b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

uint32_t category_rgb(BaseCategory c) {
    switch (c) {
        case BaseCategory::nature: return 0x2E9E5B;
        case BaseCategory::history: return 0xB0772C;
        case BaseCategory::red: return 0xC8102E;
        case BaseCategory::science: return 0x2F6FD6;
        case BaseCategory::labor: return 0x8A9A1E;
        case BaseCategory::defense: return 0x4B5D3A;
        case BaseCategory::arts: return 0x8E44AD;
    }
    return 0x666666;
}

ImVec4 im_vec4(uint32_t rgb, float alpha) {
    return {static_cast<float>((rgb >> 16) & 0xFF) / 255.0f, static_cast<float>((rgb >> 8) & 0xFF) / 255.0f,
            static_cast<float>(rgb & 0xFF) / 255.0f, alpha};
}

uint32_t im_color(uint32_t rgb, uint8_t alpha) {
    const uint32_t r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
    return (static_cast<uint32_t>(alpha) << 24) | (b << 16) | (g << 8) | r;
}

}  // namespace zx::client
