#include "net/api_client.hpp"

#include "zx/core/strict_json.hpp"

namespace zx::client {

ApiReply read_reply(const platform::HttpResponse& r) {
    ApiReply out;
    out.status = r.status;
    out.failure = r.failure;
    out.transport = r.error;
    // The same depth limit as the server's edge: an answer nested deeper is
    // discarded (as unreadable), so nothing recursive ever walks it.
    out.body = strict::parse_answer(r.body);
    if (!out.ok() && out.body.is_object() && out.body.contains("error")) {
        try {
            api::Error e;
            from_json(out.body, e);
            out.error = std::move(e);
        } catch (const std::exception&) {
            // an error body of another shape (a proxy's): only the status is known
        }
    }
    return out;
}

void ApiClient::send(const std::string& method, const std::string& path, const nlohmann::json& body, const std::string& token,
                     Done done, const std::string& content_type) {
    platform_.http({method, path, body.is_null() ? std::string() : body.dump(), token, content_type},
                   [done = std::move(done)](const platform::HttpResponse& r) { done(read_reply(r)); });
}

}  // namespace zx::client
