#include "map_renderer.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace zx::platform::native {

namespace {

ImU32 rgb_to_im(uint32_t rgb, uint8_t a = 255) {
    return IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, a);
}

constexpr ImU32 kBackground = IM_COL32(232, 238, 236, 255);
constexpr ImU32 kGrid = IM_COL32(200, 210, 208, 255);
constexpr ImU32 kGridText = IM_COL32(120, 135, 132, 255);
constexpr ImU32 kInk = IM_COL32(30, 40, 45, 255);
constexpr ImU32 kPanel = IM_COL32(255, 255, 255, 230);
constexpr float kMarkerRadius = 6.0f;
constexpr float kHitRadius = 12.0f;
constexpr float kButton = 30.0f;
// A press that moves less than this is a click, not a drag.
constexpr float kClickSlopSq = 4.0f * 4.0f;

}  // namespace

void MapRenderer::set_markers(std::vector<MapMarker> markers, size_t total) {
    markers_ = std::move(markers);
    total_ = total;
}

void MapRenderer::fit_bounds(double south, double west, double north, double east) {
    fit_box_ = std::array<double, 4>{south, west, north, east};
    fitted_ = false;
}

std::optional<MapView> MapRenderer::view() const {
    if (last_rect_.w < 1 || last_rect_.h < 1) return std::nullopt;
    const auto nw = to_latlon(last_rect_.x, last_rect_.y, last_rect_);
    const auto se = to_latlon(last_rect_.x + last_rect_.w, last_rect_.y + last_rect_.h, last_rect_);
    // Clusters exist per whole zoom level, as in Leaflet; between levels the
    // nearer one decides.
    return MapView{nw.lon, se.lat, se.lon, nw.lat, static_cast<int>(std::lround(zoom_))};
}

float MapRenderer::radius_of(const MapMarker& m) {
    if (m.count <= 1) return kMarkerRadius;
    // Grows with the digits of the count, like the web's cluster icons.
    return 13.0f + 4.0f * static_cast<float>(std::log10(static_cast<double>(m.count)));
}

void MapRenderer::focus(double lat, double lon, double zoom) {
    gliding_ = true;
    glide_center_ = {lat, lon};
    glide_zoom_ = std::clamp(zoom, kMinZoom, kMaxZoom);
    fitted_ = true;  // an explicit focus wins over the automatic first fit
}

void MapRenderer::pinch(float dist_delta, float nx, float ny) {
    // SDL's dDist is a fraction of the window diagonal; doubling the finger
    // distance across a quarter of the screen is about one zoom level.
    pending_pinch_ += dist_delta * 4.0f;
    pinch_nx_ = nx;
    pinch_ny_ = ny;
}

MapRenderer::Projected MapRenderer::to_screen(geo::LatLon p, Rect r) const {
    const auto c = geo::project(center_, zoom_);
    const auto q = geo::project(p, zoom_);
    return {static_cast<float>(r.x + r.w / 2 + (q.x - c.x)), static_cast<float>(r.y + r.h / 2 + (q.y - c.y))};
}

geo::LatLon MapRenderer::to_latlon(float sx, float sy, Rect r) const {
    const auto c = geo::project(center_, zoom_);
    return geo::unproject({c.x + (sx - (r.x + r.w / 2)), c.y + (sy - (r.y + r.h / 2))}, zoom_);
}

void MapRenderer::zoom_at(double new_zoom, float sx, float sy, Rect r) {
    new_zoom = std::clamp(new_zoom, kMinZoom, kMaxZoom);
    // Keep the point under (sx, sy) fixed while the scale changes.
    const auto anchor = to_latlon(sx, sy, r);
    const auto a = geo::project(anchor, new_zoom);
    const geo::Point c{a.x - (sx - (r.x + r.w / 2)), a.y - (sy - (r.y + r.h / 2))};
    zoom_ = new_zoom;
    center_ = geo::unproject(c, zoom_);
}

void MapRenderer::fit(Rect r) {
    if (!fit_box_ || r.w < 1 || r.h < 1) return;
    const auto [min_lat, min_lon, max_lat, max_lon] = *fit_box_;
    center_ = {(min_lat + max_lat) / 2, (min_lon + max_lon) / 2};
    // Largest zoom at which the bounds fit with a margin.
    const double pad = 40;
    double z = kMaxZoom;
    for (; z > kMinZoom; z -= 0.25) {
        const auto a = geo::project({max_lat, min_lon}, z);
        const auto b = geo::project({min_lat, max_lon}, z);
        if (b.x - a.x <= r.w - 2 * pad && b.y - a.y <= r.h - 2 * pad) break;
    }
    zoom_ = std::min(z, 13.0);
    // Centre on the projected middle, which differs from the mean latitude.
    const auto a = geo::project({max_lat, min_lon}, zoom_);
    const auto b = geo::project({min_lat, max_lon}, zoom_);
    center_ = geo::unproject({(a.x + b.x) / 2, (a.y + b.y) / 2}, zoom_);
    fitted_ = true;
}

int MapRenderer::hit_test(float sx, float sy, Rect r) const {
    int best = -1;
    float best_d = 1e30f;
    for (size_t i = 0; i < markers_.size(); ++i) {
        const auto p = to_screen({markers_[i].lat, markers_[i].lon}, r);
        const float d = (p.x - sx) * (p.x - sx) + (p.y - sy) * (p.y - sy);
        const float reach = std::max(kHitRadius, radius_of(markers_[i]) + 2);
        if (d <= reach * reach && d < best_d) {
            best_d = d;
            best = static_cast<int>(i);
        }
    }
    return best;
}

void MapRenderer::draw_outlines(Rect r) {
    if (outlines_.empty()) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto nw = to_latlon(r.x, r.y, r);
    const auto se = to_latlon(r.x + r.w, r.y + r.h, r);
    const int z0 = std::clamp(static_cast<int>(std::floor(zoom_)), 0, 14);
    auto& rings = projected_[z0];
    if (rings.empty()) {
        rings.reserve(outlines_.size());
        for (const auto& o : outlines_) rings.push_back(outlines::project_rings(o, z0, 1.0));
    }
    const double k = std::exp2(zoom_ - z0);  // world pixels at z0 -> at zoom_
    const auto c = geo::project(center_, zoom_);
    const double ox = r.x + r.w / 2 - c.x, oy = r.y + r.h / 2 - c.y;
    std::vector<ImVec2> pts;
    for (size_t i = 0; i < outlines_.size(); ++i) {
        const auto& o = outlines_[i];
        if (!outlines::overlaps(o, se.lat, nw.lon, nw.lat, se.lon)) continue;
        const bool city = o.level == outlines::Level::City;
        // Provinces as the land, cities as thinner lines inside Zhejiang.
        const ImU32 line = city ? IM_COL32(150, 170, 165, 255) : IM_COL32(110, 130, 126, 255);
        for (const auto& ring : rings[i]) {
            pts.clear();
            for (const auto& p : ring)
                pts.push_back({static_cast<float>(p.x * k + ox), static_cast<float>(p.y * k + oy)});
            if (pts.size() >= 2) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), line, 0, city ? 1.0f : 1.6f);
        }
        if (!city && zoom_ >= 5 && zoom_ < 8) {
            // Province names at their box centre, when the box is on screen.
            const auto p = to_screen({(o.min_lat + o.max_lat) / 2, (o.min_lon + o.max_lon) / 2}, r);
            if (p.x > r.x && p.x < r.x + r.w && p.y > r.y && p.y < r.y + r.h)
                dl->AddText({p.x - ImGui::CalcTextSize(o.name.c_str()).x / 2, p.y}, kGridText, o.name.c_str());
        }
        if (city && zoom_ >= 8) {
            const auto p = to_screen({(o.min_lat + o.max_lat) / 2, (o.min_lon + o.max_lon) / 2}, r);
            if (p.x > r.x && p.x < r.x + r.w && p.y > r.y && p.y < r.y + r.h)
                dl->AddText({p.x - ImGui::CalcTextSize(o.name.c_str()).x / 2, p.y}, kGridText, o.name.c_str());
        }
    }
}

void MapRenderer::draw_lines(Rect r) const {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    std::vector<ImVec2> pts;
    for (const auto& line : lines_) {
        pts.clear();
        for (const auto& [lat, lon] : line.points) {
            const auto p = to_screen({lat, lon}, r);
            pts.push_back({p.x, p.y});
        }
        if (pts.size() >= 2) {
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(255, 255, 255, 220), 0, 7.0f);
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), rgb_to_im(line.rgb), 0, 4.0f);
        }
    }
}

void MapRenderer::draw_stops(Rect r) const {
    // Over the markers: the numbers say the order of the visit.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    char n[24];
    for (const auto& line : lines_) {
        for (size_t i = 0; i < line.points.size(); ++i) {
            const auto p = to_screen({line.points[i].first, line.points[i].second}, r);
            dl->AddCircleFilled({p.x, p.y}, 10, rgb_to_im(line.rgb));
            dl->AddCircle({p.x, p.y}, 10, IM_COL32(255, 255, 255, 255), 0, 2);
            std::snprintf(n, sizeof n, "%zu", i + 1);
            const ImVec2 ts = ImGui::CalcTextSize(n);
            dl->AddText({p.x - ts.x / 2, p.y - ts.y / 2}, IM_COL32(255, 255, 255, 255), n);
        }
    }
}

void MapRenderer::draw_graticule(Rect r) const {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto nw = to_latlon(r.x, r.y, r);
    const auto se = to_latlon(r.x + r.w, r.y + r.h, r);
    // Pick the step that puts lines roughly 120-300 px apart.
    static constexpr double kSteps[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10};
    const double deg_per_px = (se.lon - nw.lon) / std::max(1.0f, r.w);
    double step = kSteps[std::size(kSteps) - 1];
    for (double s : kSteps)
        if (s / deg_per_px >= 120) {
            step = s;
            break;
        }
    char label[32];
    for (double lon = std::ceil(nw.lon / step) * step; lon <= se.lon; lon += step) {
        const float x = to_screen({nw.lat, lon}, r).x;
        dl->AddLine({x, r.y}, {x, r.y + r.h}, kGrid);
        std::snprintf(label, sizeof label, "%.*f°E", step < 0.1 ? 2 : step < 1 ? 1 : 0, lon);
        dl->AddText({x + 3, r.y + 3}, kGridText, label);
    }
    for (double lat = std::ceil(se.lat / step) * step; lat <= nw.lat; lat += step) {
        const float y = to_screen({lat, nw.lon}, r).y;
        dl->AddLine({r.x, y}, {r.x + r.w, y}, kGrid);
        std::snprintf(label, sizeof label, "%.*f°N", step < 0.1 ? 2 : step < 1 ? 1 : 0, lat);
        dl->AddText({r.x + 3, y - ImGui::GetTextLineHeight() - 1}, kGridText, label);
    }
}

void MapRenderer::draw_scale_bar(Rect r) const {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Metres per pixel at the centre latitude (Web Mercator).
    const double mpp = 156543.03392 * std::cos(center_.lat * 3.14159265358979 / 180) / std::exp2(zoom_);
    static constexpr double kNice[] = {10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5};
    double metres = kNice[0];
    for (double n : kNice)
        if (n / mpp <= 120) metres = n;
    const float len = static_cast<float>(metres / mpp);
    const float x0 = r.x + 12, y0 = r.y + r.h - 14;
    char label[32];
    if (metres >= 1000)
        std::snprintf(label, sizeof label, "%g km", metres / 1000);
    else
        std::snprintf(label, sizeof label, "%g m", metres);
    const ImVec2 ts = ImGui::CalcTextSize(label);
    dl->AddRectFilled({x0 - 6, y0 - ts.y - 8}, {x0 + std::max(len, ts.x) + 6, y0 + 6}, kPanel, 4);
    dl->AddLine({x0, y0}, {x0 + len, y0}, kInk, 2);
    dl->AddLine({x0, y0 - 5}, {x0, y0}, kInk, 2);
    dl->AddLine({x0 + len, y0 - 5}, {x0 + len, y0}, kInk, 2);
    dl->AddText({x0, y0 - ts.y - 4}, kInk, label);
}

void MapRenderer::draw(Rect r, std::vector<std::string>& picks) {
    ImGuiIO& io = ImGui::GetIO();
    if (!fitted_) fit(r);

    if (gliding_) {
        // Exponential approach: fast at first, settles in about 0.4 s.
        const double t = 1.0 - std::exp(-static_cast<double>(io.DeltaTime) * 12.0);
        center_.lat += (glide_center_.lat - center_.lat) * t;
        center_.lon += (glide_center_.lon - center_.lon) * t;
        zoom_ += (glide_zoom_ - zoom_) * t;
        if (std::abs(glide_center_.lat - center_.lat) < 1e-6 && std::abs(glide_center_.lon - center_.lon) < 1e-6 &&
            std::abs(glide_zoom_ - zoom_) < 1e-3) {
            center_ = glide_center_;
            zoom_ = glide_zoom_;
            gliding_ = false;
        }
    }

    last_rect_ = r;
    ImGui::InvisibleButton("##native-map", {r.w, r.h});
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 mouse = io.MousePos;

    // Zoom buttons, top-left; handled by hand because the whole map is one item.
    const Rect plus{r.x + 10, r.y + 10, kButton, kButton};
    const Rect minus{r.x + 10, r.y + 10 + kButton + 4, kButton, kButton};
    auto inside = [&](const Rect& b) {
        return mouse.x >= b.x && mouse.x < b.x + b.w && mouse.y >= b.y && mouse.y < b.y + b.h;
    };

    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
        const auto c = geo::project(center_, zoom_);
        center_ = geo::unproject({c.x - io.MouseDelta.x, c.y - io.MouseDelta.y}, zoom_);
        gliding_ = false;
    }
    if (hovered && io.MouseWheel != 0) {
        zoom_at(zoom_ + io.MouseWheel * 0.5, mouse.x, mouse.y, r);
        gliding_ = false;
    }
    if (pending_pinch_ != 0) {
        const ImVec2 ds = io.DisplaySize;
        zoom_at(zoom_ + pending_pinch_, pinch_nx_ * ds.x, pinch_ny_ * ds.y, r);
        pending_pinch_ = 0;
        gliding_ = false;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && !inside(plus) && !inside(minus)) {
        zoom_at(zoom_ + 1, mouse.x, mouse.y, r);
        gliding_ = false;
    }
    if (hovered && !io.WantTextInput) {
        if (ImGui::IsKeyPressed(ImGuiKey_Equal) || ImGui::IsKeyPressed(ImGuiKey_KeypadAdd))
            zoom_at(zoom_ + 1, r.x + r.w / 2, r.y + r.h / 2, r);
        if (ImGui::IsKeyPressed(ImGuiKey_Minus) || ImGui::IsKeyPressed(ImGuiKey_KeypadSubtract))
            zoom_at(zoom_ - 1, r.x + r.w / 2, r.y + r.h / 2, r);
    }
    const bool click = ImGui::IsItemDeactivated() && hovered && io.MouseDragMaxDistanceSqr[0] < kClickSlopSq;
    if (click) {
        if (inside(plus)) {
            zoom_at(std::floor(zoom_) + 1, r.x + r.w / 2, r.y + r.h / 2, r);
        } else if (inside(minus)) {
            zoom_at(std::ceil(zoom_) - 1, r.x + r.w / 2, r.y + r.h / 2, r);
        } else if (int i = hit_test(mouse.x, mouse.y, r); i >= 0) {
            const auto& m = markers_[static_cast<size_t>(i)];
            if (m.count > 1)
                focus(m.lat, m.lon, std::max(zoom_ + 1, static_cast<double>(m.expansion_zoom)));  // open the cluster
            else
                picks.push_back(m.id);
        }
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect({r.x, r.y}, {r.x + r.w, r.y + r.h}, true);
    dl->AddRectFilled({r.x, r.y}, {r.x + r.w, r.y + r.h}, kBackground);
    draw_graticule(r);
    draw_outlines(r);
    draw_lines(r);

    int selected_index = -1;
    for (size_t i = 0; i < markers_.size(); ++i) {
        const auto& m = markers_[i];
        if (m.count <= 1 && m.id == selected_) {
            selected_index = static_cast<int>(i);
            continue;  // drawn last, on top
        }
        const auto p = to_screen({m.lat, m.lon}, r);
        const float rad = radius_of(m);
        if (p.x < r.x - rad || p.x > r.x + r.w + rad || p.y < r.y - rad || p.y > r.y + r.h + rad) continue;
        if (m.count > 1) {
            // A cluster: a disc with its count, coloured by size like the web map's.
            const ImU32 fill = m.count < 10    ? IM_COL32(110, 190, 120, 230)
                               : m.count < 100 ? IM_COL32(230, 190, 60, 230)
                                               : IM_COL32(235, 120, 70, 230);
            dl->AddCircleFilled({p.x, p.y}, rad + 4, (fill & 0x00FFFFFF) | 0x66000000);
            dl->AddCircleFilled({p.x, p.y}, rad, fill);
            char n[16];
            std::snprintf(n, sizeof n, "%u", m.count);
            const ImVec2 ts = ImGui::CalcTextSize(n);
            dl->AddText({p.x - ts.x / 2, p.y - ts.y / 2}, kInk, n);
            continue;
        }
        dl->AddCircleFilled({p.x, p.y}, kMarkerRadius + 1.5f, IM_COL32(255, 255, 255, 255));
        dl->AddCircleFilled({p.x, p.y}, kMarkerRadius, rgb_to_im(m.rgb));
    }
    if (selected_index >= 0) {
        const auto& m = markers_[static_cast<size_t>(selected_index)];
        const auto p = to_screen({m.lat, m.lon}, r);
        dl->AddCircleFilled({p.x, p.y}, kMarkerRadius + 7, IM_COL32(255, 170, 0, 90));
        dl->AddCircleFilled({p.x, p.y}, kMarkerRadius + 4, IM_COL32(255, 255, 255, 255));
        dl->AddCircleFilled({p.x, p.y}, kMarkerRadius + 2, rgb_to_im(m.rgb));
        dl->AddCircle({p.x, p.y}, kMarkerRadius + 7, IM_COL32(230, 120, 0, 255), 0, 2);
        const ImVec2 ts = ImGui::CalcTextSize(m.title.c_str());
        const ImVec2 a{p.x - ts.x / 2 - 8, p.y - kMarkerRadius - 16 - ts.y};
        const ImVec2 b{p.x + ts.x / 2 + 8, p.y - kMarkerRadius - 10};
        dl->AddRectFilled(a, b, kPanel, 6);
        dl->AddRect(a, b, IM_COL32(230, 120, 0, 255), 6);
        dl->AddText({a.x + 8, a.y + 3}, kInk, m.title.c_str());
    }

    draw_stops(r);

    // Zoom buttons.
    for (const auto* b : {&plus, &minus}) {
        const bool hot = hovered && inside(*b);
        dl->AddRectFilled({b->x, b->y}, {b->x + b->w, b->y + b->h}, hot ? IM_COL32(240, 246, 248, 255) : kPanel, 4);
        dl->AddRect({b->x, b->y}, {b->x + b->w, b->y + b->h}, kGrid, 4);
        const float cx = b->x + b->w / 2, cy = b->y + b->h / 2;
        dl->AddLine({cx - 7, cy}, {cx + 7, cy}, kInk, 2);
        if (b == &plus) dl->AddLine({cx, cy - 7}, {cx, cy + 7}, kInk, 2);
    }
    draw_scale_bar(r);
    dl->PopClipRect();

    if (hovered && !ImGui::IsItemActive()) {
        if (int i = hit_test(mouse.x, mouse.y, r); i >= 0) {
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            ImGui::SetTooltip("%s", markers_[static_cast<size_t>(i)].title.c_str());
        }
    }
}

}  // namespace zx::platform::native
