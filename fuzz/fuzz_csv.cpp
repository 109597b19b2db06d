// Fuzz target: the CSV base importer (zx::import_csv), as the server's
// POST /api/v1/bases/import runs it on an uploaded file.
//
// Checked beyond "no crash": the importer never throws (its contract: every
// problem is a row's error), its report keeps its promises
// (import_checks.hpp), and the bases it kept survive a GeoJSON export and
// import unchanged (the two formats describe the same Base).
#include "import_checks.hpp"

#include <cstddef>
#include <cstdint>

using namespace zx;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto report = import_csv(text);
    fuzz::check_report(report);
    fuzz::require(report.routes.empty(), "a CSV file has no routes");
    if (report.bases.empty()) return 0;
    const auto again = import_geojson(to_geojson(report.bases, {}));
    fuzz::require(!again.fatal && again.errors.empty(), "the GeoJSON export of a CSV import is refused on import");
    fuzz::require(again.bases == report.bases, "bases differ after a CSV import, GeoJSON export and import");
    return 0;
}
