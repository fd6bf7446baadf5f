#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install what Layerscope needs on Debian 12.
#
#   tools/install-deps.sh            build and run it: compiler, meson, the
#                                    libraries, GTK 4 and what the lab uses
#   tools/install-deps.sh --tests    also what the test suite uses: clang for
#                                    the fuzz target, tshark to cross-check,
#                                    Xvfb, valgrind, a locale compiler...
#
# Needs root: run by a user it runs itself again through sudo.
# Non-interactive: tshark's debconf question is answered "no".
set -eu
tests=no
for arg in "$@"; do
  case $arg in
    --tests) tests=yes ;;
    -h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown option '$arg' (use --tests or nothing)" >&2; exit 2 ;;
  esac
done
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    echo "install-deps.sh: installing packages needs root; running through sudo" >&2
    exec sudo -- "$0" "$@"
  fi
  echo "install-deps.sh: run as root (sudo is not installed here)" >&2
  exit 1
fi

# To build it and run the app, the CLI, the capture helper and the lab.
# fonts-wqy-microhei: Chinese glyphs for the zh_CN interface, screenshots
# and diagrams (without a CJK font they draw boxes).
app="build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libpcap-dev libnet1-dev libgtk-4-dev libadwaita-1-dev libcap-dev
  libcap2-bin ieee-data iproute2 desktop-file-utils shared-mime-info adwaita-icon-theme fonts-wqy-microhei"
# Only the tests: the sanitizer and fuzz builds, tools to compare with and to
# drive the network lab, a display for the GUI tests, data file validators,
# localedef for the decimal-comma test, groff for the man pages,
# flatpak-builder to read the Flatpak manifest.
test="clang libclang-rt-14-dev tshark tcpdump python3 locales groff-base
  iputils-ping arping nftables netcat-openbsd procps
  xvfb xauth dbus-x11 appstream valgrind time flatpak-builder"

export DEBIAN_FRONTEND=noninteractive
if [ $tests = yes ]; then
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
fi
apt-get update -qq
# shellcheck disable=SC2086 # the lists are word lists on purpose
if [ $tests = yes ]; then
  apt-get install -y -qq $app $test >/dev/null
else
  apt-get install -y -qq $app >/dev/null
fi
echo "install-deps.sh: done"
