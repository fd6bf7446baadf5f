#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The craft session and connect objects (test-craft-session.c) against a
# real peer kernel: B listens on TCP 8080, echoes UDP on 7007, and connects
# to A:9000 once the program says it listens there.
TEST_BIN=$2
. "$(dirname "$0")/test-craft-common.sh"
[ -x "$TEST_BIN" ] || { echo "FAIL: $TEST_BIN not found"; exit 1; }
READY=$(mktemp -u)
test_cleanup () { rm -f "$READY"; }

ip -n "$NS_A" route add 198.18.99.0/24 via "$IP_B" dev a0 table 100
ip -n "$NS_A" rule add to 198.18.99.0/24 lookup 100
listen_b 8080 idle
in_b python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 7007))
s.settimeout(30)
for _ in range(10):
    d, peer = s.recvfrom(100)
    s.sendto(d.upper(), peer)
' >/dev/null 2>&1 &
# The client for the listen test: waits (at most 30 s) for the ready file.
in_b sh -c '
for i in $(seq 300); do [ -e "$1" ] && break; sleep 0.1; done
python3 -c "
import socket
c = socket.create_connection((\"$2\", 9000), timeout=10)
c.sendall(b\"hi\")
c.recv(100)
c.close()
"' sh "$READY" "$IP_A" >/dev/null 2>&1 &
i=0
while ! ip netns exec "$NS_B" ss -lun 2>/dev/null | grep -q ':7007 '; do
  i=$((i + 1)); [ $i -gt 50 ] && fail "UDP service did not start"; sleep 0.1
done
LSC_LISTEN_READY=$READY in_a "$TEST_BIN"
