#!/usr/bin/env bash
# Cross-builds the libraries Gantry links on Windows, with Debian's
# MinGW-w64, from Debian 12 source packages only (no meson wrap, no other
# download): libffi, pcre2, gettext's libintl, GLib, SQLite, json-glib,
# xz's liblzma, bzip2, libarchive and libcurl with Schannel. zlib comes
# prebuilt in Debian's libz-mingw-w64-dev.
#
#   tools/windows-stack.sh PREFIX SOURCES
#
# PREFIX is where the libraries go (bin/*.dll, lib, include); SOURCES is
# a folder where the source packages are downloaded and kept. The caller
# (tools/windows.sh) names PREFIX after a hash of this file and of
# windows/stack-lib.sh, so editing either or a version below builds a new
# prefix and never mixes two.
set -euo pipefail

prefix=$1
sources=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

# The Debian 12 source packages and their versions.
declare -A version=(
  [libffi]=3.4.4-1
  [pcre2]=10.42-1
  [gettext]=0.21-12
  [glib2.0]=2.74.6-2+deb12u9
  [sqlite3]=3.40.1-2+deb12u2
  [xz-utils]=5.4.1-1+deb12u2
  [bzip2]=1.0.8-5
  [libarchive]=3.6.2-1+deb12u5
  [curl]=7.88.1-10+deb12u15
)
# Not served as a source package here: kept in shared/third-party.
json_glib_tarball=json-glib-1.6.6.tar.xz
json_glib_sha256=2791d601ff6232bc163d6ef202a53c1a6925baebc3b254e7234e84490cb26a47

pc_dirs=$prefix/lib/pkgconfig
inc_dirs=$prefix
. "$here/windows/stack-lib.sh"

# --- zlib: Debian's prebuilt MinGW zlib, copied in so the prefix is whole
if ! built zlib; then
step zlib
mingw=/usr/$host
mkdir -p "$prefix/include" "$prefix/lib/pkgconfig" "$prefix/bin"
cp "$mingw/include/zlib.h" "$mingw/include/zconf.h" "$prefix/include/"
cp "$mingw/lib/libz.a" "$prefix/lib/"
[ -f "$mingw/lib/libz.dll.a" ] && cp "$mingw/lib/libz.dll.a" "$prefix/lib/"
[ -f "$mingw/lib/zlib1.dll" ] && cp "$mingw/lib/zlib1.dll" "$prefix/bin/"
cat >"$prefix/lib/pkgconfig/zlib.pc" <<EOF
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include
Name: zlib
Description: zlib compression library (Debian's libz-mingw-w64-dev)
Version: 1.2.13
Libs: -L\${libdir} -lz
Cflags: -I\${includedir}
EOF
done_step zlib
fi

# --- libffi
if ! built libffi; then
step libffi
src=$(fetch libffi)
(cd "$src" && configure_host --disable-docs --disable-multi-os-directory && make_install)
done_step libffi
fi

# --- pcre2 (8-bit only: what GLib uses)
if ! built pcre2; then
step pcre2
src=$(fetch pcre2)
(cd "$src" && configure_host --enable-pcre2-8 --disable-pcre2-16 --disable-pcre2-32 --disable-jit \
   --disable-pcre2grep-libz --disable-pcre2grep-libbz2 --disable-pcre2test-libedit --disable-pcre2test-libreadline &&
 make_install)
done_step pcre2
fi



# --- SQLite: the amalgamation made natively, compiled into a DLL
if ! built sqlite3; then
step sqlite3
src=$(fetch sqlite3)
(cd "$src" &&
 { [ -f sqlite3.c ] || { ./configure >configure.out 2>&1 && make sqlite3.c >make.out 2>&1; } ||
   { tail -n 40 make.out configure.out 2>/dev/null; exit 1; }; } &&
 sqlite_up=$(upstream "${version[sqlite3]}") &&
 $host-gcc -O2 -g -U_FORTIFY_SOURCE -shared -o "$prefix/bin/libsqlite3-0.dll" sqlite3.c \
   -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_JSON1 -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_THREADSAFE=1 \
   "-DSQLITE_API=__declspec(dllexport)" -Wl,--out-implib,"$prefix/lib/libsqlite3.dll.a" &&
 cp sqlite3.h sqlite3ext.h "$prefix/include/" &&
 cat >"$prefix/lib/pkgconfig/sqlite3.pc" <<EOF
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include
Name: SQLite
Description: SQL database engine
Version: $sqlite_up
Libs: -L\${libdir} -lsqlite3
Cflags: -I\${includedir}
EOF
)
done_step sqlite3
fi


# --- liblzma (xz)
if ! built xz; then
step xz
src=$(fetch xz-utils)
(cd "$src" && configure_host --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo \
   --disable-lzma-links --disable-scripts --disable-doc --disable-nls && make_install)
done_step xz
fi

# --- bzip2: its Makefile builds for the host only. A DLL, not a static
# library: libtool makes no DLL of libarchive over a static dependency.
if ! built bzip2; then
step bzip2
src=$(fetch bzip2)
(cd "$src" &&
 for f in blocksort huffman crctable randtable compress decompress bzlib; do
   $host-gcc -O2 -g -U_FORTIFY_SOURCE -D_FILE_OFFSET_BITS=64 -DBZ_EXPORT -c $f.c -o $f.o || exit 1
 done &&
 $host-gcc -shared -o "$prefix/bin/libbz2-1.dll" blocksort.o huffman.o crctable.o randtable.o \
   compress.o decompress.o bzlib.o -Wl,--out-implib,"$prefix/lib/libbz2.dll.a" &&
 # without BZ_EXPORT, bzlib.h on Windows declares pointers for a DLL
 # loaded by hand: the users of this DLL link it
 sed 's/^#   ifdef BZ_EXPORT$/#   if 1 \/* linked, not loaded by hand *\//' bzlib.h >"$prefix/include/bzlib.h")
done_step bzip2
fi

# --- libarchive (zlib, bzip2, xz; libzstd's source is not served here)
if ! built libarchive; then
step libarchive
src=$(fetch libarchive)
(cd "$src" && configure_host --disable-bsdtar --disable-bsdcpio --disable-bsdcat --disable-acl --disable-xattr \
   --without-openssl --without-xml2 --without-expat --without-lz4 --without-zstd --without-libb2 \
   --without-nettle --without-iconv --without-lzo2 --without-cng --with-zlib --with-bz2lib --with-lzma &&
 make_install)
done_step libarchive
fi

# --- libcurl with Schannel: Windows' own TLS and certificate store
if ! built curl; then
step curl
src=$(fetch curl)
(cd "$src" && configure_host --with-schannel --without-openssl --without-gnutls --without-libpsl \
   --without-brotli --without-zstd --without-libidn2 --without-nghttp2 --without-librtmp --without-libssh2 \
   --with-zlib="$prefix" --disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet \
   --disable-tftp --disable-pop3 --disable-imap --disable-smtp --disable-gopher --disable-mqtt \
   --disable-manual &&
 make_install)
done_step curl
fi

# --- libintl, from gettext's runtime half only
if ! built libintl; then
step libintl
src=$(fetch gettext)
(cd "$src/gettext-runtime" &&
 configure_host --disable-java --disable-csharp --disable-libasprintf --disable-c++ --disable-openmp \
   --with-included-gettext --without-libiconv-prefix --disable-relocatable &&
 make -C intl -j"$jobs" >make.out 2>&1 || { tail -n 60 make.out; exit 1; }
 make -C intl install >install.out 2>&1 || { tail -n 30 install.out; exit 1; })
done_step libintl
fi

# --- GLib
if ! built glib; then
step glib
src=$(fetch glib2.0)
meson_build "$src" -Dtests=false -Dinstalled_tests=false -Dman=false -Dgtk_doc=false \
  -Dlibmount=disabled -Dselinux=disabled -Dxattr=false -Dlibelf=disabled -Dnls=disabled \
  -Ddtrace=false -Dsystemtap=false -Dglib_debug=disabled
done_step glib
fi

# --- json-glib (its Debian source answers 404 here: the upstream tarball
# of the same version is kept in shared/third-party)
if ! built json-glib; then
step json-glib
tarball=
for d in "$top/../shared/third-party" "$top/shared/third-party" "${GANTRY_THIRD_PARTY:-/nonexistent}"; do
  [ -f "$d/$json_glib_tarball" ] && { tarball=$d/$json_glib_tarball; break; }
done
if [ -z "$tarball" ]; then
  echo "windows-stack: $json_glib_tarball not found in shared/third-party beside the checkout (or \$GANTRY_THIRD_PARTY)." >&2
  exit 1
fi
echo "$json_glib_sha256  $tarball" | sha256sum -c --quiet - || { echo "windows-stack: $tarball does not match its SHA-256" >&2; exit 1; }
mkdir -p "$build/json-glib"
tar -xf "$tarball" -C "$build/json-glib" --strip-components=1
meson_build "$build/json-glib" -Dintrospection=disabled -Dgtk_doc=disabled -Dtests=false -Dman=false
done_step json-glib
fi

# libwinpthread (curl and GLib's threads may link it) ships with the DLLs
for dll in libwinpthread-1.dll; do
  f=$($host-gcc -print-file-name=$dll)
  [ -f "$f" ] && cp "$f" "$prefix/bin/"
done
true
