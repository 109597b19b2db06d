#include "http_client.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>

namespace zx::platform::native {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
constexpr auto kTimeout = std::chrono::seconds(10);
// A response larger than this is refused rather than held in memory.
constexpr std::uint64_t kMaxBody = 64ull * 1024 * 1024;
}  // namespace

namespace {
class StreamExchange;
}

struct HttpClient::Impl {
    net::io_context ioc;
    net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
    std::string host;
    std::string port;
    std::string url_error;
    std::atomic<uint64_t> next_stream{1};
    std::map<uint64_t, std::weak_ptr<StreamExchange>> streams;  // worker thread only
};

namespace {

// One request: resolve, connect, write, read; every step under one deadline.
class Exchange : public std::enable_shared_from_this<Exchange> {
public:
    Exchange(HttpClient::Impl& c, HttpRequest r, HttpClient::Done done)
        : client_(c), resolver_(c.ioc), stream_(c.ioc), done_(std::move(done)) {
        req_ = {http::string_to_verb(r.method), r.path, 11};
        req_.set(http::field::host, c.host + ":" + c.port);
        req_.set(http::field::user_agent, "zhixing-desktop");
        req_.set(http::field::accept, "application/json");
        if (!r.bearer.empty()) req_.set(http::field::authorization, "Bearer " + r.bearer);
        if (r.method != "GET" && r.method != "HEAD") {
            req_.set(http::field::content_type, r.content_type);
            req_.body() = std::move(r.body);
        }
        req_.prepare_payload();
        parser_.body_limit(kMaxBody);
    }

    void start() {
        stream_.expires_after(kTimeout);
        resolver_.async_resolve(client_.host, client_.port,
                                [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
                                    if (ec) return self->fail("resolve", ec);
                                    self->stream_.async_connect(r, [self](beast::error_code ec2, auto) {
                                        if (ec2) return self->fail("connect", ec2);
                                        self->write();
                                    });
                                });
    }

private:
    void write() {
        http::async_write(stream_, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
            if (ec) return self->fail("send", ec);
            http::async_read(self->stream_, self->buffer_, self->parser_,
                             [self](beast::error_code ec2, size_t) { self->on_read(ec2); });
        });
    }

    void on_read(beast::error_code ec) {
        if (ec) return fail("read", ec);
        auto res = parser_.release();
        HttpResponse out;
        out.status = static_cast<int>(res.result_int());
        out.body = std::move(res.body());
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        done_(std::move(out));
    }

    void fail(const char* step, beast::error_code ec) {
        if (ec == net::error::operation_aborted && client_.ioc.stopped()) return;  // client going away
        HttpResponse out;
        out.error = "cannot reach " + client_.host + ":" + client_.port + " (" + step + "): " + ec.message();
        done_(std::move(out));
    }

    HttpClient::Impl& client_;
    tcp::resolver resolver_;
    beast::tcp_stream stream_;
    http::request<http::string_body> req_;
    beast::flat_buffer buffer_;
    http::response_parser<http::string_body> parser_;
    HttpClient::Done done_;
};

// One stream: connect and send as Exchange does, then read the answer a
// piece at a time (async_read_some into a fixed buffer), each read under the
// stall deadline, handing a 2xx body over as it comes.
class StreamExchange : public std::enable_shared_from_this<StreamExchange> {
public:
    StreamExchange(HttpClient::Impl& c, uint64_t id, HttpRequest r, std::chrono::milliseconds stall,
                   HttpClient::StreamSink sink)
        : client_(c), id_(id), resolver_(c.ioc), stream_(c.ioc), stall_(stall), sink_(std::move(sink)) {
        req_ = {http::verb::get, r.path, 11};
        req_.set(http::field::host, c.host + ":" + c.port);
        req_.set(http::field::user_agent, "zhixing-desktop");
        req_.set(http::field::accept, "text/event-stream");
        req_.set(http::field::cache_control, "no-store");
        if (!r.bearer.empty()) req_.set(http::field::authorization, "Bearer " + r.bearer);
        req_.prepare_payload();
        parser_.body_limit(boost::none);  // a stream has no end we know of; each piece is handed over
    }

    void start() {
        stream_.expires_after(kTimeout);
        resolver_.async_resolve(client_.host, client_.port,
                                [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
                                    if (ec) return self->fail("resolve", ec);
                                    self->stream_.async_connect(r, [self](beast::error_code ec2, auto) {
                                        if (ec2) return self->fail("connect", ec2);
                                        self->write();
                                    });
                                });
    }

    // The owner let go: close now, and say nothing more.
    void cancel() {
        cancelled_ = true;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.socket().close(ignored);
    }

private:
    void write() {
        http::async_write(stream_, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
            if (ec) return self->fail("send", ec);
            self->stream_.expires_after(self->stall_);
            http::async_read_header(self->stream_, self->buffer_, self->parser_,
                                    [self](beast::error_code ec2, size_t) { self->on_header(ec2); });
        });
    }

    void on_header(beast::error_code ec) {
        if (ec) return fail("read", ec);
        status_ = static_cast<int>(parser_.get().result_int());
        read();
    }

    void read() {
        if (parser_.is_done()) return finish();
        parser_.get().body().data = buf_.data();
        parser_.get().body().size = buf_.size();
        stream_.expires_after(stall_);
        http::async_read_some(stream_, buffer_, parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
            self->on_read(ec);
        });
    }

    void on_read(beast::error_code ec) {
        if (ec == http::error::need_buffer) ec = {};
        const size_t got = buf_.size() - parser_.get().body().size;
        if (got > 0 && !cancelled_) {
            const std::string_view piece(buf_.data(), got);
            if (status_ / 100 != 2) {
                if (refusal_.size() < kMaxRefusal) refusal_.append(piece.substr(0, kMaxRefusal - refusal_.size()));
            } else if (!sink_.data(piece)) {
                return fail("read", {}, "the stream is unreadable");
            }
        }
        if (ec == http::error::end_of_stream || (ec && parser_.is_done())) return finish();
        if (ec) return fail("read", ec, ec == beast::error::timeout ? "no byte arrived in time (stalled)" : "");
        read();
    }

    void finish() {
        if (cancelled_ || done_) return;
        done_ = true;
        HttpResponse out;
        out.status = status_;
        out.body = std::move(refusal_);
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        sink_.done(std::move(out));
        client_.streams.erase(id_);
    }

    void fail(const char* step, beast::error_code ec, const std::string& why = "") {
        if (cancelled_ || done_) return;
        if (ec == net::error::operation_aborted && client_.ioc.stopped()) return;  // client going away
        done_ = true;
        HttpResponse out;
        out.error = "stream from " + client_.host + ":" + client_.port + " (" + step + "): " +
                    (why.empty() ? ec.message() : why);
        sink_.done(std::move(out));
        client_.streams.erase(id_);
    }

    // A refusal's body (an error's JSON) is kept up to this size.
    static constexpr size_t kMaxRefusal = 64 * 1024;

    HttpClient::Impl& client_;
    uint64_t id_;
    tcp::resolver resolver_;
    beast::tcp_stream stream_;
    std::chrono::milliseconds stall_;
    HttpClient::StreamSink sink_;
    http::request<http::empty_body> req_;
    beast::flat_buffer buffer_;
    http::response_parser<http::buffer_body> parser_;
    std::array<char, 8 * 1024> buf_{};
    int status_ = 0;
    std::string refusal_;
    bool cancelled_ = false;
    bool done_ = false;
};

}  // namespace

HttpClient::HttpClient(std::string base_url) : impl_(std::make_unique<Impl>()) {
    constexpr std::string_view scheme = "http://";
    if (base_url.rfind(scheme, 0) != 0) {
        impl_->url_error = "server URL \"" + base_url + "\" must start with http://";
    } else {
        std::string rest = base_url.substr(scheme.size());
        if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
        const auto colon = rest.rfind(':');
        impl_->host = colon == std::string::npos ? rest : rest.substr(0, colon);
        impl_->port = colon == std::string::npos ? "80" : rest.substr(colon + 1);
        if (impl_->host.empty()) impl_->url_error = "server URL \"" + base_url + "\" has no host";
    }
    worker_ = std::thread([impl = impl_.get()] { impl->ioc.run(); });
}

HttpClient::~HttpClient() {
    impl_->work.reset();
    impl_->ioc.stop();
    worker_.join();
}

uint64_t HttpClient::stream(HttpRequest request, std::chrono::milliseconds stall, StreamSink sink) {
    const uint64_t id = impl_->next_stream++;
    net::post(impl_->ioc, [impl = impl_.get(), id, stall, request = std::move(request), sink = std::move(sink)]() mutable {
        if (!impl->url_error.empty()) {
            HttpResponse out;
            out.error = impl->url_error;
            return sink.done(std::move(out));
        }
        auto x = std::make_shared<StreamExchange>(*impl, id, std::move(request), stall, std::move(sink));
        impl->streams[id] = x;
        x->start();
    });
    return id;
}

void HttpClient::cancel(uint64_t id) {
    net::post(impl_->ioc, [impl = impl_.get(), id] {
        const auto it = impl->streams.find(id);
        if (it == impl->streams.end()) return;
        if (auto x = it->second.lock()) x->cancel();
        impl->streams.erase(it);
    });
}

void HttpClient::send(HttpRequest request, Done done) {
    net::post(impl_->ioc, [impl = impl_.get(), request = std::move(request), done = std::move(done)]() mutable {
        if (!impl->url_error.empty()) {
            HttpResponse out;
            out.error = impl->url_error;
            return done(std::move(out));
        }
        std::make_shared<Exchange>(*impl, std::move(request), std::move(done))->start();
    });
}

}  // namespace zx::platform::native
