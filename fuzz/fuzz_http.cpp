// Fuzz target: the server's HTTP request reader.
//
// main has no pure bytes -> request function yet, so this drives Boost.Beast's
// request_parser the way Session::read/on_header/on_read in server/http.cpp
// do: the same header and body limits (HttpConfig's defaults plus the import
// path's own limit, as Server's constructor sets them), the header read first
// with the largest body limit, then the path's limit, a Content-Length above
// it refused before any body is read, then the body; and, as on a keep-alive
// connection, the next request from the bytes that are left. Beast's own
// synchronous read algorithms share their parsing code with the asynchronous
// ones the server calls, so a stream that hands them the input a few bytes at
// a time reads it as a socket would.
//
// Checked beyond "no crash": the same bytes read in one piece and in small
// pieces give the same requests, and end the same way (the client closed, or
// the server refused what followed), since TCP may split a request anywhere.
// Only the reason for a refusal may differ: Beast reads a start line as soon
// as it has one in its buffer, otherwise once the whole header is there, so
// a malformed request may be "bad version" in one case and "partial message"
// in the other; both are answered 400.
#include "base_import.hpp"  // kImportMaxBytes
#include "http.hpp"         // HttpConfig, the limits the server starts with

#include "zx/wire/paths.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// A socket that has received `wire` and then closes: each read_some returns
// at most `step` bytes, then end of file.
class Wire {
public:
    using executor_type = boost::asio::any_io_executor;

    Wire(std::string_view wire, size_t step) : rest_(wire), step_(step) {}

    template <class Buffers>
    size_t read_some(const Buffers& buffers, beast::error_code& ec) {
        ec = {};
        if (rest_.empty()) {
            ec = boost::asio::error::eof;
            return 0;
        }
        const size_t n = boost::asio::buffer_copy(buffers, boost::asio::buffer(rest_.data(), std::min(step_, rest_.size())));
        rest_.remove_prefix(n);
        return n;
    }
    template <class Buffers>
    size_t read_some(const Buffers& buffers) {
        beast::error_code ec;
        const size_t n = read_some(buffers, ec);
        if (ec) throw beast::system_error(ec);
        return n;
    }

private:
    std::string_view rest_;
    size_t step_;
};

// The configuration Server gives its HttpServer.
const zx::server::HttpConfig& server_config() {
    static const zx::server::HttpConfig config = [] {
        zx::server::HttpConfig c;
        c.path_body_limits.emplace_back(zx::api::kBasesImportPath, zx::server::kImportMaxBytes);
        return c;
    }();
    return config;
}

// Everything the server takes from one request, as one string to compare.
std::string describe(const http::request<http::string_body>& req) {
    std::string out;
    out += std::string(req.method_string()) + ' ' + std::string(req.target()) + ' ' + std::to_string(req.version());
    out += req.keep_alive() ? " keep-alive\n" : " close\n";
    for (const auto& f : req) out += std::string(f.name_string()) + ": " + std::string(f.value()) + '\n';
    out += '\n';
    out += req.body();
    return out;
}

constexpr int kMaxRequestsPerConnection = 8;

// Reads requests from `wire` as one keep-alive connection does until an
// error or end of stream; returns every request and how reading ended.
std::string read_connection(std::string_view wire, size_t step) {
    const auto& config = server_config();
    Wire stream(wire, step);
    beast::flat_buffer buffer;  // as Session's: unread bytes stay for the next request
    std::string out;
    for (int i = 0; i < kMaxRequestsPerConnection; ++i) {
        std::optional<http::request_parser<http::string_body>> parser;
        parser.emplace();
        parser->header_limit(config.header_limit);
        uint64_t largest = config.body_limit;
        for (const auto& [path, limit] : config.path_body_limits) largest = std::max(largest, limit);
        parser->body_limit(largest);
        uint64_t body_limit = config.body_limit;

        beast::error_code ec;
        http::read_header(stream, buffer, *parser, ec);
        // Session closes quietly when the client does, between requests.
        if (ec == http::error::end_of_stream) return out + "end of stream";
        if (ec) return out + "refused";
        // The server matches the percent-decoded path; its decoder is private
        // to http.cpp, and the one path with its own limit needs no decoding.
        const auto target = parser->get().target();
        const std::string_view t(target.data(), target.size());
        for (const auto& [path, limit] : config.path_body_limits)
            if (t.substr(0, t.find('?')) == path) body_limit = limit;
        if (const auto length = parser->content_length(); length && *length > body_limit)
            return out + "refused";
        parser->body_limit(body_limit);
        http::read(stream, buffer, *parser, ec);
        if (ec) return out + "refused";
        auto req = parser->release();
        out += describe(req) + "\n--\n";
        // Session::send answers, then closes a connection that asked for it.
        if (!req.keep_alive()) return out + "closed";
    }
    return out + "enough";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view wire(reinterpret_cast<const char*>(data), size);
    const auto whole = read_connection(wire, wire.size() + 1);
    // A piece size taken from the input, so each input is split its own way,
    // and the same way every time it is replayed.
    const size_t step = size == 0 ? 1 : 1 + data[size / 2] % 13;
    const auto pieces = read_connection(wire, step);
    if (whole != pieces) {
        std::fprintf(stderr, "read in one piece:\n%s\n\nread %zu bytes at a time:\n%s\n", whole.c_str(), step,
                     pieces.c_str());
        std::abort();
    }
    return 0;
}
