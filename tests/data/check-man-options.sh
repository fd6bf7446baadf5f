#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-man-options.sh MANPAGE PROGRAM [COMMAND...]
# Every option PROGRAM --help-all lists (and every option of each COMMAND's
# --help) appears in the man page, written as man(7) writes it (\-\-long,
# \-x).  TAP, one line per option.
set -u
page=$1 prog=$2
shift 2
n=0 failed=0
options () {
  # "  -r, --read-file=FILE   text" -> -r and --read-file
  sed -n 's/^  \(-[^ ].*\)$/\1/p' | sed 's/   .*//' | tr ',' '\n' | sed 's/^ *//; s/[= ].*//' | grep '^-'
}
list=$( { "$prog" --help-all; for c in "$@"; do "$prog" "$c" --help; done; } 2>&1 | options | sort -u)
[ -n "$list" ] || { echo "not ok 1 - no options found in $prog --help-all"; echo "1..1"; exit 1; }
for opt in $list; do
  n=$((n + 1))
  roff=$(printf '%s' "$opt" | sed 's/-/\\-/g')
  if grep -qF -- "$roff" "$page"; then echo "ok $n - $opt"; else echo "not ok $n - $opt is not in $(basename "$page")"; failed=1; fi
done
echo "1..$n"
exit $failed
