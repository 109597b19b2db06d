#pragma once
// The desktop and kiosk map: Leaflet exists only in the browser, so here the
// map is drawn with ImGui's draw lists in Web Mercator, with the same zoom
// levels as Leaflet. Pan by dragging (mouse or one finger), zoom with the
// wheel, double-click, the +/- buttons, keys, or a two-finger pinch.
#include "platform/platform.hpp"

#include "zx/geo/geo.hpp"
#include "zx/geo/outlines.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zx::platform::native {

class MapRenderer {
public:
    // What to draw: clusters and single bases of the current view (see
    // MapMarker), standing for `total` bases.
    void set_markers(std::vector<MapMarker> markers, size_t total);
    // Fits the view to the box at the next draw.
    void fit_bounds(double south, double west, double north, double east);
    void set_lines(std::vector<MapLine> lines) { lines_ = std::move(lines); }
    // The province and city outlines drawn under everything (the offline basemap).
    void set_outlines(std::vector<outlines::Outline> o) { outlines_ = std::move(o); projected_.clear(); }
    // The view at the last draw (nothing before the first).
    std::optional<MapView> view() const;
    void select(const std::string& id) { selected_ = id; }
    // Glides to the point over a few frames.
    void focus(double lat, double lon, double zoom);
    // Whether a glide is under way (the next frames move the map by themselves).
    bool gliding() const { return gliding_; }
    // Draws the map over `r` as one ImGui item and handles its input. Marker
    // ids the user clicked are appended to `picks`.
    void draw(Rect r, std::vector<std::string>& picks);
    // A two-finger pinch: `dist_delta` as SDL reports it (fraction of the
    // window diagonal), centred at window-relative (0..1) coordinates.
    void pinch(float dist_delta, float nx, float ny);

    // For tests: what the map currently shows.
    geo::LatLon center() const { return center_; }
    double zoom() const { return zoom_; }
    // How many bases the drawn markers stand for (clusters count theirs).
    size_t marker_count() const { return total_; }
    const std::vector<MapMarker>& markers() const { return markers_; }

    static constexpr double kMinZoom = 3;
    static constexpr double kMaxZoom = 18;

private:
    struct Projected {
        float x, y;
    };
    Projected to_screen(geo::LatLon p, Rect r) const;
    geo::LatLon to_latlon(float sx, float sy, Rect r) const;
    void zoom_at(double new_zoom, float sx, float sy, Rect r);
    void fit(Rect r);
    int hit_test(float sx, float sy, Rect r) const;  // marker index or -1
    void draw_graticule(Rect r) const;
    void draw_scale_bar(Rect r) const;
    void draw_outlines(Rect r);
    void draw_lines(Rect r) const;
    void draw_stops(Rect r) const;
    static float radius_of(const MapMarker& m);

    std::vector<MapMarker> markers_;
    size_t total_ = 0;
    std::vector<MapLine> lines_;
    std::vector<outlines::Outline> outlines_;
    // Outline rings projected at an integer zoom, thinned to whole pixels;
    // drawn scaled for the fractional zoom in between.
    std::map<int, std::vector<std::vector<std::vector<geo::Point>>>> projected_;
    std::optional<std::array<double, 4>> fit_box_;  // south, west, north, east
    Rect last_rect_{};
    std::string selected_;
    geo::LatLon center_{29.2, 120.3};  // Zhejiang, until markers arrive
    double zoom_ = 7;
    bool fitted_ = false;  // false: fit the view to the markers at the next draw
    bool gliding_ = false;
    geo::LatLon glide_center_{};
    double glide_zoom_ = 0;
    float pending_pinch_ = 0;  // zoom levels to apply at the next draw
    float pinch_nx_ = 0.5f, pinch_ny_ = 0.5f;
};

}  // namespace zx::platform::native
