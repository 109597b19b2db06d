#!/usr/bin/env bash
# The committed demo bases must be exactly what scripts/gen_demo_bases.py writes.
set -euo pipefail
root=${1:-.}
if ! diff -q <(python3 "$root/scripts/gen_demo_bases.py") "$root/assets/demo/bases.tsv" >/dev/null; then
  echo "assets/demo/bases.tsv differs from scripts/gen_demo_bases.py output; regenerate it:"
  echo "  python3 scripts/gen_demo_bases.py > assets/demo/bases.tsv"
  exit 1
fi
echo "ok: assets/demo/bases.tsv matches its generator ($(grep -vc '^#' "$root/assets/demo/bases.tsv") lines)"
