// The browser implementation of platform.hpp. The C++ half of the JS interop
// lives here and only here: EM_JS declarations call into window.ZhixingBridge
// (web/zhixing-bridge.js), and the zx_web_* functions below are the only
// entry points JS calls back (listed once, in client/CMakeLists.txt).
#include "platform/platform.hpp"

#include <emscripten/emscripten.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

// ---- C++ -> JS ---------------------------------------------------------------
// clang-format off
EM_JS(void, zx_js_http_get, (int id, const char* path), {
  ZhixingBridge.httpGet(id, UTF8ToString(path));
});
EM_JS(char*, zx_js_storage_get, (const char* key), {
  return ZhixingBridge.storageGet(UTF8ToString(key));
});
EM_JS(int, zx_js_storage_set, (const char* key, const char* value), {
  return ZhixingBridge.storageSet(UTF8ToString(key), UTF8ToString(value)) ? 1 : 0;
});
EM_JS(void, zx_js_map_set_markers, (const char* json), {
  ZhixingBridge.map.setMarkers(UTF8ToString(json));
});
EM_JS(void, zx_js_map_show, (float x, float y, float w, float h), {
  ZhixingBridge.map.show(x, y, w, h);
});
EM_JS(void, zx_js_map_hide, (), {
  ZhixingBridge.map.hide();
});
EM_JS(void, zx_js_map_focus, (double lat, double lon, double zoom), {
  ZhixingBridge.map.focus(lat, lon, zoom);
});
EM_JS(void, zx_js_map_select, (const char* id), {
  ZhixingBridge.map.select(UTF8ToString(id));
});
EM_JS(void, zx_js_first_frame, (), {
  ZhixingBridge.firstFrame();
});
// clang-format on

namespace zx::platform {

struct Platform::Impl {
    Options options;
    int next_request = 1;
    std::map<int, HttpCallback> pending;  // request id -> completion
    std::vector<std::function<void()>> completions;
    std::function<void(const std::string&)> on_pick;
    std::function<std::string()> state_provider;
    bool map_visible = false;
    bool map_drawn = false;
    Rect map_rect;
    std::string state_buffer;  // what zx_web_state_json() last returned
};

namespace {
// JS calls back through plain C functions, which need to find the one
// platform instance; this pointer is that link and holds no app data.
Platform::Impl* g_impl = nullptr;

// Marker colours travel as CSS strings so the bridge can use them directly.
std::string css_color(uint32_t rgb) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%06X", rgb & 0xFFFFFFu);
    return buf;
}
}  // namespace

Platform::Platform(const Options& options) : impl_(std::make_unique<Impl>()) {
    impl_->options = options;
    g_impl = impl_.get();
}

Platform::~Platform() {
    if (g_impl == impl_.get()) g_impl = nullptr;
}

std::string_view Platform::target() const { return "web"; }
std::string Platform::server_label() const { return ""; }
std::string Platform::font_path() const { return "/assets/zhixing-sc.otf"; }

void Platform::poll() {
    auto ready = std::exchange(impl_->completions, {});
    for (auto& fn : ready) fn();
}

void Platform::end_frame() {
    if (impl_->map_visible && !impl_->map_drawn) {
        zx_js_map_hide();
        impl_->map_visible = false;
    }
    impl_->map_drawn = false;
}

void Platform::http_get(const std::string& path, HttpCallback done) {
    const int id = impl_->next_request++;
    impl_->pending.emplace(id, std::move(done));
    zx_js_http_get(id, path.c_str());
}

void Platform::storage_load(const std::string& key, std::function<void(std::optional<std::string>)> done) {
    std::optional<std::string> value;
    if (char* v = zx_js_storage_get(key.c_str())) {
        value = v;
        std::free(v);
    }
    impl_->completions.push_back([done = std::move(done), value = std::move(value)] { done(value); });
}

void Platform::storage_save(const std::string& key, const std::string& value, std::function<void(bool)> done) {
    const bool ok = zx_js_storage_set(key.c_str(), value.c_str()) != 0;
    impl_->completions.push_back([done = std::move(done), ok] { done(ok); });
}

void Platform::map_set_markers(std::vector<MapMarker> markers) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& m : markers)
        arr.push_back({{"id", m.id}, {"title", m.title}, {"lat", m.lat}, {"lon", m.lon}, {"color", css_color(m.rgb)}});
    zx_js_map_set_markers(arr.dump().c_str());
}

void Platform::map_draw(Rect r) {
    // The Leaflet element covers the region; ImGui only keeps its place.
    impl_->map_drawn = true;
    if (!impl_->map_visible || !(r == impl_->map_rect)) {
        zx_js_map_show(r.x, r.y, r.w, r.h);
        impl_->map_visible = true;
        impl_->map_rect = r;
    }
    ImGui::Dummy({r.w, r.h});
}

void Platform::map_focus(double lat, double lon, double zoom) { zx_js_map_focus(lat, lon, zoom); }
void Platform::map_select(const std::string& id) { zx_js_map_select(id.c_str()); }
void Platform::set_map_pick_handler(std::function<void(const std::string&)> on_pick) {
    impl_->on_pick = std::move(on_pick);
}

void Platform::set_state_provider(std::function<std::string()> provider) {
    impl_->state_provider = std::move(provider);
}
std::string Platform::state_json() const { return impl_->state_provider ? impl_->state_provider() : "{}"; }
void Platform::first_frame_rendered() { zx_js_first_frame(); }

}  // namespace zx::platform

// ---- JS -> C++ ---------------------------------------------------------------
extern "C" {

// A fetch finished. status 0 means no response; then `body` is the reason.
EMSCRIPTEN_KEEPALIVE void zx_web_http_done(int id, int status, const char* body) {
    auto* impl = zx::platform::g_impl;
    if (!impl) return;
    auto it = impl->pending.find(id);
    if (it == impl->pending.end()) return;
    zx::platform::HttpResponse r;
    r.status = status;
    (status == 0 ? r.error : r.body) = body ? body : "";
    impl->completions.push_back([cb = std::move(it->second), r = std::move(r)] { cb(r); });
    impl->pending.erase(it);
}

// The user clicked a marker on the Leaflet map.
EMSCRIPTEN_KEEPALIVE void zx_web_map_picked(const char* id) {
    auto* impl = zx::platform::g_impl;
    if (!impl || !id) return;
    impl->completions.push_back([impl, picked = std::string(id)] {
        if (impl->on_pick) impl->on_pick(picked);
    });
}

// window.zhixing.state(): the app's state as JSON. The returned pointer is
// valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* zx_web_state_json() {
    auto* impl = zx::platform::g_impl;
    if (!impl) return "{}";
    impl->state_buffer = impl->state_provider ? impl->state_provider() : "{}";
    return impl->state_buffer.c_str();
}
}
