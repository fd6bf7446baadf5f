#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Live capture on a veth inside a namespace: directly (root) and through the
# helper; pings across are seen with the right count, in the output and in the
# saved file; a vanished interface stops the capture and keeps the packets.
. "$(dirname "$0")/capture-common.sh"

# -D lists the namespace's interfaces with flags, link type, MAC and addresses.
in_a "$CLI" -D > "$OUT" 2>&1 || fail "-D failed"
grep -Eq "^[0-9]+\. c0 \[UP,RUNNING\] EN10MB $MAC_A $IP_A/24 fd00:110::1/64" "$OUT" || fail "-D does not describe c0"
grep -Eq "^[0-9]+\. lo \[UP,RUNNING,LOOPBACK\] EN10MB 127.0.0.1/8" "$OUT" || fail "-D does not describe lo"
echo "ok: -D: $(grep ' c0 ' "$OUT")"

# Bad interface and bad capture filter: one line each, status 1 (as tshark).
for mode in direct helper; do
  LSC_CAPTURE_MODE=$mode LSC_HELPER=$HELPER in_a "$CLI" -i nosuch0 -c 1 > /dev/null 2> "$WORK/bad.err"
  status=$?
  [ $status -eq 1 ] && [ "$(wc -l < "$WORK/bad.err")" -eq 1 ] || fail "$mode: unknown interface: status $status"
  grep -q "nosuch0: no such interface" "$WORK/bad.err" || fail "$mode: unknown interface message"
  LSC_CAPTURE_MODE=$mode LSC_HELPER=$HELPER in_a "$CLI" -i c0 -f "ip hosst 1.2.3.4" -c 1 > /dev/null 2> "$WORK/bad.err"
  status=$?
  [ $status -eq 1 ] && [ "$(wc -l < "$WORK/bad.err")" -eq 1 ] || fail "$mode: bad filter: status $status"
  grep -q 'capture filter "ip hosst 1.2.3.4" does not compile' "$WORK/bad.err" || fail "$mode: bad filter message"
done
echo "ok: unknown interface and bad filter: $(cat "$WORK/bad.err")"

for mode in direct helper; do
  rm -f "$WORK/live.pcapng" "$OUT" "$WORK/cli.err"
  LSC_CAPTURE_MODE=$mode LSC_HELPER=$HELPER TMPDIR=$WORK in_a "$CLI" -i c0 -f icmp -c 10 -a duration:20 \
      -w "$WORK/live.pcapng" -l > "$OUT" 2> "$WORK/cli.err" &
  cli_pid=$!
  BG_PIDS="$cli_pid"
  wait_for "$WORK/cli.err" "capturing on c0" 15 || fail "$mode: the capture did not start"
  if [ $mode = helper ]; then
    grep -q "capturing on c0 through layerscope-capture" "$WORK/cli.err" || fail "helper mode did not use the helper"
  fi
  in_a ping -c 5 -i 0.2 -W 2 $IP_B > /dev/null || fail "$mode: ping across the veth failed"
  wait $cli_pid
  status=$?
  BG_PIDS=
  [ $status -eq 0 ] || fail "$mode: layerscope-cli -i exited $status"
  requests=$(grep -c "Echo (ping) request" "$OUT")
  replies=$(grep -c "Echo (ping) reply" "$OUT")
  [ "$requests" -eq 5 ] && [ "$replies" -eq 5 ] || fail "$mode: saw $requests requests and $replies replies, not 5 and 5"
  grep -q "$IP_A .*→ $IP_B" "$OUT" || fail "$mode: no $IP_A → $IP_B line"
  [ -f "$WORK/live.pcapng" ] || fail "$mode: -w file was not saved"
  saved=$(count_records "$WORK/live.pcapng")
  [ "$saved" -ge 10 ] || fail "$mode: the saved file holds $saved packets, not at least 10"
  grep -q "dropped by the kernel" "$WORK/cli.err" || fail "$mode: no statistics on stderr"
  # ... and in the file, as an interface statistics block Wireshark reads.
  if command -v capinfos > /dev/null; then
    capinfos "$WORK/live.pcapng" | grep -q "Number of stat entries = 1" || fail "$mode: no interface statistics in the file"
  fi
  ls "$WORK"/.live.pcapng.*.part > /dev/null 2>&1 && fail "$mode: the temporary file was left behind"
  echo "ok: $mode capture saw 5 requests and 5 replies, $saved saved"
done

# Without -w the capture still goes to a (temporary) file, named at the end.
rm -f "$OUT" "$WORK/cli.err"
LSC_CAPTURE_MODE=direct TMPDIR=$WORK in_a "$CLI" -i c0 -f icmp -a duration:3 > "$OUT" 2> "$WORK/cli.err" &
BG_PIDS=$!
wait_for "$WORK/cli.err" "capturing on" 15 || fail "the capture did not start"
in_a ping -c 2 -i 0.2 -W 2 $IP_B > /dev/null
wait $BG_PIDS
BG_PIDS=
tmpfile=$(sed -n 's/.*packets saved in \(.*\)$/\1/p' "$WORK/cli.err")
[ -n "$tmpfile" ] && [ -f "$tmpfile" ] || fail "no temporary capture file reported"
[ "$(count_records "$tmpfile")" -eq 4 ] || fail "the temporary capture does not hold the 4 ICMP packets"
echo "ok: temporary capture kept in a file"

# A full disk: a 64 KiB tmpfs fills up during a flood.  The capture stops
# with one line saying so, and the file keeps every complete record.
mkdir "$WORK/small"
if mount -t tmpfs -o size=64k lsc-capture-test "$WORK/small" 2>/dev/null; then
  MOUNTED=$WORK/small
  LSC_CAPTURE_MODE=direct in_b "$CLI" -i d0 -f "ether proto 0x88b5" -a duration:15 -w "$WORK/small/full.pcap" \
      > /dev/null 2> "$WORK/full.err" &
  cli_pid=$!
  BG_PIDS=$cli_pid
  wait_for "$WORK/full.err" "capturing on" 15 || fail "the capture did not start"
  flood "$NS_A" c0 $MAC_B 5000 5 > /dev/null
  stops_within $cli_pid 10 || fail "the capture did not stop on a full disk"
  wait $cli_pid
  status=$?
  BG_PIDS=
  [ $status -eq 2 ] || fail "exit status $status on a full disk, not 2 (a file that cannot be written, as tshark)"
  grep -q "cannot write $WORK/small/full.pcap: the disk is full; the [0-9]* packets written before are kept" "$WORK/full.err" \
    || fail "no clear disk-full message"
  [ "$(grep -c "disk is full" "$WORK/full.err")" -eq 1 ] || fail "the disk-full message is not said exactly once"
  kept=$(sed -n 's/.*the \([0-9]*\) packets written before are kept.*/\1/p' "$WORK/full.err")
  [ "$kept" -gt 100 ] || fail "only $kept packets kept in 64 KiB"
  [ -f "$WORK/small/full.pcap" ] || fail "nothing kept after the disk filled"
  [ "$("$CLI" -r "$WORK/small/full.pcap" 2>&1 | wc -l)" -eq "$kept" ] || fail "the kept file does not hold $kept whole packets"
  "$CLI" -r "$WORK/small/full.pcap" > /dev/null || fail "the kept file does not read back cleanly"
  echo "ok: disk full: $(grep "disk is full" "$WORK/full.err")"
  umount "$WORK/small"
  MOUNTED=
else
  echo "note: could not mount a small tmpfs; disk-full case skipped"
fi

# The interface disappears in the middle of a capture.
for mode in direct helper; do
  rm -f "$WORK/gone.pcap" "$OUT" "$WORK/gone.err"
  ip -n "$NS_A" link show c0 > /dev/null 2>&1 || {
    ip -n "$NS_A" link add c0 type veth peer name d0 netns "$NS_B"
    ip -n "$NS_A" link set c0 address $MAC_A up
    ip -n "$NS_B" link set d0 address $MAC_B up
    ip -n "$NS_A" addr add $IP_A/24 dev c0
    ip -n "$NS_B" addr add $IP_B/24 dev d0
  }
  LSC_CAPTURE_MODE=$mode LSC_HELPER=$HELPER in_a "$CLI" -i c0 -f icmp -a duration:20 -w "$WORK/gone.pcap" \
      > "$OUT" 2> "$WORK/gone.err" &
  cli_pid=$!
  BG_PIDS=$cli_pid
  wait_for "$WORK/gone.err" "capturing on" 15 || fail "$mode: the capture did not start"
  in_a ping -c 3 -i 0.2 -W 2 $IP_B > /dev/null
  sleep 0.5
  ip -n "$NS_A" link delete c0
  # Bounded: the capture must notice within a few seconds, long before -a ends it.
  stops_within $cli_pid 8 || fail "$mode: the capture did not stop when the interface went away"
  wait $cli_pid
  status=$?
  BG_PIDS=
  [ $status -eq 1 ] || fail "$mode: exit status $status after the interface vanished, not 1"
  errors=$(grep -c -v "capturing on\|dropped by the kernel\|packets saved in" "$WORK/gone.err")
  [ "$errors" -eq 1 ] || fail "$mode: expected one error line, got $errors"
  grep -q "c0" "$WORK/gone.err" || fail "$mode: the error does not name the interface"
  [ "$(count_records "$WORK/gone.pcap")" -eq 6 ] || fail "$mode: the 6 packets captured before were not kept"
  echo "ok: $mode capture stopped cleanly when c0 vanished: $(grep -v "capturing on" "$WORK/gone.err" | head -1)"
done
exit 0
