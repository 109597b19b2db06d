// The public part of the route table: the API document, health, the bases
// (list, one by id, GeoJSON export) and the admins' import.
#include "api_error.hpp"
#include "base_import.hpp"
#include "openapi.hpp"
#include "routes.hpp"

#include "zx/core/version.hpp"
#include "zx/wire/api.hpp"

namespace zx::server {

namespace {

Response openapi(const Call&) {
    // The table cannot change while the server runs: one document, made once.
    static const std::string text = openapi_document(api_routes()).dump();
    Response res;
    res.body = text;
    res.headers.emplace_back("Cache-Control", "no-cache");
    return res;
}

Response health(const Call& c) {
    api::Health h;
    h.version = kVersion;
    h.schema_version = c.services.store.schema_version();
    h.bases = c.services.store.count_bases();
    return json_response(h);
}

Response list_bases(const Call& c) {
    api::BaseList list;
    list.bases = c.services.store.list_bases();
    for (const auto& b : list.bases) list.demo = list.demo || b.demo;
    list.routes = c.services.store.list_routes();
    return json_response(list);
}

Response base_by_id(const Call& c) {
    const auto& id = c.param("id");
    if (auto b = c.services.store.find_base(id)) return json_response(*b);
    throw ApiError(404, api::code::not_found,
                   problem(Code::not_found, "", "no base with id \"{id}\"", {{"collection", "bases"}, {"id", id}}));
}

Response bases_geojson(const Call& c) {
    Response res;
    res.content_type = "application/geo+json";
    res.body = export_geojson(c.services.store);
    res.headers.emplace_back("Cache-Control", "no-store");
    return res;
}

Response import(const Call& c) {
    const auto& r = c.request;
    const auto dry = c.query_value("dry_run");
    const bool dry_run = dry == "1" || dry == "true";
    const auto type = r.content_type.substr(0, r.content_type.find(';'));
    ImportFormat format;
    if (type == "application/geo+json" || type == "application/json") format = ImportFormat::geojson;
    else if (type == "text/csv") format = ImportFormat::csv;
    else
        throw ApiError(415, api::code::unsupported_media_type,
                       problem(Code::unknown_value, "Content-Type",
                               "import takes GeoJSON (Content-Type: application/geo+json) or CSV (text/csv), not \"{value}\"",
                               {{"value", r.content_type}, {"allowed", "application/geo+json, application/json, text/csv"}}));
    return json_response(import_bases(c.services.store, c.services.clock, c.who(), r.body, format, dry_run));
}

}  // namespace

std::vector<Endpoint> public_routes() {
    return {
        {.methods = {"GET"},
         .path = api::kOpenApiPath,
         .summary = "This API described as an OpenAPI 3 document",
         .response = "OpenApi",
         .handler = openapi},
        {.methods = {"GET"},
         .path = api::kHealthPath,
         .summary = "Server version, database schema and how many bases are listed",
         .response = "Health",
         .handler = health},
        {.methods = {"GET"},
         .path = api::kBasesPath,
         .summary = "List every listed base (ordered by id) and every curated route",
         .response = "BaseList",
         .handler = list_bases},
        {.methods = {"GET"},
         .path = api::kBasePath,
         .summary = "One listed base by id",
         .response = "Base",
         .handler = base_by_id},
        {.methods = {"GET"},
         .path = api::kBasesGeoJsonPath,
         .summary = "Export every listed base and live route as GeoJSON (RFC 7946)",
         .response = "GeoJson",
         .response_media = "application/geo+json",
         .handler = bases_geojson},
        {.methods = {"POST"},
         .path = api::kBasesImportPath,
         .auth = Auth::admin,
         .summary = "Import bases and routes from a GeoJSON or CSV file",
         .request = "ImportFile",
         .response = "ImportResult",
         .request_media = {"application/geo+json", "application/json", "text/csv"},
         .query = {{"dry_run", "1 or true: check and report, store nothing", {"0", "1", "false", "true"}}},
         .handler = import},
    };
}

}  // namespace zx::server
