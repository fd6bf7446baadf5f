#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Capture benchmark: 60-byte frames flooded across a veth pair (inside
# namespaces this script creates and deletes), captured into a file by
# layerscope-capture and by `tcpdump -w`, in alternating rounds of one run.
# Prints frames per second captured, drops, and the ratio.  Needs root.
#
#   bench/bench-capture.sh [BUILD_DIR] [FRAMES_PER_ROUND] [ROUNDS]
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
FRAMES=${2:-1000000}
ROUNDS=${3:-3}
MAX_SECONDS=8

command -v tcpdump > /dev/null || { echo "SKIP: tcpdump is not installed"; exit 77; }
set -- "$BUILD/src/cli/layerscope-cli" "$BUILD/src/helper/layerscope-capture"
. "$ROOT/tests/netns/capture-common.sh"
HERE=$ROOT/tests/netns
FILTER="ether proto 0x88b5"

# round TOOL: start TOOL capturing on d0 into a file, flood, stop it; prints
# "sent seconds captured dropped".
round () {
  rm -f "$WORK/cap.pcap" "$WORK/cap.err"
  # Not through in_b: $! must be the capture's own process to signal it.
  if [ "$1" = helper ]; then
    timeout 60 ip netns exec "$NS_B" "$HELPER" -i d0 -f "$FILTER" > "$WORK/cap.pcap" 2> "$WORK/cap.err" &
  else
    timeout 60 ip netns exec "$NS_B" tcpdump -q -i d0 -w "$WORK/cap.pcap" "$FILTER" 2> "$WORK/cap.err" &
  fi
  pid=$!
  BG_PIDS=$pid
  # Wait (bounded) until the capture is open before sending.
  sleep 1
  result=$(FLOOD_TIMING=1 flood "$NS_A" c0 $MAC_B "$FRAMES" $MAX_SECONDS)
  # tcpdump hands over a ring block after at most 1 s: wait longer than that.
  sleep 1.5
  kill -TERM $pid 2>/dev/null
  stops_within $pid 5 || kill -KILL $pid 2>/dev/null
  wait $pid 2>/dev/null
  BG_PIDS=
  if [ "$1" = helper ]; then
    dropped=$(sed -n 's/.* received, \([0-9]*\) dropped by the kernel.*/\1/p' "$WORK/cap.err")
  else
    dropped=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$WORK/cap.err")
  fi
  captured=$(python3 "$ROOT/bench/count-pcap.py" "$WORK/cap.pcap")
  cp "$WORK/cap.err" "$WORK/last-$1.err"
  echo "$result ${captured:-0} ${dropped:-?}"
}

echo "60-byte frames, up to $FRAMES per round in at most $MAX_SECONDS s, $ROUNDS rounds each"
echo "helper: layerscope-capture (16 MiB ring, 10 ms latency); tcpdump: $(tcpdump --version 2>&1 | head -1) (defaults)"
printf '%-8s %5s %9s %8s %9s %9s %12s\n' tool round sent seconds captured dropped "frames/s"
trap 'trap "" INT TERM HUP PIPE; for f in "$WORK"/last-*.err; do echo "--- $f"; cat "$f"; done; cleanup' EXIT
best_helper=0
best_tcpdump=0
r=1
while [ $r -le "$ROUNDS" ]; do
  for tool in helper tcpdump; do
    set -- $(round $tool)
    sent=$1 secs=$2 captured=$3 dropped=$4
    fps=$(awk -v c="$captured" -v s="$secs" 'BEGIN { printf "%d", (s > 0 ? c / s : 0) }')
    printf '%-8s %5d %9d %8.3f %9d %9s %12d\n' $tool $r "$sent" "$secs" "$captured" "$dropped" "$fps"
    # A round counts towards the best rate only when nothing was lost.
    if [ "$dropped" = 0 ] && [ "$captured" -eq "$sent" ]; then
      if [ $tool = helper ] && [ "$fps" -gt $best_helper ]; then best_helper=$fps; fi
      if [ $tool = tcpdump ] && [ "$fps" -gt $best_tcpdump ]; then best_tcpdump=$fps; fi
    fi
  done
  r=$((r + 1))
done
echo "best rate with zero drops: helper $best_helper frames/s, tcpdump $best_tcpdump frames/s"
awk -v h=$best_helper -v t=$best_tcpdump 'BEGIN { if (t > 0) printf "ratio helper/tcpdump: %.2f\n", h / t; else print "ratio: tcpdump never ran without drops" }'
