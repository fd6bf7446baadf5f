#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# ARP requests crafted with libnet get the peer kernel's replies, paired with
# their response time; the probe and gratuitous variants go out as such.
. "$(dirname "$0")/test-craft-common.sh"

in_a "$CLI" arp -c 2 --interval 0.2 "$IP_B" >"$OUT" 2>&1 || fail "arp exited $?"
expect "^ARPING $IP_B from $IP_A a0"
[ "$(grep -Ec "^Unicast reply from $IP_B \[02:00:00:00:64:02\]  [0-9]+\.[0-9]{3} ms$" "$OUT")" -eq 2 ] ||
  fail "expected two paired replies"
expect "^2 sent, 2 received, 0% loss"

# RFC 5227 probe: sender address 0.0.0.0, still answered by the owner.
in_a "$CLI" arp --probe -c 1 -V "$IP_B" >"$OUT" 2>&1 || fail "arp --probe exited $?"
expect "from 0.0.0.0 a0 \(probe\)"
expect "Sender IP address: 0\.0\.0\.0"
expect "^Unicast reply from $IP_B"

# Gratuitous: announces our own address, expects no answer, exits 0.
in_a "$CLI" arp --gratuitous -c 1 --timeout 0.3 "$IP_A" >"$OUT" 2>&1 || fail "arp --gratuitous exited $?"
expect "\(gratuitous\)"
expect "asks for no answer"

# Nobody has that address: no reply, status 1.
in_a "$CLI" arp -c 1 --timeout 0.3 198.18.100.99 >"$OUT" 2>&1 && fail "arp for a missing host succeeded"
expect "^1 sent, 0 received, 100% loss"

# Bad input and unknown interfaces: one line, non-zero.
in_a "$CLI" arp -i nosuch0 "$IP_B" >"$OUT" 2>&1 && fail "unknown interface accepted"
expect "no interface named 'nosuch0'"
in_a "$CLI" arp 198.18.100.300 >"$OUT" 2>&1 && fail "bad address accepted"
expect "is not an IPv4 address"
[ "$(wc -l <"$OUT")" -eq 1 ] || fail "more than one line of error"
echo "ok"
