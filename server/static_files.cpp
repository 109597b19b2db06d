#include "static_files.hpp"

#include "zx/core/hash.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>

namespace zx::server {

namespace fs = std::filesystem;

namespace {
bool compressible(const std::string& mime) {
    return mime.rfind("text/", 0) == 0 || mime.find("javascript") != std::string::npos ||
           mime.find("json") != std::string::npos || mime == "application/wasm" || mime == "image/svg+xml" ||
           mime == "font/otf" || mime == "application/octet-stream";
}

// FNV-1a: an ETag only has to change when the bytes change.
std::string etag_of(const std::string& data) {
    char size[24];
    std::snprintf(size, sizeof size, "%zx", data.size());
    return "\"" + hex64(fnv1a64(data)) + "-" + size + "\"";
}

bool host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// The tile server named in the web root's config.json, read once: the page
// shows its tiles, so the policy must let images come from there.
std::string configured_tile_url(const fs::path& root) {
    std::ifstream in(root / "config.json", std::ios::binary);
    if (!in) return "";
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object() || !j.contains("tile_url") || !j["tile_url"].is_string()) return "";
    return j["tile_url"].get<std::string>();
}
}  // namespace

std::optional<std::string> StaticFiles::tile_source(std::string_view url) {
    std::string_view scheme;
    for (std::string_view s : {"https://", "http://"})
        if (url.starts_with(s)) scheme = s;
    if (scheme.empty()) return std::nullopt;
    std::string_view rest = url.substr(scheme.size());
    const std::string_view authority = rest.substr(0, rest.find('/'));
    std::string_view host = authority.substr(0, authority.find(':'));
    const std::string_view port = host.size() < authority.size() ? authority.substr(host.size() + 1) : "";
    std::string out(scheme);
    // Leaflet's subdomain placeholder: {s}.tile.example is any subdomain of it.
    if (host.starts_with("{s}.")) {
        out += "*.";
        host.remove_prefix(4);
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(), host_char) || host.front() == '.' || host.front() == '-')
        return std::nullopt;
    if (authority.find(':') != std::string_view::npos &&
        (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })))
        return std::nullopt;
    out += host;
    if (!port.empty()) out += ":" + std::string(port);
    return out;
}

std::string StaticFiles::content_security_policy(std::string_view tile_url) {
    // Only the tile server's origin is added, and only when it is one (no
    // spaces, quotes or semicolons can reach the header).
    std::string tiles;
    if (const auto src = tile_source(tile_url)) tiles = " " + *src;
    return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
           "img-src 'self' data: blob:" + tiles + "; connect-src 'self'; object-src 'none'; base-uri 'none'; "
           "frame-ancestors 'none'";
}

StaticFiles::StaticFiles(fs::path root) : root_(fs::weakly_canonical(std::move(root))) {
    const auto tile_url = configured_tile_url(root_);
    if (!tile_url.empty() && !tile_source(tile_url))
        std::fprintf(stderr, "config.json: tile_url %s is not an http(s) URL with a host; its tiles will be blocked\n",
                     tile_url.substr(0, 200).c_str());
    csp_ = content_security_policy(tile_url);
}

std::string StaticFiles::mime_type(const std::string& ext) {
    static const std::map<std::string, std::string> kTypes{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".wasm", "application/wasm"},
        {".data", "application/octet-stream"},
        {".png", "image/png"},
        {".svg", "image/svg+xml"},
        {".ico", "image/x-icon"},
        {".otf", "font/otf"},
        {".txt", "text/plain; charset=utf-8"},
        {".geojson", "application/geo+json"},
    };
    auto it = kTypes.find(ext);
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

std::shared_ptr<const StaticFiles::Entry> StaticFiles::load(const fs::path& file) {
    std::error_code ec;
    const auto mtime = fs::last_write_time(file, ec);
    if (ec) return nullptr;
    const auto size = fs::file_size(file, ec);
    if (ec) return nullptr;
    const auto key = file.string();
    {
        std::shared_lock lock(mu_);
        auto it = cache_.find(key);
        if (it != cache_.end() && it->second->mtime == mtime && it->second->size == size) return it->second;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream ss;
    ss << in.rdbuf();
    auto e = std::make_shared<Entry>();
    e->mtime = mtime;
    e->size = size;
    e->mime = mime_type(file.extension().string());
    e->body = std::make_shared<const std::string>(ss.str());
    e->etag = etag_of(*e->body);
    if (compressible(e->mime) && e->body->size() >= 1024) {
        // A precompressed sibling counts only if built from this version.
        auto sibling = [&](const char* suffix) -> std::shared_ptr<const std::string> {
            fs::path p = file;
            p += suffix;
            std::error_code sec;
            const auto t = fs::last_write_time(p, sec);
            if (sec || t < mtime) return nullptr;
            std::ifstream f(p, std::ios::binary);
            if (!f) return nullptr;
            std::ostringstream b;
            b << f.rdbuf();
            auto out = std::make_shared<const std::string>(b.str());
            return out->size() < e->body->size() ? out : nullptr;
        };
        e->br = sibling(".br");
        e->gz = sibling(".gz");
        if (!e->gz) {
            auto gz = std::make_shared<const std::string>(gzip(*e->body, 9));
            if (gz->size() < e->body->size()) e->gz = std::move(gz);
        }
    }
    std::unique_lock lock(mu_);
    cache_[key] = e;
    return e;
}

std::optional<Response> StaticFiles::serve(const std::string& path, const std::string& if_none_match,
                                          const std::string& accept_encoding) {
    std::string rel = path == "/" ? "/index.html" : path;
    // Refuse anything that could climb out of the root or reveal dotfiles.
    for (const auto& part : fs::path(rel)) {
        const auto s = part.string();
        if (s == ".." || (s.size() > 1 && s[0] == '.')) return std::nullopt;
    }
    const fs::path file = (root_ / fs::path(rel).relative_path()).lexically_normal();
    const auto [root_end, file_it] = std::mismatch(root_.begin(), root_.end(), file.begin(), file.end());
    if (root_end != root_.end()) return std::nullopt;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    auto e = load(file);
    if (!e) return std::nullopt;

    // One representation per content coding, each with its own ETag (a
    // cache keyed by Vary must not answer a gzip request with brotli bytes).
    std::shared_ptr<const std::string> encoded;
    std::string coding, etag = e->etag;
    if (e->br && accepts_coding(accept_encoding, "br")) {
        encoded = e->br;
        coding = "br";
    } else if (e->gz && accepts_coding(accept_encoding, "gzip")) {
        encoded = e->gz;
        coding = "gzip";
    }
    if (!coding.empty()) etag.insert(etag.size() - 1, "-" + coding);

    Response r;
    r.headers.emplace_back("ETag", etag);
    // Revalidate every time: cheap with ETags, and a new build is seen at once
    // (the names are not versioned; the service worker keeps the offline copy).
    r.headers.emplace_back("Cache-Control", "no-cache");
    if (e->mime.rfind("text/html", 0) == 0) r.headers.emplace_back("Content-Security-Policy", csp_);
    r.content_type = e->mime;
    r.compressible = false;  // already in its final coding
    if (!if_none_match.empty() && if_none_match == etag) {
        r.status = 304;
        return r;
    }
    r.status = 200;
    r.body = encoded ? *encoded : *e->body;
    r.content_encoding = coding;
    // The size once decoded, for the page's progress bar (Content-Length
    // is the compressed size; zhixing-loader.js counts decoded bytes).
    if (!coding.empty()) r.headers.emplace_back("X-Decoded-Length", std::to_string(e->body->size()));
    return r;
}

}  // namespace zx::server
