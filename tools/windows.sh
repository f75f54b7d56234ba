#!/usr/bin/env bash
# Gantry for Windows, built and tested on Debian 12: MinGW-w64 cross-builds
# the libraries (from Debian 12 source packages) and Gantry, wine runs them.
#
#   tools/windows.sh          set up, build, and run the Windows tests
#   tools/windows.sh deps     install the Debian packages and enable deb-src
#   tools/windows.sh stack    only the libraries (cached: start it early)
#   tools/windows.sh build    the libraries, gantry.exe and gantry-gui.exe
#   tools/windows.sh go       a Windows Go, from Debian's Go sources (cached)
#   tools/windows.sh test     all of the above, then the tests under wine;
#                             ends with 'N passed, N failed, N skipped'
#   tools/windows.sh bench    gantry.exe under wine beside the Linux gantry
#   tools/windows.sh dist     the zip a Windows user downloads, in dist-windows/
#
# The libraries are cached outside the checkout, in
# $GANTRY_WINDOWS_CACHE (default ~/.cache/gantry-windows): the core ones
# (GLib, SQLite, libarchive, curl...) under a hash of tools/windows-stack.sh,
# the window's (GTK, libadwaita...) under a hash of that and of
# tools/windows-gtk-stack.sh. Those scripts pin every source version; a
# second run reuses the libraries in seconds. The cross build of Gantry
# goes to build-windows/.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
what=${1:-test}

host=x86_64-w64-mingw32
cache=${GANTRY_WINDOWS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/var/cache}/.cache}/gantry-windows}
case $cache in /*) ;; *) cache=$top/$cache ;; esac
stack_key=$(cat tools/windows-stack.sh tools/windows/stack-lib.sh | sha256sum | cut -c1-16)
prefix=$cache/stack-$stack_key
gtk_key=$(echo "$stack_key" | cat - tools/windows-gtk-stack.sh tools/windows/stack-lib.sh | sha256sum | cut -c1-16)
gtk_prefix=$cache/gtk-$gtk_key
# wine-run and the tests find the DLLs in both
prefixes=$gtk_prefix:$prefix
builddir=$top/build-windows
wine=/usr/lib/wine/wine64

log() { printf '[windows %(%H:%M:%S)T] %s\n' -1 "$*"; }

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

deps() {
  local pkgs=(
    gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64 libz-mingw-w64-dev
    wine64 meson ninja-build pkg-config python3 build-essential dpkg-dev tcl
    make autoconf automake libtool xz-utils bzip2 ca-certificates
    libglib2.0-dev-bin libglib2.0-bin golang-go zip unzip xvfb xauth
    sassc cmake librsvg2-bin imagemagick xdotool fonts-wine fonts-liberation fonts-dejavu-core
  )
  local missing=() p
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # apt-get source needs deb-src lines: our own file, the user's untouched
  local src=/etc/apt/sources.list.d/gantry-deb-src.sources
  local fresh=0
  if [ ! -f "$src" ]; then
    $sudo tee "$src" >/dev/null <<'EOF'
# Added by Gantry's tools/windows.sh: the Windows build cross-compiles its
# libraries from Debian 12 source packages (apt-get source).
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    fresh=1
  fi
  if [ ${#missing[@]} -gt 0 ] || [ $fresh = 1 ]; then
    log "installing from Debian: ${missing[*]:-(none; reading the source lists)}"
    $sudo apt-get update -qq
    [ ${#missing[@]} -gt 0 ] &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  true
}

# build_prefix DEST WHAT MINUTES SCRIPT ARGS...: runs SCRIPT DEST.partial
# ARGS... once, then moves the result to DEST. A lock keeps two runs from
# building the same prefix (CI may start while a session's background
# build is still running); a stopped build goes on where it stopped.
build_prefix() {
  local dest=$1 what=$2 minutes=$3 script=$4; shift 4
  if [ -f "$dest/.complete" ]; then
    log "$what: cached in $dest"
    return
  fi
  mkdir -p "$cache"
  exec 9>"$dest.lock"
  if ! flock -n 9; then
    log "another build of $dest is running: waiting for it"
    flock 9
  fi
  if [ -f "$dest/.complete" ]; then
    log "$what: cached in $dest"
    exec 9>&-
    return
  fi
  log "$what: building into $dest (about $minutes minutes on 2 cores)"
  local t0=$SECONDS
  bash "$script" "$dest.partial" "$cache/sources" "$@"
  # the prefix's .pc files name the folder they were built in
  grep -rl "$dest.partial" "$dest.partial/lib/pkgconfig" | xargs -r sed -i "s|$dest.partial|$dest|g"
  rm -rf "$dest"
  mv "$dest.partial" "$dest"
  touch "$dest/.complete"
  log "$what: built in $((SECONDS - t0)) s"
  exec 9>&-
}

stack() {
  build_prefix "$prefix" "core libraries" 16 tools/windows-stack.sh
  build_prefix "$gtk_prefix" "window libraries" 15 tools/windows-gtk-stack.sh "$prefix"
}

# meson's cross file: the tree's, plus one naming this prefix and the
# wine wrapper (their paths are this machine's).
cross_files() {
  mkdir -p "$builddir"
  cat >"$builddir/cross-local.txt" <<EOF
[binaries]
exe_wrapper = '$top/tools/windows/wine-run'

[properties]
pkg_config_libdir = '$gtk_prefix/lib/pkgconfig:$prefix/lib/pkgconfig'

[built-in options]
c_args = ['-I$gtk_prefix/include', '-I$prefix/include']
c_link_args = ['-L$gtk_prefix/lib', '-L$prefix/lib']
EOF
}

build() {
  cross_files
  export GANTRY_WINDOWS_PREFIX=$prefixes
  # meson keeps what pkg-config said at setup: new library prefixes (a
  # changed stack script) need a setup from scratch, not a reconfigure
  local stamp=$builddir/.gantry-prefixes
  if [ -f "$builddir/build.ninja" ] && [ "$(cat "$stamp" 2>/dev/null)" != "$prefixes" ]; then
    log "the libraries' prefixes changed: configuring $builddir afresh"
    rm -rf "$builddir"
    cross_files
  fi
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" --cross-file tools/windows/mingw-w64-x86_64.txt \
      --cross-file "$builddir/cross-local.txt" -Dgui=true --wrap-mode nodownload
  else
    meson setup --reconfigure "$builddir" -Dgui=true >/dev/null
  fi
  echo "$prefixes" >"$stamp"
  ninja -C "$builddir"
}

# A Windows Go, cross-compiled from Debian's own Go: the tools of
# /usr/lib/go-1.19 rebuilt for windows/amd64. Cached beside the stack.
windows_go() {
  local goroot=/usr/lib/go-1.19 ver key dest
  ver=$(dpkg-query -W -f='${Version}' golang-1.19-go 2>/dev/null || echo unknown)
  key=$(echo "$ver" | sha256sum | cut -c1-12)
  dest=$cache/go-windows-$key
  if [ -f "$dest/.complete" ]; then
    echo "$dest/go"
    return
  fi
  log "Windows Go: cross-compiling Debian's Go $ver for windows/amd64" >&2
  rm -rf "$dest.partial"
  mkdir -p "$dest.partial"
  # Debian links src, misc and the rest from /usr/share: copy what they point at
  cp -rL "$goroot/." "$dest.partial/go/"
  rm -rf "$dest.partial/go/bin"
  (cd "$dest.partial/go/src" &&
   GOROOT="$dest.partial/go" GOOS=windows GOARCH=amd64 CGO_ENABLED=0 GOFLAGS=-buildvcs=false \
     GOCACHE="$cache/gocache" "$goroot/bin/go" install -trimpath cmd/go cmd/gofmt cmd/compile cmd/link \
     cmd/asm cmd/cgo cmd/buildid cmd/pack cmd/vet cmd/cover >&2)
  mkdir -p "$dest.partial/go/bin"
  mv "$dest.partial/go/bin/windows_amd64/"*.exe "$dest.partial/go/bin/"
  rmdir "$dest.partial/go/bin/windows_amd64"
  # the Linux go used the Linux tools to build these; Windows needs none of them
  rm -rf "$dest.partial/go/pkg/linux_amd64" "$dest.partial/go/pkg/tool/linux_amd64"
  rm -rf "$dest"
  mv "$dest.partial" "$dest"
  touch "$dest/.complete"
  echo "$dest/go"
}

run_tests() {
  export GANTRY_WINDOWS_PREFIX=$prefixes
  export WINEPREFIX=$builddir/wineprefix
  local status=0
  # wine's services (rpcss, winedevice, explorer...) start with the first
  # program of a prefix and inherit its output: started here first with
  # none, they hold no test's pipe open until the last test ends
  WINEDEBUG=-all /usr/lib/wine/wineserver -p60 </dev/null >/dev/null 2>&1 || true
  WINEDEBUG=-all /usr/lib/wine/wine64 wineboot </dev/null >/dev/null 2>&1 || true
  # the core suite's test programs, each under wine through meson's exe_wrapper
  # wine starts each program in about a second, and this machine is busy:
  # three times the Linux time limits
  meson test -C "$builddir" --suite core --print-errorlogs --num-processes 2 --timeout-multiplier 3 || status=1
  # a program that failed only because wine could not start GLib's spawn
  # helper runs once more (tools/windows/wine-rerun.py says why); the
  # summary counts its second run and names it. Any other failure stands.
  local again=
  [ $status = 0 ] || again=$(python3 tools/windows/wine-rerun.py list "$builddir/meson-logs/testlog.json")
  if [ -n "$again" ]; then
    log "wine could not start a process in: $again; running those programs once more"
    rm -f "$builddir/meson-logs/rerun.json"
    # shellcheck disable=SC2086
    meson test -C "$builddir" --no-rebuild --logbase rerun --print-errorlogs --num-processes 2 \
      --timeout-multiplier 3 $again || true
    python3 tools/windows/wine-rerun.py merge "$builddir/meson-logs/testlog.json" \
      "$builddir/meson-logs/rerun.json" || status=1
    # the merged log decides: summary.py below fails on any failure left
    python3 tools/summary.py "$builddir/meson-logs/testlog.json" >/dev/null 2>&1 && status=0
  fi
  # gantry.exe end to end, from a fresh WINEPREFIX
  GANTRY_WINDOWS_GO=$(windows_go) bash tools/windows/e2e.sh "$builddir" \
    "$builddir/meson-logs/e2e.tap" || status=1
  WINEDEBUG=-all /usr/lib/wine/wineserver -k 2>/dev/null || true
  # what a Windows user downloads: the zip, then the same end-to-end cases
  # and the window, from it unzipped (no build folder on the DLL path)
  local zip=
  if dist; then
    zip=$(ls -t "$top"/dist-windows/gantry-*-windows-x86_64.zip | head -n 1)
    GANTRY_E2E_ZIP=$zip GANTRY_WINDOWS_GO=$(windows_go) \
      bash tools/windows/e2e.sh "$builddir" "$builddir/meson-logs/e2e-zip.tap" || status=1
    GANTRY_WINDOWS_GO=$(windows_go) bash tools/windows/gui-smoke.sh "$zip" "$builddir/screenshots" "$builddir/meson-logs/gui-smoke.tap" || status=1
  else
    echo "not ok 1 - tools/windows/make-zip.sh makes the release zip" >"$builddir/meson-logs/e2e-zip.tap"
    : >"$builddir/meson-logs/gui-smoke.tap"
    status=1
  fi
  python3 tools/summary.py --label windows --list-skips "$builddir/meson-logs/testlog.json" \
    --tap "$builddir/meson-logs/e2e.tap" --tap "$builddir/meson-logs/e2e-zip.tap" \
    --tap "$builddir/meson-logs/gui-smoke.tap" || status=1
  return $status
}

# hicolor's index.theme, from Debian's binary package (icon themes are data;
# their source answers 404 here), kept in the cache; prints its path
hicolor_index() {
  local deb=$cache/debs/hicolor-icon-theme_0.17-2_all.deb x=$cache/debs/hicolor-0.17-2
  if [ ! -f "$x/usr/share/icons/hicolor/index.theme" ]; then
    mkdir -p "$cache/debs"
    [ -f "$deb" ] || (cd "$cache/debs" && apt-get download -qq hicolor-icon-theme=0.17-2 >&2)
    rm -rf "$x" && dpkg-deb -x "$deb" "$x"
  fi
  echo "$x/usr/share/icons/hicolor/index.theme"
}

# Adwaita's icons, from Debian's binary package likewise: GTK embeds only
# some of the symbolic icons the window shows; prints the theme's folder
adwaita_icons() {
  local deb=$cache/debs/adwaita-icon-theme_43-1_all.deb x=$cache/debs/adwaita-43-1
  if [ ! -f "$x/usr/share/icons/Adwaita/index.theme" ]; then
    mkdir -p "$cache/debs"
    [ -f "$deb" ] || (cd "$cache/debs" && apt-get download -qq adwaita-icon-theme=43-1 >&2)
    rm -rf "$x" && dpkg-deb -x "$deb" "$x"
  fi
  echo "$x/usr/share/icons/Adwaita"
}

# The zip a Windows user downloads, in dist-windows/ (tools/windows/make-zip.sh)
dist() {
  export GANTRY_WINDOWS_PREFIX=$prefixes
  export WINEPREFIX=$builddir/wineprefix
  local gcclib
  gcclib=$(dirname "$($host-gcc -print-libgcc-file-name)")
  BUILD=$builddir OUT=$top/dist-windows \
  INSPECT="$top/tools/windows/wine-run $builddir/app/gantry.exe" \
  DLL_PATH=$gtk_prefix/bin:$prefix/bin:/usr/$host/lib:$gcclib \
  GSPAWN_DIR=$prefix/bin SCHEMAS=$gtk_prefix/share/glib-2.0/schemas \
  HICOLOR_INDEX=$(hicolor_index) ADWAITA_ICONS=$(adwaita_icons) \
    bash tools/windows/make-zip.sh
}

case $what in
  deps) deps ;;
  stack) deps; stack ;;
  build) deps; stack; build ;;
  go) deps; windows_go ;;
  test) deps; stack; build; run_tests ;;
  bench) deps; stack; build; GANTRY_WINDOWS_PREFIX=$prefixes bash tools/windows/bench.sh ;;
  dist) deps; stack; build; dist ;;
  *) echo "usage: tools/windows.sh [deps|stack|build|go|test|bench|dist]" >&2; exit 2 ;;
esac
