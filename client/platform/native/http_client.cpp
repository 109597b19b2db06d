#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>

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

HttpClient::HttpClient(std::string base_url) {
    constexpr std::string_view scheme = "http://";
    if (base_url.rfind(scheme, 0) != 0) {
        url_error_ = "server URL \"" + base_url + "\" must start with http://";
    } else {
        std::string rest = base_url.substr(scheme.size());
        if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
        auto colon = rest.rfind(':');
        host_ = colon == std::string::npos ? rest : rest.substr(0, colon);
        port_ = colon == std::string::npos ? "80" : rest.substr(colon + 1);
        if (host_.empty()) url_error_ = "server URL \"" + base_url + "\" has no host";
    }
    worker_ = std::thread([this] { run(); });
}

HttpClient::~HttpClient() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
        jobs_.clear();
    }
    cv_.notify_all();
    worker_.join();
}

void HttpClient::get(std::string path, Done done) {
    {
        std::lock_guard lock(mu_);
        jobs_.push_back({std::move(path), std::move(done)});
    }
    cv_.notify_one();
}

void HttpClient::run() {
    while (true) {
        Job job;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
            if (stop_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job.done(perform(job.path));
    }
}

HttpResponse HttpClient::perform(const std::string& path) {
    HttpResponse out;
    if (!url_error_.empty()) {
        out.error = url_error_;
        return out;
    }
    try {
        net::io_context ioc;
        tcp::resolver resolver(ioc);
        beast::tcp_stream stream(ioc);
        stream.expires_after(kTimeout);
        stream.connect(resolver.resolve(host_, port_));

        http::request<http::empty_body> req{http::verb::get, path, 11};
        req.set(http::field::host, host_ + ":" + port_);
        req.set(http::field::user_agent, "zhixing-desktop");
        req.set(http::field::accept, "application/json");
        http::write(stream, req);

        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(kMaxBody);
        http::read(stream, buffer, parser);
        auto res = parser.release();
        out.status = static_cast<int>(res.result_int());
        out.body = std::move(res.body());

        beast::error_code ec;
        stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    } catch (const std::exception& e) {
        out.status = 0;
        out.body.clear();
        out.error = "cannot reach " + host_ + ":" + port_ + ": " + e.what();
    }
    return out;
}

}  // namespace zx::platform::native
