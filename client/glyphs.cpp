#include "glyphs.hpp"

#include "platform/platform.hpp"
#include "sync/replica.hpp"
#include "zx/sync/model.hpp"
#include "zx/text/text.hpp"

#include <imgui.h>

#include <cmath>

namespace zx::client {

namespace {
GlyphCache* g_cache = nullptr;

// Code points that are not drawn as glyphs (controls, joiners, variation
// selectors), so asking for them is useless.
bool invisible(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0xFFFD || cp > 0x10FFFF;
}
}  // namespace

void set_glyph_cache(GlyphCache* cache) { g_cache = cache; }
void note_glyphs(std::string_view utf8) {
    if (g_cache) g_cache->note(utf8);
}

void GlyphCache::note(std::string_view utf8) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    if (!atlas || atlas->Fonts.empty() || !atlas->IsBuilt()) return;
    const ImFont* body = atlas->Fonts[0];
    for (const char32_t cp : text::decode(utf8)) {  // the shared decoder: U+FFFD for a bad byte
        if (cp < 0x80 || invisible(cp)) continue;
        if (body->FindGlyphNoFallback(static_cast<ImWchar>(cp))) continue;
        if (drawn_.count(cp) || unavailable_.count(cp)) continue;
        if (drawn_.size() + queued_.size() >= kMaxExtra) return;
        queued_.insert(cp);
    }
}

void GlyphCache::note_json(const nlohmann::json& j) {
    if (j.is_string()) {
        note(j.get_ref<const std::string&>());
    } else if (j.is_structured()) {
        for (const auto& v : j) note_json(v);
    }
}

void GlyphCache::note_records(const Replica& replica) {
    for (const auto& spec : model::collections()) {
        const std::string name(spec.name);
        const uint64_t rev = replica.revision(name);
        auto& seen = seen_revisions_[name];
        if (seen == rev) continue;
        seen = rev;
        for (const auto* r : replica.list(name)) note_json(r->fields);
    }
}

bool GlyphCache::update(platform::Platform& platform, const Fonts& fonts, double now_s) {
    if (queued_.empty() || !fonts.cjk) return false;
    if (now_s - last_rebuild_s_ < kRebuildGapS) {  // the next batch then: an idle app must draw a frame for it
        const double wait_s = kRebuildGapS - (now_s - last_rebuild_s_);
        platform.request_frame(platform.now_ms() + static_cast<int64_t>(wait_s * 1000.0) + 1);
        return false;
    }
    bool added = false;
    size_t n = 0;
    for (auto it = queued_.begin(); it != queued_.end() && n < kBatch; ++n) {
        const char32_t cp = *it;
        it = queued_.erase(it);
        bool any = false;
        int index = 0;
        for (const ImFont* font : {fonts.body, fonts.title}) {
            if (font) {
                auto b = platform.rasterize_glyph(cp, font->FontSize * fonts.em_scale, std::round(font->Ascent));
                if (b) {
                    extra_.push_back({index, cp, std::move(*b)});
                    any = true;
                }
            }
            ++index;
        }
        (any ? drawn_ : unavailable_).insert(cp);
        added = added || any;
    }
    if (added) last_rebuild_s_ = now_s;
    if (!queued_.empty()) platform.request_frame();  // more than a batch: go on next frame
    return added;
}

}  // namespace zx::client
