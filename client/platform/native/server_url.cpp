#include "server_url.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace zx::platform::native {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool valid_port(std::string_view p) {
    unsigned value = 0;
    const auto r = std::from_chars(p.data(), p.data() + p.size(), value);
    return !p.empty() && r.ec == std::errc() && r.ptr == p.data() + p.size() && value >= 1 && value <= 65535;
}

// Host names and addresses only: letters, digits, '-', '.', and ':' inside
// brackets. Anything else (user info "a@b", spaces, '%' zone ids) is refused
// rather than guessed at.
bool valid_host(std::string_view h, bool bracketed) {
    if (h.empty()) return false;
    for (const char c : h) {
        const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || (bracketed && c == ':');
        if (!ok) return false;
    }
    return true;
}

}  // namespace

bool is_loopback_host(std::string_view host) {
    const std::string h = lower(host);
    if (h == "localhost" || h == "localhost.") return true;
    boost::system::error_code ec;
    const auto a = boost::asio::ip::make_address(h, ec);
    if (ec) return false;
    if (a.is_v6() && a.to_v6().is_v4_mapped())
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6()).is_loopback();
    return a.is_loopback();
}

UrlVerdict check_server_url(std::string_view url, bool allow_insecure_http) {
    const auto refuse = [](HttpFailure f) { return UrlVerdict{std::nullopt, f}; };
    const auto sep = url.find("://");
    if (sep == std::string_view::npos) return refuse(HttpFailure::bad_url);
    const std::string scheme = lower(url.substr(0, sep));
    if (scheme != "https" && scheme != "http") return refuse(HttpFailure::bad_url);

    std::string_view authority = url.substr(sep + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    std::string_view host = authority, port;
    const bool bracketed = !authority.empty() && authority.front() == '[';
    if (bracketed) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return refuse(HttpFailure::bad_url);
        host = authority.substr(1, close - 1);
        const auto rest = authority.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return refuse(HttpFailure::bad_url);
        if (!rest.empty()) port = rest.substr(1);
        if (port.empty() && !rest.empty()) return refuse(HttpFailure::bad_url);
    } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
        if (!valid_port(port)) return refuse(HttpFailure::bad_url);
    }
    if (!valid_host(host, bracketed) || (!port.empty() && !valid_port(port))) return refuse(HttpFailure::bad_url);

    ServerUrl out;
    out.tls = scheme == "https";
    out.host = lower(host);
    out.port = port.empty() ? (out.tls ? "443" : "80") : std::string(port);
    if (!out.tls && !allow_insecure_http) {
        if (!is_loopback_host(out.host)) return refuse(HttpFailure::insecure_url);
        out.loopback_only = true;
    }
    return {std::move(out), HttpFailure::none};
}

}  // namespace zx::platform::native
