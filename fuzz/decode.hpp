#pragma once
// What the push and pull targets share: reading a request body the way the
// server does (server/router.cpp Call::body, then the route's parser), with
// the failures the server turns into a 400 told apart from everything else.
#include "zx/core/error.hpp"
#include "zx/core/strict_json.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

namespace zx::fuzz {

// Runs `decode(json)` on `body` parsed strictly. A ValidationError or a
// nlohmann::json exception is a refusal the server answers with 400
// (Server::handle); any other exception would be a 500 and is reported as a
// crash, with what it said.
template <class Decode>
void decode_body(std::string_view body, Decode&& decode) {
    try {
        const auto j = strict::parse(body, "request body");
        decode(j);
    } catch (const ValidationError&) {
    } catch (const nlohmann::json::exception&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "a request body made the server fail with: %s\n", e.what());
        std::abort();
    }
}

// Stops the run with `what` when a property that must hold does not.
inline void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "property broken: %s\n", what);
    std::abort();
}

}  // namespace zx::fuzz
