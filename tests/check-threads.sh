#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# layerscope-cli decodes a file on two threads that take turns on batches of
# 256 frames, and formats the frames' text on both threads once the in-order
# analysis has seen them.  Whatever the output mode, the count, or where the
# file breaks, it must print exactly what one thread prints (--one-thread),
# with the same error and exit status.  The capture is generated here, long enough for many
# batches and both threads.
set -u
cli=$1
root=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lsc-threads.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
cap="$tmp/mixed.pcap"
python3 "$root/tests/gen/lsc-gen.py" bench 3000 "$cap" >/dev/null || { echo "Bail out! cannot generate the capture"; exit 1; }

n=0
fail=0
input=/dev/null   # standard input of both runs
same () {
  what=$1
  shift
  n=$((n + 1))
  "$cli" "$@" <"$input" >"$tmp/two.out" 2>"$tmp/two.err"
  echo "exit $?" >>"$tmp/two.err"
  "$cli" --one-thread "$@" <"$input" >"$tmp/one.out" 2>"$tmp/one.err"
  echo "exit $?" >>"$tmp/one.err"
  if cmp -s "$tmp/one.out" "$tmp/two.out" && cmp -s "$tmp/one.err" "$tmp/two.err"; then
    echo "ok $n - $what ($(wc -l <"$tmp/one.out") lines, $(tail -1 "$tmp/one.err"))"
  else
    echo "not ok $n - $what: two threads print something else than one"
    diff "$tmp/one.out" "$tmp/two.out" | head -5 | sed 's/^/# /'
    diff "$tmp/one.err" "$tmp/two.err" | head -5 | sed 's/^/# /'
    fail=1
  fi
}

same "summary lines" -r "$cap"
same "full trees" --full-trees -r "$cap"
same "-V" -V -r "$cap"
same "-T json" -T json -r "$cap"
same "-T fields" -T fields -e frame.number -e tcp.stream -e tcp.seq -e icmp.resptime -r "$cap"
same "-T jsonl" -T jsonl -r "$cap"
same "-T ek" -T ek -r "$cap"
same "-T psml -t dd under a filter" -T psml -t dd -Y "tcp or udp" -r "$cap"
same "-T json --no-json-labels" -T json --no-json-labels -r "$cap"
same "-x -A" -x -A -r "$cap"
# Times relative to the previous frame shown: the in-order step notes it.
same "-t dd with -Y" -t dd -Y "udp or arp" -r "$cap"
same "-V -t ud -c 700" -V -t ud -c 700 -r "$cap"
same "-T json -c 513" -T json -c 513 -r "$cap"
same "-T json -Y matching nothing" -T json -Y "tcp.port == 1" -r "$cap"
same "-V with -w and -P" -V -P -w "$tmp/w.pcap" -r "$cap"
same "-Y filter" -Y "tcp.flags.syn == 1 or arp" -r "$cap"
same "--no-analysis" --no-analysis -r "$cap"
same "--conversations" --conversations -r "$cap"
same "--flow" --flow --stream 7 -r "$cap"
input=$cap
same "standard input" -r -
input=/dev/null
for c in 1 255 256 257 511 512 513 2999 3000 3001; do
  same "-c $c" -c "$c" -r "$cap"
done
same "-c 300 with -Y" -c 300 -Y "not tcp" -r "$cap"

# Cut the file inside a record, in the first batch and in later ones.
size=$(wc -c <"$cap")
for cut in 100 20000 200000 $((size / 2 + 7)) $((size - 3)); do
  head -c "$cut" "$cap" >"$tmp/cut.pcap"
  same "cut at byte $cut" -r "$tmp/cut.pcap"
  same "cut at byte $cut, -c 600" -c 600 -r "$tmp/cut.pcap"
done
# A corrupt record length in a later batch: reading from the file's map
# hands over to libpcap there, while earlier frames are still in use.
python3 - "$cap" "$tmp/corrupt.pcap" <<'EOF'
import struct, sys
data = bytearray(open(sys.argv[1], 'rb').read())
pos = 24
for _ in range(700):
    caplen = struct.unpack_from('<I', data, pos + 8)[0]
    pos += 16 + caplen
struct.pack_into('<I', data, pos + 8, 0xffffffff)
open(sys.argv[2], 'wb').write(data)
EOF
same "corrupt record 701" -r "$tmp/corrupt.pcap"
same "corrupt record 701, -V" -V -r "$tmp/corrupt.pcap"
# The output fails (disk full): the same error and exit status, whichever
# thread writes.
if [ -w /dev/full ]; then
  for mode in -V "-T json"; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    "$cli" $mode -r "$cap" >/dev/full 2>"$tmp/two.err"
    echo "exit $?" >>"$tmp/two.err"
    # shellcheck disable=SC2086
    "$cli" --one-thread $mode -r "$cap" >/dev/full 2>"$tmp/one.err"
    echo "exit $?" >>"$tmp/one.err"
    if cmp -s "$tmp/one.err" "$tmp/two.err" && grep -q . "$tmp/one.err"; then
      echo "ok $n - $mode to a full disk ($(head -1 "$tmp/one.err"))"
    else
      echo "not ok $n - $mode to a full disk: two threads say something else than one"
      diff "$tmp/one.err" "$tmp/two.err" | head -5 | sed 's/^/# /'
      fail=1
    fi
  done
fi
echo "1..$n"
exit $fail
