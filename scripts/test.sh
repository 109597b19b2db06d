#!/usr/bin/env bash
# README command 2: install what is missing, build the native and WebAssembly
# targets, and run every test through CTest (ending with CTest's summary).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/deps.sh"
"$here/scripts/build.sh"
build=${ZX_BUILD_DIR:-$here/build}
exec ctest --test-dir "$build" --output-on-failure
