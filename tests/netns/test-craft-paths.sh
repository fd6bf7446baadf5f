#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The crafting commands' less travelled outputs, held as they are: a connect
# that never completes, a teardown never seen whole, the server closing
# first, -V on connect and on a ping's reply, a SYN-ACK sent again (DUP!)
# and our kernel's RST dropped by a firewall rule.
. "$(dirname "$0")/test-craft-common.sh"

# Nobody at that address: the SYN waits for ARP, connect() does not finish.
in_a "$CLI" connect --timeout 0.5 198.18.100.77:80 >"$OUT" 2>&1
[ $? -eq 1 ] || fail "connect to a missing host: expected status 1"
expect "^\[socket\] connect\(\) did not finish within 0\.5 s$"
expect "^--- 0 segments of this connection seen ---$"

# A listener that never accepts nor closes: our FIN is acknowledged, the
# teardown stays half done; -V adds each segment's layers.
listen_b 8080 idle
in_a "$CLI" connect -V --timeout 0.5 --wait 0.1 "$IP_B:8080" >"$OUT" 2>&1 || fail "connect to an idle listener exited $?"
expect "^\[socket\] close\(\): 0 bytes received in all; the kernel starts the teardown$"
expect "^\(the teardown was not seen complete within 0\.5 s\)$"
expect "client → server: teardown 1/4 FIN — close\(\): this side sends no more data"
expect "Transmission Control Protocol, Src Port: [0-9]+, Dst Port: 8080"
kill "$BG_PID" 2>/dev/null; wait "$BG_PID" 2>/dev/null

# The server answers and closes first: recv() returns 0.
listen_b 8082 echo
in_a "$CLI" connect --send ping "$IP_B:8082" >"$OUT" 2>&1 || fail "connect to the echo server exited $?"
expect "^\[socket\] send\(\): 4 bytes$"
expect "^\[socket\] recv\(\): 9 bytes$"
expect "^\[socket\] recv\(\) returned 0: the server closed its side$"
expect "^\[socket\] close\(\): 9 bytes received in all; the kernel starts the teardown$"

# -V shows each answer's summary line before the ping line.
in_a "$CLI" ping -V -c 1 "$IP_B" >"$OUT" 2>&1 || fail "ping -V exited $?"
expect "Echo \(ping\) reply"
reply=$(grep -n "Echo (ping) reply" "$OUT" | tail -1 | cut -d: -f1)
line=$(grep -n "bytes from $IP_B: icmp_seq=1" "$OUT" | cut -d: -f1)
[ "$reply" -lt "$line" ] || fail "the reply's summary should come before its ping line"

# Our kernel's RST dropped on the way out: B sends its SYN-ACK again (DUP!)
# and the run says no RST was seen.
listen_b 8083 idle
ip netns exec "$NS_A" nft -f - <<'NFT' || fail "nft failed"
table inet lsc_test {
  chain out { type filter hook output priority 0; tcp flags & rst == rst drop; }
}
NFT
in_a "$CLI" tcp --dport 8083 --sport 40100 --seq 7 --timeout 2.5 "$IP_B" >"$OUT" 2>&1 || fail "tcp exited $?"
expect "^reply SA from $IP_B:8083 seq=[0-9]+ ack=8 win=[0-9]+ mss=[0-9]+ ttl=64 time=[0-9.]+ ms$"
expect "^reply SA from $IP_B:8083 .* ms \(DUP!\)$"
expect "^\(no RST from the local kernel was seen: a firewall rule may drop it\)$"
expect "^1 sent, 1 received, 0% loss$"
echo "ok"
