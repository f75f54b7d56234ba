#!/usr/bin/env bash
# gantry.exe under wine beside the Linux gantry, doing the same things:
# --version, project list, and inspect of a 40 MB Windows binary; and the
# window's first frame, gantry-gui.exe under wine beside the Linux
# gantry-gui, on one Xvfb with GTK's cairo renderer. Prints the median of
# N runs of each; asserts nothing.
#
#   tools/windows/bench.sh [RUNS]     (after tools/windows.sh build and a Linux build in build/)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
runs=${1:-9}
linux=$top/build/app/gantry
win=$top/build-windows/app/gantry.exe
for f in "$linux" "$win"; do
  [ -f "$f" ] || { echo "bench: $f is missing: build it first (ninja -C build; tools/windows.sh build)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/var/tmp}/gantry-bench.XXXXXX")
export WINEPREFIX=$work/wineprefix
trap '/usr/lib/wine/wineserver -k 2>/dev/null; rm -rf "$work"' EXIT

# a 40 MB Windows binary: a Go program embedding 36 MB of random bytes
mkdir -p "$work/big"
head -c $((36 * 1024 * 1024)) /dev/urandom >"$work/big/blob.bin"
cat >"$work/big/go.mod" <<'EOF'
module example.com/big

go 1.19
EOF
cat >"$work/big/main.go" <<'EOF'
package main

import (
	_ "embed"
	"fmt"
)

//go:embed blob.bin
var blob []byte

func main() { fmt.Println(len(blob)) }
EOF
(cd "$work/big" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 GOFLAGS=-buildvcs=false \
  GOCACHE="$work/gocache" go build -o big.exe .)
big=$work/big/big.exe
echo "binary: $(du -m "$big" | cut -f1) MB ($big)"

export GANTRY_DATA_DIR=$work/data-linux
# the first command registers the built-in sample project: list has one
"$linux" project list >/dev/null
# wine keeps a wineserver up between runs, as a Windows session would
"$here/wine-run" "$win" --version >/dev/null 2>&1

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() {
  local i t0 t1
  for i in $(seq "$runs"); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
  done | median
}

winrun() { GANTRY_DATA_DIR="Z:${work//\//\\}\\data-win" "$here/wine-run" "$win" "$@"; }
winrun project list >/dev/null 2>&1

printf '%-32s %12s %12s\n' "median of $runs runs (ms)" "Linux" "wine"
printf '%-32s %12s %12s\n' "--version" "$(time_ms "$linux" --version)" "$(time_ms winrun --version)"
printf '%-32s %12s %12s\n' "project list" "$(time_ms "$linux" project list)" "$(time_ms winrun project list)"
printf '%-32s %12s %12s\n' "inspect (40 MB exe)" "$(time_ms "$linux" inspect "$big")" \
  "$(time_ms winrun inspect "Z:${big//\//\\}")"
printf '%-32s %12s %12s\n' "wine itself (cmd /c exit)" "-" "$(time_ms "$here/wine-run" cmd /c exit)"

# The window's first frame (GANTRY_BENCH_FIRST_FRAME=1: it prints
# first-frame-ms, counted from the process's start, then quits)
gui_linux=$top/build/app/gantry-gui
gui_win=$top/build-windows/app/gantry-gui.exe
if [ -x "$gui_linux" ] && [ -f "$gui_win" ] && command -v Xvfb >/dev/null; then
  exec 7< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>/dev/null)
  xvfb=$!
  read -r -t 20 display <&7
  first_frame() {
    local i out
    for i in $(seq "$runs"); do
      out=$("$@" 2>/dev/null | tr -d '\r' | grep -o 'first-frame-ms=[0-9.]*' | cut -d= -f2)
      echo "${out:-nan}"
    done | median
  }
  export DISPLAY=:$display GSK_RENDERER=cairo GANTRY_BENCH_FIRST_FRAME=1 GTK_A11Y=none NO_AT_BRIDGE=1
  winrun --version >/dev/null 2>&1
  printf '%-32s %12s %12s\n' "window: first frame" "$(first_frame "$gui_linux")" \
    "$(first_frame env GANTRY_DATA_DIR="Z:${work//\//\\}\\data-win" "$here/wine-run" "$gui_win")"
  kill "$xvfb" 2>/dev/null
else
  echo "window: skipped: needs build/app/gantry-gui, build-windows/app/gantry-gui.exe and Xvfb"
fi
