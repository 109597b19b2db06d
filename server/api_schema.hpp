#pragma once
// JSON Schemas (the OpenAPI 3.0 dialect) of the API's wire types, by the
// names the route table uses (routes.hpp: Endpoint::request, ::response):
// "Health", "BaseList", "Session", "Error", "PushRequest", ….
//
// Written by hand after the to_json of zx/wire/*.hpp and zx/sync/sync.hpp;
// the closed sets (roles, base categories, levels and statuses, problem
// codes) are filled in from the C++ enums, so they cannot drift. The server
// keeps them rather than shared/ because only the server serves them (the
// web client would carry them for nothing). tests/server/openapi_check.py
// validates real to_json output against each one.
#include <nlohmann/json.hpp>

namespace zx::server {

// {"Name": schema, …}, made once.
const nlohmann::json& api_schemas();

}  // namespace zx::server
