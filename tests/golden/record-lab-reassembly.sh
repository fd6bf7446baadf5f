#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# record-lab-reassembly.sh OUT.pcapng — record fragmentation and HTTP over
# several segments from real kernels, for the golden corpus.
#
# Two network namespaces joined by one veth pair with a 1500-byte MTU:
#   A  198.18.120.1/24 fd00:120::1/64 (veth c0)  ────  (veth d0) 198.18.120.2/24 fd00:120::2/64  B
# GSO is limited to one segment per packet on both ends, so the recording
# shows the segments a real wire carries.  tcpdump records in A while A runs
# `ping -s 3000` to B over IPv4 and IPv6, sends one 3000-byte UDP datagram
# each way of IPv4 and IPv6, and fetches a 6000-byte page from
# python3 -m http.server in B.  Needs root (exit 77 otherwise); names carry
# the PID, the trap deletes the namespaces, every wait is bounded.
set -u
out=${1:?usage: record-lab-reassembly.sh OUT.pcapng}
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root to create network namespaces"
  exit 77
fi
for tool in ip tcpdump python3 timeout ping curl; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
A=lsc-reasm$$-a
B=lsc-reasm$$-b
work=$(mktemp -d)
bg=
cleanup () {
  for pid in $bg; do kill "$pid" 2>/dev/null; done
  ip netns delete "$A" 2>/dev/null
  ip netns delete "$B" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
die () { echo "record-lab-reassembly: $*" >&2; exit 1; }

ip netns add "$A" && ip netns add "$B" || die "cannot create the namespaces"
ip -n "$A" link add c0 type veth peer name d0 netns "$B" || die "cannot create the veth pair"
for ns in "$A" "$B"; do
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0
done
ip -n "$A" link set c0 address 02:00:00:00:78:01 mtu 1500 gso_max_segs 1 up
ip -n "$B" link set d0 address 02:00:00:00:78:02 mtu 1500 gso_max_segs 1 up
ip -n "$A" addr add 198.18.120.1/24 dev c0
ip -n "$B" addr add 198.18.120.2/24 dev d0
ip -n "$A" addr add fd00:120::1/64 dev c0 nodad
ip -n "$B" addr add fd00:120::2/64 dev d0 nodad

python3 -c "import sys; sys.stdout.write(''.join('<p>Path MTU 1500: line %04d of the lesson page</p>\n' % i for i in range(120))[:6000])" \
  >"$work/lesson.html"
(cd "$work" && exec timeout 30 ip netns exec "$B" python3 -m http.server 80 --bind 198.18.120.2) >/dev/null 2>&1 &
bg="$bg $!"
timeout 30 ip netns exec "$A" tcpdump -i c0 -U -w "$work/rec.pcapng" --time-stamp-precision=micro \
  'not icmp6 or (ip6[40] != 143 and ip6[40] != 135 and ip6[40] != 136)' >"$work/tcpdump.log" 2>&1 &
bg="$bg $!"
i=0
while ! grep -q "listening" "$work/tcpdump.log" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 100 ] || die "tcpdump did not start"; sleep 0.05
done
i=0
while ! ip netns exec "$B" python3 -c "import socket; socket.create_connection(('198.18.120.2', 80), 0.2)" 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 100 ] || die "the web server did not start"; sleep 0.05
done
# Neighbours first, so the recording starts with the lesson's traffic.
ip -n "$A" neigh replace 198.18.120.2 lladdr 02:00:00:00:78:02 dev c0
ip -n "$B" neigh replace 198.18.120.1 lladdr 02:00:00:00:78:01 dev d0
ip -n "$A" neigh replace fd00:120::2 lladdr 02:00:00:00:78:02 dev c0
ip -n "$B" neigh replace fd00:120::1 lladdr 02:00:00:00:78:01 dev d0

timeout 5 ip netns exec "$A" ping -n -c 1 -s 3000 198.18.120.2 >/dev/null || die "IPv4 ping failed"
timeout 5 ip netns exec "$A" ping -n -c 1 -s 3000 fd00:120::2 >/dev/null || die "IPv6 ping failed"
timeout 5 ip netns exec "$A" python3 -c "
import socket
for fam, dst in ((socket.AF_INET, '198.18.120.2'), (socket.AF_INET6, 'fd00:120::2')):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.sendto(bytes(i * 7 % 251 for i in range(3000)), (dst, 9))
" || die "UDP send failed"
timeout 5 ip netns exec "$A" curl -s -o "$work/got.html" http://198.18.120.2/lesson.html || die "HTTP fetch failed"
cmp -s "$work/got.html" "$work/lesson.html" || die "HTTP fetched the wrong page"
sleep 0.3
for pid in $bg; do kill "$pid" 2>/dev/null; done
wait 2>/dev/null
bg=
cp "$work/rec.pcapng" "$out"
echo "$out"
