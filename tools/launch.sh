#!/usr/bin/env bash
# Sets up Gantry on a fresh Debian 12 machine and opens its window.
# On first start Gantry registers its built-in sample project, hello-cgo.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/deps.sh build
[ -f build/build.ninja ] || meson setup build
ninja -C build
exec build/app/gantry "$@"
