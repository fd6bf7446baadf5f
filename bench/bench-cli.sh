#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every layerscope-cli figure of the performance targets in one run, each as
# a ratio against the tool people would use instead:
#
#   summary pass (-r FILE)            vs tcpdump -nn -r FILE     PACKETS      target <= 0.3
#   -V                                vs tshark -n -V            PACKETS/10   target <= 0.2
#   -T json                           vs tshark -n -T json       PACKETS/10   target <= 0.3
#   -T json --no-json-labels (compact) vs tshark -n -T json      PACKETS/10
#   -T ek                             vs tshark -n -T ek         PACKETS/10
#   bytes of output per packet for the three JSON forms against tshark's
#   peak RSS of the summary pass, -Y and -T fields at PACKETS/10 and PACKETS
#     (target < 50 MB and within 10 MB of the smaller figure)
#   instructions (valgrind, when installed): the summary pass on one thread
#     over PACKETS/10, -V and -T json over PACKETS/100 (machine-independent,
#     for comparing builds; BENCH_INSTR=0 leaves them out)
#
#   bench/bench-cli.sh [BUILD_DIR] [PACKETS] [PAIRS]   (defaults: build 1000000 3)
#
# Each comparison runs ours and theirs alternately PAIRS times on the same
# file from the page cache, output to /dev/null, and prints the medians of
# wall and CPU (user + system) seconds and the median of the per-pair
# ratios: on a shared machine a pair sees the same load, so the pairwise
# ratio moves less than either time.  The machine's load is printed before
# and after; measure when it is low.
set -euf
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-1000000}
pairs=${3:-3}
small=$((n / 10))
tiny=$((n / 100))
cli="$build/src/cli/layerscope-cli"
out=bench/out
export TZ=UTC LC_ALL=C.UTF-8

[ -x "$cli" ] || { echo "bench-cli: $cli not found (build first: meson setup $build && ninja -C $build)" >&2; exit 1; }
for t in tcpdump tshark /usr/bin/time python3 awk; do
  command -v "$t" >/dev/null || { echo "bench-cli: $t is not installed (tools/install-deps.sh)" >&2; exit 1; }
done
mkdir -p "$out"
. bench/lib.sh  # gen N: the distinct capture, in the page cache

big=$(gen "$n")
smallf=$(gen "$small")
echo "captures: $big ($n packets), $smallf ($small packets)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo

# one CMD...: runs it with output to /dev/null; prints "WALL_NS CPU_S PEAK_KB".
one () {
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S %M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || {
    echo "bench-cli: $* failed:" >&2; cat "$out/stderr.txt" >&2; exit 1; }
  t1=$(date +%s%N)
  tail -n 1 "$out/time.txt" | awk -v w=$((t1 - t0)) '{ printf "%.0f %.2f %d\n", w, $1 + $2, $3 }'
}

# pair NAME TARGET 'OURS' 'THEIRS': PAIRS alternating runs (the command
# strings are split into words); one result line in $res.
res="$out/cli-results.txt"
: >"$res"
pair () {
  name=$1 target=$2 ours=$3 theirs=$4
  : >"$out/pairs.txt"
  i=0
  while [ "$i" -lt "$pairs" ]; do
    # shellcheck disable=SC2086  # the commands are words
    a=$(one $ours)
    # shellcheck disable=SC2086
    b=$(one $theirs)
    echo "$a $b" >>"$out/pairs.txt"
    i=$((i + 1))
  done
  awk -v name="$name" -v target="$target" '
    function med(a, k,   i, j, t) {
      for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    { k++; wa[k] = $1 / 1e9; ca[k] = $2; ma = ($3 > ma ? $3 : ma); wb[k] = $4 / 1e9; cb[k] = $5; mb = ($6 > mb ? $6 : mb)
      rw[k] = wa[k] / wb[k]; rc[k] = (cb[k] > 0 ? ca[k] / cb[k] : 0) }
    END { printf "%s|%.3f|%.3f|%.3f|%.2f|%.2f|%.3f|%.1f|%.1f|%s\n", name, med(wa, k), med(wb, k), med(rw, k),
                 med(ca, k), med(cb, k), med(rc, k), ma / 1024, mb / 1024, target }' "$out/pairs.txt" >>"$res"
}

pair "summary -r ($n) / tcpdump -nn -r" 0.3 "$cli -r $big" "tcpdump -nn -r $big"
pair "-V ($small) / tshark -n -V" 0.2 "$cli -r $smallf -V" "tshark -n -r $smallf -V"
pair "-T json ($small) / tshark -n -T json" 0.3 "$cli -r $smallf -T json" "tshark -n -r $smallf -T json"
pair "-T json --no-json-labels / tshark -T json" 0.3 "$cli -r $smallf -T json --no-json-labels" \
  "tshark -n -r $smallf -T json"
pair "-T ek ($small) / tshark -n -T ek" - "$cli -r $smallf -T ek" "tshark -n -r $smallf -T ek"

awk -F'|' '
  BEGIN { printf "%-42s %8s %8s %7s %7s %7s %7s %8s %8s  %s\n", "ours / theirs", "ours s", "theirs s", "ratio",
                 "ours c", "thrs c", "ratio", "ours MB", "thrs MB", "target (wall)" }
  { printf "%-42s %8.3f %8.3f %7.3f %7.2f %7.2f %7.3f %8.1f %8.1f  %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9,
           ($10 == "-" ? "" : "<= " $10 ($4 <= $10 ? " met" : " MISSED")) }' "$res"
echo "(s: median wall seconds; c: median CPU seconds, user + system; ratio: median of the pairs' ratios;"
echo " MB: peak resident memory; layerscope-cli decodes a file on two threads, its CPU counts both)"
echo

# Output size per packet of the JSON forms (one run each).
bytes () {
  # shellcheck disable=SC2086
  $1 2>/dev/null | wc -c
}
{
  echo "json $(bytes "$cli -r $smallf -T json") $(bytes "tshark -n -r $smallf -T json")"
  echo "compact $(bytes "$cli -r $smallf -T json --no-json-labels") $(bytes "tshark -n -r $smallf -T json")"
  echo "ek $(bytes "$cli -r $smallf -T ek") $(bytes "tshark -n -r $smallf -T ek")"
} >"$out/cli-bytes.txt"
awk -v n="$small" '
  BEGIN { printf "%-28s %12s %12s %8s\n", "output per packet", "ours", "tshark", "ratio" }
  { t[$1] = $3; name = ($1 == "json" ? "-T json" : $1 == "compact" ? "-T json --no-json-labels" : "-T ek")
    printf "%-28s %9.1f KB %9.1f KB %8.2f\n", name, $2 / n / 1024, $3 / n / 1024, $2 / $3 }
  END { printf "(against tshark -T json, except -T ek against tshark -T ek)\n" }' "$out/cli-bytes.txt"
echo

# Peak memory of the streaming modes.
peaks "$cli" "$smallf" "$big" >"$out/cli-memory.txt"
awk -v small="$small" -v n="$n" '
  { m[NR] = $3 / 1024; k[NR] = $1 }
  END {
    printf "%-12s %10s %10s %8s  target (< 50 MB, growth < 10 MB)\n", "peak RSS", small " pk", n " pk", "growth"
    for (i = 1; i <= 3; i++) {
      g = m[i + 3] - m[i]
      printf "%-12s %7.1f MB %7.1f MB %5.1f MB  %s\n", k[i], m[i], m[i + 3], g, (m[i + 3] < 50 && g < 10) ? "met" : "MISSED"
    }
  }' "$out/cli-memory.txt"
echo

if [ "${BENCH_INSTR:-1}" != 0 ] && command -v valgrind >/dev/null; then
  tinyf=$(gen "$tiny")
  instr () {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
      awk '/I *refs:/ { gsub(",", "", $NF); printf "%.1f M\n", $NF / 1e6 }'
  }
  echo "instructions (valgrind, one thread):"
  echo "  summary pass, $small packets: $(instr "$cli" --one-thread -r "$smallf")"
  echo "  -V, $tiny packets:            $(instr "$cli" --one-thread -r "$tinyf" -V)"
  echo "  -T json, $tiny packets:       $(instr "$cli" --one-thread -r "$tinyf" -T json)"
  echo
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$out/time.txt" "$out/stderr.txt" "$out/pairs.txt" "$out/rss.txt"
