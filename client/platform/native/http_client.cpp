#include "http_client.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
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

struct HttpClient::Impl {
    net::io_context ioc;
    net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
    std::string host;
    std::string port;
    std::string url_error;
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
