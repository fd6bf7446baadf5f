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
