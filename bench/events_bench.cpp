// Memory of idle connections: live channels (GET /api/v1/events) against
// plain keep-alive connections, in a real zhixing-server process. For each
// size, a fresh server is started twice (so that neither kind inherits the
// other's freed memory); the bench opens that many connections of one kind
// and lets them idle, then reads the server's resident set (VmRSS in
// /proc/PID/status). An event connection has said hello; a keep-alive one
// has had one request answered (GET /api/v1/health) and waits for the next.
//
//   ./build/bin/zx_events_bench [--sizes 1000,5000]
#include "event_stream.hpp"
#include "raw_http.hpp"

#include "zx/core/cli.hpp"
#include "zx/wire/api.hpp"

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <csignal>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The demo accounts the connections are spread over (each their own keys).
const std::vector<std::pair<std::string, std::string>> kUsers = {
    {"student1", "demo-student-1"}, {"student2", "demo-student-2"}, {"student4", "demo-student-4"},
    {"teacher1", "demo-teacher-1"}, {"teacher4", "demo-teacher-4"}, {"parent1", "demo-parent-1"},
    {"staff1", "demo-staff-1"},     {"admin", "demo-admin-1"}};

// One zhixing-server child on a free port of 127.0.0.1 with a fresh database.
class ServerProcess {
public:
    explicit ServerProcess(const fs::path& dir) {
        fs::remove_all(dir);
        fs::create_directories(dir);
        int out[2];
        if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            const std::string db = (dir / "bench.db").string();
            // Caps, rates and the idle timeout out of the way: the bench
            // measures connections, not limits.
            ::execl(ZX_SERVER_BIN, ZX_SERVER_BIN, "--port", "0", "--db", db.c_str(), "--seed-accounts",
                    ZX_SOURCE_DIR "/assets/demo/accounts.json", "--quiet", "--threads", "2", "--idle-timeout", "3600",
                    "--events-per-user", "100000", "--events-max", "100000", "--events-rate", "100000",
                    "--events-burst", "100000", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(out[1]);
        // "zhixing-server … listening on http://127.0.0.1:PORT"
        std::string seen;
        char buf[256];
        while (seen.find("listening on http://") == std::string::npos || seen.back() != '\n') {
            const auto n = ::read(out[0], buf, sizeof buf);
            if (n <= 0) throw std::runtime_error("zhixing-server did not start: " + seen);
            seen.append(buf, static_cast<size_t>(n));
        }
        ::close(out[0]);
        const auto at = seen.rfind(':');
        port_ = static_cast<unsigned short>(std::stoi(seen.substr(at + 1)));
    }
    ~ServerProcess() {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
    unsigned short port() const { return port_; }

    // The resident set in KiB, once it has stopped moving (the server's
    // threads finish what the last connections started).
    long rss_kib() const {
        long last = -1;
        for (int i = 0; i < 20; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            const long now = read_rss();
            if (now == last) return now;
            last = now;
        }
        return last;
    }

private:
    long read_rss() const {
        std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
        std::string line;
        while (std::getline(in, line))
            if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
        return -1;
    }
    pid_t pid_ = -1;
    unsigned short port_ = 0;
};

std::vector<std::string> sign_in(unsigned short port) {
    std::vector<std::string> tokens;
    for (const auto& [user, password] : kUsers) {
        const auto r = zx::test::call_json(port, "POST", zx::api::kLoginPath,
                                           json{{"username", user}, {"password", password}}.dump(), "");
        if (r.status != 200) throw std::runtime_error("cannot sign in " + user + ": " + r.raw);
        tokens.push_back(r.body.at("token").get<std::string>());
    }
    return tokens;
}

struct Figure {
    long base_kib = 0;
    long with_kib = 0;
    double per_1000_kib(size_t n) const { return static_cast<double>(with_kib - base_kib) * 1000.0 / static_cast<double>(n); }
};

// `n` live channels, each past its hello.
Figure measure_events(const fs::path& dir, size_t n) {
    ServerProcess srv(dir);
    const auto tokens = sign_in(srv.port());
    Figure f;
    f.base_kib = srv.rss_kib();
    std::vector<std::unique_ptr<zx::test::EventStream>> open;
    open.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        auto s = std::make_unique<zx::test::EventStream>(srv.port(), tokens[i % tokens.size()]);
        const auto hello = s->next(10'000);
        if (s->status != 200 || !hello || hello->kind != zx::api::LiveKind::hello)
            throw std::runtime_error("event stream " + std::to_string(i) + " did not open: " + s->head + s->body);
        open.push_back(std::move(s));
    }
    f.with_kib = srv.rss_kib();
    return f;
}

// `n` keep-alive connections, each after one answered request.
Figure measure_plain(const fs::path& dir, size_t n) {
    ServerProcess srv(dir);
    (void)sign_in(srv.port());  // the same work done before the base figure
    Figure f;
    f.base_kib = srv.rss_kib();
    std::vector<std::unique_ptr<zx::test::RawConnection>> open;
    open.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        auto c = std::make_unique<zx::test::RawConnection>(srv.port());
        if (!c->send("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") || c->read_response().status != 200)
            throw std::runtime_error("keep-alive connection " + std::to_string(i) + " got no answer");
        open.push_back(std::move(c));
    }
    f.with_kib = srv.rss_kib();
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    std::string sizes_text = "1000,5000";
    std::vector<size_t> sizes;
    zx::cli::Parser cli("zx_events_bench",
                        "Server memory per 1,000 idle connections: live channels (GET /api/v1/events) against\n"
                        "plain keep-alive connections, each kind in a fresh zhixing-server process (VmRSS).");
    cli.custom("--sizes", "N,N", "how many connections of each kind to open, one run per size", sizes_text,
               [&](std::string_view v) -> std::string {
                   sizes.clear();
                   std::stringstream ss{std::string(v)};
                   std::string item;
                   while (std::getline(ss, item, ',')) {
                       char* end = nullptr;
                       const unsigned long x = std::strtoul(item.c_str(), &end, 10);
                       if (item.empty() || *end != '\0' || x < 1 || x > 8000) return "is not a list of counts from 1 to 8000";
                       sizes.push_back(x);
                   }
                   return sizes.empty() ? "is not a list of counts from 1 to 8000" : "";
               });
    if (const auto r = cli.parse(argc, argv); r.exit) {
        std::fputs(r.text.c_str(), r.to_stderr() ? stderr : stdout);
        return r.exit_code;
    }
    if (sizes.empty()) sizes = {1000, 5000};
    // Each connection is a descriptor on both sides; the child inherits the limit.
    rlimit lim{};
    ::getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
    size_t largest = 0;
    for (auto n : sizes) largest = std::max(largest, n);
    if (lim.rlim_cur < largest + 100) {
        std::fprintf(stderr, "zx_events_bench: the descriptor limit (%llu) is below %zu connections\n",
                     static_cast<unsigned long long>(lim.rlim_cur), largest);
        return 1;
    }
    std::signal(SIGPIPE, SIG_IGN);
    const fs::path dir = fs::temp_directory_path() / ("zx-events-bench-" + std::to_string(::getpid()));
    try {
        std::printf("%-12s %14s %14s %18s %18s %8s\n", "connections", "events KiB", "keep-alive KiB",
                    "events KiB/1000", "keep-alive KiB/1000", "ratio");
        for (const size_t n : sizes) {
            const auto e = measure_events(dir / "events", n);
            const auto p = measure_plain(dir / "plain", n);
            const double ev = e.per_1000_kib(n), ka = p.per_1000_kib(n);
            std::printf("%-12zu %14ld %14ld %18.0f %18.0f %7.2fx\n", n, e.with_kib - e.base_kib,
                        p.with_kib - p.base_kib, ev, ka, ev > 0 ? ka / ev : 0.0);
            std::fflush(stdout);
        }
        std::printf("(RSS growth over the same server idle; ratio = keep-alive per connection / event per connection)\n");
    } catch (const std::exception& ex) {
        std::fprintf(stderr, "zx_events_bench: %s\n", ex.what());
        fs::remove_all(dir);
        return 1;
    }
    fs::remove_all(dir);
    return 0;
}
