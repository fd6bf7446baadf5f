#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Run a live GUI test inside two network namespaces joined by a veth pair
# (198.18.7.0/24), created here and deleted on exit, with a temporary
# directory of its own (also deleted) so no capture file is left.
#   live-netns.sh EXE [PORT]
# With PORT, the peer listens on that TCP port (python3, at most 85 s) and
# answers what a client sends; every other port there is closed, so its
# kernel answers RST and ICMP unreachable.  A port written into
# $TMPDIR/connect-to makes the peer connect back there once.
# The peer then also routes to a third namespace behind it (198.19.8.2,
# LSC_TEST_FAR), one hop away, for a TTL series to find.
set -u
exe=$1
port=${2:-}
skip () { echo "1..0 # SKIP $1"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
for tool in ip xvfb-run ping python3 timeout; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
a=lsc-gui-a-$$
b=lsc-gui-b-$$
c=lsc-gui-c-$$
tmp=
cleanup () {
  for pid in $(ip netns pids "$b" 2>/dev/null); do kill "$pid" 2>/dev/null; done
  ip netns del "$a" 2>/dev/null
  ip netns del "$b" 2>/dev/null
  ip netns del "$c" 2>/dev/null
  [ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsc-gui-live.XXXXXX") || skip "cannot create a temporary directory"
ip netns add "$a" 2>/dev/null && ip netns add "$b" 2>/dev/null || skip "cannot create network namespaces here"
ip -n "$a" link add veth0 type veth peer name veth1 netns "$b" || skip "cannot create a veth pair"
ip -n "$a" addr add 198.18.7.1/24 dev veth0
ip -n "$b" addr add 198.18.7.2/24 dev veth1
ip -n "$a" link set lo up
ip -n "$b" link set lo up
ip -n "$a" link set veth0 up
ip -n "$b" link set veth1 up
far=
if [ -n "$port" ]; then
  ip netns add "$c" || exit 1
  ip -n "$b" link add veth2 type veth peer name veth3 netns "$c" || exit 1
  ip -n "$b" addr add 198.19.8.1/24 dev veth2
  ip -n "$c" addr add 198.19.8.2/24 dev veth3
  ip -n "$b" link set veth2 up
  ip -n "$c" link set lo up
  ip -n "$c" link set veth3 up
  ip netns exec "$b" sysctl -qw net.ipv4.ip_forward=1
  ip -n "$a" route add 198.19.8.0/24 via 198.18.7.2
  ip -n "$c" route add default via 198.19.8.1
  far=198.19.8.2
  # The listener serves each client as an ordinary server does: it answers
  # what it reads and closes once the client has closed.  When the test
  # writes a port into $tmp/connect-to, the peer also connects there once as
  # an ordinary client (hello, read the answer, close first).
  timeout 90 ip netns exec "$b" python3 -c '
import os, socket, sys, threading, time
def client(path):
    end = time.time() + 85
    while time.time() < end and not os.path.exists(path):
        time.sleep(0.1)
    time.sleep(0.2)
    try:
        c = socket.create_connection(("198.18.7.1", int(open(path).read())), timeout=5)
        c.sendall(b"hello from the peer")
        c.recv(4096)
        c.close()
    except (OSError, ValueError):
        pass
threading.Thread(target=client, args=(sys.argv[2],), daemon=True).start()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("198.18.7.2", int(sys.argv[1])))
s.listen(8)
end = time.time() + 85
while time.time() < end:
    s.settimeout(max(0.1, end - time.time()))
    try:
        c, _ = s.accept()
    except OSError:
        break
    c.settimeout(5)
    try:
        while True:
            d = c.recv(4096)
            if not d:
                break
            c.sendall(b"got " + d)
    except OSError:
        pass
    c.close()
' "$port" "$tmp/connect-to" >/dev/null 2>&1 &
  i=0
  while ! ip netns exec "$b" ss -ltn 2>/dev/null | grep -q ":$port "; do
    i=$((i + 1))
    if [ $i -gt 50 ]; then echo "Bail out! the listener on port $port did not start"; exit 1; fi
    sleep 0.1
  done
fi
TMPDIR=$tmp LSC_TEST_IFACE=veth0 LSC_TEST_PEER=198.18.7.2 LSC_TEST_FAR=$far LSC_CAPTURE_MODE=direct \
  ip netns exec "$a" timeout 90 xvfb-run -a -s "-screen 0 1280x900x24" "$exe" --tap
