#include "http_client.hpp"

#include "server_url.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <array>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <type_traits>

namespace zx::platform::native {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {
constexpr auto kTimeout = std::chrono::seconds(10);
// A response larger than this is refused rather than held in memory.
constexpr std::uint64_t kMaxBody = 64ull * 1024 * 1024;

// What a failed certificate check means to the person (OpenSSL's verify
// result after a refused handshake).
HttpFailure certificate_failure(long verify_result) {
    switch (verify_result) {
        case X509_V_ERR_HOSTNAME_MISMATCH:
        case X509_V_ERR_IP_ADDRESS_MISMATCH: return HttpFailure::cert_name;
        case X509_V_ERR_CERT_HAS_EXPIRED:
        case X509_V_ERR_CERT_NOT_YET_VALID: return HttpFailure::cert_expired;
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        case X509_V_ERR_CERT_UNTRUSTED: return HttpFailure::cert_untrusted;
        default: return HttpFailure::cert_invalid;
    }
}

// The client's TLS settings: TLS 1.2 at least, the peer verified against the
// system's trust store plus `ca_file`. Returns "" or why `ca_file` is unusable.
std::string configure_tls(ssl::context& ctx, const std::string& ca_file) {
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    ctx.set_verify_mode(ssl::verify_peer);
    beast::error_code ec;
    // Without a system store every certificate fails as untrusted, which the
    // UI reports; nothing here is made more permissive.
    ctx.set_default_verify_paths(ec);
    if (ca_file.empty()) return "";
    ctx.load_verify_file(ca_file, ec);
    return ec ? "cannot load CA file " + ca_file + ": " + ec.message() : "";
}
}  // namespace

namespace {
class StreamExchange;
}

struct HttpClient::Impl {
    net::io_context ioc;
    net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
    ssl::context tls{ssl::context::tls_client};
    ServerUrl url;
    // When not none, every request fails with it at once (refused URL,
    // unusable CA file); `setup_error` is its detail.
    HttpFailure setup_failure = HttpFailure::none;
    std::string setup_error;
    std::atomic<uint64_t> next_stream{1};
    std::map<uint64_t, std::weak_ptr<StreamExchange>> streams;  // worker thread only

    std::string authority() const {
        const bool v6 = url.host.find(':') != std::string::npos;
        return (v6 ? "[" + url.host + "]" : url.host) + ":" + url.port;
    }
};

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// The TLS handshake of a request or a stream: SNI for host names (RFC 6066
// allows no addresses there), and the name or address the certificate must
// carry, checked by OpenSSL while it verifies the chain, so that a mismatch
// has its own verify result. `then(HttpFailure::none, {})` when it succeeded.
template <class Then>
void tls_handshake(TlsStream& stream, const std::string& host, Then then) {
    SSL* ssl = stream.native_handle();
    beast::error_code not_address;
    (void)net::ip::make_address(host, not_address);
    const bool address = !not_address;
    const bool set = address ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1
                             : SSL_set_tlsext_host_name(ssl, host.c_str()) == 1 && SSL_set1_host(ssl, host.c_str()) == 1;
    if (!set) return then(HttpFailure::tls, net::error::make_error_code(net::error::invalid_argument));
    stream.async_handshake(ssl::stream_base::client, [&stream, then = std::move(then)](beast::error_code ec) mutable {
        if (!ec) return then(HttpFailure::none, ec);
        const long verified = SSL_get_verify_result(stream.native_handle());
        if (verified != X509_V_OK) return then(certificate_failure(verified), ec);
        // No certificate fault: the connection timed out or broke (the
        // network's doing), or the other end does not speak TLS.
        const bool network = ec == beast::error::timeout || ec.category() == net::error::get_system_category();
        then(network ? HttpFailure::unreachable : HttpFailure::tls, ec);
    });
}

// A new stream for the client's URL: TLS over TCP for https://, TCP otherwise.
template <class Stream>
Stream new_stream(HttpClient::Impl& c) {
    if constexpr (std::is_same_v<Stream, TlsStream>)
        return Stream(c.ioc, c.tls);
    else
        return Stream(c.ioc);
}

// Plain HTTP is allowed only to this machine (server_url.hpp): a host name
// must also have resolved to a loopback address. An error when it did not.
beast::error_code peer_refused(const HttpClient::Impl& c, tcp::socket& socket) {
    if (!c.url.loopback_only) return {};
    beast::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    if (ec) return ec;
    return is_loopback_host(peer.address().to_string()) ? beast::error_code{}
                                                         : net::error::make_error_code(net::error::access_denied);
}

// One request: resolve, connect, (TLS handshake,) write, read; every step
// under one deadline. A new connection each time, closed after the answer.
template <class Stream>
class Exchange : public std::enable_shared_from_this<Exchange<Stream>> {
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

public:
    Exchange(HttpClient::Impl& c, HttpRequest r, HttpClient::Done done)
        : client_(c), resolver_(c.ioc), stream_(new_stream<Stream>(c)), done_(std::move(done)) {
        req_ = {http::string_to_verb(r.method), r.path, 11};
        req_.set(http::field::host, c.authority());
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
        beast::get_lowest_layer(stream_).expires_after(kTimeout);
        resolver_.async_resolve(client_.url.host, client_.url.port,
                                [self = this->shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
                                    if (ec) return self->fail(HttpFailure::unreachable, "resolve", ec);
                                    beast::get_lowest_layer(self->stream_)
                                        .async_connect(r, [self](beast::error_code ec2, auto) {
                                            if (ec2) return self->fail(HttpFailure::unreachable, "connect", ec2);
                                            self->connected();
                                        });
                                });
    }

private:
    void connected() {
        if (const auto refused = peer_refused(client_, beast::get_lowest_layer(stream_).socket()))
            return fail(HttpFailure::insecure_url, "connect", refused);
        if constexpr (kTls)
            handshake();
        else
            write();
    }

    void handshake() {
        tls_handshake(stream_, client_.url.host, [self = this->shared_from_this()](HttpFailure f, beast::error_code ec) {
            if (f == HttpFailure::none) return self->write();
            self->fail(f, f == HttpFailure::tls || f == HttpFailure::unreachable ? "handshake" : "certificate", ec);
        });
    }

    void write() {
        http::async_write(stream_, req_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
            if (ec) return self->fail(HttpFailure::unreachable, "send", ec);
            http::async_read(self->stream_, self->buffer_, self->parser_,
                             [self](beast::error_code ec2, size_t) { self->on_read(ec2); });
        });
    }

    void on_read(beast::error_code ec) {
        if (ec) return fail(HttpFailure::unreachable, "read", ec);
        auto res = parser_.release();
        HttpResponse out;
        out.status = static_cast<int>(res.result_int());
        out.body = std::move(res.body());
        // The answer is complete by its length and the connection is not
        // reused, so TLS's close_notify round trip would buy nothing.
        beast::error_code ignored;
        beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
        done_(std::move(out));
    }

    void fail(HttpFailure failure, const char* step, beast::error_code ec) {
        if (ec == net::error::operation_aborted && client_.ioc.stopped()) return;  // client going away
        HttpResponse out;
        out.failure = failure;
        out.error = std::string(http_failure_code(failure)) + ": " + client_.authority() + " (" + step +
                    "): " + ec.message();
        done_(std::move(out));
    }

    HttpClient::Impl& client_;
    tcp::resolver resolver_;
    Stream stream_;
    http::request<http::string_body> req_;
    beast::flat_buffer buffer_;
    http::response_parser<http::string_body> parser_;
    HttpClient::Done done_;
};

// One stream: connect (and shake hands) as Exchange does, then read the
// answer a piece at a time (async_read_some into a fixed buffer), each read
// under the stall deadline, handing a 2xx body over as it comes.
class StreamExchange {
public:
    virtual ~StreamExchange() = default;
    // The owner let go: close now, and say nothing more.
    virtual void cancel() = 0;
};

template <class Stream>
class StreamOf : public StreamExchange, public std::enable_shared_from_this<StreamOf<Stream>> {
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

public:
    StreamOf(HttpClient::Impl& c, uint64_t id, HttpRequest r, std::chrono::milliseconds stall, HttpClient::StreamSink sink)
        : client_(c), id_(id), resolver_(c.ioc), stream_(new_stream<Stream>(c)), stall_(stall), sink_(std::move(sink)) {
        req_ = {http::verb::get, r.path, 11};
        req_.set(http::field::host, c.authority());
        req_.set(http::field::user_agent, "zhixing-desktop");
        req_.set(http::field::accept, "text/event-stream");
        req_.set(http::field::cache_control, "no-store");
        if (!r.bearer.empty()) req_.set(http::field::authorization, "Bearer " + r.bearer);
        req_.prepare_payload();
        parser_.body_limit(boost::none);  // a stream has no end we know of; each piece is handed over
    }

    void start() {
        beast::get_lowest_layer(stream_).expires_after(kTimeout);
        resolver_.async_resolve(client_.url.host, client_.url.port,
                                [self = this->shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
                                    if (ec) return self->fail("resolve", ec);
                                    beast::get_lowest_layer(self->stream_).async_connect(r, [self](beast::error_code ec2, auto) {
                                        if (ec2) return self->fail("connect", ec2);
                                        // The same rule as a request's: plain HTTP only to this machine.
                                        if (const auto refused = peer_refused(self->client_,
                                                                              beast::get_lowest_layer(self->stream_).socket()))
                                            return self->fail("connect", refused);
                                        if constexpr (kTls)
                                            tls_handshake(self->stream_, self->client_.url.host,
                                                          [self](HttpFailure f, beast::error_code ec3) {
                                                              if (f != HttpFailure::none) return self->fail("handshake", ec3);
                                                              self->write();
                                                          });
                                        else
                                            self->write();
                                    });
                                });
    }

    void cancel() override {
        cancelled_ = true;
        beast::error_code ignored;
        beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(stream_).socket().close(ignored);
    }

private:
    void write() {
        http::async_write(stream_, req_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
            if (ec) return self->fail("send", ec);
            beast::get_lowest_layer(self->stream_).expires_after(self->stall_);
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
        beast::get_lowest_layer(stream_).expires_after(stall_);
        http::async_read_some(stream_, buffer_, parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
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
        beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
        sink_.done(std::move(out));
        client_.streams.erase(id_);
    }

    void fail(const char* step, beast::error_code ec, const std::string& why = "") {
        if (cancelled_ || done_) return;
        if (ec == net::error::operation_aborted && client_.ioc.stopped()) return;  // client going away
        done_ = true;
        HttpResponse out;
        out.error = "stream from " + client_.authority() + " (" + step + "): " + (why.empty() ? ec.message() : why);
        sink_.done(std::move(out));
        client_.streams.erase(id_);
    }

    // A refusal's body (an error's JSON) is kept up to this size.
    static constexpr size_t kMaxRefusal = 64 * 1024;

    HttpClient::Impl& client_;
    uint64_t id_;
    tcp::resolver resolver_;
    Stream stream_;
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

HttpClient::HttpClient(const Options& options) : impl_(std::make_unique<Impl>()) {
    const auto verdict = check_server_url(options.server_url, options.allow_insecure_http);
    if (!verdict.url) {
        impl_->setup_failure = verdict.refusal;
        impl_->setup_error = std::string(http_failure_code(verdict.refusal)) + ": server URL \"" +
                             options.server_url.substr(0, 200) + "\" refused";
    } else {
        impl_->url = *verdict.url;
        if (impl_->url.tls) {
            impl_->setup_error = configure_tls(impl_->tls, options.ca_file);
            if (!impl_->setup_error.empty()) impl_->setup_failure = HttpFailure::ca_file;
        }
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
        if (impl->setup_failure != HttpFailure::none) {
            HttpResponse out;
            out.failure = impl->setup_failure;
            out.error = impl->setup_error;
            return sink.done(std::move(out));
        }
        auto open = [&](auto x) {
            impl->streams[id] = x;
            x->start();
        };
        if (impl->url.tls)
            open(std::make_shared<StreamOf<TlsStream>>(*impl, id, std::move(request), stall, std::move(sink)));
        else
            open(std::make_shared<StreamOf<PlainStream>>(*impl, id, std::move(request), stall, std::move(sink)));
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
        if (impl->setup_failure != HttpFailure::none) {
            HttpResponse out;
            out.failure = impl->setup_failure;
            out.error = impl->setup_error;
            return done(std::move(out));
        }
        if (impl->url.tls)
            std::make_shared<Exchange<TlsStream>>(*impl, std::move(request), std::move(done))->start();
        else
            std::make_shared<Exchange<PlainStream>>(*impl, std::move(request), std::move(done))->start();
    });
}

}  // namespace zx::platform::native
