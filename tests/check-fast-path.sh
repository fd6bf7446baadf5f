#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The summary pass builds lean trees (headers and digest only); its lines must
# be exactly the lines a full decode gives, for every capture we ship or test.
set -u
cli=$1
root=$2
n=0
fail=0
for f in "$root"/data/captures/*.pcap* "$root"/tests/golden/captures/*.pcap* "$root"/tests/netns/captures/*.pcap*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  fast=$("$cli" -r "$f" 2>&1; echo "exit $?")
  full=$("$cli" --full-trees -r "$f" 2>&1; echo "exit $?")
  if [ "$fast" = "$full" ]; then
    echo "ok $n - $(basename "$f")"
  else
    echo "not ok $n - $(basename "$f"): fast and full summary lines differ"
    printf '%s\n' "$full" > "${TMPDIR:-/tmp}/lsc-full.$$"
    printf '%s\n' "$fast" | diff "${TMPDIR:-/tmp}/lsc-full.$$" - | head -10 | sed 's/^/# /'
    rm -f "${TMPDIR:-/tmp}/lsc-full.$$"
    fail=1
  fi
done
echo "1..$n"
exit $fail
