#pragma once
// A small asynchronous HTTP/1.1 server on Boost.Beast: one io_context run by
// a few threads, no thread per connection, so thousands of idle keep-alive
// connections cost only their sockets and buffers.
//
// It owns everything about the wire: parsing with limits, keep-alive, gzip,
// HEAD, JSON errors for requests it cannot parse, and one log line per request.
// What a request means is up to the Handler.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace zx::api {
struct Error;
}

namespace zx::server {

struct Request {
    std::string method;  // "GET", "POST", ... ("HEAD" arrives as "HEAD")
    std::string target;  // as sent: path and query
    std::string path;    // percent-decoded path, always starting with '/'
    std::string query;   // raw query string, without '?'
    std::string body;
    std::string if_none_match;
    std::string authorization;  // the Authorization header, as sent
    std::string content_type;   // the Content-Type header, as sent
    std::string remote;         // peer address
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    // Extra headers, for example {"ETag", "\"abc\""} or {"Allow", "GET, HEAD"}.
    std::vector<std::pair<std::string, std::string>> headers;
    // When set and the client accepts gzip, sent instead of `body` (static
    // files are compressed once, not per request).
    std::shared_ptr<const std::string> gzip_body;
    bool compressible = true;  // may be gzipped on the fly when large enough
    // Set by a handler whose answer is not ready yet (slow work on another
    // thread): the HTTP layer calls it once with `respond`, which must be
    // called exactly once, from any thread, with the real answer. The
    // connection waits without holding a network thread. The other members
    // of this Response are then ignored.
    std::function<void(std::function<void(Response)> respond)> deferred;
};

// Builds a JSON error response: the body of zx/wire/errors.hpp, with only
// code and message in the first form.
Response error_response(int status, const api::Error& e);
Response error_response(int status, const char* code, const std::string& message);

using Handler = std::function<Response(const Request&)>;

struct HttpConfig {
    std::string host = "127.0.0.1";
    uint16_t port = 8080;  // 0: let the system choose (tests)
    int threads = 0;       // 0: one per core, at least 2
    // Limits; exceeding one gets a 4xx JSON error and the connection closes.
    uint32_t header_limit = 8 * 1024;    // request line + headers
    uint64_t body_limit = 1024 * 1024;   // request body
    // A different body limit for requests to exactly these (decoded) paths,
    // such as a bulk import; every other path keeps body_limit.
    std::vector<std::pair<std::string, uint64_t>> path_body_limits;
    int idle_timeout_s = 60;             // keep-alive connection with no request
    bool log_requests = true;            // one line per request
    // Where request lines go; stdout when empty. Called from I/O threads,
    // one whole line per call, never concurrently.
    std::function<void(const std::string& line)> log_sink;
};

class HttpServer {
public:
    HttpServer(HttpConfig config, Handler handler);
    ~HttpServer();  // stops and joins
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts serving on background threads. Throws with a clear
    // message if the address cannot be bound.
    void start();
    // The bound port (useful with port 0).
    uint16_t port() const;
    // Stops accepting, drops open connections and joins the threads.
    // Idempotent; the destructor calls it.
    void stop();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// gzip (RFC 1952) of `data` at the given zlib level.
std::string gzip(const std::string& data, int level = 6);

}  // namespace zx::server
