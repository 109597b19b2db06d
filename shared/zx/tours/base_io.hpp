#pragma once
// Exchange of study-tour bases and routes with other systems: export as
// GeoJSON (RFC 7946), import from GeoJSON or CSV (RFC 4180) with a report
// that says, row by row, what was refused and why.
//
// Import never throws for bad input: every row that can be used is kept,
// every row that cannot gets exactly one ImportError naming the row, the id
// (when the row has a readable one) and the problem. A file that cannot be
// read at all (not JSON, too large, no usable header…) gives `fatal` and one
// error, and no rows at all, so a broken file is never half-imported.
// Pure functions, no I/O: the server and tools share them.
#include "zx/tours/base.hpp"
#include "zx/tours/route.hpp"
#include "zx/core/problem.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zx {


// The area the bases are expected in. A point outside it is refused, and
// named as "swapped" when exchanging latitude and longitude would put it
// inside: in China (lat 18..54, lon 73..136) a swapped pair is never also a
// valid position, so the mistake is detectable.
struct Region {
    std::string name = "China";
    double lat_min = 18, lat_max = 54;
    double lon_min = 73, lon_max = 136;
};

struct ImportOptions {
    Region region;
    // Larger input is refused as a whole (fatal) without being parsed.
    size_t max_bytes = 64ull * 1024 * 1024;
    // Bases that exist already (for example on the server): routes may stop
    // at these as well as at the bases imported from the same file.
    std::set<std::string> known_base_ids;
};

struct ImportError {
    // GeoJSON: the feature's index in "features" (0-based, as in features[i]).
    // CSV: the line number where the record starts (1-based; the header is
    // usually line 1). 0 for a fatal error about the whole file.
    size_t row = 0;
    std::string id;       // the row's id when it has a readable one, else ""
    std::string message;  // the problem in English (problem.message)
    Problem problem;      // the same as data, for translation (zx/core/problem.hpp)
    // True for a notice that refused nothing (CSV: an unknown column, which
    // is ignored); the rows were still imported.
    bool warning = false;
    bool operator==(const ImportError&) const = default;
};

struct ImportReport {
    std::vector<Base> bases;    // valid bases, in file order
    // For bases[i], the names of the Base JSON fields the row stated (GeoJSON:
    // the properties present plus id, lat, lon; CSV: the non-empty cells), so
    // that an update of an existing base changes only those.
    std::vector<std::vector<std::string>> base_fields;
    std::vector<size_t> base_rows;  // for bases[i], its row (as in ImportError::row)
    std::vector<Route> routes;  // valid routes, in file order (GeoJSON only)
    std::vector<ImportError> errors;  // sorted by row
    size_t rows_seen = 0;  // features (GeoJSON) or data records (CSV) read
    bool fatal = false;    // the file as a whole was refused: errors has that one error, nothing was kept
};

// GeoJSON FeatureCollection: every base as a Point Feature (coordinates
// [lon, lat], RFC 7946 order) with "id" = base id and properties = every
// other field of the Base JSON form plus "kind":"base"; every route as a
// Feature with "id" = route id, properties {"kind":"route", name,
// description, stops} and a LineString through the positions of its stops'
// bases, in order. Stops whose base is not in `bases` are kept in
// properties.stops but left out of the line; a route with fewer than two
// positions gets "geometry": null (a LineString needs two). Numbers are
// written in the shortest form that reads back to the same double, so
// import_geojson(to_geojson(b, r)) gives b and r exactly.
std::string to_geojson(const std::vector<Base>& bases, const std::vector<Route>& routes);

// Reads a GeoJSON FeatureCollection written by to_geojson or another tool.
// A feature is a route when properties.kind == "route", else a base; a base
// takes its fields from properties (codes or Chinese/English labels for
// category, level and status; only name, category and level are required)
// and its position from a Point geometry (a third, altitude, coordinate is
// ignored). Routes need a LineString (or null geometry) and stops whose
// base_id is a base of this file or in options.known_base_ids. The bare
// tokens NaN, Infinity and -Infinity (written by Python's json module) are
// tolerated in the text so the row that has them can be named. Streams the
// features one at a time, so memory stays near the size of the text.
ImportReport import_geojson(std::string_view text, const ImportOptions& options = {});

// Reads CSV (RFC 4180: comma-separated, fields optionally in double quotes
// with "" for a quote, CRLF or LF line ends, UTF-8 with an optional BOM;
// a file that is not UTF-8 is refused whole, naming the line).
// The first non-empty record is the header: column names (any order, case
// and surrounding spaces ignored) from id, name, category, level, lat, lon
// (required) and city, district, address, capacity, grade_min, grade_max,
// open_min, close_min, closed_weekdays, closed_dates, courses, safety,
// contact, photos, status, status_reason, demo (optional). List columns
// (closed_weekdays, closed_dates, courses, photos) separate items with ';'
// or the full-width '；'. An empty optional cell means "not stated" (the
// default, and no change when updating). An unknown column is reported once
// as a warning on the header row and ignored; a duplicate column or a
// missing required one is fatal. Blank lines are skipped.
ImportReport import_csv(std::string_view text, const ImportOptions& options = {});

}  // namespace zx
