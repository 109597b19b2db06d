#pragma once
// The public side of the API and the bases' import report on the wire:
// health, the list of bases and routes, and what an import did, row by row.
#include "zx/tours/base.hpp"
#include "zx/tours/base_io.hpp"
#include "zx/tours/route.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace zx::api {

// GET /api/v1/health
struct Health {
    std::string status = "ok";
    std::string version;     // server build version
    int schema_version = 0;  // database schema the server runs
    int bases = 0;           // how many bases are listed
};
void to_json(nlohmann::json& j, const Health& h);
void from_json(const nlohmann::json& j, Health& h);

// GET /api/v1/bases — every listed base, ordered by id.
struct BaseList {
    std::vector<Base> bases;
    bool demo = false;  // true when any listed base is demo data
    // The curated routes (精品线路) through them: public like the bases, so a
    // kiosk or a visitor who has not signed in sees them too.
    std::vector<Route> routes;
};
void to_json(nlohmann::json& j, const BaseList& l);
void from_json(const nlohmann::json& j, BaseList& l);

// POST /api/v1/bases/import: what the import did (or, for a dry run, would
// have done). JSON: {"added","updated","unchanged","routes","rows","dry_run",
// "errors":[{"row","id","message","warning","problem","field","params"}]},
// where problem/field/params are ImportError::problem (its code by name,
// as in the error body, zx/wire/errors.hpp).
struct ImportResult {
    int added = 0;      // bases created (or revived)
    int updated = 0;    // existing bases whose stated fields changed
    int unchanged = 0;  // existing bases the file states exactly as stored
    int routes = 0;     // routes created or changed
    int contacts = 0;   // base contacts (base_contacts, unmasked) created or changed
    size_t rows = 0;    // features (GeoJSON) or data records (CSV) read
    bool dry_run = false;
    std::vector<ImportError> errors;  // sorted by row; warnings refused nothing
    bool operator==(const ImportResult&) const = default;
};
void to_json(nlohmann::json& j, const ImportResult& r);
void from_json(const nlohmann::json& j, ImportResult& r);

}  // namespace zx::api
