#!/usr/bin/env bash
# Installs everything the build and the tests need, and nothing twice.
#
# Contract: after this script succeeds,
#   - Debian's packages listed below are installed;
#   - $ZX_CACHE/src/imgui-<ver> and $ZX_CACHE/src/SDL2-<ver> hold the unpacked
#     upstream sources from Debian's source packages;
#   - $ZX_CACHE/sdl2-wasm-<ver> holds SDL2 built for WebAssembly (static);
#   - node_modules/ in the repository matches package-lock.json.
# Every step checks first whether its result is already there, so a second
# run (and CI on the same machine) costs a few seconds.
#
# Only Debian's archive and the npm registry are reachable on the machines we
# target, so every dependency comes from one of them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/env.sh
source "$here/scripts/env.sh"

log() { printf '[deps] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# --- 1. Debian binary packages ------------------------------------------------
packages=(
  build-essential cmake pkg-config git ca-certificates xz-utils dpkg-dev
  brotli                          # precompressed static files (.br) built with the web root
  emscripten                      # emcc 3.1.6, with Debian's clang/lld 14
  libsdl2-dev libgl-dev           # native desktop client
  libboost-dev zlib1g-dev         # server: Boost.Beast/Asio, gzip
  libargon2-dev libssl-dev        # server: password hashing, tokens (SHA-256, CSPRNG); desktop client: HTTPS
  openssl                         # the HTTPS test's throwaway CA and certificates (client.https)
  libqrencode-dev                 # server: the QR codes of the printable student cards
  nlohmann-json3-dev doctest-dev libsqlite3-dev sqlite3
  libstb-dev                      # stb_sprintf: ImGui's text formatting (cmake/ThirdParty.cmake)
  fonts-noto-cjk python3-fonttools python3-icalendar python3-geojson  # font subsetting; .ics and GeoJSON checks
  fonts-noto-color-emoji fonts-symbola  # glyphs outside the UI font: emoji in the browser (colour), on the desktop (outlines)
  openapi-specification python3-jsonschema  # the API document checked against the OpenAPI 3.0 schema
  chromium                        # browser tests, driven by playwright-core
  librsvg2-bin                    # rsvg-convert: the web app icons (PNG) from web/favicon.svg; the cards' QR codes in tests
  zbar-tools                      # zbarimg: the server tests decode the cards' QR codes for real
  xvfb xauth libgl1-mesa-dri      # desktop tests in a real X window
  xdotool                         # input into that window (the desktop idle test)
  clang-14 libclang-rt-14-dev llvm-14  # fuzzing (libFuzzer, sanitizer runtimes) and readable stack traces
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. Debian source packages: Dear ImGui (trixie) and SDL2 (bookworm) --------
mkdir -p "$ZX_CACHE/src" "$ZX_CACHE/dl"

ensure_deb_src() {
  local list=/etc/apt/sources.list.d/zhixing-src.sources
  if [ ! -f "$list" ]; then
    log "adding deb-src entries for bookworm and trixie"
    as_root tee "$list" >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    as_root apt-get update -qq
  fi
}

# fetch_source <package/suite> <orig tarball glob> <unpacked dir name>
fetch_source() {
  local spec=$1 glob=$2 dir=$3
  [ -d "$ZX_CACHE/src/$dir" ] && return 0
  ensure_deb_src
  log "downloading Debian source package $spec"
  (cd "$ZX_CACHE/dl" && apt-get source --download-only "$spec" >/dev/null 2>&1) || {
    as_root apt-get update -qq
    (cd "$ZX_CACHE/dl" && apt-get source --download-only "$spec" >/dev/null)
  }
  local tarball
  tarball=$(ls "$ZX_CACHE"/dl/$glob | head -n1)
  local tmp="$ZX_CACHE/src/.tmp-$dir"
  rm -rf "$tmp" && mkdir -p "$tmp"
  tar xf "$tarball" -C "$tmp"
  mv "$tmp"/* "$ZX_CACHE/src/$dir"
  rm -rf "$tmp"
}

fetch_source "imgui/trixie" "imgui_${ZX_IMGUI_VERSION}+ds.orig.tar.*" "imgui-$ZX_IMGUI_VERSION"
fetch_source "libsdl2/bookworm" "libsdl2_${ZX_SDL2_VERSION}+dfsg.orig.tar.*" "SDL2-$ZX_SDL2_VERSION"

# --- 3. SDL2 for WebAssembly ---------------------------------------------------
# Emscripten's own SDL "port" downloads from GitHub, which is unreachable, so we
# build Debian's SDL2 source with emcmake once and keep the static library.
if [ ! -f "$ZX_SDL2_WASM/lib/libSDL2.a" ]; then
  log "building SDL2 $ZX_SDL2_VERSION for WebAssembly (about 2-4 minutes, once)"
  b="$ZX_CACHE/build-sdl2-wasm"
  rm -rf "$b"
  emcmake cmake -S "$ZX_CACHE/src/SDL2-$ZX_SDL2_VERSION" -B "$b" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$ZX_SDL2_WASM.tmp" \
    -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF \
    -DSDL_THREADS=OFF -DSDL_PTHREADS=OFF >"$ZX_CACHE/sdl2-wasm-configure.log" 2>&1
  cmake --build "$b" -j"$(nproc)" >"$ZX_CACHE/sdl2-wasm-build.log" 2>&1
  rm -rf "$ZX_SDL2_WASM.tmp"
  cmake --install "$b" >/dev/null
  mv "$ZX_SDL2_WASM.tmp" "$ZX_SDL2_WASM"
  rm -rf "$b"
fi

# --- 4. npm packages (Leaflet, markercluster, playwright-core) -----------------
stamp="$here/node_modules/.zhixing-lock"
if [ ! -f "$stamp" ] || ! cmp -s "$here/package-lock.json" "$stamp"; then
  log "installing npm packages from package-lock.json"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$here/package-lock.json" "$stamp"
fi

log "dependencies ready (cache: $ZX_CACHE)"
