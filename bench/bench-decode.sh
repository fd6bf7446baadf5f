#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Decoding benchmark: layerscope-cli's summary pass against tcpdump and tshark
# on the same generated capture.  Prints median wall time of 3 runs, the ratio
# ours/theirs and peak resident memory, then our memory at a tenth of the size
# to show it stays flat in the number of packets.  CPU seconds (user + system)
# are printed too: on a busy machine they compare fairer than wall time.
#
#   bench/bench-decode.sh [BUILD_DIR] [PACKETS]     (defaults: build 1000000)
#
# The capture is the generator's distinct mix (tests/gen/lsc-gen.py distinct):
# every cycle opens new TCP connections, UDP ports, DNS ids, pings and ARP
# targets, so a pass that kept every conversation would grow with it.
# Targets: ours <= 0.3 x tcpdump, < 0.1 x tshark; peak RSS < 50 MB and
# within 10 MB of the figure at a tenth of the packets, in the summary pass,
# with -Y and with -T fields.
# layerscope-cli decodes a file on two threads: its CPU seconds are both
# threads'.  Two more rows show our pass on one thread (--one-thread) and
# without the conversation analysis (--no-analysis), to separate decoding
# from analysis cost.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-1000000}
small=$((n / 10))
cli="$build/src/cli/layerscope-cli"
out=bench/out
export TZ=UTC LC_ALL=C.UTF-8

[ -x "$cli" ] || { echo "bench-decode: $cli not found (build first: meson setup $build && ninja -C $build)" >&2; exit 1; }
for t in tcpdump tshark /usr/bin/time python3; do
  command -v "$t" >/dev/null || { echo "bench-decode: $t is not installed (tools/install-deps.sh)" >&2; exit 1; }
done
mkdir -p "$out"

. bench/lib.sh  # gen N: the distinct capture, in the page cache

# run3 NAME CMD...: prints "NAME median_wall_ns peak_rss_kb median_cpu_s"
run3 () {
  name=$1; shift
  times=""; cpus=""; rss=0
  for i in 1 2 3; do
    t0=$(date +%s%N)
    /usr/bin/time -f '%M %U %S' -o "$out/rss.txt" "$@" >/dev/null 2>"$out/stderr.txt" || {
      echo "bench-decode: $name failed:" >&2; cat "$out/stderr.txt" >&2; exit 1; }
    t1=$(date +%s%N)
    times="$times $((t1 - t0))"
    r=$(tail -n 1 "$out/rss.txt" | cut -d' ' -f1)
    cpus="$cpus $(tail -n 1 "$out/rss.txt" | awk '{printf "%.2f", $2 + $3}')"
    [ "$r" -gt "$rss" ] && rss=$r
  done
  med=$(printf '%s\n' $times | sort -n | sed -n 2p)
  cpu=$(printf '%s\n' $cpus | sort -n | sed -n 2p)
  echo "$name $med $rss $cpu"
}

big=$(gen "$n")
smallf=$(gen "$small")
size=$(wc -c <"$big")
echo "capture: $big ($n packets, $size bytes)"
echo

res="$out/results.txt"
{
  run3 layerscope "$cli" -r "$big"
  run3 one-thread "$cli" --one-thread -r "$big"
  run3 no-analysis "$cli" --no-analysis -r "$big"
  run3 tcpdump tcpdump -nn -r "$big"
  run3 tshark tshark -n -r "$big"
  run3 layerscope-small "$cli" -r "$smallf"
} >"$res"

# Peak memory of the streaming modes.
mem="$out/memory.txt"
peaks "$cli" "$smallf" "$big" >"$mem"

awk -v n="$n" -v small="$small" '
  { t[$1] = $2 / 1e9; m[$1] = $3 / 1024; c[$1] = $4 }
  END {
    printf "%-12s %9s %9s %10s %9s %10s %8s\n", "tool", "wall s", "Mpkt/s", "ours/tool", "cpu s", "ours/tool", "peak MB"
    split("layerscope tcpdump tshark one-thread no-analysis", order, " ")
    for (i = 1; i <= 5; i++) {
      k = order[i]
      printf "%-12s %9.3f %9.3f %10.3f %9.2f %10.3f %8.1f\n", k, t[k], n / t[k] / 1e6, t["layerscope"] / t[k],
             c[k], (c[k] > 0 ? c["layerscope"] / c[k] : 0), m[k]
    }
    printf "(cpu s: user + system seconds, the fairer comparison when the machine is busy)\n"
    printf "(layerscope decodes on two threads: its cpu s counts both)\n"
    printf "(one-thread: layerscope-cli --one-thread, decoding on the main thread only)\n"
    printf "(no-analysis: layerscope-cli --no-analysis, without the conversation analysis)\n"
    ok1 = t["layerscope"] <= 0.3 * t["tcpdump"]
    ok2 = t["layerscope"] < 0.1 * t["tshark"]
    printf "targets: <= 0.3 x tcpdump %s, < 0.1 x tshark %s\n", ok1 ? "met" : "MISSED", ok2 ? "met" : "MISSED"
    printf "(tcpdump peak %.1f MB, tshark peak %.1f MB)\n", m["tcpdump"], m["tshark"]
  }' "$res"
echo
awk -v n="$n" -v small="$small" -v smallf="$smallf" -v tsh="$(awk '$1 == "tshark" { print $3 }' "$res")" '
  { k = ($2 == smallf) ? "small" : "big"; m[$1, k] = $3 / 1024; if (!($1 in seen)) { seen[$1] = 1; order[++o] = $1 } }
  END {
    printf "peak RSS      %9s %9s %8s %12s  target (< 50 MB, growth < 10 MB)\n", small " pk", n " pk", "growth", "ours/tshark"
    for (i = 1; i <= o; i++) {
      k = order[i]; g = m[k, "big"] - m[k, "small"]
      printf "%-12s %8.1f MB %8.1f MB %5.1f MB %12.3f  %s\n", k, m[k, "small"], m[k, "big"], g,
             m[k, "big"] / (tsh / 1024), (m[k, "big"] < 50 && g < 10) ? "met" : "MISSED"
    }
    printf "(ours/tshark: against tshark -n -r on the same %d packets)\n", n
  }' "$mem"
rm -f "$out/rss.txt" "$out/stderr.txt"
