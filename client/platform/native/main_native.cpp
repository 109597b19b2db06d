// The desktop and kiosk driver: an SDL2 window with an OpenGL 3 context and a
// plain `while` loop that calls App::frame(). Idle, it draws nothing: between
// frames it blocks in SDL_WaitEventTimeout for as long as the frame pacer
// (platform/frame_pacer.hpp) allows, woken by input, window events and every
// completion the platform queues (an SDL user event). Everything else is in
// the app.
//
//   zhixing [--server http://127.0.0.1:8080] [--allow-insecure-http] [--ca-file FILE]
//           [--data-dir DIR] [--assets DIR]
//           [--view space|map|settings] [--select BASE_ID] [--open LINK] [--size WxH]
//           [--screenshot FILE.png] [--timeout SECONDS] [--dump-state]
//           [--state-file FILE] [--frames on-demand|continuous]
//           [--kiosk] [--kiosk-idle SECONDS] [--shots DIR]
//   (`zhixing --help` lists every option with its default.)
#include "app.hpp"
#include "routes.hpp"
#include "style.hpp"
#include "native.hpp"
#include "platform/frame_pacer.hpp"
#include "platform/platform.hpp"
#include "png.hpp"
#include "zx/core/cli.hpp"

#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>

#include <atomic>
#include <charconv>
#include <csignal>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Args {
    zx::platform::Options platform;
    std::string view;
    std::string select;
    std::string route;
    std::string screenshot;
    int width = 1280;
    int height = 800;
    double timeout_s = 30;
    bool dump_state = false;
    std::string state_file;
    std::string frames = "on-demand";
    std::string shots;  // --shots: SIGUSR1 writes the next frame here
};

std::string exe_dir() {
    std::error_code ec;
    const auto p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(".") : p.parent_path().string();
}

// "WIDTHxHEIGHT", at least 320x240; empty result on success (a zx::cli::Setter).
std::string parse_size(std::string_view v, int& width, int& height) {
    auto whole = [](std::string_view s, int& out) {
        const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
        return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
    };
    const size_t x = v.find('x');
    int w = 0, h = 0;
    if (x == std::string_view::npos || !whole(v.substr(0, x), w) || !whole(v.substr(x + 1), h) || w < 320 || h < 240)
        return "\"" + std::string(v) + "\" is not WIDTHxHEIGHT of at least 320x240";
    width = w;
    height = h;
    return {};
}

// The arguments, or exits: 0 after printing the usage (--help), 2 after a
// usage error.
Args parse(int argc, char** argv) {
    Args a;
    const char* env_server = std::getenv("ZX_SERVER");
    a.platform.server_url = env_server && *env_server ? env_server : "http://127.0.0.1:8080";
    a.platform.data_dir = zx::platform::native::default_data_dir();
    // Built tree: bin/zhixing beside assets/; installed: share/zhixing/assets.
    a.platform.assets_dir = (fs::path(exe_dir()) / ".." / "assets").lexically_normal().string();
    zx::cli::Parser cli("zhixing", "The Zhixing desktop and kiosk client: the app in an SDL2/OpenGL window, talking to a\n"
                                   "zhixing-server and keeping the signed-in user's data in a local store.");
    cli.text("--server", "URL", "zhixing-server to talk to: https://HOST[:PORT], or http:// to this computer only; "
             "$ZX_SERVER, when set, is the default", a.platform.server_url);
    cli.flag("--allow-insecure-http", "allow plain http:// to other computers too: passwords and data then cross "
             "the network unencrypted", a.platform.allow_insecure_http);
    cli.custom("--ca-file", "FILE", "PEM file of certificate authorities to trust besides the system's (a private CA)",
               "", [&a](std::string_view v) -> std::string {
                   if (std::ifstream(std::string(v)).fail()) return "cannot read " + std::string(v.substr(0, 200));
                   a.platform.ca_file = std::string(v);
                   return "";
               });
    cli.text("--data-dir", "DIR", "local store and settings", a.platform.data_dir);
    cli.text("--assets", "DIR", "font and map outlines", a.platform.assets_dir);
    cli.choice("--view", "VIEW", "view to open", a.view, {"space", "map", "settings"}).default_text("space");
    cli.text("--select", "BASE_ID", "study-tour base to select once the bases are loaded", a.select);
    cli.text("--route", "ROUTE_ID", "curated route to show once the bases are loaded", a.route);
    cli.custom("--open", "LINK", "link to open once signed in, as the web's address has it: /trip/ID, /map/BASE_ID, "
               "/note/ID, /activity/ID (client/routes.hpp)", "",
               [&a](std::string_view v) -> std::string {
                   if (!zx::client::parse_link(v)) return "not a link of the app: " + std::string(v.substr(0, 200));
                   a.platform.open_link = std::string(v);
                   return "";
               });
    cli.custom("--size", "WxH", "window size in pixels", std::to_string(a.width) + "x" + std::to_string(a.height),
               [&a](std::string_view v) { return parse_size(v, a.width, a.height); });
    cli.text("--screenshot", "FILE.png", "write a screenshot once everything asked for is drawn, then exit",
             a.screenshot);
    cli.number("--timeout", "SECONDS", "with --screenshot: give up waiting after this long", a.timeout_s, 0, 86400);
    cli.flag("--dump-state", "print the app's state (as JSON) on exit", a.dump_state);
    cli.text("--state-file", "FILE", "after every frame, replace FILE with the app's state as JSON (for tests)",
             a.state_file);
    cli.choice("--frames", "MODE", "on-demand: draw only when something changes; continuous: every frame (a baseline)",
               a.frames, {"on-demand", "continuous"})
        .default_text("on-demand");
    cli.flag("--kiosk", "run as a study-tour base's kiosk terminal: fullscreen, large touch targets, no way out but "
             "the staff's PIN", a.platform.kiosk);
    double idle = a.platform.kiosk_idle_s;
    cli.number("--kiosk-idle", "SECONDS", "with --kiosk: return to the start screen after this long without input",
               idle, 5, 3600);
    cli.text("--shots", "DIR", "on SIGUSR1, write the next frame to DIR/shot-N.png (for tests of a running client)",
             a.shots);
    if (const auto r = cli.parse(argc, argv); r.exit) {
        std::fputs(r.text.c_str(), r.to_stderr() ? stderr : stdout);
        std::exit(r.exit_code);
    }
    a.platform.kiosk_idle_s = static_cast<int>(idle);
    return a;
}

// The state a running client's tests read: written whole, then renamed over
// FILE, so a reader never sees half of it.
void write_state_file(const std::string& path, const std::string& json) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << json << '\n';
        if (!out) return;
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
}

bool save_screenshot(SDL_Window* window, const std::string& path) {
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window, &w, &h);
    std::vector<uint8_t> px(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    // OpenGL's rows run bottom-up; PNG's top-down.
    const size_t row = static_cast<size_t>(w) * 4;
    std::vector<uint8_t> tmp(row);
    for (int y = 0; y < h / 2; ++y) {
        uint8_t* a = px.data() + row * static_cast<size_t>(y);
        uint8_t* b = px.data() + row * static_cast<size_t>(h - 1 - y);
        std::memcpy(tmp.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, tmp.data(), row);
    }
    for (size_t i = 3; i < px.size(); i += 4) px[i] = 255;
    return zx::platform::native::write_png(path, w, h, px);
}

// --shots: SIGUSR1, taken by a thread of its own with sigwait (so nothing
// runs inside a signal handler), asks for the next frame to be saved.
std::atomic<int> g_shots_asked{0};
void start_shot_listener(std::function<void()> wake) {
    std::thread([wake = std::move(wake)] {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGUSR1);
        for (;;) {
            int sig = 0;
            if (sigwait(&set, &sig) == 0 && sig == SIGUSR1) {
                ++g_shots_asked;
                wake();
            }
        }
    }).detach();
}

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse(argc, argv);
    if (!args.shots.empty()) {
        // Blocked before any thread starts, so every thread inherits it and
        // only the listener's sigwait takes it.
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGUSR1);
        pthread_sigmask(SIG_BLOCK, &set, nullptr);
    }

    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "zhixing: SDL_Init failed: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_SetHint(SDL_HINT_IME_SHOW_UI, "1");
    // A kiosk covers the whole screen, and the window manager's close
    // (Alt+F4) is ignored below: only the staff's menu ends it.
    const Uint32 kiosk_flags = args.platform.kiosk ? SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS : 0;
    if (args.platform.kiosk) SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_Window* window =
        SDL_CreateWindow("知行 Zhixing", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, args.width, args.height,
                         SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | kiosk_flags);
    if (!window) {
        std::fprintf(stderr, "zhixing: cannot open a window: %s\n", SDL_GetError());
        SDL_Quit();
        return 1;
    }
    SDL_GLContext gl = SDL_GL_CreateContext(window);
    if (!gl) {
        std::fprintf(stderr, "zhixing: no OpenGL 3.3 context: %s\n", SDL_GetError());
        SDL_DestroyWindow(window);
        SDL_Quit();
        return 1;
    }
    SDL_GL_MakeCurrent(window, gl);
    SDL_GL_SetSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui_ImplSDL2_InitForOpenGL(window, gl);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    int exit_code = 0;
    {
        zx::platform::Platform platform(args.platform);
        zx::client::App app(platform);
        app.init();
        if (args.view == "map") app.navigate(zx::client::ViewId::map);
        if (args.view == "settings") app.navigate(zx::client::ViewId::settings);

        // Waking: every completion the platform queues (from its worker
        // threads too) pushes this event, which ends SDL_WaitEventTimeout.
        auto& pacer = zx::platform::native::pacer_of(platform);
        // A scripted screenshot counts frames until everything settled.
        pacer.set_continuous(args.frames == "continuous" || !args.screenshot.empty());
        const Uint32 wake_event = SDL_RegisterEvents(1);
        if (wake_event != static_cast<Uint32>(-1))
            zx::platform::native::set_wake(platform, [wake_event] {
                SDL_Event e{};
                e.type = wake_event;
                SDL_PushEvent(&e);
            });
        int64_t wait_ms = 0;  // what the pacer allowed after the last frame
        int shots_taken = 0;
        if (!args.shots.empty())
            start_shot_listener([wake_event] {
                SDL_Event e{};
                e.type = wake_event;
                SDL_PushEvent(&e);
            });

        const Uint64 start = SDL_GetTicks64();
        bool selected = args.select.empty() && args.route.empty();
        int settled_frames = 0;  // frames since everything the screenshot needs arrived
        bool running = true;
        bool first = true;
        while (running) {
            SDL_Event e;
            int got = wait_ms > 0 ? SDL_WaitEventTimeout(&e, static_cast<int>(wait_ms)) : SDL_PollEvent(&e);
            for (; got; got = SDL_PollEvent(&e)) {
                pacer.woken();
                ImGui_ImplSDL2_ProcessEvent(&e);
                zx::platform::native::handle_event(platform, e);
                const bool close = e.type == SDL_QUIT || (e.type == SDL_WINDOWEVENT &&
                                                          e.window.event == SDL_WINDOWEVENT_CLOSE &&
                                                          e.window.windowID == SDL_GetWindowID(window));
                if (close && !args.platform.kiosk) running = false;
            }
            if (app.prepare_frame()) {
                ImGui_ImplOpenGL3_DestroyFontsTexture();
                ImGui_ImplOpenGL3_CreateFontsTexture();
            }
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplSDL2_NewFrame();
            app.frame();

            const ImGuiIO& io = ImGui::GetIO();
            glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
                       static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
            glClearColor(zx::client::kClearColor[0], zx::client::kClearColor[1], zx::client::kClearColor[2], 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

            if (!args.screenshot.empty()) {
                // Scripted run: wait until bases have arrived (or failed) and
                // the requested selection is made, let the layout and the map
                // glide settle, then capture the back buffer and quit.
                const auto& st = app.state();
                // A view without bases never loads them (shows_bases).
                const bool loaded = st.bases.status == zx::client::LoadStatus::ready ||
                                    st.bases.status == zx::client::LoadStatus::error ||
                                    (st.account.restored && !zx::client::shows_bases(st.view));
                if (loaded && !selected) {
                    if (!args.select.empty()) app.select_base(args.select);
                    if (!args.route.empty()) app.show_route(args.route);
                    selected = true;
                }
                settled_frames = (loaded && selected) ? settled_frames + 1 : 0;
                const bool timed_out = static_cast<double>(SDL_GetTicks64() - start) / 1000.0 > args.timeout_s;
                if (settled_frames >= 45 || timed_out) {
                    if (!save_screenshot(window, args.screenshot)) {
                        std::fprintf(stderr, "zhixing: could not write %s\n", args.screenshot.c_str());
                        exit_code = 1;
                    } else {
                        std::printf("zhixing: screenshot written to %s\n", args.screenshot.c_str());
                    }
                    if (timed_out) {
                        std::fprintf(stderr, "zhixing: gave up waiting for bases after %.0f s\n", args.timeout_s);
                        exit_code = 1;
                    }
                    running = false;
                }
            }
            if (g_shots_asked.load() > shots_taken) {
                ++shots_taken;
                const auto path = (fs::path(args.shots) / ("shot-" + std::to_string(shots_taken) + ".png")).string();
                std::error_code ec;
                fs::create_directories(args.shots, ec);
                const auto tmp = path + ".tmp.png";
                if (save_screenshot(window, tmp)) fs::rename(tmp, path, ec);
                else std::fprintf(stderr, "zhixing: could not write %s\n", path.c_str());
            }
            if (platform.quit_requested()) running = false;
            SDL_GL_SwapWindow(window);
            if (first) {
                platform.first_frame_rendered();
                first = false;
            }
            wait_ms = pacer.after_frame(ImGui::GetDrawData(), platform.now_ms());
            if (!args.state_file.empty()) write_state_file(args.state_file, app.state_json());
        }
        zx::platform::native::set_wake(platform, {});
        if (args.dump_state) std::printf("%s\n", app.state_json().c_str());
    }

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(gl);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return exit_code;
}
