#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Flow panel benchmark: one TCP connection of 100,000 segments (bench/gen-stream.py),
# opened in the app with its flow panel showing that stream.  Prints how long
# the ladder takes to build and to paint, and to scroll to the last arrow
# (target: shown in under 1 s; only the arrows in view are drawn, so the
# scroll costs what one screen of arrows costs), plus the packet-list figures
# of --benchmark-open.  Runs under Xvfb with the cairo renderer.
#
#   bench/bench-flow.sh [BUILD_DIR] [SEGMENTS]     (defaults: build 100000)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-100000}
app="$build/src/app/layerscope"
out=bench/out
[ -x "$app" ] || { echo "bench-flow: $app not found (build first)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "bench-flow: xvfb-run is not installed" >&2; exit 1; }
mkdir -p "$out"
f="$out/stream-$n.pcap"
[ -s "$f" ] || python3 bench/gen-stream.py "$n" "$f"
for run in 1 2 3; do
  echo "== run $run"
  GSK_RENDERER=cairo GTK_A11Y=none GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
    xvfb-run -a -s "-screen 0 1400x900x24" "$app" --benchmark-open "$f" --flow 0
done

# The same ladder as text: layerscope-cli --flow against tshark's flow graph
# (-z flow,tcp,standard), best wall time of three each.
cli="$build/src/cli/layerscope-cli"
best () {
  python3 - "$@" <<'PY'
import subprocess, sys, time
runs = []
for _ in range(3):
    t = time.monotonic()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs.append(time.monotonic() - t)
print("%.3f" % min(runs))
PY
}
ours=$(best "$cli" -r "$f" --flow --stream 0)
echo "layerscope-cli --flow --stream 0: $ours s"
if command -v tshark >/dev/null; then
  theirs=$(best tshark -n -r "$f" -q -z flow,tcp,standard)
  echo "tshark -q -z flow,tcp,standard: $theirs s"
  echo "ratio layerscope-cli / tshark: $(python3 -c "print('%.2f' % ($ours / $theirs))")"
fi
