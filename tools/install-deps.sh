#!/bin/sh
# Install everything Layerscope needs to build, run and test on Debian 12.
# Run as root (sudo).  Non-interactive: tshark's debconf question is answered "no".
# fonts-wqy-microhei: Chinese glyphs for the zh_CN screenshots and diagrams
# (without a CJK font they draw boxes).
set -eu
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: run as root (sudo $0)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
apt-get update -qq
apt-get install -y -qq \
  build-essential meson ninja-build pkg-config gettext \
  libglib2.0-dev libglib2.0-bin libpcap-dev libnet1-dev libgtk-4-dev libadwaita-1-dev libcap-dev \
  clang libclang-rt-14-dev \
  tshark tcpdump ieee-data python3 \
  iproute2 iputils-ping arping nftables libcap2-bin netcat-openbsd procps \
  xvfb xauth dbus-x11 desktop-file-utils appstream adwaita-icon-theme fonts-wqy-microhei \
  valgrind time >/dev/null
echo "install-deps.sh: done"
