#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# add-spdx.sh [--check]
# Puts an SPDX licence line at the top of every source file git tracks (C,
# headers, Python, shell, meson, GtkBuilder templates, CSS, man pages), in
# that language's comment, after a #! line or an XML declaration.  Files
# that have one are left alone, so it is safe to run again.
# --check changes nothing: it lists the files without one and fails if any.
# Once it has run, tests/check-house.sh can hold every new file to it:
#   check "every source file has an SPDX line" sh -c "tools/add-spdx.sh --check 2>&1 | tail -n +2"
set -eu
cd "$(dirname "$0")/.."
spdx="SPDX-License-Identifier: GPL-3.0-or-later"
check=no
[ "${1:-}" = --check ] && check=yes

git ls-files -- '*.c' '*.h' '*.py' '*.sh' 'meson.build' '*/meson.build' 'meson_options.txt' \
                '*.ui' '*.css' 'docs/man/*' '.ci/run' 'tools/*' |
while IFS= read -r f; do
  [ -f "$f" ] || continue
  # Files without one of these endings are scripts by their #! line.
  if head -n 5 "$f" | grep -q "SPDX-License-Identifier:"; then
    continue
  fi
  if [ $check = yes ]; then
    echo "$f"
    continue
  fi
  case $f in
    *.c|*.h|*.css) line="/* $spdx */" ;;
    *.ui) line="<!-- $spdx -->" ;;
    docs/man/*) line=".\\\" $spdx" ;;
    *) line="# $spdx" ;;
  esac
  first=$(head -n 1 "$f")
  tmp=$(mktemp)
  case $first in
    '#!'*|'<?xml'*) { printf '%s\n%s\n' "$first" "$line"; tail -n +2 "$f"; } >"$tmp" ;;
    *) { printf '%s\n' "$line"; cat "$f"; } >"$tmp" ;;
  esac
  # Keep the mode (scripts stay executable).
  cat "$tmp" >"$f"
  rm -f "$tmp"
done > "${TMPDIR:-/tmp}/add-spdx.$$"
status=0
if [ -s "${TMPDIR:-/tmp}/add-spdx.$$" ]; then
  echo "add-spdx.sh: files without an SPDX line:" >&2
  cat "${TMPDIR:-/tmp}/add-spdx.$$" >&2
  status=1
fi
rm -f "${TMPDIR:-/tmp}/add-spdx.$$"
exit $status
