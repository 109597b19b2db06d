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

#include <chrono>
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

struct HttpClient::Impl {
    net::io_context ioc;
    net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
    ssl::context tls{ssl::context::tls_client};
    ServerUrl url;
    // When not none, every request fails with it at once (refused URL,
    // unusable CA file); `setup_error` is its detail.
    HttpFailure setup_failure = HttpFailure::none;
    std::string setup_error;

    std::string authority() const {
        const bool v6 = url.host.find(':') != std::string::npos;
        return (v6 ? "[" + url.host + "]" : url.host) + ":" + url.port;
    }
};

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One request: resolve, connect, (TLS handshake,) write, read; every step
// under one deadline. A new connection each time, closed after the answer.
template <class Stream>
class Exchange : public std::enable_shared_from_this<Exchange<Stream>> {
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

public:
    Exchange(HttpClient::Impl& c, HttpRequest r, HttpClient::Done done)
        : client_(c), resolver_(c.ioc), stream_(make_stream(c)), done_(std::move(done)) {
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
    static Stream make_stream(HttpClient::Impl& c) {
        if constexpr (kTls)
            return Stream(c.ioc, c.tls);
        else
            return Stream(c.ioc);
    }

    void connected() {
        if (client_.url.loopback_only) {
            beast::error_code ec;
            const auto peer = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
            if (ec || !is_loopback_host(peer.address().to_string()))
                return fail(HttpFailure::insecure_url, "connect", ec ? ec : net::error::make_error_code(net::error::access_denied));
        }
        if constexpr (kTls)
            handshake();
        else
            write();
    }

    // SNI for host names (RFC 6066 allows no addresses there), and the name
    // or address the certificate must carry, checked by OpenSSL while it
    // verifies the chain, so that a mismatch has its own verify result.
    void handshake() {
        SSL* ssl = stream_.native_handle();
        const std::string& host = client_.url.host;
        beast::error_code not_address;
        (void)net::ip::make_address(host, not_address);
        const bool address = !not_address;
        const bool set = address ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1
                                 : SSL_set_tlsext_host_name(ssl, host.c_str()) == 1 && SSL_set1_host(ssl, host.c_str()) == 1;
        if (!set) return fail(HttpFailure::tls, "handshake", net::error::invalid_argument);
        stream_.async_handshake(ssl::stream_base::client, [self = this->shared_from_this()](beast::error_code ec2) {
            if (!ec2) return self->write();
            const long verified = SSL_get_verify_result(self->stream_.native_handle());
            if (verified != X509_V_OK) return self->fail(certificate_failure(verified), "certificate", ec2);
            // No certificate fault: the connection timed out or broke (the
            // network's doing), or the other end does not speak TLS.
            const bool network = ec2 == beast::error::timeout || ec2.category() == net::error::get_system_category();
            self->fail(network ? HttpFailure::unreachable : HttpFailure::tls, "handshake", ec2);
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
