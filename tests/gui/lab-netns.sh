#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The app inside the classroom lab, as a teacher starts it:
#   lab-netns.sh CLI HELPER EXE [TEST-ARGS...]
# `layerscope-cli lab open h1 -- xvfb-run EXE` brings the lab up (a name
# prefix and lab directory of its own) and runs EXE as nobody inside h1;
# EXE captures through a copy of HELPER given file capabilities, as an
# installed helper has.  Afterwards `lab down` must leave nothing behind.
# Pictures EXE saves (LSC_LAB_SHOTS) are copied to LSC_BUILD_ROOT.
set -u
cli=$1 helper=$2 exe=$3
shift 3
skip () { echo "1..0 # SKIP $1"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "needs root to build the lab's network namespaces"
for tool in ip xvfb-run setcap timeout; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
LSC_LAB_PREFIX=lsc-gl$$-
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsc-gui-lab.XXXXXX") || skip "cannot create a temporary directory"
LSC_LAB_DIR=$tmp/run
export LSC_LAB_PREFIX LSC_LAB_DIR
cleanup () {
  timeout 30 "$cli" lab down >/dev/null 2>&1
  for ns in $(ip netns list | awk '{print $1}' | grep "^$LSC_LAB_PREFIX"); do ip netns delete "$ns"; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
chmod 755 "$tmp"
mkdir -p "$tmp/home" "$tmp/shots"
chown 65534 "$tmp/home" "$tmp/shots"
cp "$helper" "$tmp/layerscope-capture"
setcap cap_net_raw,cap_net_admin+ep "$tmp/layerscope-capture" || skip "setcap failed here"

SUDO_UID=65534 HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/data" XDG_CONFIG_HOME="$tmp/home/config" \
  XDG_CACHE_HOME="$tmp/home/cache" TMPDIR="$tmp/home" LSC_HELPER="$tmp/layerscope-capture" \
  LSC_CAPTURE_MODE=helper LSC_LAB_SHOTS="$tmp/shots" \
  timeout 150 "$cli" lab open h1 -- xvfb-run -a -s "-screen 0 1400x900x24" "$exe" --tap "$@" >"$tmp/out" 2>"$tmp/err"
rc=$?
# What the launcher prints is a TAP comment.
sed -E '/^(ok|not ok|1\.\.|Bail out!|#)/!s/^/# /' "$tmp/out"
sed 's/^/# /' "$tmp/err" >&2
# (In the language of the environment: only the host and its address are certain.)
grep -q "^lab open.*h1.*198\.18\.1\.11" "$tmp/out" ||
  { echo "Bail out! lab open did not start the test in h1"; exit 1; }
[ -n "${LSC_BUILD_ROOT:-}" ] && cp "$tmp"/shots/*.png "$LSC_BUILD_ROOT"/ 2>/dev/null
timeout 30 "$cli" lab down >/dev/null 2>&1 || { echo "Bail out! lab down failed"; exit 1; }
if ip netns list | grep -q "^$LSC_LAB_PREFIX" || [ -n "$(ls -A "$LSC_LAB_DIR" 2>/dev/null)" ]; then
  echo "Bail out! lab down left namespaces or the topology file"
  exit 1
fi
exit $rc
