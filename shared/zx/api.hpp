#pragma once
// The JSON API under /api/v1: paths, response types and the error body, in one
// place so that the server writes and the clients read the same shapes.
#include "zx/base.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace zx::api {

inline constexpr const char* kPrefix = "/api/v1";
inline constexpr const char* kHealthPath = "/api/v1/health";
inline constexpr const char* kBasesPath = "/api/v1/bases";

// Machine-readable error codes; each pairs with one HTTP status.
namespace code {
inline constexpr const char* bad_request = "bad_request";                // 400
inline constexpr const char* not_found = "not_found";                    // 404
inline constexpr const char* method_not_allowed = "method_not_allowed";  // 405
inline constexpr const char* payload_too_large = "payload_too_large";    // 413
inline constexpr const char* uri_too_long = "uri_too_long";              // 414
inline constexpr const char* headers_too_large = "headers_too_large";    // 431
inline constexpr const char* internal = "internal";                      // 500
inline constexpr const char* unavailable = "unavailable";                // 503
}  // namespace code

// {"error":{"code":"not_found","message":"no route for GET /api/v1/nope"}}
struct Error {
    std::string code;
    std::string message;
};
void to_json(nlohmann::json& j, const Error& e);
void from_json(const nlohmann::json& j, Error& e);

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
};
void to_json(nlohmann::json& j, const BaseList& l);
void from_json(const nlohmann::json& j, BaseList& l);

}  // namespace zx::api
