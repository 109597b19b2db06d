#pragma once
// The desktop client's one rule for which server URLs it talks to, and how:
//   https://host[:port]   always, with the server's certificate checked;
//   http://host[:port]    only when `host` is this machine (127.0.0.0/8,
//                         ::1, localhost), or anywhere when the person asked
//                         for it (--allow-insecure-http).
// Kiosks reach the server over public networks, where plain HTTP would let
// anyone on the way read passwords and tokens. Pure: no DNS, no I/O.
#include "platform/platform.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace zx::platform::native {

struct ServerUrl {
    bool tls = false;
    std::string host;  // as written, lower-cased; an IPv6 address without its brackets
    std::string port;  // decimal, 1–65535 (443 or 80 when the URL has none)
    // Plain http:// allowed only because `host` names this machine: the
    // connection must then end at a loopback address too (a resolver could
    // answer "localhost" with another machine's).
    bool loopback_only = false;
};

struct UrlVerdict {
    std::optional<ServerUrl> url;               // set when the URL may be used
    HttpFailure refusal = HttpFailure::none;    // otherwise bad_url or insecure_url
};

// Reads `url` ("scheme://host[:port][/…]"; a path, query or fragment after
// the host is ignored) and applies the rule above.
UrlVerdict check_server_url(std::string_view url, bool allow_insecure_http);

// Whether `host` (a name, or an address as written in a URL's host without
// brackets) stands for this machine: localhost, 127.0.0.0/8, ::1, or
// ::ffff:127.x.y.z.
bool is_loopback_host(std::string_view host);

}  // namespace zx::platform::native
