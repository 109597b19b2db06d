// Crash test: the real zhixing-server binary is killed with SIGKILL in the
// middle of a burst of pushes from several clients, then started again on the
// same database. Every change it acknowledged must be there, and SQLite's
// integrity check must pass.
#include "raw_http.hpp"

#include "zx/wire/api.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/schema.hpp"
#include "zx/sync/sqlite.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <csignal>
#include <filesystem>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace zx;

namespace {

unsigned short free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

uint64_t now_ms() {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
}

struct Reply {
    int status = 0;
    json body;
};

Reply post(unsigned short port, const std::string& path, const std::string& body, const std::string& token) {
    try {
        const auto r = zx::test::send_json(port, "POST", path, body, token);
        return {r.status, json::parse(r.body, nullptr, false)};
    } catch (const std::exception&) {
        return {};
    }
}

// The server as a child process; killed with SIGKILL or stopped with SIGTERM.
struct ServerProcess {
    pid_t pid = -1;
    ServerProcess(const fs::path& db, unsigned short port) {
        pid = ::fork();
        if (pid == 0) {
            const auto p = std::to_string(port);
            const auto d = db.string();
            ::execl(ZX_SERVER_BIN, ZX_SERVER_BIN, "--port", p.c_str(), "--db", d.c_str(), "--quiet",
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        REQUIRE(pid > 0);
        for (int i = 0; i < 200; ++i) {  // wait until it answers
            try {
                if (zx::test::get(port, "/api/v1/health").status == 200) return;
            } catch (const std::exception&) {
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        FAIL("zhixing-server did not start");
    }
    void kill(int sig) {
        if (pid <= 0) return;
        ::kill(pid, sig);
        int status = 0;
        ::waitpid(pid, &status, 0);
        pid = -1;
    }
    ~ServerProcess() { kill(SIGTERM); }
};

struct Ack {
    std::string change_id;
    std::string record;
    std::string title;
    int64_t seq;
};

}  // namespace

TEST_CASE("SIGKILL during a burst of pushes loses no acknowledged change") {
    const auto dir = fs::temp_directory_path() / ("zx-crash-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto db = dir / "crash.db";
    const auto port = free_port();

    std::string token;
    {
        ServerProcess s(db, port);
        // Registering answers the same for every name (202); signing in gives the session.
        REQUIRE(post(port, api::kRegisterPath,
                     R"({"username":"burst","password":"long enough pw","display_name":"x","role":"student"})", "")
                    .status == 202);
        const auto r = post(port, api::kLoginPath, R"({"username":"burst","password":"long enough pw"})", "");
        REQUIRE(r.status == 200);
        token = r.body["token"].get<std::string>();
    }

    std::mutex mu;
    std::vector<Ack> acks;
    int kills = 0;
    for (int round = 0; round < 3; ++round) {
        ServerProcess s(db, port);
        std::atomic<bool> stop{false};
        std::atomic<int> acked_this_round{0};
        std::vector<std::thread> clients;
        for (int t = 0; t < 4; ++t) {
            clients.emplace_back([&, t] {
                for (int b = 0; !stop; ++b) {
                    json changes = json::array();
                    const std::string node = "r" + std::to_string(round) + "c" + std::to_string(t);
                    for (int i = 0; i < 20; ++i) {
                        const auto n = std::to_string(b) + "-" + std::to_string(i);
                        changes.push_back({{"id", node + "-" + n},
                                           {"collection", "notes"},
                                           {"record", "note-" + node + "-" + n},
                                           {"hlc", hlc::format(now_ms() + static_cast<uint64_t>(b), static_cast<uint16_t>(i), node)},
                                           {"fields", {{"title", "title " + node + "-" + n}, {"body", std::string(200, 'x')}}}});
                    }
                    const json body{{"schema_version", schema::latest_version()},
                                    {"node", node},
                                    {"batch_id", node + "-b" + std::to_string(b)},
                                    {"changes", changes}};
                    const auto r = post(port, api::kPushPath, body.dump(), token);
                    if (r.status == 0) break;  // the server is gone
                    CHECK_MESSAGE(r.status == 200, r.body.dump());  // (REQUIRE would throw on this thread)
                    if (r.status != 200) break;
                    std::lock_guard lock(mu);
                    for (const auto& a : r.body["acks"]) {
                        const auto id = a["id"].get<std::string>();
                        for (const auto& c : changes)
                            if (c["id"] == id)
                                acks.push_back({id, c["record"].get<std::string>(), c["fields"]["title"].get<std::string>(),
                                                a["seq"].get<int64_t>()});
                    }
                    acked_this_round += static_cast<int>(r.body["acks"].size());
                }
            });
        }
        // Let the burst get going, then pull the plug mid-flight.
        for (int i = 0; i < 400 && acked_this_round < 400; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        s.kill(SIGKILL);
        ++kills;
        stop = true;
        for (auto& c : clients) c.join();
    }

    // Restart on the same file and check every acknowledged change.
    ServerProcess s(db, port);
    REQUIRE(acks.size() > 100);
    size_t checked = 0;
    for (const auto& a : acks) {
        const auto r = zx::test::get(port, std::string(api::kRecordsPath) + "/notes/" + a.record,
                                     "Authorization: Bearer " + token + "\r\n");
        CAPTURE(a.change_id);
        REQUIRE(r.status == 200);
        const auto j = json::parse(r.body);
        CHECK(j["fields"]["title"] == a.title);
        ++checked;
    }
    s.kill(SIGTERM);
    db::Connection c(db.string(), true);
    const auto integrity = c.query("PRAGMA integrity_check");
    CHECK(integrity.size() == 1);
    CHECK(integrity[0][0] == "ok");
    for (const auto& a : acks) {
        const auto rows = c.query("SELECT seq FROM changes WHERE change_id = ?1", json::array({a.change_id}));
        REQUIRE(rows.size() == 1);
        CHECK(rows[0][0].get<int64_t>() == a.seq);
    }
    MESSAGE("crash test: " << kills << " SIGKILLs, " << checked << " acknowledged changes all present");
    fs::remove_all(dir);
}
