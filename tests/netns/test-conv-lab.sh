#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-conv-lab.sh LAYERSCOPE_CLI — record the conversation lab afresh from
# real kernels (lab-record.sh: two namespaces, one veth pair) and check the
# analysis on the new recordings as on the committed ones.  Needs root.
set -u
CLI=${1:-${LSC_BUILD_ROOT:-.}/src/cli/layerscope-cli}
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root to create network namespaces"
  exit 77
fi
[ -x "$CLI" ] || { echo "FAIL: $CLI not built"; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT INT TERM
timeout 240 "$HERE/lab-record.sh" "$OUT" > "$OUT/record.log" 2>&1
rc=$?
if [ $rc -eq 77 ]; then
  cat "$OUT/record.log"
  exit 77
fi
if [ $rc -ne 0 ]; then
  echo "FAIL: lab-record.sh exited $rc"
  sed 's/^/# /' "$OUT/record.log"
  exit 1
fi
exec python3 "$HERE/test-conv-golden.py" "$CLI" "$OUT" --fresh
