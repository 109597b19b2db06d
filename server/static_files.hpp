#pragma once
// Serves the built web client from a folder: correct MIME types (wasm as
// application/wasm, which streaming compilation requires), ETags per content
// coding, and compressed forms chosen by Accept-Encoding: the brotli and gzip
// files built beside each file at build time (NAME.br, NAME.gz, see
// scripts/precompress.py) when they exist and are not older than the file,
// else gzip computed once per file version and kept in memory. Every answer
// says Vary: Accept-Encoding (the HTTP layer). HTML pages carry a
// content-security policy that also lets map tiles come from the tile server
// the root's config.json names (README: deployments configure it there),
// read when the server starts.
#include "http.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

namespace zx::server {

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);

    // The response for GET/HEAD of `path` ("/" means "/index.html"), or
    // nothing if no such file exists under the root. Never serves anything
    // outside the root: ".." segments and hidden files are refused.
    // `accept_encoding` is the request's header: brotli is preferred, then gzip.
    std::optional<Response> serve(const std::string& path, const std::string& if_none_match,
                                  const std::string& accept_encoding = "");

    static std::string mime_type(const std::string& extension);

    // The CSP source of a tile URL template ("https://{s}.tiles.example:8443/
    // {z}/{x}/{y}.png" -> "https://*.tiles.example:8443"), or nothing when
    // it is not an http(s) URL with a plain host.
    static std::optional<std::string> tile_source(std::string_view tile_url);
    // The policy of the web client's pages, with img-src allowing the tile
    // server of `tile_url` ("" or an unusable URL: none).
    static std::string content_security_policy(std::string_view tile_url);

private:
    struct Entry {
        std::filesystem::file_time_type mtime;
        uintmax_t size = 0;
        std::string etag;
        std::string mime;
        std::shared_ptr<const std::string> body;
        std::shared_ptr<const std::string> gz;  // null when not worth compressing
        std::shared_ptr<const std::string> br;  // null when no NAME.br was built
    };
    std::shared_ptr<const Entry> load(const std::filesystem::path& file);

    std::filesystem::path root_;
    std::string csp_;  // from config.json at start-up
    std::shared_mutex mu_;
    std::map<std::string, std::shared_ptr<const Entry>> cache_;
};

}  // namespace zx::server
