#!/usr/bin/env python3
"""Makes the folder a Windows user unzips: the exes, exactly the DLLs they
need, and the data files GTK looks for.

The DLLs are found by walking PE imports from the exes down with Gantry's
own inspector (`gantry inspect --json`): every import it marks
"ships_with_exe" is looked for in the DLL folders given, copied, and
inspected in turn. A DLL that is needed and found nowhere stops the bundle
with its name and who needs it; a DLL in those folders that nothing needs
is not shipped.

DLLs that Gantry opens by name at run time (libcurl, libarchive: --load)
are shipped and walked the same way.

Debug information is split off: each shipped PE file is stripped, with a
.gnu_debuglink to NAME.debug, and the .debug files go to a second folder.

  bundle.py --out DIR --debug-out DIR --inspect CMD --dll-path DIR...
            --exe FILE... [--extra FILE...] [--load DLL...] [--walk FILE...]
            [--objcopy PROG] [--strip PROG]

--inspect is the command that runs Gantry's inspector, split on spaces
(e.g. "tools/windows/wine-run build-windows/app/gantry.exe" on Linux, or
"build/app/gantry.exe" under MSYS2). Run by tools/windows.sh dist and by
the MSYS2 workflow.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys


def inspect(cmd, files):
    """Gantry's inspector on FILES: one JSON object per file, in order."""
    out = subprocess.run(cmd + ["inspect", "--json"] + files,
                         stdout=subprocess.PIPE, check=False)
    if out.returncode != 0:
        sys.exit("bundle: 'gantry inspect --json' failed (exit %d) on: %s"
                 % (out.returncode, " ".join(files)))
    text = out.stdout.decode("utf-8").replace("\r\n", "\n")
    reports = json.loads(text)
    if len(reports) != len(files):
        sys.exit("bundle: the inspector answered for %d files out of %d"
                 % (len(reports), len(files)))
    return reports


def find_dll(name, dirs):
    """The DLL named NAME in DIRS, in any letter case (Windows ignores it)."""
    low = name.lower()
    for d in dirs:
        try:
            entries = os.listdir(d)
        except OSError:
            continue
        for e in entries:
            if e.lower() == low:
                return os.path.join(d, e)
    return None


def walk(cmd, exes, dirs):
    """Every DLL the exes need, found in DIRS: {lower name: path}, plus who
    needs each one (for the listing)."""
    found = {}
    needed_by = {}
    level = list(exes)
    while level:
        nxt = []
        for path, report in zip(level, inspect(cmd, level)):
            if report.get("format") != "pe":
                sys.exit("bundle: %s is not a Windows executable (%s)"
                         % (path, report.get("format")))
            for imp in report.get("imports", []):
                if not imp.get("ships_with_exe"):
                    continue
                name = imp["dll"]
                low = name.lower()
                needed_by.setdefault(low, []).append(os.path.basename(path))
                if low in found:
                    continue
                where = find_dll(name, dirs)
                if where is None:
                    sys.exit("bundle: %s needs %s, which is in none of:\n  %s\n"
                             "Build the library that makes it, or add its folder with --dll-path."
                             % (os.path.basename(path), name, "\n  ".join(dirs)))
                found[low] = where
                nxt.append(where)
        level = nxt
    return found, needed_by


def has_debug(objdump_sections):
    return ".debug_info" in objdump_sections


def split_debug(objcopy, strip, path, debug_dir):
    """Moves PATH's debug information to DEBUG_DIR/NAME.debug and links it."""
    sections = subprocess.run([objcopy.replace("objcopy", "objdump"), "-h", path],
                              stdout=subprocess.PIPE, check=True).stdout.decode()
    if not has_debug(sections):
        return None
    name = os.path.basename(path) + ".debug"
    dbg = os.path.join(debug_dir, name)
    subprocess.run([objcopy, "--only-keep-debug", path, dbg], check=True)
    subprocess.run([strip, "--strip-debug", path], check=True)
    # the link names the file only: a debugger looks beside the exe
    cwd = os.getcwd()
    os.chdir(debug_dir)
    try:
        subprocess.run([objcopy, "--add-gnu-debuglink=" + name, path], check=True)
    finally:
        os.chdir(cwd)
    return dbg


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--debug-out", required=True)
    ap.add_argument("--inspect", required=True)
    ap.add_argument("--dll-path", action="append", default=[])
    ap.add_argument("--exe", action="append", required=True)
    ap.add_argument("--extra", action="append", default=[],
                    help="a program loaded by path, not imported (GLib's gspawn helpers)")
    ap.add_argument("--load", action="append", default=[],
                    help="a DLL the program opens by name at run time (GModule), not imported")
    ap.add_argument("--walk", action="append", default=[],
                    help="a module shipped elsewhere (a gdk-pixbuf loader): only its DLLs are added")
    ap.add_argument("--objcopy", default="x86_64-w64-mingw32-objcopy")
    ap.add_argument("--strip", default="x86_64-w64-mingw32-strip")
    args = ap.parse_args()

    cmd = args.inspect.split()
    for f in args.exe + args.extra + args.walk:
        if not os.path.isfile(f):
            sys.exit("bundle: %s does not exist: build it first (tools/windows.sh build)" % f)

    loaded = []
    for name in args.load:
        where = find_dll(name, args.dll_path)
        if where is None:
            sys.exit("bundle: %s, which Gantry opens at run time, is in none of:\n  %s"
                     % (name, "\n  ".join(args.dll_path)))
        loaded.append(os.path.abspath(where))
    found, needed_by = walk(cmd, [os.path.abspath(e) for e in args.exe + args.extra + args.walk] + loaded,
                            args.dll_path)
    for path in loaded:
        low = os.path.basename(path).lower()
        found.setdefault(low, path)
        needed_by.setdefault(low, []).append("(opened at run time)")

    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.debug_out, exist_ok=True)
    shipped = []
    for f in args.exe + args.extra + sorted(found.values(), key=lambda p: os.path.basename(p).lower()):
        dest = os.path.join(args.out, os.path.basename(f))
        shutil.copy2(f, dest)
        os.chmod(dest, 0o755)
        split_debug(args.objcopy, args.strip, os.path.abspath(dest), os.path.abspath(args.debug_out))
        shipped.append(dest)

    for low, path in sorted(found.items()):
        print("  %-32s needed by %s" % (os.path.basename(path), ", ".join(sorted(set(needed_by[low])))))
    print("bundle: %d programs and %d DLLs in %s" % (len(args.exe) + len(args.extra), len(found), args.out))


if __name__ == "__main__":
    main()
