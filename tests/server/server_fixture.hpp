#pragma once
// A real zhixing-server for a test case: a fresh SQLite file in a temporary
// folder, the demo bases and accounts seeded, a free port on 127.0.0.1, a
// clock the test can move, and helpers that speak the JSON API as a client
// does. The destructor stops the server and removes the folder.
#include "raw_http.hpp"
#include "repo.hpp"
#include "seed.hpp"
#include "server.hpp"
#include "authz.hpp"
#include "zx/space/timetable.hpp"

#include "zx/wire/api.hpp"
#include "zx/tours/demo_data.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/schema.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace zx::test {

// China's date `days` from today (negative: before), "YYYY-MM-DD", as the
// server reckons today.
inline std::string day_from_today(int days) {
    const auto today = timetable::to_days(*timetable::parse_date(server::today_shanghai()));
    return timetable::format(timetable::from_days(today + days));
}

struct ServerFixtureOptions {
    bool routes = false;         // seed the demo routes too
    int64_t change_step_ms = 0;  // the clock moves this much before each change
    int64_t session_idle_ms = 3600'000;
    int64_t session_absolute_ms = 24 * 3600'000;
    // Base staff and administrators (the server's defaults are shorter).
    int64_t staff_session_idle_ms = 3600'000;
    int64_t staff_session_absolute_ms = 24 * 3600'000;
    // The system clock instead of the fixture's movable one: for tests of
    // real clients, whose devices stamp their edits with the time of day.
    bool real_clock = false;
    // Bases to seed instead of the demo file's (the client's very large state).
    std::optional<std::vector<Base>> bases = std::nullopt;
    bool accounts = true;  // seed the demo accounts
    int threads = 0;       // HTTP threads (0: one per core, at least 2)
    // Run in the fixture's folder before the server starts, and the web root
    // it serves (relative to that folder; "" serves the API only).
    std::function<void(const std::filesystem::path& dir)> prepare = nullptr;
    std::string web_root = {};
    int64_t start_ms = 1'790'000'000'000;  // the movable clock's first reading (late 2026)
    // Last word on the server's configuration (limits, workers, lifetimes),
    // run after the options above are applied.
    std::function<void(server::ServerConfig&)> configure = nullptr;
};

struct ServerFixture {
    using Options = ServerFixtureOptions;

    std::filesystem::path dir;
    std::atomic<int64_t> ms{0};  // the server's clock (unless real_clock), ms since the epoch
    std::unique_ptr<server::Server> srv;
    std::vector<Base> file_bases;
    std::mutex log_mu;
    std::vector<std::string> log;
    size_t log_lines() {
        std::lock_guard lock(log_mu);
        return log.size();
    }
    std::map<std::string, std::string> tokens;  // username -> token
    int next_change = 0;
    Options options;

    server::ServerConfig cfg;

    explicit ServerFixture(Options o = {}) : options(std::move(o)) {
        static std::atomic<int> n{0};
        dir = std::filesystem::temp_directory_path() /
              ("zx-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        ms = options.start_ms;
        if (options.prepare) options.prepare(dir);
        cfg.db_path = (dir / "t.db").string();
        if (!options.web_root.empty()) cfg.web_root = (dir / options.web_root).string();
        cfg.http.port = 0;
        cfg.http.threads = options.threads;
        cfg.http.log_sink = [this](const std::string& line) {
            std::lock_guard lock(log_mu);
            log.push_back(line);
        };
        if (!options.real_clock) cfg.now_ms = [this] { return ms.load(); };
        cfg.sessions.idle_ms = options.session_idle_ms;
        cfg.sessions.absolute_ms = options.session_absolute_ms;
        cfg.sessions.staff_idle_ms = options.staff_session_idle_ms;
        cfg.sessions.staff_absolute_ms = options.staff_session_absolute_ms;
        if (options.configure) options.configure(cfg);
        srv = std::make_unique<server::Server>(cfg);
        file_bases = options.bases ? *options.bases : parse_bases_tsv(read_file(ZX_SOURCE_DIR "/assets/demo/bases.tsv"));
        server::seed_demo_bases(srv->store(), srv->clock(), file_bases);
        if (options.routes) server::seed_demo_routes(srv->store(), srv->clock(), file_bases);
        if (options.accounts)
            srv->accounts().seed_demo(nlohmann::json::parse(read_file(ZX_SOURCE_DIR "/assets/demo/accounts.json")));
        srv->start();
        cfg.http.port = srv->port();  // a restart comes back on the same port
    }
    // Stops the server (clients find it unreachable) and starts it again on
    // the same port and database, as after a reboot.
    void stop() { srv->stop(); }
    void restart() {
        srv.reset();
        srv = std::make_unique<server::Server>(cfg);
        srv->start();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(cfg.http.port); }
    ~ServerFixture() {
        srv.reset();
        std::filesystem::remove_all(dir);
    }
    ServerFixture(const ServerFixture&) = delete;
    ServerFixture& operator=(const ServerFixture&) = delete;

    unsigned short port() const { return srv->port(); }

    std::string login(const std::string& user, const std::string& password) {
        const auto r = call_json(port(), "POST", api::kLoginPath, nlohmann::json(api::LoginRequest{user, password}).dump(), "");
        REQUIRE_MESSAGE(r.status == 200, r.raw);
        return tokens[user] = r.body.at("token").get<std::string>();
    }
    // A kiosk enrolled at `base` by the demo admin: its device token (tokens
    // keeps it as "kiosk:<base>").
    std::string enrol_kiosk(const std::string& base, const std::string& name = "kiosk") {
        const auto admin = call_json(port(), "POST", api::kLoginPath,
                                     nlohmann::json(api::LoginRequest{"admin", "demo-admin-1"}).dump(), "");
        REQUIRE_MESSAGE(admin.status == 200, admin.raw);
        const auto code = call_json(port(), "POST", api::kKioskEnrolmentsPath, nlohmann::json{{"base_id", base}}.dump(),
                                    admin.body.at("token").get<std::string>());
        REQUIRE_MESSAGE(code.status == 201, code.raw);
        const auto r = call_json(port(), "POST", api::kKioskEnrolPath,
                                 nlohmann::json{{"code", code.body.at("code")}, {"name", name}}.dump(), "");
        REQUIRE_MESSAGE(r.status == 201, r.raw);
        return tokens["kiosk:" + base] = r.body.at("token").get<std::string>();
    }
    // A teacher invitation for `school` issued by the demo admin.
    std::string invitation(const std::string& school = "sch-demo") {
        const auto admin = call_json(port(), "POST", api::kLoginPath,
                                     nlohmann::json(api::LoginRequest{"admin", "demo-admin-1"}).dump(), "");
        REQUIRE_MESSAGE(admin.status == 200, admin.raw);
        const auto r = call_json(port(), "POST", api::kTeacherInvitationsPath,
                                 nlohmann::json(api::TeacherInvitationRequest{school}).dump(),
                                 admin.body.at("token").get<std::string>());
        REQUIRE_MESSAGE(r.status == 201, r.raw);
        return r.body.at("code").get<std::string>();
    }
    // Registers `user` (password "password-<user>"; a teacher with an
    // invitation to the demo school), signs in and answers the token.
    std::string reg(const std::string& user, const std::string& role) {
        api::RegisterRequest req{user, "password-" + user, user, api::role_from_code(role).value_or(api::Role::student)};
        if (req.role == api::Role::teacher) req.invitation = invitation();
        const auto r = call_json(port(), "POST", api::kRegisterPath, nlohmann::json(req).dump(), "");
        REQUIRE_MESSAGE(r.status == 202, r.raw);
        return login(user, req.password);
    }
    std::string user_id(const std::string& user) {
        return get(user, api::kMePath).body["user"]["id"].get<std::string>();
    }
    JsonReply post(const std::string& user, const std::string& path, const nlohmann::json& body) {
        return call_json(port(), "POST", path, body.dump(), tokens.at(user));
    }
    JsonReply get(const std::string& user, const std::string& path) {
        return call_json(port(), "GET", path, "", tokens.at(user));
    }
    JsonReply get_public(const std::string& path) { return call_json(port(), "GET", path, "", ""); }
    JsonReply del(const std::string& user, const std::string& path) {
        return call_json(port(), "DELETE", path, "", tokens.at(user));
    }

    // The device name a user's pushes carry: the username, with the
    // characters a node id may not hold (a dot in "ms.wu") made dashes.
    static std::string node_of(const std::string& user) {
        std::string node = user.substr(0, 32);
        for (auto& c : node)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
        return node;
    }
    // One change as `user`'s device makes it (its HLC from the fixture's clock).
    nlohmann::json change(const std::string& user, const std::string& collection, const std::string& id,
                          const nlohmann::json& fields, bool del = false) {
        const auto n = ++next_change;
        ms += options.change_step_ms;
        nlohmann::json ch{{"id", "t" + std::to_string(n)},
                          {"collection", collection},
                          {"record", id},
                          {"hlc", hlc::format(static_cast<uint64_t>(ms.load()), static_cast<uint16_t>(n), node_of(user))},
                          {"fields", fields}};
        if (del) ch["deleted"] = true;
        return ch;
    }
    // One batch of changes as one push.
    JsonReply push(const std::string& user, const nlohmann::json& changes) {
        return post(user, api::kPushPath,
                    {{"schema_version", schema::latest_version()},
                     {"node", node_of(user)},
                     {"batch_id", "b" + std::to_string(++next_change)},
                     {"changes", changes}});
    }
    JsonReply write(const std::string& user, const std::string& collection, const std::string& id,
                    const nlohmann::json& fields, bool del = false) {
        return push(user, nlohmann::json::array({change(user, collection, id, fields, del)}));
    }
    // Pulls from scratch, page by page, calling `each` for every live record
    // (as the server sends it); answers the raw pages, joined.
    std::string pull_all(const std::string& user, const std::function<void(const nlohmann::json&)>& each) {
        std::string raw;
        int64_t cursor = 0;
        std::string epoch;
        while (true) {
            const auto r = post(user, api::kPullPath,
                                {{"schema_version", schema::latest_version()},
                                 {"cursor", cursor},
                                 {"epoch", epoch},
                                 {"limit", 2000}});
            REQUIRE_MESSAGE(r.status == 200, r.raw);
            raw += r.raw;
            for (const auto& rec : r.body["records"])
                if (!rec["deleted"].get<bool>()) each(rec);
            cursor = r.body["cursor"].get<int64_t>();
            epoch = r.body["epoch"].get<std::string>();
            if (!r.body["has_more"].get<bool>()) break;
        }
        return raw;
    }
    int64_t max_seq() {
        int64_t v = 0;
        srv->store().read([&](db::Connection& c) { v = server::repo::max_seq(c); });
        return v;
    }
};

}  // namespace zx::test
