#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# regen.sh [BUILD_DIR]
# Regenerates the golden captures (tests/gen/lsc-gen.py) and the expected
# outputs with BUILD_DIR's layerscope-cli (default: build), then shows what
# changed.  Read the diff before committing: the expected files are only as
# right as the person who blessed them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
cli="$build/src/cli/layerscope-cli"
[ -x "$cli" ] || { echo "regen.sh: $cli not found (build first)" >&2; exit 1; }
cd "$here"
python3 ../gen/lsc-gen.py corpus captures >/dev/null
mkdir -p expected
grep -v '^#' cases.txt | while read -r exp cap args; do
  [ -n "$exp" ] || continue
  # shellcheck disable=SC2086 # args is a word list on purpose
  LSC_GOLDEN_WRITE=1 ./run-golden.sh "$cli" "expected/$exp" "captures/$cap" $args
done
git -C "$root" status --short -- tests/golden
