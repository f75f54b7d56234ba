#!/usr/bin/env python3
"""Prints 'N passed, N failed, N skipped' for meson test logs and TAP files.

  summary.py [--label WORD] [--list-skips] [TESTLOG.json...] [--tap FILE...]

Counts TAP subtests (each GLib test case) from meson's testlog.json files
and from plain TAP files (tools/windows/e2e.sh writes one); a test program
that failed without reporting a failing case (a crash, a timeout) counts as
one failure. --list-skips prints every skipped case with its reason, so
nothing is dropped silently. A program run a second time because wine could
not start a process (tools/windows/wine-rerun.py) is counted by its second
run and always named, with the first run's error. Exits 1 if anything failed.
"""
import argparse
import json
import re
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--label", default="")
ap.add_argument("--list-skips", action="store_true")
ap.add_argument("--tap", action="append", default=[])
ap.add_argument("logs", nargs="*")
args = ap.parse_args()

passed = failed = skipped = 0
skips = []
reruns = []


def count_tap(name, text):
    p = fl = sk = 0
    for l in text.splitlines():
        if re.match(r"^not ok\b", l):
            fl += 1
        elif re.match(r"^ok\b", l):
            m = re.search(r"#\s*SKIP\s*(.*)", l, re.I)
            if m:
                sk += 1
                what = re.sub(r"^ok\s+\d*\s*-?\s*", "", l[: m.start()]).strip()
                skips.append(f"{name}: {what}: {m.group(1).strip() or 'no reason given'}")
            else:
                p += 1
    return p, fl, sk


for path in args.logs:
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        print(f"failed: {path} ({e.strerror}: that suite did not run)", file=sys.stderr)
        failed += 1
        continue
    with f:
        for line in f:
            if not line.strip():
                continue
            t = json.loads(line)
            if "wine_rerun" in t:
                reruns.append(f"{t.get('name')}: run again after wine could not start a process "
                              f"({t['wine_rerun']}); second run: {t.get('result')}")
            p, fl, sk = count_tap(t.get("name"), t.get("stdout") or "")
            result = t.get("result", "")
            if result not in ("OK", "SKIP", "EXPECTEDFAIL") and fl == 0:
                fl = 1
                print(f"failed: {t.get('name')} ({result})", file=sys.stderr)
            if result == "SKIP" and p + fl + sk == 0:
                sk = 1
                skips.append(f"{t.get('name')}: the whole program skipped")
            passed += p
            failed += fl
            skipped += sk

for path in args.tap:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        print(f"failed: {path} ({e.strerror})", file=sys.stderr)
        failed += 1
        continue
    p, fl, sk = count_tap(path.rsplit("/", 1)[-1], text)
    for l in text.splitlines():
        if l.startswith("# rerun: "):
            reruns.append(f"{path.rsplit('/', 1)[-1]}: {l[len('# rerun: '):]}")
    if p + fl + sk == 0:
        print(f"failed: {path} (no test ran)", file=sys.stderr)
        fl = 1
    passed += p
    failed += fl
    skipped += sk

for r in reruns:
    print(f"rerun: {r}")

if args.list_skips:
    for s in skips:
        print(f"skipped: {s}")

prefix = f"{args.label}: " if args.label else ""
print(f"{prefix}{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
