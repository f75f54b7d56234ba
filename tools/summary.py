#!/usr/bin/env python3
"""Prints 'N passed, N failed, N skipped' for meson test logs.

Counts TAP subtests (each GLib test case) from testlog.json files; a
test program that failed without reporting a failing case (a crash, a
timeout) counts as one failure. Exits 1 if anything failed.
"""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            t = json.loads(line)
            out = t.get("stdout") or ""
            p = fl = sk = 0
            for l in out.splitlines():
                if re.match(r"^not ok\b", l):
                    fl += 1
                elif re.match(r"^ok\b", l):
                    if re.search(r"#\s*SKIP", l, re.I):
                        sk += 1
                    else:
                        p += 1
            result = t.get("result", "")
            if result not in ("OK", "SKIP", "EXPECTEDFAIL") and fl == 0:
                fl = 1
                print(f"failed: {t.get('name')} ({result})", file=sys.stderr)
            if result == "SKIP" and p + fl + sk == 0:
                sk = 1
            passed += p
            failed += fl
            skipped += sk

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
