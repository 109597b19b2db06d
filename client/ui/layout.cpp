#include "ui/layout.hpp"

#include <algorithm>
#include <cmath>

namespace zx::client::ui {

namespace {
Layout g_layout;
}

Layout compute_layout(float width, float height, float ui_scale, float font_px, float body_em_per_px) {
    Layout l;
    l.width = width;
    l.height = height;
    l.phone = width > 0 && height > 0 && (width < kPhoneWidth || height < kPhoneHeight);
    l.landscape = width > height;
    l.ui_scale = ui_scale;
    l.font_scale = ui_scale;
    const float em_at_1 = font_px * (body_em_per_px > 0 ? body_em_per_px : 1.0f);
    if (l.phone && em_at_1 > 0) {
        // Rounded up to 1/100 so 16.0 is never 15.99 after float maths.
        const float need = std::ceil(kPhoneBodyCssPx / em_at_1 * 100.0f) / 100.0f;
        l.font_scale = std::max(ui_scale, need);
    }
    l.body_font_css_px = em_at_1 * l.font_scale;
    l.target_h = l.phone ? kTouchTargetPx * std::max(1.0f, ui_scale) : 0.0f;
    return l;
}

const Layout& layout() { return g_layout; }
void set_layout(const Layout& l) { g_layout = l; }

}  // namespace zx::client::ui
