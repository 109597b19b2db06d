// The desktop/kiosk implementation of platform.hpp.
#include "http_client.hpp"
#include "native_db.hpp"
#include "platform/frame_pacer.hpp"
#include "map_renderer.hpp"
#include "native.hpp"

#include "zx/wire/events.hpp"

#include <SDL.h>

#include <cerrno>
#include <chrono>
#include <random>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

namespace zx::platform {

namespace fs = std::filesystem;

struct Platform::Impl {
    Options options;
    native::HttpClient http;
    native::MapRenderer map;
    std::function<void(const std::string&)> on_pick;
    std::function<std::string()> state_provider;
    std::vector<std::string> picks;
    std::string link;  // route_show()'s last link
    bool quit = false;  // quit() was called

    // Completions from the HTTP worker (and from storage, for one code path)
    // wait here until poll() runs them on the UI thread.
    std::mutex mu;
    std::vector<std::function<void()>> completions;
    // Ends the driver's wait for events; called from any thread (set by the
    // driver, see native::set_wake).
    std::function<void()> wake;
    FramePacer pacer;

    native::NativeDb db;

    // Open event streams, by the id event_stream() answered (UI thread).
    struct Stream {
        EventStreamHandlers handlers;
        uint64_t native = 0;  // HttpClient's id
    };
    std::map<int, std::shared_ptr<Stream>> streams;
    int next_stream = 1;

    explicit Impl(const Options& o)
        : options(o), http(o), db(o.data_dir, [this](std::function<void()> fn) { enqueue(std::move(fn)); }) {}

    void enqueue(std::function<void()> fn) {
        std::function<void()> w;
        {
            std::lock_guard lock(mu);
            completions.push_back(std::move(fn));
            w = wake;
        }
        if (w) w();
    }
};

Platform::Impl& impl_of(Platform& p) { return *p.impl_; }

namespace {

// Keys become file names, so only a safe alphabet is allowed.
bool valid_key(const std::string& key) {
    if (key.empty() || key.size() > 64) return false;
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

// Writes `value` to `path` so that a crash leaves either the old or the new
// file, never a torn one: write a temporary file, fsync it, rename over the
// target, fsync the directory.
bool write_atomically(const fs::path& path, const std::string& value) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    const fs::path tmp = path.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    size_t off = 0;
    while (off < value.size()) {
        const ssize_t n = ::write(fd, value.data() + off, value.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            ::unlink(tmp.c_str());
            return false;
        }
        off += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(tmp.c_str());
        return false;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return false;
    }
    if (const int dfd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return true;
}

}  // namespace

Platform::Platform(const Options& options) : impl_(std::make_unique<Impl>(options)) {
    // The offline basemap. Without the file (a bare test build) the map still
    // works, on its graticule alone.
    const auto outlines = fs::path(options.assets_dir) / "outlines.geojson";
    std::error_code ec;
    if (!options.assets_dir.empty() && fs::exists(outlines, ec)) {
        try {
            impl_->map.set_outlines(outlines::read_file(outlines));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "zhixing: map outlines not loaded: %s\n", e.what());
        }
    }
}
Platform::~Platform() = default;

std::string_view Platform::target() const { return "desktop"; }
std::string Platform::server_label() const { return impl_->options.server_url; }

std::string Platform::font_path() const { return (fs::path(impl_->options.assets_dir) / "zhixing-sc.otf").string(); }

void Platform::poll() {
    std::vector<std::function<void()>> ready;
    {
        std::lock_guard lock(impl_->mu);
        ready.swap(impl_->completions);
    }
    if (!ready.empty() || !impl_->picks.empty()) impl_->pacer.woken();
    for (auto& fn : ready) fn();
    for (const auto& id : std::exchange(impl_->picks, {}))
        if (impl_->on_pick) impl_->on_pick(id);
}

void Platform::request_frame(int64_t at_ms) { impl_->pacer.request(at_ms); }

// The desktop map is drawn in place, so a frame without map_draw() simply
// shows no map; nothing to hide.
void Platform::end_frame() {}

void Platform::http(const HttpRequest& request, HttpCallback done) {
    Impl* impl = impl_.get();
    impl->http.send(request, [impl, done = std::move(done)](HttpResponse r) mutable {
        impl->enqueue([done = std::move(done), r = std::move(r)] { done(r); });
    });
}

bool Platform::has_event_stream() const { return true; }

// The I/O thread undoes the SSE framing (zx/wire/events.hpp) as bytes
// arrive, so heartbeats queue nothing and wake nobody; each message and the
// end become completions, which look the stream up again: once it is closed
// they find nothing and do nothing.
int Platform::event_stream(const HttpRequest& request, int64_t stall_ms, EventStreamHandlers handlers) {
    Impl* impl = impl_.get();
    const int id = impl->next_stream++;
    auto stream = std::make_shared<Impl::Stream>();
    stream->handlers = std::move(handlers);
    impl->streams[id] = stream;
    auto reader = std::make_shared<api::SseReader>();  // I/O thread only
    native::HttpClient::StreamSink sink;
    sink.data = [impl, id, reader](std::string_view bytes) {
        std::vector<api::SseMessage> messages;
        const bool ok = reader->feed(bytes, messages);
        for (auto& m : messages)
            impl->enqueue([impl, id, m = std::move(m)] {
                const auto it = impl->streams.find(id);
                if (it == impl->streams.end()) return;
                const auto s = it->second;  // the handler may close the stream
                if (s->handlers.event) s->handlers.event(m.event, m.data);
            });
        return ok;
    };
    sink.done = [impl, id](HttpResponse r) {
        impl->enqueue([impl, id, r = std::move(r)] {
            const auto it = impl->streams.find(id);
            if (it == impl->streams.end()) return;
            const auto s = it->second;
            impl->streams.erase(it);
            if (s->handlers.ended) s->handlers.ended(r);
        });
    };
    stream->native = impl->http.stream(request, std::chrono::milliseconds(stall_ms), std::move(sink));
    return id;
}

void Platform::event_stream_close(int id) {
    const auto it = impl_->streams.find(id);
    if (it == impl_->streams.end()) return;
    impl_->http.cancel(it->second->native);
    impl_->streams.erase(it);
}

void Platform::db_open(const std::string& name, DbCallback done) { impl_->db.open(name, std::move(done)); }
void Platform::db_run(std::vector<DbStatement> statements, bool transaction, DbCallback done) {
    impl_->db.run(std::move(statements), transaction, std::move(done));
}
void Platform::db_close() { impl_->db.close(); }
// A desktop store belongs to one process; SQLite's own locking keeps a second
// process safe, so there is nothing to take over.
void Platform::db_take_over(const std::string& name, DbCallback done) { db_open(name, std::move(done)); }
void Platform::set_db_lost_handler(std::function<void()>) {}

int64_t Platform::now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
               .count() +
           impl_->options.clock_offset_ms;
}

std::string Platform::random_hex(size_t bytes) const {
    std::random_device rd;  // the OS CSPRNG (getrandom) on Linux
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < bytes; ++i) {
        const auto b = static_cast<unsigned>(rd()) & 0xFF;
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

void Platform::storage_load(const std::string& key, std::function<void(std::optional<std::string>)> done) {
    std::optional<std::string> value;
    if (valid_key(key)) {
        std::ifstream in(fs::path(impl_->options.data_dir) / (key + ".json"), std::ios::binary);
        if (in) {
            std::ostringstream ss;
            ss << in.rdbuf();
            value = ss.str();
        }
    }
    impl_->enqueue([done = std::move(done), value = std::move(value)] { done(value); });
}

void Platform::storage_save(const std::string& key, const std::string& value, std::function<void(bool)> done) {
    const bool ok = valid_key(key) && write_atomically(fs::path(impl_->options.data_dir) / (key + ".json"), value);
    if (!ok) std::fprintf(stderr, "zhixing: could not save %s in %s\n", key.c_str(), impl_->options.data_dir.c_str());
    impl_->enqueue([done = std::move(done), ok] { done(ok); });
}

void Platform::storage_remove(const std::string& key) {
    if (!valid_key(key)) return;
    std::error_code ec;
    fs::remove(fs::path(impl_->options.data_dir) / (key + ".json"), ec);
}

KioskMode Platform::kiosk_mode() const { return {impl_->options.kiosk, impl_->options.kiosk_idle_s}; }
bool Platform::has_quit() const { return true; }
void Platform::quit() {
    impl_->quit = true;
    if (impl_->wake) impl_->wake();
}
bool Platform::quit_requested() const { return impl_->quit; }

// The desktop edits text in ImGui itself; the overlay functions do nothing.
bool Platform::text_overlay() const { return false; }

bool Platform::has_file_picker() const { return false; }
void Platform::text_edit(const TextEdit&, bool) {}
std::string Platform::text_editing() const { return {}; }
std::optional<std::string> Platform::text_take_value(const std::string&) { return std::nullopt; }
bool Platform::text_take_submit(const std::string&) { return false; }

namespace {
fs::path downloads_dir(const std::string& data_dir) {
    if (const char* home = std::getenv("HOME"); home && *home) {
        const fs::path d = fs::path(home) / "Downloads";
        std::error_code ec;
        if (fs::is_directory(d, ec)) return d;
    }
    return data_dir;
}
}  // namespace

void Platform::file_save(const std::string& name, const std::string&, const std::string& content,
                         std::function<void(bool, const std::string&)> done) {
    const auto path = downloads_dir(impl_->options.data_dir) / fs::path(name).filename();
    const bool ok = write_atomically(path, content);
    impl_->enqueue([done = std::move(done), ok, p = path.string()] { done(ok, ok ? p : "could not write " + p); });
}

void Platform::file_open(const std::string&, const std::string& path_hint,
                         std::function<void(std::optional<std::pair<std::string, std::string>>)> done) {
    std::optional<std::pair<std::string, std::string>> out;
    std::ifstream in(path_hint, std::ios::binary);
    if (!path_hint.empty() && in) {
        std::ostringstream ss;
        ss << in.rdbuf();
        out = std::make_pair(fs::path(path_hint).filename().string(), ss.str());
    }
    impl_->enqueue([done = std::move(done), out = std::move(out)] { done(out); });
}

// The desktop has no address bar: the link given with --open starts it, and
// the one shown is kept for route_current() (the test hook).
std::string Platform::route_initial() const { return impl_->options.open_link; }
void Platform::route_show(const std::string& link, bool) { impl_->link = link; }
std::string Platform::route_current() const { return impl_->link; }
void Platform::set_route_handler(std::function<void(const std::string&)>) {}

void Platform::open_url(const std::string& url) {
    // Only web links; never hand anything else to a shell.
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return;
    // Fork twice so the browser is not our child and leaves no zombie.
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::fork() == 0) {
            ::execlp("xdg-open", "xdg-open", url.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::_exit(0);
    }
    if (pid > 0) ::waitpid(pid, nullptr, 0);
}

void Platform::show_page(const std::string& path, const std::string& file_name,
                         std::function<void(const PageShown&)> done) {
    // The ticket in `path` is used up by this one GET; the copy on disk is
    // what the person opens (and prints) as often as they like.
    http({"GET", path, "", ""}, [this, file_name, done = std::move(done)](const HttpResponse& r) {
        if (r.status != 200) {
            PageShown out;
            out.status = r.status;
            out.error = r.error.empty() ? "HTTP " + std::to_string(r.status) : r.error;
            return done(out);
        }
        file_save(file_name, "text/html", r.body, [done](bool ok, const std::string& where) {
            PageShown out;
            out.kind = ok ? PageShown::Kind::saved : PageShown::Kind::failed;
            out.status = 200;  // the page came; saving it is what failed, if anything
            (ok ? out.where : out.error) = where;
            done(out);
        });
    });
}

void Platform::map_set_markers(std::vector<MapMarker> markers, size_t total) {
    impl_->map.set_markers(std::move(markers), total);
}
void Platform::map_fit(double south, double west, double north, double east) {
    impl_->map.fit_bounds(south, west, north, east);
}
std::optional<MapView> Platform::map_view() const { return impl_->map.view(); }
void Platform::locate(std::function<void(std::optional<std::pair<double, double>>, const std::string&)> done) {
    // Desktops and kiosks have no position sensor we can rely on; a kiosk
    // stands at its base, whose position the map already knows.
    impl_->enqueue([done = std::move(done)] { done(std::nullopt, "this device cannot tell its location"); });
}

void Platform::map_set_lines(std::vector<MapLine> lines) { impl_->map.set_lines(std::move(lines)); }
void Platform::map_draw(Rect r) {
    impl_->map.draw(r, impl_->picks);
    if (impl_->map.gliding()) request_frame();
}
void Platform::map_focus(double lat, double lon, double zoom) { impl_->map.focus(lat, lon, zoom); }
void Platform::map_select(const std::string& id) { impl_->map.select(id); }
void Platform::set_map_pick_handler(std::function<void(const std::string&)> on_pick) {
    impl_->on_pick = std::move(on_pick);
}

void Platform::set_state_provider(std::function<std::string()> provider) {
    impl_->state_provider = std::move(provider);
}
// The desktop has no page to ask; tests read --dump-state instead.
void Platform::set_record_provider(std::function<std::string(const std::string&, const std::string&)>) {}

std::string Platform::state_json() const { return impl_->state_provider ? impl_->state_provider() : "{}"; }
void Platform::first_frame_rendered() {}
// The desktop loads the full font at start (font_path()): nothing follows.
void Platform::set_font_handler(std::function<void(std::shared_ptr<const std::vector<unsigned char>>)>) {}

namespace native {

void handle_event(Platform& p, const SDL_Event& e) {
    if (e.type == SDL_MULTIGESTURE && e.mgesture.numFingers == 2 && std::abs(e.mgesture.dDist) > 0.0005f)
        impl_of(p).map.pinch(e.mgesture.dDist, e.mgesture.x, e.mgesture.y);
}

MapRenderer& map_of(Platform& p) { return impl_of(p).map; }

FramePacer& pacer_of(Platform& p) { return impl_of(p).pacer; }

void set_wake(Platform& p, std::function<void()> wake) {
    auto& impl = impl_of(p);
    std::lock_guard lock(impl.mu);
    impl.wake = std::move(wake);
}

std::string default_data_dir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return (fs::path(xdg) / "zhixing").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (fs::path(home) / ".local" / "share" / "zhixing").string();
    return "zhixing-data";
}

}  // namespace native
}  // namespace zx::platform
