#include "platform/frame_pacer.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // the input queue and the text cursor's blink timer

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

namespace zx::platform {

namespace {

// Four independent multiply-xorshift lanes over 8-byte words: several GB/s,
// so even a frame of a million vertices costs well under a millisecond. Not a
// cryptographic hash; a collision would only end drawing one frame early.
struct Digest {
    uint64_t lane[4] = {0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull, 0x27D4EB2F165667C5ull};
    static uint64_t mix(uint64_t h, uint64_t w) {
        h ^= w * 0xBF58476D1CE4E5B9ull;
        h = (h << 27 | h >> 37) * 0x94D049BB133111EBull;
        return h;
    }
    void bytes(const void* data, size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        size_t i = 0;
        for (; i + 32 <= n; i += 32) {
            uint64_t w[4];
            std::memcpy(w, p + i, 32);
            for (int k = 0; k < 4; ++k) lane[k] = mix(lane[k], w[k]);
        }
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            lane[0] = mix(lane[0], w);
        }
        uint64_t tail = n;  // the length too, so a shorter buffer never matches a longer one
        for (; i < n; ++i) tail = tail << 8 | p[i];
        lane[1] = mix(lane[1], tail);
    }
    template <class T>
    void value(const T& v) {
        bytes(&v, sizeof v);
    }
    uint64_t done() const { return mix(mix(lane[0], lane[1]), mix(lane[2], lane[3])); }
};

// Whether input is still queued for ImGui to trickle into the next frames
// (a press and a release that came together are seen one frame apart).
// Held keys and buttons need nothing more: while something moves, events
// keep coming (motion, the system's key repeat), and a key whose release was
// missed (focus moved to the text overlay) must not keep the app drawing.
bool input_busy() {
    const ImGuiContext* g = ImGui::GetCurrentContext();
    return g && !g->InputEventsQueue.empty();
}

// When the active ImGui text field's cursor next appears or disappears
// (ImGui shows it while CursorAnim <= 0 or fmod(CursorAnim, 1.2) <= 0.8).
std::optional<int64_t> next_blink(int64_t now_ms) {
    const ImGuiContext* g = ImGui::GetCurrentContext();
    if (!g || !g->IO.ConfigInputTextCursorBlink) return std::nullopt;
    const ImGuiInputTextState* st = ImGui::GetInputTextState(g->ActiveId);
    if (!st) return std::nullopt;
    const float t = st->CursorAnim;
    double next_s = 0;
    if (t <= 0) {
        next_s = 0.8 - t;
    } else {
        const double phase = std::fmod(static_cast<double>(t), 1.2);
        next_s = phase < 0.8 ? 0.8 - phase : 1.2 - phase;
    }
    return now_ms + static_cast<int64_t>(std::ceil(next_s * 1000.0)) + 1;
}

}  // namespace

void FramePacer::request(int64_t at_ms) { requested_ = requested_ ? std::min(*requested_, at_ms) : at_ms; }

uint64_t FramePacer::digest(const ImDrawData* draw) {
    Digest d;
    if (!draw || !draw->Valid) return d.done();
    d.value(draw->DisplayPos);
    d.value(draw->DisplaySize);
    d.value(draw->FramebufferScale);
    d.value(draw->CmdListsCount);
    for (const ImDrawList* list : draw->CmdLists) {
        d.bytes(list->VtxBuffer.Data, static_cast<size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
        d.bytes(list->IdxBuffer.Data, static_cast<size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& c : list->CmdBuffer) {
            d.value(c.ClipRect);
            d.value(c.TextureId);
            d.value(c.VtxOffset);
            d.value(c.IdxOffset);
            d.value(c.ElemCount);
            d.value(c.UserCallback);
        }
    }
    return d.done();
}

int64_t FramePacer::after_frame(const ImDrawData* draw, int64_t now_ms) {
    const uint64_t now_digest = digest(draw);
    const bool changed = frames_ == 0 || now_digest != last_digest_;
    last_digest_ = now_digest;
    return decide(changed, input_busy(), next_blink(now_ms), now_ms);
}

int64_t FramePacer::decide(bool changed, bool busy, std::optional<int64_t> blink_at_ms, int64_t now_ms) {
    ++frames_;
    const std::optional<int64_t> asked = std::exchange(requested_, std::nullopt);
    if (settle_ > 0) --settle_;
    if (continuous_ || busy || changed || settle_ > 0) return 0;
    int64_t at = now_ms + kMaxWaitMs;
    if (asked) at = std::min(at, *asked);
    if (blink_at_ms) at = std::min(at, *blink_at_ms);
    return std::max<int64_t>(0, at - now_ms);
}

}  // namespace zx::platform
