#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-golden.sh CLI EXPECTED CAPTURE [ARGS...]
# Runs layerscope-cli on CAPTURE and compares its standard output with the
# EXPECTED file; on a difference prints the unified diff and fails.
# Standard error and the exit status are part of the comparison: they are
# appended to the output as "[stderr] ..." and "[exit N]" lines.  -T json
# output is pretty-printed (and so checked to be valid JSON) first.
set -u
cli=$1 expected=$2 capture=$3
shift 3
export TZ=UTC LC_ALL=C.UTF-8
tmp=$(mktemp)
err=$(mktemp)
trap 'rm -f "$tmp" "$err"' EXIT
case $cli in /*) ;; *) cli="$PWD/$cli" ;; esac
case $expected in /*) ;; *) expected="$PWD/$expected" ;; esac
# Run next to the capture so messages name it without a machine-specific path.
cd "$(dirname "$capture")" || exit 1
capture=$(basename "$capture")
"$cli" "$@" -r "$capture" >"$tmp" 2>"$err"
rc=$?
case " $* " in
  *" -T json "*)
    # One key per line, so a difference shows as the one value that changed
    # (and output that is not valid JSON fails here).
    if ! python3 -m json.tool --indent 1 --no-ensure-ascii "$tmp" >"$tmp.json" 2>>"$err"; then
      cp "$tmp" "$tmp.json"
    fi
    mv "$tmp.json" "$tmp" ;;
esac
sed 's/^/[stderr] /' "$err" >>"$tmp"
[ "$rc" -ne 0 ] && echo "[exit $rc]" >>"$tmp"
if [ "${LSC_GOLDEN_WRITE:-}" = 1 ]; then
  cp "$tmp" "$expected"
  exit 0
fi
if [ ! -f "$expected" ]; then
  echo "golden: $expected is missing (run tests/golden/regen.sh)"
  exit 1
fi
if ! diff -u "$expected" "$tmp"; then
  echo "golden: output of '$(basename "$cli") $* -r $(basename "$capture")' differs from $(basename "$expected")"
  echo "golden: if the change is intended, run tests/golden/regen.sh and review the diff"
  exit 1
fi
