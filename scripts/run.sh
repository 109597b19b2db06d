#!/usr/bin/env bash
# README command 1: install what is missing, build, seed the demo data (bases
# and demo accounts) into an embedded SQLite database (data/zhixing.db) and
# start zhixing-server, which serves the API and the web client and prints its URL.
#   HOST / PORT choose the address (default 127.0.0.1:8080).
# Each step says what it does on stderr ([deps] …, [build] …); a first build
# takes minutes, a second run with nothing to build a few seconds.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for arg in "$@"; do
  case $arg in
    -h|--help)
      cat <<'EOF'
Usage: ./scripts/run.sh

Installs what is missing (scripts/deps.sh), builds (scripts/build.sh --progress),
seeds the demo bases and accounts into data/zhixing.db and starts zhixing-server,
which serves the API and the web client and prints its URL. Stop with Ctrl-C.

Environment:
  HOST          address to listen on (default: 127.0.0.1)
  PORT          port to listen on (default: 8080)
  ZX_BUILD_DIR  build folder (default: build)

Options:
  -h, --help    print this help and exit
EOF
      exit 0 ;;
    *) echo "scripts/run.sh: unknown argument $arg; try --help" >&2; exit 2 ;;
  esac
done
"$here/scripts/deps.sh"
"$here/scripts/build.sh" --progress
build=${ZX_BUILD_DIR:-$here/build}
mkdir -p "$here/data"
echo
echo "  Web client:     http://${HOST:-127.0.0.1}:${PORT:-8080}"
echo "  Desktop client: $build/bin/zhixing --server http://${HOST:-127.0.0.1}:${PORT:-8080}"
echo "  Stop with Ctrl-C."
echo
exec "$build/bin/zhixing-server" --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}" \
  --db "$here/data/zhixing.db" --seed "$here/assets/demo/bases.tsv" \
  --seed-accounts "$here/assets/demo/accounts.json" --web "$build/web"
