#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-install.sh BUILD_DIR SOURCE_DIR
# `meson install` into a fresh prefix gives what a distribution packages:
# the licence and NEWS, man pages, the MIME types (which recognise a capture
# by its magic number), a .desktop line that takes files, and no path of the
# build or source tree inside any installed file.  TAP.
set -u
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
bad () { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
skip () { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

if ! meson install -C "$build" --no-rebuild --destdir "$tmp/root" >"$tmp/install.log" 2>&1; then
  bad "meson install --destdir"
  sed 's/^/# /' "$tmp/install.log" | tail -n 20
  echo "1..$n"
  exit 1
fi
ok "meson install --destdir"
prefix=$(meson introspect "$build" --buildoptions | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root="$tmp/root$prefix"

for f in share/doc/layerscope/LICENSE share/doc/layerscope/NEWS share/man/man1/layerscope-cli.1 \
         share/man/man1/layerscope.1 share/man/man8/layerscope-capture.8; do
  if [ -s "$root/$f" ]; then ok "installed $f"; else bad "installed $f"; fi
done

# A man page that man(1) formats without a warning.
if command -v groff >/dev/null; then
  for page in "$root"/share/man/man*/*; do
    warn=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    if [ -z "$warn" ]; then ok "groff formats $(basename "$page") without warnings"
    else bad "groff warns on $(basename "$page"): $warn"; fi
  done
else
  skip "man pages format cleanly" "groff is not installed"
fi

desktop="$root/share/applications/org.layerscope.Layerscope.desktop"
if [ -f "$desktop" ]; then
  if grep -Eq '^Exec=layerscope %[FU]$' "$desktop"; then ok ".desktop Exec takes files (%F)"; else bad ".desktop Exec takes files: $(grep ^Exec "$desktop")"; fi
  mime="$root/share/mime/packages/org.layerscope.Layerscope.xml"
  if [ ! -f "$mime" ]; then
    bad "MIME types installed"
  elif ! command -v update-mime-database >/dev/null || ! command -v gio >/dev/null; then
    skip "MIME types recognise captures" "update-mime-database or gio is not installed"
  else
    # Only our definitions: a capture without an extension is known by its magic.
    mkdir -p "$tmp/xdg/mime/packages" "$tmp/home"
    cp "$mime" "$tmp/xdg/mime/packages/"
    update-mime-database "$tmp/xdg/mime" 2>/dev/null
    cp "$src/tests/golden/captures/multi-link-comments.pcapng" "$tmp/ng"
    cp "$src/tests/golden/captures/udp-dns.pcap" "$tmp/pc"
    for pair in "ng application/x-pcapng" "pc application/vnd.tcpdump.pcap"; do
      set -- $pair
      got=$(XDG_DATA_DIRS="$tmp/xdg" XDG_DATA_HOME="$tmp/home" gio info -a standard::content-type "$tmp/$1" | sed -n 's/.*content-type: //p')
      if [ "$got" = "$2" ]; then ok "a file without extension is $2"; else bad "a file without extension is $2, not '$got'"; fi
    done
  fi
else
  skip ".desktop and MIME" "the app is not built (-Dgui=disabled)"
fi

# No build or source folder compiled in (debug information aside: packagers
# split it off, and it names the build folder by design).
found=""
for f in $(find "$tmp/root" -type f); do
  case $(head -c 4 "$f" | od -An -c | tr -d ' ') in
    177ELF) strip --strip-debug -o "$tmp/stripped" "$f" 2>/dev/null || cp "$f" "$tmp/stripped"; g="$tmp/stripped" ;;
    *) g="$f" ;;
  esac
  if grep -q -F -e "$build" -e "$src" "$g"; then found="$found ${f#"$tmp/root"}"; fi
done
if [ -z "$found" ]; then ok "no build or source path in any installed file"; else bad "build or source paths in:$found"; fi
echo "1..$n"
exit $failed
