#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# App benchmark: layerscope --benchmark-open on the generated distinct capture
# under Xvfb, three runs, medians; tshark on the same file for the ratios.
#
#   bench/bench-app.sh [BUILD_DIR] [PACKETS]     (defaults: build 1000000)
#
# Figures (each the median of three runs): first rows and full index; memory
# once indexed and after the analysis (resident, anonymous, file-backed,
# peak); the work of scrolling to the end and selecting the last packet, with
# its CPU time; the display filter 'tcp.flags.syn == 1': time to apply it,
# to the first matching rows, the longest gap between frames; clearing it;
# then every packet sorted by Source (its time, frame gap and stall).  Ratios:
# our peak memory / tshark -n -r's, our filter time / tshark -n -r -Y's.
# Targets: peak < 300 MB, scroll + select < 50 ms of work, filter: first
# rows < 1 s and no frame gap > 100 ms; the sort: no frame gap > 100 ms.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-1000000}
app="$build/src/app/layerscope"
out=bench/out
export TZ=UTC LC_ALL=C.UTF-8 GTK_A11Y=none GSK_RENDERER=cairo GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"
[ -x "$app" ] || { echo "bench-app: $app not found (build first)" >&2; exit 1; }
for t in xvfb-run tshark /usr/bin/time python3; do
  command -v "$t" >/dev/null || { echo "bench-app: $t is not installed (tools/install-deps.sh)" >&2; exit 1; }
done
mkdir -p "$out"
f="$out/distinct-$n.pcap"
if [ ! -s "$f" ] || [ tests/gen/lsc-gen.py -nt "$f" ]; then
  echo "generating $f ..." >&2
  python3 tests/gen/lsc-gen.py distinct "$n" "$f"
fi
cat "$f" >/dev/null

res="$out/app.txt"
: >"$res"
for i in 1 2 3; do
  xvfb-run -a "$app" --benchmark-open "$f" >"$out/app-run.txt" 2>&1 || { cat "$out/app-run.txt" >&2; exit 1; }
  cat "$out/app-run.txt" >>"$res"
done
t0=$(date +%s%N)
/usr/bin/time -f '%M' -o "$out/rss.txt" tshark -n -r "$f" -Y 'tcp.flags.syn == 1' >/dev/null 2>"$out/stderr.txt" || {
  cat "$out/stderr.txt" >&2; exit 1; }
t1=$(date +%s%N)
echo "tshark-filter $(( (t1 - t0) / 1000000 )) $(tail -n 1 "$out/rss.txt")" >>"$res"

awk '
  function med(k,   a, i, j, t, c) { c = cnt[k]; for (i = 1; i <= c; i++) a[i] = v[k, i]
    for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return a[int((c + 1) / 2)] }
  function put(k, x) { v[k, ++cnt[k]] = x }
  /^first rows visible:/ { put("first", $4) }
  /^fully indexed:/ { put("indexed", $3) }
  /^memory once indexed:/ { put("idx_rss", $5); put("idx_anon", $8); put("idx_file", $11); put("idx_peak", $14) }
  /^memory after the analysis:/ { put("an_rss", $6); put("an_anon", $9); put("an_file", $12); put("an_peak", $15) }
  /^scroll to end and select last packet:/ { put("scroll", $8); put("painted", $12) }
  /^  scroll the list to its end:/ { put("s_list", $7); put("s_list_cpu", $10) }
  /^  select the last packet/ { put("s_sel", $9); put("s_sel_cpu", $12) }
  /^  frame layout/ { put("layout", $7) }
  /^  frame paint:/ { put("paint", $3) }
  /^display filter set/ { put("fset", $12) }
  /^display filter '"'"'/ { put("filter", $7); put("matches", substr($9, 2)) }
  /^  first matching rows shown:/ { put("f_first", $5) }
  /^  longest gap between frames:/ { put("gap", $5); put("stall", $10) }
  /^filter cleared/ { put("cleared", $6) }
  /^  most main-thread CPU/ { put("gap_cpu", $9) }
  /^sorted by Source:/ { put("sort", $4); put("sort_gap", $12); put("sort_stall", $17); put("sort_cpu", $27) }
  /^memory after sorting:/ { put("so_rss", $5); put("so_anon", $8); put("so_file", $11); put("so_peak", $14) }
  /^tshark-filter/ { ts = $2 / 1000; tm = $3 / 1024 }
  END {
    printf "layerscope --benchmark-open, median of %d runs; tshark -n -r -Y once\n", cnt["first"]
    printf "first rows visible %.3f s, fully indexed %.3f s\n", med("first"), med("indexed")
    printf "memory once indexed: %.1f MB (anonymous %.1f, file-backed %.1f)\n", med("idx_rss"), med("idx_anon"), med("idx_file")
    printf "memory after the analysis: %.1f MB (anonymous %.1f, file-backed %.1f), peak %.1f MB\n",
           med("an_rss"), med("an_anon"), med("an_file"), med("an_peak")
    printf "peak / tshark peak (%.1f MB): %.3f   target < 300 MB: %s\n", tm, med("an_peak") / tm, med("an_peak") < 300 ? "met" : "MISSED"
    printf "scroll to end + select last: %.1f ms of work (scroll %.1f, CPU %.1f; select %.1f, CPU %.1f), frame layout %.1f ms, paint %.1f ms, painted after %.1f ms   target < 50 ms: %s\n",
           med("scroll"), med("s_list"), med("s_list_cpu"), med("s_sel"), med("s_sel_cpu"), med("layout"), med("paint"), med("painted"),
           med("scroll") < 50 ? "met" : "MISSED"
    printf "display filter tcp.flags.syn == 1 (%d matches): applied %.2f s (%.3f x tshark -Y, %.2f s), first rows %.3f s, longest frame gap %.1f ms, longest stall %.1f ms   targets < 1 s: %s, gap <= 100 ms: %s\n",
           med("matches"), med("filter"), med("filter") / ts, ts, med("f_first"), med("gap"), med("stall"),
           med("f_first") < 1 ? "met" : "MISSED", med("gap") <= 100 ? "met" : "MISSED"
    printf "  setting the filter (compiled, the old rows taken from the view): %.1f ms\n", med("fset")
    printf "  the main thread'"'"'s own CPU time between two frames (or 10 ms ticks), at most: %.1f ms (the rest of a gap is the machine'"'"'s load)\n", med("gap_cpu")
    printf "filter cleared, every row back: %.1f ms; every packet sorted by Source: %.2f s, longest frame gap %.1f ms, longest stall %.1f ms, main-thread CPU between two frames at most %.1f ms   target gap <= 100 ms: %s\n",
           med("cleared"), med("sort"), med("sort_gap"), med("sort_stall"), med("sort_cpu"), med("sort_gap") <= 100 ? "met" : "MISSED"
    printf "memory after sorting: %.1f MB (anonymous %.1f, file-backed %.1f), peak %.1f MB   target < 300 MB: %s\n",
           med("so_rss"), med("so_anon"), med("so_file"), med("so_peak"), med("so_peak") < 300 ? "met" : "MISSED"
  }' "$res"
rm -f "$out/rss.txt" "$out/stderr.txt" "$out/app-run.txt"
