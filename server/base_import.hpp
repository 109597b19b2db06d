#pragma once
// Bases and routes in and out as files, over the API:
//   GET  /api/v1/bases.geojson  every listed base and every live route (public)
//   POST /api/v1/bases/import   GeoJSON or CSV from an admin, row by row
// Reading and writing the formats is shared/zx/base_io; this stores what an
// import yields, through server_write so that clients receive it by sync.
#include "authz.hpp"
#include "repo.hpp"
#include "store.hpp"

#include "zx/wire/bases.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace zx::server {

// The largest import body; the HTTP layer allows this much on the import
// path only (every other request keeps HttpConfig::body_limit).
inline constexpr uint64_t kImportMaxBytes = 64ull * 1024 * 1024;

// Every listed base (not delisted) and every live route, as GeoJSON (see
// zx::to_geojson). A stored route that is not a valid route is left out
// rather than failing the whole export.
std::string export_geojson(Store& store);

enum class ImportFormat { geojson, csv };

// Imports `body` for admin `who` in one transaction: every valid base is
// created, or, when its id exists, updated in the fields the row states;
// every valid route is created or updated (server-owned, public like the
// demo routes). A stated contact is written unmasked to base_contacts and
// masked to the base (unless it is the masked copy an export gave out).
// Never written from a file: rating, rating_count and rating_detail (derived
// from teachers' ratings). A status of suspended or delisted without a
// reason is that row's error (base_io). An existing base whose stated fields would make it
// invalid (say grade_min above its stored grade_max) is refused as that
// row's error. `dry_run` does everything but commit.
// Answers what it did (api::ImportResult, zx/wire/bases.hpp). Throws
// ApiError 400 with the file's problem for a body that cannot be read at
// all (nothing is written).
api::ImportResult import_bases(Store& store, ServerClock& clock, const Principal& who, std::string_view body,
                               ImportFormat format, bool dry_run);

}  // namespace zx::server
