#pragma once
// Everything that differs between the browser and the desktop, behind one
// interface. Each target implements this header once:
//   client/platform/web/     — Emscripten: fetch, localStorage, Leaflet, JS hook
//   client/platform/native/  — SDL2 desktop/kiosk: Beast HTTP, files, own map
// CMake picks the folder; callers never test which target they run on.
//
// Threading contract: every method is called on the UI thread, and every
// callback runs on the UI thread from inside poll(), which the app calls once
// at the start of each frame. Nothing here blocks the frame.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zx::platform {

// Why no response arrived, as a code: the UI puts it into words
// (client/messages.hpp), never reading HttpResponse::error to decide.
// The web client only ever reports `unreachable` (the browser checks URLs
// and certificates itself and tells the page nothing more).
enum class HttpFailure {
    none,            // a response arrived
    unreachable,     // no connection, or it broke or timed out
    bad_url,         // the server URL cannot be read
    insecure_url,    // plain http:// to another machine without --allow-insecure-http
    ca_file,         // the --ca-file cannot be read as PEM certificates
    cert_untrusted,  // the certificate leads to no trusted authority (self-signed, private CA not given)
    cert_name,       // the certificate is valid, but for another host name or address
    cert_expired,    // the certificate has expired or is not valid yet
    cert_invalid,    // any other fault of the certificate (bad signature, wrong purpose, revoked)
    tls,             // the TLS handshake failed otherwise (not a TLS server, no common protocol)
};
// "unreachable", "cert_untrusted", …: for the test hook and logs.
constexpr std::string_view http_failure_code(HttpFailure f) {
    switch (f) {
        case HttpFailure::none: return "none";
        case HttpFailure::unreachable: return "unreachable";
        case HttpFailure::bad_url: return "bad_url";
        case HttpFailure::insecure_url: return "insecure_url";
        case HttpFailure::ca_file: return "ca_file";
        case HttpFailure::cert_untrusted: return "cert_untrusted";
        case HttpFailure::cert_name: return "cert_name";
        case HttpFailure::cert_expired: return "cert_expired";
        case HttpFailure::cert_invalid: return "cert_invalid";
        case HttpFailure::tls: return "tls";
    }
    return "unreachable";
}

struct HttpResponse {
    int status = 0;     // HTTP status; 0 when no response arrived
    std::string body;   // response body (JSON for API calls)
    HttpFailure failure = HttpFailure::none;  // set exactly when status is 0
    std::string error;  // details of `failure` for logs (English, not for the UI); empty otherwise
};
using HttpCallback = std::function<void(const HttpResponse&)>;

struct HttpRequest {
    std::string method = "GET";
    std::string path;    // "/api/v1/..."
    std::string body;    // JSON, for POST
    std::string bearer;  // session token, sent as "Authorization: Bearer ..." when set
    std::string content_type = "application/json";  // of `body`
};

// One SQL statement for the local store. `script`: several statements with
// no parameters and no results (migrations).
struct DbStatement {
    std::string sql;
    nlohmann::json params = nlohmann::json::array();
    bool script = false;
};
struct DbResult {
    bool ok = true;
    std::string error;          // why not ok
    bool busy = false;          // the store is held by another tab of this browser
    std::vector<nlohmann::json> sets;  // per statement: an array of rows (arrays of values)
};
using DbCallback = std::function<void(const DbResult&)>;

// One thing drawn on the map: a single base (count 1, `id` its base id) or a
// cluster of `count` bases (`id` "" ; clicking it zooms to `expansion_zoom`,
// where it splits). Clusters are computed in shared C++ (zx/cluster.hpp) so
// every client shows the same ones. `rgb` is 0xRRGGBB.
struct MapMarker {
    std::string id;
    std::string title;
    double lat = 0;
    double lon = 0;
    uint32_t rgb = 0x3366CC;
    uint32_t count = 1;
    int expansion_zoom = -1;
};

// A polyline on the map (a route through its stops), with numbered stops.
struct MapLine {
    std::string id;
    std::vector<std::pair<double, double>> points;  // (lat, lon)
    uint32_t rgb = 0xD9480F;
};

// What the map shows: its bounds and Leaflet-style integer zoom level.
struct MapView {
    double west = 0, south = 0, east = 0, north = 0;
    int zoom = 0;
    bool operator==(const MapView&) const = default;
};

// A screen region in ImGui coordinates (logical pixels, origin top-left).
struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool operator==(const Rect&) const = default;
};

struct Options {
    // Desktop: "https://host[:port]", or "http://…" to this machine only
    // (native/server_url.hpp has the rule); web: ignored (same origin).
    std::string server_url;
    std::string data_dir;    // desktop: folder for stored documents; web: ignored
    std::string assets_dir;  // desktop: folder holding zhixing-sc.otf; web: ignored
    // Desktop: added to the system clock, as on a device whose clock is set
    // wrong (tests of the clock repair; --clock-offset-ms). Web: ignored.
    int64_t clock_offset_ms = 0;
    // Desktop: the link to open (--open "/trip/<id>", client/routes.hpp).
    // Web: ignored (the page's URL says it).
    std::string open_link = "";
    // Desktop: plain http:// to other machines too (--allow-insecure-http):
    // passwords and data then cross the network readable. Web: ignored.
    bool allow_insecure_http = false;
    // Desktop: a PEM file of further certificate authorities to trust beside
    // the system's (--ca-file, a private CA); "" for none. Web: ignored.
    std::string ca_file = "";
    // Desktop: run as a base's kiosk terminal (--kiosk), returning to the
    // attract screen after `kiosk_idle_s` seconds without input
    // (--kiosk-idle). Web: ignored (the page's URL says it: ?kiosk,
    // &kiosk_idle=N).
    bool kiosk = false;
    int kiosk_idle_s = 60;
};

// Whether this run is a kiosk terminal at a study-tour base, and its idle
// time. A start-up choice of whoever set the device up, not a target: the
// same on the desktop (--kiosk) and a tablet's browser (?kiosk).
struct KioskMode {
    bool on = false;
    int idle_s = 60;  // 5..3600
};

class Platform {
public:
    explicit Platform(const Options& options);
    ~Platform();
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;

    // "web" or "desktop", for logs and the test hook only: views ask for
    // capabilities (has_file_picker(), text_overlay()), never for the target.
    std::string_view target() const;
    // Where API requests go, for display ("same origin" on the web).
    std::string server_label() const;
    // Path of the UI font file, readable with fopen (MEMFS on the web). On
    // the web this is the small first font (the UI's own texts and the demo
    // names); the full one arrives later through set_font_handler.
    std::string font_path() const;
    // Called (from poll) once a fuller UI font than font_path()'s has arrived,
    // with its bytes (an OpenType file). The web client fetches the full font
    // after its first frame; the desktop never calls it (font_path() already
    // is the full font).
    void set_font_handler(std::function<void(std::shared_ptr<const std::vector<unsigned char>> otf)> on_font);

    // One character drawn by the system's fonts, for text the UI font lacks
    // (rare hanzi, emoji): RGBA, straight alpha; white where `colored` is
    // false (the text colour tints it), the glyph's own colours where true.
    // x0/y0: the bitmap's top-left from the pen position at the top of the
    // line; advance: the pen's move. All in pixels.
    struct GlyphBitmap {
        int w = 0, h = 0;
        float x0 = 0, y0 = 0, advance = 0;
        bool colored = false;
        std::vector<unsigned char> rgba;
    };
    // Draws `cp` with an em of `em_px` and its baseline `ascent_px` below the
    // line's top: the browser's own fonts (Canvas 2D) on the web, the system's
    // font files on the desktop (Noto CJK, Symbola, DejaVu). Nothing when no
    // font has it. Synchronous and fast (a fraction of a millisecond).
    std::optional<GlyphBitmap> rasterize_glyph(char32_t cp, float em_px, float ascent_px);

    // Runs the completions queued since the last call. Once per frame.
    void poll();
    // An idle app draws no frames (platform/frame_pacer.hpp): a frame comes
    // after input or a completion, and otherwise only when asked for here.
    // Whatever changes on screen by itself asks each frame: an animation for
    // the next frame at once (`at_ms` 0, or any time already past), a
    // countdown or a retry timer for when it is next due (wall clock, as
    // now_ms()). The earliest request of a frame wins; requests last one frame.
    void request_frame(int64_t at_ms = 0);
    // Marks the end of a frame's drawing: the map hides itself if no view
    // called map_draw() during this frame.
    void end_frame();

    // --- HTTP -------------------------------------------------------------
    // Sends a request to the server. Never blocks; `done` runs in a later
    // poll(), exactly once.
    void http(const HttpRequest& request, HttpCallback done);
    void http_get(const std::string& path, HttpCallback done) { http({"GET", path, "", ""}, std::move(done)); }

    // --- Event streams (Server-Sent Events: the live channel) ---------------
    // Whether event_stream() can hold a stream open here. Where it cannot,
    // event_stream() ends every stream at once (status 0) and callers poll.
    bool has_event_stream() const;
    struct EventStreamHandlers {
        // One message of the stream: its event name and data. Comments (the
        // server's heartbeats) are not passed on and wake nothing.
        std::function<void(const std::string& event, const std::string& data)> event;
        // Once, last: status 0 with `error` when the connection failed,
        // dropped or stalled; a refusal's status and body (a 401, a 429);
        // a 2xx status with no body when the server ended the stream.
        std::function<void(const HttpResponse& end)> ended;
    };
    // GETs `request.path` with "Accept: text/event-stream" and keeps reading
    // the answer as it arrives; no byte at all for `stall_ms` ends it as
    // stalled. Handlers run from poll(). Answers an id for event_stream_close.
    int event_stream(const HttpRequest& request, int64_t stall_ms, EventStreamHandlers handlers);
    // Ends the stream `id`; none of its handlers runs after this. Unknown or
    // ended ids are ignored.
    void event_stream_close(int id);

    // --- The local database (SQLite; sqlite-wasm on OPFS in the browser) -----
    // Opens (creating) the store named `name`; one is open at a time. On the
    // web, `busy` means another tab holds it (see db_take_over).
    void db_open(const std::string& name, DbCallback done);
    // Runs statements in order; with `transaction`, all or none. Results are
    // durable when `done` reports ok.
    void db_run(std::vector<DbStatement> statements, bool transaction, DbCallback done);
    void db_close();
    // Asks the tab that holds the store to let go, then opens it here.
    void db_take_over(const std::string& name, DbCallback done);
    // Called if another tab takes the store away from this one.
    void set_db_lost_handler(std::function<void()> on_lost);

    // Wall-clock time, milliseconds since the Unix epoch.
    int64_t now_ms() const;
    // `bytes` random bytes from the system's CSPRNG, as hex.
    std::string random_hex(size_t bytes) const;

    // --- Storage of small named documents (settings) ------------------------
    // `done` gets the stored text, or nothing if the key was never saved.
    void storage_load(const std::string& key, std::function<void(std::optional<std::string>)> done);
    // The document is durable when `done(true)` runs; `done(false)` means it
    // was not written and the previous version is intact.
    void storage_save(const std::string& key, const std::string& value, std::function<void(bool ok)> done);
    void storage_remove(const std::string& key);

    // --- The map ----------------------------------------------------------
    // Replaces what the map draws (the clusters and single bases of the
    // current view); `total` is how many bases they stand for in all.
    void map_set_markers(std::vector<MapMarker> markers, size_t total);
    // Fits the view to a box (a new set of bases is shown whole).
    void map_fit(double south, double west, double north, double east);
    // What the map shows now; nothing before it has been laid out once.
    std::optional<MapView> map_view() const;
    // Replaces the lines drawn on the map (routes); empty clears them.
    void map_set_lines(std::vector<MapLine> lines);
    // Shows the map over `r` for this frame. Call from inside the ImGui frame
    // with the cursor at r's top-left corner: the map takes `r` as one item of
    // the ImGui layout. On the desktop the map is drawn there; on the web a
    // Leaflet element is placed over it.
    void map_draw(Rect r);
    // Centres the map on a point; zoom follows Leaflet's levels (0 = world).
    void map_focus(double lat, double lon, double zoom);
    // Highlights one marker ("" for none).
    void map_select(const std::string& id);
    // Called (from poll) when the user picks a marker on the map.
    void set_map_pick_handler(std::function<void(const std::string& id)> on_pick);

    // --- Location -------------------------------------------------------------
    // Asks once for where this device is; `done` runs later (from poll) with
    // (lat, lon), or with nothing and the reason (refused, unavailable).
    void locate(std::function<void(std::optional<std::pair<double, double>>, const std::string& error)> done);

    // --- Text editing -----------------------------------------------------------
    // Input methods (pinyin and others) need a real text field: on the web,
    // text is edited in an HTML field placed over the ImGui field; on the
    // desktop ImGui edits it (SDL passes the input method through).
    bool text_overlay() const;
    struct TextEdit {
        std::string id;  // the field being edited
        Rect rect;
        std::string value;  // shown when editing starts
        std::string hint;
        bool multiline = false;
        bool password = false;
        // The size the field's text is drawn at, in logical (CSS) px, so the
        // overlay shows the text the size it is drawn once editing ends.
        float font_px = 16.0f;
    };
    // Starts editing `e` (start = true) or keeps it placed over `e.rect`.
    // Call every frame while the field is being edited; a frame without the
    // call ends editing.
    void text_edit(const TextEdit& e, bool start);
    // The field being edited in the overlay ("" when none).
    std::string text_editing() const;
    // The field's new text since the last call, if it changed.
    std::optional<std::string> text_take_value(const std::string& id);
    // Whether Enter was pressed in the (single-line) field since the last call.
    bool text_take_submit(const std::string& id);

    // --- Files (export and import) ---------------------------------------------
    // Offers `content` to the user as a file: a download in the browser; a
    // file in the Downloads (or data) folder on the desktop. `done` gets where
    // it went, or an error.
    void file_save(const std::string& name, const std::string& mime, const std::string& content,
                   std::function<void(bool ok, const std::string& where)> done);
    // Whether file_open() shows the system's file picker. Without one (the
    // desktop today), file_open() reads the path the user typed (`path_hint`),
    // so views offer a path field instead.
    bool has_file_picker() const;
    // Lets the user pick a file (`accept`: ".ics"); `done` gets its name and
    // contents (its bytes as stored, never decoded: the reader names a file
    // that is not UTF-8), or nothing if the user gave up. On the desktop,
    // `path_hint` is the path the user typed.
    void file_open(const std::string& accept, const std::string& path_hint,
                   std::function<void(std::optional<std::pair<std::string, std::string>>)> done);
    // Opens a link in the system browser (a new tab on the web).
    void open_url(const std::string& url);

    // --- Kiosk terminals ----------------------------------------------------------
    KioskMode kiosk_mode() const;
    // Whether quit() can end the program (a kiosk's staff leave it this way;
    // a browser tab cannot close itself, so there the choice is not shown).
    bool has_quit() const;
    // Ends the program after this frame. Where has_quit() is false, nothing.
    void quit();
    // Whether quit() was called (the desktop driver's loop reads it).
    bool quit_requested() const;

    // --- Pages of the server ---------------------------------------------------
    // Shows `path` ("/api/v1/cards/<ticket>"), a page the server serves to
    // whoever has its one-use link, with no session (a tab cannot send the
    // bearer token, and the token never goes into a URL). On the web: a new
    // tab of this origin. On the desktop, which draws no HTML: the page is
    // fetched and saved as `file_name` in the Downloads (or data) folder, to
    // be opened with the system browser. `done` runs once, from poll().
    struct PageShown {
        enum class Kind { tab, saved, blocked, failed } kind = Kind::failed;
        std::string where;  // saved: the file's path
        int status = 0;     // failed: the HTTP status (0: no answer; 200: the page came but was not saved)
        std::string error;  // failed: why, in English (the platform's own words, as file_save gives them)
    };
    void show_page(const std::string& path, const std::string& file_name, std::function<void(const PageShown&)> done);

    // --- Links (client/routes.hpp) ------------------------------------------------
    // The link this run was opened with ("" = none): the URL's fragment
    // ("#/trip/t-1") on the web, Options::open_link on the desktop.
    std::string route_initial() const;
    // Shows `link` as where the app is: the web's address bar, as a new
    // history entry, or in place of the current one (`replace`). The desktop
    // only keeps it (route_current()).
    void route_show(const std::string& link, bool replace);
    std::string route_current() const;
    // Called (from poll) with the new link when the person goes back or
    // forward or edits the address (web); never on the desktop.
    void set_route_handler(std::function<void(const std::string& link)> on_change);

    // --- Diagnostics and the read-only test hook ---------------------------
    // `provider` returns the app's state as JSON for tests: window.zhixing.state()
    // on the web, --dump-state on the desktop.
    void set_state_provider(std::function<std::string()> provider);
    std::string state_json() const;
    // window.zhixing.record(collection, id) on the web: one record of the
    // local store as JSON ("null" if absent), for tests to check content.
    void set_record_provider(std::function<std::string(const std::string& collection, const std::string& id)> provider);
    // Called once, after the first frame has been rendered.
    void first_frame_rendered();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    friend Impl& impl_of(Platform&);
};

}  // namespace zx::platform
