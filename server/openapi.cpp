#include "openapi.hpp"

#include "api_schema.hpp"

#include "zx/core/version.hpp"
#include "zx/wire/api.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace zx::server {

using nlohmann::json;

namespace {

json ref(const std::string& schema) { return {{"$ref", "#/components/schemas/" + schema}}; }

// "post /api/v1/classes/{id}/guardian-codes" -> "post_classes_id_guardian_codes"
std::string operation_id(const std::string& method, const std::string& path) {
    std::string id = method;
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view rest(path);
    if (rest.rfind(api::kPrefix, 0) == 0) rest.remove_prefix(std::string_view(api::kPrefix).size());
    bool gap = true;
    for (const unsigned char c : rest) {
        if (std::isalnum(c)) {
            if (gap) id += '_';
            id += static_cast<char>(c);
            gap = false;
        } else {
            gap = true;
        }
    }
    return id;
}

std::vector<std::string> path_params(const std::string& path) {
    std::vector<std::string> out;
    for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1))
        out.push_back(path.substr(open + 1, path.find('}', open) - open - 1));
    return out;
}

const char* status_text(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No content";
        default: return "Success";
    }
}

json operation(const Endpoint& e, const std::string& method) {
    json op{{"operationId", operation_id(method, e.path)}, {"summary", e.summary}, {"x-zhixing-auth", to_code(e.auth)}};
    op["security"] = e.auth == Auth::none ? json::array() : json::array({{{"bearer", json::array()}}});
    if (!e.query.empty()) {
        json params = json::array();
        for (const auto& q : e.query) {
            json schema{{"type", "string"}};
            if (!q.values.empty()) schema["enum"] = q.values;
            params.push_back({{"name", q.name}, {"in", "query"}, {"required", false}, {"description", q.description},
                              {"schema", schema}});
        }
        op["parameters"] = params;
    }
    if (!e.request.empty()) {
        json content = json::object();
        const auto media = e.request_media.empty() ? std::vector<std::string>{"application/json"} : e.request_media;
        for (const auto& m : media) content[m] = {{"schema", ref(e.request)}};
        op["requestBody"] = {{"required", true}, {"content", content}};
    }
    json ok{{"description", status_text(e.status)}};
    if (!e.response.empty()) ok["content"] = {{e.response_media, {{"schema", ref(e.response)}}}};
    json responses{{std::to_string(e.status), ok}};
    if (e.auth != Auth::none) responses["401"] = {{"$ref", "#/components/responses/Unauthorized"}};
    if (e.auth == Auth::admin) responses["403"] = {{"$ref", "#/components/responses/Forbidden"}};
    responses["default"] = {{"$ref", "#/components/responses/Error"}};
    op["responses"] = responses;
    return op;
}

json error_response(const char* description) {
    return {{"description", description}, {"content", {{"application/json", {{"schema", ref("Error")}}}}}};
}

}  // namespace

json openapi_document(const std::vector<Endpoint>& table) {
    json paths = json::object();
    for (const auto& e : table) {
        auto& item = paths[e.path];
        if (!item.contains("parameters")) {
            json params = json::array();
            for (const auto& name : path_params(e.path))
                params.push_back({{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
            if (!params.empty()) item["parameters"] = params;
        }
        for (const auto& m : e.methods) {
            std::string key = m;
            std::transform(key.begin(), key.end(), key.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            item[key] = operation(e, m);
        }
    }
    const auto& schemas = api_schemas();
    // Every schema the table names must exist: a typo would be a dangling $ref.
    for (const auto& e : table)
        for (const auto* name : {&e.request, &e.response})
            if (!name->empty() && !schemas.contains(*name))
                throw std::logic_error("route " + e.path + " names schema \"" + *name + "\", which api_schema.cpp lacks");
    return {
        {"openapi", "3.0.3"},
        {"info",
         {{"title", "Zhixing (知行) API"},
          {"version", kVersion},
          {"description",
           "The JSON API of zhixing-server. HEAD is allowed wherever GET is. Every refusal answers the Error "
           "body: `code` is the HTTP-level reason, `problem`, `field` and `params` the input problem behind it, "
           "`change` and `change_id` the refused change of a push. See docs/api.md and docs/sync.md."}}},
        {"paths", paths},
        {"components",
         {{"securitySchemes",
           {{"bearer",
             {{"type", "http"},
              {"scheme", "bearer"},
              {"description", "the token of a Session (POST /api/v1/auth/login or /register)"}}}}},
          {"schemas", schemas},
          {"responses",
           {{"Error", error_response("The request was refused; the body says why")},
            {"Unauthorized", error_response("No valid session (problem sign_in_required, session_expired or "
                                            "session_invalid)")},
            {"Forbidden", error_response("The signed-in user may not do this (problem role_required)")}}}}},
    };
}

}  // namespace zx::server
