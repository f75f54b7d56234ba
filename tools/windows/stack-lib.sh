# Shared by tools/windows-stack.sh and tools/windows-gtk-stack.sh: fetching
# Debian 12 source packages and cross-building them with MinGW-w64 into a
# prefix. Sourced, not run. The caller sets, before sourcing:
#   prefix     where the libraries go
#   sources    where the source packages are downloaded and kept
#   version    an associative array: source package -> Debian version
#   pc_dirs    the pkg-config folders to search, ':'-separated (the
#              prefix's own, and a lower prefix's when there is one)
#   inc_dirs   the include folders (space-separated) to search
# and gets $build (a temporary folder removed on exit), $cross (a meson
# cross file), and the functions below.

host=x86_64-w64-mingw32
jobs=$(nproc)

log() { printf '[%s %(%H:%M:%S)T] %s\n' "${log_name:-windows-stack}" -1 "$*" >&2; }

mkdir -p "$prefix" "$sources"
build=$(mktemp -d "${TMPDIR:-/var/tmp}/gantry-stack.XXXXXX")
trap 'rm -rf "$build"' EXIT

export PKG_CONFIG_LIBDIR=$pc_dirs
export PKG_CONFIG_PATH=
CPPFLAGS=
LDFLAGS=
for d in $inc_dirs; do CPPFLAGS="$CPPFLAGS -I$d/include"; LDFLAGS="$LDFLAGS -L$d/lib"; done
export CPPFLAGS LDFLAGS
# Debian's MinGW gcc links libssp for _FORTIFY_SOURCE, which nothing ships
export CFLAGS="-O2 -g -U_FORTIFY_SOURCE"
export CXXFLAGS="-O2 -g -U_FORTIFY_SOURCE"

# upstream version of a Debian version: 1:2.3-4+deb12u1 -> 2.3
upstream() { local v=${1#*:}; echo "${v%-*}"; }

orig_of() {
  local f
  for f in "$sources/$1".orig.tar.{xz,gz,bz2}; do
    [ -f "$f" ] && { echo "$f"; return; }
  done
  true
}

# Downloads NAME=VERSION's source files into $sources (once) and unpacks
# the upstream tarball into $build/NAME; prints that folder. Where the
# archive here answers 404 for a package's Debian patches, the upstream
# tarball (the .orig) alone is used: the cross build needs none of them.
fetch() {
  local name=$1 ver=${version[$1]} up orig dir
  up=$(upstream "$ver")
  orig=$(orig_of "${name}_${up}")
  if [ -z "$orig" ]; then
    log "downloading the source of $name $ver"
    # apt-get stops at the first file that fails (a 404 on the Debian
    # patches): what it fetched before is kept, the orig comes first.
    (cd "$sources" && apt-get source --download-only -qq "$name=$ver" >&2) ||
      log "apt-get source $name=$ver did not fetch every file; using the upstream tarball"
    orig=$(orig_of "${name}_${up}")
    if [ -z "$orig" ]; then
      echo "windows-stack: could not download the source of $name $ver from Debian's archive." >&2
      echo "  Check that deb-src lines are enabled (tools/windows.sh does it) and 'apt-get update' ran." >&2
      exit 1
    fi
  fi
  dir=$build/$name
  mkdir -p "$dir"
  tar -xf "$orig" -C "$dir" --strip-components=1
  echo "$dir"
}

configure_host() {
  ./configure --host=$host --prefix="$prefix" --disable-static --enable-shared "$@" >configure.out 2>&1 ||
    { tail -n 40 configure.out; tail -n 60 config.log 2>/dev/null; exit 1; }
}

make_install() {
  make -j"$jobs" "$@" >make.out 2>&1 || { tail -n 60 make.out; exit 1; }
  make install "$@" >install.out 2>&1 || { tail -n 40 install.out; exit 1; }
}

# A meson cross file for the libraries built with meson, in this prefix.
cross=$build/cross.txt
{
  echo "[binaries]"
  echo "c = '$host-gcc'"
  echo "cpp = '$host-g++'"
  echo "ar = '$host-ar'"
  echo "strip = '$host-strip'"
  echo "windres = '$host-windres'"
  echo "pkgconfig = 'pkg-config'"
  echo
  echo "[properties]"
  echo "pkg_config_libdir = '$pc_dirs'"
  echo
  echo "[built-in options]"
  args=; links=
  for d in $inc_dirs; do args="$args'-I$d/include', "; links="$links'-L$d/lib', "; done
  echo "c_args = [$args'-U_FORTIFY_SOURCE']"
  echo "cpp_args = [$args'-U_FORTIFY_SOURCE']"
  echo "c_link_args = [${links%, }]"
  echo "cpp_link_args = [${links%, }]"
  echo
  echo "[host_machine]"
  echo "system = 'windows'"
  echo "cpu_family = 'x86_64'"
  echo "cpu = 'x86_64'"
  echo "endian = 'little'"
} >"$cross"

meson_build() {
  local src=$1; shift
  (cd "$src" &&
   meson setup _build --cross-file "$cross" --prefix "$prefix" --libdir lib \
     --buildtype release -Ddebug=true --default-library shared --wrap-mode nodownload "$@" >setup.out 2>&1 ||
     { tail -n 60 setup.out; exit 1; }
   ninja -C _build -j"$jobs" >ninja.out 2>&1 || { tail -n 60 ninja.out; exit 1; }
   ninja -C _build install >install.out 2>&1 || { tail -n 30 install.out; exit 1; })
}

# Each library leaves a stamp in the prefix: a build stopped halfway
# (a failure, a session's end) goes on from the next library.
built() { [ -f "$prefix/.built-$1" ]; }
step() { log "$1"; SECONDS=0; }
done_step() { touch "$prefix/.built-$1"; log "$1 built in ${SECONDS} s"; echo "$1 $SECONDS" >>"$prefix/.build-times"; }
