// The desktop client over HTTPS (issue 12, item 9: kiosks over the
// internet). A real TLS endpoint (tests/client/tls_proxy.mjs, Node's `tls`)
// sits in front of the real test server, with a throwaway certificate
// authority and server certificates that the openssl CLI makes for each run.
// The client signs in and syncs through it when given the CA (--ca-file);
// without it, with a self-signed certificate or one for another name, the
// handshake is refused, the UI says why in the user's language, and no
// connection reaches the server. Plain http:// to another machine is refused
// unless --allow-insecure-http, and https:// to a plain server never falls
// back to HTTP. The URL rule itself is tested as the pure function it is.
#include "headless.hpp"

#include "i18n.hpp"
#include "messages.hpp"
#include "raw_http.hpp"
#include "server_url.hpp"

#include "zx/wire/api.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace zx;
using namespace zx::test;
using platform::HttpFailure;
using platform::native::check_server_url;
using platform::native::is_loopback_host;

namespace {

// A certificate authority made for this run only, and server certificates:
// NAME.pem and NAME.key in `dir`. Keys never leave the temporary folder.
struct TestCerts {
    fs::path dir = temp_dir("pki");

    TestCerts() {
        const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 ";
        openssl("req -x509 " + ec + "-subj /CN=zhixing-test-ca -keyout ca.key -out ca.pem "
                "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
        signed_by_ca("good", "IP:127.0.0.1,DNS:localhost");
        signed_by_ca("other", "DNS:other.example");
        // Valid for this machine's names, but signed by nobody the client trusts.
        openssl("req -x509 " + ec + "-subj /CN=127.0.0.1 -keyout self.key -out self.pem "
                "-addext subjectAltName=IP:127.0.0.1,DNS:localhost");
    }
    ~TestCerts() { fs::remove_all(dir); }
    std::string ca() const { return (dir / "ca.pem").string(); }

private:
    void openssl(const std::string& args) const {
        const std::string cmd = "cd '" + dir.string() + "' && " ZX_OPENSSL_BIN " " + args + " >>openssl.log 2>&1";
        REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, cmd);
    }
    void signed_by_ca(const std::string& name, const std::string& san) const {
        std::ofstream(dir / (name + ".ext")) << "subjectAltName=" << san
                                             << "\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n";
        openssl("req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=" + name + " -keyout " + name +
                ".key -out " + name + ".csr");
        openssl("x509 -req -in " + name + ".csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile " + name +
                ".ext -out " + name + ".pem");
    }
};

// tests/client/tls_proxy.mjs as a child process: one TLS port per
// certificate name, forwarding to the test server's plain port.
class TlsProxy {
public:
    TlsProxy(unsigned short to, const fs::path& certs, const std::string& names) {
        int in[2], out[2];
        REQUIRE(::pipe(in) == 0);
        REQUIRE(::pipe(out) == 0);
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(in[0], 0);
            ::dup2(out[1], 1);
            ::close(in[0]), ::close(in[1]), ::close(out[0]), ::close(out[1]);
            const auto port = std::to_string(to);
            const auto dir = certs.string();
            ::execl(ZX_NODE_BIN, ZX_NODE_BIN, ZX_TLS_PROXY, "--to", port.c_str(), "--cert-dir", dir.c_str(), "--names",
                    names.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        REQUIRE(pid_ > 0);
        ::close(in[0]);
        ::close(out[1]);
        stdin_ = in[1];
        stdout_ = out[0];
        const std::string line = read_line(10000);
        REQUIRE_MESSAGE(!line.empty(), "tls_proxy.mjs did not start");
        ports_ = json::parse(line);
    }
    ~TlsProxy() { finish(); }

    std::string url(const std::string& name, const std::string& host = "127.0.0.1") const {
        return "https://" + host + ":" + std::to_string(ports_.at(name).get<int>());
    }
    // Stops the proxy and answers how many connections it forwarded to the
    // server (its "upstream NAME" lines), for `name` or for all.
    int forwarded(const std::string& name = "") {
        finish();
        int n = 0;
        std::istringstream lines(rest_);
        for (std::string l; std::getline(lines, l);)
            if (l.rfind("upstream ", 0) == 0 && (name.empty() || l == "upstream " + name)) ++n;
        return n;
    }

private:
    // Reads up to a newline, at most `ms` milliseconds.
    std::string read_line(int ms) {
        std::string line;
        for (char c = 0; c != '\n';) {
            pollfd p{stdout_, POLLIN, 0};
            if (::poll(&p, 1, ms) <= 0 || ::read(stdout_, &c, 1) != 1) return {};
            line += c;
        }
        return line;
    }
    void finish() {
        if (pid_ <= 0) return;
        ::close(stdin_);  // the proxy exits when its stdin closes
        char buf[4096];
        for (ssize_t n; (n = ::read(stdout_, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR);)
            if (n > 0) rest_.append(buf, static_cast<size_t>(n));
        ::close(stdout_);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    pid_t pid_ = -1;
    int stdin_ = -1, stdout_ = -1;
    json ports_;
    std::string rest_;
};

platform::Options options(const std::string& url, const std::string& ca_file = "", bool allow_insecure_http = false) {
    platform::Options o;
    o.server_url = url;
    o.ca_file = ca_file;
    o.allow_insecure_http = allow_insecure_http;
    return o;
}

std::string failure_of(Headless& h) { return h.state().at("serverFailure").get<std::string>(); }

// Waits for the first health check to fail, then tries to sign in through
// the form: both must end in `expected`, and the form must say so in Chinese
// (the default) and, after switching, in English.
void refused(Headless& h, HttpFailure expected, S sentence) {
    const std::string code(platform::http_failure_code(expected));
    REQUIRE(h.run_until([&] { return h.state().at("server") == "offline"; }));
    CHECK(failure_of(h) == code);
    CHECK(offline_status(Lang::zh, expected) == trf(Lang::zh, S::StatusNotConnected, {{"reason", tr(Lang::zh, sentence)}}));
    h.frames(3);
    h.type("auth:username", "student1");
    h.type("auth:password", "demo-student-1");
    h.click("auth:submit");
    REQUIRE(h.run_until([&] { return !h.state().at("notice").get<std::string>().empty(); }));
    CHECK(h.state().at("notice") == tr(Lang::zh, sentence));
    CHECK(h.state().at("signedIn") == false);

    h.click("nav:settings");
    h.click("lang:en");
    REQUIRE(h.state().at("language") == "en");
    h.click("nav:space");
    h.click("auth:submit");
    REQUIRE(h.run_until([&] { return h.state().at("notice") == tr(Lang::en, sentence); }));
    CHECK(h.state().at("signedIn") == false);
}

}  // namespace

TEST_CASE("https: the server URL rule (https always, http only to this machine unless allowed)") {
    SUBCASE("https anywhere, with its default or given port") {
        const auto a = check_server_url("https://zhixing.example.cn", false);
        REQUIRE(a.url);
        CHECK(a.url->tls);
        CHECK(a.url->host == "zhixing.example.cn");
        CHECK(a.url->port == "443");
        const auto b = check_server_url("HTTPS://Kiosk.Example.CN:8443/api/v1?x#y", false);
        REQUIRE(b.url);
        CHECK(b.url->host == "kiosk.example.cn");
        CHECK(b.url->port == "8443");
        const auto c = check_server_url("https://[2001:db8::1]:9443", false);
        REQUIRE(c.url);
        CHECK(c.url->host == "2001:db8::1");
        CHECK(c.url->port == "9443");
        CHECK_FALSE(c.url->loopback_only);
    }
    SUBCASE("plain http to this machine") {
        for (const char* url : {"http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:9000/", "http://LOCALHOST",
                                "http://[::1]:8080", "http://[::ffff:127.0.0.1]:80"}) {
            const auto v = check_server_url(url, false);
            REQUIRE_MESSAGE(v.url, url);
            CHECK_FALSE(v.url->tls);
            CHECK(v.url->loopback_only);  // the connection must end at a loopback address too
        }
        CHECK(check_server_url("http://127.0.0.1", false).url->port == "80");
    }
    SUBCASE("plain http to another machine: refused unless allowed") {
        for (const char* url : {"http://192.168.1.10:8080", "http://zhixing.example.cn", "http://10.0.0.1",
                                "http://127.0.0.1.example.com", "http://localhost.example.com", "http://[::2]",
                                "http://0.0.0.0:8080", "http://128.0.0.1"}) {
            const auto refused = check_server_url(url, false);
            CHECK_MESSAGE(!refused.url, url);
            CHECK(refused.refusal == HttpFailure::insecure_url);
            const auto allowed = check_server_url(url, true);
            REQUIRE_MESSAGE(allowed.url, url);
            CHECK_FALSE(allowed.url->tls);
            CHECK_FALSE(allowed.url->loopback_only);
        }
    }
    SUBCASE("malformed URLs, whatever the flag") {
        for (const char* url : {"", "zhixing.example.cn", "ftp://zhixing.example.cn", "https://", "https://:443",
                                "https://host:0", "https://host:65536", "https://host:80a", "https://host:",
                                "https://user@host", "https://[::1", "https://[::1]x", "https://[::1]:", "https://ho st",
                                "https://host%2f"}) {
            for (const bool allow : {false, true}) {
                const auto v = check_server_url(url, allow);
                CHECK_MESSAGE(!v.url, url);
                CHECK(v.refusal == HttpFailure::bad_url);
            }
        }
    }
    CHECK(is_loopback_host("::1"));
    CHECK(is_loopback_host("127.255.255.254"));
    CHECK_FALSE(is_loopback_host("::ffff:10.0.0.1"));
    CHECK_FALSE(is_loopback_host("localhost.evil.example"));
}

TEST_CASE("https: with the private CA the client signs in and syncs through a TLS proxy, by address and by name") {
    TestServer srv(demo_bases(), true);
    TestCerts pki;
    TlsProxy proxy(srv.port(), pki.dir, "good");
    {
        Headless h(options(proxy.url("good"), pki.ca()));
        REQUIRE(h.run_until([&] { return h.state().at("server") == "online"; }));
        sign_in(h, "student1", "demo-student-1");
        CHECK(h.state().at("records").at("classes") == 1);
        // A change of this device goes up over TLS too.
        h.click("nav:knowledge");
        h.click("note:new");
        REQUIRE(h.run_until([&] { return h.state().at("items").contains("note:title"); }));
        h.type("note:title", "https 湿地");
        h.click("note:save");
        REQUIRE(h.run_until([&] {
            const auto s = h.state();
            return s.at("sync").at("status") == "synced" && s.at("sync").at("pending") == 0;
        }));
    }
    // The server holds the session the client opened through the proxy.
    srv.login("student1", "demo-student-1");
    CHECK(srv.get("student1", api::kSessionsPath).body.at("sessions").size() == 2);
    {
        // A host name: SNI is sent and the certificate's DNS name checked.
        Headless h(options(proxy.url("good", "localhost"), pki.ca()));
        REQUIRE(h.run_until([&] { return h.state().at("server") == "online"; }));
    }
    CHECK(proxy.forwarded("good") > 3);
}

TEST_CASE("https: an untrusted certificate is refused, said in the user's language, and nothing reaches the server") {
    TestServer srv(demo_bases(), true);
    TestCerts pki;
    TlsProxy proxy(srv.port(), pki.dir, "good,self");
    SUBCASE("signed by a CA the client was not given") {
        Headless h(options(proxy.url("good")));
        refused(h, HttpFailure::cert_untrusted, S::NetCertUntrusted);
    }
    SUBCASE("self-signed, even with another CA given") {
        Headless h(options(proxy.url("self"), pki.ca()));
        refused(h, HttpFailure::cert_untrusted, S::NetCertUntrusted);
    }
    CHECK(proxy.forwarded() == 0);
}

TEST_CASE("https: a certificate for another name is refused, by address and by host name") {
    TestServer srv(demo_bases(), true);
    TestCerts pki;
    TlsProxy proxy(srv.port(), pki.dir, "other");
    SUBCASE("by address") {
        Headless h(options(proxy.url("other"), pki.ca()));
        refused(h, HttpFailure::cert_name, S::NetCertName);
    }
    SUBCASE("by host name") {
        Headless h(options(proxy.url("other", "localhost"), pki.ca()));
        refused(h, HttpFailure::cert_name, S::NetCertName);
    }
    CHECK(proxy.forwarded() == 0);
}

TEST_CASE("https: plain http to another machine needs --allow-insecure-http; https never falls back to http") {
    TestServer srv(demo_bases(), true);
    const std::string port = std::to_string(srv.port());
    SUBCASE("refused without the flag, before anything is sent") {
        Headless h(options("http://192.0.2.10:" + port));
        refused(h, HttpFailure::insecure_url, S::NetInsecureUrl);
    }
    SUBCASE("used with the flag") {
        // Linux connects to 0.0.0.0 on this machine: a non-loopback address
        // for the rule that still reaches the test server.
        Headless h(options("http://0.0.0.0:" + port, "", true));
        sign_in(h, "student1", "demo-student-1");
    }
    SUBCASE("https:// to a plain HTTP server fails the handshake, with no second try over http") {
        Headless h(options("https://127.0.0.1:" + port));
        refused(h, HttpFailure::tls, S::NetTls);
    }
    SUBCASE("a malformed URL") {
        Headless h(options("https://127.0.0.1:" + port + "x"));
        refused(h, HttpFailure::bad_url, S::NetBadUrl);
    }
}

TEST_CASE("https: a CA file that is not PEM fails every request with its own error") {
    TestServer srv(demo_bases(), true);
    const fs::path dir = temp_dir("ca");
    std::ofstream(dir / "ca.pem") << "not a certificate\n";
    {
        Headless h(options("https://127.0.0.1:" + std::to_string(srv.port()), (dir / "ca.pem").string()));
        refused(h, HttpFailure::ca_file, S::NetCaFile);
    }
    fs::remove_all(dir);
}
