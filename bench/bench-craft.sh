#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Crafting run benchmark: does the main-loop session keep its schedule and
# stay idle between frames?  In two network namespaces joined by a veth pair
# (198.18.100.1 - 198.18.100.2, deleted at the end) it times
#   fast   ping -c 200 --interval 0.01   (wall time against the 1.99 s schedule, RTTs)
#   slow   ping -c 4 --interval 1        (CPU seconds while it mostly waits)
#   tcp    tcp -c 50 --interval 0.01 to a listening port (each SYN-ACK and our RST paired)
# for each layerscope-cli given (e.g. a build of main and this one), best of 3.
#
#   sudo bench/bench-craft.sh CLI [CLI ...]
set -eu
[ "$(id -u)" -eq 0 ] || { echo "bench-craft: needs root (network namespaces)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench-craft: /usr/bin/time is not installed" >&2; exit 1; }
[ $# -ge 1 ] || { echo "usage: bench-craft.sh CLI [CLI ...]" >&2; exit 2; }
A=lsc-bc$$-a
B=lsc-bc$$-b
out=$(mktemp)
cleanup () {
  for pid in $(ip netns pids "$B" 2>/dev/null); do kill "$pid" 2>/dev/null; done
  ip netns delete "$A" 2>/dev/null || true
  ip netns delete "$B" 2>/dev/null || true
  rm -f "$out"
}
trap cleanup EXIT INT TERM
ip netns add "$A"
ip netns add "$B"
ip -n "$A" link add a0 type veth peer name b0 netns "$B"
ip -n "$A" link set a0 up
ip -n "$B" link set b0 up
ip -n "$A" addr add 198.18.100.1/24 dev a0
ip -n "$B" addr add 198.18.100.2/24 dev b0
timeout 120 ip netns exec "$B" python3 -c '
import socket, time
s = socket.socket(); s.bind(("0.0.0.0", 8080)); s.listen(64); time.sleep(110)' &
sleep 0.5

# one CLI ARGS...: prints "wall cpu rtt-line" of the best (lowest wall) of 3 runs
best () {
  cli=$1; shift
  bestw=
  for i in 1 2 3; do
    ip netns exec "$A" /usr/bin/time -f "%e %U %S" -o "$out.t" "$cli" "$@" >"$out" 2>&1 || true
    read -r w u s <"$out.t"
    cpu=$(echo "$u + $s" | bc)
    rtt=$(grep -E "^rtt" "$out" | sed 's/rtt min\/avg\/max = //')
    got=$(grep -E "received" "$out" | cut -d, -f2)
    if [ -z "$bestw" ] || [ "$(echo "$w < $bestw" | bc)" -eq 1 ]; then bestw=$w; bestc=$cpu; bestr="$rtt"; bestg="$got"; fi
  done
  printf "%-6s wall %5.2f s  cpu %5.2f s  %-14s rtt %s\n" "$label" "$bestw" "$bestc" "$bestg" "$bestr"
}
for cli in "$@"; do
  echo "== $cli"
  label=fast best "$cli" ping -c 200 --interval 0.01 --timeout 1 198.18.100.2
  label=slow best "$cli" ping -c 4 --interval 1 --timeout 1 198.18.100.2
  label=tcp best "$cli" tcp -c 50 --interval 0.01 --timeout 1 --dport 8080 198.18.100.2
done
