#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# lab-record.sh OUTDIR — record the conversation lab from real kernels.
#
# Two network namespaces joined by one veth pair, nothing else:
#   A  198.18.0.1/24 fd00::1/64 (veth c0)  ────  (veth d0) 198.18.0.2/24 fd00::2/64  B
# A real TCP server/client (tests/netns/test-conv-peer.py), ping, arping, a
# tiny DNS responder and python3 -m http.server run through the kernels while
# tcpdump records in namespace A.  Writes OUTDIR/*.pcapng:
#   handshake-teardown  normal open / data / close (four-way teardown)
#   three-segment-close the passive closer's FIN carries its ACK
#   server-closes-first the server closes first
#   simultaneous-close  both FINs cross (each end drops the other's first FIN)
#   rst-abort           SO_LINGER 0: RST instead of FIN
#   closed-port         connect() to a port nobody listens on
#   midstream           the recording starts after the handshake
#   ping                answered pings, then two whose replies B drops (nft), one over IPv6
#   arp                 request/reply, a host that is not there, gratuitous ARP, an IP conflict
#   dns                 one query and its answer over UDP
#   http                GET / to python3 -m http.server on port 80
#   classroom           a mix: ARP, ping, DNS, HTTP over TCP with handshake and teardown
# Needs root (exit 77 otherwise).  Names carry the PID; the trap deletes the
# namespaces however the script ends; every wait is bounded.
set -u

OUTDIR=${1:?usage: lab-record.sh OUTDIR}
HERE=$(cd "$(dirname "$0")" && pwd)
PEER="$HERE/test-conv-peer.py"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: lab-record.sh needs root to create network namespaces"
  exit 77
fi
for tool in ip tcpdump python3 timeout nft ping arping editcap; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed"
    exit 77
  fi
done

NS_A=lsc-lab$$-a
NS_B=lsc-lab$$-b
WORK=$(mktemp -d)
BG=
mkdir -p "$OUTDIR"

cleanup () {
  for pid in $BG; do kill "$pid" 2>/dev/null; done
  ip netns delete "$NS_A" 2>/dev/null
  ip netns delete "$NS_B" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

die () { echo "lab-record: $*" >&2; exit 1; }

in_a () { timeout 30 ip netns exec "$NS_A" "$@"; }
in_b () { timeout 30 ip netns exec "$NS_B" "$@"; }

# wait_for FILE PATTERN SECONDS
wait_for () {
  local i=0
  while [ $i -lt $(($3 * 20)) ]; do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
    i=$((i + 1))
  done
  return 1
}

ip netns add "$NS_A" || die "cannot create $NS_A"
ip netns add "$NS_B" || die "cannot create $NS_B"
ip -n "$NS_A" link add c0 type veth peer name d0 netns "$NS_B" || die "cannot create the veth pair"
for ns in "$NS_A" "$NS_B"; do
  ip -n "$ns" link set lo up
  # Fewer unsolicited IPv6 messages in the recordings.
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0
done
ip -n "$NS_A" link set c0 address 02:00:00:00:00:01 up
ip -n "$NS_B" link set d0 address 02:00:00:00:00:02 up
ip -n "$NS_A" addr add 198.18.0.1/24 dev c0
ip -n "$NS_B" addr add 198.18.0.2/24 dev d0
ip -n "$NS_A" addr add fd00::1/64 dev c0 nodad
ip -n "$NS_B" addr add fd00::2/64 dev d0 nodad
sleep 1

CAP_PID=
# start NAME: record c0 in A until stop
start () {
  ip -n "$NS_A" neigh flush dev c0
  ip -n "$NS_B" neigh flush dev d0
  : > "$WORK/$1.log"
  timeout 60 ip netns exec "$NS_A" tcpdump -i c0 -n -U --immediate-mode -w "$WORK/$1.pcap" 2> "$WORK/$1.log" &
  CAP_PID=$!
  BG="$BG $CAP_PID"
  wait_for "$WORK/$1.log" "listening on" 10 || die "tcpdump did not start for $1"
  sleep 0.2
}
# stop NAME: flush and convert to pcapng
stop () {
  sleep 0.5
  kill -INT "$CAP_PID" 2>/dev/null
  wait "$CAP_PID" 2>/dev/null
  editcap -F pcapng "$WORK/$1.pcap" "$OUTDIR/$1.pcapng" || die "editcap failed for $1"
  local got seen
  got=$(grep -o "^[0-9]* packets captured" "$WORK/$1.log" | cut -d' ' -f1)
  seen=$(grep -o "^[0-9]* packets received by filter" "$WORK/$1.log" | cut -d' ' -f1)
  [ -n "$got" ] && [ "$got" = "$seen" ] || die "$1: tcpdump kept $got of $seen packets"
  echo "$1: $got packets"
}

# tcp_run MODE PORT [GO_AT]: one server, one client
tcp_run () {
  : > "$WORK/srv.out"
  in_b python3 "$PEER" server "$1" "$2" ${3:-} > "$WORK/srv.out" 2>&1 &
  local spid=$!
  BG="$BG $spid"
  wait_for "$WORK/srv.out" listening 10 || die "server did not start ($1)"
  in_a python3 "$PEER" client "$1" 198.18.0.2 "$2" ${3:-} > "$WORK/cli.out" 2>&1 || die "client failed ($1): $(cat "$WORK/cli.out")"
  wait "$spid" 2>/dev/null
}

# Warm the neighbour caches outside the recordings where ARP is not the point.
warm () { in_a ping -c 1 -W 2 198.18.0.2 > /dev/null; }

start handshake-teardown; warm; sleep 0.2; tcp_run normal 5000; sleep 0.3; stop handshake-teardown
start three-segment-close; warm; tcp_run three 5001; stop three-segment-close
start server-closes-first; warm; tcp_run server-first 5002; stop server-closes-first

# Simultaneous close: both close at GO; each end drops the other's first FIN
# (after tcpdump in A has seen it) so neither FIN acknowledges the other, then
# the retransmissions get through.
start simultaneous-close
warm
for ns in "$NS_A" "$NS_B"; do
  timeout 10 ip netns exec "$ns" nft add table inet lsclab
  timeout 10 ip netns exec "$ns" nft add chain inet lsclab in '{ type filter hook input priority 0; }'
  timeout 10 ip netns exec "$ns" nft add rule inet lsclab in tcp dport '{ 5003, 1024-65535 }' tcp flags '& fin == fin' counter drop
done
GO=$(python3 -c 'import time; print(time.time() + 1.0)')
tcp_run simultaneous 5003 "$GO" &
RUN=$!
# Let the FINs through again once each end has dropped one (at most 10 s).
dropped () { timeout 10 ip netns exec "$1" nft list chain inet lsclab in | grep -q 'packets [1-9]'; }
for i in $(seq 1 100); do
  dropped "$NS_A" && dropped "$NS_B" && break
  sleep 0.1
done
in_a nft delete table inet lsclab
in_b nft delete table inet lsclab
wait $RUN
sleep 1.5
stop simultaneous-close

# Mid-stream: the handshake happens before the recording starts.
warm
: > "$WORK/srv.out"
in_b python3 "$PEER" server late 5005 > "$WORK/srv.out" 2>&1 &
SPID=$!; BG="$BG $SPID"
wait_for "$WORK/srv.out" listening 10 || die "server did not start (late)"
in_a python3 "$PEER" client late 198.18.0.2 5005 > "$WORK/cli.out" 2>&1 &
CPID=$!; BG="$BG $CPID"
sleep 0.4
start midstream
wait $CPID || die "client failed (late)"
wait $SPID 2>/dev/null
stop midstream

start rst-abort; warm; tcp_run rst 5004; stop rst-abort
start closed-port; warm; in_a python3 "$PEER" client refused 198.18.0.2 9 > /dev/null; stop closed-port

# Pings: three answered, two whose replies B drops, one over IPv6.
start ping
in_a ping -c 3 -i 0.2 -W 1 198.18.0.2 > /dev/null
in_b nft add table inet lsclab
in_b nft add chain inet lsclab out '{ type filter hook output priority 0; }'
in_b nft add rule inet lsclab out icmp type echo-reply drop
in_a ping -c 2 -i 0.2 -W 1 198.18.0.2 > /dev/null
in_b nft delete table inet lsclab
in_a ping -6 -c 2 -i 0.2 -W 1 fd00::2 > /dev/null
stop ping

# ARP: a request answered, a host that is not there, B announcing itself,
# then B claiming A's address (a conflict).
start arp
in_a arping -c 1 -w 2 -i c0 198.18.0.2 > /dev/null
in_a arping -c 2 -w 3 -i c0 198.18.0.9 > /dev/null
in_b arping -U -c 1 -w 1 -i d0 -S 198.18.0.2 198.18.0.2 > /dev/null
in_b arping -U -c 1 -w 1 -i d0 -S 198.18.0.1 198.18.0.1 > /dev/null
stop arp

start dns
warm
in_b python3 "$PEER" dns-server 53 > "$WORK/dns.out" 2>&1 &
DPID=$!; BG="$BG $DPID"
wait_for "$WORK/dns.out" listening 10 || die "DNS responder did not start"
in_a python3 "$PEER" dns-query 198.18.0.2 53 www.lab.test > /dev/null || die "DNS query failed"
wait $DPID 2>/dev/null
stop dns

http_get () {
  in_a python3 -c 'import urllib.request,sys; sys.stdout.write(urllib.request.urlopen("http://198.18.0.2/", timeout=10).read(80).decode())' > "$WORK/get.out" 2>&1 ||
    die "HTTP GET failed: $(cat "$WORK/get.out" "$WORK/http.out")"
}
mkdir -p "$WORK/www"
printf '<html><body>Hello from the lab</body></html>\n' > "$WORK/www/index.html"
(cd "$WORK/www" && exec timeout 60 ip netns exec "$NS_B" python3 -m http.server 80 --bind 198.18.0.2) > "$WORK/http.out" 2>&1 &
HPID=$!; BG="$BG $HPID"
for i in $(seq 1 50); do in_a python3 -c 'import socket; socket.create_connection(("198.18.0.2", 80), 0.2).close()' 2>/dev/null && break; sleep 0.1; done

start http; warm; http_get; stop http

# The classroom mix: fresh neighbour caches, so ARP comes first.
start classroom
in_a ping -c 2 -i 0.3 -W 1 198.18.0.2 > /dev/null
in_b python3 "$PEER" dns-server 53 > "$WORK/dns2.out" 2>&1 &
DPID=$!; BG="$BG $DPID"
wait_for "$WORK/dns2.out" listening 10 || die "DNS responder did not start"
in_a python3 "$PEER" dns-query 198.18.0.2 53 server.lab.test > /dev/null
wait $DPID 2>/dev/null
http_get
sleep 0.3
stop classroom

kill "$HPID" 2>/dev/null
echo "recorded into $OUTDIR"
