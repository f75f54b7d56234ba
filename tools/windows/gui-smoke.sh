#!/usr/bin/env bash
# gantry-gui.exe from the release zip, as a Windows user starts it: the zip
# unzipped into a folder whose name has a space and a non-ASCII letter, a
# fresh WINEPREFIX, no build folder on the DLL search path, an X server of
# its own (Xvfb) and GTK's cairo renderer (wine has no GL here).
#
#   tools/windows/gui-smoke.sh ZIP SHOTS TAPFILE
#
# The window must open on the sample project (a screenshot that is not
# blank); clicks on the page switcher must bring the Commands, Compare,
# Results and Targets pages, and on Toolchains its page (the clicked
# button is then the selected one); the close button must end it. (Keys
# cannot be tested here: wine has no keyboard layout DLL for GDK.) GLib's and GTK's warnings
# and criticals on its error output fail the test, except the few that
# come from wine's own registry (named below, and printed as notes).
# Then, with GANTRY_WINDOWS_GO (a Windows GOROOT) on the user's PATH, a
# pure-Go module added with gantry.exe is selected in the sidebar and
# released with Build & Verify; the run in the store must have built
# and passed its three targets, and the Results and Compare pages must
# show them. Screenshots are saved in SHOTS.
set -uo pipefail

zip=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shots=$2
tap=$3
mkdir -p "$shots"
shots=$(cd "$shots" && pwd)
wine=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver
convert=/usr/bin/convert

: >"$tap"
n=0
failed=0
emit() { echo "$1" | tee -a "$tap"; }
ok() { n=$((n + 1)); emit "ok $n - $1"; }
not_ok() {
  n=$((n + 1)); failed=1
  emit "not ok $n - $1"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 120 | sed 's/^/# /' | tee -a "$tap"
}
skip() { n=$((n + 1)); emit "ok $n - $1 # SKIP $2"; }
skip_all() { emit "1..0 # SKIP $1"; exit 0; }

for tool in Xvfb xdotool import "$convert" "$wine" unzip; do
  command -v "$tool" >/dev/null || skip_all "$tool is not installed (tools/windows.sh deps installs it)"
done

work=$(mktemp -d "${TMPDIR:-/var/tmp}/gantry-gui-smoke.XXXXXX")
xvfb_pid=
gui_pid=
cleanup() {
  [ -n "$gui_pid" ] && kill "$gui_pid" 2>/dev/null
  WINEPREFIX=$work/wineprefix $wineserver -k 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

folder="$work/Programme für Gantry"
mkdir -p "$folder"
unzip -q "$zip" -d "$folder"
app=$(ls -d "$folder"/gantry-*-windows-x86_64)
[ -f "$app/gantry-gui.exe" ] || { not_ok "the zip holds gantry-gui.exe" "$(ls "$app")"; exit 1; }

# An X server of our own, on the first free display it finds
exec 7< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>"$work/xvfb.log")
xvfb_pid=$!
read -r -t 20 display <&7 || { not_ok "Xvfb starts" "$(cat "$work/xvfb.log")"; exit 1; }
export DISPLAY=:$display

mkdir -p "$work/home"
# nothing of this session's environment (and no build prefix on WINEPATH)
winenv() {
  env -i PATH=/usr/bin:/bin HOME="$work/home" WINEPREFIX="$work/wineprefix" WINEDEBUG=-all \
    WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY="$DISPLAY" LANG=C.UTF-8 GSK_RENDERER=cairo "$@"
}
t0=$SECONDS
winenv $wine wineboot --init >/dev/null 2>&1
echo "# fresh WINEPREFIX made in $((SECONDS - t0)) s"
# wine's DirectWrite cannot describe wine's own UI font (Tahoma), which
# pango 1.50 names fonts through: every label would be drawn in boxes. A
# user style sheet in this prefix's profile (%LOCALAPPDATA%\gtk-4.0\gtk.css,
# which GTK reads on any Windows) names DejaVu Sans, a font wine takes from
# this system and DirectWrite describes, so the screenshots can be read.
# On Windows, GTK uses the system's UI font, Segoe UI.
css_dir=$work/wineprefix/drive_c/users/$(id -un)/AppData/Local/gtk-4.0
mkdir -p "$css_dir"
echo 'window { font-family: "DejaVu Sans"; }' >"$css_dir/gtk.css"

shot() { import -display "$DISPLAY" -window root "$1" 2>/dev/null; }
# the grey level's standard deviation: 0 for a screen of one colour
spread() { $convert "$1" -colorspace gray -format '%[fx:standard_deviation]' info: 2>/dev/null; }
blank() { awk -v s="$(spread "$1")" 'BEGIN { exit !(s == "" || s < 0.02) }'; }
same() { [ "$(md5sum <"$1")" = "$(md5sum <"$2")" ]; }

# Waits until the screen has changed from BEFORE (if given), is not blank,
# and holds still for a second; saves it as FILE. Gives up after LIMIT s.
settle() {
  local file=$1 before=${2:-} limit=${3:-60} t=$SECONDS prev=$work/prev.png
  rm -f "$prev"
  while [ $((SECONDS - t)) -lt "$limit" ]; do
    sleep 1
    shot "$file" || continue
    if blank "$file" || { [ -n "$before" ] && same "$file" "$before"; }; then
      continue
    fi
    if [ -f "$prev" ] && same "$file" "$prev"; then
      return 0
    fi
    cp "$file" "$prev"
  done
  return 1
}

# wine's explorer with a virtual desktop: one X window, wine keeps the focus
t0=$SECONDS
(cd "$app" && winenv $wine explorer /desktop=Gantry,1280x800 gantry-gui.exe \
   >"$work/gui.out" 2>"$work/gui.err") &
gui_pid=$!
if settle "$shots/gui-start.png" "" 120; then
  ok "gantry-gui.exe opens from the zip in a fresh WINEPREFIX (first stable frame after $((SECONDS - t0)) s, spread $(spread "$shots/gui-start.png"))"
else
  not_ok "gantry-gui.exe opens from the zip" "$(tail -n 30 "$work/gui.err")"
  exit 1
fi

# The pages are reached with the mouse: GDK's win32 backend maps keys
# through the keyboard layout's DLL (KBDUS.DLL on an English Windows), and
# wine here has none, so Gantry's Alt+N bindings cannot be pressed here.
# A switcher's buttons are found on a row of pixels across it: between
# its first and last border pixel (a grey darker than any button's fill),
# each run of one colour at least 30 px wide is a button; the selected one
# is the darkest.
buttons() {  # FILE Y X0 X1: the buttons' centres, one per line, the selected marked *
  $convert "$1" -crop "$(($4 - $3))x1+$3+$2" +repage txt:- 2>/dev/null | awk -v x0="$3" '
    function hex(h) { return (index("0123456789ABCDEF", substr(h, 1, 1)) - 1) * 16 + index("0123456789ABCDEF", substr(h, 2, 1)) - 1 }
    function lum(c) { return (0.2126 * hex(substr(c, 2, 2)) + 0.7152 * hex(substr(c, 4, 2)) + 0.0722 * hex(substr(c, 6, 2))) / 255 }
    NR > 1 { split($1, a, ","); n++; x[n] = a[1] + x0; c[n] = $3
             l = lum($3); if (l > 0.5 && l < 0.81) { if (!first) first = n; last = n } }
    END {
      for (i = first; i <= last; i++) {
        if (c[i] != pc) { if (pc != "" && x[i] - start >= 30) { k++; s[k] = start; e[k] = x[i] - 1; col[k] = pc }
                          start = x[i]; pc = c[i] }
      }
      dark = 0
      for (j = 1; j <= k; j++) if (!dark || lum(col[j]) < lum(col[dark])) dark = j
      for (j = 1; j <= k; j++) print int((s[j] + e[j]) / 2) (j == dark && k > 1 ? " *" : "")
    }'
}
selected() { buttons "$@" | awk '/\*/ { print NR; exit }'; }

# the project's pages: the switcher under the project's name; the main
# switcher (Projects, Toolchains) in the header bar
page_y=147 main_y=40
prev=$shots/gui-start.png
mapfile -t tabs < <(buttons "$prev" $page_y 240 1090 | cut -d' ' -f1)
mapfile -t mains < <(buttons "$prev" $main_y 380 720 | cut -d' ' -f1)
if [ ${#tabs[@]} -ne 7 ] || [ ${#mains[@]} -ne 2 ]; then
  not_ok "the page switchers are where the test looks for them" \
    "found ${#tabs[@]} page buttons at y=$page_y (7 expected) and ${#mains[@]} main buttons at y=$main_y (2 expected): $prev"
else
  for page in "3 commands" "5 compare" "2 results" "1 targets"; do
    set -- $page
    DISPLAY=$DISPLAY xdotool mousemove "${tabs[$(($1 - 1))]}" $page_y click 1
    if settle "$shots/gui-$2.png" "$prev" 30 && [ "$(selected "$shots/gui-$2.png" $page_y 240 1090)" = "$1" ]; then
      ok "a click on the page switcher's button $1 shows the $2 page (screenshot $shots/gui-$2.png)"
      prev=$shots/gui-$2.png
    else
      not_ok "a click on the page switcher's button $1 shows the $2 page" \
        "button $(selected "$shots/gui-$2.png" $page_y 240 1090) is selected: $shots/gui-$2.png"
    fi
  done
  DISPLAY=$DISPLAY xdotool mousemove "${mains[1]}" $main_y click 1
  if settle "$shots/gui-toolchains.png" "$prev" 60 && [ "$(selected "$shots/gui-toolchains.png" $main_y 380 720)" = 2 ]; then
    ok "a click on Toolchains shows the toolchains page (screenshot $shots/gui-toolchains.png)"
    prev=$shots/gui-toolchains.png
  else
    not_ok "a click on Toolchains shows the toolchains page" "$shots/gui-toolchains.png"
  fi
fi

# closing: the window's close button, at its top right corner
# the window's right edge: where the desktop's colour begins on the page row
desk=$($convert "$prev" -crop 1x1+1279+$page_y +repage txt:- | awk 'NR > 1 { print $3 }')
right=$($convert "$prev" -crop 1280x1+0+$page_y +repage txt:- |
  awk -v d="$desk" 'NR > 1 && $3 == d { split($1, a, ","); print a[1]; exit }')
right=${right:-1100}
DISPLAY=$DISPLAY xdotool mousemove $((right - 24)) 26 click 1
gone=
for _ in $(seq 1 30); do
  if ! pgrep -f 'gantry-gui\.exe' >/dev/null; then gone=1; break; fi
  sleep 1
done
shot "$shots/gui-closed.png"
if [ -n "$gone" ]; then
  ok "the close button ends gantry-gui.exe"
else
  not_ok "the close button ends gantry-gui.exe" "still running after 30 s: $shots/gui-closed.png"
fi
WINEPREFIX=$work/wineprefix $wineserver -k 2>/dev/null
wait "$gui_pid" 2>/dev/null
gui_pid=

# --- After a build: a pure-Go module released from the window, then its
# Results and Compare pages. (The sample needs a C compiler for Windows,
# which this machine has not.) Go is on the user's PATH, as a Windows
# user who installed it has it: GANTRY_WINDOWS_GO, a Windows GOROOT.
go_root=${GANTRY_WINDOWS_GO:-}
winpath() { printf 'Z:%s' "${1//\//\\}"; }
column() {  # FILE X: runs of one colour down a column, "start end colour"
  $convert "$1" -crop "1x800+$2+0" +repage txt:- 2>/dev/null |
    awk 'NR > 1 { split($1, a, ","); y = a[2] + 0
                  if ($3 != c) { if (c != "") print s, y - 1, c; s = y; c = $3 } }
         END { print s, y, c }'
}
if [ -z "$go_root" ] || [ ! -f "$go_root/bin/go.exe" ]; then
  for what in "the window builds a pure-Go module" "the Results page after a build" "the Compare page after a build"; do
    skip "$what" "no Windows Go (GANTRY_WINDOWS_GO; tools/windows.sh go builds one)"
  done
else
  mod="$work/Mes projets/tiny"
  mkdir -p "$mod"
  printf 'module example.com/tiny\n\ngo 1.19\n' >"$mod/go.mod"
  printf 'package main\n\nimport "fmt"\n\nvar version = "dev"\n\nfunc main() { fmt.Println("tiny", version) }\n' >"$mod/main.go"
  gantry() { (cd "$app" && winenv WINEPATH="$(winpath "$go_root/bin")" $wine "$app/gantry.exe" "$@" 2>>"$work/cli.err" | tr -d '\r'); }
  added=$(gantry project add "$(winpath "$mod")")
  echo "# $added"
  t0=$SECONDS
  (cd "$app" && winenv WINEPATH="$(winpath "$go_root/bin")" $wine explorer /desktop=Gantry,1280x800 gantry-gui.exe \
     >"$work/gui-build.out" 2>"$work/gui-build.err") &
  gui_pid=$!
  if ! settle "$shots/gui-two-projects.png" "" 120; then
    not_ok "gantry-gui.exe opens again with two projects" "$(tail -n 30 "$work/gui-build.err")"
  else
    # the selected project's row in the sidebar: in a column across the
    # list, the first grey taller than 20 px below the list's title (its
    # shade depends on the pointer); the row below it is tiny's
    rowsel='$1 > 70 && $2 - $1 > 20 && $3 != "#FFFFFF" && $3 != "#F6F5F4"'
    sel=$(column "$shots/gui-two-projects.png" 120 | awk "$rowsel { print \$1, \$2; exit }")
    set -- $sel
    # a busy machine may drop the click while the window starts: up to
    # three, until the row below is the selected one
    for try in 1 2 3; do
      DISPLAY=$DISPLAY xdotool mousemove 120 $(($2 + ($2 - $1) / 2 + 8)) click 1
      settle "$shots/gui-tiny.png" "$shots/gui-two-projects.png" 30
      sel2=$(column "$shots/gui-tiny.png" 120 | awk "$rowsel { print \$1; exit }")
      [ -n "$sel2" ] && [ "$sel2" -gt "$1" ] && break
      DISPLAY=$DISPLAY xdotool mousemove 640 600
    done
    # Build & Verify: the blue button in the header bar
    blue=$($convert "$shots/gui-tiny.png" -crop 1280x1+0+26 +repage txt:- 2>/dev/null |
      awk 'NR > 1 && $3 == "#3081E3" { split($1, a, ","); if (!f) f = a[1]; l = a[1] } END { if (f) print int((f + l) / 2) }')
    if [ -z "$sel" ] || [ -z "$sel2" ] || [ "$sel2" -le "$1" ] || [ -z "$blue" ]; then
      not_ok "the window builds a pure-Go module" \
        "could not select tiny or find Build & Verify (selected row at '$sel', then '$sel2'; blue button at x='$blue'): $shots/gui-tiny.png"
    else
      # one click on Build & Verify, then the newest run once it ended
      release_once() {
        local before=$1 t1=$SECONDS
        # the button takes a click once the window is idle again: with the
        # pointer off it, it is its own blue (paler while a run goes on)
        DISPLAY=$DISPLAY xdotool mousemove 640 600
        while [ $((SECONDS - t1)) -lt 120 ]; do
          shot "$work/button.png"
          [ "$($convert "$work/button.png" -crop "1x1+$blue+26" +repage txt:- 2>/dev/null | awk 'NR == 2 { print $3 }')" = "#3081E3" ] && break
          sleep 2
        done
        DISPLAY=$DISPLAY xdotool mousemove "$blue" 26 click 1
        t0=$SECONDS
        while [ $((SECONDS - t0)) -lt 600 ]; do
          sleep 5
          runs=$(gantry runs tiny --json)
          printf '%s' "$runs" | python3 -c 'import json, sys
r = json.load(sys.stdin)
sys.exit(0 if r and r[0]["id"] > int(sys.argv[1]) and r[0]["state"] != "running" else 1)' "$before" 2>/dev/null && break
        done
        shot "$shots/gui-built.png"
        run_id=$(printf '%s' "$runs" | python3 -c 'import json, sys
print(json.load(sys.stdin)[0]["id"])' 2>/dev/null)
        summary=$(printf '%s' "$runs" | python3 -c 'import json, sys
r = json.load(sys.stdin)[0]
print("run %s: state %s, %s artifacts, %d targets passed (%s), %d failed" % (r["id"], r["state"], r["artifacts"], len(r["targets_passed"]), ", ".join(r["targets_passed"]), len(r["targets_failed"])))' 2>/dev/null)
        # a pure-Go module builds for all three targets; no check fails
        printf '%s' "$runs" | python3 -c 'import json, sys
r = json.load(sys.stdin)[0]
sys.exit(0 if r["id"] > int(sys.argv[1]) and r["state"] != "running" and len(r["targets_passed"]) == 3 and not r["targets_failed"] else 1)' "$before" 2>/dev/null
      }
      retried=
      if ! release_once 0; then
        # A three-line pure-Go program cannot fail to build but for the
        # place it builds in: once in CI, Go under wine failed one of the
        # three builds. Such a run is shown in full here, and the window
        # gets one more click; a check that failed is never retried.
        first_log=$(gantry runs --log "${run_id:-0}" 2>&1)
        if printf '%s\n' "$first_log" | grep -q '^== build .*: failed'; then
          emit "# run ${run_id:-?} under wine did not build every target; what it did (gantry runs --log ${run_id:-?}):"
          printf '%s\n' "$first_log" | tail -n 60 | sed 's/^/#   /' | tee -a "$tap"
          retried=" (second click: the first run's build failed under wine, its log is above)"
          release_once "${run_id:-0}" || true
        fi
      fi
      if printf '%s' "$runs" | python3 -c 'import json, sys
r = json.load(sys.stdin)[0]
sys.exit(0 if r["state"] != "running" and len(r["targets_passed"]) == 3 and not r["targets_failed"] else 1)' 2>/dev/null; then
        ok "the window builds a pure-Go module under wine: $summary ($((SECONDS - t0)) s; screenshot $shots/gui-built.png)$retried"
      else
        not_ok "the window builds a pure-Go module under wine" "${summary:-no run recorded}: $runs $(tail -n 20 "$work/cli.err")
what the run did (gantry runs --log $run_id):
$([ -n "$run_id" ] && gantry runs --log "$run_id" | tail -n 60)"
      fi
      prev=$shots/gui-built.png
      for page in "2 results-built" "5 compare-built"; do
        set -- $page
        DISPLAY=$DISPLAY xdotool mousemove "${tabs[$(($1 - 1))]:-0}" $page_y click 1
        if settle "$shots/gui-$2.png" "$prev" 30 && [ "$(selected "$shots/gui-$2.png" $page_y 240 1090)" = "$1" ]; then
          prev=$shots/gui-$2.png
        fi
      done
      # the Results page lists the run's targets: not the empty state seen before
      if [ "$prev" = "$shots/gui-compare-built.png" ] && ! same "$shots/gui-results-built.png" "$shots/gui-results.png"; then
        ok "the Results page after a build (screenshot $shots/gui-results-built.png)"
      else
        not_ok "the Results page after a build" "$shots/gui-results-built.png"
      fi
      # two of the built binaries side by side, not the empty state
      if [ "$prev" = "$shots/gui-compare-built.png" ] && ! same "$shots/gui-compare-built.png" "$shots/gui-compare.png" &&
         [ "$(column "$shots/gui-compare-built.png" 640 | wc -l)" -gt "$(column "$shots/gui-compare.png" 640 | wc -l)" ]; then
        ok "the Compare page after a build shows the binaries side by side (screenshot $shots/gui-compare-built.png)"
      else
        not_ok "the Compare page after a build" "$shots/gui-compare-built.png"
      fi
    fi
  fi
  WINEPREFIX=$work/wineprefix $wineserver -k 2>/dev/null
  wait "$gui_pid" 2>/dev/null
  gui_pid=
  cat "$work/gui-build.err" >>"$work/gui.err"
fi

tr -d '\r' <"$work/gui.err" >"$shots/gui-stderr.txt"
# Known under wine, and only there: GDK's win32 backend reads the keyboard
# layouts and input devices from the registry, which a fresh wine prefix
# lacks; pango 1.50 names each font through DirectWrite, and for each font
# wine's DirectWrite cannot describe, pango's check of the description
# (pangowin32-fontmap.c, "extracting a name for a font can fail") is a
# critical on a NULL description, and that font is left out.
wine_only="Keyboard Layout|keyboard layout DLL|Failed to get device node property"
wine_only="$wine_only|pango_font_description_get_family: assertion 'desc != NULL'"
# GDK reads the system's UI font (gdkproperty-win32.c) through the same
# DirectWrite: a NULL description for wine's Tahoma
wine_only="$wine_only|pango_font_description_to_string: assertion 'desc != NULL'"
# each kind once, with how many times it came
nodate() { sed -E 's/^\([^)]*\): //; s/[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]+: //' | sort | uniq -c | sort -rn; }
grep -E -- "-(WARNING|CRITICAL) \*\*" "$shots/gui-stderr.txt" | grep -E "$wine_only" |
  nodate | sed 's/^ */# known under wine: /' | tee -a "$tap"
grep -E -- "-(WARNING|CRITICAL) \*\*|^\*\* \(.*\): (WARNING|CRITICAL)" "$shots/gui-stderr.txt" |
  grep -vE "$wine_only" >"$work/warnings"
if [ -s "$work/warnings" ]; then
  not_ok "no GLib or GTK warning on the window's error output" "$(nodate <"$work/warnings" | head -n 20)"
else
  ok "no GLib or GTK warning on the window's error output"
fi

emit "1..$n"
exit $failed
