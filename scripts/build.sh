#!/usr/bin/env bash
# Configures and builds everything (server, desktop client, web client, tests)
# into build/ — or $ZX_BUILD_DIR. Safe to run repeatedly: CMake rebuilds only
# what changed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$here/scripts/env.sh"
build=${ZX_BUILD_DIR:-$here/build}
jobs=$(nproc)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
echo "[build] building in $build with $jobs jobs" >&2
cmake --build "$build" --parallel "$jobs"
