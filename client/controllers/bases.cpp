#include "controllers/bases.hpp"

#include "glyphs.hpp"
#include "messages.hpp"
#include "platform/platform.hpp"
#include "style.hpp"
#include "sync/replica.hpp"

#include "zx/geo/geo.hpp"
#include "zx/tours/route.hpp"
#include "zx/wire/api.hpp"

#include <algorithm>

namespace zx::client {

namespace {
// Map zoom used when a base is picked from the list (street level).
// Selecting a base shows it with this many nearest neighbours, at least and
// at most this far either side (geo::context_box).
constexpr size_t kFocusNeighbours = 5;
constexpr double kFocusMinHalfKm = 3.0;
constexpr double kFocusMaxHalfKm = 30.0;

struct Box {
    double s = 90, w = 180, n = -90, e = -180;
    void add(double lat, double lon) {
        s = std::min(s, lat);
        n = std::max(n, lat);
        w = std::min(w, lon);
        e = std::max(e, lon);
    }
};
}  // namespace

bool shows_bases(ViewId v) { return v == ViewId::map || v == ViewId::trips; }

void BasesController::request() {
    auto& b = s_.state.bases;
    b.status = LoadStatus::loading;
    b.error.clear();
    s_.api.send("GET", api::kBasesPath, nullptr, "", [this](const ApiReply& r) { on_list(r); });
}

void BasesController::on_list(const ApiReply& r) {
    auto& st = s_.state;
    auto& b = st.bases;
    if (r.offline()) st.server_offline(r.failure);
    if (!r.ok()) {
        // Offline, but this device synced the bases before: show those.
        if (take_from_records(!fitted_once_)) return;
        b.status = LoadStatus::error;
        b.error = describe(s_.lang(), r);
        return;
    }
    if (b.from_sync) return;  // the synced records are newer than any list
    try {
        api::BaseList list;
        from_json(r.body, list);
        note_glyphs(r.body.dump());  // names with characters the font lacks
        b.all = std::move(list.bases);
        b.demo = list.demo;
        st.routes = std::move(list.routes);
        b.status = LoadStatus::ready;
        st.server = ServerStatus::online;
    } catch (const std::exception& e) {
        b.status = LoadStatus::error;
        b.error = trf(s_.lang(), S::BadAnswer, {{"detail", e.what()}});
        return;
    }
    if (!st.selected_base.empty() && !st.find_base(st.selected_base)) st.selected_base.clear();
    drawn_route_ = "\x01";
    refilter(!fitted_once_);
}

bool BasesController::take_from_records(bool fit) {
    if (!s_.engine.ready()) return false;
    const auto& replica = s_.engine.replica();
    const auto records = replica.list("bases");
    if (records.empty()) return false;  // not synced yet: keep the server's list
    auto& st = s_.state;
    auto& b = st.bases;
    b.all.clear();
    for (const auto* r : records) {
        try {
            auto base = base_from_fields(r->id, r->fields);
            if (listed(base)) b.all.push_back(std::move(base));
        } catch (const std::exception&) {
            // a half-synced base: left out until it is complete
        }
    }
    b.demo = std::any_of(b.all.begin(), b.all.end(), [](const Base& x) { return x.demo; });
    b.status = LoadStatus::ready;
    b.from_sync = true;
    b.error.clear();
    if (!st.selected_base.empty() && !st.find_base(st.selected_base)) st.selected_base.clear();
    bases_revision_ = replica.revision("bases");
    refilter(fit);
    return true;
}

void BasesController::after_frame() {
    const auto& st = s_.state;
    if (st.bases.status == LoadStatus::idle && !st.bases.from_sync && st.account.restored && !st.account.signed_in &&
        shows_bases(st.view))
        request();
    if (s_.engine.ready()) {
        const auto& replica = s_.engine.replica();
        if (const auto rev = replica.revision("routes"); rev != routes_revision_) {
            routes_revision_ = rev;
            std::vector<Route> routes;
            for (const auto* r : replica.list("routes")) {
                try {
                    routes.push_back(route_from_fields(r->id, r->fields));
                } catch (const std::exception&) {
                    // a half-synced route: left out until complete
                }
            }
            if (!routes.empty()) s_.state.routes = std::move(routes);
            drawn_route_ = "\x01";  // redraw the route from the new data
        }
        if (replica.revision("bases") != bases_revision_) take_from_records(!fitted_once_);
    } else if (s_.state.bases.from_sync) {
        // Signed out: the public list again.
        s_.state.bases.from_sync = false;
        bases_revision_ = routes_revision_ = 0;
        request();
    }
    update_map();
}

void BasesController::refilter(bool fit) {
    auto& st = s_.state;
    auto& b = st.bases;
    b.shown.clear();
    for (size_t i = 0; i < b.all.size(); ++i)
        if (matches(b.all[i], b.filter)) b.shown.push_back(i);
    std::vector<cluster::Item> items;
    items.reserve(b.shown.size());
    Box box;
    for (size_t k = 0; k < b.shown.size(); ++k) {
        const auto& base = b.all[b.shown[k]];
        items.push_back({base.lat, base.lon, static_cast<uint32_t>(k)});
        box.add(base.lat, base.lon);
    }
    // 60 px at every zoom up to 16, as Leaflet cluster maps usually do; from
    // zoom 17 on every base stands alone.
    clusters_.build(items, {0, 16, 60, 2});
    clusters_dirty_ = true;
    if (fit && !items.empty()) {
        s_.platform.map_fit(box.s, box.w, box.n, box.e);
        fitted_once_ = true;
    }
    s_.platform.map_select(st.selected_base);
}

void BasesController::handle(const SelectBase& c) {
    auto& st = s_.state;
    const Base* base = c.id.empty() ? nullptr : st.find_base(c.id);
    st.selected_base = base ? base->id : std::string();
    s_.platform.map_select(st.selected_base);
    clusters_dirty_ = true;  // the selected base leaves its cluster
    if (base && c.focus_map) {
        // The base among its nearest shown neighbours, not alone at street
        // level: people see where it is and what else is near.
        std::vector<geo::LatLon> others;
        others.reserve(st.bases.shown.size());
        for (size_t i : st.bases.shown) others.push_back({st.bases.all[i].lat, st.bases.all[i].lon});
        const auto box = geo::context_box({base->lat, base->lon}, others, kFocusNeighbours, kFocusMinHalfKm, kFocusMaxHalfKm);
        s_.platform.map_fit(box.south, box.west, box.north, box.east);
    }
}

void BasesController::handle(const SetBaseFilter& c) {
    s_.state.bases.filter = c.filter;
    refilter(true);  // a new set is shown whole
}

void BasesController::handle(const Locate&) {
    auto& m = s_.state.map;
    m.location_error.clear();
    s_.platform.locate([this](std::optional<std::pair<double, double>> where, const std::string& error) {
        auto& map = s_.state.map;
        if (where) map.my_location = geo::LatLon{where->first, where->second};
        else map.location_error = trf(s_.lang(), S::LocationFailed, {{"detail", error}});
    });
}

void BasesController::handle(const ShowRoute& c) { s_.state.map.route = c.route_id; }

void BasesController::back_online() {
    if (s_.state.bases.status == LoadStatus::error) request();
}

void BasesController::update_map() {
    auto& st = s_.state;
    const auto view = s_.platform.map_view();
    if (!view) return;
    // The route drawn follows the route picked.
    if (st.map.route != drawn_route_) {
        drawn_route_ = st.map.route;
        std::vector<platform::MapLine> lines;
        if (drawn_route_.empty()) fitted_route_.clear();
        if (const Route* r = st.find_route(drawn_route_)) {
            platform::MapLine line;
            line.id = r->id;
            Box box;
            for (const auto& stop : r->stops)
                if (const Base* base = st.find_base(stop.base_id)) {
                    line.points.emplace_back(base->lat, base->lon);
                    box.add(base->lat, base->lon);
                }
            // A newly chosen route is shown whole, like a new set of bases
            // (not again when only its data was refreshed by sync).
            if (!line.points.empty() && fitted_route_ != r->id) s_.platform.map_fit(box.s, box.w, box.n, box.e);
            fitted_route_ = r->id;
            lines.push_back(std::move(line));
        }
        s_.platform.map_set_lines(std::move(lines));
    }
    if (!clusters_dirty_ && last_view_ == view) return;
    clusters_dirty_ = false;
    last_view_ = view;
    const auto& b = st.bases;
    const Lang l = s_.lang();
    auto found = clusters_.query(view->west, view->south, view->east, view->north, view->zoom);
    std::vector<platform::MapMarker> markers;
    markers.reserve(found.size() + 1);
    auto single = [&](const Base& base) {
        return platform::MapMarker{base.id, base.name, base.lat, base.lon, category_rgb(base.category), 1, -1};
    };
    bool selected_drawn = false;
    for (const auto& c : found) {
        if (c.is_point) {
            const auto& base = b.all[b.shown[c.index]];
            selected_drawn = selected_drawn || base.id == st.selected_base;
            markers.push_back(single(base));
        } else {
            markers.push_back({"", trf(l, S::MapClusterTitle, {{"count", c.count}}), c.lat, c.lon, kClusterRgb, c.count,
                               c.expansion_zoom});
        }
    }
    // The selected base stands out even inside a cluster: it is taken out of
    // its cluster and drawn alone, so counts still add up to the set.
    const Base* sel = st.find_base(st.selected_base);
    if (sel && !selected_drawn && sel->lat >= view->south && sel->lat <= view->north && sel->lon >= view->west &&
        sel->lon <= view->east) {
        for (size_t k = 0; k < found.size(); ++k) {
            if (found[k].is_point) continue;
            const auto leaves = clusters_.leaves(found[k].id);
            const auto it = std::find_if(leaves.begin(), leaves.end(),
                                         [&](uint32_t i) { return b.all[b.shown[i]].id == sel->id; });
            if (it == leaves.end()) continue;
            auto& m = markers[k];
            if (--m.count == 1) m = single(b.all[b.shown[leaves[it == leaves.begin() ? 1 : 0]]]);  // one base is left
            else m.title = trf(l, S::MapClusterTitle, {{"count", m.count}});
            markers.push_back(single(*sel));
            break;
        }
    }
    s_.platform.map_set_markers(std::move(markers), b.shown.size());
    s_.platform.map_select(st.selected_base);
}

}  // namespace zx::client
