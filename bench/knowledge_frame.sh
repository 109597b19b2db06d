#!/usr/bin/env bash
# The knowledge view's frame time with a 256 KB note, before and after the
# client's rework, on this machine in one run: builds zx_knowledge_bench at the
# baseline commit (the client before it: views parsing Markdown and scanning
# records every frame) in a git worktree under $ZX_CACHE, kept for next time,
# uses this checkout's build for the current client, and runs them in turn.
#
#   bench/knowledge_frame.sh [--baseline COMMIT] [--frames N] [--rounds N]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$here/scripts/env.sh"
baseline=eb12d74  # the commit that added this benchmark, before the rework
frames=300
rounds=3
usage() {
  cat <<USAGE
Usage: bench/knowledge_frame.sh [--baseline COMMIT] [--frames N] [--rounds N]
Frame time of the knowledge view with a 256 KB note (split editor and preview),
headless against a real server: the baseline client and this one, in one run.
  --baseline COMMIT  the commit measured as "before" (default: $baseline)
  --frames N         frames timed per run (default: $frames)
  --rounds N         runs of each, alternating (default: $rounds)
USAGE
}
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --baseline|--frames|--rounds)
      [ $# -ge 2 ] || { echo "knowledge_frame.sh: $1 needs a value; try --help" >&2; exit 2; }
      case "$1" in --baseline) baseline=$2 ;; --frames) frames=$2 ;; --rounds) rounds=$2 ;; esac
      shift 2 ;;
    *) echo "knowledge_frame.sh: unknown argument \"$1\"; try --help" >&2; exit 2 ;;
  esac
done
for v in "$frames" "$rounds"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "knowledge_frame.sh: \"$v\" is not a positive whole number; try --help" >&2; exit 2; }
done

build=${ZX_BUILD_DIR:-$here/build}
current="$build/bin/zx_knowledge_bench"
[ -x "$current" ] || { echo "knowledge_frame.sh: build first ($current is missing)" >&2; exit 1; }

commit=$(git -C "$here" rev-parse --short "$baseline")
wt="$ZX_CACHE/bench-baseline/$commit"
if [ ! -x "$wt/build/bin/zx_knowledge_bench" ]; then
  echo "[bench] building the baseline client at $commit (native only, once) in $wt" >&2
  rm -rf "$wt"
  mkdir -p "$(dirname "$wt")"
  git -C "$here" worktree prune
  git -C "$here" worktree add --detach "$wt/src" "$commit" >/dev/null
  ln -sfn "$here/node_modules" "$wt/src/node_modules"
  cmake -S "$wt/src" -B "$wt/build" -DCMAKE_BUILD_TYPE=Release -DZX_BUILD_WEB=OFF >/dev/null
  cmake --build "$wt/build" -j"$(nproc)" --target zx_knowledge_bench >"$wt/build.log" 2>&1 ||
    { tail -30 "$wt/build.log" >&2; exit 1; }
fi

echo "knowledge view, 256 KB note, $frames frames per run, $rounds runs each, $(nproc) cores"
mean_of() { sed -n 's/.*mean \([0-9.]*\) ms.*/\1/p'; }
before=() after=()
for ((i = 1; i <= rounds; i++)); do
  b=$("$wt/build/bin/zx_knowledge_bench" "$frames")
  a=$("$current" "$frames")
  echo "  before ($commit): $b"
  echo "  after  (HEAD):    $a"
  before+=("$(echo "$b" | mean_of)")
  after+=("$(echo "$a" | mean_of)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
mb=$(median "${before[@]}")
ma=$(median "${after[@]}")
awk -v b="$mb" -v a="$ma" 'BEGIN { printf "median of the means: before %.3f ms, after %.3f ms (%.1fx faster)\n", b, a, b / a }'
