#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Build Layerscope and start it on the bundled classroom capture.
set -eu
cd "$(dirname "$0")/.."
[ -d build ] || meson setup build >/dev/null
meson compile -C build >/dev/null
capture=data/captures/classroom.pcapng
# Uninstalled: the programs find the schema and the lab captures through these.
export GSETTINGS_SCHEMA_DIR="$PWD/build/data" LSC_CAPTURES_DIR="$PWD/data/captures"
if [ -x build/src/app/layerscope ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/src/app/layerscope "$capture"
fi
exec build/src/cli/layerscope-cli -r "$capture" "$@"
