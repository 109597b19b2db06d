// The browser implementation of platform.hpp. The C++ half of the JS interop
// lives here and only here: EM_JS declarations call into window.ZhixingBridge
// (web/zhixing-bridge.js), and the zx_web_* functions below are the only
// entry points JS calls back (listed once, in client/CMakeLists.txt).
#include "platform/platform.hpp"
#include "platform/frame_pacer.hpp"
#include "web.hpp"

#include "zx/wire/events.hpp"

#include <emscripten/emscripten.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <utility>
#include <string>
#include <vector>

// ---- C++ -> JS ---------------------------------------------------------------
// clang-format off
EM_JS(void, zx_js_http, (int id, const char* method, const char* path, const char* body, const char* bearer,
                        const char* type), {
  ZhixingBridge.http(id, UTF8ToString(method), UTF8ToString(path), UTF8ToString(body), UTF8ToString(bearer),
                     UTF8ToString(type));
});
EM_JS(void, zx_js_stream_open, (int id, const char* path, const char* bearer, double stall_ms), {
  ZhixingBridge.streams.open(id, UTF8ToString(path), UTF8ToString(bearer), stall_ms);
});
EM_JS(void, zx_js_stream_close, (int id), {
  ZhixingBridge.streams.close(id);
});
EM_JS(void, zx_js_db_open, (int id, const char* name, int take_over), {
  ZhixingBridge.db.open(id, UTF8ToString(name), take_over !== 0);
});
EM_JS(void, zx_js_db_run, (int id, const char* request_json), {
  ZhixingBridge.db.run(id, UTF8ToString(request_json));
});
EM_JS(void, zx_js_db_close, (), {
  ZhixingBridge.db.close();
});
EM_JS(void, zx_js_storage_remove, (const char* key), {
  ZhixingBridge.storageRemove(UTF8ToString(key));
});
EM_JS(double, zx_js_now_ms, (), {
  return Date.now();
});
EM_JS(void, zx_js_random_bytes, (unsigned char* out, int n), {
  crypto.getRandomValues(HEAPU8.subarray(out, out + n));
});
EM_JS(char*, zx_js_storage_get, (const char* key), {
  return ZhixingBridge.storageGet(UTF8ToString(key));
});
EM_JS(int, zx_js_storage_set, (const char* key, const char* value), {
  return ZhixingBridge.storageSet(UTF8ToString(key), UTF8ToString(value)) ? 1 : 0;
});
EM_JS(void, zx_js_map_set_markers, (const char* json, double total), {
  ZhixingBridge.map.setMarkers(UTF8ToString(json), total);
});
EM_JS(void, zx_js_map_fit, (double south, double west, double north, double east), {
  ZhixingBridge.map.fit(south, west, north, east);
});
EM_JS(void, zx_js_locate, (int id), {
  ZhixingBridge.locate(id);
});
EM_JS(void, zx_js_map_set_lines, (const char* json), {
  ZhixingBridge.map.setLines(UTF8ToString(json));
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
EM_JS(void, zx_js_text_show, (const char* id, float x, float y, float w, float h, float font_px, int multiline,
                              int password, const char* hint, const char* value, int start), {
  ZhixingBridge.text.show(UTF8ToString(id), x, y, w, h, font_px, multiline !== 0, password !== 0, UTF8ToString(hint),
                          start ? UTF8ToString(value) : null);
});
EM_JS(void, zx_js_text_hide, (), {
  ZhixingBridge.text.hide();
});
EM_JS(void, zx_js_file_save, (int id, const char* name, const char* mime, const char* content), {
  ZhixingBridge.files.save(id, UTF8ToString(name), UTF8ToString(mime), UTF8ToString(content));
});
EM_JS(void, zx_js_file_open, (int id, const char* accept), {
  ZhixingBridge.files.open(id, UTF8ToString(accept));
});
EM_JS(void, zx_js_open_url, (const char* url), {
  ZhixingBridge.openUrl(UTF8ToString(url));
});
EM_JS(int, zx_js_glyph, (unsigned cp, float em_px, float ascent_px, unsigned char* rgba, int max_w, int max_h,
                        float* metrics), {
  return ZhixingBridge.glyph(cp, em_px, ascent_px, rgba, max_w, max_h, metrics);
});
EM_JS(int, zx_js_open_page, (const char* path), {
  return ZhixingBridge.openPage(UTF8ToString(path));
});
EM_JS(char*, zx_js_route_initial, (), {
  return ZhixingBridge.route.initial();
});
EM_JS(void, zx_js_route_show, (const char* link, int replace), {
  ZhixingBridge.route.show(UTF8ToString(link), replace);
});
EM_JS(int, zx_js_kiosk_idle, (), {
  return ZhixingBridge.kioskIdle();
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
    // Open event streams by id: their handlers, and the reader that turns
    // the text JS hands over into messages.
    struct Stream {
        EventStreamHandlers handlers;
        api::SseReader reader;
    };
    std::map<int, std::shared_ptr<Stream>> streams;
    std::map<int, DbCallback> pending_db;  // store request id -> completion
    std::function<void()> on_db_lost;
    std::vector<std::function<void()>> completions;
    std::function<void(const std::string&)> on_pick;
    std::function<void(const std::string&)> on_route;
    std::string link;  // route_show()'s last link
    std::function<std::string()> state_provider;
    std::function<std::string(const std::string&, const std::string&)> record_provider;
    bool map_visible = false;
    std::optional<MapView> map_view;  // as Leaflet last reported it
    int next_locate = 1;
    std::map<int, std::function<void(std::optional<std::pair<double, double>>, const std::string&)>> pending_locate;
    bool map_drawn = false;
    Rect map_rect;
    std::string state_buffer;  // what zx_web_state_json() last returned
    // The text overlay: which field it edits, and what it sent back.
    std::string text_id;
    bool text_kept = false;  // text_edit() called this frame
    std::string text_event_id;  // the field the value and submit below belong to
    std::optional<std::string> text_value;
    bool text_submit = false;
    std::map<int, std::function<void(bool, const std::string&)>> pending_save;
    std::map<int, std::function<void(std::optional<std::pair<std::string, std::string>>)>> pending_open;
    FramePacer pacer;
    std::function<void()> wake;  // set by the driver (web::set_wake): resumes its paused main loop

    // Queues a completion for the next poll() and wakes the main loop for it.
    void complete(std::function<void()> fn) {
        completions.push_back(std::move(fn));
        if (wake) wake();
    }
    void woke() {
        if (wake) wake();
    }
    std::function<void(std::shared_ptr<const std::vector<unsigned char>>)> on_font;
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
std::string Platform::font_path() const { return "/assets/zhixing-first.otf"; }

std::optional<Platform::GlyphBitmap> Platform::rasterize_glyph(char32_t cp, float em_px, float ascent_px) {
    // Room for one glyph of any size the UI uses (emoji are about 1.3 em).
    constexpr int kMax = 128;
    std::vector<unsigned char> buf(static_cast<size_t>(kMax) * kMax * 4);
    float m[6] = {};
    if (!zx_js_glyph(static_cast<unsigned>(cp), em_px, ascent_px, buf.data(), kMax, kMax, m)) return std::nullopt;
    GlyphBitmap g;
    g.w = static_cast<int>(m[0]);
    g.h = static_cast<int>(m[1]);
    g.x0 = m[2];
    g.y0 = m[3];
    g.advance = m[4];
    g.colored = m[5] != 0;
    buf.resize(static_cast<size_t>(g.w) * g.h * 4);
    g.rgba = std::move(buf);
    return g;
}

void Platform::set_font_handler(std::function<void(std::shared_ptr<const std::vector<unsigned char>>)> on_font) {
    impl_->on_font = std::move(on_font);
}

void Platform::poll() {
    auto ready = std::exchange(impl_->completions, {});
    if (!ready.empty()) impl_->pacer.woken();
    for (auto& fn : ready) fn();
}

void Platform::request_frame(int64_t at_ms) { impl_->pacer.request(at_ms); }

Platform::Impl& impl_of(Platform& p) { return *p.impl_; }

namespace web {
FramePacer& pacer_of(Platform& p) { return impl_of(p).pacer; }
void set_wake(Platform& p, std::function<void()> wake) { impl_of(p).wake = std::move(wake); }
}  // namespace web

void Platform::end_frame() {
    if (!impl_->text_id.empty() && !impl_->text_kept) {  // the field is gone: stop editing
        zx_js_text_hide();
        impl_->text_id.clear();
    }
    impl_->text_kept = false;
    if (impl_->map_visible && !impl_->map_drawn) {
        zx_js_map_hide();
        impl_->map_visible = false;
    }
    impl_->map_drawn = false;
}

void Platform::http(const HttpRequest& request, HttpCallback done) {
    const int id = impl_->next_request++;
    impl_->pending.emplace(id, std::move(done));
    zx_js_http(id, request.method.c_str(), request.path.c_str(), request.body.c_str(), request.bearer.c_str(),
               request.content_type.c_str());
}

bool Platform::has_event_stream() const { return true; }

// fetch() with a readable body (EventSource cannot send Authorization):
// web/zhixing-bridge.js reads it and hands each piece of text to
// zx_web_stream_data, which undoes the SSE framing here; heartbeats queue
// nothing, so an idle page is not woken by them.
int Platform::event_stream(const HttpRequest& request, int64_t stall_ms, EventStreamHandlers handlers) {
    const int id = impl_->next_request++;
    auto stream = std::make_shared<Impl::Stream>();
    stream->handlers = std::move(handlers);
    impl_->streams[id] = std::move(stream);
    zx_js_stream_open(id, request.path.c_str(), request.bearer.c_str(), static_cast<double>(stall_ms));
    return id;
}

void Platform::event_stream_close(int id) {
    if (impl_->streams.erase(id)) zx_js_stream_close(id);
}

void Platform::db_open(const std::string& name, DbCallback done) {
    const int id = impl_->next_request++;
    impl_->pending_db.emplace(id, std::move(done));
    zx_js_db_open(id, name.c_str(), 0);
}

void Platform::db_take_over(const std::string& name, DbCallback done) {
    const int id = impl_->next_request++;
    impl_->pending_db.emplace(id, std::move(done));
    zx_js_db_open(id, name.c_str(), 1);
}

void Platform::db_run(std::vector<DbStatement> statements, bool transaction, DbCallback done) {
    const int id = impl_->next_request++;
    impl_->pending_db.emplace(id, std::move(done));
    nlohmann::json req{{"transaction", transaction}, {"statements", nlohmann::json::array()}};
    for (auto& s : statements)
        req["statements"].push_back({{"sql", std::move(s.sql)}, {"params", std::move(s.params)}, {"script", s.script}});
    zx_js_db_run(id, req.dump().c_str());
}

void Platform::db_close() { zx_js_db_close(); }

void Platform::set_db_lost_handler(std::function<void()> on_lost) { impl_->on_db_lost = std::move(on_lost); }

int64_t Platform::now_ms() const { return static_cast<int64_t>(zx_js_now_ms()); }

std::string Platform::random_hex(size_t bytes) const {
    std::vector<unsigned char> b(bytes);
    zx_js_random_bytes(b.data(), static_cast<int>(bytes));
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : b) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    return out;
}

void Platform::storage_remove(const std::string& key) { zx_js_storage_remove(key.c_str()); }

bool Platform::text_overlay() const { return true; }

bool Platform::has_file_picker() const { return true; }

void Platform::text_edit(const TextEdit& e, bool start) {
    if (start) {
        impl_->text_id = e.id;
        impl_->text_event_id = e.id;
        impl_->text_value.reset();
        impl_->text_submit = false;
    }
    if (impl_->text_id != e.id) return;
    impl_->text_kept = true;
    zx_js_text_show(e.id.c_str(), e.rect.x, e.rect.y, e.rect.w, e.rect.h, e.font_px, e.multiline ? 1 : 0,
                    e.password ? 1 : 0, e.hint.c_str(), e.value.c_str(), start ? 1 : 0);
}

std::string Platform::text_editing() const { return impl_->text_id; }

std::optional<std::string> Platform::text_take_value(const std::string& id) {
    if (impl_->text_event_id != id) return std::nullopt;
    return std::exchange(impl_->text_value, std::nullopt);
}

bool Platform::text_take_submit(const std::string& id) {
    if (impl_->text_event_id != id) return false;
    return std::exchange(impl_->text_submit, false);
}

void Platform::file_save(const std::string& name, const std::string& mime, const std::string& content,
                         std::function<void(bool, const std::string&)> done) {
    const int id = impl_->next_request++;
    impl_->pending_save.emplace(id, std::move(done));
    zx_js_file_save(id, name.c_str(), mime.c_str(), content.c_str());
}

void Platform::file_open(const std::string& accept, const std::string&,
                         std::function<void(std::optional<std::pair<std::string, std::string>>)> done) {
    const int id = impl_->next_request++;
    impl_->pending_open.emplace(id, std::move(done));
    zx_js_file_open(id, accept.c_str());
}

void Platform::open_url(const std::string& url) { zx_js_open_url(url.c_str()); }

void Platform::show_page(const std::string& path, const std::string&, std::function<void(const PageShown&)> done) {
    // Opened now, while the click that asked is recent enough for the
    // browser to allow a new tab; a blocked one is reported, not retried.
    PageShown out;
    out.kind = zx_js_open_page(path.c_str()) ? PageShown::Kind::tab : PageShown::Kind::blocked;
    impl_->complete([done = std::move(done), out] { done(out); });
}

void Platform::storage_load(const std::string& key, std::function<void(std::optional<std::string>)> done) {
    std::optional<std::string> value;
    if (char* v = zx_js_storage_get(key.c_str())) {
        value = v;
        std::free(v);
    }
    impl_->complete([done = std::move(done), value = std::move(value)] { done(value); });
}

void Platform::storage_save(const std::string& key, const std::string& value, std::function<void(bool)> done) {
    const bool ok = zx_js_storage_set(key.c_str(), value.c_str()) != 0;
    impl_->complete([done = std::move(done), ok] { done(ok); });
}

void Platform::map_set_markers(std::vector<MapMarker> markers, size_t total) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& m : markers)
        arr.push_back({{"id", m.id}, {"title", m.title}, {"lat", m.lat}, {"lon", m.lon}, {"color", css_color(m.rgb)},
                       {"count", m.count}, {"zoom", m.expansion_zoom}});
    zx_js_map_set_markers(arr.dump().c_str(), static_cast<double>(total));
}

void Platform::map_fit(double south, double west, double north, double east) { zx_js_map_fit(south, west, north, east); }

std::optional<MapView> Platform::map_view() const { return impl_->map_view; }

void Platform::locate(std::function<void(std::optional<std::pair<double, double>>, const std::string&)> done) {
    const int id = impl_->next_locate++;
    impl_->pending_locate[id] = std::move(done);
    zx_js_locate(id);
}

void Platform::map_set_lines(std::vector<MapLine> lines) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& l : lines) {
        nlohmann::json pts = nlohmann::json::array();
        for (const auto& [lat, lon] : l.points) pts.push_back({lat, lon});
        arr.push_back({{"id", l.id}, {"points", pts}, {"color", css_color(l.rgb)}});
    }
    zx_js_map_set_lines(arr.dump().c_str());
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

KioskMode Platform::kiosk_mode() const {
    const int idle = zx_js_kiosk_idle();
    return idle < 0 ? KioskMode{} : KioskMode{true, idle};
}
// A tab cannot close itself: a tablet kiosk is left by the browser's own
// kiosk setting, not from the page.
bool Platform::has_quit() const { return false; }
void Platform::quit() {}
bool Platform::quit_requested() const { return false; }

std::string Platform::route_initial() const {
    char* p = zx_js_route_initial();  // malloc'ed by the bridge
    std::string out = p ? p : "";
    std::free(p);
    return out;
}
void Platform::route_show(const std::string& link, bool replace) {
    impl_->link = link;
    zx_js_route_show(link.c_str(), replace ? 1 : 0);
}
std::string Platform::route_current() const { return impl_->link; }
void Platform::set_route_handler(std::function<void(const std::string&)> on_change) {
    impl_->on_route = std::move(on_change);
}

void Platform::set_state_provider(std::function<std::string()> provider) {
    impl_->state_provider = std::move(provider);
}
void Platform::set_record_provider(std::function<std::string(const std::string&, const std::string&)> provider) {
    impl_->record_provider = std::move(provider);
}

std::string Platform::state_json() const { return impl_->state_provider ? impl_->state_provider() : "{}"; }
void Platform::first_frame_rendered() { zx_js_first_frame(); }

}  // namespace zx::platform

// ---- JS -> C++ ---------------------------------------------------------------
extern "C" {

// The full UI font arrived (zhixing-loader.js): `size` bytes at `data`, a
// buffer malloc'd by JS that this function takes over and frees.
EMSCRIPTEN_KEEPALIVE void zx_web_font_loaded(unsigned char* data, int size) {
    auto* impl = zx::platform::g_impl;
    if (!impl || !data || size <= 0) {
        std::free(data);
        return;
    }
    auto otf = std::make_shared<const std::vector<unsigned char>>(data, data + size);
    std::free(data);
    impl->complete([impl, otf] {
        if (impl->on_font) impl->on_font(otf);
    });
}

// A fetch finished. status 0 means no response; then `body` is the reason.
EMSCRIPTEN_KEEPALIVE void zx_web_http_done(int id, int status, const char* body) {
    auto* impl = zx::platform::g_impl;
    if (!impl) return;
    auto it = impl->pending.find(id);
    if (it == impl->pending.end()) return;
    zx::platform::HttpResponse r;
    r.status = status;
    (status == 0 ? r.error : r.body) = body ? body : "";
    if (status == 0) r.failure = zx::platform::HttpFailure::unreachable;
    impl->complete([cb = std::move(it->second), r = std::move(r)] { cb(r); });
    impl->pending.erase(it);
}

// Stream `id` sent more of its body (text, as the browser decoded it).
EMSCRIPTEN_KEEPALIVE void zx_web_stream_data(int id, const char* text) {
    auto* impl = zx::platform::g_impl;
    if (!impl || !text) return;
    const auto it = impl->streams.find(id);
    if (it == impl->streams.end()) return;
    std::vector<zx::api::SseMessage> messages;
    if (!it->second->reader.feed(text, messages)) {
        // Unreadable: end it as the native client does.
        zx::platform::HttpResponse r;
        r.error = "the stream is unreadable";
        auto s = it->second;
        impl->streams.erase(it);
        zx_js_stream_close(id);
        impl->complete([s, r] {
            if (s->handlers.ended) s->handlers.ended(r);
        });
        return;
    }
    for (auto& m : messages)
        impl->complete([impl, id, m = std::move(m)] {
            const auto found = impl->streams.find(id);
            if (found == impl->streams.end()) return;
            const auto s = found->second;  // the handler may close the stream
            if (s->handlers.event) s->handlers.event(m.event, m.data);
        });
}

// Stream `id` ended: status 0 with the reason in `text` when no answer came
// or the connection dropped or stalled; a refusal's status and body; a 2xx
// status when the server ended it.
EMSCRIPTEN_KEEPALIVE void zx_web_stream_ended(int id, int status, const char* text) {
    auto* impl = zx::platform::g_impl;
    if (!impl) return;
    zx::platform::HttpResponse r;
    r.status = status;
    (status == 0 ? r.error : r.body) = text ? text : "";
    impl->complete([impl, id, r = std::move(r)] {
        const auto it = impl->streams.find(id);
        if (it == impl->streams.end()) return;
        const auto s = it->second;
        impl->streams.erase(it);
        if (s->handlers.ended) s->handlers.ended(r);
    });
}

// window.zhixing.record(collection, id): valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* zx_web_record_json(const char* collection, const char* id) {
    auto* impl = zx::platform::g_impl;
    if (!impl || !collection || !id) return "null";
    impl->state_buffer = impl->record_provider ? impl->record_provider(collection, id) : "null";
    return impl->state_buffer.c_str();
}

// The store worker answered request `id` with a DbResult as JSON:
// {"ok":bool, "error":str, "busy":bool, "sets":[[row...]...]}.
EMSCRIPTEN_KEEPALIVE void zx_web_db_done(int id, const char* result_json) {
    auto* impl = zx::platform::g_impl;
    if (!impl) return;
    auto it = impl->pending_db.find(id);
    if (it == impl->pending_db.end()) return;
    zx::platform::DbResult r;
    const auto j = nlohmann::json::parse(result_json ? result_json : "", nullptr, false);
    if (!j.is_object()) {
        r.ok = false;
        r.error = "the store worker sent an unreadable answer";
    } else {
        r.ok = j.value("ok", false);
        r.error = j.value("error", "");
        r.busy = j.value("busy", false);
        if (auto s = j.find("sets"); s != j.end() && s->is_array())
            for (const auto& set : *s) r.sets.push_back(set);
    }
    impl->complete([cb = std::move(it->second), r = std::move(r)] { cb(r); });
    impl->pending_db.erase(it);
}

// Another tab took the store (Web Locks); this tab must stop using it.
EMSCRIPTEN_KEEPALIVE void zx_web_db_lost() {
    auto* impl = zx::platform::g_impl;
    if (!impl) return;
    impl->complete([impl] {
        if (impl->on_db_lost) impl->on_db_lost();
    });
}

// The text overlay's field `id` now holds `value` (after typing or an input
// method's commit); `submitted`: Enter in a single-line field; `ended`: the
// field lost focus.
EMSCRIPTEN_KEEPALIVE void zx_web_text_event(const char* id, const char* value, int submitted, int ended) {
    auto* impl = zx::platform::g_impl;
    if (!impl || !id || impl->text_event_id != id) return;
    if (value) impl->text_value = std::string(value);
    if (submitted) impl->text_submit = true;
    if (ended) impl->text_id.clear();
    impl->woke();
}

// A file offered with file_save was handed to the browser (ok) or not.
EMSCRIPTEN_KEEPALIVE void zx_web_file_saved(int id, int ok, const char* where) {
    auto* impl = zx::platform::g_impl;
    if (!impl) return;
    auto it = impl->pending_save.find(id);
    if (it == impl->pending_save.end()) return;
    impl->complete([cb = std::move(it->second), ok, w = std::string(where ? where : "")] { cb(ok != 0, w); });
    impl->pending_save.erase(it);
}

// The user picked a file (name, and its `length` bytes as stored), or gave up (name null).
EMSCRIPTEN_KEEPALIVE void zx_web_file_opened(const char* name, const char* content, int length, int id) {
    auto* impl = zx::platform::g_impl;
    if (!impl) return;
    auto it = impl->pending_open.find(id);
    if (it == impl->pending_open.end()) return;
    std::optional<std::pair<std::string, std::string>> file;
    if (name) file = std::make_pair(std::string(name), content ? std::string(content, static_cast<size_t>(length)) : std::string());
    impl->complete([cb = std::move(it->second), file = std::move(file)] { cb(file); });
    impl->pending_open.erase(it);
}

// The URL's fragment changed by itself (back, forward, an edited address):
// `link` is the fragment without its '#'.
EMSCRIPTEN_KEEPALIVE void zx_web_route_changed(const char* link) {
    auto* impl = zx::platform::g_impl;
    if (!impl || !link) return;
    impl->complete([impl, l = std::string(link)] {
        impl->link = l;
        if (impl->on_route) impl->on_route(l);
    });
}

// The user clicked a marker on the Leaflet map.
EMSCRIPTEN_KEEPALIVE void zx_web_map_picked(const char* id) {
    auto* impl = zx::platform::g_impl;
    if (!impl || !id) return;
    impl->complete([impl, picked = std::string(id)] {
        if (impl->on_pick) impl->on_pick(picked);
    });
}

// The browser answered a locate(): ok with a position, or the reason it has none.
EMSCRIPTEN_KEEPALIVE void zx_web_located(int id, int ok, double lat, double lon, const char* error) {
    auto* impl = zx::platform::g_impl;
    if (!impl) return;
    auto it = impl->pending_locate.find(id);
    if (it == impl->pending_locate.end()) return;
    std::optional<std::pair<double, double>> where;
    if (ok) where = std::make_pair(lat, lon);
    impl->complete([cb = std::move(it->second), where, e = std::string(error ? error : "")] { cb(where, e); });
    impl->pending_locate.erase(it);
}

// Leaflet's view changed (pan, zoom, resize): the app recomputes clusters.
EMSCRIPTEN_KEEPALIVE void zx_web_map_view(double west, double south, double east, double north, int zoom) {
    auto* impl = zx::platform::g_impl;
    if (!impl) return;
    impl->map_view = zx::platform::MapView{west, south, east, north, zoom};
    impl->woke();
}

// Something the page saw needs a frame (the window was resized, the page
// became visible again): resumes the main loop if it is paused.
EMSCRIPTEN_KEEPALIVE void zx_web_wake() {
    if (auto* impl = zx::platform::g_impl) impl->woke();
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
