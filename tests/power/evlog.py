#!/usr/bin/env python3
"""evlog.py LOG... -- check simscm event logs (--events FILE, docs/power.md).

Each log must be valid JSON Lines: every line one JSON object with an
integer t_ns >= 0 and a string event; power_on first and run_end last (once);
t_ns never decreases.  Prints "N logs, M lines" and exits 0, or prints what is
wrong with each bad log and exits 1.  tests/power/run.sh runs it once over
every log its checks wrote.
"""
import json
import sys


def check(path):
    """The number of lines of a good log, or a string saying what is wrong."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        return "cannot read: %s" % e
    if not text.endswith("\n"):
        return "empty, or the last line has no newline"
    last = -1
    events = []
    for n, line in enumerate(text[:-1].split("\n"), 1):
        try:
            o = json.loads(line)
        except ValueError as e:
            return "line %d is not JSON (%s): %s" % (n, e, line[:120])
        if not isinstance(o, dict):
            return "line %d is not an object" % n
        t, ev = o.get("t_ns"), o.get("event")
        if not isinstance(t, int) or isinstance(t, bool) or t < 0:
            return "line %d: t_ns is not a non-negative integer: %s" % (n, line[:120])
        if not isinstance(ev, str):
            return "line %d: no event name: %s" % (n, line[:120])
        if t < last:
            return "line %d: t_ns %d goes back from %d" % (n, t, last)
        last = t
        events.append(ev)
    if events[0] != "power_on":
        return "the first line is not power_on"
    if events[-1] != "run_end" or events.count("run_end") != 1:
        return "run_end is not the last line, once"
    return len(events)


def main(paths):
    if not paths:
        sys.stderr.write(__doc__)
        return 2
    bad, lines = [], 0
    for p in paths:
        r = check(p)
        if isinstance(r, str):
            bad.append("%s: %s" % (p, r))
        else:
            lines += r
    if bad:
        print("; ".join(bad))
        return 1
    print("%d logs, %d lines" % (len(paths), lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
