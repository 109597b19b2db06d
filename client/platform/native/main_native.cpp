// The desktop and kiosk driver: an SDL2 window with an OpenGL 3 context and a
// plain `while` loop that calls App::frame(). Everything else is in the app.
//
//   zhixing [--server http://127.0.0.1:8080] [--data-dir DIR] [--assets DIR]
//           [--view space|map|settings] [--select BASE_ID] [--size WxH]
//           [--screenshot FILE.png] [--timeout SECONDS] [--dump-state]
#include "app.hpp"
#include "style.hpp"
#include "native.hpp"
#include "platform/platform.hpp"
#include "png.hpp"

#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
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
};

[[noreturn]] void usage(const char* problem) {
    std::fprintf(stderr,
                 "zhixing: %s\n"
                 "usage: zhixing [--server URL] [--data-dir DIR] [--assets DIR] [--view space|map|settings]\n"
                 "               [--select BASE_ID] [--route ROUTE_ID] [--size WxH] [--screenshot FILE.png] [--timeout S] "
                 "[--dump-state]\n",
                 problem);
    std::exit(2);
}

std::string exe_dir() {
    std::error_code ec;
    const auto p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(".") : p.parent_path().string();
}

Args parse(int argc, char** argv) {
    Args a;
    const char* env_server = std::getenv("ZX_SERVER");
    a.platform.server_url = env_server && *env_server ? env_server : "http://127.0.0.1:8080";
    a.platform.data_dir = zx::platform::native::default_data_dir();
    // Built tree: bin/zhixing beside assets/; installed: share/zhixing/assets.
    a.platform.assets_dir = (fs::path(exe_dir()) / ".." / "assets").lexically_normal().string();
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage((k + " needs a value").c_str());
            return argv[++i];
        };
        if (k == "--server") a.platform.server_url = value();
        else if (k == "--data-dir") a.platform.data_dir = value();
        else if (k == "--assets") a.platform.assets_dir = value();
        else if (k == "--view") a.view = value();
        else if (k == "--select") a.select = value();
        else if (k == "--route") a.route = value();
        else if (k == "--screenshot") a.screenshot = value();
        else if (k == "--timeout") a.timeout_s = std::atof(value().c_str());
        else if (k == "--dump-state") a.dump_state = true;
        else if (k == "--size") {
            const auto v = value();
            if (std::sscanf(v.c_str(), "%dx%d", &a.width, &a.height) != 2 || a.width < 320 || a.height < 240)
                usage("--size wants WIDTHxHEIGHT, at least 320x240");
        } else if (k == "--help" || k == "-h") usage("help");
        else usage(("unknown option " + k).c_str());
    }
    if (!a.view.empty() && a.view != "space" && a.view != "map" && a.view != "settings")
        usage("--view must be space, map or settings");
    return a;
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

}  // namespace

int main(int argc, char** argv) {
    const Args args = parse(argc, argv);

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
    SDL_Window* window =
        SDL_CreateWindow("知行 Zhixing", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, args.width, args.height,
                         SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
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

        const Uint64 start = SDL_GetTicks64();
        bool selected = args.select.empty() && args.route.empty();
        int settled_frames = 0;  // frames since everything the screenshot needs arrived
        bool running = true;
        bool first = true;
        while (running) {
            SDL_Event e;
            while (SDL_PollEvent(&e)) {
                ImGui_ImplSDL2_ProcessEvent(&e);
                zx::platform::native::handle_event(platform, e);
                if (e.type == SDL_QUIT) running = false;
                if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE &&
                    e.window.windowID == SDL_GetWindowID(window))
                    running = false;
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
                const bool loaded = st.bases.status == zx::client::LoadStatus::ready ||
                                    st.bases.status == zx::client::LoadStatus::error;
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
            SDL_GL_SwapWindow(window);
            if (first) {
                platform.first_frame_rendered();
                first = false;
            }
        }
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
