# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the capture tests: two namespaces joined by one veth pair.
#   A (198.18.110.1, fd00:110::1, veth c0) ──── (198.18.110.2, fd00:110::2, veth d0) B
# Only veth, only 198.18.0.0/15 and fd00::/8; names carry the PID; the trap
# deletes everything however the test ends.
# The sourcing script is run as: test-capture-X.sh LAYERSCOPE_CLI LAYERSCOPE_CAPTURE
set -u

CLI=${1:-${LSC_BUILD_ROOT:-.}/src/cli/layerscope-cli}
HELPER=${2:-${LSC_BUILD_ROOT:-.}/src/helper/layerscope-capture}
HERE=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root to create network namespaces"
  exit 77
fi
for tool in ip python3 timeout setpriv; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed"
    exit 77
  fi
done
for prog in "$CLI" "$HELPER"; do
  if [ ! -x "$prog" ]; then
    echo "FAIL: $prog not built"
    exit 1
  fi
done

NS_A=lsc-cap$$-a
NS_B=lsc-cap$$-b
IP_A=198.18.110.1
IP_B=198.18.110.2
MAC_A=02:00:00:00:6e:01
MAC_B=02:00:00:00:6e:02
WORK=$(mktemp -d)
chmod 755 "$WORK"
OUT=$WORK/out
BG_PIDS=

MOUNTED=

cleanup () {
  # Nothing may interrupt the clean-up itself (a closed pipe included).
  trap '' INT TERM HUP PIPE
  for pid in $BG_PIDS; do kill "$pid" 2>/dev/null; done
  [ -n "$MOUNTED" ] && umount "$MOUNTED" 2>/dev/null
  ip netns delete "$NS_A" 2>/dev/null
  ip netns delete "$NS_B" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
# A signal (also SIGPIPE from a closed pipe) must end the script through the EXIT trap.
trap 'exit 130' INT TERM HUP PIPE

fail () {
  echo "FAIL: $*"
  for f in "$OUT" "$WORK"/*.err; do
    [ -s "$f" ] && { echo "--- $f:"; head -c 4000 "$f"; }
  done
  exit 1
}

ip netns add "$NS_A" || exit 1
ip netns add "$NS_B" || exit 1
ip -n "$NS_A" link add c0 type veth peer name d0 netns "$NS_B" || exit 1
ip -n "$NS_A" link set lo up
ip -n "$NS_B" link set lo up
ip -n "$NS_A" link set c0 address $MAC_A up
ip -n "$NS_B" link set d0 address $MAC_B up
ip -n "$NS_A" addr add $IP_A/24 dev c0
ip -n "$NS_B" addr add $IP_B/24 dev d0
ip -n "$NS_A" addr add fd00:110::1/64 dev c0 nodad
ip -n "$NS_B" addr add fd00:110::2/64 dev d0 nodad

in_a () { timeout 60 ip netns exec "$NS_A" "$@"; }
in_b () { timeout 60 ip netns exec "$NS_B" "$@"; }

# wait_for FILE PATTERN SECONDS: bounded wait until FILE contains PATTERN.
wait_for () {
  i=0
  while [ $i -lt $(($3 * 10)) ]; do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

# stops_within PID SECONDS: bounded wait for PID to end; false if it did not.
stops_within () {
  i=0
  while kill -0 "$1" 2>/dev/null && [ $i -lt $(($2 * 10)) ]; do
    sleep 0.1
    i=$((i + 1))
  done
  ! kill -0 "$1" 2>/dev/null
}

# count_records FILE: packets in a capture file, read by our own CLI.
count_records () {
  "$CLI" -r "$1" 2>/dev/null | wc -l
}

# flood NS IFACE DST_MAC COUNT SECONDS: send COUNT 60-byte frames (EtherType
# 0x88b5, reserved for experiments) through an AF_PACKET socket, stopping
# after SECONDS whatever the count; prints how many went out.
flood () {
  timeout $(($5 + 10)) ip netns exec "$1" python3 "$HERE/flood.py" "$2" "$3" "$4" "$5"
}
