#pragma once
// Loading the demo data (assets/demo/) on start-up, through the same write
// path as every other change, so clients sync it like anything else.
#include "accounts.hpp"
#include "repo.hpp"
#include "store.hpp"

#include "zx/tours/base.hpp"
#include "zx/tours/trips.hpp"

#include <vector>

namespace zx::server {

struct SeedResult {
    int added = 0;
    int changed = 0;
    int removed = 0;
};

// Makes the demo bases equal `bases`: adds new ones, writes the fields that
// differ, deletes (as tombstones) demo bases no longer listed. Bases that are
// not demo data are never touched. All or nothing.
SeedResult seed_demo_bases(Store& store, ServerClock& clock, const std::vector<Base>& bases);

// The demo routes (精品线路) through the demo bases among `bases`: each starts
// at a fixed base of a different city and takes the nearest demo bases of the
// same city within 8 km, 2-4 stops, with times, legs (walk up to 1.5 km by
// road, else bus), a lunch break and tasks (each base's first demo course)
// computed from the bases themselves. Routes whose first base is missing are
// left out. Every route passes validate(Route) and fits every stop's opening
// hours (as add_demo_details gives them). Ids are "route-demo-<first base id>".
std::vector<Route> demo_routes(const std::vector<Base>& bases);

// Makes the stored demo routes equal demo_routes(bases): public records
// (no owner) written as the server; unchanged routes are not written again,
// so a restart changes nothing; "route-demo-*" routes no longer derived are
// deleted (tombstones). All or nothing.
SeedResult seed_demo_routes(Store& store, ServerClock& clock, const std::vector<Base>& bases);

}  // namespace zx::server
