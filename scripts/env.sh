# Shared settings for the project's scripts; sourced, never run.
# Third-party sources and builds live outside the clone, keyed by version, so a
# fresh clone on the same machine reuses them.
export ZX_CACHE=${ZX_CACHE:-$HOME/.cache/zhixing}
export ZX_IMGUI_VERSION=1.90.1
export ZX_SDL2_VERSION=2.26.5
export ZX_SDL2_WASM="$ZX_CACHE/sdl2-wasm-$ZX_SDL2_VERSION"
# Debian's emcc needs acorn from Debian's node modules; the machine's node does
# not look there by default.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
# Emscripten's system libraries (libc, libc++, GL for wasm) come prebuilt in
# Debian's frozen cache under /usr/share/emscripten/cache; leave EM_CACHE alone.
