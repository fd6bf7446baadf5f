#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A capture is never lost, however it ends: SIGHUP (a closed terminal) and
# SIGPIPE (`| head`) finish and rename the -w file like Ctrl+C; the file is
# written out within 250 ms of a frame even when no traffic follows; a
# killed run leaves a readable .part file that the next run points out; a
# stop saves what the kernel still holds; -c N saves exactly N; a reader
# that stalls for a second at a classroom rate loses nothing.
. "$(dirname "$0")/capture-common.sh"

# start_capture MODE NAME ARGS...: layerscope-cli -i c0 in namespace A, in
# the background, with its output in $WORK/NAME.out and .err; sets $cli_pid.
start_capture () {
  mode=$1 name=$2
  shift 2
  rm -f "$WORK/$name.out" "$WORK/$name.err"
  # timeout (not in_a) so that $cli_pid passes signals on to the CLI.
  LSC_CAPTURE_MODE=$mode LSC_HELPER=$HELPER timeout 60 ip netns exec "$NS_A" "$CLI" -i c0 "$@" \
      > "$WORK/$name.out" 2> "$WORK/$name.err" &
  cli_pid=$!
  BG_PIDS=$cli_pid
  wait_for "$WORK/$name.err" "capturing on c0" 15 || fail "$mode $name: the capture did not start"
}

# cli_of PID: the layerscope-cli process under the timeout/ip netns exec chain.
cli_of () {
  pgrep -n -P "$1" -f layerscope-cli || echo "$1"
}

# finish NAME STATUS: wait for the capture started last; fail unless it ends
# within 10 s with STATUS.
finish () {
  stops_within $cli_pid 10 || fail "$1: the capture did not stop"
  wait $cli_pid
  status=$?
  BG_PIDS=
  [ $status -eq "$2" ] || fail "$1: exit status $status, not $2"
}

# saved_line NAME: the number in "N packets saved in FILE" on stderr.
saved_line () {
  sed -n 's/.* \([0-9]*\) packets saved in .*/\1/p' "$WORK/$1.err"
}

for mode in direct helper; do
  # SIGHUP: the file is finished and renamed; one line says so.
  rm -f "$WORK/hup.pcapng"
  start_capture $mode hup -f icmp -w "$WORK/hup.pcapng"
  in_a ping -c 3 -i 0.2 -W 2 $IP_B > /dev/null || fail "ping failed"
  sleep 0.3
  kill -HUP "$(cli_of $cli_pid)"
  finish "$mode SIGHUP" 0
  [ -f "$WORK/hup.pcapng" ] || fail "$mode: after SIGHUP the capture was not saved under its name"
  ls "$WORK"/.hup.pcapng.*.part > /dev/null 2>&1 && fail "$mode: after SIGHUP a .part file was left"
  [ "$(count_records "$WORK/hup.pcapng")" -eq 6 ] || fail "$mode: after SIGHUP the file does not hold the 6 ICMP packets"
  grep -q "stopped by SIGHUP.*6 packets saved in $WORK/hup.pcapng" "$WORK/hup.err" || fail "$mode: SIGHUP not reported"
  echo "ok: $mode SIGHUP: $(grep SIGHUP "$WORK/hup.err")"

  # SIGPIPE: the reader of the output goes away.
  rm -f "$WORK/pipe.pcapng" "$WORK/pipe.err"
  ( LSC_CAPTURE_MODE=$mode LSC_HELPER=$HELPER in_a "$CLI" -i c0 -f icmp -l -w "$WORK/pipe.pcapng" 2> "$WORK/pipe.err"; \
    echo $? > "$WORK/pipe.status" ) | head -n 1 > "$WORK/pipe.out" &
  BG_PIDS=$!
  wait_for "$WORK/pipe.err" "capturing on c0" 15 || fail "$mode SIGPIPE: the capture did not start"
  in_a ping -c 3 -i 0.2 -W 2 $IP_B > /dev/null || fail "ping failed"
  stops_within $BG_PIDS 10 || fail "$mode: the capture did not stop when its output pipe closed"
  BG_PIDS=
  [ "$(cat "$WORK/pipe.status")" -eq 0 ] || fail "$mode: exit status $(cat "$WORK/pipe.status") after SIGPIPE, not 0"
  [ -f "$WORK/pipe.pcapng" ] || fail "$mode: after SIGPIPE the capture was not saved under its name"
  ls "$WORK"/.pipe.pcapng.*.part > /dev/null 2>&1 && fail "$mode: after SIGPIPE a .part file was left"
  n=$(count_records "$WORK/pipe.pcapng")
  [ "$n" -ge 2 ] && [ "$n" -eq "$(saved_line pipe)" ] || fail "$mode: after SIGPIPE $n packets in the file, stderr says $(saved_line pipe)"
  echo "ok: $mode SIGPIPE: $(grep "saved in" "$WORK/pipe.err")"

  # -c 3 saves exactly the 3 frames shown, even when more follow at once.
  rm -f "$WORK/count.pcapng"
  start_capture $mode count -f icmp -c 3 -w "$WORK/count.pcapng"
  in_a ping -c 5 -i 0.005 -W 1 $IP_B > /dev/null
  finish "$mode -c 3" 0
  [ "$(grep -c "Echo (ping)" "$WORK/count.out")" -eq 3 ] || fail "$mode -c 3 printed $(wc -l < "$WORK/count.out") lines"
  n=$(count_records "$WORK/count.pcapng")
  [ "$n" -eq 3 ] && [ "$(saved_line count)" -eq 3 ] || fail "$mode: -c 3 saved $n packets (stderr: $(saved_line count))"
  echo "ok: $mode -c 3 saved 3"

  # The file is on disk 250 ms after the last frame, with no traffic after it.
  rm -f "$WORK/quiet.pcapng"
  start_capture $mode quiet -f icmp -w "$WORK/quiet.pcapng"
  in_a ping -c 3 -i 0.2 -W 2 $IP_B > /dev/null || fail "ping failed"
  sleep 0.6
  part=$(ls "$WORK"/.quiet.pcapng.*.part)
  n=$(count_records "$part")
  [ "$n" -eq 6 ] || fail "$mode: 0.6 s after the last of 6 frames, $n are in the file"
  echo "ok: $mode: all 6 frames on disk 0.6 s after the last one"

  # Killed: the .part file stays, readable; the next run points it out.
  kill -KILL "$(cli_of $cli_pid)"
  wait $cli_pid
  BG_PIDS=
  [ -f "$part" ] || fail "$mode: the killed capture left no file"
  [ "$(count_records "$part")" -eq 6 ] || fail "$mode: the killed capture's file does not hold its 6 frames"
  "$CLI" -r "$part" > /dev/null || fail "$mode: the killed capture's file does not read cleanly"
  start_capture $mode again -f icmp -w "$WORK/quiet.pcapng" -a duration:1
  finish "$mode after a kill" 0
  grep -q "an earlier capture into $WORK/quiet.pcapng was cut short; what it saved is in $part" "$WORK/again.err" \
    || fail "$mode: the next run does not point at the killed capture's file"
  [ "$(grep -c "cut short" "$WORK/again.err")" -eq 1 ] || fail "$mode: the finished capture was counted as cut short"
  rm -f "$part"
  echo "ok: $mode: a killed capture leaves its frames in $(basename "$part"); the next run says so"

  # Stopped while the kernel holds frames that were not read yet.
  rm -f "$WORK/drain.pcapng"
  start_capture $mode drain -f icmp -w "$WORK/drain.pcapng"
  pid=$(cli_of $cli_pid)
  kill -STOP "$pid"
  in_a ping -c 100 -i 0.002 -W 1 $IP_B > /dev/null
  kill -INT "$pid"
  kill -CONT "$pid"
  finish "$mode stop with frames queued" 0
  stats=$(grep "packets received by the filter" "$WORK/drain.err") || fail "$mode: no statistics"
  received=$(echo "$stats" | sed -n 's/.*: \([0-9]*\) packets received by the filter.*/\1/p')
  dropped=$(echo "$stats" | sed -n 's/.*, \([0-9]*\) dropped by the kernel.*/\1/p')
  n=$(count_records "$WORK/drain.pcapng")
  [ "$received" -ge 200 ] || fail "$mode: only $received packets received"
  [ $((n + dropped)) -eq "$received" ] && [ "$n" -ge 100 ] \
    || fail "$mode: stopped with frames queued: $n saved, $dropped dropped, $received received"
  echo "ok: $mode: stopped with frames queued: $n of $received saved ($dropped dropped)"

  # The program stalls for 2 s (here: its output pipe is full, as when a
  # terminal or a GUI stops taking lines) at 100 frames a second: nothing is
  # lost.  The kernel hands frames over in blocks, one at least every 10 ms
  # however few frames it holds, so at such rates the ring's 64 blocks, not
  # its bytes, were what a stall used up (about 100 of 600 frames lost).
  rm -f "$WORK/stall.pcapng" "$WORK/stall.err"
  # The CLI writes its own PID (sh execs it): other tests on this machine
  # run the same command line, so it is never looked up by name.
  ( LSC_CAPTURE_MODE=$mode LSC_HELPER=$HELPER timeout 60 ip netns exec "$NS_A" \
      sh -c 'echo $$ > "$1"; shift; exec "$@"' sh "$WORK/stall.pid" "$CLI" -i c0 -V -l -f icmp \
      -w "$WORK/stall.pcapng" 2> "$WORK/stall.err" | { sleep 2.5; cat > /dev/null; } ) &
  BG_PIDS=$!
  wait_for "$WORK/stall.err" "capturing on c0" 15 || fail "$mode stall: the capture did not start"
  in_a ping -c 300 -i 0.01 -W 1 $IP_B > /dev/null
  sleep 0.5
  kill -INT "$(cat "$WORK/stall.pid")"
  stops_within $BG_PIDS 10 || fail "$mode stall: the capture did not stop"
  BG_PIDS=
  n=$(count_records "$WORK/stall.pcapng")
  [ "$n" -eq 600 ] || fail "$mode: a 2 s stall at 100 frames/s: $n of 600 saved ($(grep dropped "$WORK/stall.err" | tail -1))"
  grep -q " 0 dropped by the kernel" "$WORK/stall.err" || fail "$mode: a stall dropped frames: $(cat "$WORK/stall.err")"
  echo "ok: $mode: a 2 s stall at 100 frames/s lost nothing"
done
exit 0
