// Frame time of the knowledge view (知识库) with a 256 KB note open in the
// side-by-side editor and preview: the whole App::frame() of the real client,
// headless (ImGui with no window), against a real server on loopback, with
// 500 other notes in the list.
//
// Only the App's public face is used (init(), frame(), state_json() and
// clicks at the rectangles the test hook reports), so the version of this
// file committed before the client's rework (eb12d74) measures that client
// the same way: bench/knowledge_frame.sh builds both and runs them in one run.
//
//   ./build/bin/zx_knowledge_bench [FRAMES]   (zx_knowledge_bench --help)
#include "app.hpp"
#include "platform/platform.hpp"
#include "seed.hpp"
#include "server.hpp"
#include "sync_service.hpp"

#include "zx/core/cli.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace platform = zx::platform;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A Markdown note of about `bytes` bytes: headings, lists, links, paragraphs
// of mixed Chinese and English, as a student's long field diary would be.
std::string long_note(size_t bytes) {
    std::string out;
    for (int i = 0; out.size() < bytes; ++i) {
        out += "## 第" + std::to_string(i) + "天 湿地观察 Day " + std::to_string(i) + "\n\n";
        out += "今天在西溪湿地看到了白鹭、苍鹭和小䴙䴘。We counted " + std::to_string(i * 3) +
               " egrets near the reeds; 水位比昨天低了约两厘米。参见 [[观察方法]] 和 https://example.org/wetland 。\n\n";
        out += "- 温度：" + std::to_string(10 + i % 15) + "°C\n- 风向：东北风\n- **重点**：记录芦苇的高度变化\n\n";
    }
    out.resize(bytes);
    return out;
}

struct Driver {
    platform::Platform& platform;
    zx::client::App& app;
    json state() const { return json::parse(platform.state_json()); }
    void frame() { app.frame(); }
    bool run_until(const std::function<bool()>& done, int max_frames = 3000) {
        for (int i = 0; i < max_frames; ++i) {
            frame();
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    }
    bool click(const std::string& item) {
        const auto items = state().at("items");
        if (!items.contains(item)) return false;
        const auto r = items.at(item);
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(r[0].get<float>() + r[2].get<float>() / 2, r[1].get<float>() + r[3].get<float>() / 2);
        frame();
        io.AddMouseButtonEvent(0, true);
        frame();
        io.AddMouseButtonEvent(0, false);
        frame();
        frame();
        return true;
    }
    void type(const std::string& item, const std::string& text) {
        click(item);
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        frame();
        frame();
    }
};

}  // namespace

int main(int argc, char** argv) {
    int frames = 300;
    zx::cli::Parser cli("zx_knowledge_bench",
                        "Frame time of the knowledge view with a 256 KB note in the split editor and preview: the whole "
                        "App::frame() headless, against a real server on loopback.");
    cli.integer("FRAMES", "", "frames to time after warming up", frames, 1, 100'000);
    if (const auto r = cli.parse(argc, argv); r.exit) {
        std::fputs(r.text.c_str(), r.exit_code == 0 ? stdout : stderr);
        return r.exit_code;
    }
    const fs::path source = ZX_SOURCE_DIR;
    const auto dir = fs::temp_directory_path() / ("zx-kbench-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "data");

    zx::server::ServerConfig cfg;
    cfg.db_path = (dir / "server.db").string();
    cfg.http.port = 0;
    cfg.http.log_requests = false;
    auto srv = std::make_unique<zx::server::Server>(cfg);
    srv->accounts().seed_demo(json::parse(read_file(source / "assets/demo/accounts.json")));
    const std::string big = long_note(256 * 1024);
    srv->store().write([&](zx::db::Connection& c) {
        // The long note last, so it heads the list of recent notes.
        for (int i = 0; i < 500; ++i)
            zx::server::server_write(c, srv->clock(), "notes", "n-" + std::to_string(i),
                                     {{"owner_id", "u-student1"},
                                      {"title", "笔记 " + std::to_string(i)},
                                      {"body", "第" + std::to_string(i) + "次课 研学 [[湿地日志（长）]] observation"},
                                      {"created_at", 2 + i}});
        zx::server::server_write(c, srv->clock(), "notes", "big-note",
                                 {{"owner_id", "u-student1"}, {"title", "湿地日志（长）"}, {"body", big}, {"created_at", 1}});
    });
    srv->start();
    const std::string url = "http://127.0.0.1:" + std::to_string(srv->port());

    ImGuiContext* ctx = ImGui::CreateContext();
    platform::Platform platform(platform::Options{url, (dir / "data").string(), ZX_FONT_DIR});
    zx::client::App app(platform);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = {1280, 800};
    io.DeltaTime = 1.0f / 60.0f;
    app.init();
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsAlpha8(&px, &w, &h);

    Driver d{platform, app};
    for (int i = 0; i < 3; ++i) d.frame();
    d.type("auth:username", "student1");
    d.type("auth:password", "demo-student-1");
    d.click("auth:submit");
    if (!d.run_until([&] { return d.state().at("sync").at("status") == "synced"; })) {
        std::fprintf(stderr, "sign-in and first sync did not finish\n");
        return 1;
    }
    d.click("nav:knowledge");
    if (!d.click("note:big-note") || !d.run_until([&] { return d.state().at("items").contains("note:preview"); })) {
        std::fprintf(stderr, "the long note did not open in the split view\n");
        return 1;
    }
    for (int i = 0; i < 30; ++i) d.frame();  // warm up: atlas, caches

    std::vector<double> ms;
    ms.reserve(static_cast<size_t>(frames));
    for (int i = 0; i < frames; ++i) {
        const auto t0 = Clock::now();
        d.frame();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    double sum = 0;
    for (double x : ms) sum += x;
    const auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))]; };
    std::printf("knowledge view, %zu KB note (split editor + preview), %d frames: mean %.3f ms, p50 %.3f ms, p95 %.3f ms\n",
                big.size() / 1024, frames, sum / static_cast<double>(ms.size()), at(0.5), at(0.95));

    ImGui::DestroyContext(ctx);
    srv.reset();
    fs::remove_all(dir);
    return 0;
}
