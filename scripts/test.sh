#!/usr/bin/env bash
# README command 2: install what is missing, build the native and WebAssembly
# targets and the fuzz targets, and run every test through CTest (ending with
# CTest's summary). The sanitizer build of the suites is scripts/sanitize.sh,
# run on its own (README, Fuzzing and sanitizers, says why).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/test.sh

Installs what is missing (scripts/deps.sh), builds everything
(scripts/build.sh) and the fuzz targets (scripts/fuzz.sh --build-only), then
runs every test with CTest in build/ ($ZX_BUILD_DIR).

Options:
  -h, --help  print this help and exit
EOF_USAGE
}
for arg in "$@"; do
  case $arg in
    -h|--help) usage; exit 0 ;;
    *) echo "scripts/test.sh: unknown argument $arg; try --help" >&2; exit 2 ;;
  esac
done

"$here/scripts/deps.sh"
"$here/scripts/build.sh"
"$here/scripts/fuzz.sh" --build-only
build=${ZX_BUILD_DIR:-$here/build}
exec ctest --test-dir "$build" --output-on-failure
