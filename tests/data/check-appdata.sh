#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-appdata.sh DESKTOP METAINFO SOURCE_ROOT
# The built desktop entry and metainfo carry the zh_CN translations from
# po/ (not strings typed into them); the metainfo names the website and the
# issue tracker, shows the README's pictures (files the repository has, by
# the public repository's URL) and its newest release is NEWS's top entry,
# date included.  TAP.
set -u
desktop=$1 metainfo=$2 root=$3
n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
bad () { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
check () { desc=$1; shift; if "$@" >/dev/null 2>&1; then ok "$desc"; else bad "$desc"; fi; }

for key in GenericName Comment Keywords; do
  check ".desktop $key[zh_CN] is translated" grep -Eq "^$key\[zh_CN\]=.*[^ -~]" "$desktop"
done
check ".desktop.in has no zh_CN typed in (po/ is the one place)" sh -c "! grep -q 'zh_CN' '$root/data/org.layerscope.Layerscope.desktop.in'"
check "metainfo summary in zh_CN" grep -Eq '<summary xml:lang="zh_CN">[^<]*[^ -~]' "$metainfo"
check "metainfo description in zh_CN" grep -Eq '<p xml:lang="zh_CN">' "$metainfo"
check "metainfo screenshot captions in zh_CN" grep -Eq '<caption xml:lang="zh_CN">' "$metainfo"
check "metainfo homepage" grep -Eq '<url type="homepage">https://[^<]+</url>' "$metainfo"
check "metainfo bug tracker" grep -Eq '<url type="bugtracker">https://[^<]+</url>' "$metainfo"
check "metainfo content rating" grep -q '<content_rating type="oars-1.1"' "$metainfo"

images=$(sed -n 's|.*<image>\(.*\)</image>.*|\1|p' "$metainfo")
[ -n "$images" ] && ok "metainfo has screenshots" || bad "metainfo has screenshots"
for url in $images; do
  name=${url##*/}
  case $url in
    https://*/docs/"$name") ok "screenshot $name is a public URL of docs/$name" ;;
    *) bad "screenshot URL $url is not a public URL of docs/" ;;
  esac
  check "screenshot $name exists in docs/" test -s "$root/docs/$name"
  check "screenshot $name is the README's picture" grep -q "(docs/$name)" "$root/README.md"
done

release=$(sed -n 's/.*<release version="\([^"]*\)" date="\([^"]*\)".*/\1 (\2)/p' "$metainfo" | head -n 1)
news=$(sed -n '1s/^Layerscope //p' "$root/NEWS")
if [ -n "$release" ] && [ "$release" = "$news" ]; then ok "newest release $release is NEWS's top entry"
else bad "newest metainfo release '$release' is not NEWS's top entry '$news'"; fi
echo "1..$n"
exit $failed
