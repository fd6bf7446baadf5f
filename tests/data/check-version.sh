#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-version.sh VERSION SOURCE_ROOT PROGRAM...
# The version meson knows is the one every program prints with --version,
# the newest <release> of the metainfo and the top entry of NEWS.  TAP.
set -u
version=$1 root=$2
shift 2
n=0 failed=0
check () {
  n=$((n + 1))
  if [ "$2" = "$3" ]; then echo "ok $n - $1"; else echo "not ok $n - $1: '$2', meson says '$3'"; failed=1; fi
}
for prog in "$@"; do
  name=$(basename "$prog")
  check "$name --version" "$("$prog" --version 2>&1 | head -n 1)" "$name $version"
done
release=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$root/data/org.layerscope.Layerscope.metainfo.xml.in" | head -n 1)
check "newest metainfo <release>" "$release" "$version"
news=$(sed -n '1s/^Layerscope \([^ ]*\) .*/\1/p' "$root/NEWS")
check "top of NEWS" "$news" "$version"
echo "1..$n"
exit $failed
