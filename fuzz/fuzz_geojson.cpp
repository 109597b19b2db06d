// Fuzz target: the GeoJSON base importer (zx::import_geojson), as the
// server's POST /api/v1/bases/import runs it on an uploaded file.
//
// Checked beyond "no crash": the importer never throws (its contract: every
// problem is a row's error), its report keeps its promises
// (import_checks.hpp), and what it kept exports and reads back exactly
// (to_geojson's contract), so an export of imported data can be imported again.
#include "import_checks.hpp"

#include <cstddef>
#include <cstdint>

using namespace zx;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto report = import_geojson(text);
    fuzz::check_report(report);
    if (report.fatal || (report.bases.empty() && report.routes.empty())) return 0;
    const auto again = import_geojson(to_geojson(report.bases, report.routes));
    fuzz::require(!again.fatal && again.errors.empty(), "the export of an import is refused on import");
    fuzz::require(again.bases == report.bases, "bases differ after export and import");
    fuzz::require(again.routes == report.routes, "routes differ after export and import");
    return 0;
}
