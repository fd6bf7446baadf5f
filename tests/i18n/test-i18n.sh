#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
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

# The CLI's own messages, the lab's and the decoded Info suffixes: in
# Chinese under zh_CN, still one line and the same exit status.
run zh_CN "$podir" -r "$capture" -t x >"$tmp/zh-err" 2>&1
zs=$?
check "zh_CN: a bad -t is refused in Chinese, exit 1 (as tshark), one line" \
  sh -c "test $zs -eq 1 && test \$(wc -l <'$tmp/zh-err') -eq 1 && grep -q '^layerscope-cli: -t 的时间格式“x”未知' '$tmp/zh-err'"
run zh_CN "$podir" -r "$capture" -f icmp >"$tmp/zh-f" 2>&1
check "zh_CN: -f with -r is refused in Chinese" grep -q '用于实时捕获' "$tmp/zh-f"
run zh_CN "$podir" lab bogus >"$tmp/zh-lab" 2>&1
check "zh_CN: the lab's messages in Chinese" grep -q '^layerscope-cli lab：未知的操作“bogus”' "$tmp/zh-lab"
run zh_CN "$podir" tcp 198.18.0.1 >"$tmp/zh-craft" 2>&1
check "zh_CN: the crafting commands' messages in Chinese" grep -qx 'layerscope-cli tcp: 必须给出 --dport' "$tmp/zh-craft"
run zh_CN "$podir" -r "$capture" -Y 'icmp.resp_to' -c 1 >"$tmp/zh-icmp" 2>&1
check "zh_CN: a ping reply's Info names its request in Chinese" grep -q '（请求在 [0-9]*）' "$tmp/zh-icmp"
run zh_CN "$podir" --help-all >"$tmp/zh-help" 2>&1
check "zh_CN: the new options' help in Chinese" grep -q '时间列：' "$tmp/zh-help"

# The conversation tables in Chinese line up: every heading of the TCP
# table ends (or starts) in the same screen column as the cells under it,
# counting a Chinese character as two columns.
run zh_CN "$podir" -r "$capture" --conversations >"$tmp/zh-conv" 2>&1
check "zh_CN: conversation table headings translated" grep -q '^流 *客户端 (A)' "$tmp/zh-conv"
check "zh_CN: conversation table columns line up (wide characters count twice)" python3 - "$tmp/zh-conv" <<'EOF'
import sys, unicodedata
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
head = next(i for i, l in enumerate(lines) if l.startswith('流 '))
h, r = lines[head], lines[head + 1]
# Right-aligned number columns end where their headings end: the cell
# "6/518" (A->B frames/bytes) and the heading above it.
cells = r.split()
ab = cells[3]
end_row = width(r[:r.index(ab) + len(ab)])
end_head = width(h[:h.index('A→B 帧/字节') + len('A→B 帧/字节')])
sys.exit(0 if end_row == end_head else 1)
EOF

# The UDP and ping Info are put together by hand while the catalogue keeps
# their layout; a catalogue that changes it must show in every line.
mkdir -p "$tmp/po/zh_CN/LC_MESSAGES"
python3 - "$src/po/zh_CN.po" >"$tmp/relaid.po" <<'EOF2'
import sys
text = open(sys.argv[1], encoding='utf-8').read()
for msgid, msgstr in (('%u → %u Len=%u', '%u → %u 长度 %u'),
                      ('%-19s  id=0x%04x, seq=%u/%u, ttl=%u', '%s：标识 0x%04x，序号 %u/%u，TTL %u')):
    head = 'msgid "%s"\nmsgstr "' % msgid
    at = text.index(head) + len(head)
    text = text[:at] + msgstr + text[text.index('"', at):]
sys.stdout.write(text)
EOF2
"$msgfmt" -o "$tmp/po/zh_CN/LC_MESSAGES/layerscope.mo" "$tmp/relaid.po"
run zh_CN "$tmp/po" -r "$src/tests/golden/captures/lab-reassembly.pcapng" >"$tmp/relaid-udp" 2>&1
check "a catalogue that changes the UDP Info's layout is followed" grep -q '59854 → 9 长度 3000' "$tmp/relaid-udp"
run zh_CN "$tmp/po" -r "$capture" >"$tmp/relaid-ping" 2>&1
check "a catalogue that changes the ping Info's layout is followed" grep -q '：标识 0x6114，序号 1/256，TTL 64' "$tmp/relaid-ping"

echo "1..$n"
exit $fail
