#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fragment reassembly benchmark: does the memory the reassembly keeps stay
# bounded however many datagrams never complete?  On `lsc-gen.py fragments`
# (first fragments whose datagrams never complete, every 16th datagram
# whole) it prints the best of 3 CPU times and the peak resident memory of
# layerscope-cli -r (one pass: flat, bounded by the 8 MiB / 4096-datagram
# limits) and -r -2 (two passes: grows with the per-frame records, as
# tshark -2 does) for the full capture and a quarter of it.
#
#   bench/bench-reasm.sh [BUILD_DIR] [PACKETS]     (defaults: build 200000)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-200000}
cli="$build/src/cli/layerscope-cli"
out=bench/out
export TZ=UTC LC_ALL=C.UTF-8
[ -x "$cli" ] || { echo "bench-reasm: $cli not found (build first)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench-reasm: /usr/bin/time is not installed" >&2; exit 1; }
mkdir -p "$out"

best () {
  # best of 3: "CPU-seconds peak-KB"
  for _ in 1 2 3; do
    /usr/bin/time -f '%U %S %M' "$@" 2>&1 >/dev/null | tail -1
  done | awk '{ t = $1 + $2; if (NR == 1 || t < bt) bt = t; if ($3 > m) m = $3 } END { printf "%.2f %d", bt, m }'
}

printf '%-10s %-8s %10s %12s\n' packets mode cpu-s peak-MB
for k in $((n / 4)) "$n"; do
  f="$out/fragments-$k.pcap"
  [ -s "$f" ] || python3 tests/gen/lsc-gen.py fragments "$k" "$f"
  cat "$f" >/dev/null
  for mode in one-pass two-pass; do
    if [ "$mode" = one-pass ]; then r=$(best "$cli" -r "$f"); else r=$(best "$cli" -2 -r "$f"); fi
    set -- $r
    printf '%-10s %-8s %10s %12.1f\n' "$k" "$mode" "$1" "$(echo "$2 / 1024" | bc -l)"
  done
done
