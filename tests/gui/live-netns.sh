#!/bin/sh
# Run the live-capture GUI test inside two network namespaces joined by a
# veth pair (198.18.7.0/24), created here and deleted on exit, with a
# temporary directory of its own (also deleted) so no capture file is left.
set -u
exe=$1
skip () { echo "1..0 # SKIP $1"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) is not installed"
command -v xvfb-run >/dev/null 2>&1 || skip "xvfb-run is not installed"
command -v ping >/dev/null 2>&1 || skip "ping is not installed"
a=lsc-gui-a-$$
b=lsc-gui-b-$$
tmp=
cleanup () {
  ip netns del "$a" 2>/dev/null
  ip netns del "$b" 2>/dev/null
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
ip -n "$a" link set veth0 up
ip -n "$b" link set veth1 up
TMPDIR=$tmp LSC_TEST_IFACE=veth0 LSC_TEST_PEER=198.18.7.2 LSC_CAPTURE_MODE=direct \
  ip netns exec "$a" timeout 90 xvfb-run -a -s "-screen 0 1280x900x24" "$exe" --tap
