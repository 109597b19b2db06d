#pragma once
// The API document: OpenAPI 3.0 made from the route table itself (paths,
// methods, summaries, who may call, query and path parameters, request and
// answer schemas), so it lists exactly what the dispatcher serves. Served at
// GET /api/v1/openapi.json.
#include "routes.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace zx::server {

// Every path of `table` with its operations; authenticated ones name the
// "bearer" security scheme and carry "x-zhixing-auth" (token, user, admin).
// components.schemas has every schema of api_schema.hpp.
nlohmann::json openapi_document(const std::vector<Endpoint>& table);

}  // namespace zx::server
