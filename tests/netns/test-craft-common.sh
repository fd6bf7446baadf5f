# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the crafting and lab tests.  Unless NO_PAIR=1, it builds two
# namespaces joined by one veth pair:
#   A (198.18.100.1, veth a0) ──── (198.18.100.2, veth b0) B
# Only veth, only 198.18.0.0/15; the trap deletes everything the test made
# however it ends (a test adds its own steps in test_cleanup).
set -u

CLI=${1:-${LSC_BUILD_ROOT:-.}/src/cli/layerscope-cli}
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root to create network namespaces"
  exit 77
fi
if ! command -v ip >/dev/null; then
  echo "SKIP: iproute2 (ip) is not installed"
  exit 77
fi
if [ ! -x "$CLI" ]; then
  echo "FAIL: layerscope-cli not found at $CLI"
  exit 1
fi

NS_A=lsc-tc$$-a
NS_B=lsc-tc$$-b
IP_A=198.18.100.1
IP_B=198.18.100.2
OUT=$(mktemp)
BG_PID=

test_cleanup () { :; }
cleanup () {
  test_cleanup
  [ -n "$BG_PID" ] && kill "$BG_PID" 2>/dev/null
  # Whatever still runs inside our namespaces was started by this test.
  for pid in $(ip netns pids "$NS_A" 2>/dev/null) $(ip netns pids "$NS_B" 2>/dev/null); do
    kill "$pid" 2>/dev/null
  done
  ip netns delete "$NS_A" 2>/dev/null
  ip netns delete "$NS_B" 2>/dev/null
  rm -f "$OUT"
}
trap cleanup EXIT INT TERM

fail () {
  echo "FAIL: $*"
  echo "--- output:"
  cat "$OUT"
  exit 1
}

# expect PATTERN: the last output must contain it (extended regex).
expect () {
  grep -Eq -- "$1" "$OUT" || fail "expected /$1/"
}

# in_a / in_b CMD...: run in namespace A or B, bounded in time.
in_a () { timeout 30 ip netns exec "$NS_A" "$@"; }
in_b () { timeout 30 ip netns exec "$NS_B" "$@"; }

# listen_b PORT MODE: a TCP listener in B, in the background (at most 20 s).
# MODE idle: accept nothing (the kernel still completes handshakes);
# MODE echo: accept one connection, answer "echo:" + what it got, close.
listen_b () {
  in_b python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1])))
s.listen(8)
if sys.argv[2] == "idle":
    time.sleep(20)
else:
    s.settimeout(20)
    c, _ = s.accept()
    c.settimeout(10)
    c.sendall(b"echo:" + c.recv(100))
    c.close()
' "$1" "$2" >/dev/null 2>&1 &
  BG_PID=$!
  i=0
  while ! ip netns exec "$NS_B" ss -ltn 2>/dev/null | grep -q ":$1 "; do
    i=$((i + 1)); [ $i -gt 50 ] && fail "listener on port $1 did not start"; sleep 0.1
  done
}

if [ -z "${NO_PAIR:-}" ]; then
  ip netns add "$NS_A" || exit 1
  ip netns add "$NS_B" || exit 1
  ip -n "$NS_A" link add a0 type veth peer name b0 netns "$NS_B" || exit 1
  ip -n "$NS_A" link set lo up
  ip -n "$NS_B" link set lo up
  ip -n "$NS_A" link set a0 address 02:00:00:00:64:01 up
  ip -n "$NS_B" link set b0 address 02:00:00:00:64:02 up
  ip -n "$NS_A" addr add "$IP_A/24" dev a0
  ip -n "$NS_B" addr add "$IP_B/24" dev b0
fi
