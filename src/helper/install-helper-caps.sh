#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Give the installed capture helper its file capabilities, restricted to one
# group: only members of GROUP can run it, and it gets cap_net_raw and
# cap_net_admin without being setuid.
set -eu
target="$1"
group="$2"
helper="${DESTDIR:-}$target"
todo="getent group $group >/dev/null || groupadd --system $group; chown root:$group $target; chmod 0750 $target; setcap cap_net_raw,cap_net_admin+ep $target"

# A staged install (DESTDIR, usually under fakeroot) becomes a package, which
# keeps neither file capabilities nor a group of the build machine: the
# package's post-install step must do this on the machine that runs it.
if [ -n "${DESTDIR:-}" ] || [ -n "${FAKEROOTKEY:-}" ]; then
  echo "install-helper-caps: staged install, $helper left as it is; after installing, run as root:" >&2
  echo "  $todo" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-helper-caps: not root; run as root to finish:" >&2
  echo "  $todo" >&2
  exit 0
fi
# Checked before anything changes, so a failure leaves the file as installed.
if ! command -v setcap >/dev/null 2>&1; then
  echo "install-helper-caps: setcap not found (install libcap2-bin); $helper left as it is" >&2
  exit 1
fi
if ! getent group "$group" >/dev/null; then
  groupadd --system "$group"
fi
# Owned by root, so nobody else can chmod it back to world-executable; the
# change of owner clears file capabilities, so setcap comes last.
chown root:"$group" "$helper"
chmod 0750 "$helper"
if ! setcap cap_net_raw,cap_net_admin+ep "$helper"; then
  echo "install-helper-caps: setcap failed on $helper (does the file system keep extended attributes?)" >&2
  exit 1
fi
echo "install-helper-caps: $helper: owner root, group $group, mode 0750, cap_net_raw,cap_net_admin+ep"
echo "install-helper-caps: add users with: usermod -aG $group USER (then log in again)"
