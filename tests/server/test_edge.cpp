// The server's edge against a hostile client (issue 10): JSON that nests
// without end, integers beyond their type, authorization decided before a
// large body is read, separate header and body deadlines, per-user rate
// limits on sync, and the pure readers (request bytes, Markdown, GeoJSON)
// that must stay linear and iterative whatever they are given.
#include "raw_http.hpp"
#include "server.hpp"
#include "server_fixture.hpp"

#include "zx/core/strict_json.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/schema.hpp"
#include "zx/sync/sync.hpp"
#include "zx/text/markdown.hpp"
#include "zx/tours/base_io.hpp"
#include "zx/wire/api.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

using nlohmann::json;
using namespace zx;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// `n` arrays inside each other around `inner`, as text: building it as a
// json value would itself recurse n deep to dump it.
std::string nested(size_t n, const std::string& inner = "") { return std::string(n, '[') + inner + std::string(n, ']'); }

// A push batch of one change whose fields are the raw JSON text `fields`.
std::string push_text(const std::string& user, const std::string& fields, const std::string& schema = "") {
    const auto hlc = hlc::format(1'790'000'000'000, 1, user);
    return R"({"schema_version":)" + (schema.empty() ? std::to_string(schema::latest_version()) : schema) +
           R"(,"node":")" + user + R"(","batch_id":"edge-1","changes":[{"id":"edge-c1","collection":"notes","record":"edge-n1","hlc":")" +
           hlc + R"(","fields":)" + fields + "}]}";
}

// A socket to the server with a receive timeout, for requests sent in parts.
class Socket {
public:
    explicit Socket(unsigned short port, int timeout_s = 10) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd_ >= 0);
        timeval tv{timeout_s, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    }
    ~Socket() { ::close(fd_); }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    // False once the server has closed (or reset) the connection.
    bool send(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<size_t>(n));
        }
        return true;
    }
    // Everything until the server closes or the timeout passes.
    std::string read_all() {
        std::string in;
        char buf[65536];
        ssize_t n;
        while ((n = ::recv(fd_, buf, sizeof buf, 0)) > 0) in.append(buf, static_cast<size_t>(n));
        closed_ = n == 0 || (n < 0 && errno == ECONNRESET);
        return in;
    }
    bool closed() const { return closed_; }

private:
    int fd_ = -1;
    bool closed_ = false;
};

int status_of(const std::string& raw) { return raw.size() >= 12 ? std::atoi(raw.c_str() + 9) : 0; }
json body_of(const std::string& raw) {
    const auto end = raw.find("\r\n\r\n");
    return end == std::string::npos ? json() : json::parse(raw.substr(end + 4), nullptr, false);
}
std::string header_of(const std::string& raw, std::string name) {
    std::string head = raw.substr(0, raw.find("\r\n\r\n"));
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto p = head.find("\r\n" + name + ": ");
    if (p == std::string::npos) return "";
    const auto from = p + 4 + name.size();
    return raw.substr(from, head.find("\r\n", from) - from);
}

// A server of our own, for the limits the shared fixture does not set:
// demo accounts, no bases, a free port.
struct EdgeServer {
    std::filesystem::path dir;
    std::unique_ptr<server::Server> srv;
    std::map<std::string, std::string> tokens;

    explicit EdgeServer(const std::function<void(server::ServerConfig&)>& configure) {
        static int n = 0;
        dir = std::filesystem::temp_directory_path() / ("zx-edge-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        server::ServerConfig cfg;
        cfg.db_path = (dir / "t.db").string();
        cfg.http.port = 0;
        cfg.http.log_requests = false;
        configure(cfg);
        srv = std::make_unique<server::Server>(cfg);
        srv->accounts().seed_demo(json::parse(test::read_file(ZX_SOURCE_DIR "/assets/demo/accounts.json")));
        srv->start();
    }
    ~EdgeServer() {
        srv.reset();
        std::filesystem::remove_all(dir);
    }
    unsigned short port() const { return srv->port(); }
    std::string login(const std::string& user, const std::string& password) {
        const auto r = test::call_json(port(), "POST", api::kLoginPath, json(api::LoginRequest{user, password}).dump(), "");
        REQUIRE_MESSAGE(r.status == 200, r.raw);
        return tokens[user] = r.body.at("token").get<std::string>();
    }
    test::JsonReply pull(const std::string& user) {
        return test::call_json(port(), "POST", api::kPullPath,
                               json{{"schema_version", schema::latest_version()}, {"cursor", 0}, {"limit", 10}}.dump(),
                               tokens.at(user));
    }
};

}  // namespace

// --- 1. Parsing that cannot be crashed ------------------------------------------

TEST_CASE("strict JSON refuses nesting beyond the limit before parsing, and only beyond it") {
    const auto limit = strict::kMaxDepth;
    CHECK_NOTHROW(strict::parse(nested(limit), "body"));
    CHECK_FALSE(strict::too_deep_at(nested(limit)));
    CHECK(strict::too_deep_at(nested(limit + 1)) == limit);
    // Brackets inside strings, escaped quotes included, are text.
    CHECK_FALSE(strict::too_deep_at("[\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"]"));
    try {
        (void)strict::parse(nested(200'000), "request body");
        FAIL("a 200,000-deep array was parsed");
    } catch (const ValidationError& e) {
        CHECK(e.problem().code == Code::too_deep);
        CHECK(e.problem().field == "request body");
        CHECK(e.problem().param("max") == std::to_string(limit));
    }
    // The client's reader of answers: discarded, never thrown.
    CHECK(strict::parse_answer(nested(200'000, "1")).is_discarded());
    CHECK(strict::parse_answer("{\"a\":").is_discarded());
    CHECK(strict::parse_answer(nested(3, "1")) == json::parse("[[[1]]]"));
}

TEST_CASE("text_size is the length of dump() without dumping") {
    for (const auto* text : {R"(null)", R"(true)", R"(false)", R"(0)", R"(-12)", R"(18446744073709551615)", R"(1.5e300)",
                             R"(0.1)", R"("")", R"("a\"b\\c\n\t\u0001\u001f é 中")", R"([])", R"({})", R"([1,[2,[3]],{}])",
                             R"({"k\"ey":{"x":[true,null,"y"]},"b":-0.0})"}) {
        const auto v = json::parse(text);
        CHECK_MESSAGE(strict::text_size(v) == v.dump().size(), text);
    }
    // Deep values are measured without recursion (built here by hand, not parsed).
    json deep = json::array();
    for (int i = 0; i < 100'000; ++i) deep = json::array({std::move(deep)});
    CHECK(strict::text_size(deep) == 2 * 100'001);
}

TEST_CASE("integers out of their type's range are refused with out_of_range, never wrapped") {
    const auto j = json::parse(R"({"small":4294967301,"neg":-4294967301,"big":18446744073709551615,"ok":7,"f":1.0})");
    CHECK(strict::get<int64_t>(j, "small", "x") == 4294967301);
    CHECK(strict::get<int>(j, "ok", "x") == 7);
    for (const char* key : {"small", "neg", "big"}) {
        try {
            (void)strict::get<int>(j, key, "x");
            FAIL("read ", key, " as an int");
        } catch (const ValidationError& e) {
            CHECK(e.problem().code == Code::out_of_range);
            CHECK(e.problem().field == std::string("x.") + key);
            CHECK(e.problem().param("max") == "2147483647");
        }
    }
    CHECK_THROWS_AS((void)strict::get<int64_t>(j, "big", "x"), ValidationError);
    CHECK_THROWS_AS((void)strict::get<int>(j, "f", "x"), ValidationError);  // 1.0 is not an integer
    CHECK(strict::exact_integer<uint64_t>(j["big"]) == UINT64_MAX);
    CHECK_FALSE(strict::exact_integer<uint64_t>(j["neg"]));
    // Answers: a sequence number beyond int64_t is refused, not read as -1.
    CHECK_THROWS_AS(sync::pull_response_from_json(json::parse(
                        R"({"since":0,"records":[],"removed":[],"cursor":18446744073709551615,"has_more":false})")),
                    ValidationError);
}

TEST_CASE("a push with deeply nested JSON answers 400 and the server keeps serving") {
    test::ServerFixture f;
    const auto token = f.login("student1", "demo-student-1");
    // ~400 KB, under the 1 MiB body limit: it reaches the JSON reader.
    const auto deep = push_text("student1", R"({"tags":)" + nested(200'000) + "}");
    REQUIRE(deep.size() < 1024 * 1024);
    auto r = test::call_json(f.port(), "POST", api::kPushPath, deep, token);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["problem"] == "too_deep");
    // Deep in the batch itself rather than in a field.
    r = test::call_json(f.port(), "POST", api::kPushPath, nested(300'000), token);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["problem"] == "too_deep");
    r = test::call_json(f.port(), "POST", api::kPullPath, R"({"schema_version":1,"cursor":)" + nested(100'000, "0") + "}", token);
    CHECK(r.status == 400);
    CHECK(f.get_public(api::kHealthPath).status == 200);
    // A legitimate push still goes through.
    r = test::call_json(f.port(), "POST", api::kPushPath, push_text("student1", R"({"title":"ok","tags":["a",["b"]]})"),
                        token);
    CHECK_MESSAGE(r.status == 200, r.raw);
}

TEST_CASE("huge integers in push and pull answer 400") {
    test::ServerFixture f;
    const auto token = f.login("student1", "demo-student-1");
    // 2^32 + 5 was read as schema version 5.
    auto r = test::call_json(f.port(), "POST", api::kPushPath, push_text("student1", R"({"title":"x"})", "4294967301"), token);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["problem"] == "out_of_range");
    CHECK(r.body["error"]["field"] == "push request.schema_version");
    // 2^32 + 500 was read as a limit of 500 and answered.
    r = test::call_json(f.port(), "POST", api::kPullPath,
                        R"({"schema_version":)" + std::to_string(schema::latest_version()) + R"(,"cursor":0,"limit":4294967796})",
                        token);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["problem"] == "out_of_range");
    r = test::call_json(f.port(), "POST", api::kPullPath,
                        R"({"schema_version":)" + std::to_string(schema::latest_version()) +
                            R"(,"cursor":18446744073709551615})",
                        token);
    CHECK(r.status == 400);
    // An integer field beyond SQLite's 64 bits would be stored wrapped.
    r = test::call_json(f.port(), "POST", api::kPushPath,
                        push_text("student1", R"({"title":"x","created_at":9223372036854775808})"), token);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["problem"] == "out_of_range");
    CHECK(f.get_public(api::kHealthPath).status == 200);
}

TEST_CASE("a deeply nested GeoJSON import is refused whole, without recursion") {
    const std::string text = R"({"type":"FeatureCollection","features":[{"type":"Feature","id":"a","properties":{"name":)" +
                             nested(500'000) + R"(},"geometry":{"type":"Point","coordinates":[120,30]}}]})";
    const auto report = import_geojson(text);
    REQUIRE(report.fatal);
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].problem.code == Code::too_deep);
    // At the limit it is read (and this row refused for its name, not its depth).
    const std::string ok = R"({"type":"FeatureCollection","features":[{"type":"Feature","id":"a","properties":{"name":)" +
                           nested(strict::kMaxDepth - 4) + R"(},"geometry":{"type":"Point","coordinates":[120,30]}}]})";
    const auto r2 = import_geojson(ok);
    CHECK_FALSE(r2.fatal);
    CHECK(r2.rows_seen == 1);
}

TEST_CASE("the Markdown parser is linear and iterative on hostile notes") {
    // Each of these took a search to the end of the text per character
    // (or per line, or per link): minutes for a note this size.
    std::vector<std::pair<std::string, std::string>> inputs;
    const size_t n = 256 * 1024;
    inputs.emplace_back("unclosed brackets", std::string(n, '['));
    inputs.emplace_back("unclosed links", [&] { std::string s; while (s.size() < n) s += "[x]("; return s; }());
    inputs.emplace_back("unclosed emphasis", [&] { std::string s; while (s.size() < n) s += " _a"; return s; }());
    inputs.emplace_back("wrapped lines", [&] { std::string s; while (s.size() < n) s += "中\n"; return s; }());
    inputs.emplace_back("distinct wiki links", [&] { std::string s; for (int i = 0; s.size() < n; ++i) s += "[[" + std::to_string(i) + "]]"; return s; }());
    inputs.emplace_back("nested styles", [&] { std::string s; while (s.size() < n) s += "**a*b__c_d~~e"; return s; }());
    for (const auto& [name, text] : inputs) {
        const auto t0 = Clock::now();
        const auto blocks = md::parse(text);
        (void)md::wiki_links(text);
        const double s = seconds_since(t0);
        MESSAGE(name << ": " << text.size() << " bytes in " << s << " s");
        CHECK_MESSAGE(s < 5.0, name);
        CHECK_FALSE(blocks.empty());
    }
    // Emphasis nested as deep as the marks allow keeps its meaning.
    const auto spans = md::parse_inline("**a *b ~~c~~ d* e**");
    REQUIRE(spans.size() == 5);
    CHECK((spans[2].text == "c" && spans[2].strong && spans[2].emphasis && spans[2].strike));
}

// --- 2. Resources at the HTTP edge --------------------------------------------------

TEST_CASE("authorization is decided on the header: no body is read for a refused request") {
    test::ServerFixture f;
    const auto student = f.login("student1", "demo-student-1");
    auto headers = [](const std::string& path, const std::string& token, uint64_t length) {
        std::string h = "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/geo+json\r\n";
        if (!token.empty()) h += "Authorization: Bearer " + token + "\r\n";
        return h + "Content-Length: " + std::to_string(length) + "\r\n\r\n";
    };
    struct Case {
        std::string path, token;
        int status;
        std::string problem;
    };
    for (const auto& c : {Case{api::kBasesImportPath, "", 401, "sign_in_required"},
                          Case{api::kBasesImportPath, "not-a-session", 401, "session_invalid"},
                          Case{api::kBasesImportPath, student, 403, "role_required"},
                          Case{api::kPushPath, "", 401, "sign_in_required"}}) {
        CAPTURE(c.path);
        CAPTURE(c.status);
        // The header announces 64 MiB and nothing more is sent: the answer
        // must come without waiting for any of it, and the connection close.
        Socket s(f.port(), 5);
        const auto t0 = Clock::now();
        REQUIRE(s.send(headers(c.path, c.token, 64ull << 20)));
        const auto raw = s.read_all();
        CHECK(seconds_since(t0) < 3.0);
        CHECK(status_of(raw) == c.status);
        CHECK(body_of(raw)["error"]["problem"] == c.problem);
        CHECK(s.closed());
    }
    // An admin's import is read as before.
    const auto admin = f.login("admin", "demo-admin-1");
    const std::string file = R"({"type":"FeatureCollection","features":[]})";
    Socket s(f.port());
    REQUIRE(s.send(headers(api::kBasesImportPath, admin, file.size()) + file));
    CHECK(status_of(s.read_all()) == 200);
    CHECK(f.get_public(api::kHealthPath).status == 200);
}

TEST_CASE("a slow header is cut with a 408, a slow legitimate body is not, a stalled body is") {
    EdgeServer e([](server::ServerConfig& c) {
        c.http.idle_timeout_s = 2;
        c.http.header_timeout_s = 1;
        c.http.body_timeout_s = 1;
        c.http.body_min_rate = 20'000;  // so 60 KB may take 1 s + 3 s
    });
    const auto admin = e.login("admin", "demo-admin-1");

    SUBCASE("slow-loris header") {
        Socket s(e.port());
        const auto t0 = Clock::now();
        REQUIRE(s.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"));
        std::string raw;
        std::thread dribble([&] {
            for (int i = 0; i < 12 && s.send("X-Slow: 1\r\n"); ++i) std::this_thread::sleep_for(250ms);
        });
        raw = s.read_all();
        dribble.join();
        const double took = seconds_since(t0);
        CHECK(took < 2.5);
        CHECK(status_of(raw) == 408);
        CHECK(body_of(raw)["error"]["code"] == "request_timeout");
        CHECK(s.closed());
    }
    SUBCASE("a 60 KB import at 24 KB/s, longer than the header and idle deadlines") {
        std::string rows = "id,name,category,level,lat,lon\n";
        for (int i = 0; rows.size() < 60'000; ++i)
            rows += "slow-" + std::to_string(i) + ",慢速导入基地" + std::to_string(i) + ",nature,municipal,30.1,120.2\n";
        Socket s(e.port(), 20);
        REQUIRE(s.send("POST " + std::string(api::kBasesImportPath) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                       "Authorization: Bearer " + admin + "\r\nContent-Type: text/csv\r\nContent-Length: " +
                       std::to_string(rows.size()) + "\r\n\r\n"));
        const auto t0 = Clock::now();
        for (size_t off = 0; off < rows.size(); off += 6'000) {
            REQUIRE(s.send(std::string_view(rows).substr(off, 6'000)));
            std::this_thread::sleep_for(250ms);
        }
        CHECK(seconds_since(t0) > 2.0);
        const auto raw = s.read_all();
        CHECK_MESSAGE(status_of(raw) == 200, raw.substr(0, 300));
    }
    SUBCASE("a body that stalls") {
        Socket s(e.port());
        REQUIRE(s.send("POST " + std::string(api::kPullPath) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin +
                       "\r\nContent-Length: 100\r\n\r\n{\"schema_"));
        const auto t0 = Clock::now();
        const auto raw = s.read_all();
        CHECK(seconds_since(t0) < 3.0);
        CHECK(status_of(raw) == 408);
        CHECK(body_of(raw)["error"]["code"] == "request_timeout");
    }
    SUBCASE("an idle keep-alive connection is closed without an answer") {
        Socket s(e.port());
        const auto t0 = Clock::now();
        CHECK(s.read_all().empty());
        CHECK(s.closed());
        CHECK(seconds_since(t0) > 1.5);
    }
    CHECK(test::get(e.port(), api::kHealthPath).status == 200);
}

TEST_CASE("push and pull are rate limited per user with 429 and Retry-After") {
    EdgeServer e([](server::ServerConfig& c) {
        c.rate_limits[api::kPullPath] = {.per_second = 2, .burst = 3};
    });
    e.login("student1", "demo-student-1");
    e.login("student2", "demo-student-2");
    // The burst: each pull (it has a body, so it is admitted at its header
    // and dispatched later) takes exactly one token.
    for (int i = 0; i < 3; ++i) CHECK_MESSAGE(e.pull("student1").status == 200, i);
    const auto raw = test::send_json(e.port(), "POST", api::kPullPath,
                                     json{{"schema_version", schema::latest_version()}, {"cursor", 0}}.dump(),
                                     e.tokens.at("student1"));
    CHECK(raw.status == 429);
    CHECK(raw.header("retry-after") == "1");
    const auto body = json::parse(raw.body);
    CHECK(body["error"]["code"] == "too_many_requests");
    CHECK(body["error"]["problem"] == "rate_limited");
    CHECK(body["error"]["params"]["retry_after"] == "1");
    // Another user has a bucket of their own; other routes are not limited.
    CHECK(e.pull("student2").status == 200);
    CHECK(test::call_json(e.port(), "GET", api::kMePath, "", e.tokens.at("student1")).status == 200);
    // The bucket refills at 2 a second.
    std::this_thread::sleep_for(600ms);
    CHECK(e.pull("student1").status == 200);
    // Without a session there is nothing to count: 401 as always.
    CHECK(test::call_json(e.port(), "POST", api::kPullPath, "{}", "").status == 401);
}

TEST_CASE("the defaults never meet a device catching up") {
    // 300 pulls in a row, as a fresh device fetching 150,000 records.
    test::ServerFixture f;
    const auto token = f.login("student1", "demo-student-1");
    const auto body = json{{"schema_version", schema::latest_version()}, {"cursor", 0}, {"limit", 1}}.dump();
    int refused = 0;
    for (int i = 0; i < 300; ++i) refused += test::call_json(f.port(), "POST", api::kPullPath, body, token).status == 429;
    CHECK(refused == 0);
}

TEST_CASE("parse_request reads bytes as a connection does") {
    server::HttpConfig c;
    c.path_body_limits.emplace_back("/big", 100);
    c.body_limit = 10;
    auto p = server::parse_request("GET /a%20b?x=1 HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\n\r\n", c);
    REQUIRE(p.request);
    CHECK(p.request->path == "/a b");
    CHECK(p.request->query == "x=1");
    CHECK(p.request->authorization == "Bearer t");
    CHECK(p.keep_alive);
    CHECK(server::parse_request("GET /a HTTP/1.1\r\nHost:", c).incomplete);
    CHECK(server::parse_request("POST /a HTTP/1.1\r\nContent-Length: 11\r\n\r\n", c).refusal->status == 413);
    p = server::parse_request("POST /big HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world", c);
    REQUIRE(p.request);
    CHECK(p.request->body == "hello world");
    CHECK(server::parse_request("GET /%zz HTTP/1.1\r\n\r\n", c).refusal->status == 400);
    CHECK(server::parse_request("GET /" + std::string(10'000, 'a') + " HTTP/1.1\r\n\r\n", c).refusal->status == 414);
    CHECK(server::parse_request("NOT HTTP\r\n\r\n", c).refusal->status == 400);
    // The header check sees the header of a request with a body, and only those.
    int seen = 0;
    c.header_check = [&](const server::Request& head) -> std::optional<server::Response> {
        ++seen;
        if (head.authorization.empty()) return server::error_response(401, api::code::unauthorized, "no");
        return std::nullopt;
    };
    p = server::parse_request("POST /big HTTP/1.1\r\nContent-Length: 5\r\n\r\n", c);
    CHECK((p.refusal && p.refusal->status == 401 && !p.keep_alive));
    p = server::parse_request("POST /big HTTP/1.1\r\nAuthorization: x\r\nContent-Length: 5\r\n\r\nabcde", c);
    CHECK((p.request && p.request->admitted));
    CHECK(server::parse_request("GET /big HTTP/1.1\r\n\r\n", c).request);
    CHECK(seen == 2);
}
