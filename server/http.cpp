// The HTTP layer (http.hpp): Boost.Beast connections in front of the router.
//   1. small helpers: percent-decoding, gzip, error answers
//   2. reading one request in steps (header limits, admission before the body,
//      body limits and deadlines), shared by connections and parse_request,
//      which the fuzzer drives
//   3. HttpServer: accept loop, Session (keep-alive, deadlines, slow clients),
//      start and stop; an answer that stays open leaves its Session for a
//      ChunkedOutlet (a socket and a queue, nothing else)
#include "http.hpp"

#include "zx/wire/api.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdlib>
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

bool accepts_coding(std::string_view accept_encoding, std::string_view coding) {
    // Good enough for real browsers: the coding listed as a whole token and
    // not refused with q=0 ("br;q=0", "gzip; q=0.000").
    size_t from = 0;
    while (from < accept_encoding.size()) {
        const auto comma = accept_encoding.find(',', from);
        auto item = accept_encoding.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from);
        from = comma == std::string_view::npos ? accept_encoding.size() : comma + 1;
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        const auto semi = item.find(';');
        auto name = item.substr(0, semi);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
        if (name.size() != coding.size() ||
            !std::equal(name.begin(), name.end(), coding.begin(), [](char a, char b) { return std::tolower(a) == b; }))
            continue;
        if (semi == std::string_view::npos) return true;
        std::string params(item.substr(semi + 1));
        params.erase(std::remove(params.begin(), params.end(), ' '), params.end());
        if (params.rfind("q=", 0) != 0) return true;
        return std::strtod(params.c_str() + 2, nullptr) > 0;
    }
    return false;
}

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

bool accepts_gzip(std::string_view accept_encoding) { return accepts_coding(accept_encoding, "gzip"); }

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


namespace {

using Parser = http::request_parser<http::string_body>;

// How much a connection reads at a time while waiting for a request.
constexpr size_t kReadChunk = 16 * 1024;

// --- The steps of reading one request, shared by the connections and by
// parse_request(); each says what it decides, so both read alike. -----------

// A fresh parser's limits: Beast checks a Content-Length against the body
// limit set before the header is read, so that one is the largest of all;
// the path's own limit is applied once the path is known (admit).
void limit_header(Parser& p, const HttpConfig& c) {
    p.header_limit(c.header_limit);
    uint64_t largest = c.body_limit;
    for (const auto& [path, limit] : c.path_body_limits) largest = std::max(largest, limit);
    p.body_limit(largest);
}

std::string_view target_of(const Parser& p) {
    const auto t = p.get().target();
    return {t.data(), t.size()};
}

// The body limit of a request to `target`: its path's own, else body_limit.
uint64_t body_limit_for(const HttpConfig& c, std::string_view target) {
    const auto path = percent_decode(target.substr(0, target.find('?')));
    uint64_t limit = c.body_limit;
    for (const auto& [p, l] : c.path_body_limits)
        if (path && *path == p) limit = l;
    return limit;
}

bool expects_body(const Parser& p) {
    const auto length = p.content_length();
    return p.chunked() || (length && *length > 0);
}

// The request as far as its header goes: everything but the body. An
// invalid target leaves `path` empty (answered 400 once the request is read).
Request head_of(const Parser& p, const std::string& remote) {
    const auto& m = p.get();
    Request r;
    r.method = std::string(m.method_string());
    r.target = std::string(m.target());
    r.remote = remote;
    r.if_none_match = std::string(m[http::field::if_none_match]);
    r.accept_encoding = std::string(m[http::field::accept_encoding]);
    r.authorization = std::string(m[http::field::authorization]);
    r.content_type = std::string(m[http::field::content_type]);
    const std::string_view target = target_of(p);
    const auto q = target.find('?');
    if (const auto path = percent_decode(target.substr(0, q))) r.path = *path;
    if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
    return r;
}

// Once the header is read: the body's limit (its path's), and a refusal
// when the body may not be read — a Content-Length over the limit (413) or
// the header_check's answer. Otherwise nothing, and the parser is limited
// for the body.
std::optional<Response> admit(Parser& p, const HttpConfig& c, Request& head, uint64_t& body_limit) {
    body_limit = body_limit_for(c, target_of(p));
    if (const auto length = p.content_length(); length && *length > body_limit)
        return error_response(413, api::code::payload_too_large, "request body exceeds " + std::to_string(body_limit) + " bytes");
    if (c.header_check && expects_body(p)) {
        try {
            if (auto refusal = c.header_check(head)) return refusal;
        } catch (const std::exception& e) {
            return error_response(500, api::code::internal, std::string("internal error: ") + e.what());
        }
        head.admitted = true;
    }
    p.body_limit(body_limit);  // what is left of it, for chunked bodies (none read yet)
    return std::nullopt;
}

// The refusal of a request the parser `p` could not read.
Response unreadable(beast::error_code ec, const Parser& p, const HttpConfig& c, uint64_t body_limit) {
    if (ec == http::error::header_limit) {
        // Beast reports one limit for the request line and the headers. It
        // hands the request line over (and the bytes it took are gone from
        // the buffer) as soon as that line is whole, so a request without a
        // target yet is one whose line itself (in practice the URL) is too
        // long; otherwise the header fields are.
        if (p.get().target().empty())
            return error_response(414, api::code::uri_too_long,
                                  "request line exceeds " + std::to_string(c.header_limit) + " bytes");
        return error_response(431, api::code::headers_too_large,
                              "request headers exceed " + std::to_string(c.header_limit) + " bytes");
    }
    if (ec == http::error::body_limit)
        return error_response(413, api::code::payload_too_large, "request body exceeds " + std::to_string(body_limit) + " bytes");
    return error_response(400, api::code::bad_request, "malformed HTTP request: " + ec.message());
}

// A request read whole: the one its handler gets, or the 400 for a target
// that is not an absolute path with valid escapes.
std::optional<Response> bad_target(const Request& r) {
    if (!r.path.empty() && r.path.front() == '/') return std::nullopt;
    return error_response(400, api::code::bad_request, "request target must be an absolute path with valid percent-encoding");
}

Response timed_out(const char* part, int64_t ms) {
    return error_response(408, code::request_timeout,
                          std::string("the request's ") + part + " did not arrive within " + std::to_string(ms / 1000) + " s");
}

}  // namespace

int64_t body_deadline_ms(const HttpConfig& c, uint64_t expected) {
    const int64_t base = int64_t{c.body_timeout_s} * 1000;
    if (c.body_min_rate == 0) return base;
    // In double: no product of two large integers can overflow; a day at most.
    const double ms = static_cast<double>(expected) * 1000.0 / static_cast<double>(c.body_min_rate);
    return base + static_cast<int64_t>(std::min(ms, 86'400'000.0));
}

ParsedRequest parse_request(std::string_view bytes, const HttpConfig& config, const std::string& remote) {
    ParsedRequest out;
    Parser p;
    limit_header(p, config);
    uint64_t body_limit = config.body_limit;
    beast::error_code ec;
    // Feeds the parser what is left of the bytes until `done`; false when it
    // stops first (an error in `ec`, or the bytes ran out).
    auto feed = [&](auto done) {
        while (!done()) {
            const auto n = p.put(net::buffer(bytes.data() + out.consumed, bytes.size() - out.consumed), ec);
            out.consumed += n;
            if (ec == http::error::need_more) {
                ec = {};
                if (out.consumed < bytes.size() && n > 0) continue;
                out.incomplete = true;
                return false;
            }
            if (ec) return false;
        }
        return true;
    };
    auto refuse = [&](Response res) {
        out.refusal = std::move(res);
        out.keep_alive = false;
        return out;
    };
    if (!feed([&] { return p.is_header_done(); }))
        return out.incomplete ? out : refuse(unreadable(ec, p, config, body_limit));
    Request head = head_of(p, remote);
    if (auto refusal = admit(p, config, head, body_limit)) return refuse(std::move(*refusal));
    if (!feed([&] { return p.is_done(); }))
        return out.incomplete ? out : refuse(unreadable(ec, p, config, body_limit));
    auto msg = p.release();
    out.keep_alive = msg.keep_alive();
    head.body = std::move(msg.body());
    if (auto res = bad_target(head)) out.refusal = std::move(*res);
    else out.request = std::move(head);
    return out;
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

// The connection of an answer that stays open (Response::open), once its
// header is sent: only the socket and what waits to be written, so that
// thousands of idle event streams cost little more than their sockets (the
// Session they came from, with its buffers and parser, is gone). Everything
// runs on the socket's strand; send() and close() from other threads take
// the mutex and post there.
class ChunkedOutlet : public Outlet, public std::enable_shared_from_this<ChunkedOutlet> {
public:
    explicit ChunkedOutlet(tcp::socket socket) : socket_(std::move(socket)) {}

    // Watches the peer: an event stream's client sends nothing after its
    // request, so readable means it closed (or misbehaves): either way, end.
    void start() {
        socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code) { self->abort(); });
    }

    bool send(std::string bytes) override {
        if (bytes.empty()) return !closed_flag();
        {
            std::lock_guard lock(mu_);
            if (closing_ || closed_) return false;
            const auto now = std::chrono::steady_clock::now();
            const bool stalled = writing_ && now - write_started_ > std::chrono::milliseconds(kOutletStallMs);
            if (!stalled && queued_ + bytes.size() <= kOutletMaxQueued) {
                char size[20];
                std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
                queue_ += size;
                queue_ += bytes;
                queue_ += "\r\n";
                queued_ += bytes.size();
                if (!writing_) {
                    writing_ = true;
                    net::post(socket_.get_executor(), [self = shared_from_this()] { self->write_next(); });
                }
                return true;
            }
        }
        post_abort();  // a reader this far behind is not coming back
        return false;
    }

    void close() override {
        std::lock_guard lock(mu_);
        if (closing_ || closed_) return;
        closing_ = true;
        queue_ += "0\r\n\r\n";  // the last chunk: the body ends
        if (!writing_) {
            writing_ = true;
            net::post(socket_.get_executor(), [self = shared_from_this()] { self->write_next(); });
        }
    }

    void on_closed(std::function<void()> fn) override {
        {
            std::lock_guard lock(mu_);
            if (!closed_) {
                on_closed_ = std::move(fn);
                return;
            }
        }
        if (fn) fn();
    }

private:
    bool closed_flag() {
        std::lock_guard lock(mu_);
        return closed_ || closing_;
    }

    // On the strand: writes everything queued as one buffer, then again
    // until nothing is left; ends the connection after the last chunk.
    void write_next() {
        {
            std::lock_guard lock(mu_);
            if (closed_) return;
            out_.clear();
            out_.swap(queue_);
            queued_ = 0;
            if (out_.empty()) {
                writing_ = false;
                if (!closing_) return;
            } else {
                write_started_ = std::chrono::steady_clock::now();
            }
        }
        if (out_.empty()) return abort();  // closing, and all of it written
        net::async_write(socket_, net::buffer(out_), [self = shared_from_this()](beast::error_code ec, size_t) {
            if (ec) return self->abort();
            self->write_next();
        });
    }

    void post_abort() {
        net::post(socket_.get_executor(), [self = shared_from_this()] { self->abort(); });
    }

    // On the strand: closes the socket (cancelling the watch and any write)
    // and tells the owner, once.
    void abort() {
        std::function<void()> fn;
        {
            std::lock_guard lock(mu_);
            if (closed_) return;
            closed_ = true;
            fn = std::move(on_closed_);
            queue_.clear();
            queue_.shrink_to_fit();
        }
        beast::error_code ec;
        socket_.shutdown(tcp::socket::shutdown_both, ec);
        socket_.close(ec);
        if (fn) fn();
    }

    tcp::socket socket_;
    std::mutex mu_;
    std::string queue_;  // framed chunks not yet handed to the socket
    std::string out_;    // what the pending write sends (strand only)
    size_t queued_ = 0;  // payload bytes in queue_
    bool writing_ = false;
    bool closing_ = false;
    bool closed_ = false;
    std::chrono::steady_clock::time_point write_started_;
    std::function<void()> on_closed_;
};

// One connection: read a request, answer it, repeat while keep-alive.
//
// Reading has three phases, each under its own deadline (HttpConfig): idle
// (waiting for a request's first byte), header, body. The deadlines are our
// own timer rather than the stream's, because a stream that times out
// closes its socket, and a request cut in its header or body is answered
// (408) before the connection closes.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, HttpServer::Impl& server)
        : stream_(std::move(socket)), server_(server), deadline_(stream_.get_executor()) {
        beast::error_code ec;
        const auto ep = stream_.socket().remote_endpoint(ec);
        remote_ = ec ? std::string("?") : ep.address().to_string();
    }

    void start() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this()));
    }

private:
    enum class Phase { idle, header, body };

    // Starts `phase`'s deadline: when it passes, the pending read is
    // cancelled and its handler finds cut() true.
    void arm(Phase phase, int64_t ms) {
        phase_ = phase;
        timed_out_ = false;
        deadline_ms_ = ms;
        deadline_.expires_after(std::chrono::milliseconds(ms));
        deadline_.async_wait([self = shared_from_this(), gen = ++armed_](beast::error_code ec) {
            if (ec || gen != self->armed_) return;
            self->timed_out_ = true;
            beast::error_code ignored;
            self->stream_.socket().cancel(ignored);
        });
    }
    // Stops the deadline; true when it had cut the read that just ended with `ec`.
    bool disarm(beast::error_code ec) {
        ++armed_;
        deadline_.cancel();
        const bool cut = timed_out_ && ec == net::error::operation_aborted;
        timed_out_ = false;
        return cut;
    }

    void read() {
        parser_.emplace();
        limit_header(*parser_, server_.config);
        body_limit_ = server_.config.body_limit;
        stream_.expires_never();  // reads run under our deadlines; writes set their own
        if (buffer_.size() > 0) return read_header();  // a pipelined request has begun already
        arm(Phase::idle, int64_t{server_.config.idle_timeout_s} * 1000);
        stream_.async_read_some(buffer_.prepare(kReadChunk),
                                beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
    }

    void on_first_bytes(beast::error_code ec, size_t n) {
        disarm(ec);
        if (ec) return close();  // idle too long, or the client went away: nothing to answer
        buffer_.commit(n);
        read_header();
    }

    void read_header() {
        arm(Phase::header, int64_t{server_.config.header_timeout_s} * 1000);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&Session::on_header, shared_from_this()));
    }

    void on_header(beast::error_code ec, size_t n) {
        if (disarm(ec)) return cut();
        if (ec) return on_read(ec, n);
        head_ = head_of(*parser_, remote_);
        if (auto refusal = admit(*parser_, server_.config, head_, body_limit_)) {
            started_ = std::chrono::steady_clock::now();
            const auto& m = parser_->get();
            return send(std::move(*refusal), m.version(), false, false, false, head_.method, head_.target);
        }
        const auto length = parser_->content_length();
        arm(Phase::body, body_deadline_ms(server_.config, length ? *length : body_limit_));
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, size_t) {
        if (disarm(ec)) return cut();
        started_ = std::chrono::steady_clock::now();
        if (ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
            ec == net::error::connection_reset || ec == net::error::operation_aborted) {
            close();
            return;
        }
        if (ec) {
            send(unreadable(ec, *parser_, server_.config, body_limit_), 11, false, false, false, "-", "-");
            return;
        }
        auto req = parser_->release();
        Request r = std::move(head_);
        r.body = std::move(req.body());
        Response res;
        if (auto refusal = bad_target(r)) {
            res = std::move(*refusal);
        } else {
            try {
                res = server_.handler(r);
            } catch (const std::exception& e) {
                res = error_response(500, api::code::internal, std::string("internal error: ") + e.what());
            }
        }
        const bool head = req.method() == http::verb::head;
        if (res.open) {
            if (req.version() != 11) {
                res = error_response(400, api::code::bad_request, "an event stream needs HTTP/1.1 (a chunked body)");
            } else if (head) {
                res.open = nullptr;  // the header alone, as a GET would start
            } else {
                return open_stream(std::move(res), r.method, r.target);
            }
        }
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

    // Sends the header of an answer that stays open, then hands the socket
    // to a ChunkedOutlet and the outlet to the handler's `open`; this
    // Session ends there, with its buffers.
    void open_stream(Response res, const std::string& method, const std::string& target) {
        auto msg = std::make_shared<http::response<http::empty_body>>();
        msg->version(11);
        msg->result(static_cast<unsigned>(res.status));
        msg->set(http::field::server, "zhixing");
        msg->set(http::field::content_type, res.content_type);
        msg->set("X-Content-Type-Options", "nosniff");
        msg->set("Referrer-Policy", "no-referrer");
        for (auto& [k, v] : res.headers) msg->set(k, v);
        msg->chunked(true);
        auto sr = std::make_shared<http::response_serializer<http::empty_body>>(*msg);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
        char timing[32];
        std::snprintf(timing, sizeof timing, "%.2fms", ms);
        server_.log(utc_now() + " " + remote_ + " " + method + " " + target.substr(0, target.find('?')) + " " +
                    std::to_string(res.status) + " stream " + timing);
        stream_.expires_after(std::chrono::seconds(30));
        http::async_write_header(stream_, *sr, [self = shared_from_this(), msg, sr, open = std::move(res.open)](
                                                   beast::error_code ec, size_t) {
            if (ec) return self->close();
            self->stream_.expires_never();
            auto outlet = std::make_shared<ChunkedOutlet>(self->stream_.release_socket());
            outlet->start();
            open(std::move(outlet));
        });
    }

    // A deadline cut a request that had begun: say so, then close.
    void cut() {
        started_ = std::chrono::steady_clock::now();
        const bool header = phase_ == Phase::header;
        const std::string method = header ? "-" : head_.method, target = header ? "-" : head_.target;
        send(timed_out(header ? "header" : "body", deadline_ms_), 11, false, false, false, method, target);
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
        if (!res.content_encoding.empty()) {
            msg->body() = std::move(res.body);
            msg->set(http::field::content_encoding, res.content_encoding);
        } else if (gzip_ok && res.gzip_body) {
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
    // a connection reset. Draining keeps nothing (one small buffer) and ends
    // after kLingerTime or kLingerMaxBytes, whichever comes first.
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
        deadline_.cancel();
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.socket().close(ec);
    }

    beast::tcp_stream stream_;
    HttpServer::Impl& server_;
    beast::flat_buffer buffer_;
    std::optional<Parser> parser_;
    Request head_;             // the request being read, as far as its header goes
    uint64_t body_limit_ = 0;  // for the request being read
    std::string remote_;
    std::chrono::steady_clock::time_point started_;
    net::steady_timer deadline_;
    Phase phase_ = Phase::idle;
    int64_t deadline_ms_ = 0;
    uint64_t armed_ = 0;       // which arm() the timer belongs to; older expiries are ignored
    bool timed_out_ = false;   // the timer cancelled the pending read
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
