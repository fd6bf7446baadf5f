#!/bin/sh
# Build Layerscope and start it on the bundled classroom capture.
set -eu
cd "$(dirname "$0")/.."
[ -d build ] || meson setup build >/dev/null
meson compile -C build >/dev/null
capture=data/captures/classroom.pcapng
if [ -x build/src/app/layerscope ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/src/app/layerscope "$capture"
fi
exec build/src/cli/layerscope-cli -r "$capture" "$@"
