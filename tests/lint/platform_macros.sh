#!/usr/bin/env bash
# Fails if __EMSCRIPTEN__, EM_JS or EM_ASM appear in our C/C++ sources
# anywhere but client/platform/: everything browser-specific sits behind the
# platform interface.
set -euo pipefail
root=${1:-.}
cd "$root"
hits=$(grep -rnE '__EMSCRIPTEN__|EM_JS|EM_ASM' --include='*.cpp' --include='*.hpp' --include='*.h' --include='*.c' \
         client shared server tests bench 2>/dev/null | grep -v '^client/platform/' || true)
if [ -n "$hits" ]; then
  echo "Emscripten-specific code outside client/platform/:"
  echo "$hits"
  exit 1
fi
count=$(grep -rlE 'EM_JS|EM_ASM' client/platform | wc -l)
echo "ok: Emscripten macros only under client/platform/ ($count files there)"
