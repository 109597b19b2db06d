#pragma once
// The study-tour bases and curated routes as the map and the lists show
// them, and the map's feed.
//
// One rule for where bases come from: the synced records when this device
// holds them (status, capacity and rating changes arrive there first), else
// GET /api/v1/bases (signed out, or before the first sync); one converter
// each (base_from_fields for records, the wire type's from_json for the
// list). The filtered set, its clusters (zx/geo/cluster.hpp) and the route
// drawn are derived here and sent to the platform's map once per frame when
// they or the map's view changed. The map is fitted to a set only when the
// person asked for it (a first load, a new filter, a route picked), never
// because a synced record changed under a map they have panned.
#include "controllers/services.hpp"

#include "zx/geo/cluster.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace zx::client {

// Whether view `v` shows bases (the map, trip planning): the public list is
// fetched only for these, so a first visit to another view costs nothing.
bool shows_bases(ViewId v);

class BasesController {
public:
    explicit BasesController(Services& s) : s_(s) {}

    void request();  // (re)loads the public list over HTTP
    void handle(const SelectBase& c);
    void handle(const SetBaseFilter& c);
    void handle(const ReloadBases&) { request(); }
    void handle(const Locate&);
    void handle(const ShowRoute& c);
    // The map picked a marker (from the platform, during poll()).
    void picked(const std::string& id) { handle(SelectBase{id, false}); }
    // The server answered again after being unreachable.
    void back_online();

    // After the commands of a frame: fetches the public list when a view that
    // shows bases is open and nobody is signed in (a signed-in device gets
    // the bases by sync: one download, not two), takes synced bases and
    // routes when they changed, then feeds the map.
    void after_frame();

private:
    void on_list(const ApiReply& r);
    bool take_from_records(bool fit);  // false when the device has no synced bases
    void refilter(bool fit);
    void update_map();

    Services& s_;
    cluster::Index clusters_;  // over state.bases.shown (item index = position in shown)
    bool clusters_dirty_ = true;
    std::optional<platform::MapView> last_view_;
    std::string drawn_route_ = "\x01";  // the route the map draws now ("\x01": must redraw)
    std::string fitted_route_;          // the route the map was last fitted to
    uint64_t bases_revision_ = 0;       // the replica's "bases" revision last taken
    uint64_t routes_revision_ = 0;
    bool fitted_once_ = false;          // the first set shown was fitted
};

}  // namespace zx::client
