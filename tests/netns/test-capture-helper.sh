#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# layerscope-capture: refuses cleanly without privileges, works for an
# unprivileged user once it has file capabilities, refuses setuid-root,
# injects well-formed records, rejects malformed ones without crashing, and
# exits when its parent goes away.
. "$(dirname "$0")/capture-common.sh"

command -v setcap > /dev/null || { echo "SKIP: setcap (libcap2-bin) is not installed"; exit 77; }
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
mkdir -p "$WORK/bin" "$WORK/home"
chmod 755 "$WORK/bin"
chown 65534:65534 "$WORK/home"
cp "$HELPER" "$WORK/bin/layerscope-capture"
chmod 755 "$WORK/bin/layerscope-capture"
COPY=$WORK/bin/layerscope-capture

# 1. No capabilities: one sentence saying what to do, status 4.
in_a $NOBODY "$COPY" -i c0 -c 1 > /dev/null 2> "$WORK/nopriv.err"
status=$?
[ $status -eq 4 ] || fail "helper without capabilities exited $status, not 4"
[ "$(wc -l < "$WORK/nopriv.err")" -eq 1 ] || fail "helper without capabilities printed more than one line"
grep -q "CAP_NET_RAW.*-Dhelper_caps=true.*join its group.*run as root.*capture file" "$WORK/nopriv.err" \
  || fail "the message does not say what to do"
echo "ok: helper without capabilities: $(cat "$WORK/nopriv.err")"

# The CLI run by the same user falls back to the helper and reports the same sentence once.
LSC_HELPER=$COPY in_a $NOBODY env HOME="$WORK/home" TMPDIR="$WORK/home" "$CLI" -i c0 -c 1 > /dev/null 2> "$WORK/cli-nopriv.err"
status=$?
[ $status -eq 1 ] || fail "layerscope-cli -i without privileges exited $status, not 1"
[ "$(wc -l < "$WORK/cli-nopriv.err")" -eq 1 ] || fail "layerscope-cli -i without privileges printed more than one line"
grep -q "layerscope-cli: c0: live capture needs the CAP_NET_RAW capability" "$WORK/cli-nopriv.err" || fail "CLI message"
grep -qi "pcap\|socket\|Operation not permitted" "$WORK/cli-nopriv.err" && fail "a libpcap error leaked out"
echo "ok: layerscope-cli without privileges: $(cat "$WORK/cli-nopriv.err")"

# 2. File capabilities on the copy: the unprivileged user captures.
setcap cap_net_raw,cap_net_admin+ep "$COPY" || fail "setcap failed"
in_a $NOBODY "$COPY" -i c0 -f icmp -c 4 --machine > "$WORK/nobody.pcap" 2> "$WORK/nobody.err" &
hpid=$!
BG_PIDS=$hpid
wait_for "$WORK/nobody.err" "^@ready 1 " 15 || fail "helper with capabilities did not start as nobody"
# Every capability is gone once the capture is open.
child=$(pgrep -n -f "$COPY -i c0 -f icmp" || true)
if [ -n "$child" ]; then
  capeff=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/"$child"/status)
  [ "$capeff" = "0000000000000000" ] || fail "the running helper still has capabilities $capeff"
fi
in_a ping -c 2 -i 0.2 -W 2 $IP_B > /dev/null
wait $hpid
status=$?
BG_PIDS=
[ $status -eq 0 ] || fail "helper with capabilities exited $status as nobody"
[ "$(count_records "$WORK/nobody.pcap")" -eq 4 ] || fail "helper as nobody did not capture the 4 ICMP packets"
echo "ok: helper with file capabilities captured 4 packets as nobody (CapEff ${capeff:-?} while running)"

# ... and the CLI run by that user uses it without being told to.
LSC_HELPER=$COPY in_a $NOBODY env HOME="$WORK/home" "$CLI" -i c0 -f icmp -c 4 -w "$WORK/home/cli.pcapng" -l \
    > "$OUT" 2> "$WORK/cli-nobody.err" &
BG_PIDS=$!
wait_for "$WORK/cli-nobody.err" "capturing on c0 through layerscope-capture" 15 || fail "CLI as nobody did not start the helper"
in_a ping -c 2 -i 0.2 -W 2 $IP_B > /dev/null
wait $BG_PIDS
status=$?
BG_PIDS=
[ $status -eq 0 ] || fail "layerscope-cli as nobody through the helper exited $status"
[ "$(grep -c "Echo (ping)" "$OUT")" -eq 4 ] || fail "layerscope-cli as nobody did not show 4 pings"
echo "ok: layerscope-cli as nobody captured through the helper"

# A bad filter is reported in one line by the unprivileged helper too.
in_a $NOBODY "$COPY" -i c0 -f "tcp port" > /dev/null 2> "$WORK/filter.err"
status=$?
[ $status -eq 1 ] || fail "bad filter: helper exited $status, not 1"
grep -q '^layerscope-capture: c0: the capture filter "tcp port" does not compile: .*syntax error' "$WORK/filter.err" \
  || fail "bad filter message"
[ "$(wc -l < "$WORK/filter.err")" -eq 1 ] || fail "bad filter: more than one line"
echo "ok: $(cat "$WORK/filter.err")"

# Numbers out of range are refused, not narrowed (2^32 + 64 once became 64).
for snap in 4294967360 -64 63 262145 12x ""; do
  in_a "$HELPER" -i c0 -s "$snap" --check > /dev/null 2> "$WORK/snap.err"
  status=$?
  [ $status -eq 2 ] || fail "-s '$snap': helper exited $status, not 2"
  [ "$(cat "$WORK/snap.err")" = "layerscope-capture: -s needs a snap length from 64 to 262144" ] \
    || fail "-s '$snap': $(cat "$WORK/snap.err")"
done
for count in 18446744073709551617 0 -1; do
  in_a "$HELPER" -i c0 -c "$count" --check > /dev/null 2> "$WORK/count.err"
  status=$?
  [ $status -eq 2 ] && [ "$(wc -l < "$WORK/count.err")" -eq 1 ] || fail "-c '$count': helper exited $status"
done
echo "ok: out-of-range -s and -c refused: $(cat "$WORK/snap.err")"

# The helper's output is a plain pcap stream: through a pipe and a FIFO into -r -.
( in_a "$HELPER" -i c0 -f icmp -c 4 -a duration:20 --machine 2> "$WORK/pipe.err" | "$CLI" -r - > "$OUT" 2>&1 ) &
BG_PIDS=$!
wait_for "$WORK/pipe.err" "^@ready" 15 || fail "the helper in the pipe did not start"
in_a ping -c 2 -i 0.2 -W 2 $IP_B > /dev/null
stops_within $BG_PIDS 20 || fail "the pipe into layerscope-cli -r - did not end"
BG_PIDS=
[ "$(grep -c "Echo (ping)" "$OUT")" -eq 4 ] || fail "layerscope-cli -r - did not show the 4 pings from the pipe"
mkfifo "$WORK/fifo"
"$CLI" -r "$WORK/fifo" > "$WORK/fifo.out" 2>&1 &
BG_PIDS=$!
in_a "$HELPER" -i c0 -f icmp -c 2 -a duration:20 --machine > "$WORK/fifo" 2> "$WORK/fifo.err" &
wait_for "$WORK/fifo.err" "^@ready" 15 || fail "the helper writing the FIFO did not start"
in_a ping -c 1 -W 2 $IP_B > /dev/null
stops_within $BG_PIDS 20 || fail "reading the FIFO did not end"
BG_PIDS=
[ "$(grep -c "Echo (ping)" "$WORK/fifo.out")" -eq 2 ] || fail "layerscope-cli -r FIFO did not show the ping"
echo "ok: helper | layerscope-cli -r - and through a FIFO"

# 3. setuid-root is refused.
cp "$HELPER" "$WORK/bin/suid-capture"
chmod 4755 "$WORK/bin/suid-capture"
in_a $NOBODY "$WORK/bin/suid-capture" -i c0 -c 1 > /dev/null 2> "$WORK/suid.err"
status=$?
if grep -q "refusing to run setuid-root" "$WORK/suid.err"; then
  [ $status -eq 5 ] || fail "setuid-root helper exited $status, not 5"
  echo "ok: setuid-root refused"
else
  # A file system mounted nosuid never gives euid 0; the helper then lacks privileges.
  [ $status -eq 4 ] || fail "setuid copy exited $status"
  echo "ok: setuid bit ignored here (nosuid); helper refused for lack of privileges"
fi

# 4. Injection: well-formed records send a frame, answer STATS and STOP.
in_b "$HELPER" -i d0 -f "ether proto 0x88b5" -c 1 -a duration:10 --machine > "$WORK/inj.pcap" 2> "$WORK/inj-b.err" &
BG_PIDS=$!
wait_for "$WORK/inj-b.err" "^@ready" 15 || fail "the receiving helper did not start"
python3 "$HERE/helper-stream.py" inject $MAC_B | in_a "$HELPER" -i c0 --inject --machine > /dev/null 2> "$WORK/inj-a.err"
status=$?
[ $status -eq 0 ] || fail "helper --inject exited $status on a well-formed stream"
grep -q "^@ready 1 " "$WORK/inj-a.err" || fail "no @ready line"
grep -q "^@sent 1$" "$WORK/inj-a.err" || fail "no @sent 1 line"
grep -q "^@stats [0-9]* [0-9]* [0-9]*$" "$WORK/inj-a.err" || fail "no @stats line"
wait $BG_PIDS
BG_PIDS=
[ "$(count_records "$WORK/inj.pcap")" -eq 1 ] || fail "the injected frame did not arrive in B"
"$CLI" -r "$WORK/inj.pcap" -x | grep -q "yerscope\.\.\." || fail "the injected frame's payload is wrong"
echo "ok: injected frame arrived; helper answered @sent and @stats"

# 5. Malformed streams: status 3, one line, never a signal.
for case in bad-magic bad-version bad-type huge-length too-long too-short stats-with-payload \
            truncated-header truncated-payload good-then-garbage; do
  python3 "$HERE/helper-stream.py" $case $MAC_B | in_a "$HELPER" -i c0 --inject > /dev/null 2> "$WORK/bad.err"
  status=$?
  [ $status -eq 3 ] || fail "$case: helper exited $status, not 3"
  [ "$(wc -l < "$WORK/bad.err")" -eq 1 ] || fail "$case: more than one line on stderr"
  grep -q "^layerscope-capture: malformed input" "$WORK/bad.err" || fail "$case: unclear message"
  echo "ok: $case rejected: $(cat "$WORK/bad.err")"
done

# Random bytes of many lengths: always a clean refusal, never a crash or a hang.
for n in 1 5 11 12 13 64 200 4096 70000; do
  head -c $n /dev/urandom | in_a "$HELPER" -i c0 --inject > /dev/null 2> "$WORK/bad.err"
  status=$?
  [ $status -eq 3 ] || fail "$n random bytes: helper exited $status, not 3"
done
echo "ok: random input of 1 to 70000 bytes rejected with status 3"

# Only network interfaces: libpcap's netfilter log, Bluetooth or D-Bus
# devices are not opened with the helper's capabilities.
in_a "$HELPER" -i nflog --check --machine > /dev/null 2> "$WORK/nflog.err"
status=$?
[ $status -eq 1 ] || fail "-i nflog: helper exited $status, not 1"
grep -q "^@error 1 nflog: no such interface" "$WORK/nflog.err" || fail "-i nflog: no clear refusal"
echo "ok: -i nflog refused: $(cat "$WORK/nflog.err")"

# A closed stdin is /dev/null to the helper, never its packet socket: with
# --inject it sees end of input at once and stops cleanly.
in_a sh -c 'exec "$0" -i c0 --inject --machine 0<&-' "$HELPER" > /dev/null 2> "$WORK/closed.err" &
hpid=$!
BG_PIDS=$hpid
stops_within $hpid 5 || fail "the helper with stdin closed did not stop"
wait $hpid
status=$?
BG_PIDS=
[ $status -eq 0 ] || fail "the helper with stdin closed exited $status, not 0"
grep -q "^@stats " "$WORK/closed.err" || fail "the helper with stdin closed gave no final @stats"
echo "ok: stdin closed: clean end of input"

# A signal while the helper's reader sleeps with the pipe full: the helper
# stops within its one-second grace, not when the reader wakes up, and the
# stream it leaves ends on a whole record; what did not get out counts as
# dropped.
mkfifo "$WORK/slow.fifo"
python3 -c 'import sys, time
f = open(sys.argv[1], "rb"); time.sleep(10)
open(sys.argv[2], "wb").write(f.read())' "$WORK/slow.fifo" "$WORK/slow.pcap" &
reader=$!
# timeout (not the in_a function) so that $! is a process that passes SIGTERM on.
timeout 60 ip netns exec "$NS_A" "$HELPER" -i c0 -f icmp --machine > "$WORK/slow.fifo" 2> "$WORK/slow.err" &
hpid=$!
BG_PIDS="$hpid $reader"
wait_for "$WORK/slow.err" "^@ready" 15 || fail "the helper writing to the slow reader did not start"
in_a ping -c 150 -i 0.01 -s 1200 -W 1 $IP_B > /dev/null
kill -TERM $hpid
stops_within $hpid 2 || fail "the helper did not stop promptly while its reader slept"
kill -0 $reader 2>/dev/null || fail "the slow reader woke up before the helper stopped: nothing tested"
wait $hpid
status=$?
wait $reader
BG_PIDS=
[ $status -eq 0 ] || fail "signal during a blocked write: helper exited $status, not 0"
"$CLI" -r "$WORK/slow.pcap" > "$OUT" 2>&1 || fail "signal during a blocked write: the stream is broken"
n=$(grep -c "Echo (ping)" "$OUT")
# What was not dropped must all be in the stream, which holds what the pipe
# took (fewer than the 300 frames: the pipe was full when the signal came).
set -- $(sed -n 's/^@stats //p' "$WORK/slow.err")
[ $# -eq 3 ] || fail "signal during a blocked write: no final @stats"
[ "$1" -eq 300 ] || fail "signal during a blocked write: $1 frames received, not 300"
[ "$n" -eq $(($1 - $2)) ] || fail "signal during a blocked write: $n pings in the stream, $1 received - $2 dropped"
[ "$n" -gt 0 ] && [ "$n" -lt 300 ] || fail "signal during a blocked write: $n pings, so the pipe never filled"
echo "ok: signal with the pipe full: stopped at once, exit 0, stream whole ($n pings = $1 received - $2 dropped)"

# The install script: a staged install (DESTDIR) changes nothing on this
# machine; a missing setcap fails before anything changes; a real install
# leaves the file root-owned, group-restricted, with the two capabilities.
SCRIPT=$HERE/../../src/helper/install-helper-caps.sh
mkdir -p "$WORK/stage/libexec"
cp "$HELPER" "$WORK/stage/libexec/layerscope-capture"
chmod 755 "$WORK/stage/libexec/layerscope-capture"
testgroup=lsc-t$$
DESTDIR=$WORK/stage sh "$SCRIPT" /libexec/layerscope-capture $testgroup > /dev/null 2> "$WORK/stage.err"
status=$?
if getent group $testgroup > /dev/null; then
  groupdel $testgroup
  fail "a DESTDIR install created group $testgroup on this machine"
fi
[ $status -eq 0 ] || fail "DESTDIR install: script exited $status"
[ "$(stat -c %a "$WORK/stage/libexec/layerscope-capture")" = 755 ] || fail "DESTDIR install changed the mode"
[ -z "$(getcap "$WORK/stage/libexec/layerscope-capture")" ] || fail "DESTDIR install set capabilities"
grep -q "setcap cap_net_raw,cap_net_admin+ep /libexec/layerscope-capture" "$WORK/stage.err" \
  || fail "DESTDIR install does not say what to run after installing"
mkdir -p "$WORK/nosetcap"
for tool in id getent groupadd chown chgrp chmod; do
  p=$(command -v $tool) && ln -s "$p" "$WORK/nosetcap/$tool"
done
PATH=$WORK/nosetcap "$(command -v sh)" "$SCRIPT" "$WORK/stage/libexec/layerscope-capture" $testgroup > /dev/null 2> "$WORK/nosetcap.err"
status=$?
getent group $testgroup > /dev/null && { groupdel $testgroup; fail "the script created a group without setcap"; }
[ $status -eq 1 ] || fail "install without setcap exited $status, not 1"
[ "$(stat -c %a "$WORK/stage/libexec/layerscope-capture")" = 755 ] || fail "install without setcap changed the mode"
grep -q "setcap not found" "$WORK/nosetcap.err" || fail "install without setcap: unclear message"
chown 65534 "$WORK/stage/libexec/layerscope-capture"
group=$(getent group 65534 | cut -d: -f1)
[ -n "$group" ] || fail "no group 65534 to install with"
sh "$SCRIPT" "$WORK/stage/libexec/layerscope-capture" "$group" > /dev/null 2> "$WORK/install.err" \
  || fail "install as root failed"
[ "$(stat -c %a:%u:%g "$WORK/stage/libexec/layerscope-capture")" = 750:0:65534 ] \
  || fail "installed helper is $(stat -c %a:%u:%g "$WORK/stage/libexec/layerscope-capture"), not 750:0:65534"
getcap "$WORK/stage/libexec/layerscope-capture" | grep -q "cap_net_admin,cap_net_raw=ep" || fail "installed helper lacks its capabilities"
# Through sh: setpriv itself may still hold root's capabilities when it calls exec.
in_a $NOBODY sh -c 'exec "$0" -i c0 --check --machine' "$WORK/stage/libexec/layerscope-capture" \
  > /dev/null 2> "$WORK/ingroup.err" \
  || fail "a member of the group cannot run the installed helper"
in_a setpriv --reuid=65534 --regid=65533 --clear-groups sh -c 'exec "$0" -i c0 --check' \
  "$WORK/stage/libexec/layerscope-capture" > /dev/null 2> "$WORK/outside.err"
status=$?
[ $status -eq 126 ] || fail "a user outside the group ran the installed helper (status $status)"
echo "ok: install script: DESTDIR and missing setcap change nothing; installed root:$group 0750 with capabilities"

# 6. The helper exits when the program that started it goes away.
in_a python3 -c "
import subprocess, sys, time
p = subprocess.Popen(['$HELPER', '-i', 'c0'], stdout=subprocess.DEVNULL)
print(p.pid, flush=True)
time.sleep(1)
" > "$WORK/orphan.pid"
orphan=$(cat "$WORK/orphan.pid")
[ -n "$orphan" ] || fail "could not start the helper under a parent"
if ! stops_within "$orphan" 3; then
  kill "$orphan"
  fail "the helper outlived its parent"
fi
echo "ok: helper exited with its parent"

# ... and stops on SIGTERM even when its parent started it with SIGTERM blocked.
in_a python3 -c "
import signal, subprocess, time
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
p = subprocess.Popen(['$HELPER', '-i', 'c0', '--machine'], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
p.stderr.readline()
p.terminate()
try:
    print(p.wait(timeout=3))
except subprocess.TimeoutExpired:
    p.kill()
    print('still running')
" > "$WORK/masked.out"
[ "$(cat "$WORK/masked.out")" = 0 ] || fail "helper started with SIGTERM blocked: $(cat "$WORK/masked.out") after SIGTERM"
echo "ok: helper started with SIGTERM blocked still stops on SIGTERM"
exit 0
