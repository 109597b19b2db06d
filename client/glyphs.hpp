#pragma once
// Every character shown: code points the UI font lacks (rare hanzi such as
// 䴙䴘, characters in names, emoji) are noted where text enters the app
// (synced records, the public base list, typed text), drawn by the platform
// from the system's or the browser's fonts (Platform::rasterize_glyph) and
// added to the ImGui atlas as custom glyphs at its next build
// (load_fonts(..., extra)). Bounded: at most kMaxExtra glyphs in all, at most
// kBatch drawn per rebuild, at most one rebuild per kRebuildGapS seconds.
#include "style.hpp"

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zx::platform {
class Platform;
}

namespace zx::client {

class Replica;

class GlyphCache {
public:
    static constexpr size_t kMaxExtra = 4096;
    static constexpr size_t kBatch = 256;
    static constexpr double kRebuildGapS = 1.0;

    // Queues the code points of `utf8` that the body font has no glyph for.
    // With an ImGui context and a built atlas; cheap for text it has seen.
    void note(std::string_view utf8);
    // Notes every string field of the records that changed since last call.
    void note_records(const Replica& replica);

    // Between frames: draws up to kBatch queued code points for the body and
    // title fonts. True when some were drawn, so the atlas must be rebuilt
    // with extra(); false while the last rebuild is under kRebuildGapS old.
    bool update(platform::Platform& platform, const Fonts& fonts, double now_s);

    const std::vector<ExtraGlyph>& extra() const { return extra_; }
    size_t queued() const { return queued_.size(); }
    // Code points no font of the platform could draw.
    size_t unavailable() const { return unavailable_.size(); }

private:
    void note_json(const nlohmann::json& j);

    std::set<char32_t> queued_, drawn_, unavailable_;
    std::vector<ExtraGlyph> extra_;
    std::map<std::string, uint64_t> seen_revisions_;
    double last_rebuild_s_ = -1e9;
};

// The app's one GlyphCache (set by App), for text noted outside the App's
// own data flow (typed text in ui/widgets.cpp). No-op when none is set.
void note_glyphs(std::string_view utf8);
void set_glyph_cache(GlyphCache* cache);

}  // namespace zx::client
