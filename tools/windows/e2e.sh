#!/usr/bin/env bash
# gantry.exe end to end under wine, in a fresh WINEPREFIX, as a Windows user
# would use it: a project at a path with a space and a non-ASCII letter, its
# recipe, inspect, dry-runs for PowerShell and cmd, the doctor, a Go install
# from a loopback server (and a hostile zip refused), and a real release of a
# pure-Go module with a Windows Go.
#
#   tools/windows/e2e.sh BUILDDIR TAPFILE
#
# Environment: GANTRY_WINDOWS_PREFIX (the DLLs), GANTRY_WINDOWS_GO (a
# Windows GOROOT, from tools/windows.sh go); GANTRY_E2E_ZIP, the release
# zip to test instead of the build: it is unzipped into a folder whose name
# has a space and a non-ASCII letter, and nothing is added to wine's DLL
# path (WINE_RUN_BARE=1): gantry.exe must find its DLLs beside it. Writes TAP to TAPFILE and to
# stdout; exits 1 when a case failed.
set -uo pipefail

builddir=$(cd "$1" && pwd)
tap=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
exe=$builddir/app/gantry.exe
wine_run=$here/wine-run

work=$(mktemp -d "$builddir/e2e.XXXXXX")
if [ -n "${GANTRY_E2E_ZIP:-}" ]; then
  mkdir -p "$work/Programme für Gantry"
  unzip -q "$GANTRY_E2E_ZIP" -d "$work/Programme für Gantry"
  exe=$(ls "$work/Programme für Gantry"/gantry-*/gantry.exe)
  export WINE_RUN_BARE=1 GANTRY_WINDOWS_PREFIX=
fi
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  WINEPREFIX=$work/wineprefix /usr/lib/wine/wineserver -k 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

: >"$tap"
n=0
failed=0
emit() { echo "$1" | tee -a "$tap"; }
# the cases run from the zip say so
from=${GANTRY_E2E_ZIP:+from the zip: }
ok() { n=$((n + 1)); emit "ok $n - $from$1"; }
not_ok() {
  n=$((n + 1)); failed=1
  emit "not ok $n - $from$1"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 40 | sed 's/^/# /' | tee -a "$tap"
}
skip() { n=$((n + 1)); emit "ok $n - $from$1 # SKIP $2"; }

# A Windows user's environment: nothing of this Linux session's (HOME,
# XDG_*, GOCACHE...) leaks into the Windows programs; a fresh prefix.
export WINEPREFIX=$work/wineprefix
run() {
  local status attempt
  for attempt in 1 2; do
    env -i PATH=/usr/bin:/bin HOME="$work/home" WINEPREFIX="$WINEPREFIX" WINEDEBUG=-all \
      GANTRY_WINDOWS_PREFIX="${GANTRY_WINDOWS_PREFIX:-}" WINE_RUN_BARE="${WINE_RUN_BARE:-}" LANG=C.UTF-8 ${E2E_ENV:-} \
      "$wine_run" "$exe" "$@" >"$work/stdout" 2>"$work/stderr"
    status=$?
    # wine could not start GLib's spawn helper for gantry.exe (see
    # tools/windows/wine-rerun.py): this command, and only for that
    # reason, runs once more; the TAP file and the summary say so
    if [ "$attempt" = 1 ] && grep -qF "Failed to execute helper program (Invalid argument)" "$work/stdout" "$work/stderr"; then
      printf '# rerun: gantry.exe %s: run again after wine could not start a process\n' "$*" | tee -a "$tap" >&2
      continue
    fi
    break
  done
  tr -d '\r' <"$work/stdout"
  return "$status"
}
winpath() { printf 'Z:%s' "${1//\//\\}"; }
mkdir -p "$work/home"

t0=$SECONDS
env -i PATH=/usr/bin:/bin HOME="$work/home" WINEPREFIX="$WINEPREFIX" WINEDEBUG=-all \
  /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1
echo "# fresh WINEPREFIX made in $((SECONDS - t0)) s"

# --- 1. --version
out=$(run --version)
if [ $? -eq 0 ] && echo "$out" | grep -q "0\."; then ok "gantry.exe --version: $out"
else not_ok "gantry.exe --version" "$out $(cat "$work/stderr")"; fi

# --- 2. project add of the sample at a path with a space and a non-ASCII letter
proj="$work/Mes projets/hello-cgo-ü"
mkdir -p "$proj"
cp -r "$top/resources/examples/hello-cgo/." "$proj/"
out=$(run project add "$(winpath "$proj")")
rc=$?
list=$(run project list --json)
appdata="$WINEPREFIX/drive_c/users"
db=$(find "$appdata" -path '*AppData/Local/gantry/gantry.db' 2>/dev/null | head -n 1)
if [ $rc -eq 0 ] && echo "$list" | grep -q 'hello-cgo-ü'; then
  ok "project add of a folder named 'Mes projets\\hello-cgo-ü' keeps its name"
else
  not_ok "project add of a folder with a space and ü" "$out $(cat "$work/stderr") $list"
fi
if [ -n "$db" ]; then ok "the store is in %LOCALAPPDATA%\\gantry (${db#$WINEPREFIX/})"
else not_ok "the store is in %LOCALAPPDATA%\\gantry" "$(find "$appdata" -name 'gantry.db' 2>/dev/null)"; fi

# --- 3. recipe show
out=$(run recipe show hello-cgo-ü)
if [ $? -eq 0 ] && echo "$out" | grep -q "linux/amd64"; then ok "recipe show lists the sample's targets"
else not_ok "recipe show" "$out $(cat "$work/stderr")"; fi

# --- 4. inspect gantry.exe --json: windows/amd64 and its DLLs
out=$(run inspect "$(winpath "$exe")" --json)
if [ $? -eq 0 ] && echo "$out" | grep -q '"os" *: *"windows"' && echo "$out" | grep -q '"arch" *: *"amd64"' &&
   echo "$out" | grep -qi 'libglib-2.0-0.dll'; then
  ok "inspect gantry.exe --json: windows/amd64, imports libglib-2.0-0.dll"
else not_ok "inspect gantry.exe --json" "$out $(cat "$work/stderr")"; fi

# --- 5. dry runs for PowerShell and cmd
# (of a pure-Go module: the sample needs a C compiler, which wine has not)
mod="$work/Mes projets/tiny"
mkdir -p "$mod"
cat >"$mod/go.mod" <<'EOF'
module example.com/tiny

go 1.19
EOF
cat >"$mod/main.go" <<'EOF'
package main

import "fmt"

var version = "dev"

func main() { fmt.Println("tiny", version) }
EOF
out=$(run build "$(winpath "$mod")" --dry-run --shell powershell --target windows/amd64)
if [ $? -eq 0 ] && echo "$out" | grep -q '\$env:GOOS' && echo "$out" | grep -q "^& 'go' 'build'"; then
  ok "build --dry-run --shell powershell sets \$env:GOOS and runs go build"
else not_ok "build --dry-run --shell powershell" "$out $(cat "$work/stderr")"; fi
out=$(run build "$(winpath "$mod")" --dry-run --shell cmd --target windows/amd64)
if [ $? -eq 0 ] && echo "$out" | grep -qi 'set "\?GOOS=windows' && echo "$out" | grep -q 'go.* build'; then
  ok "build --dry-run --shell cmd sets GOOS and runs go build"
else not_ok "build --dry-run --shell cmd" "$out $(cat "$work/stderr")"; fi
out=$(run build "$(winpath "$mod")" --dry-run --target windows/amd64)
if [ $? -eq 0 ] && echo "$out" | grep -q '\$env:GOOS'; then
  ok "build --dry-run prints PowerShell by default on Windows"
else not_ok "build --dry-run defaults to PowerShell on Windows" "$out $(cat "$work/stderr")"; fi
if echo "$out" | grep GOCACHE | grep -qiF 'AppData\Local\gantry\cache\go-build'; then
  ok "the Go build cache is in %LOCALAPPDATA%\\gantry\\cache"
else not_ok "the Go build cache is in %LOCALAPPDATA%\\gantry\\cache" "$(echo "$out" | grep GOCACHE)"; fi

# --- 6. doctor: no C compiler here, and it says what to install
out=$(run doctor)
rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -qiE 'zig|llvm-mingw'; then
  ok "doctor names the missing C compilers and what to install (exit $rc)"
else not_ok "doctor names the missing C compilers" "exit $rc: $out $(cat "$work/stderr")"; fi

# --- 7. toolchain install of a Windows Go from a loopback server
serve=$work/serve
mkdir -p "$serve"
go_root=${GANTRY_WINDOWS_GO:-}
go_version=
if [ -n "$go_root" ] && [ -x "$go_root/bin/go.exe" ]; then
  go_version=$(sed -n '1s/^go//p' "$go_root/VERSION")
  (cd "$(dirname "$go_root")" &&
   zip -qr -1 "$serve/go$go_version.windows-amd64.zip" go -x 'go/test/*' 'go/api/*' 'go/misc/*' 'go/doc/*')
  # a hostile zip: an entry that climbs out of the install folder
  python3 - "$serve/go9.9.9.windows-amd64.zip" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("go/bin/go.exe", b"MZ")
    z.writestr("go/../../../escaped-by-zip.txt", b"this must never be written")
EOF
  python3 - "$serve" "$go_version" <<'EOF'
import hashlib, json, os, sys
serve, v = sys.argv[1], sys.argv[2]
rel = []
for ver in (v, "9.9.9"):
    name = f"go{ver}.windows-amd64.zip"
    data = open(os.path.join(serve, name), "rb").read()
    rel.append({"version": f"go{ver}", "stable": True, "files": [{
        "filename": name, "os": "windows", "arch": "amd64", "version": f"go{ver}",
        "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "kind": "archive"}]})
json.dump(rel, open(os.path.join(serve, "go.json"), "w"))
EOF
  port_file=$work/port
  python3 - "$serve" "$port_file" <<'EOF' &
import http.server, functools, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
h = functools.partial(Quiet, directory=sys.argv[1])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
open(sys.argv[2], "w").write(str(s.server_address[1]))
s.serve_forever()
EOF
  server_pid=$!
  for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
  port=$(cat "$port_file")
  export E2E_ENV="GANTRY_GO_MANIFEST_URL=http://127.0.0.1:$port/go.json GANTRY_ALLOW_LOOPBACK_HTTP=1"

  t0=$SECONDS
  out=$(run toolchain install "go@$go_version")
  rc=$?
  if [ $rc -eq 0 ] && run toolchain list | grep -q "go.*$go_version"; then
    ok "toolchain install go@$go_version from a loopback server: checked, unpacked, registered ($((SECONDS - t0)) s)"
  else not_ok "toolchain install go@$go_version" "exit $rc: $out $(cat "$work/stderr")"; fi

  out=$(run toolchain install go@9.9.9)
  rc=$?
  escaped=$(find "$WINEPREFIX" "$work/home" -name escaped-by-zip.txt 2>/dev/null | head -n 1)
  if [ $rc -ne 0 ] && [ -z "$escaped" ] && ! run toolchain list | grep -q "9\.9\.9"; then
    ok "a zip whose entry climbs out of its folder is refused, nothing written or registered"
  else not_ok "a hostile zip is refused" "exit $rc, escaped: ${escaped:-none}: $out $(cat "$work/stderr")"; fi
else
  skip "toolchain install of a Windows Go" "no Windows Go built (tools/windows.sh go)"
  skip "a hostile zip is refused" "no Windows Go built (tools/windows.sh go)"
fi

# --- 8. a real release of a pure-Go module with the Windows Go, under wine
if [ -n "$go_version" ]; then
  t0=$SECONDS
  out=$(run build "$(winpath "$mod")" --target windows/amd64 --json)
  rc=$?
  bin=$(find "$mod/dist" -name '*.exe' 2>/dev/null | head -n 1)
  zipped=$(find "$mod/dist" -name '*windows_amd64.zip' 2>/dev/null | head -n 1)
  if [ $rc -eq 0 ] && [ -n "$zipped" ]; then
    ok "build of a pure-Go module for windows/amd64 with the Windows Go ($((SECONDS - t0)) s): $(basename "$zipped")"
    (cd "$work" && rm -rf unz && mkdir unz && cd unz && unzip -q "$zipped")
    bin=$(find "$work/unz" -name '*.exe' | head -n 1)
    said=$(env -i PATH=/usr/bin:/bin WINEPREFIX="$WINEPREFIX" WINEDEBUG=-all /usr/lib/wine/wine64 "$bin" 2>&1 | tr -d '\r')
    if echo "$said" | grep -q '^tiny '; then ok "the released exe runs under wine and says: $said"
    else not_ok "the released exe runs under wine" "$said"; fi
  else
    not_ok "build of a pure-Go module with the Windows Go" "exit $rc: $out $(cat "$work/stderr")"
    skip "the released exe runs under wine" "it was not built"
  fi

  # what --shell cmd prints runs unchanged in cmd, and builds the same program
  run build "$(winpath "$mod")" --dry-run --shell cmd --target windows/amd64 >"$work/release.bat"
  # only what the .bat builds is looked for
  find "$WINEPREFIX/drive_c/users" -path '*gantry/builds/*' -name 'tiny*.exe' -delete 2>/dev/null
  said=$(cd "$work" && env -i PATH=/usr/bin:/bin HOME="$work/home" WINEPREFIX="$WINEPREFIX" WINEDEBUG=-all \
           GANTRY_WINDOWS_PREFIX="${GANTRY_WINDOWS_PREFIX:-}" WINE_RUN_BARE="${WINE_RUN_BARE:-}" "$wine_run" cmd /c release.bat 2>&1 | tr -d '\r')
  built=$(find "$WINEPREFIX/drive_c/users" -path '*gantry/builds/*' -name 'tiny*.exe' 2>/dev/null | head -n 1)
  ran=
  [ -n "$built" ] && ran=$(env -i PATH=/usr/bin:/bin WINEPREFIX="$WINEPREFIX" WINEDEBUG=-all /usr/lib/wine/wine64 "$built" 2>&1 | tr -d '\r')
  if echo "$ran" | grep -q '^tiny '; then ok "the plan rendered for cmd runs in wine's cmd as a .bat and builds a working exe"
  else not_ok "the plan rendered for cmd runs in cmd" "$(cat "$work/release.bat") --- cmd said: $said --- built: ${built:-nothing} $ran"; fi

  # the sample needs cgo: with no C compiler under wine, it must say so
  out=$(run build "$(winpath "$proj")" --target windows/amd64 --no-verify)
  rc=$?
  if [ $rc -ne 0 ] && echo "$out $(cat "$work/stderr")" | grep -qiE 'no C compiler|install (llvm-mingw|zig)'; then
    skip "cgo build of the sample for windows/amd64" "no C compiler for this target on this machine; install llvm-mingw or Zig from Toolchains (Gantry said so, exit $rc)"
  elif [ $rc -eq 0 ]; then
    ok "cgo build of the sample for windows/amd64"
  else
    not_ok "cgo build of the sample: a failure that does not name the missing C compiler" "exit $rc: $out $(cat "$work/stderr")"
  fi
else
  skip "build of a pure-Go module with the Windows Go" "no Windows Go built (tools/windows.sh go)"
fi

emit "1..$n"
exit $failed
