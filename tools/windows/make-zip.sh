#!/usr/bin/env bash
# The release zip a Windows user downloads, from a Windows build of Gantry:
#   gantry-VERSION-windows-x86_64.zip        the exes, exactly the DLLs they
#       import or open at run time (libcurl, libarchive), walked by Gantry's
#       own inspector (tools/windows/bundle.py),
#       GLib's gspawn helpers and gdbus.exe (the session bus GApplication
#       starts on Windows for its single instance), GTK's compiled settings schemas, the hicolor
#       icon theme's index with Gantry's icon as PNG, a README;
#   gantry-VERSION-windows-x86_64-debug.zip  the debug information split off;
# each with a .sha256 file. Used by tools/windows.sh dist (Debian, MinGW-w64
# and wine) and by the MSYS2 workflow (.github/workflows/windows.yml).
#
# Environment (all required):
#   BUILD          the build folder (app/gantry.exe, app/gantry-gui.exe)
#   OUT            where the zips go
#   INSPECT        the command that runs gantry.exe (e.g. "wine-run gantry.exe")
#   DLL_PATH       ':'-separated folders where the DLLs are looked for
#   GSPAWN_DIR     the folder of gspawn-win64-helper.exe (GLib's bin)
#   SCHEMAS        ':'-separated folders of *.gschema.xml to compile (GTK's)
#   HICOLOR_INDEX  the hicolor icon theme's index.theme
#   ADWAITA_ICONS  the Adwaita icon theme's folder (its pre-rendered
#                  .symbolic.png icons: GTK here has no SVG loader)
#   PIXBUF_DIR     optional: gdk-pixbuf's lib/gdk-pixbuf-2.0/2.10.0, when its
#                  loaders are modules (MSYS2); Debian's cross build has
#                  them built into the DLL
#   OBJCOPY STRIP  binutils for PE files (default: MinGW-w64's)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
for v in BUILD OUT INSPECT DLL_PATH GSPAWN_DIR SCHEMAS HICOLOR_INDEX ADWAITA_ICONS; do
  [ -n "${!v:-}" ] || { echo "make-zip: $v is not set" >&2; exit 2; }
done
OBJCOPY=${OBJCOPY:-x86_64-w64-mingw32-objcopy}
STRIP=${STRIP:-x86_64-w64-mingw32-strip}

version=$(meson introspect "$BUILD" --projectinfo |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
name=gantry-$version-windows-x86_64
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
stage=$OUT/stage/$name
dbg=$OUT/stage/$name-debug
rm -rf "$OUT/stage"
mkdir -p "$stage" "$dbg"

dll_args=()
IFS=: read -ra dirs <<<"$DLL_PATH"
for d in "${dirs[@]}"; do dll_args+=(--dll-path "$d"); done
# gdk-pixbuf's loader modules, if any, go where it looks for them (beside
# the DLLs' folder); the DLLs they import are shipped like the exes'
pixbuf_stage=$stage/lib/gdk-pixbuf-2.0/2.10.0
mkdir -p "$pixbuf_stage"
if [ -n "${PIXBUF_DIR:-}" ] && compgen -G "$PIXBUF_DIR/loaders/*.dll" >/dev/null; then
  cp -r "$PIXBUF_DIR/loaders" "$pixbuf_stage/"
  cp "$PIXBUF_DIR/loaders.cache" "$pixbuf_stage/"
  for l in "$pixbuf_stage"/loaders/*.dll; do dll_args+=(--walk "$l"); done
else
  # gdk-pixbuf reads this file at start; without it, it tries again at
  # every image
  printf '# GdkPixbuf Image Loader Modules file\r\n# none: PNG and JPEG are built into libgdk_pixbuf-2.0-0.dll\r\n' \
    >"$pixbuf_stage/loaders.cache"
fi
python3 "$here/bundle.py" --out "$stage" --debug-out "$dbg" --inspect "$INSPECT" "${dll_args[@]}" \
  --objcopy "$OBJCOPY" --strip "$STRIP" \
  --exe "$BUILD/app/gantry.exe" --exe "$BUILD/app/gantry-gui.exe" \
  --extra "$GSPAWN_DIR/gspawn-win64-helper.exe" --extra "$GSPAWN_DIR/gspawn-win64-helper-console.exe" \
  --extra "$GSPAWN_DIR/gdbus.exe" \
  --load libcurl-4.dll --load libarchive-13.dll

# GTK reads its settings' schemas from share/ beside the DLLs
mkdir -p "$stage/share/glib-2.0/schemas"
IFS=: read -ra dirs <<<"$SCHEMAS"
for d in "${dirs[@]}"; do cp "$d"/*.gschema.xml "$stage/share/glib-2.0/schemas/"; done
glib-compile-schemas --strict "$stage/share/glib-2.0/schemas"
rm "$stage"/share/glib-2.0/schemas/*.gschema.xml

# the icon theme GTK falls back to, with Gantry's icon as PNG (GTK here
# has no SVG loader: librsvg's source is not served)
mkdir -p "$stage/share/icons/hicolor"
cp "$HICOLOR_INDEX" "$stage/share/icons/hicolor/index.theme"
svg=$top/resources/icons/hicolor/scalable/apps/io.github.gantry.Gantry.svg
for n in 16 24 32 48 64 128 256; do
  mkdir -p "$stage/share/icons/hicolor/${n}x${n}/apps"
  rsvg-convert -w $n -h $n "$svg" -o "$stage/share/icons/hicolor/${n}x${n}/apps/io.github.gantry.Gantry.png"
done

# the symbolic icons the window names (its .ui files and sources), as
# Adwaita draws them: GTK embeds only some (a missing one is a broken
# image on a page button), and they must load without an SVG loader
shipped=0
for icon in $(grep -rhoE '[a-z0-9-]+-symbolic' "$top/resources/ui" "$top/resources/gtk" "$top/ui" | sort -u); do
  # 256: an empty page's large icon, drawn down rather than blown up
  for n in 16 24 32 48 64 96 256; do
    src=$(ls "$ADWAITA_ICONS/${n}x${n}"/*/"$icon.symbolic.png" 2>/dev/null | head -n 1 || true)
    [ -n "$src" ] || continue
    mkdir -p "$stage/share/icons/hicolor/${n}x${n}/actions"
    cp "$src" "$stage/share/icons/hicolor/${n}x${n}/actions/"
    shipped=$((shipped + 1))
  done
done
echo "make-zip: $shipped symbolic icon files from $ADWAITA_ICONS"

# Windows' Notepad reads CRLF
sed -e "s/@VERSION@/$version/g" -e 's/$/\r/' "$here/README-windows.txt" >"$stage/README.txt"

rm -f "$OUT/$name.zip" "$OUT/$name-debug.zip"
(cd "$OUT/stage" && zip -qrX9 "$OUT/$name.zip" "$name" && zip -qrX9 "$OUT/$name-debug.zip" "$name-debug")
(cd "$OUT" && sha256sum "$name.zip" >"$name.zip.sha256" && sha256sum "$name-debug.zip" >"$name-debug.zip.sha256")
rm -rf "$OUT/stage"
echo "make-zip: $OUT/$name.zip ($(du -k "$OUT/$name.zip" | cut -f1) KiB, $(unzip -l "$OUT/$name.zip" | tail -n 1 | awk '{print $2}') files);" \
  "debug information in $name-debug.zip ($(du -k "$OUT/$name-debug.zip" | cut -f1) KiB)"
