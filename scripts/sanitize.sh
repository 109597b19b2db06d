#!/usr/bin/env bash
# Builds the unit, server and sync tests with AddressSanitizer and
# UndefinedBehaviorSanitizer into their own build folder, and runs them through
# CTest there. The everyday build stays uninstrumented: the sanitizers make
# code several times slower and bigger.
#
#   scripts/sanitize.sh                         build, then run every suite below
#   scripts/sanitize.sh --suite shared.unit     one suite
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The CTest names of the suites, and the executables they need.
default_suites="shared.unit,server.http,sync.convergence,sync.crash"
targets=(zx_shared_tests zx_server_tests zx_sync_tests zhixing-server)

usage() {
  cat <<EOF
Usage: scripts/sanitize.sh [options]

Builds the unit, server and sync tests with gcc's AddressSanitizer and
UndefinedBehaviorSanitizer (-fno-sanitize-recover: the first report fails
the test) into build-asan/ (\$ZX_ASAN_BUILD_DIR) and runs them with CTest.

Options:
  --suite NAMES  comma-separated CTest tests to run
                 (default: $default_suites)
  --build-only   build, then stop
  --no-build     do not build (the tests must be built already)
  -h, --help     print this help and exit
EOF
}

die() { echo "scripts/sanitize.sh: $*; try --help" >&2; exit 2; }

suites=$default_suites mode=run build=1
while [ $# -gt 0 ]; do
  case $1 in
    --suite)
      [ $# -ge 2 ] || die "--suite needs a value"
      for s in ${2//,/ }; do
        [[ ",$default_suites," == *",$s,"* ]] || die "--suite: $s is not one of $default_suites"
      done
      suites=$2
      shift 2 ;;
    --build-only) mode=build; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
done

source "$here/scripts/env.sh"
bdir=${ZX_ASAN_BUILD_DIR:-${ZX_BUILD_DIR:-$here/build}-asan}

if [ "$build" = 1 ]; then
  "$here/scripts/deps.sh"
  if [ ! -f "$bdir/CMakeCache.txt" ]; then
    echo "[sanitize] configuring $bdir (gcc, ASan + UBSan)" >&2
    launcher=()
    if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi
    # RelWithDebInfo: the tests run optimised, as they do in the everyday
    # build, with line numbers in the reports. No web client: nothing of it
    # runs natively.
    cmake -S "$here" -B "$bdir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZX_SANITIZE=ON -DZX_BUILD_WEB=OFF \
      "${launcher[@]}" >/dev/null
  fi
  echo "[sanitize] building the tests in $bdir" >&2
  cmake --build "$bdir" --parallel "$(nproc)" --target "${targets[@]}" >"$bdir/build.log" 2>&1 || {
    tail -n 40 "$bdir/build.log" >&2
    echo "[sanitize] build failed; full log: $bdir/build.log" >&2
    exit 1
  }
fi
[ "$mode" = build ] && exit 0

# Every report fails the run; leaks too (LeakSanitizer comes with ASan).
# The server under test in sync.crash is SIGKILLed on purpose, which
# sanitizers do not see, so it needs nothing special.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
regex="^($(echo "$suites" | sed 's/\./\\./g; s/,/|/g'))\$"
exec ctest --test-dir "$bdir" --output-on-failure -R "$regex"
