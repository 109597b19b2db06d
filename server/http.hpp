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
#include <optional>
#include <string>
#include <string_view>
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
    std::string accept_encoding;  // the Accept-Encoding header, as sent
    std::string authorization;  // the Authorization header, as sent
    std::string content_type;   // the Content-Type header, as sent
    std::string remote;         // peer address
    // True when HttpConfig::header_check saw this request's header (before
    // its body was read) and let it go on; false for requests without a body
    // and for requests handed to a handler directly (tests).
    bool admitted = false;
};

// The write side of an answer that stays open (Response::open): each send()
// goes out as one chunk of a chunked body, in order, until either side ends
// it. Thread-safe: any thread may send or close.
class Outlet {
public:
    virtual ~Outlet() = default;
    // Queues `bytes` as the next chunk; false (nothing queued) once the
    // connection is closing or gone. A peer that does not read — more than
    // kOutletMaxQueued bytes waiting, or one write pending for longer than
    // kOutletStallMs — is cut off: the outlet closes without a goodbye.
    virtual bool send(std::string bytes) = 0;
    // Ends the body after what is queued, then closes the connection. Idempotent.
    virtual void close() = 0;
    // `fn` runs once on an I/O thread when the connection has ended, for
    // any reason (close(), the peer went away or sent anything at all, a
    // write failed); at once, on the caller's thread, if it already has.
    // One callback per outlet: a second replaces the first.
    virtual void on_closed(std::function<void()> fn) = 0;
};
inline constexpr size_t kOutletMaxQueued = 64 * 1024;
inline constexpr int64_t kOutletStallMs = 60'000;

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
    // Non-empty when `body` already is in this content coding ("br", "gzip":
    // a precompressed static file); sent as it is with that Content-Encoding.
    std::string content_encoding;
    // Set by a handler whose answer is not ready yet (slow work on another
    // thread): the HTTP layer calls it once with `respond`, which must be
    // called exactly once, from any thread, with the real answer. The
    // connection waits without holding a network thread. The other members
    // of this Response are then ignored.
    std::function<void(std::function<void(Response)> respond)> deferred;
    // Set by a handler whose answer stays open (an event stream): status,
    // content type and headers go out with a chunked body, never
    // compressed, and the connection leaves every deadline of this layer
    // behind (idle, header, body): the handler's side keeps it alive with
    // heartbeats. `open` is then called once, on an I/O thread, with the
    // outlet to write to; if the header cannot be sent it is destroyed
    // uncalled. HEAD gets the header and an empty body; HTTP/1.0, which has
    // no chunked bodies, gets 400. Not combined with `deferred`.
    std::function<void(std::shared_ptr<Outlet>)> open;
};

// Builds a JSON error response: the body of zx/wire/errors.hpp, with only
// code and message in the first form.
Response error_response(int status, const api::Error& e);
Response error_response(int status, const char* code, const std::string& message);

// HTTP-level error codes of this layer that zx/wire/errors.hpp does not
// list; each pairs with one status, like those.
namespace code {
inline constexpr const char* request_timeout = "request_timeout";      // 408
inline constexpr const char* too_many_requests = "too_many_requests";  // 429
}  // namespace code

using Handler = std::function<Response(const Request&)>;
// Looks at a request whose header is read and whose body is not: a Response
// refuses it (sent at once, then the connection closes without the body
// being read), nothing lets the body be read. The Request has no body.
using HeaderCheck = std::function<std::optional<Response>(const Request& head)>;

// The request body limit unless configured: sync pushes are sized under it
// by clients (sync::kMaxPushBytes, checked in sync_service.cpp).
inline constexpr uint64_t kDefaultBodyLimit = 1024 * 1024;

struct HttpConfig {
    std::string host = "127.0.0.1";
    uint16_t port = 8080;  // 0: let the system choose (tests)
    int threads = 0;       // 0: one per core, at least 2
    // Limits; exceeding one gets a 4xx JSON error and the connection closes.
    uint32_t header_limit = 8 * 1024;    // request line + headers
    uint64_t body_limit = kDefaultBodyLimit;  // request body
    // A different body limit for requests to exactly these (decoded) paths,
    // such as a bulk import; every other path keeps body_limit.
    std::vector<std::pair<std::string, uint64_t>> path_body_limits;
    // Deadlines, each for one phase of a request. The idle one ends a
    // keep-alive connection silently; the header and body ones cut a request
    // that has begun, with a 408 JSON error, then close.
    int idle_timeout_s = 60;    // no byte of a next request
    int header_timeout_s = 10;  // from a request's first byte to the end of its header (slow-loris)
    // The body may take body_timeout_s plus its expected size (its
    // Content-Length, or the path's body limit when it is chunked) at
    // body_min_rate bytes per second: a 64 MiB import may take 68 minutes,
    // a 1 KiB push 10 s. 0: no size-based part.
    int body_timeout_s = 10;
    uint64_t body_min_rate = 16 * 1024;  // 16 KiB/s = 128 kbit/s, a poor mobile uplink
    // Asked about every request that has a body, once its header is read
    // (see HeaderCheck); none: every body is read.
    HeaderCheck header_check;
    bool log_requests = true;            // one line per request
    // Where request lines go; stdout when empty. Called from I/O threads,
    // one whole line per call, never concurrently.
    std::function<void(const std::string& line)> log_sink;
};

// What the bytes of one request come to, read exactly as a connection reads
// them: the header under header_limit, the header_check (for a request with
// a body), the body under its path's limit. A pure function over the bytes
// (the connections use the same steps on a socket), for tests and fuzzing.
struct ParsedRequest {
    // The bytes end before the request does (a connection would wait for more).
    bool incomplete = false;
    // The request as the handler gets it, when it was read whole and its
    // target is an absolute path.
    std::optional<Request> request;
    // Otherwise the answer the connection sends instead of asking the handler.
    std::optional<Response> refusal;
    bool keep_alive = false;  // whether the connection stays open after the answer
    size_t consumed = 0;      // bytes of the input that belong to this request
};
ParsedRequest parse_request(std::string_view bytes, const HttpConfig& config, const std::string& remote = "-");

// How long a body of `expected` bytes may take to arrive under `config`, in ms.
int64_t body_deadline_ms(const HttpConfig& config, uint64_t expected);

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
// Whether an Accept-Encoding header accepts `coding` ("gzip", "br"; lower
// case): listed as a token and not refused with q=0.
bool accepts_coding(std::string_view accept_encoding, std::string_view coding);

}  // namespace zx::server
