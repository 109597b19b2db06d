#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/fuzz_<name>.cpp) with Debian's clang into
# their own build folder, and runs them. The everyday build uses gcc and no
# instrumentation, so the fuzz build cannot share it.
#
#   scripts/fuzz.sh                          every target, 1,000,000 runs each
#   scripts/fuzz.sh --target push --runs 1e7 one target, longer
#   scripts/fuzz.sh --replay                 every seed and kept crasher once (a regression test)
#
# Each run starts from the seeds in fuzz/corpus/<name>/ plus what earlier runs
# found (kept in BUILD/work/corpus/<name>/, never in the repository), and
# writes what crashes a target to BUILD/work/crashes/<name>/. A crasher that
# has been fixed is copied to fuzz/crashes/<name>/, where --replay runs it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
  cat <<'EOF'
Usage: scripts/fuzz.sh [options]

Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) into
build-fuzz/ ($ZX_FUZZ_BUILD_DIR) and runs each, printing per target the
runs, executions per second and crashes.

Options:
  --target NAMES  comma-separated targets, e.g. push,pull (default: every
                  fuzz/fuzz_*.cpp: csv, geojson, http, ics, markdown, pull, push, roster)
  --runs N        iterations per target (default: 1000000)
  --jobs N        targets fuzzed at the same time (default: 1)
  --seed N        libFuzzer's random seed, for a repeatable run (default: 0,
                  a new seed each run)
  --timeout S     an input running longer than S seconds is a finding
                  (default: 60; 0: no limit, as the CTest runs use)
  --fresh         start from the repository's seeds only, not from what
                  earlier runs found (the CTest runs use it)
  --replay        run every file of fuzz/corpus/<name>/ and fuzz/crashes/<name>/
                  once instead of fuzzing
  --build-only    build, then stop
  --no-build      do not build (the targets must be built already)
  --work DIR      corpus and crash folders (default: BUILD/work)
  -h, --help      print this help and exit

Crashes are written to WORK/crashes/<name>/ (printed at the end); rerun one
with BUILD/bin/fuzz_<name> FILE. Exit code 1 if any target crashed.
EOF
}

die() { echo "scripts/fuzz.sh: $*; try --help" >&2; exit 2; }
number() {  # number OPTION VALUE [MIN]: a whole number, at least MIN
  [[ $2 =~ ^[0-9]+$ ]] || die "$1 needs a whole number, not '$2'"
  [ "$2" -ge "${3:-0}" ] || die "$1 must be at least ${3:-0}, not $2"
}

targets="" runs=1000000 jobs=1 seed=0 timeout=60 fresh=0 mode=fuzz build=1 work=""
while [ $# -gt 0 ]; do
  case $1 in
    --target|--runs|--jobs|--seed|--timeout|--work)
      [ $# -ge 2 ] || die "$1 needs a value"
      case $1 in
        --target) targets=$2 ;;
        --runs) number "$1" "$2" 1; runs=$2 ;;
        --jobs) number "$1" "$2" 1; jobs=$2 ;;
        --seed) number "$1" "$2"; seed=$2 ;;
        --timeout) number "$1" "$2"; timeout=$2 ;;
        --work) work=$2 ;;
      esac
      shift 2 ;;
    --fresh) fresh=1; shift ;;
    --replay) mode=replay; shift ;;
    --build-only) mode=build; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
done

all=$(cd "$here/fuzz" && ls fuzz_*.cpp | sed 's/^fuzz_//; s/\.cpp$//' | tr '\n' ' ')
if [ -z "$targets" ]; then
  targets=$all
else
  targets=${targets//,/ }
  for t in $targets; do
    [[ " $all " == *" $t "* ]] || die "--target: no fuzz/fuzz_$t.cpp (targets: $all)"
  done
fi

source "$here/scripts/env.sh"
bdir=${ZX_FUZZ_BUILD_DIR:-${ZX_BUILD_DIR:-$here/build}-fuzz}
work=${work:-$bdir/work}

if [ "$build" = 1 ]; then
  "$here/scripts/deps.sh"
  if [ ! -f "$bdir/CMakeCache.txt" ]; then
    echo "[fuzz] configuring $bdir (clang, libFuzzer, ASan + UBSan)" >&2
    launcher=()
    if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi
    # RelWithDebInfo: optimised as the server runs, with line numbers in
    # the sanitizers' reports.
    CC=clang-14 CXX=clang++-14 cmake -S "$here" -B "$bdir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DZX_FUZZ=ON "${launcher[@]}" >/dev/null
  fi
  echo "[fuzz] building the fuzz targets in $bdir" >&2
  cmake --build "$bdir" --parallel "$(nproc)" --target $(printf 'fuzz_%s ' $targets) >"$bdir/build.log" 2>&1 || {
    tail -n 40 "$bdir/build.log" >&2
    echo "[fuzz] build failed; full log: $bdir/build.log" >&2
    exit 1
  }
fi
[ "$mode" = build ] && exit 0

for t in $targets; do
  [ -x "$bdir/bin/fuzz_$t" ] || { echo "scripts/fuzz.sh: $bdir/bin/fuzz_$t is not built (run scripts/fuzz.sh --build-only)" >&2; exit 1; }
done

# Every report is an error, and a leak is one too; symbolized stack traces
# need llvm-symbolizer (Debian's llvm-14).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi

# --- replay: each kept input once --------------------------------------------
if [ "$mode" = replay ]; then
  status=0
  for t in $targets; do
    files=()
    for d in "$here/fuzz/corpus/$t" "$here/fuzz/crashes/$t"; do
      [ -d "$d" ] && while IFS= read -r f; do files+=("$f"); done < <(find "$d" -type f ! -name '.*' | sort)
    done
    if [ ${#files[@]} = 0 ]; then
      echo "[fuzz] $t: no seeds in fuzz/corpus/$t" >&2
      status=1
      continue
    fi
    log="$work/replay-$t.log"
    mkdir -p "$work"
    # Files given as arguments are run once each, not fuzzed.
    if "$bdir/bin/fuzz_$t" "${files[@]}" >"$log" 2>&1; then
      printf '%-9s %4d inputs replayed, no crash\n' "$t" ${#files[@]}
    else
      printf '%-9s FAILED on replay; log: %s\n' "$t" "$log"
      grep -m1 -B2 -A20 -E 'ERROR|runtime error|property broken|Running: ' "$log" | tail -n 30 || tail -n 30 "$log"
      status=1
    fi
  done
  exit $status
fi

# --- fuzz ----------------------------------------------------------------------
# run_one NAME: fuzzes one target, writes its summary line to WORK/NAME.result.
run_one() {
  local t=$1 corpus="$work/corpus/$1" crashes="$work/crashes/$1" log="$work/$1.log" args
  if [ "$fresh" = 1 ]; then rm -rf "$corpus"; fi
  mkdir -p "$corpus" "$crashes"
  local before
  # What libFuzzer writes for a finding (not its slow-unit-* notes).
  count() { find "$crashes" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l; }
  before=$(count)
  # New inputs go to the first folder (the work corpus), never into the
  # repository's seeds, which are only read.
  args=(-runs="$runs" -seed="$seed" -timeout="$timeout" -artifact_prefix="$crashes/" -print_final_stats=1)
  if [ -f "$here/fuzz/dict/$t.dict" ]; then args+=(-dict="$here/fuzz/dict/$t.dict"); fi
  local start=$SECONDS rc=0
  "$bdir/bin/fuzz_$t" "${args[@]}" "$corpus" "$here/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  local secs=$((SECONDS - start))
  local done_runs execs found
  # libFuzzer's final statistics: stat::number_of_executed_units, average_exec_per_sec.
  done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  found=$(($(count) - before))
  if [ "$rc" != 0 ] && [ "$found" = 0 ]; then found=1; fi  # a failure that left no file (killed, out of memory)
  printf '%-9s %10s %10s %7s %6ss  %s\n' "$t" "${done_runs:-?}" "${execs:-?}" "$found" "$secs" \
    "$([ "$found" = 0 ] && echo ok || echo "CRASH: $(ls -t "$crashes" | head -n1) in $crashes (log: $log)")" \
    >"$work/$t.result"
  return 0
}

mkdir -p "$work"
echo "[fuzz] $runs runs per target: $targets(logs in $work)" >&2
running=0
for t in $targets; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

printf '%-9s %10s %10s %7s %7s  %s\n' target runs exec/s crashes time result
status=0
for t in $targets; do
  cat "$work/$t.result"
  grep -q ' ok$' "$work/$t.result" || status=1
done
exit $status
