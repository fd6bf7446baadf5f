#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# connect: an ordinary TCP connection, captured, shows the kernel's whole
# three-way handshake, the data, and the teardown; a closed port shows the RST.
. "$(dirname "$0")/test-craft-common.sh"

listen_b 8080 echo

in_a "$CLI" connect --send hello "$IP_B:8080" >"$OUT" 2>&1 || fail "connect exited $?"
expect "\[SYN\].*handshake 1/3 SYN"
expect "client → server: handshake 1/3 SYN — connect\(\) sends .* \(client SYN-SENT, server SYN-RECEIVED\)"
expect "server → client: handshake 2/3 SYN-ACK — the server's kernel answers"
expect "client → server: handshake 3/3 ACK — connect\(\) returns.*\(client ESTABLISHED, server ESTABLISHED\)"
expect "\[socket\] connect\(\) returned 0: ESTABLISHED"
expect "Len=5 .*· data"
expect "client → server: data — send\(\)"
expect "Len=10 .*· data"
expect "server → client: data — the server's send\(\)"
expect "\[socket\] recv\(\): 10 bytes"
expect "server → client: teardown 1/4 FIN — the server closed its side first"
# The client ACKs the server's FIN together with its own FIN, or (delayed ACK) just before it.
expect "client → server: teardown (2\+3/4 FIN\+ACK \(three-segment close\)|3/4 FIN) — close\(\)"
expect "server → client: teardown 4/4 ACK \(client CLOSED, server TIME-WAIT\)"
expect "^--- 1[01] segments of this connection seen ---"
# The handshake comes in order: SYN before SYN-ACK before the ACK.
syn=$(grep -n "handshake 1/3 SYN —" "$OUT" | cut -d: -f1)
synack=$(grep -n "handshake 2/3 SYN-ACK —" "$OUT" | cut -d: -f1)
ack=$(grep -n "handshake 3/3 ACK —" "$OUT" | cut -d: -f1)
[ "$syn" -lt "$synack" ] && [ "$synack" -lt "$ack" ] || fail "handshake out of order"

in_a "$CLI" connect --timeout 1 "$IP_B:8081" >"$OUT" 2>&1 && fail "connect to a closed port succeeded"
expect "handshake 1/3 SYN"
expect "RST: connection refused \(closed port\) — nothing listens on that port"
expect "connect\(\) failed: Connection refused"

in_a "$CLI" connect "$IP_B" >"$OUT" 2>&1
[ $? -eq 2 ] || fail "HOST without :PORT accepted"
expect "is not HOST:PORT"
echo "ok"
