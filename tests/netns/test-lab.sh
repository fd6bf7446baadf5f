#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# layerscope-cli lab: up builds two subnets joined by a router namespace and
# writes the topology file the app reads, status checks every namespace,
# link, address, route and the forwarding (exit 0 up, 1 partly, 3 down),
# exec runs inside a host (a ping across the router, the TTL decrement and
# the router's time-exceeded for TTL 1), open runs a program as the user who
# ran sudo inside a host, down removes everything, also after a half-built
# or killed `lab up`, and can be repeated.
NO_PAIR=1
. "$(dirname "$0")/test-craft-common.sh"

# Our own prefix: never touches a lab someone left running.
LSC_LAB_PREFIX=lsc-tl$$-
LSC_LAB_DIR=$(mktemp -d)
# The test says who ran sudo, not the shell that runs it.
unset SUDO_UID SUDO_GID SUDO_USER PKEXEC_UID
export LSC_LAB_PREFIX LSC_LAB_DIR
TOPO=$LSC_LAB_DIR/${LSC_LAB_PREFIX}topology.ini
# Links in this (the test's) namespace: the lab must never add one here.
LINKS_BEFORE=$(ip -o link show | wc -l)

leftovers () { ip netns list | grep -c "^$LSC_LAB_PREFIX" ; }
nothing_left () {
  [ "$(leftovers)" -eq 0 ] || fail "namespaces left: $(ip netns list | grep "^$LSC_LAB_PREFIX")"
  [ ! -e "$TOPO" ] || fail "the topology file was left"
  [ "$(ip -o link show | wc -l)" -eq "$LINKS_BEFORE" ] || fail "links left in the root namespace"
}
test_cleanup () {
  timeout 30 "$CLI" lab down >/dev/null 2>&1
  for ns in $(ip netns list | awk '{print $1}' | grep "^$LSC_LAB_PREFIX"); do ip netns delete "$ns"; done
  rm -rf "$LSC_LAB_DIR"
}
lab () { timeout 30 "$CLI" lab "$@" >"$OUT" 2>&1; }

lab status
[ $? -eq 3 ] || fail "status of a missing lab did not exit 3"
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

# The topology file the app reads: every host, interface, address and MAC,
# readable by everyone.
[ "$(stat -c %a "$TOPO")" = 644 ] || fail "the topology file is not readable by everyone"
grep -q '^\[interface h3 eth0\]' "$TOPO" || fail "no h3 eth0 in the topology file"
grep -q '^addresses=198\.19\.2\.13/24;fd00:2::13/64' "$TOPO" || fail "no h3 address in the topology file"
grep -q '^mac=02:00:00:00:01:01' "$TOPO" || fail "no router MAC in the topology file"

# Links: a port out of the router's bridge, a host's link down, a wrong MAC;
# each named in status, and `lab up` rebuilds.
ip -n "${LSC_LAB_PREFIX}r1" link set h2 nomaster
lab status
[ $? -eq 1 ] || fail "status with a port out of the bridge did not exit 1"
expect "missing: .*r1: h2 in bridge br0"
ip -n "${LSC_LAB_PREFIX}h3" link set eth0 down
ip -n "${LSC_LAB_PREFIX}h1" link set eth0 address 02:00:00:00:09:09
lab status
expect "h3: link eth0 up"
expect "r1: a carrier on h3"
expect "h1: MAC 02:00:00:00:01:11 on eth0"
ip -n "${LSC_LAB_PREFIX}r1" link del h1
lab status
expect "r1: link h1(,|$)"
ip netns exec "${LSC_LAB_PREFIX}r1" sysctl -qw net.ipv6.conf.all.forwarding=0
lab status
expect "r1: IPv6 forwarding"
rm "$TOPO"
lab status
expect "the topology file for the app"
lab up || fail "lab up over a broken lab exited $?"
expect "removing a half-built lab first"
lab status || fail "status after rebuilding a broken lab exited $?"
expect "^lab is up"

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
nothing_left
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

# `lab up` killed (no chance to clean up) at any moment: status says what
# is missing, `lab up` rebuilds, `lab down` leaves nothing.
# In a process group of its own, killed whole: no `ip` it ran lives on.
partial=0
for delay in 0.02 0.05 0.1 0.15 0.2 0.3 0.6 1.0; do
  setsid "$CLI" lab up > "$OUT" 2>&1 &
  pid=$!
  sleep $delay
  kill -KILL -$pid
  wait $pid
  n=$(leftovers)
  lab status
  rc=$?
  if [ "$n" -eq 0 ]; then
    [ $rc -eq 3 ] || fail "status after up killed before anything exited $rc"
  elif [ $rc -ne 0 ]; then
    [ $rc -eq 1 ] || fail "status of a half-built lab exited $rc"
    expect "partly up.*missing: "
    partial=$((partial + 1))
    lab up || fail "lab up after a killed lab up exited $?"
    lab status || fail "status after rebuilding a killed lab up exited $?"
  fi
  lab down || fail "lab down exited $?"
  nothing_left
  echo "ok: lab up killed after $delay s left $n of 4 namespaces (status exit $rc); status, up and down coped"
done
# (`lab up` takes most of a second: some of those kills must have hit it half-way.)
[ "$partial" -ge 1 ] || fail "no kill left a half-built lab: the killed lab up was not tested"

# lab open: the lab up, then the program as the user who ran sudo, inside
# the host, with that user's desktop session; never as root.
lab open h3 -- id -u && fail "lab open without a sudo user succeeded"
expect "never as root"
[ "$(wc -l <"$OUT")" -eq 1 ] || fail "more than one line of error"
lab open h9 -- true && fail "lab open in an unknown host succeeded"
expect "no host 'h9'"
ROOT_NS=$(readlink /proc/self/ns/net)
SUDO_UID=65534 DISPLAY=:77 lab open h3 -- sh -c \
  'id -u; id -G; readlink /proc/self/ns/net; ls /sys/class/net; echo "display=$DISPLAY home=$HOME"; cat /proc/self/status' ||
  fail "lab open exited $?"
expect "^lab open: sh as [^ ]+ in h3 \(198\.19\.2\.13 on eth0\)"
expect "^65534$"
grep -qxF "$ROOT_NS" "$OUT" && fail "lab open ran the program in the machine's namespace"
grep -qxF "$(ip netns exec "${LSC_LAB_PREFIX}h3" readlink /proc/self/ns/net)" "$OUT" || fail "not in h3's namespace"
expect "^eth0$"
grep -q "^veth\|^docker\|^wl\|^en" "$OUT" && fail "/sys shows the machine's interfaces"
expect "display=:77 home="
expect "^CapEff:[[:space:]]+0+$"
expect "^Uid:[[:space:]]+65534[[:space:]]+65534[[:space:]]+65534[[:space:]]+65534$"
lab status || fail "lab open did not leave a whole lab up"
# Over a half-built lab, open rebuilds it first.
ip -n "${LSC_LAB_PREFIX}h1" addr flush dev eth0
SUDO_UID=65534 lab open -- true || fail "lab open over a half-built lab exited $?"
expect "removing a half-built lab first"
expect "lab open: true as [^ ]+ in h1"
lab status || fail "status after lab open over a half-built lab exited $?"
lab down || fail "lab down exited $?"
nothing_left

# A half-built lab (as after a crash) is removed too.
ip netns add "${LSC_LAB_PREFIX}r1"
ip netns add "${LSC_LAB_PREFIX}h2"
lab status && fail "status of a partial lab exited 0"
expect "partly up"
lab down || fail "lab down of a partial lab exited $?"
nothing_left
echo "ok"
