#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A bounded flood of 60-byte frames across the veth, captured through the
# helper by layerscope-cli (which decodes and prints every frame, so it may
# fall behind): every frame the kernel accepted is either printed and saved
# or counted as dropped, and the drops are reported.
. "$(dirname "$0")/capture-common.sh"

COUNT=200000
SECONDS_MAX=5

LSC_CAPTURE_MODE=helper LSC_HELPER=$HELPER in_b "$CLI" -i d0 -f "ether proto 0x88b5" -a duration:$((SECONDS_MAX + 5)) \
    -w "$WORK/flood.pcapng" -T fields -e frame.number -e frame.len > "$OUT" 2> "$WORK/flood.err" &
BG_PIDS=$!
wait_for "$WORK/flood.err" "capturing on d0 through layerscope-capture" 15 || fail "the capture did not start"
sent=$(flood "$NS_A" c0 $MAC_B $COUNT $SECONDS_MAX)
[ -n "$sent" ] && [ "$sent" -gt 0 ] || fail "the flood sent nothing"
wait $BG_PIDS
status=$?
BG_PIDS=
[ $status -eq 0 ] || fail "layerscope-cli exited $status"

stats=$(grep "packets received by the filter" "$WORK/flood.err") || fail "no statistics reported"
received=$(echo "$stats" | sed -n 's/.*: \([0-9]*\) packets received by the filter.*/\1/p')
dropped=$(echo "$stats" | sed -n 's/.*, \([0-9]*\) dropped by the kernel.*/\1/p')
printed=$(wc -l < "$OUT")
saved=$(count_records "$WORK/flood.pcapng")
echo "sent $sent, received $received, printed $printed, saved $saved, dropped by the kernel $dropped"

[ "$printed" -ge 1 ] || fail "nothing was captured"
[ "$printed" -eq "$saved" ] || fail "printed $printed frames but saved $saved"
[ "$received" -le "$sent" ] || fail "received $received of $sent sent"
[ $((saved + dropped)) -eq "$received" ] || fail "saved $saved + dropped $dropped != received $received"
# Every printed frame is one of ours: 60 bytes, numbered from 1 without gaps.
awk -F'\t' 'NR != $1 || $2 != 60 { bad = 1 } END { exit bad }' "$OUT" || fail "frames out of order or not 60 bytes"
echo "ok: flood of $sent frames: $saved captured, $dropped dropped and reported"
exit 0
