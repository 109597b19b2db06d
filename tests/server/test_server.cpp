// zhixing-server over real HTTP on 127.0.0.1: a real server on a free port,
// a real SQLite file, bytes on a real socket.
#include "raw_http.hpp"
#include "seed.hpp"
#include "server.hpp"
#include "server_fixture.hpp"

#include "zx/wire/api.hpp"
#include "zx/tours/demo_data.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace zx;
using zx::test::get;
using zx::test::request;

namespace {

std::string read_file(const fs::path& p) { return zx::test::read_file(p.string()); }

void write_file(const fs::path& p, const std::string& s) {
    std::ofstream out(p, std::ios::binary);
    out << s;
}

// A server with the demo data and a small web root (the one test server,
// server_fixture.hpp); stopped and deleted when it goes out of scope, even
// when a check fails.
struct ServerGuard : zx::test::ServerFixture {
    size_t demo_count = 0;
    ServerGuard()
        : ServerFixture(Options{.real_clock = true, .accounts = false, .threads = 2,
                                .prepare = [](const fs::path& root) {
                                    fs::create_directories(root / "web" / "sub");
                                    write_file(root / "web" / "index.html",
                                               "<!doctype html><title>知行</title>" + std::string(2000, ' '));
                                    std::string wasm("\0asm\1\0\0\0", 8);
                                    for (int i = 0; i < 4000; ++i) wasm += static_cast<char>(i % 7);
                                    write_file(root / "web" / "zhixing.wasm", wasm);
                                    write_file(root / "web" / "sub" / "style.css", "body{color:red}");
                                    write_file(root / "secret.txt", "outside the web root");
                                    write_file(root / "web" / ".hidden", "dotfile");
                                },
                                .web_root = "web"}),
          demo_count(file_bases.size()) {}
};

json body_json(const zx::test::RawResponse& r) { return json::parse(r.body); }

// Asserts the body is the API's error shape with the given code.
void check_error(const zx::test::RawResponse& r, int status, const char* code) {
    CHECK(r.status == status);
    CHECK(r.header("content-type") == "application/json");
    const auto j = json::parse(r.body, nullptr, false);
    REQUIRE_MESSAGE(j.is_object(), "error body is not JSON: " << r.body);
    api::Error e;
    from_json(j, e);
    CHECK(e.code == code);
    CHECK_FALSE(e.message.empty());
}

void check_still_serving(unsigned short port) {
    const auto r = get(port, "/api/v1/health");
    CHECK(r.status == 200);
    CHECK(body_json(r).at("status") == "ok");
}

}  // namespace

TEST_CASE("health reports status, version, schema and base count") {
    ServerGuard s;
    const auto r = get(s.port(), "/api/v1/health");
    REQUIRE(r.status == 200);
    CHECK(r.header("content-type") == "application/json");
    api::Health h;
    from_json(body_json(r), h);
    CHECK(h.status == "ok");
    CHECK_FALSE(h.version.empty());
    CHECK(h.schema_version >= 1);
    CHECK(h.bases == static_cast<int>(s.demo_count));
}

TEST_CASE("bases lists every seeded base from SQLite, ordered by id, marked as demo") {
    ServerGuard s;
    const auto r = get(s.port(), "/api/v1/bases");
    REQUIRE(r.status == 200);
    api::BaseList list;
    from_json(body_json(r), list);
    CHECK(list.demo);
    CHECK(list.bases.size() == s.demo_count);
    CHECK(list.bases.size() >= 200);
    CHECK(body_json(r).at("count") == s.demo_count);
    for (size_t i = 1; i < list.bases.size(); ++i) CHECK(list.bases[i - 1].id < list.bases[i].id);

    const auto one = get(s.port(), "/api/v1/bases/" + list.bases[7].id);
    REQUIRE(one.status == 200);
    Base b;
    from_json(body_json(one), b);
    CHECK(b == list.bases[7]);
    check_error(get(s.port(), "/api/v1/bases/zj-9999"), 404, api::code::not_found);
}

TEST_CASE("reseeding replaces the demo data atomically") {
    ServerGuard s;
    auto bases = parse_bases_tsv(read_file(fs::path(ZX_SOURCE_DIR) / "assets/demo/bases.tsv"));
    bases.resize(10);
    zx::server::seed_demo_bases(s.srv->store(), s.srv->clock(), bases);
    CHECK(body_json(get(s.port(), "/api/v1/bases")).at("count") == 10);
    // A bad base in the middle of a batch leaves the previous data intact.
    auto broken = bases;
    broken[5].lat = 123.0;
    CHECK_THROWS(zx::server::seed_demo_bases(s.srv->store(), s.srv->clock(), broken));
    CHECK(body_json(get(s.port(), "/api/v1/bases")).at("count") == 10);
}

TEST_CASE("unknown routes get a JSON 404") {
    ServerGuard s;
    check_error(get(s.port(), "/api/v1/nothing-here"), 404, api::code::not_found);
    check_error(get(s.port(), "/api/v2/bases"), 404, api::code::not_found);
    check_error(get(s.port(), "/no-such-file.js"), 404, api::code::not_found);
    check_still_serving(s.port());
}

TEST_CASE("wrong methods get a JSON 405 with Allow") {
    ServerGuard s;
    for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
        const auto r = request(s.port(), std::string(method) +
                                             " /api/v1/bases HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                                             "Connection: close\r\n\r\n{}");
        check_error(r, 405, api::code::method_not_allowed);
        CHECK(r.header("allow") == "GET, HEAD");
    }
    check_error(request(s.port(), "POST /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
                405, api::code::method_not_allowed);
    check_still_serving(s.port());
}

TEST_CASE("unknown query parameters are refused, not ignored") {
    ServerGuard s;
    const auto r = get(s.port(), "/api/v1/bases?category=nature");
    check_error(r, 400, api::code::bad_request);
    CHECK(body_json(r)["error"]["message"].get<std::string>().find("category") != std::string::npos);
}

TEST_CASE("malformed requests get a JSON 400 and the server keeps serving") {
    ServerGuard s;
    // A NUL in the method; sizeof - 1 keeps the NUL inside and leaves out the
    // literal's own terminator (a hand-counted length once read a byte past
    // it, which AddressSanitizer caught).
    static const char nul_in_method[] = "GET\0/ HTTP/1.1\r\n\r\n";
    for (const std::string& bad : {
             std::string("GARBAGE\r\n\r\n"),
             std::string("GET /api/v1/health HTTP/9\r\n\r\n"),
             std::string("GET /api/v1/health HTTP/1.1\r\nNo colon here\r\n\r\n"),
             std::string("GET /api/v1/health HTTP/1.1\r\nContent-Length: banana\r\n\r\n"),
             std::string(nul_in_method, sizeof nul_in_method - 1),
         }) {
        const auto r = request(s.port(), bad);
        check_error(r, 400, api::code::bad_request);
        CHECK(r.closed);
    }
    // Targets that are not absolute paths or have broken percent-encoding.
    check_error(get(s.port(), "/api/v1/bases/%zz"), 400, api::code::bad_request);
    check_error(get(s.port(), "/a%00b"), 400, api::code::bad_request);
    check_error(request(s.port(), "GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400,
                api::code::bad_request);
    check_still_serving(s.port());
}

TEST_CASE("oversized request lines, headers and bodies are refused with the right status") {
    ServerGuard s;
    const auto long_line = get(s.port(), "/api/v1/health?" + std::string(20000, 'a'));
    check_error(long_line, 414, api::code::uri_too_long);

    const auto big_headers =
        get(s.port(), "/api/v1/health", "X-Padding: " + std::string(9000, 'b') + "\r\n");
    check_error(big_headers, 431, api::code::headers_too_large);

    // The body limit is checked from Content-Length, before the body arrives,
    // and the client still gets to read the answer.
    const std::string body(2 * 1024 * 1024, 'c');
    const auto big_body = request(s.port(), "POST /api/v1/bases HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                                std::to_string(body.size()) + "\r\n\r\n" + body);
    check_error(big_body, 413, api::code::payload_too_large);
    check_still_serving(s.port());
}

TEST_CASE("static files have the right MIME types, ETags and gzip") {
    ServerGuard s;
    const auto index = get(s.port(), "/");
    REQUIRE(index.status == 200);
    CHECK(index.header("content-type") == "text/html; charset=utf-8");
    CHECK(index.headers.count("content-security-policy") == 1);
    CHECK(index.header("x-content-type-options") == "nosniff");
    CHECK(index.body == read_file(s.dir / "web" / "index.html"));

    const auto wasm = get(s.port(), "/zhixing.wasm");
    REQUIRE(wasm.status == 200);
    CHECK(wasm.header("content-type") == "application/wasm");
    CHECK(wasm.body == read_file(s.dir / "web" / "zhixing.wasm"));
    CHECK(wasm.headers.count("content-encoding") == 0);

    const auto gz = get(s.port(), "/zhixing.wasm", "Accept-Encoding: gzip, deflate, br\r\n");
    REQUIRE(gz.status == 200);
    CHECK(gz.header("content-encoding") == "gzip");
    CHECK(gz.body.size() < wasm.body.size());
    CHECK(zx::test::gunzip(gz.body) == wasm.body);

    // API responses are compressed on the fly.
    const auto bases_gz = get(s.port(), "/api/v1/bases", "Accept-Encoding: gzip\r\n");
    CHECK(bases_gz.header("content-encoding") == "gzip");
    CHECK(json::parse(zx::test::gunzip(bases_gz.body)).at("count") == s.demo_count);

    const auto css = get(s.port(), "/sub/style.css");
    CHECK(css.header("content-type") == "text/css; charset=utf-8");

    const auto etag = wasm.header("etag");
    REQUIRE_FALSE(etag.empty());
    const auto again = get(s.port(), "/zhixing.wasm", "If-None-Match: " + etag + "\r\n");
    CHECK(again.status == 304);
    CHECK(again.body.empty());

    auto head = request(s.port(), "HEAD /zhixing.wasm HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", true);
    CHECK(head.status == 200);
    CHECK(head.header("content-length") == std::to_string(wasm.body.size()));
    CHECK(head.body.empty());
}

TEST_CASE("nothing outside the web root, and no dotfiles, is ever served") {
    ServerGuard s;
    for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/sub/../../secret.txt", "/.hidden",
                               "/sub/%2E%2E/%2E%2E/secret.txt"}) {
        const auto r = get(s.port(), target);
        CAPTURE(target);
        CHECK(r.status == 404);
        CHECK(r.body.find("outside the web root") == std::string::npos);
        CHECK(r.body.find("dotfile") == std::string::npos);
    }
}

TEST_CASE("keep-alive serves several requests on one connection, and each is logged once") {
    ServerGuard s;
    const size_t before = s.log_lines();
    zx::test::RawConnection c(s.port());
    for (int i = 0; i < 3; ++i) {
        REQUIRE(c.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"));
        const auto r = c.read_response();
        CHECK(r.status == 200);
        CHECK_FALSE(r.closed);
    }
    CHECK(s.log_lines() == before + 3);
    std::lock_guard lock(s.log_mu);
    const auto& last = s.log.back();
    CHECK(last.find("GET /api/v1/health 200") != std::string::npos);
    CHECK(last.find("127.0.0.1") != std::string::npos);
}

TEST_CASE("hundreds of idle connections do not stop the server from answering") {
    ServerGuard s;
    std::vector<std::unique_ptr<zx::test::RawConnection>> idle;
    for (int i = 0; i < 600; ++i) idle.push_back(std::make_unique<zx::test::RawConnection>(s.port()));
    // Half-sent requests hold their connections too.
    for (int i = 0; i < 100; ++i) idle[static_cast<size_t>(i)]->send("GET /api/v1/health HTTP/1.1\r\n");
    check_still_serving(s.port());
    const auto r = get(s.port(), "/api/v1/bases");
    CHECK(r.status == 200);
}

TEST_CASE("a port already in use is a clear error") {
    ServerGuard s;
    server::ServerConfig cfg;
    cfg.db_path = (s.dir / "other.db").string();
    cfg.http.port = s.port();
    server::Server second(cfg);
    CHECK_THROWS_WITH(second.start(), doctest::Contains("cannot listen on 127.0.0.1:"));
}

namespace {
// The sources of one directive of a content-security policy.
std::vector<std::string> csp_sources(const std::string& policy, const std::string& directive) {
    std::vector<std::string> out;
    std::istringstream parts(policy);
    for (std::string part; std::getline(parts, part, ';');) {
        std::istringstream words(part);
        std::string name;
        words >> name;
        if (name != directive) continue;
        for (std::string w; words >> w;) out.push_back(w);
    }
    return out;
}

// A server whose web root has the given config.json (README: where a
// deployment names its tile server).
struct TileServer : zx::test::ServerFixture {
    explicit TileServer(const std::string& config)
        : ServerFixture(Options{.real_clock = true, .accounts = false, .threads = 1,
                                .prepare = [config](const fs::path& root) {
                                    fs::create_directories(root / "web");
                                    write_file(root / "web" / "index.html", "<!doctype html><title>知行</title>");
                                    write_file(root / "web" / "config.json", config);
                                },
                                .web_root = "web"}) {}
    std::string policy() {
        const auto r = zx::test::get(port(), "/");
        REQUIRE(r.status == 200);
        REQUIRE(r.headers.count("content-security-policy") == 1);
        return r.header("content-security-policy");
    }
};
}  // namespace

TEST_CASE("the content-security policy lets map tiles come from the tile server in config.json") {
    SUBCASE("a tile server with subdomains and a port") {
        TileServer s(json{{"tile_url", "https://{s}.tiles.example.cn:8443/osm/{z}/{x}/{y}.png"},
                          {"tile_attribution", "© OpenStreetMap"}}
                         .dump());
        const auto p = s.policy();
        const auto img = csp_sources(p, "img-src");
        CHECK(std::find(img.begin(), img.end(), "https://*.tiles.example.cn:8443") != img.end());
        CHECK(std::find(img.begin(), img.end(), "'self'") != img.end());
        // Everything else stays as strict as before.
        CHECK(csp_sources(p, "connect-src") == std::vector<std::string>{"'self'"});
        CHECK(csp_sources(p, "script-src") == std::vector<std::string>{"'self'", "'wasm-unsafe-eval'"});
        // The config file itself is served from the page's own origin.
        CHECK(get(s.port(), "/config.json").status == 200);
    }
    SUBCASE("the repository's own config (no tile server) adds nothing") {
        TileServer s(read_file(fs::path(ZX_SOURCE_DIR) / "web" / "config.json"));
        CHECK(csp_sources(s.policy(), "img-src") == std::vector<std::string>{"'self'", "data:", "blob:"});
    }
    SUBCASE("a tile_url that is not a plain http(s) origin cannot widen or break the policy") {
        for (const char* bad : {"https://tiles.example; script-src *", "javascript:alert(1)", "https://'unsafe-inline'/x",
                                "https://tiles.example:80a/{z}", "//tiles.example/{z}/{x}/{y}.png"}) {
            CAPTURE(bad);
            TileServer s(json{{"tile_url", bad}}.dump());
            const auto p = s.policy();
            CHECK(csp_sources(p, "img-src") == std::vector<std::string>{"'self'", "data:", "blob:"});
            CHECK(csp_sources(p, "script-src") == std::vector<std::string>{"'self'", "'wasm-unsafe-eval'"});
        }
        CHECK(zx::server::StaticFiles::tile_source("http://127.0.0.1:8081/{z}/{x}/{y}.png") == "http://127.0.0.1:8081");
    }
}
