#!/bin/sh
# connect: an ordinary TCP connection, captured, shows the kernel's whole
# three-way handshake, the data, and the teardown; a closed port shows the RST.
. "$(dirname "$0")/test-craft-common.sh"

listen_b 8080 echo

in_a "$CLI" connect --send hello "$IP_B:8080" >"$OUT" 2>&1 || fail "connect exited $?"
expect "client → server S seq=[0-9]+ ack=0 len=0: handshake 1/3 SYN"
expect "server → client SA .*handshake 2/3 SYN-ACK"
expect "client → server A .*handshake 3/3 ACK"
expect "\[socket\] connect\(\) returned 0: ESTABLISHED"
expect "client → server PA .* len=5: data from the client"
expect "server → client PA .* len=10: data from the server"
expect "\[socket\] recv\(\): 10 bytes"
expect "server → client F.*teardown FIN from the server"
expect "client → server F.*teardown FIN from the client"
expect "teardown ACK of the client's FIN"
# The handshake comes in order: SYN before SYN-ACK before the ACK.
syn=$(grep -n "handshake 1/3" "$OUT" | cut -d: -f1)
synack=$(grep -n "handshake 2/3" "$OUT" | cut -d: -f1)
ack=$(grep -n "handshake 3/3" "$OUT" | cut -d: -f1)
[ "$syn" -lt "$synack" ] && [ "$synack" -lt "$ack" ] || fail "handshake out of order"

in_a "$CLI" connect --timeout 1 "$IP_B:8081" >"$OUT" 2>&1 && fail "connect to a closed port succeeded"
expect "handshake 1/3 SYN"
expect "RST: nothing listens on that port"
expect "connect\(\) failed: Connection refused"

in_a "$CLI" connect "$IP_B" >"$OUT" 2>&1
[ $? -eq 2 ] || fail "HOST without :PORT accepted"
expect "is not HOST:PORT"
echo "ok"
