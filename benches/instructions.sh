#!/usr/bin/env bash
# The check against parsing alone in instructions (callgrind, one thread), which hold
# steady on a busy machine where wall-clock times do not. For each corpus: the bench
# binary generating its corpora only (the baseline subtracted from both), parsing alone
# (discovery, reading, swc, each tree freed as it goes), and the whole check as the CLI
# runs it (its trees left to process exit).
#
#   benches/instructions.sh [dense|typical|DIR]...   (default: dense typical)
#
# Needs valgrind. Builds the bench profile (release: fat LTO, a few minutes the first time).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null; then
  echo "benches/instructions.sh: valgrind is not installed; nothing measured" >&2
  exit 0
fi
bin=$(cargo bench --bench check --no-run 2>&1 | grep -o 'target/release/deps/check-[0-9a-f]*' | tail -1)
[ -x "$bin" ] || { echo "benches/instructions.sh: could not build the bench binary" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ir() {
  MSGLINT_BENCH_ONLY=$1 MSGLINT_BENCH_CORPUS=$2 \
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bin" --bench 2>&1 |
    awk '/refs:/ { gsub(",", "", $NF); print $NF }'
}
[ $# -gt 0 ] || set -- dense typical
for corpus in "$@"; do
  gen=$(ir gen "$corpus")
  parse=$(ir parse "$corpus")
  check=$(ir check "$corpus")
  awk -v c="$corpus" -v g="$gen" -v p="$parse" -v k="$check" 'BEGIN {
    printf "%s: parse %.3fG instructions, check %.3fG: %.2fx\n", c, (p - g) / 1e9, (k - g) / 1e9, (k - g) / (p - g)
  }'
done
