#!/bin/sh
# zh_CN: the catalogue passes msgfmt's format checks, and layerscope-cli run
# from the build tree (LAYERSCOPE_LOCALEDIR) prints its layer headings in
# Chinese under LANGUAGE=zh_CN and in English under LANGUAGE=C.
#   test-i18n.sh MSGFMT LAYERSCOPE-CLI BUILD-PO-DIR SOURCE-ROOT
set -u
msgfmt=$1 cli=$2 podir=$3 src=$4
capture=$src/data/captures/classroom.pcapng
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
check () { desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }

# gettext ignores LANGUAGE when the locale is plain C; C.UTF-8 is the
# locale every glibc system has, and it honours LANGUAGE.
run () {
  lang=$1 dir=$2; shift 2
  env LC_ALL=C.UTF-8 LANGUAGE="$lang" LAYERSCOPE_LOCALEDIR="$dir" "$cli" "$@"
}

if "$msgfmt" --check --statistics -o /dev/null "$src/po/zh_CN.po" 2>"$tmp/stats"; then
  ok "msgfmt --check po/zh_CN.po: $(cat "$tmp/stats")"
else
  not_ok "msgfmt --check po/zh_CN.po"
  sed 's/^/# /' "$tmp/stats"
fi

run zh_CN "$podir" -r "$capture" -V -c 1 >"$tmp/zh" 2>&1
check "zh_CN: exit status 0" test $? -eq 0
check "zh_CN: OSI layer 1 heading in Chinese" grep -qx '第 1 层：物理层' "$tmp/zh"
check "zh_CN: OSI layer 2 heading in Chinese" grep -qx '第 2 层：数据链路层' "$tmp/zh"
check "zh_CN: OSI layer 7 heading in Chinese" grep -q '^第 7 层：应用层' "$tmp/zh"
check "zh_CN: no English layer heading left" sh -c "! grep -q '^Layer [0-9]' '$tmp/zh'"

run zh_CN "$podir" -r "$capture" -V -c 1 --model tcpip4 >"$tmp/zh4" 2>&1
check "zh_CN: TCP/IP 4 link layer is the network interface layer" \
  grep -qx '第 1 层：网络接口层' "$tmp/zh4"

run C "$podir" -r "$capture" -V -c 1 >"$tmp/c" 2>&1
check "C: exit status 0" test $? -eq 0
check "C: layer headings in English" grep -qx 'Layer 1: Physical' "$tmp/c"
check "C: no Chinese in the output" sh -c "! LC_ALL=C.UTF-8 grep -qP '\\p{Han}' '$tmp/c'"

run zh_CN "$tmp/no-such-dir" -r "$capture" -V -c 1 >"$tmp/nodir" 2>&1
check "zh_CN without the catalogue: English, same as C" cmp -s "$tmp/c" "$tmp/nodir"

# A translation must change words only: every frame of the capture prints
# the same number of lines in both languages (no format mix-up, no crash).
run zh_CN "$podir" -r "$capture" -V >"$tmp/zh-all" 2>&1
zs=$?
run C "$podir" -r "$capture" -V >"$tmp/c-all" 2>&1
cs=$?
check "whole capture -V: both languages exit 0" test "$zs$cs" = 00
check "whole capture -V: same line count in both languages" \
  test "$(wc -l <"$tmp/zh-all")" -eq "$(wc -l <"$tmp/c-all")"

echo "1..$n"
exit $fail
