#pragma once
// The parts of the map view (研学地图) that live in their own files: the
// filter panel (map_filters.cpp) and the details of a base or a route
// (map_details.cpp). Only map_view.cpp calls them.
#include "views/views.hpp"

namespace zx::client::map_parts {

// How many filter conditions are set, for the toggle's label.
int active_filters(const BaseFilter& f);
// The filter as the controls describe it; true when the user changed something.
bool draw_filters(ViewContext& ctx, MapViewUi& ui, BaseFilter& f, float width);
// A base's details, its routes, planning and management buttons.
void draw_details(ViewContext& ctx, MapViewUi& ui, const Base& b);
// A route's stops and legs, with its actions.
void draw_route_details(ViewContext& ctx, const Route& r);

}  // namespace zx::client::map_parts
