#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The house rules, checked: which code may include which headers.
#   src/core     GLib/GIO only: no pcap.h, libnet.h, GTK
#   pcap.h       only in src/capture and src/helper
#   libnet.h     only in src/craft and src/helper
#   gtk.h        only in src/app
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 1
fail=0
n=0
check () {
  n=$((n + 1))
  desc=$1; shift
  hits=$("$@" 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "not ok $n - $desc"
    echo "$hits" | sed 's/^/# /'
    fail=1
  else
    echo "ok $n - $desc"
  fi
}
check "src/core includes no pcap, libnet or GTK header" \
  grep -rEn '#include *[<"](pcap|libnet|gtk/|gdk/|adwaita)' src/core
check "pcap.h only in src/capture and src/helper" \
  sh -c "grep -rEln '#include *[<\"]pcap' src | grep -vE '^src/(capture|helper)/'"
check "libnet.h only in src/craft and src/helper" \
  sh -c "grep -rEln '#include *[<\"]libnet' src | grep -vE '^src/(craft|helper)/'"
check "GTK only in src/app" \
  sh -c "grep -rEln '#include *[<\"](gtk/|adwaita)' src | grep -vE '^src/app/'"
check "capture, craft and bridge do not reach up into cli or app" \
  grep -rEn '#include *"(cli|app)/' src/core src/capture src/craft src/bridge
check "capture and craft do not include each other (src/bridge joins them)" \
  sh -c "grep -rEn '#include *\"craft/' src/capture; grep -rEn '#include *\"capture/' src/craft"
check "every source file has an SPDX line" \
  sh -c "tools/add-spdx.sh --check 2>&1 | tail -n +2"
echo "1..$n"
exit $fail
