#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Conversation analysis benchmark: does following every conversation keep the
# pass linear?  Times layerscope-cli on the generated mixed capture three ways:
#   plain          -r FILE --no-analysis     (summary lines only)
#   analysis       -r FILE                   (the default: tcp.stream, roles, states, pairing)
#   conversations  -r FILE --conversations   (the same plus the tables)
# and prints the best of 3 CPU times (user + system: steadier than wall time on
# a shared machine), the ratios to the plain pass and the peak resident memory, for the full capture and a tenth of it (linear time:
# the ratio stays the same; the per-packet records cost 16 bytes each).
#
#   bench/bench-conv.sh [BUILD_DIR] [PACKETS]     (defaults: build 1000000)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-1000000}
cli="$build/src/cli/layerscope-cli"
out=bench/out
export TZ=UTC LC_ALL=C.UTF-8
[ -x "$cli" ] || { echo "bench-conv: $cli not found (build first)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench-conv: /usr/bin/time is not installed" >&2; exit 1; }
mkdir -p "$out"

capture () {
  f="$out/mixed-$1.pcap"
  [ -s "$f" ] || python3 tests/gen/lsc-gen.py bench "$1" "$f"
  cat "$f" >/dev/null
  echo "$f"
}

# best3 FILE ARGS...: "cpu_seconds peak_kb" of the fastest of three runs
best3 () {
  f=$1; shift
  best=""; rss=0
  for i in 1 2 3; do
    /usr/bin/time -f "%U %S %M" -o "$out/conv-time.txt" "$cli" -r "$f" "$@" >/dev/null
    read -r u k m <"$out/conv-time.txt"
    s=$(awk -v u="$u" -v k="$k" 'BEGIN { print u + k }')
    best=$(awk -v a="$s" -v b="$best" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }')
    [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "$best $rss"
}

for size in "$n" $((n / 10)); do
  f=$(capture "$size")
  set -- $(best3 "$f" --no-analysis) $(best3 "$f") $(best3 "$f" --conversations)
  awk -v n="$size" -v t0="$1" -v m0="$2" -v t1="$3" -v m1="$4" -v t2="$5" -v m2="$6" 'BEGIN {
    printf "%d packets\n", n
    printf "  %-14s %8s %10s %9s\n", "pass", "CPU s", "vs plain", "peak MB"
    printf "  %-14s %8.2f %10.2f %9.1f\n", "plain", t0, 1, m0 / 1024
    printf "  %-14s %8.2f %10.2f %9.1f\n", "analysis", t1, t1 / t0, m1 / 1024
    printf "  %-14s %8.2f %10.2f %9.1f\n", "conversations", t2, t2 / t0, m2 / 1024
  }'
done
rm -f "$out/conv-time.txt"
