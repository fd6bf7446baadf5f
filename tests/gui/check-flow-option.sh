#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# layerscope --flow N: a stream the capture does not have, a bad number and
# no capture file each end with one line on stderr and a non-zero exit, and
# never a crash (the screenshot path once freed its state twice).
set -u
app=$1 capture=$2 out=$3
command -v xvfb-run >/dev/null 2>&1 || { echo "1..0 # SKIP xvfb-run is not installed"; exit 0; }
n=0 fail=0
check () {
  n=$((n + 1))
  desc=$1 want_rc=$2 want_text=$3; shift 3
  err=$(xvfb-run -a -s "-screen 0 1280x900x24" "$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -eq "$want_rc" ] && printf '%s' "$err" | grep -q -- "$want_text" \
     && [ "$(printf '%s\n' "$err" | grep -c 'layerscope:')" -eq 1 ]; then
    echo "ok $n - $desc"
  else
    echo "not ok $n - $desc (exit $rc): $err"; fail=1
  fi
}
echo "1..4"
check "--flow 99 --screenshot: no such stream" 1 "there is no TCP stream 99" "$app" --flow 99 --screenshot "$out" "$capture"
check "--flow -1 is refused" 2 "needs a TCP stream number" "$app" --flow -1 "$capture"
check "--flow x is refused" 2 "needs a TCP stream number" "$app" --flow x "$capture"
rm -f "$out"
n=$((n + 1))
if xvfb-run -a -s "-screen 0 1280x900x24" "$app" --flow 0 --screenshot "$out" "$capture" >/dev/null 2>&1 && [ -s "$out" ]; then
  echo "ok $n - --flow 0 --screenshot writes the picture"
else
  echo "not ok $n - --flow 0 --screenshot wrote no picture"; fail=1
fi
rm -f "$out"
exit $fail
