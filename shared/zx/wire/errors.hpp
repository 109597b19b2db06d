#pragma once
// The API's error body, one shape for every refusal:
//
//   {"error":{"code":"forbidden","message":"changes[2]: user a may not …",
//             "problem":"not_allowed","field":"changes[2]","params":{"action":"…"},
//             "change":2,"change_id":"c-17"}}
//
// `code` is the HTTP-level reason (one per status, below) and `message` the
// complete English sentence for logs and for clients that know no better.
// Everything else is optional and omitted when absent: `problem`, `field`
// and `params` are the zx::Problem (zx/core/problem.hpp) behind the refusal,
// for a client to translate; `change` and `change_id` name the refused change
// of a push batch (its index in "changes" and its id). The message of a
// refused change still starts with "changes[i]: " for older clients, but
// nothing should parse it.
#include "zx/core/problem.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace zx::api {

// Machine-readable HTTP-level error codes; each pairs with one HTTP status.
namespace code {
inline constexpr const char* bad_request = "bad_request";                // 400
inline constexpr const char* unauthorized = "unauthorized";              // 401
inline constexpr const char* forbidden = "forbidden";                    // 403
inline constexpr const char* conflict = "conflict";                      // 409
inline constexpr const char* batch_replayed = "batch_replayed";          // 409
inline constexpr const char* upgrade_required = "upgrade_required";      // 426
inline constexpr const char* not_found = "not_found";                    // 404
inline constexpr const char* method_not_allowed = "method_not_allowed";  // 405
inline constexpr const char* payload_too_large = "payload_too_large";    // 413
inline constexpr const char* unsupported_media_type = "unsupported_media_type";  // 415
inline constexpr const char* too_many_requests = "too_many_requests";    // 429
inline constexpr const char* uri_too_long = "uri_too_long";              // 414
inline constexpr const char* headers_too_large = "headers_too_large";    // 431
inline constexpr const char* internal = "internal";                      // 500
inline constexpr const char* unavailable = "unavailable";                // 503
}  // namespace code

struct Error {
    std::string code;
    std::string message;
    std::string problem = {};  // a zx::to_code name ("bad_credentials"); "" when there is none
    std::string field = {};
    std::vector<std::pair<std::string, std::string>> params = {};
    std::optional<int64_t> change = {};  // index of the refused change in a push batch
    std::string change_id = {};          // that change's id ("" when unknown)

    // The problem as data when `problem` names a code this build knows.
    std::optional<Problem> as_problem() const;
    bool operator==(const Error&) const = default;
};
// An error with `http_code` (one of code::…) about problem `p`.
Error error_of(std::string http_code, const Problem& p);

void to_json(nlohmann::json& j, const Error& e);
// Accepts bodies with or without the optional keys (older servers send only
// code and message).
void from_json(const nlohmann::json& j, Error& e);

}  // namespace zx::api
