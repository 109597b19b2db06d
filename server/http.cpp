#include "http.hpp"

#include "zx/wire/api.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace zx::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr size_t kGzipMinBytes = 1024;
// How long a connection we are closing after an error may keep sending before
// we drop it; long enough for the client to read our answer.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerMaxBytes = 4 * 1024 * 1024;

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes %XX escapes; nothing for a truncated or non-hex escape, or a NUL,
// which no file name or route may contain.
std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out.push_back(s[i]);
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = hex_digit(s[i + 1]);
        const int lo = hex_digit(s[i + 2]);
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
    // Good enough for real browsers: "gzip" listed and not refused with q=0.
    const auto pos = accept_encoding.find("gzip");
    if (pos == std::string_view::npos) return false;
    const auto rest = accept_encoding.substr(pos + 4);
    const auto comma = rest.find(',');
    const auto params = rest.substr(0, comma);
    return params.find("q=0") == std::string_view::npos || params.find("q=0.") != std::string_view::npos;
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::now();
    const auto t = std::chrono::system_clock::to_time_t(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

}  // namespace

std::string gzip(const std::string& data, int level) {
    z_stream zs{};
    // windowBits 15 + 16: write a gzip header and trailer, not a zlib one.
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
    out.resize(zs.total_out);
    return out;
}

Response error_response(int status, const api::Error& e) {
    Response r;
    r.status = status;
    r.content_type = "application/json";
    r.body = nlohmann::json(e).dump();
    return r;
}

Response error_response(int status, const char* code, const std::string& message) {
    return error_response(status, api::Error{code, message});
}

struct HttpServer::Impl {
    HttpConfig config;
    Handler handler;
    net::io_context ioc;
    tcp::acceptor acceptor{ioc};
    std::vector<std::thread> threads;
    std::mutex log_mu;
    std::mutex state_mu;
    bool running = false;
    uint16_t bound_port = 0;

    Impl(HttpConfig c, Handler h) : config(std::move(c)), handler(std::move(h)) {}

    void log(const std::string& line) {
        if (!config.log_requests) return;
        std::lock_guard lock(log_mu);
        if (config.log_sink) return config.log_sink(line);
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    }

    void accept();
};

namespace {

// One connection: read a request, answer it, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, HttpServer::Impl& server) : stream_(std::move(socket)), server_(server) {
        beast::error_code ec;
        const auto ep = stream_.socket().remote_endpoint(ec);
        remote_ = ec ? std::string("?") : ep.address().to_string();
    }

    void start() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this()));
    }

private:
    // The header first, then the body under the limit for the request's
    // path: Beast checks a Content-Length against the limit set before the
    // header is read, so that one is the largest of all, and the path's own
    // limit is applied once the path is known.
    void read() {
        parser_.emplace();
        parser_->header_limit(server_.config.header_limit);
        uint64_t largest = server_.config.body_limit;
        for (const auto& [path, limit] : server_.config.path_body_limits) largest = std::max(largest, limit);
        parser_->body_limit(largest);
        body_limit_ = server_.config.body_limit;
        stream_.expires_after(std::chrono::seconds(server_.config.idle_timeout_s));
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&Session::on_header, shared_from_this()));
    }

    void on_header(beast::error_code ec, size_t n) {
        if (ec) return on_read(ec, n);
        const auto target = parser_->get().target();
        const auto path = percent_decode(std::string_view(target.data(), target.size()).substr(
            0, std::string_view(target.data(), target.size()).find('?')));
        for (const auto& [p, limit] : server_.config.path_body_limits)
            if (path && *path == p) body_limit_ = limit;
        if (const auto length = parser_->content_length(); length && *length > body_limit_)
            return on_read(http::error::body_limit, n);
        parser_->body_limit(body_limit_);  // what is left of it, for chunked bodies (none read yet)
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, size_t) {
        started_ = std::chrono::steady_clock::now();
        if (ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
            ec == net::error::connection_reset || ec == net::error::operation_aborted) {
            close();
            return;
        }
        if (ec) {
            reject(ec);
            return;
        }
        auto req = parser_->release();
        Request r;
        r.method = std::string(req.method_string());
        r.target = std::string(req.target());
        r.remote = remote_;
        r.body = std::move(req.body());
        r.if_none_match = std::string(req[http::field::if_none_match]);
        r.authorization = std::string(req[http::field::authorization]);
        r.content_type = std::string(req[http::field::content_type]);
        const std::string_view target(req.target().data(), req.target().size());
        const auto q = target.find('?');
        const auto path = percent_decode(target.substr(0, q));
        if (path) r.path = *path;
        if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));

        Response res;
        if (!path || r.path.empty() || r.path.front() != '/') {
            res = error_response(400, api::code::bad_request,
                                 "request target must be an absolute path with valid percent-encoding");
        } else {
            try {
                res = server_.handler(r);
            } catch (const std::exception& e) {
                res = error_response(500, api::code::internal, std::string("internal error: ") + e.what());
            }
        }
        const bool head = req.method() == http::verb::head;
        const bool gzip_ok =
            accepts_gzip(std::string_view(req[http::field::accept_encoding].data(), req[http::field::accept_encoding].size()));
        if (res.deferred) {
            // Answered later from another thread: sent on this connection's strand.
            const auto later = std::move(res.deferred);
            later([self = shared_from_this(), version = req.version(), keep_alive = req.keep_alive(), head, gzip_ok,
                   method = r.method, target = r.target](Response done) {
                net::post(self->stream_.get_executor(), [self, done = std::move(done), version, keep_alive, head,
                                                         gzip_ok, method, target]() mutable {
                    self->send(std::move(done), version, keep_alive, head, gzip_ok, method, target);
                });
            });
            return;
        }
        send(std::move(res), req.version(), req.keep_alive(), head, gzip_ok, r.method, r.target);
    }

    // The request could not be parsed: answer with the reason, then close.
    void reject(beast::error_code ec) {
        Response res;
        if (ec == http::error::header_limit) {
            // Beast reports one limit for the request line and the headers;
            // no line break within the limit means the request line itself
            // (in practice the URL) is what was too long.
            const auto data = buffer_.data();
            const std::string_view seen(static_cast<const char*>(data.data()), data.size());
            if (seen.find("\r\n") == std::string_view::npos)
                res = error_response(414, api::code::uri_too_long,
                                     "request line exceeds " + std::to_string(server_.config.header_limit) + " bytes");
            else
                res = error_response(431, api::code::headers_too_large,
                                     "request headers exceed " + std::to_string(server_.config.header_limit) +
                                         " bytes");
        } else if (ec == http::error::body_limit) {
            res = error_response(413, api::code::payload_too_large,
                                 "request body exceeds " + std::to_string(body_limit_) + " bytes");
        } else {
            res = error_response(400, api::code::bad_request, "malformed HTTP request: " + ec.message());
        }
        send(std::move(res), 11, false, false, false, "-", "-");
    }

    void send(Response res, unsigned version, bool keep_alive, bool head, bool gzip_ok, const std::string& method,
              const std::string& target) {
        auto msg = std::make_shared<http::response<http::string_body>>();
        msg->version(version);
        msg->result(static_cast<unsigned>(res.status));
        msg->set(http::field::server, "zhixing");
        msg->set(http::field::content_type, res.content_type);
        msg->set("X-Content-Type-Options", "nosniff");
        msg->set("Referrer-Policy", "no-referrer");
        msg->set(http::field::vary, "Accept-Encoding");
        for (auto& [k, v] : res.headers) msg->set(k, v);
        if (gzip_ok && res.gzip_body) {
            msg->body() = *res.gzip_body;
            msg->set(http::field::content_encoding, "gzip");
        } else if (gzip_ok && res.compressible && res.body.size() >= kGzipMinBytes) {
            // Level 1: API answers are made per request, where speed matters
            // more than the last few percent (static files get level 9, once).
            msg->body() = gzip(res.body, 1);
            msg->set(http::field::content_encoding, "gzip");
        } else {
            msg->body() = std::move(res.body);
        }
        msg->keep_alive(keep_alive);
        msg->prepare_payload();
        const auto bytes = msg->body().size();
        if (head) {
            // Same headers as GET, no body.
            msg->body().clear();
            msg->content_length(bytes);
        }
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
        char timing[32];
        std::snprintf(timing, sizeof timing, "%.2fms", ms);
        // Only the path is logged: query strings may carry more than we want in logs.
        const auto path = target.substr(0, target.find('?'));
        server_.log(utc_now() + " " + remote_ + " " + method + " " + path + " " + std::to_string(res.status) + " " +
                    std::to_string(bytes) + "B " + timing);

        stream_.expires_after(std::chrono::seconds(30));
        http::async_write(stream_, *msg,
                          [self = shared_from_this(), msg, keep_alive](beast::error_code ec, size_t) {
                              if (ec) return self->close();
                              if (keep_alive)
                                  self->read();
                              else
                                  self->linger_close();
                          });
    }

    // Half-close, then drain what the client still sends for a moment, so a
    // client in the middle of an oversized upload reads our error instead of
    // a connection reset.
    void linger_close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.expires_after(kLingerTime);
        drain();
    }

    void drain() {
        stream_.async_read_some(net::buffer(drain_buf_), [self = shared_from_this()](beast::error_code ec, size_t n) {
            self->drained_ += n;
            if (ec || self->drained_ > kLingerMaxBytes) return self->close();
            self->drain();
        });
    }

    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.socket().close(ec);
    }

    beast::tcp_stream stream_;
    HttpServer::Impl& server_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    uint64_t body_limit_ = 0;  // for the request being read
    std::string remote_;
    std::chrono::steady_clock::time_point started_;
    std::array<char, 16 * 1024> drain_buf_{};
    size_t drained_ = 0;
};

}  // namespace

void HttpServer::Impl::accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
        if (!ec) std::make_shared<Session>(std::move(socket), *this)->start();
        accept();
    });
}

HttpServer::HttpServer(HttpConfig config, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(handler))) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
    auto& s = *impl_;
    beast::error_code ec;
    const auto address = net::ip::make_address(s.config.host, ec);
    if (ec) throw std::runtime_error("invalid listen address \"" + s.config.host + "\": " + ec.message());
    const tcp::endpoint ep{address, s.config.port};
    s.acceptor.open(ep.protocol(), ec);
    if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) s.acceptor.bind(ep, ec);
    if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        throw std::runtime_error("cannot listen on " + s.config.host + ":" + std::to_string(s.config.port) + ": " +
                                 ec.message());
    s.bound_port = s.acceptor.local_endpoint().port();
    s.accept();
    int n = s.config.threads > 0 ? s.config.threads : static_cast<int>(std::thread::hardware_concurrency());
    n = std::max(n, 2);
    std::lock_guard lock(s.state_mu);
    s.running = true;
    for (int i = 0; i < n; ++i) s.threads.emplace_back([&s] { s.ioc.run(); });
}

uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::stop() {
    auto& s = *impl_;
    {
        std::lock_guard lock(s.state_mu);
        if (!s.running) return;
        s.running = false;
    }
    s.ioc.stop();
    for (auto& t : s.threads)
        if (t.joinable()) t.join();
    s.threads.clear();
    // No thread runs the io_context now, so the acceptor can be closed here;
    // after this the port refuses connections.
    beast::error_code ec;
    s.acceptor.close(ec);
}

}  // namespace zx::server
