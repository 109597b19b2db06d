#pragma once
// Loading the demo data (assets/demo/) on start-up, through the same write
// path as every other change, so clients sync it like anything else.
#include "accounts.hpp"
#include "repo.hpp"
#include "store.hpp"

#include "zx/base.hpp"

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

}  // namespace zx::server
