// The browser driver: an SDL2 window on the page's canvas with a WebGL2
// context, and emscripten_set_main_loop_arg calling App::frame() once per
// animation frame. Everything else is in the app.
#include "app.hpp"
#include "style.hpp"
#include "platform/platform.hpp"

#include <SDL.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>

#include <GLES3/gl3.h>
#include <cstdio>

// clang-format off
EM_JS(int, zx_js_view_width, (), { return Math.max(1, Math.floor(window.innerWidth)); });
EM_JS(int, zx_js_view_height, (), { return Math.max(1, Math.floor(window.innerHeight)); });
EM_JS(void, zx_js_fatal, (const char* msg), { ZhixingBridge.fatal(UTF8ToString(msg)); });
// clang-format on

namespace {

// Lives for the whole page: the main loop outlives main().
struct Driver {
    SDL_Window* window = nullptr;
    zx::platform::Platform* platform = nullptr;
    zx::client::App* app = nullptr;
    int width = 0;
    int height = 0;
    bool first = true;
};

void frame(void* arg) {
    auto* d = static_cast<Driver*>(arg);
    // Follow the browser window: the canvas always fills the page.
    const int w = zx_js_view_width(), h = zx_js_view_height();
    if (w != d->width || h != d->height) {
        SDL_SetWindowSize(d->window, w, h);
        d->width = w;
        d->height = h;
    }
    SDL_Event e;
    while (SDL_PollEvent(&e)) ImGui_ImplSDL2_ProcessEvent(&e);

    // A fuller font arrived: the atlas was rebuilt, so upload it again.
    if (d->app->prepare_frame()) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    d->app->frame();

    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    glClearColor(zx::client::kClearColor[0], zx::client::kClearColor[1], zx::client::kClearColor[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (d->first) {
        d->first = false;
        d->platform->first_frame_rendered();
    }
}

}  // namespace

int main() {
    // Keys go to SDL only while the canvas has focus, so the text overlay (a
    // real <input> for input methods) receives its own keystrokes.
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        zx_js_fatal(SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);

    auto* d = new Driver;
    d->width = zx_js_view_width();
    d->height = zx_js_view_height();
    d->window = SDL_CreateWindow("知行 Zhixing", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, d->width, d->height,
                                 SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!d->window) {
        zx_js_fatal(SDL_GetError());
        return 1;
    }
    SDL_GLContext gl = SDL_GL_CreateContext(d->window);
    if (!gl) {
        zx_js_fatal("WebGL 2 is not available in this browser");
        return 1;
    }
    SDL_GL_MakeCurrent(d->window, gl);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui_ImplSDL2_InitForOpenGL(d->window, gl);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    d->platform = new zx::platform::Platform(zx::platform::Options{});
    d->app = new zx::client::App(*d->platform);
    d->app->init();
    emscripten_set_main_loop_arg(frame, d, 0, true);
    return 0;
}
