// The browser driver: an SDL2 window on the page's canvas with a WebGL2
// context, and emscripten_set_main_loop_arg calling App::frame() once per
// animation frame while there is something to draw. Idle (the frame pacer,
// platform/frame_pacer.hpp, allows a wait), the main loop is paused, so the
// page spends nothing per frame; any SDL event (input, resize), a completion
// from JS, a page event (zx_web_wake) or the pacer's deadline (a timeout)
// resumes it at once. Everything else is in the app.
#include "app.hpp"
#include "style.hpp"
#include "platform/frame_pacer.hpp"
#include "platform/platform.hpp"
#include "web.hpp"

#include <SDL.h>
#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
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
// ?frames=continuous draws every animation frame (the idle benchmark's baseline).
EM_JS(int, zx_js_continuous_frames, (), { return new URLSearchParams(location.search).get('frames') === 'continuous'; });
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
    bool paused = false;  // the main loop waits for a wake
    bool woken = false;   // a wake came since this frame began: do not pause after it
    long timer = 0;       // the pacer's deadline while paused (emscripten_set_timeout), 0 for none
};

constexpr Uint32 kPollSentinel = 0x7F00;

// `settle`: a completion or page event, which gets its settle frames as
// input does (the desktop gets the same from the SDL event its completions
// push); the pacer's own deadline does not.
void wake(Driver* d, bool settle = true) {
    d->woken = true;
    if (settle) zx::platform::web::pacer_of(*d->platform).woken();
    if (!d->paused) return;
    d->paused = false;
    if (d->timer) emscripten_clear_timeout(d->timer);
    d->timer = 0;
    emscripten_resume_main_loop();
}

void on_timer(void* arg) {
    auto* d = static_cast<Driver*>(arg);
    d->timer = 0;
    wake(d, false);
}

// Runs whenever SDL queues an event (from the page's input handlers).
int on_sdl_event(void* arg, SDL_Event* e) {
    // SDL_PollEvent itself queues a sentinel at the end of each poll cycle
    // (SDL_POLLSENTINEL, 0x7F00, since SDL 2.26): not an event, and waking for
    // it would keep an idle page drawing every frame.
    if (e->type == kPollSentinel) return 0;
    wake(static_cast<Driver*>(arg));
    return 0;
}

void frame(void* arg) {
    auto* d = static_cast<Driver*>(arg);
    d->woken = false;
    auto& pacer = zx::platform::web::pacer_of(*d->platform);
    // Follow the browser window: the canvas always fills the page.
    const int w = zx_js_view_width(), h = zx_js_view_height();
    if (w != d->width || h != d->height) {
        SDL_SetWindowSize(d->window, w, h);
        d->width = w;
        d->height = h;
    }
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        if (e.type == kPollSentinel) continue;
        pacer.woken();
        ImGui_ImplSDL2_ProcessEvent(&e);
    }

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
    const int64_t wait_ms = pacer.after_frame(ImGui::GetDrawData(), d->platform->now_ms());
    if (wait_ms > 0 && !d->woken) {
        emscripten_pause_main_loop();
        d->paused = true;
        d->timer = emscripten_set_timeout(on_timer, static_cast<double>(wait_ms), d);
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
    auto& pacer = zx::platform::web::pacer_of(*d->platform);
    pacer.set_continuous(zx_js_continuous_frames() != 0);
    zx::platform::web::set_wake(*d->platform, [d] { wake(d); });
    SDL_AddEventWatch(on_sdl_event, d);
    emscripten_set_main_loop_arg(frame, d, 0, true);
    return 0;
}
