#!/usr/bin/env bash
# Cross-builds the window's libraries for Windows with Debian's MinGW-w64,
# from Debian 12 source packages only, on top of the core libraries of
# tools/windows-stack.sh: pixman, libpng, libjpeg-turbo, libtiff, fribidi,
# harfbuzz, cairo (win32 surfaces and fonts), pango (win32 fonts),
# gdk-pixbuf (PNG and JPEG built in), graphene, libepoxy, GTK 4.8 and
# libadwaita 1.2. No freetype or fontconfig: on Windows pango draws with
# the system's fonts.
#
#   tools/windows-gtk-stack.sh PREFIX SOURCES BASE
#
# BASE is the core libraries' prefix (GLib, zlib...), which this one
# builds on and never writes to. The caller (tools/windows.sh) names
# PREFIX after a hash of BASE's name, this file and windows/stack-lib.sh.
set -euo pipefail

prefix=$1
sources=$2
base=$3
here=$(cd "$(dirname "$0")" && pwd)
log_name=windows-gtk-stack

# The Debian 12 source packages and their versions.
declare -A version=(
  [pixman]=0.42.2-1
  [libpng1.6]=1.6.39-2+deb12u6
  [libjpeg-turbo]=1:2.1.5-2
  [tiff]=4.5.0-6+deb12u4
  [fribidi]=1.0.8-2.1
  [harfbuzz]=6.0.0+dfsg-3
  [cairo]=1.16.0-7
  [pango1.0]=1.50.12+ds-1
  [gdk-pixbuf]=2.42.10+dfsg-1+deb12u4
  [graphene]=1.10.8-1
  [libepoxy]=1.5.10-1
  [gtk4]=4.8.3+ds-2+deb12u1
  [libadwaita-1]=1.2.2-1
)

pc_dirs=$prefix/lib/pkgconfig:$base/lib/pkgconfig
inc_dirs="$prefix $base"
. "$here/windows/stack-lib.sh"

# GTK and libadwaita compile their style sheets with sassc (a native tool)
for tool in sassc cmake; do
  command -v $tool >/dev/null || { echo "windows-gtk-stack: $tool is missing (tools/windows.sh deps installs it)" >&2; exit 1; }
done

# --- pixman
if ! built pixman; then
step pixman
src=$(fetch pixman)
meson_build "$src" -Dtests=disabled -Dgtk=disabled -Dlibpng=disabled -Dopenmp=disabled
done_step pixman
fi

# --- libpng
if ! built libpng; then
step libpng
src=$(fetch libpng1.6)
(cd "$src" && configure_host --disable-tools --without-binconfigs && make_install)
done_step libpng
fi

# CMake, for the two libraries that build with nothing else here
cat >"$build/mingw.cmake" <<CMAKE
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR AMD64)
set(CMAKE_C_COMPILER $host-gcc)
set(CMAKE_CXX_COMPILER $host-g++)
set(CMAKE_RC_COMPILER $host-windres)
set(CMAKE_FIND_ROOT_PATH /usr/$host $prefix $base)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
CMAKE
cmake_build() {
  local src=$1; shift
  (cd "$src" && mkdir -p _build && cd _build &&
   cmake .. -DCMAKE_TOOLCHAIN_FILE="$build/mingw.cmake" -DCMAKE_INSTALL_PREFIX="$prefix" \
     -DCMAKE_INSTALL_LIBDIR="$prefix/lib" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_SHARED_LIBS=ON "$@" >cmake.out 2>&1 ||
     { tail -n 40 cmake.out; exit 1; }
   make_install)
}

# --- libjpeg-turbo (the SIMD parts need nasm: plain C is enough here)
if ! built libjpeg; then
step libjpeg
src=$(fetch libjpeg-turbo)
cmake_build "$src" -DENABLE_STATIC=OFF -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF -DWITH_JPEG8=OFF
done_step libjpeg
fi

# --- libtiff (GTK 4.8 requires it to load TIFF; no codec beyond zlib and JPEG)
if ! built tiff; then
step tiff
src=$(fetch tiff)
cmake_build "$src" -Dtiff-tools=OFF -Dtiff-tests=OFF -Dtiff-contrib=OFF -Dtiff-docs=OFF -Dcxx=OFF \
  -Djbig=OFF -Dlerc=OFF -Dlzma=OFF -Dzstd=OFF -Dwebp=OFF -Dlibdeflate=OFF -Djpeg=ON -Dzlib=ON
done_step tiff
fi

# --- fribidi
if ! built fribidi; then
step fribidi
src=$(fetch fribidi)
meson_build "$src" -Ddocs=false
done_step fribidi
fi

# --- harfbuzz (GLib for pango; no freetype, cairo or ICU)
if ! built harfbuzz; then
step harfbuzz
src=$(fetch harfbuzz)
meson_build "$src" -Dglib=enabled -Dgobject=disabled -Dcairo=disabled -Dfreetype=disabled -Dicu=disabled \
  -Dgraphite=disabled -Dchafa=disabled -Dtests=disabled -Ddocs=disabled -Dintrospection=disabled \
  -Dbenchmark=disabled
done_step harfbuzz
fi

# --- cairo: the image, win32, PDF, PostScript and SVG surfaces (GTK prints
# and exports through them), win32 fonts, PNG, cairo-gobject
if ! built cairo; then
step cairo
src=$(fetch cairo)
# its configure adds -D_FORTIFY_SOURCE=2, which MinGW links with a libssp
# nothing here ships
sed -i 's/ -Wp,-D_FORTIFY_SOURCE=2//' "$src/configure"
(cd "$src" && configure_host --enable-win32 --enable-win32-font --enable-png --enable-gobject \
   --enable-pdf --enable-ps --disable-xlib --disable-xlib-xrender --disable-xcb --disable-ft --disable-fc \
   --enable-svg --disable-script --disable-interpreter --disable-trace --disable-gtk-doc --disable-valgrind \
   --disable-egl --disable-glesv2 --disable-gl --disable-full-testing &&
 make_install SUBDIRS="src util/cairo-gobject")
done_step cairo
fi

# --- pango (win32 fonts through cairo)
if ! built pango; then
step pango
src=$(fetch pango1.0)
meson_build "$src" -Dintrospection=disabled -Dgtk_doc=false -Dinstall-tests=false -Dfontconfig=disabled \
  -Dfreetype=disabled -Dcairo=enabled -Dxft=disabled -Dlibthai=disabled -Dsysprof=disabled
done_step pango
fi

# --- gdk-pixbuf: PNG and JPEG built into the DLL (no loader modules, so no
# loaders.cache to get right); SVG is not here (no librsvg source): the
# icons Gantry shows are PNG
if ! built gdk-pixbuf; then
step gdk-pixbuf
src=$(fetch gdk-pixbuf)
meson_build "$src" -Dpng=enabled -Djpeg=enabled -Dtiff=disabled \
  -Dbuiltin_loaders=png,jpeg -Dman=false -Dgtk_doc=false -Dintrospection=disabled -Dinstalled_tests=false \
  -Dtests=false -Dnative_windows_loaders=false
done_step gdk-pixbuf
fi

# --- graphene
if ! built graphene; then
step graphene
src=$(fetch graphene)
meson_build "$src" -Dtests=false -Dinstalled_tests=false -Dintrospection=disabled -Dgtk_doc=false \
  -Dgobject_types=true
done_step graphene
fi

# --- libepoxy (GTK links it; wine has no GL here, the window draws with cairo)
if ! built libepoxy; then
step libepoxy
src=$(fetch libepoxy)
meson_build "$src" -Degl=no -Dglx=no -Dtests=false -Ddocs=false
done_step libepoxy
fi

# --- GTK 4.8 with its win32 backend
if ! built gtk4; then
step gtk4
src=$(fetch gtk4)
meson_build "$src" -Dx11-backend=false -Dwayland-backend=false -Dbroadway-backend=false -Dwin32-backend=true \
  -Dmedia-gstreamer=disabled -Dmedia-ffmpeg=disabled -Dprint-cups=disabled -Dvulkan=disabled \
  -Dcloudproviders=disabled -Dsysprof=disabled -Dtracker=disabled -Dcolord=disabled -Dintrospection=disabled \
  -Ddemos=false -Dbuild-examples=false -Dbuild-tests=false -Dinstall-tests=false -Dgtk_doc=false -Dman-pages=false
done_step gtk4
fi

# --- libadwaita 1.2
if ! built libadwaita; then
step libadwaita
src=$(fetch libadwaita-1)
# it compiles with -fstack-protector on Windows (as upstream wants), which
# links MinGW's libssp
meson_build "$src" -Dintrospection=disabled -Dvapi=false -Dgtk_doc=false -Dtests=false -Dexamples=false \
  "-Dc_link_args=['-L$prefix/lib', '-L$base/lib', '-lssp']"
done_step libadwaita
fi

# libtool's .la files name this build's folders: nothing needs them
find "$prefix/lib" -name '*.la' -delete
true
