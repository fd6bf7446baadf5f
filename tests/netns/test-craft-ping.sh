#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A ping crafted with libnet gets the peer kernel's echo replies, paired with RTT.
. "$(dirname "$0")/test-craft-common.sh"

in_a "$CLI" ping -c 3 --interval 0.2 --timeout 2 "$IP_B" >"$OUT" 2>&1 || fail "ping exited $?"
expect "^PING $IP_B from $IP_A a0"
for seq in 1 2 3; do
  expect "bytes from $IP_B: icmp_seq=$seq ttl=64 time=[0-9]+\.[0-9]{3} ms"
done
expect "^3 sent, 3 received, 0% loss"
expect "^rtt min/avg/max = [0-9.]+/[0-9.]+/[0-9.]+ ms"

# -V shows the crafted frame's layers before sending.
in_a "$CLI" ping -V -c 1 --ttl 7 --size 20 "$IP_B" >"$OUT" 2>&1 || fail "ping -V exited $?"
expect "Time to Live: 7"
expect "Echo \(ping\) request"
expect "^1 sent, 1 received"

# Policy routing: 198.18.99.0/24 is routed through B only in table 100,
# chosen by an ip rule, which /proc/net/route (the main table) never shows.
# B holds 198.18.99.5 and answers.
ip -n "$NS_B" addr add 198.18.99.5/32 dev b0
ip -n "$NS_A" route add 198.18.99.0/24 via "$IP_B" dev a0 table 100
ip -n "$NS_A" rule add to 198.18.99.0/24 lookup 100
in_a "$CLI" ping -c 1 --timeout 2 198.18.99.5 >"$OUT" 2>&1 || fail "ping by a policy route exited $?"
expect "^PING 198.18.99.5 from $IP_A a0"
expect "bytes from 198.18.99.5: icmp_seq=1"
# No route at all: one line naming the address, status 2 (bad input).
in_a "$CLI" ping -c 1 198.19.77.1 >"$OUT" 2>&1
[ $? -eq 2 ] || fail "ping without a route: expected status 2"
expect "no route to 198.19.77.1 \\(give -i IFACE\\)"
[ "$(wc -l <"$OUT")" -eq 1 ] || fail "more than one line of error"

# Nobody at that address: the MAC cannot be resolved, one clear line and status 1.
in_a "$CLI" ping -c 1 198.18.100.77 >"$OUT" 2>&1 && fail "ping to a missing host succeeded"
expect "cannot resolve the MAC address of 198.18.100.77 on a0"
[ "$(wc -l <"$OUT")" -eq 1 ] || fail "more than one line of error"

# This machine's own address: refused with a pointer to connect, status 2.
in_a "$CLI" ping -c 1 "$IP_A" >"$OUT" 2>&1
[ $? -eq 2 ] || fail "ping to our own address: expected status 2"
expect "is this machine itself"
[ "$(wc -l <"$OUT")" -eq 1 ] || fail "more than one line of error"

# A wrong ICMP checksum is dropped by the peer: no reply, status 1.
in_a "$CLI" ping -c 1 --timeout 0.5 --bad-checksum "$IP_B" >"$OUT" 2>&1 && fail "a bad checksum was answered"
expect "no reply to icmp_seq=1"
expect "1 sent, 0 received, 100% loss"
# Without privileges: sending and capturing go through the capture helper
# when it holds the capabilities itself, and fail with one clear line when it does not.
HELPER=${2:-}
if [ -n "$HELPER" ] && command -v setcap >/dev/null && command -v setpriv >/dev/null; then
  PRIV=$(mktemp -d)
  test_cleanup () { rm -rf "$PRIV"; }
  chmod 755 "$PRIV"
  cp "$CLI" "$HELPER" "$PRIV/"
  chmod 755 "$PRIV/layerscope-cli" "$PRIV/layerscope-capture"
  as_nobody () {
    in_a setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all env LSC_HELPER="$1" "$PRIV/layerscope-cli" ping -c 2 --interval 0.2 "$IP_B"
  }
  as_nobody "$PRIV/layerscope-capture" >"$OUT" 2>&1 && fail "sent without privileges and without a capable helper"
  expect "^layerscope-cli ping: sending and capturing need CAP_NET_RAW"
  setcap cap_net_raw,cap_net_admin+ep "$PRIV/layerscope-capture" || fail "setcap failed"
  as_nobody "$PRIV/layerscope-capture" >"$OUT" 2>&1 || fail "ping through the helper exited $?"
  expect "bytes from $IP_B: icmp_seq=2 ttl=64 time=[0-9.]+ ms"
  expect "^2 sent, 2 received"
else
  echo "# (the unprivileged part needs the helper, setcap and setpriv: not run)"
fi
echo "ok"
