#!/usr/bin/env python3
"""grade3.py -- the check of lab 3 (docs/labs/lab3.md): the cost of
persistence against SCM latency, measured, plotted and explained.

    tests/labs/grade3.py SIMSCM LABDIR        (make grade-lab3 [LAB=DIR])

LABDIR/results/ must be a finished run of experiments/simexp.py on
LABDIR/sweep.scn by this build, and LABDIR/answers.md must answer each
question.  What is checked:
  * results.csv has the `slowdown` experiment with at least four
    scm_factor values spanning at least 1 to 3, a persistent and a
    non-persistent run of each, every one finished (guest-pass);
  * every row is the row of its run directory, whose result.json carries
    the fingerprint of this simscm and guest kernel (simexp.py's own
    fingerprint): the numbers were measured, by this build;
  * plots/slowdown.png is a PNG made after results.csv;
  * A1..A3 are within 3% of the values computed here from results.csv
    (the same reference as simexp.py's slowdown plot: the mean run time of
    the non-persistent run at the lowest factor); A4 names DRAM, A5 names
    the cache(s), each in a sentence of at least eight words.
What it cannot judge -- whether the explanations are right beyond their
key words -- is the instructor's part (docs/instructors.md).
"""
import csv, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "experiments"))
import simexp  # noqa: E402  (the driver's fingerprint, not a copy of it)

passed = failed = 0


def ok(what):
    global passed
    passed += 1
    print("  ok    %s" % what)


def bad(what, why):
    global failed
    failed += 1
    print("  FAIL  %s\n        %s" % (what, why))


def answers(path):
    got = {}
    try:
        with open(path) as f:
            for line in f:
                m = re.match(r"\s*A([1-5])\s*:\s*(.*?)\s*$", line)
                if m:
                    got[int(m.group(1))] = m.group(2)
    except OSError as e:
        bad("answers.md", str(e))
    return got


def main(simscm, lab):
    print("lab 3: the cost of persistence against SCM latency (%s)" % lab)
    res = os.path.join(lab, "results")
    csvp = os.path.join(res, "results.csv")
    try:
        with open(csvp, newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["experiment"] == "slowdown"]
    except OSError:
        bad("results/results.csv exists", "run experiments/simexp.py %s/sweep.scn --out %s" % (lab, res))
        return verdict()
    # The sweep.
    factors = sorted({float(r["scm_factor"]) for r in rows})
    if len(factors) >= 4 and factors[0] <= 1.0 and factors[-1] >= 3.0:
        ok("the sweep: scm_factor %s" % ", ".join("%g" % x for x in factors))
    else:
        bad("the sweep has at least four scm_factor values from 1 (or less) to 3 (or more)",
            "found %s" % (factors or "no slowdown rows"))
    pairs = {(float(r["scm_factor"]), r["batch_persist"]) for r in rows}
    missing = [(x, p) for x in factors for p in "pn" if (x, p) not in pairs]
    unfinished = [r["id"] for r in rows if r["exit_reason"] != "guest-pass"]
    if rows and not missing and not unfinished:
        ok("a persistent and a non-persistent run at each factor, all finished")
    else:
        bad("a persistent and a non-persistent run at each factor, all finished",
            "missing %s; not finished: %s" % (missing, unfinished))
    # Measured by this build.
    build = simexp.fingerprint(os.path.abspath(simscm))
    stale = []
    for r in rows:
        try:
            with open(os.path.join(res, "runs", r["id"], "result.json")) as f:
                rj = json.load(f)
            if rj.get("build") != build or rj.get("row", {}).get("run_ms") != r["run_ms"]:
                stale.append(r["id"])
        except (OSError, ValueError):
            stale.append(r["id"])
    if rows and not stale:
        ok("every row was measured by this build (fingerprint %s)" % build)
    else:
        bad("every row was measured by this build (fingerprint %s)" % build,
            "rows with no matching run of this build: %s (run simexp.py again)" % stale)
    # The plot.
    png = os.path.join(res, "plots", "slowdown.png")
    try:
        with open(png, "rb") as f:
            magic = f.read(8)
        fresh = os.path.getmtime(png) >= os.path.getmtime(csvp)
    except OSError:
        magic, fresh = b"", False
    if magic == b"\x89PNG\r\n\x1a\n" and fresh:
        ok("plots/slowdown.png is a plot of these results")
    else:
        bad("plots/slowdown.png is a plot of these results",
            "run experiments/simexp.py plot %s (after the last run)" % res)
    # The answers, against the measurements.
    a = answers(os.path.join(lab, "answers.md"))
    if rows and not missing:
        def run_ms(x, p):
            xs = [float(r["run_ms"]) for r in rows if float(r["scm_factor"]) == x and r["batch_persist"] == p]
            return sum(xs) / len(xs)
        ref = run_ms(factors[0], "n")
        lo, hi = factors[0], factors[-1]
        want = {1: run_ms(hi, "p") / ref, 2: run_ms(hi, "n") / ref,
                3: (run_ms(hi, "p") - run_ms(lo, "p")) / ref / (hi - lo) if hi > lo else None}
        what = {1: "A1, the persistent slowdown at the highest factor",
                2: "A2, the non-persistent slowdown there",
                3: "A3, the slope of the persistent curve"}
        for k in (1, 2, 3):
            if want[k] is None:
                bad(what[k], "one scm_factor has no slope: make it a sweep")
                continue
            m = re.search(r"-?\d+(\.\d+)?", a.get(k, ""))
            if m and abs(float(m.group(0)) - want[k]) <= 0.03 * abs(want[k]) + 0.005:
                ok("%s (%s; measured %.3f)" % (what[k], m.group(0), want[k]))
            else:
                bad(what[k], "answer %r; your results say %.3f" % (a.get(k, ""), want[k]))
    for k, word, why in ((4, r"\bDRAM\b", "which memory its pages are in"),
                         (5, r"\bcaches?\b", "what the caches do to the latency a program sees")):
        text = a.get(k, "")
        if re.search(word, text, re.I) and len(text.split()) >= 8:
            ok("A%d explains (names %s)" % (k, word.strip("\\b?").replace("\\b", "")))
        else:
            bad("A%d explains" % k, "a sentence of 8 words or more that says %s" % why)
    return verdict()


def verdict():
    if failed == 0:
        print("lab 3: PASS (%d checks)" % passed)
        return 0
    print("lab 3: FAIL (%d of %d checks failed)" % (failed, passed + failed))
    return 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: grade3.py SIMSCM LABDIR", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
