#!/usr/bin/env bash
# README command 1: install what is missing, build, seed the demo data (bases
# and demo accounts) into an embedded SQLite database (data/zhixing.db) and
# start zhixing-server, which serves the API and the web client and prints its URL.
#   HOST / PORT choose the address (default 127.0.0.1:8080).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/deps.sh"
"$here/scripts/build.sh" >/dev/null
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
