#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# layerscope-cli lab: up builds two subnets joined by a router namespace,
# status shows them, exec runs inside a host (a ping across the router, the
# TTL decrement and the router's time-exceeded for TTL 1), down removes every
# namespace, also after a half-built lab, and can be repeated.
NO_PAIR=1
. "$(dirname "$0")/test-craft-common.sh"

# Our own prefix: never touches a lab someone left running.
LSC_LAB_PREFIX=lsc-tl$$-
export LSC_LAB_PREFIX

leftovers () { ip netns list | grep -c "^$LSC_LAB_PREFIX" ; }
test_cleanup () {
  timeout 30 "$CLI" lab down >/dev/null 2>&1
  for ns in $(ip netns list | awk '{print $1}' | grep "^$LSC_LAB_PREFIX"); do ip netns delete "$ns"; done
}
lab () { timeout 30 "$CLI" lab "$@" >"$OUT" 2>&1; }

lab status || fail "status of a missing lab exited $?"
expect "lab is down"

# Without root: one line saying so, nothing created.
if command -v setpriv >/dev/null; then
  setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$CLI" lab up >"$OUT" 2>&1 &&
    fail "lab up succeeded without root"
  expect "needs root"
  [ "$(wc -l <"$OUT")" -eq 1 ] || fail "more than one line of error"
  [ "$(leftovers)" -eq 0 ] || fail "namespaces created without root"
fi

lab up || fail "lab up exited $?"
[ "$(leftovers)" -eq 4 ] || fail "expected 4 namespaces after up"
lab up && fail "a second lab up succeeded"
expect "already"

lab status || fail "lab status exited $?"
expect "^h1 \(${LSC_LAB_PREFIX}h1\)"
expect "198\.18\.1\.11/24"
expect "198\.18\.1\.12/24"
expect "198\.19\.2\.13/24"
expect "198\.18\.1\.1/24"
expect "198\.19\.2\.1/24"
expect "forwards between the subnets"

# Across the router: the reply comes back with TTL 64 - 1.
lab exec h1 ping -c 1 -W 2 198.19.2.13 || fail "ping from h1 to h3 failed"
expect "ttl=63"
lab exec h2 ping -c 1 -W 2 198.18.1.11 || fail "ping from h2 to h1 failed"
expect "ttl=64"
# IPv6 across the router too (fd00:1::/64 to fd00:2::/64).
lab exec h1 ping -6 -c 1 -W 2 fd00:2::13 || fail "IPv6 ping from h1 to h3 failed"
expect "ttl=63"

# The same with a crafted echo: ARP for the gateway, then replies paired.
lab exec h1 "$CLI" ping -c 2 --interval 0.2 198.19.2.13 || fail "crafted ping across the router failed"
expect "bytes from 198\.19\.2\.13: icmp_seq=1 ttl=63"
expect "^2 sent, 2 received"
# TTL 1: the router drops it and says so.
lab exec h1 "$CLI" ping -c 1 --ttl 1 198.19.2.13
expect "^From 198\.18\.1\.1 icmp_seq=1 Time to live exceeded in transit \(type 11 code 0\)"
expect "decremented the TTL to 0"

lab exec h9 true && fail "exec in an unknown host succeeded"
expect "no host 'h9'"

lab down || fail "lab down exited $?"
[ "$(leftovers)" -eq 0 ] || fail "namespaces left after down"
lab down || fail "a second lab down exited $?"
expect "0 namespaces removed"

# Every namespace there but nothing inside (an interrupted `lab up`): status
# must not call that up, and `lab up` rebuilds it.
for h in h1 h2 h3 r1; do ip netns add "${LSC_LAB_PREFIX}$h"; done
lab status && fail "status of a lab without addresses exited 0"
expect "partly up"
expect "missing: .*h1: 198\.18\.1\.11/24"
expect "r1: forwarding"
lab up || fail "lab up over a half-built lab exited $?"
expect "removing a half-built lab first"
lab status || fail "status after rebuilding exited $?"
expect "^lab is up"
lab exec h1 ping -c 1 -W 2 198.19.2.13 || fail "the rebuilt lab does not route"
lab down || fail "lab down exited $?"

# `lab up` interrupted at any moment leaves either a whole lab or none.
for delay in 0.01 0.02 0.03 0.05 0.07 0.1; do
  timeout 30 "$CLI" lab up > "$OUT" 2>&1 &
  pid=$!
  sleep $delay
  kill -INT $pid
  wait $pid
  n=$(leftovers)
  if [ "$n" -ne 0 ]; then
    lab status || fail "lab up interrupted after ${delay} s left a half-built lab: $(cat "$OUT")"
  fi
  lab down || fail "lab down exited $?"
  echo "ok: lab up interrupted after $delay s left $n of 4 namespaces, never a half-built lab"
done

# A half-built lab (as after a crash) is removed too.
ip netns add "${LSC_LAB_PREFIX}r1"
ip netns add "${LSC_LAB_PREFIX}h2"
lab status && fail "status of a partial lab exited 0"
expect "partly up"
lab down || fail "lab down of a partial lab exited $?"
[ "$(leftovers)" -eq 0 ] || fail "namespaces left after down of a partial lab"
echo "ok"
