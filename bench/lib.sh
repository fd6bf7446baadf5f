# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the bench scripts (sourced, from the top of the tree, with $out
# set to the output folder).

# gen N: the generator's distinct capture of N packets in $out, made once
# (again when the generator changed), read once so that every tool reads it
# from the page cache; prints its path.
gen () {
  f="$out/distinct-$1.pcap"
  if [ ! -s "$f" ] || [ tests/gen/lsc-gen.py -nt "$f" ]; then
    echo "generating $f ..." >&2
    python3 tests/gen/lsc-gen.py distinct "$1" "$f"
  fi
  cat "$f" >/dev/null
  echo "$f"
}

# peak_kb CMD...: the command's peak resident memory in KB (output thrown away).
peak_kb () {
  /usr/bin/time -f '%M' -o "$out/rss.txt" "$@" >/dev/null 2>"$out/stderr.txt" || {
    echo "bench: $* failed:" >&2; cat "$out/stderr.txt" >&2; exit 1; }
  tail -n 1 "$out/rss.txt"
}

# peaks CLI FILE...: the peak memory of the streaming modes (summary, -Y,
# -T fields) on each file, one run each (memory is not noisy): lines
# "MODE FILE KB".
peaks () {
  pcli=$1
  shift
  for f in "$@"; do
    echo "summary $f $(peak_kb "$pcli" -r "$f")"
    echo "-Y $f $(peak_kb "$pcli" -r "$f" -Y 'tcp.flags.syn == 1')"
    echo "fields $f $(peak_kb "$pcli" -r "$f" -T fields -e frame.number -e ip.src -e tcp.stream -e udp.stream \
                        -e tcp.conv.role)"
  done
}
