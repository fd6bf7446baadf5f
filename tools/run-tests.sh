#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Build and run every test: the normal build (unit, golden, fuzz replay,
# netns when root, GUI under Xvfb), then unit + golden + fuzz replay again
# under AddressSanitizer and UndefinedBehaviorSanitizer, and the two-thread
# file reader of layerscope-cli under ThreadSanitizer.
# Ends with one line: "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8 TZ=UTC
log=$(mktemp)
status=0

run_suite () {
  dir=$1; shift
  echo "== meson test in $dir $*"
  if ! meson test -C "$dir" --print-errorlogs "$@" >"$log.out" 2>&1; then status=1; fi
  cat "$log.out"
  grep -E '^(Ok|Expected Fail|Fail|Unexpected Pass|Skipped|Timeout):' "$log.out" >>"$log"
}

# The README's one command for testing: on a machine set up only to run the
# app, get the test tools first (tests without their tool would skip).
for tool in tshark xvfb-run clang valgrind localedef; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-tests.sh: $tool is missing: installing the test tools (tools/install-deps.sh --tests)"
    tools/install-deps.sh --tests || echo "run-tests.sh: could not install them; the tests that need them will skip"
    break
  fi
done

if [ ! -d build ]; then meson setup build >/dev/null || exit 1; fi
meson compile -C build >/dev/null 2>"$log.err" || { cat "$log.err"; echo "0 passed, 1 failed"; exit 1; }
run_suite build

if [ ! -d build-asan ]; then
  meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dgui=disabled -Dbuildtype=debug >/dev/null || exit 1
fi
meson compile -C build-asan >/dev/null 2>"$log.err" || { cat "$log.err"; echo "0 passed, 1 failed"; exit 1; }
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  run_suite build-asan --suite unit --suite golden --suite fuzz

# Only layerscope-cli is built here: the threads test compares its two-thread
# and one-thread output.  GLib's slice allocator locks with futexes that
# ThreadSanitizer cannot see, so plain malloc is used.
if [ ! -d build-tsan ]; then
  meson setup build-tsan -Db_sanitize=thread -Dgui=disabled -Dbuildtype=debug >/dev/null || exit 1
fi
meson compile -C build-tsan src/cli/layerscope-cli >/dev/null 2>"$log.err" || { cat "$log.err"; echo "0 passed, 1 failed"; exit 1; }
G_SLICE=always-malloc TSAN_OPTIONS=halt_on_error=1 run_suite build-tsan --no-rebuild threads

passed=$(awk '/^(Ok|Expected Fail):/ {s+=$NF} END {print s+0}' "$log")
failed=$(awk '/^(Fail|Unexpected Pass|Timeout):/ {s+=$NF} END {print s+0}' "$log")
skipped=$(awk '/^Skipped:/ {s+=$NF} END {print s+0}' "$log")
rm -f "$log" "$log.out" "$log.err"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ $status -eq 0 ]
