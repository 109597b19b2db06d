#pragma once
// The client's one way of talking to the JSON API: requests built from the
// wire types of zx/wire/, and every answer read by one parser into an
// ApiReply (status, body, the structured error). Controllers and the sync
// engine use it; the translation of a failure into words is i18n's
// (describe()), so no caller ever reads an error's message to decide.
#include "platform/platform.hpp"

#include "zx/wire/api.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

namespace zx::client {

struct ApiReply {
    int status = 0;                 // 0: no answer (offline, refused, timed out)
    nlohmann::json body;            // the parsed body; discarded() when it was not JSON
    std::optional<api::Error> error;  // set when the server answered with its error body
    platform::HttpFailure failure = platform::HttpFailure::none;  // why no answer arrived (status 0)
    std::string transport;          // its details, for logs

    bool ok() const { return status >= 200 && status < 300; }
    bool offline() const { return status == 0; }
};

// Reads any answer of the API.
ApiReply read_reply(const platform::HttpResponse& r);

class ApiClient {
public:
    explicit ApiClient(platform::Platform& p) : platform_(p) {}
    using Done = std::function<void(const ApiReply&)>;
    // Sends `body` (a wire type's JSON, or null for none) with the session
    // token; `done` runs once, from the platform's poll().
    void send(const std::string& method, const std::string& path, const nlohmann::json& body, const std::string& token,
              Done done, const std::string& content_type = "application/json");

private:
    platform::Platform& platform_;
};

}  // namespace zx::client
