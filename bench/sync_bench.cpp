// Sync throughput: push, then pull, 10,000 changes through a real
// zhixing-server on loopback (HTTP, JSON, authorization, SQLite), and in the
// same run insert the same rows into raw SQLite with the same durability
// setting (WAL, synchronous=FULL, one transaction per batch).
//
//   ./build/bin/zx_sync_bench [changes=10000] [batch=1000]
#include "raw_http.hpp"
#include "server.hpp"

#include "zx/core/cli.hpp"
#include "zx/sync/hlc.hpp"
#include "zx/sync/model.hpp"
#include "zx/sync/record_sql.hpp"
#include "zx/sync/schema.hpp"
#include "zx/sync/sqlite.hpp"
#include "zx/sync/sync.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace zx;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct Wire {
    size_t up = 0, down = 0;
};

zx::test::RawResponse post(unsigned short port, const std::string& path, const std::string& body,
                           const std::string& token, Wire& wire, bool gzip = false) {
    wire.up += body.size() + 200;  // request line and headers, roughly
    auto r = zx::test::send_json(port, "POST", path, body, token, gzip ? "Accept-Encoding: gzip\r\n" : "");
    wire.down += r.body.size() + 200;  // status line and headers, roughly
    if (r.header("content-encoding") == "gzip") r.body = zx::test::gunzip(r.body);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    int n = 10000;
    int batch = 1000;
    zx::cli::Parser cli("zx_sync_bench",
                        "Sync throughput: pushes, then pulls, CHANGES notes through a real zhixing-server on\n"
                        "loopback, and inserts the same rows into raw SQLite with the same durability.");
    cli.integer("CHANGES", "", "changes to push and pull", n, 1, 10'000'000);
    cli.integer("BATCH", "", "changes per push request and per raw SQLite transaction", batch, 1, 1'000'000);
    if (const auto r = cli.parse(argc, argv); r.exit) {
        std::fputs(r.text.c_str(), r.to_stderr() ? stderr : stdout);
        return r.exit_code;
    }
    const auto dir = fs::temp_directory_path() / ("zx-bench-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);

    // The changes: notes with a title and a paragraph of text, as a student writes.
    std::vector<sync::Change> changes;
    const auto t_base = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    for (int i = 0; i < n; ++i) {
        sync::Change c;
        c.id = "c" + std::to_string(i);
        c.collection = "notes";
        c.record = "note-" + std::to_string(i);
        c.hlc = hlc::format(t_base, static_cast<uint16_t>(i % 60000), "bench" + std::to_string(i / 60000));
        c.fields = {{"title", "研学笔记 " + std::to_string(i)},
                    {"body", "今天我们去了湿地公园，观察了白鹭和芦苇。Observed egrets and reeds at the wetland; water sample " +
                                 std::to_string(i * 7 % 1000) + "."},
                    {"created_at", static_cast<int64_t>(t_base)}};
        changes.push_back(std::move(c));
    }

    // --- Through the server -------------------------------------------------------
    server::ServerConfig cfg;
    cfg.db_path = (dir / "server.db").string();
    cfg.http.port = 0;
    cfg.http.log_requests = false;
    server::Server srv(cfg);
    srv.start();
    const auto port = srv.port();
    Wire setup;
    // Registering answers the same for every name; signing in gives the session.
    (void)post(port, "/api/v1/auth/register",
               R"({"username":"bench","password":"long enough pw","display_name":"b","role":"student"})", "", setup);
    const auto login = post(port, "/api/v1/auth/login", R"({"username":"bench","password":"long enough pw"})", "", setup);
    const auto token = json::parse(login.body).at("token").get<std::string>();

    Wire push_wire;
    const auto t_push = Clock::now();
    for (int i = 0; i < n; i += batch) {
        sync::PushRequest p;
        p.schema_version = schema::latest_version();
        p.node = "bench0";
        p.batch_id = "batch" + std::to_string(i);
        for (int k = i; k < std::min(n, i + batch); ++k) p.changes.push_back(changes[static_cast<size_t>(k)]);
        const auto r = post(port, "/api/v1/sync/push", sync::to_json(p).dump(), token, push_wire);
        if (r.status != 200) {
            std::fprintf(stderr, "push failed: %d %s\n", r.status, r.body.c_str());
            return 1;
        }
    }
    const double push_ms = ms_since(t_push);

    Wire pull_wire;
    size_t pulled = 0;
    const auto t_pull = Clock::now();
    sync::PullRequest q;
    q.schema_version = schema::latest_version();
    q.limit = 2000;
    while (true) {
        const auto r = post(port, "/api/v1/sync/pull", sync::to_json(q).dump(), token, pull_wire, true);
        const auto resp = sync::pull_response_from_json(json::parse(r.body));
        pulled += resp.records.size();
        q.cursor = resp.cursor;
        q.epoch = resp.epoch;
        if (!resp.has_more) break;
    }
    const double pull_ms = ms_since(t_pull);
    srv.stop();

    // --- The same rows straight into SQLite ---------------------------------------
    db::Connection raw((dir / "raw.db").string());  // WAL, synchronous=FULL, as the server
    raw.migrate();
    const auto* spec = model::find_collection("notes");
    const auto sql = record_sql::upsert(*spec);
    const auto t_raw = Clock::now();
    for (int i = 0; i < n; i += batch) {
        db::transaction(raw, [&] {
            auto st = raw.prepare(sql);
            for (int k = i; k < std::min(n, i + batch); ++k) {
                auto r = sync::empty_record("notes", changes[static_cast<size_t>(k)].record);
                sync::apply(r, changes[static_cast<size_t>(k)]);
                st.bind_all(record_sql::params(*spec, r));
                st.step();
                st.reset();
            }
        });
    }
    const double raw_ms = ms_since(t_raw);

    const double total = push_ms + pull_ms;
    std::printf("sync round trip of %d changes (batches of %d) through zhixing-server on loopback:\n", n, batch);
    std::printf("  push      %8.1f ms   %6.1f bytes/change up\n", push_ms, static_cast<double>(push_wire.up) / n);
    std::printf("  pull      %8.1f ms   %6.1f bytes/change down (gzip)  %zu records\n", pull_ms,
                static_cast<double>(pull_wire.down) / n, pulled);
    std::printf("  total     %8.1f ms\n", total);
    std::printf("raw SQLite, same rows, WAL + synchronous=FULL, one transaction per batch:\n");
    std::printf("  insert    %8.1f ms\n", raw_ms);
    std::printf("ratio server round trip / raw SQLite: %.2fx\n", total / raw_ms);
    fs::remove_all(dir);
    return pulled >= static_cast<size_t>(n) ? 0 : 1;
}
