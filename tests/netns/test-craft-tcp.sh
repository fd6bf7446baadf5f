#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A crafted SYN to a listening port gets the SYN-ACK, and this machine's
# kernel resets the connection it never opened; a closed port answers RST;
# a UDP datagram to a closed port brings back ICMP port unreachable.
. "$(dirname "$0")/test-craft-common.sh"

listen_b 8080 idle

in_a "$CLI" tcp --dport 8080 --sport 40000 --seq 1000 --mss 1400 -V "$IP_B" >"$OUT" 2>&1 || fail "tcp exited $?"
expect "Maximum segment size: 1400"
expect "^reply SA from $IP_B:8080 seq=[0-9]+ ack=1001 win=[0-9]+ mss=[0-9]+ ttl=64 time=[0-9.]+ ms"
expect "port 8080 is open"
expect "^local kernel sent R $IP_A:40000 > $IP_B:8080 seq=1001"
expect "no socket"
expect "^1 sent, 1 received, 0% loss"

in_a "$CLI" tcp --dport 8081 "$IP_B" >"$OUT" 2>&1 || fail "tcp to a closed port exited $?"
expect "^reply RA from $IP_B:8081"
expect "nothing listens there"

in_a "$CLI" udp --dport 9 --data hello "$IP_B" >"$OUT" 2>&1 || fail "udp exited $?"
expect "^From $IP_B port 9: Destination port unreachable \(type 3 code 3\)"

# A UDP service that answers: the datagram back is paired with its RTT.
in_b python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 7007))
s.settimeout(20)
d, peer = s.recvfrom(100)
s.sendto(d.upper(), peer)
' >/dev/null 2>&1 &
i=0
while ! ip netns exec "$NS_B" ss -lun 2>/dev/null | grep -q ':7007 '; do
  i=$((i + 1)); [ $i -gt 50 ] && fail "UDP service did not start"; sleep 0.1
done
in_a "$CLI" udp --dport 7007 --sport 5000 --hex "68 65 6c 6c 6f" "$IP_B" >"$OUT" 2>&1 || fail "udp exited $?"
expect "^UDP reply from $IP_B:7007: 5 bytes time=[0-9.]+ ms"
expect "^1 sent, 1 received, 0% loss"

# Bad input: one line each, status 2.
for args in "--dport 0" "--dport 70000" "--dport 80 --flags SZ" "--dport 80 --ttl 0"; do
  # shellcheck disable=SC2086
  in_a "$CLI" tcp $args "$IP_B" >"$OUT" 2>&1
  [ $? -eq 2 ] || fail "tcp $args: expected status 2"
  [ "$(wc -l <"$OUT")" -eq 1 ] || fail "tcp $args: more than one line of error"
done
in_a "$CLI" udp --dport 9 --hex abc "$IP_B" >"$OUT" 2>&1
[ $? -eq 2 ] || fail "odd hex accepted"
expect "odd number of hex digits"
echo "ok"
