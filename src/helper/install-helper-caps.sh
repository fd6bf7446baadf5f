#!/bin/sh
# Give the installed capture helper its file capabilities, restricted to one
# group: only members of GROUP can run it, and it gets cap_net_raw and
# cap_net_admin without being setuid.
set -eu
helper="${DESTDIR:-}$1"
group="$2"

if [ "$(id -u)" -ne 0 ]; then
  echo "install-helper-caps: not root; run as root to finish:" >&2
  echo "  groupadd --system $group; chgrp $group $helper; chmod 0750 $helper; setcap cap_net_raw,cap_net_admin+ep $helper" >&2
  exit 0
fi
if ! getent group "$group" >/dev/null; then
  groupadd --system "$group"
fi
chgrp "$group" "$helper"
chmod 0750 "$helper"
if ! setcap cap_net_raw,cap_net_admin+ep "$helper"; then
  echo "install-helper-caps: setcap failed (is libcap2-bin installed, does the file system keep extended attributes?)" >&2
  exit 1
fi
echo "install-helper-caps: $helper: group $group, mode 0750, cap_net_raw,cap_net_admin+ep"
echo "install-helper-caps: add users with: usermod -aG $group USER (then log in again)"
