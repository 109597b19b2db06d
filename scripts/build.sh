#!/usr/bin/env bash
# Configures and builds everything (server, desktop client, web client, tests)
# into build/ — or $ZX_BUILD_DIR. Safe to run repeatedly: CMake rebuilds only
# what changed.
#
#   scripts/build.sh              CMake's own output on stdout (scripts/test.sh: CI's log)
#   scripts/build.sh --progress   a few lines on stderr instead: each long step by
#                                 name and a percentage; the full output goes to
#                                 build/build.log, whose end is shown if the build
#                                 fails (scripts/run.sh). Nothing to build: one line.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<'EOF'
Usage: scripts/build.sh [--progress]

Configures (the first time) and builds everything into build/ ($ZX_BUILD_DIR):
server, desktop client, WebAssembly client, tests, benchmarks.

Options:
  --progress  show progress on stderr (each long step, a percentage) and keep
              CMake's output in build/build.log, shown in part on failure
              (default: CMake's output on stdout)
  -h, --help  print this help and exit
EOF
}
progress=0
for arg in "$@"; do
  case $arg in
    --progress) progress=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "scripts/build.sh: unknown argument $arg; try --help" >&2; exit 2 ;;
  esac
done

source "$here/scripts/env.sh"
build=${ZX_BUILD_DIR:-$here/build}
jobs=$(nproc)

if [ "$progress" = 0 ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  echo "[build] building in $build with $jobs jobs" >&2
  exec cmake --build "$build" --parallel "$jobs"
fi

# --- --progress ------------------------------------------------------------------
log="$build/build.log"
mkdir -p "$build"
: >"$log"
tty=0
cols=80
if [ -t 2 ]; then
  tty=1
  cols=$(tput cols 2>/dev/null || echo 80)
fi
start=$SECONDS

say() {  # a permanent line, replacing the updating one on a terminal
  if [ "$tty" = 1 ]; then printf '\r\033[K' >&2; fi
  printf '[build] %s\n' "$*" >&2
}

elapsed() {
  local s=$(($SECONDS - $1))
  if [ "$s" -ge 60 ]; then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# Shows the first error (when it is above the end) and the end of the log,
# says where the whole of it is, and exits 1.
fail() {
  local total first
  total=$(wc -l <"$log")
  first=$(grep -n -m1 -E 'error:|CMake Error|Error [0-9]+$' "$log" | cut -d: -f1 || true)
  if [ -n "$first" ] && [ "$first" -le $((total - 40)) ]; then
    say "$1 failed; the first error in the log:"
    sed -n "${first},$((first + 9))p" "$log" | sed 's/^/    /' >&2
    say "and the last lines of the log:"
  else
    say "$1 failed; the last lines of the log:"
  fi
  tail -n 40 "$log" | sed 's/^/    /' >&2
  say "full log: $log"
  exit 1
}

# Announced once, when the first part that has work to do starts working.
announced="$build/.build-announced"
rm -f "$announced"
announce() {
  if [ ! -f "$announced" ]; then
    touch "$announced"
    say "building in $build with $jobs jobs (full log: $log)"
  fi
}

# filter LABEL WEB INTRO: reads CMake's build output, appends it to the log, shows
# progress. CMake's Makefiles print "[ 42%] Building CXX object …": the
# percentage of the build in progress. The WebAssembly client is an
# ExternalProject whose own make prints its own percentages between
# "Performing build step for 'zx_web'" and "Completed 'zx_web'"; in the web
# part (WEB=1) those are the ones shown, in the other part they are skipped.
# Lines of steps that are not compiling or linking (the font subsetting, the
# outlines, the web root) are shown as they are. Until something is compiled,
# linked or generated, nothing is shown, so an up-to-date build stays silent;
# the file $build/.build-worked says whether anything was. INTRO is said then.
filter() {
  local label=$1 web=$2 intro=$3 in_web=0 worked=0 pct=0 decade=0 file="" line p msg counts
  start_work() {
    if [ "$worked" = 0 ]; then
      announce
      worked=1
      say "$intro"
    fi
  }
  rm -f "$build/.build-worked"
  exec 3>>"$log"
  while IFS= read -r line; do
    printf '%s\n' "$line" >&3
    [[ $line =~ ^\[\ *([0-9]+)%\]\ (.*)$ ]] || continue
    p=$((10#${BASH_REMATCH[1]}))
    msg=${BASH_REMATCH[2]}
    case $msg in
      "Performing build step for 'zx_web'") in_web=1; continue ;;
      "Completed 'zx_web'") in_web=0; continue ;;
      "Performing configure step for 'zx_web'")
        start_work; say "WebAssembly client: configuring the Emscripten sub-build"; continue ;;
      *"step for 'zx_web'"|"Creating directories for 'zx_web'") continue ;;
    esac
    # Whose percentage is it: the part's own (native), or the sub-build's (web)?
    counts=0
    if [ "$web" = 1 ] && [ "$in_web" = 1 ]; then counts=1; fi
    if [ "$web" = 0 ] && [ "$in_web" = 0 ]; then counts=1; fi
    case $msg in
      "Built target "*) ;;
      "Building "*" object "*|"Linking "*)
        start_work
        file=${msg##* }       # "…/http.cpp.o", "bin/zhixing-server", "libzx_shared.a"
        file=${file##*/}
        file=${file%.o}
        ;;
      *)  # a custom step, named by its CMake COMMENT
        start_work
        say "$msg"
        ;;
    esac
    if [ "$counts" = 1 ] && [ "$p" -gt "$pct" ]; then pct=$p; fi
    [ "$worked" = 1 ] || continue
    if [ "$tty" = 1 ]; then
      # One updating line, cut to the terminal's width so that \r can redraw it.
      line=$(printf '[build] %s %3d%%  %s' "$label" "$pct" "$file")
      printf '\r\033[K%s' "${line:0:cols-1}" >&2
    elif [ $((pct / 10)) -gt "$decade" ]; then
      decade=$((pct / 10))
      printf '[build] %s %3d%%\n' "$label" $((decade * 10)) >&2
    fi
  done
  exec 3>&-
  if [ "$worked" = 1 ]; then touch "$build/.build-worked"; fi
}

# part LABEL WEB INTRO [--target T]: one cmake --build, through the filter.
part() {
  local label=$1 web=$2 intro=$3 t0=$SECONDS
  shift 3
  local status=0
  cmake --build "$build" --parallel "$jobs" "$@" 2>&1 | filter "$label" "$web" "$intro" || status=$?
  [ "$status" = 0 ] || fail "$label"
  if [ -f "$build/.build-worked" ]; then say "$label: done in $(elapsed "$t0")"; fi
}

if [ ! -f "$build/CMakeCache.txt" ]; then
  say "configuring $build (CMake, first time only)"
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >>"$log" 2>&1 || fail "configuring"
fi
# The web client first, on its own, so that the sub-build's percentages are
# the only ones printed meanwhile; then everything else (where the web client
# is up to date and takes a second).
if grep -q '^ZX_BUILD_WEB:BOOL=ON' "$build/CMakeCache.txt"; then
  part "WebAssembly client" 1 \
    "WebAssembly client: the Emscripten sub-build (the longest step: minutes on a first build)" --target zx_web
fi
part "native build" 0 "native build: server, desktop client, tests and benchmarks"
if [ -f "$announced" ]; then
  say "built in $(elapsed "$start")"
else
  say "up to date ($build)"
fi
rm -f "$announced" "$build/.build-worked"
