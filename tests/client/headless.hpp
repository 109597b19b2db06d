#pragma once
// The headless client of the client tests: a real ImGui context with no
// window and no GPU, the real desktop platform layer (HTTP, local store,
// map), driven frame by frame and clicked where the test hook says items
// are; and the one in-process test server, on the real clock.
#include "app.hpp"
#include "native.hpp"
#include "platform/platform.hpp"
#include "server_fixture.hpp"
#include "views/views.hpp"

#include "zx/tours/demo_data.hpp"

#include <doctest/doctest.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace zx::test {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace zx::client;

inline fs::path temp_dir(const std::string& tag) {
    static std::atomic<int> n{0};
    auto d = fs::temp_directory_path() / ("zx-client-test-" + std::to_string(::getpid()) + "-" + tag + "-" +
                                          std::to_string(n++));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

inline std::vector<Base> demo_bases() {
    std::ifstream in(fs::path(ZX_SOURCE_DIR) / "assets/demo/bases.tsv", std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_bases_tsv(ss.str());
}

// Many distinct bases spread over Zhejiang, for the "very large" state.
inline std::vector<Base> many_bases(size_t n) {
    auto seed = demo_bases();
    std::vector<Base> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        Base b = seed[i % seed.size()];
        b.id = "gen-" + std::to_string(i);
        b.name = b.name + " " + std::to_string(i);
        b.lat += static_cast<double>(i % 97) * 0.0007;
        b.lon += static_cast<double>(i % 89) * 0.0007;
        out.push_back(std::move(b));
    }
    return out;
}

// The one in-process test server (tests/server/server_fixture.hpp), on the
// real clock: the client stamps its edits with the time of day.
struct TestServer : ServerFixture {
    explicit TestServer(const std::vector<Base>& bases, bool accounts = false)
        : ServerFixture(Options{.real_clock = true, .bases = bases, .accounts = accounts}) {}
};

// One client: ImGui context, platform and app, driven frame by frame.
struct Headless {
    fs::path data;
    bool own_data;
    ImGuiContext* ctx = ImGui::CreateContext();
    platform::Platform platform;
    App app{platform};

    // `data_dir`: where settings are stored; a fresh folder (deleted after) if
    // empty. `clock_offset_ms`: this device's clock is that far off.
    // `open_link`: the link it is started with (--open).
    explicit Headless(const std::string& server_url, fs::path data_dir = {}, int64_t clock_offset_ms = 0,
                      const std::string& open_link = "")
        : Headless(platform::Options{server_url, data_dir.string(), "", clock_offset_ms, open_link}) {}
    // Any platform options (--ca-file, --allow-insecure-http, …); data_dir
    // and assets_dir as above (the test font's folder for the assets).
    explicit Headless(platform::Options options)
        : data(options.data_dir.empty() ? temp_dir("data") : fs::path(options.data_dir)),
          own_data(options.data_dir.empty()),
          platform(with_test_dirs(std::move(options), data)) {
        use();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = {1280, 800};
        io.DeltaTime = 1.0f / 60.0f;
        app.init();
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsAlpha8(&px, &w, &h);  // what a renderer would upload
    }
    static platform::Options with_test_dirs(platform::Options o, const fs::path& data_dir) {
        o.data_dir = data_dir.string();
        o.assets_dir = fs::path(ZX_FONT_FILE).parent_path().string();
        return o;
    }
    ~Headless() {
        ImGui::DestroyContext(ctx);
        if (own_data) fs::remove_all(data);
    }

    // One frame as the drivers run it: a new font atlas first when the app
    // asks for one (a fuller font, glyphs drawn for characters it lacked).
    // Makes this client's ImGui context the current one, so that several
    // clients can run in one test (each call below does it first).
    void use() const { ImGui::SetCurrentContext(ctx); }

    void frame() {
        use();
        if (app.prepare_frame()) {
            unsigned char* px = nullptr;
            int w = 0, h = 0;
            ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&px, &w, &h);
        }
        app.frame();
        REQUIRE(ImGui::GetDrawData() != nullptr);
        REQUIRE(ImGui::GetDrawData()->Valid);
    }
    json state() const {
        use();
        return json::parse(platform.state_json());
    }

    // Runs frames until `done` (at most ~10 s of wall time).
    bool run_until(const std::function<bool()>& done) {
        for (int i = 0; i < 1000; ++i) {
            frame();
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    int vertices() const {
        use();
        return ImGui::GetDrawData()->TotalVtxCount;
    }

    void click(const std::string& item) {
        const auto r = state().at("items").at(item);
        use();
        ImGuiIO& io = ImGui::GetIO();
        const float x = r[0].get<float>() + r[2].get<float>() / 2, y = r[1].get<float>() + r[3].get<float>() / 2;
        io.AddMousePosEvent(x, y);
        frame();
        io.AddMouseButtonEvent(0, true);
        frame();
        io.AddMouseButtonEvent(0, false);
        frame();
        frame();
    }
    void type(const std::string& item, const std::string& text) {
        click(item);
        use();
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        frames(2);
    }
    void key(ImGuiKey k) {
        use();
        ImGui::GetIO().AddKeyEvent(k, true);
        frame();
        ImGui::GetIO().AddKeyEvent(k, false);
        frame();
    }
    // Empties a text field with End and Backspace, as a person would.
    void clear(const std::string& item, int length) {
        click(item);
        key(ImGuiKey_End);
        for (int i = 0; i < length; ++i) key(ImGuiKey_Backspace);
    }
    void draw_every_view() {
        for (const auto& v : all_views()) {
            const auto nav = "nav:" + std::string(view_code(v.id));
            if (state().at("items").contains(nav)) {
                click(nav);
            } else {  // listed only when it has something (needs attention): shown by command
                app.navigate(v.id);
                frames(2);
            }
            CHECK(state().at("view") == view_code(v.id));
            CHECK(vertices() > 100);
        }
    }
};

// Signs in through the sign-in form and waits for the first full sync.
// Scrolls the view with the mouse wheel over the content until `item` is
// drawn (only drawn items are reported), as a person scrolls to it.
inline void scroll_to(Headless& h, const std::string& item) {
    for (int i = 0; i < 200 && !h.state().at("items").contains(item); ++i) {
        ImGui::GetIO().AddMousePosEvent(900, 400);
        ImGui::GetIO().AddMouseWheelEvent(0, -2);
        h.frames(2);
    }
    REQUIRE_MESSAGE(h.state().at("items").contains(item), item);
}

inline void sign_in(Headless& h, const char* user, const char* password) {
    h.frames(3);
    h.type("auth:username", user);
    h.type("auth:password", password);
    h.click("auth:submit");
    REQUIRE(h.run_until([&] { return h.state().at("sync").at("status") == "synced"; }));
}
inline size_t count(Headless& h, const char* collection) {
    const auto s = h.state();
    return s.contains("records") && s.at("records").contains(collection) ? s.at("records").at(collection).get<size_t>() : 0;
}

}  // namespace zx::test
