#!/usr/bin/env python3
"""Runs again, once, the test programs wine failed to start a process for.

  wine-rerun.py list TESTLOG.json          prints the names to run again
  wine-rerun.py merge TESTLOG.json RERUN.json

Under wine, GLib's spawn helper (gspawn-win64-helper.exe, which every
g_spawn and GSubprocess with pipes goes through) now and then dies while
wine starts it; g_spawn then reports "Failed to execute helper program
(Invalid argument)": wine's msvcrt turns the unknown startup status into
EINVAL. It struck two CI runs of about fifteen, each time in a different
test, at the first spawn of a test case, and never in 3,500 spawns made in
a loop (1,500 CreateProcess, 2,000 GSubprocess through the helper, two at a
time). It is wine's, not Gantry's: Gantry checks what its own spawns
report, and on Windows a spawn that fails is an error the user sees.

'list' names the failed programs whose output holds that message, and only
those: any other failure stays a failure, a missing helper too ("No such
file or directory"). 'merge' puts the second run's
entries in place of the first's in TESTLOG.json, each with a "wine_rerun"
field quoting the first run's error, which summary.py prints: a rerun is
never silent, and a program that fails again fails. tools/windows/e2e.sh
does the same for each gantry.exe command it runs (a "# rerun:" line).
"""
import json
import os
import sys

SIGNATURE = "Failed to execute helper program (Invalid argument)"
FAILED = ("FAIL", "ERROR", "TIMEOUT", "UNEXPECTEDPASS", "INTERRUPT")


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def wine_line(t):
    for key in ("stdout", "stderr"):
        for line in (t.get(key) or "").splitlines():
            if SIGNATURE in line:
                return line.strip()
    return None


def short_name(t):
    # meson names a test "project:suite / name"; meson test takes "name"
    return t["name"].rsplit(" / ", 1)[-1]


def main(argv):
    if len(argv) == 2 and argv[0] == "list":
        names = [short_name(t) for t in read(argv[1])
                 if t.get("result") in FAILED and wine_line(t)]
        print(" ".join(names))
        return 0
    if len(argv) == 3 and argv[0] == "merge":
        first = read(argv[1])
        again = {t["name"]: t for t in read(argv[2])}
        merged = []
        for t in first:
            if t["name"] in again:
                second = dict(again.pop(t["name"]))
                second["wine_rerun"] = wine_line(t) or t.get("result", "")
                merged.append(second)
            else:
                merged.append(t)
        merged.extend(again.values())
        with open(argv[1] + ".partial", "w", encoding="utf-8") as f:
            for t in merged:
                f.write(json.dumps(t) + "\n")
        # the first run's log stays beside it, for whoever wants to look
        os.replace(argv[1], argv[1].replace(".json", "-first.json"))
        os.replace(argv[1] + ".partial", argv[1])
        return 0
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
