#!/usr/bin/python3
"""simexp.py -- the experiment driver: scenario file -> simscm runs -> CSV -> plots.

    experiments/simexp.py SCENARIO --out DIR [--jobs N] [--simscm PATH]
    experiments/simexp.py plot DIR [--plots PLOTDIR]
    experiments/simexp.py slurm SCENARIO --out DIR [--partition P] [--throttle M] [--submit]
    experiments/simexp.py run-cell SCENARIO --out DIR --id ID
    experiments/simexp.py collect SCENARIO --out DIR

The model.  A scenario file names experiments; each experiment's keys are
either fixed (one value) or dimensions (several values), and the cross
product of the dimensions gives the experiment's *cells*.  A cell is one
simscm run, an independent command line: its own directory
DIR/runs/ID/ (ID = experiment name + a hash of the cell's parameters, so
the same cell always lands in the same place), its own event log, stats,
console, console input and disk image.  Nothing a run does depends on
another run, so the runs go in parallel here, or to a Slurm job array
(`slurm`), whose tasks each run one cell through `run-cell`, the very code
a local run uses; `collect` then rebuilds the CSV, as a local run does at
its end.

A run is *finished* when DIR/runs/ID/result.json exists and was made by the
same build: the simscm binary and the guest kernel (with its programs) it
ran are fingerprinted, so a rebuilt simulator or guest runs every cell again
instead of mixing old rows with new ones.  A run works in
DIR/runs/.tmp-ID-PID/ and, once its result is written there (temp file +
rename), the directory is renamed to DIR/runs/ID in one step; so a run
killed half-way leaves only a .tmp directory, which the next driver removes
and runs again, and a finished run is never run twice.

Every figure comes from what the simulator records outside the guest: the
event log (--events: power-ons, cuts, milestones) and the request channel's
own record of every request (devices.reqchan in --stats with
[reqchan] log_requests = on), never the guest's console.  All times are
simulated time, so a cell (with its seed) always gives the same row.
docs/experiments.md defines every column and figure.
"""
import argparse
import bisect
import concurrent.futures as cf
import csv
import gzip
import hashlib
import itertools
import json
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DRAM_NS = 80                      # DRAM latency, pinned; scm_factor scales SCM from it
DEFAULT_INIT = "kvstore:p counter:n torncheck:p"

# ---------------------------------------------------------------------------
# Scenario files
# ---------------------------------------------------------------------------


class ScenarioError(Exception):
    """A bad scenario: reported as FILE:LINE: what is wrong, exit 2."""

    def __init__(self, path, line, msg):
        super().__init__("%s:%d: %s" % (path, line, msg))


def _int(lo, hi=None):
    def parse(s):
        if not re.fullmatch(r"[0-9]+", s):
            raise ValueError('"%s" is not a whole number' % s)
        v = int(s)
        if v < lo or (hi is not None and v > hi):
            raise ValueError("%d is out of range %d..%s" % (v, lo, hi if hi is not None else "inf"))
        return v
    return parse


def _float_pos(s):
    try:
        v = float(s)
    except ValueError:
        raise ValueError('"%s" is not a number' % s) from None
    if not v > 0 or v > 100:
        raise ValueError("%s is out of range (0, 100]" % s)
    return v


def _word(*choices):
    def parse(s):
        if s not in choices:
            raise ValueError('"%s" is not one of %s' % (s, ", ".join(choices)))
        return s
    return parse


def _init(s):
    if s == "none":
        return ""
    for tok in s.split():
        if not re.fullmatch(r"[a-z][a-z0-9_]*:[pn]", tok):
            raise ValueError('"%s" is not NAME:p or NAME:n' % tok)
    return s


def _batch(s):
    if s == "none":
        return ""
    if not re.fullmatch(r"[a-z][a-z0-9_]*( [0-9]+)*", s):
        raise ValueError('"%s" is not PROGRAM [NUMBER]...' % s)
    return s


def _config(s):
    if s == "auto":
        return s
    if not os.path.isfile(os.path.join(REPO, s)):
        raise ValueError('config "%s" does not exist (paths are from the repository)' % s)
    return s


FAULTS = {            # kind -> (--fault prefix, extra option, buggy program started with it)
    "none": (None, "", None),
    "cut-warned": ("cut", "", None),
    "cut-sudden": ("cut", ",mode=sudden", None),
    "watchdog": ("watchdog", "", None),
    "bug-spin": ("bug", ",id=1", "bugspin:n"),
    "bug-leak": ("bug", ",id=2", "bugleak:n"),
    "bug-corrupt": ("bug", ",id=3", "bugcorrupt:n"),
    "bug-deadlock": ("bug", ",id=4", "bugdeadlock:n"),
}

# key -> (parser of one value, default).  Every key may be a dimension.
KEYS = {
    "policy": (_word("instant", "reboot", "checkpoint"), "instant"),
    "fault": (_word(*FAULTS), "none"),
    "fault_at_ms": (_int(1), 300),
    "mtbf_ms": (_int(0), 0),
    "scm_factor": (_float_pos, 1.5),
    "residual_us": (_int(0, 10000000), 16000),
    "off_ms": (_int(0), 10),
    "ckpt_ms": (_int(0, 3600000), 100),
    "init": (_init, DEFAULT_INIT),
    "batch": (_batch, ""),
    "batch_persist": (_word("p", "n"), "p"),
    "footprint_kib": (_int(0, 65536), 0),
    "rate_per_ms": (_int(0, 1000000), 20),
    "seed": (_int(0), 1),
    "time_ms": (_int(1), 400),
    "timing": (_word("on", "off"), "on"),
    "config": (_config, "auto"),
    "recovery": (_word("auto", "powercycle", "reboot"), "auto"),
}
SET_KEY = re.compile(r"set\.[a-z0-9_]+(\.[a-z0-9_]+)?\.[a-z0-9_]+")


def _split_values(key, text):
    """'a, b, 3..5' -> ['a', 'b', '3', '4', '5'] (ranges of whole numbers only)."""
    out = []
    for v in (x.strip() for x in text.split(",")):
        if not v:
            raise ValueError("empty value in the list")
        m = re.fullmatch(r"([0-9]+)\.\.([0-9]+)", v)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if hi < lo or hi - lo > 10000:
                raise ValueError('bad range "%s"' % v)
            out += [str(i) for i in range(lo, hi + 1)]
        else:
            out.append(v)
    if len(set(out)) != len(out):
        raise ValueError("a value is given twice")
    return out


def _parse_values(key, text):
    raw = _split_values(key, text)
    if SET_KEY.fullmatch(key):
        return raw
    parser = KEYS[key][0]
    return [parser(v) for v in raw]


def parse_scenario(path):
    """-> [(name, {key: [values]}, line)] in file order; ScenarioError on any error."""
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise ScenarioError(path, 0, "cannot read: %s" % e.strerror) from None
    defaults, experiments, section = {}, [], None
    for no, line in enumerate(lines, 1):
        text = re.sub(r"(^|\s)[#;].*$", "", line).strip()
        if not text:
            continue
        m = re.fullmatch(r"\[\s*(\S+)(?:\s+(\S+))?\s*\]", text)
        if m:
            section = _open_section(path, no, m, experiments)
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.]+)\s*=\s*(.*)", text)
        if not m:
            raise ScenarioError(path, no, 'expected "key = value[, value...]" or "[experiment NAME]", got "%s"' % text)
        key, value = m.group(1), m.group(2).strip()
        if section is None:
            raise ScenarioError(path, no, 'key "%s" before any [defaults] or [experiment NAME] section' % key)
        if key not in KEYS and not SET_KEY.fullmatch(key):
            raise ScenarioError(path, no, 'unknown key "%s" (known: %s, set.SECTION.KEY)' % (key, ", ".join(KEYS)))
        keys = defaults if section == "defaults" else experiments[-1][1]
        if key in keys:
            raise ScenarioError(path, no, 'key "%s" given twice in this section' % key)
        if not value:
            raise ScenarioError(path, no, 'key "%s" has no value' % key)
        try:
            keys[key] = _parse_values(key, value)
        except ValueError as e:
            raise ScenarioError(path, no, "%s: %s" % (key, e)) from None
    if not experiments:
        raise ScenarioError(path, max(len(lines), 1), "no [experiment NAME] section")
    return [(name, {**defaults, **keys}, no) for name, keys, no in experiments]


def _open_section(path, no, m, experiments):
    kind, name = m.group(1), m.group(2)
    if kind == "defaults" and name is None:
        if experiments:
            raise ScenarioError(path, no, "[defaults] must come before the first [experiment]")
        return "defaults"
    if kind != "experiment" or name is None:
        raise ScenarioError(path, no, 'unknown section "[%s]" (use [defaults] or [experiment NAME])' % m.group(0)[1:-1])
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", name):
        raise ScenarioError(path, no, 'experiment name "%s": use lower-case letters, digits, - and _' % name)
    if any(e[0] == name for e in experiments):
        raise ScenarioError(path, no, 'experiment "%s" defined twice' % name)
    experiments.append((name, {}, no))
    return "experiment"


def expand(experiments):
    """-> the cells (dicts of parameters) of every experiment, in a fixed order."""
    cells = []
    for name, keys, _ in experiments:
        full = {k: keys.get(k, [d]) for k, (_, d) in KEYS.items()}
        full.update({k: v for k, v in keys.items() if k.startswith("set.")})
        names = list(full)
        for combo in itertools.product(*(full[k] for k in names)):
            cell = {"experiment": name, **dict(zip(names, combo))}
            cell["id"] = cell_id(cell)
            cells.append(cell)
    return cells


def cell_id(cell):
    body = json.dumps({k: v for k, v in cell.items() if k != "id"}, sort_keys=True)
    return "%s-%s" % (cell["experiment"], hashlib.sha1(body.encode()).hexdigest()[:10])


# ---------------------------------------------------------------------------
# One cell -> one simscm command line
# ---------------------------------------------------------------------------


def config_of(cell):
    if cell["config"] != "auto":
        return cell["config"]
    return "configs/dram-only.ini" if cell["policy"] == "checkpoint" else "configs/hybrid.ini"


def has_scm(config_path):
    with open(config_path) as f:
        return re.search(r"^\s*kind\s*=\s*scm", f.read(), re.M) is not None


def init_of(cell):
    bug = FAULTS[cell["fault"]][2]
    return " ".join(x for x in (cell["init"], bug) if x)


def fault_spec(cell):
    kind, opt, _ = FAULTS[cell["fault"]]
    if kind is None:
        return None
    trig = "mtbf=%dms" % cell["mtbf_ms"] if cell["mtbf_ms"] else "at=%dms" % cell["fault_at_ms"]
    return "%s:%s%s" % (kind, trig, opt)


def console_script(cell):
    """Shell input for footprint_kib and batch; None when there is none.

    PIDs are handed out in order: init 1, its boot programs 2.., then the
    shell, then each `run`; the batch is waited for and the machine shut down,
    so a batch run ends (exit reason guest-pass) when its work is done."""
    if not cell["footprint_kib"] and not cell["batch"]:
        return None
    lines, pid = ["", ""], len(init_of(cell).split()) + 3   # leading newlines: see docs
    if cell["footprint_kib"]:
        lines.append("run -p memfill %d 100000" % cell["footprint_kib"])
        pid += 1
    if cell["batch"]:
        lines += ["run -%s %s" % (cell["batch_persist"], cell["batch"]), "wait %d" % pid, "shutdown"]
    return "\n".join(lines) + "\n"


def command(cell, simscm):
    """-> argv, run from inside the run's directory (every output path is relative)."""
    cfg = os.path.join(REPO, config_of(cell))
    argv = [simscm, "--config", cfg, "--timing", cell["timing"], "--seed", str(cell["seed"]),
            "--set", "faults.inject=", "--init", init_of(cell),
            "--set", "reqchan.rate_per_ms=%d" % cell["rate_per_ms"],
            "--set", "reqchan.start_ms=5", "--set", "reqchan.log_requests=on",
            "--set", "power.residual_us=%d" % cell["residual_us"],
            "--set", "power.off_ms=%d" % cell["off_ms"],
            "--set", "guest.persistence=%s" % cell["policy"],
            "--set", "guest.fixpoint_ms=%d" % cell["ckpt_ms"]]
    recovery = cell["recovery"]
    if recovery == "auto":
        recovery = "reboot" if cell["policy"] == "reboot" else "powercycle"
    argv += ["--set", "guest.recovery=%s" % recovery]
    if has_scm(cfg):
        ns = "%g" % (cell["scm_factor"] * DRAM_NS)
        argv += ["--set", "region.dram.read_ns=%d" % DRAM_NS, "--set", "region.dram.write_ns=%d" % DRAM_NS,
                 "--set", "region.scm.read_ns=" + ns, "--set", "region.scm.write_ns=" + ns]
    if cell["policy"] != "instant":
        argv += ["--set", "disk.image=disk.img"]
    for k, v in sorted(cell.items()):
        if k.startswith("set."):
            argv += ["--set", "%s=%s" % (k[4:], v)]
    spec = fault_spec(cell)
    if spec:
        argv += ["--fault", spec]
    if console_script(cell) is not None:
        argv += ["--input", "input.txt"]
    argv += ["--events", "events.jsonl", "--stats", "stats.json", "--max-time", "%dms" % cell["time_ms"]]
    return argv + ["kvstore"]


# ---------------------------------------------------------------------------
# Analysis: event log + request log -> figures (pure functions)
# ---------------------------------------------------------------------------

DETECT = ("power_warning", "power_cut", "watchdog_expiry")
STALL_NS = 20_000_000     # an answer gap this long with the power on counts as down too


def _milestones(events, name):
    return [e for e in events if e["event"] == "guest" and e["milestone"] == name]


def recoveries(events):
    """Each power-on after the first -> (restore->service, detect->service,
    cut->service) in ns; None where the service did not come back."""
    out = []
    ons = [i for i, e in enumerate(events) if e["event"] == "power_on"]
    for k, i in enumerate(ons[1:], 1):
        stop = ons[k + 1] if k + 1 < len(ons) else len(events)
        served = next((e["t_ns"] for e in events[i:stop]
                       if e["event"] == "guest" and e["milestone"] == "first_request"), None)
        before = events[ons[k - 1]:i]
        cut = max((e["t_ns"] for e in before if e["event"] == "power_cut"), default=None)
        detect = [e["t_ns"] for e in before if e["event"] in DETECT
                  or (e["event"] == "guest" and e["milestone"] == "fault_detected")]
        start = _last_service_start(before)
        detect = [t for t in detect if start is None or t >= start]
        on = events[i]["t_ns"]
        if served is None:
            out.append((None, None, None))
        else:
            out.append((served - on, served - min(detect) if detect else None,
                        served - cut if cut is not None else None))
    return out


def _last_service_start(events):
    starts = [e["t_ns"] for e in events if e["event"] == "guest" and e["milestone"] == "first_request"]
    return starts[-1] if starts else None


def outages(events, answers, end):
    """Down intervals: for every power cut after the service first answered,
    the gap between the last answer before the cut and the first answer
    after it (or the run's end); overlapping gaps merged."""
    gaps = []
    for c in (e["t_ns"] for e in events if e["event"] == "power_cut"):
        if not answers or c < answers[0]:
            continue
        j = bisect.bisect_right(answers, c)
        gaps.append((answers[j - 1], answers[j] if j < len(answers) else end))
    return _merge(gaps)


def stalls(answers, end, cuts):
    """Gaps between consecutive answers longer than STALL_NS that span no
    power cut (the machine was on and the service did not answer)."""
    ends = answers[1:] + ([end] if end is not None else [])
    out = []
    for a, b in zip(answers, ends):
        if b - a > STALL_NS and not any(a <= c < b for c in cuts):
            out.append((a, b))
    return out


def _merge(gaps):
    merged = []
    for a, b in sorted(gaps):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _mean(xs):
    xs = [x for x in xs if x is not None]
    return statistics.fmean(xs) if xs else None


def analyse(events, stats):
    """-> the measured columns of one run."""
    end = events[-1]["t_ns"] if events and events[-1]["event"] == "run_end" else None
    rc = stats["devices"]["reqchan"]
    reqs = rc.get("requests", {})
    answers = sorted(t for t in reqs.get("answer_ns", []) if t)
    rec = recoveries(events)
    down = outages(events, answers, end)
    stall = stalls(answers, end, [e["t_ns"] for e in events if e["event"] == "power_cut"])
    window = end - answers[0] if answers and end else 0
    down_ns = sum(b - a for a, b in down)
    stall_ns = sum(b - a for a, b in stall)
    ckpt = [e["arg"] for e in _milestones(events, "checkpointed")]
    saves = [e["arg"] for e in _milestones(events, "saved")]
    ms = lambda ns: None if ns is None else ns / 1e6
    return {
        "exit_reason": stats["exit"]["reason"],
        "run_ms": ms(end),
        "cycles": stats["core"]["cycles"],
        "instret": stats["core"]["instret"],
        "power_ons": stats["power"]["power_ons"],
        "cuts": stats["power"]["cuts"],
        "faults": sum(1 for e in events if e["event"] == "fault" and e.get("powered")),
        "service_start_ms": ms(answers[0]) if answers else None,
        "recovered": sum(1 for r in rec if r[0] is not None),
        "restore_to_service_ms": ms(_mean(r[0] for r in rec)),
        "fault_to_service_ms": ms(_mean(r[1] for r in rec)),
        "cut_to_service_ms": ms(_mean(r[2] for r in rec)),
        "outages": len(down),
        "down_ms": ms(down_ns),
        "stalls": len(stall),
        "stall_ms": ms(stall_ns),
        "availability": 1 - (down_ns + stall_ns) / window if window else None,
        "mttr_ms": ms(down_ns / len(down)) if down else None,
        "sent": rc["sent"],
        "answered": rc["answered"],
        "wrong": rc["wrong"],
        "in_doubt": rc.get("in_doubt", 0),
        "latency_mean_us": rc["latency_ns"]["mean"] / 1e3 if rc["answered"] else None,
        "latency_p99_us": rc["latency_ns"]["p99"] / 1e3 if rc["answered"] else None,
        "rolled_back": len(_milestones(events, "rolled_back")),
        "lost_work_ms": ms(sum(e["arg"] for e in _milestones(events, "rolled_back"))),
        "cold_boots": len(_milestones(events, "cold_booted")),
        "torn": sum(1 for e in _milestones(events, "fault_detected") if e["arg"] == 1414484558),
        "save_ms": ms(_mean(saves)),
        "checkpoints": len(ckpt),
        "ckpt_overhead": sum(ckpt) / end if end else None,
    }


PARAMS = ["id", "experiment", "policy", "fault", "fault_at_ms", "mtbf_ms", "scm_factor",
          "residual_us", "off_ms", "ckpt_ms", "init", "batch", "batch_persist", "footprint_kib",
          "rate_per_ms", "seed", "time_ms", "timing", "config", "recovery"]
MEASURES = ["exit_reason", "run_ms", "cycles", "instret", "power_ons", "cuts", "faults",
            "service_start_ms", "recovered", "restore_to_service_ms", "fault_to_service_ms",
            "cut_to_service_ms", "outages", "down_ms", "stalls", "stall_ms", "availability", "mttr_ms", "sent",
            "answered", "wrong", "in_doubt", "latency_mean_us", "latency_p99_us", "rolled_back",
            "lost_work_ms", "cold_boots", "torn", "save_ms", "checkpoints", "ckpt_overhead"]
COLUMNS = PARAMS + ["extra_sets"] + MEASURES


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return "%.9g" % v
    return str(v)


# ---------------------------------------------------------------------------
# Running the cells
# ---------------------------------------------------------------------------

_live = set()                  # Popen objects running now (killed on SIGTERM)
_live_lock = threading.Lock()


def run_cell(cell, out, simscm):
    """Run one cell in a private directory; -> (id, row or None, message)."""
    final = os.path.join(out, "runs", cell["id"])
    tmp = os.path.join(out, "runs", ".tmp-%s-%d" % (cell["id"], os.getpid()))
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    argv = command(cell, simscm)
    _write(os.path.join(tmp, "cell.json"), json.dumps(cell, indent=1, sort_keys=True) + "\n")
    _write(os.path.join(tmp, "cmd.txt"), "cd runs/%s && %s\n" % (cell["id"], shlex.join(argv)))
    script = console_script(cell)
    if script is not None:
        _write(os.path.join(tmp, "input.txt"), script)
    if cell["policy"] != "instant":
        with open(os.path.join(tmp, "disk.img"), "wb") as f:
            f.truncate(64 << 20)
    t0 = time.monotonic()
    with open(os.path.join(tmp, "console.txt"), "wb") as con:
        p = subprocess.Popen(argv, cwd=tmp, stdin=subprocess.DEVNULL, stdout=con, stderr=subprocess.STDOUT)
        with _live_lock:
            _live.add(p)
        rc = p.wait()
        with _live_lock:
            _live.discard(p)
    host = time.monotonic() - t0
    try:
        events = [json.loads(x) for x in open(os.path.join(tmp, "events.jsonl"))]
        with open(os.path.join(tmp, "stats.json"), "rb") as f:
            raw = f.read()
        stats = json.loads(raw)
        if not events or events[-1]["event"] != "run_end":
            raise ValueError("the event log has no run_end")
    except (OSError, ValueError) as e:
        return cell["id"], None, "simscm exit %d, no usable results (%s): see %s/console.txt" % (rc, e, tmp)
    row = row_of(cell, analyse(events, stats))
    with gzip.GzipFile(os.path.join(tmp, "stats.json.gz"), "wb", mtime=0) as f:
        f.write(raw)
    os.remove(os.path.join(tmp, "stats.json"))
    _write(os.path.join(tmp, "result.json"),
           json.dumps({"row": row, "exit_code": rc, "host_seconds": round(host, 3),
                       "build": BUILD}, indent=1) + "\n")
    shutil.rmtree(final, ignore_errors=True)
    os.rename(tmp, final)
    return cell["id"], row, None


def row_of(cell, measured):
    row = {k: cell[k] for k in PARAMS}
    row["config"] = config_of(cell)
    row["init"] = init_of(cell)
    row["extra_sets"] = " ".join("%s=%s" % (k[4:], v) for k, v in sorted(cell.items()) if k.startswith("set."))
    row.update(measured)
    return {k: fmt(row[k]) for k in COLUMNS}


def _write(path, text):
    """Write atomically: a temp file, then rename."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)


# The fingerprint of the simscm binary and the guest kernel (main sets it).
BUILD = ""


def fingerprint(simscm):
    """sha1 of the simulator and of the guest kernel next to it."""
    h = hashlib.sha1()
    for path in (simscm, os.path.join(os.path.dirname(simscm), "guestos", "kernel.elf")):
        try:
            with open(path, "rb") as f:
                h.update(f.read())
        except OSError:
            h.update(path.encode())
    return h.hexdigest()[:12]


def finished(out, cell):
    path = os.path.join(out, "runs", cell["id"], "result.json")
    try:
        with open(path) as f:
            return json.load(f).get("build") == BUILD
    except (OSError, ValueError):
        return False


def load_row(out, cell):
    with open(os.path.join(out, "runs", cell["id"], "result.json")) as f:
        return json.load(f)["row"]


def write_csv(out, cells):
    """Rebuild DIR/results.csv from the finished runs (scenario order); -> rows written."""
    path = os.path.join(out, "results.csv")
    tmp = "%s.tmp-%s-%d" % (path, socket.gethostname(), os.getpid())   # collect may run beside a driver
    rows = 0
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for c in cells:
            if finished(out, c):
                w.writerow(load_row(out, c))
                rows += 1
    os.rename(tmp, path)
    return rows


def cost(cell):
    """Rough host cost, for ordering and the progress bar: simulated ms."""
    return cell["time_ms"] if not cell["batch"] else min(cell["time_ms"], 300)


def progress(total):
    try:
        from tqdm import tqdm
        return tqdm(total=total, unit="sim-ms", dynamic_ncols=True, smoothing=0.1,
                    bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} sim-ms [{elapsed}<{remaining}]")
    except ImportError:          # the driver still works without python3-tqdm
        class Bar:
            n = 0

            def update(self, k):
                self.n += k
                print("simexp: %d/%d sim-ms" % (self.n, total), file=sys.stderr)

            def write(self, s):
                print(s, file=sys.stderr)

            def close(self):
                pass
        return Bar()


def clean_tmp(out, cid=None):
    """Remove the .tmp- directories of runs killed half-way (of one cell, or all)."""
    os.makedirs(os.path.join(out, "runs"), exist_ok=True)
    for name in os.listdir(os.path.join(out, "runs")):
        if name.startswith(".tmp-%s" % ("%s-" % cid if cid else "")):
            shutil.rmtree(os.path.join(out, "runs", name), ignore_errors=True)


def unfinished(cells, out):
    """The cells to run, longest first (the last to start are the short ones)."""
    return sorted((c for c in cells if not finished(out, c)), key=cost, reverse=True)


def run_all(cells, out, simscm, jobs):
    clean_tmp(out)                           # a run killed half-way runs again
    todo = unfinished(cells, out)
    print("simexp: %d cells, %d finished, %d to run on %d jobs" %
          (len(cells), len(cells) - len(todo), len(todo), jobs), file=sys.stderr)
    failed = []
    if todo:
        bar = progress(sum(cost(c) for c in todo))
        with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
            futs = {pool.submit(run_cell, c, out, simscm): c for c in todo}
            for fut in cf.as_completed(futs):
                cid, row, msg = fut.result()
                bar.update(cost(futs[fut]))
                if row is None:
                    failed.append(cid)
                    bar.write("simexp: %s: %s" % (cid, msg))
                write_csv(out, cells)
        bar.close()
    write_csv(out, cells)
    return failed


def _on_signal(signum, frame):
    with _live_lock:
        for p in _live:
            p.kill()
    print("simexp: stopped by signal %d; finished runs are kept, a rerun does the rest" % signum,
          file=sys.stderr)
    os._exit(128 + signum)


# ---------------------------------------------------------------------------
# Slurm: the same cells as a job array
# ---------------------------------------------------------------------------
#
# `slurm` writes DIR/slurm/cells.txt (the unfinished cells, one id a line) and
# DIR/slurm/array.sh, whose task T runs lines T*K+1 .. T*K+K through `run-cell`,
# i.e. through run_cell above: same run directory, same atomic rename, same
# result.json as a local run.  K is 1 unless the cells outnumber the largest
# array the cluster takes (MaxArraySize).  DIR/slurm/collect.sh, submitted to
# run after the array, rebuilds results.csv (write_csv, as the local run does).

ARRAY_SH = """#!/bin/sh
# Generated by simexp.py slurm: %(n)d cells of %(scenario)s, %(k)d per array task.
#SBATCH --job-name=%(name)s
#SBATCH --array=0-%(last)d%(throttle)s
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --output=%(log)s/%%A_%%a.out
%(extra)sset -u
k=%(k)d        # task T runs lines T*k+1 .. (T+1)*k of cells.txt
rc=0
for id in $(sed -n "$((SLURM_ARRAY_TASK_ID * k + 1)),$(((SLURM_ARRAY_TASK_ID + 1) * k))p" %(cells)s); do
    %(run_cell)s --id "$id" || rc=1
done
exit $rc
"""

COLLECT_SH = """#!/bin/sh
# Generated by simexp.py slurm: rebuilds results.csv once the array is over.
#SBATCH --job-name=%(name)s-collect
#SBATCH --ntasks=1
#SBATCH --output=%(log)s/collect-%%j.out
%(extra)sexec %(collect)s
"""


def _sbatch_lines(partition, opts):
    lines = ["--partition=" + partition] if partition else []
    return "".join("#SBATCH %s\n" % o for o in lines + opts)


def slurm_active(sdir):
    """The job id of the last submitted array when squeue still lists it, else None."""
    try:
        with open(os.path.join(sdir, "jobid")) as f:
            job = f.read().strip()
        r = subprocess.run(["squeue", "-h", "-j", job, "-o", "%i"], capture_output=True, text=True)
    except OSError:
        return None
    return job if r.returncode == 0 and r.stdout.strip() else None


def slurm_write(cells, scenario, out, simscm, a):
    """Write DIR/slurm/{cells.txt,array.sh,collect.sh}; -> (cells to run, K)."""
    sdir = os.path.join(out, "slurm")
    os.makedirs(os.path.join(sdir, "log"), exist_ok=True)
    clean_tmp(out)
    todo = unfinished(cells, out)
    _write(os.path.join(sdir, "cells.txt"), "".join(c["id"] + "\n" for c in todo))
    if not todo:                          # no array of nothing
        for fname in ("array.sh", "collect.sh"):
            if os.path.exists(os.path.join(sdir, fname)):
                os.remove(os.path.join(sdir, fname))
        return todo, 1
    k = -(-len(todo) // a.max_array)
    me = [sys.executable, os.path.abspath(__file__)]
    common = [scenario, "--out", out, "--simscm", simscm]
    name = "simexp-" + re.sub(r"[^A-Za-z0-9_.-]", "_", os.path.basename(scenario).rsplit(".", 1)[0])
    subst = {"n": len(todo), "scenario": scenario, "k": k, "name": name,
             "last": -(-len(todo) // k) - 1, "throttle": "%%%d" % a.throttle if a.throttle else "",
             "log": shlex.quote(os.path.join(sdir, "log")), "cells": shlex.quote(os.path.join(sdir, "cells.txt")),
             "extra": _sbatch_lines(a.partition, a.sbatch),
             "run_cell": shlex.join(me + ["run-cell"] + common),
             "collect": shlex.join(me + ["collect"] + common)}
    for fname, text in (("array.sh", ARRAY_SH), ("collect.sh", COLLECT_SH)):
        _write(os.path.join(sdir, fname), text % subst)
        os.chmod(os.path.join(sdir, fname), 0o755)
    return todo, k


def _sbatch(*args):
    """-> the job id sbatch gives, or None (the reason printed)."""
    argv = ["sbatch", "--parsable"] + list(args)
    try:
        r = subprocess.run(argv, capture_output=True, text=True)
    except OSError as e:
        print("simexp: sbatch: %s (is Slurm installed here?)" % e.strerror, file=sys.stderr)
        return None
    if r.returncode != 0:
        print("simexp: %s failed: %s" % (shlex.join(argv), r.stderr.strip()), file=sys.stderr)
        return None
    return r.stdout.strip().split(";")[0]          # "ID" or "ID;CLUSTER"


def slurm_submit(sdir):
    """sbatch the array, then the collect job to run after it; -> the array's job id or None."""
    job = _sbatch(os.path.join(sdir, "array.sh"))
    if job is None:
        return None
    _write(os.path.join(sdir, "jobid"), job + "\n")
    after = _sbatch("--dependency=afterany:" + job, os.path.join(sdir, "collect.sh"))
    print("simexp: submitted array job %s%s" % (job, ", collect job %s after it" % after if after
                                               else "; run `simexp.py collect` once it is over"),
          file=sys.stderr)
    return job


def slurm_cmd(cells, a, simscm):
    sdir = os.path.join(a.out, "slurm")
    job = slurm_active(sdir)
    if job:
        print("simexp: array job %s of %s is still queued or running; wait for it (or scancel it) first"
              % (job, a.out), file=sys.stderr)
        return 2
    todo, k = slurm_write(cells, os.path.abspath(a.scenario), os.path.abspath(a.out), simscm, a)
    print("simexp: %d cells, %d finished, %d to run as %d array tasks (%d each)%s; %s/array.sh" %
          (len(cells), len(cells) - len(todo), len(todo), -(-len(todo) // k), k,
           ", at most %d at once" % a.throttle if a.throttle else "", sdir), file=sys.stderr)
    if not todo:
        write_csv(a.out, cells)
        print("simexp: nothing to run; %s/results.csv is complete" % a.out, file=sys.stderr)
        return 0
    if a.submit:
        job = slurm_submit(sdir)
        if job is None:
            return 1
        print(job)
    return 0


def run_one(cells, a, simscm):
    """run-cell: one cell by id, as one array task runs it."""
    cell = next((c for c in cells if c["id"] == a.id), None)
    if cell is None:
        print("simexp: %s: no cell %s in this scenario" % (a.scenario, a.id), file=sys.stderr)
        return 2
    if finished(a.out, cell):             # a requeued task, or a resubmitted array
        print("simexp: %s: already finished by this build" % a.id, file=sys.stderr)
        return 0
    clean_tmp(a.out, a.id)                # an earlier attempt killed half-way
    cid, row, msg = run_cell(cell, a.out, simscm)
    if row is None:
        print("simexp: %s: %s" % (cid, msg), file=sys.stderr)
        return 1
    print("simexp: %s: done on %s" % (cid, socket.gethostname()), file=sys.stderr)
    return 0


def collect(cells, out):
    """collect: rebuild results.csv from the finished runs; 1 when some are missing."""
    if not os.path.isdir(os.path.join(out, "runs")):
        print("simexp: %s: no runs/ directory (not an --out DIR of this driver)" % out, file=sys.stderr)
        return 2
    rows = write_csv(out, cells)
    print("simexp: %d of %d cells in %s/results.csv" % (rows, len(cells), out), file=sys.stderr)
    if rows < len(cells):
        missing = [c["id"] for c in cells if not finished(out, c)]
        print("simexp: not finished: %s" % " ".join(missing[:20] + (["..."] if len(missing) > 20 else [])),
              file=sys.stderr)
        return 1
    return 0


# ---------------------------------------------------------------------------
# Plots: results.csv -> small data files -> gnuplot
# ---------------------------------------------------------------------------

POLICIES = ["instant", "reboot", "checkpoint"]
LABEL = {"instant": "instant off/on", "reboot": "cold reboot", "checkpoint": "checkpoint to disk"}


def _num(row, key):
    v = row.get(key, "")
    return float(v) if v not in ("", None) else None


def _stats(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return None
    return statistics.fmean(xs), (statistics.stdev(xs) if len(xs) > 1 else 0.0)


def _group(rows, *keys):
    groups = {}
    for r in rows:
        groups.setdefault(tuple(r[k] for k in keys), []).append(r)
    return groups


def _sortkey(v):
    try:
        return (0, float(v))
    except ValueError:
        return (1, v)


def _blocks(path, blocks, header):
    """gnuplot data: one block per series (two blank lines apart), each
    opening with a title line that `columnheader(1)` reads."""
    with open(path, "w") as f:
        f.write("# %s\n" % header)
        for title, lines in blocks:
            f.write('"%s"\n' % title)
            for cols in lines:
                f.write(" ".join(fmt(c) if c is not None else "NaN" for c in cols) + "\n")
            f.write("\n\n")
    return bool(blocks)


def data_slowdown(rows, d):
    """slowdown = run time / mean run time of the non-persistent run of the
    same batch at the lowest scm_factor (batch runs that ended by shutdown)."""
    rows = [r for r in rows if r["batch"] and r["exit_reason"] == "guest-pass"]
    blocks = []
    for (batch,), rs in sorted(_group(rows, "batch").items()):
        low = min(float(r["scm_factor"]) for r in rs)
        ref = _stats(_num(r, "run_ms") for r in rs
                     if r["batch_persist"] == "n" and float(r["scm_factor"]) == low)
        for persist, word in (("p", "persistent"), ("n", "non-persistent")):
            lines = []
            for (f,), g in sorted(_group(rs, "scm_factor").items(), key=lambda x: float(x[0][0])):
                mine = [_num(r, "run_ms") / ref[0] for r in g if r["batch_persist"] == persist] if ref else []
                st = _stats(mine)
                if st:
                    lines.append((float(f), st[0], st[1], len(mine)))
            if lines:
                blocks.append(("%s, %s" % (batch, word), lines))
    return _blocks(os.path.join(d, "slowdown.dat"), blocks, "scm_factor slowdown sd n")


def _quartiles(xs):
    xs = sorted(xs)
    if len(xs) == 1:
        return xs * 5
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return [xs[0], q[0], q[1], q[2], xs[-1]]


def _label(r):
    lab = LABEL[r["policy"]]
    if r["fault"] not in ("cut-warned", "none"):
        lab += " (%s)" % r["fault"]
    return lab


def data_recovery(rows, d):
    """Boxes over seeds of each run's mean recovery, per policy and fault."""
    rows = [r for r in rows if r["restore_to_service_ms"]]
    lines = []
    order = sorted(_group(rows, "policy", "fault").items(),
                   key=lambda x: (POLICIES.index(x[0][0]), x[0][1]))
    for i, ((pol, fault), g) in enumerate(order):
        a = _quartiles([_num(r, "restore_to_service_ms") for r in g])
        b = [_num(r, "fault_to_service_ms") for r in g if r["fault_to_service_ms"]]
        b = _quartiles(b) if b else [None] * 5
        lines.append([i, '"%s"' % _label(g[0]).replace(" (", "\\n(")] + a + b + [len(g)])
    with open(os.path.join(d, "recovery.dat"), "w") as f:
        f.write("# x label restore(min q1 med q3 max) detect(min q1 med q3 max) n   [ms]\n")
        for ln in lines:
            f.write(" ".join(c if isinstance(c, str) else fmt(c) if c is not None else "NaN" for c in ln) + "\n")
    return bool(lines)


def data_availability(rows, d):
    """Mean availability over seeds vs MTBF per policy, and the model
    MTTF/(MTTF+MTTR) with MTTF = MTBF and MTTR the policy's measured mean outage."""
    rows = [r for r in rows if r["mtbf_ms"] != "0" and r["availability"]]
    pts, model = [], []
    for pol in POLICIES:
        rs = [r for r in rows if r["policy"] == pol]
        if not rs:
            continue
        lines = []
        for (m,), g in sorted(_group(rs, "mtbf_ms").items(), key=lambda x: float(x[0][0])):
            st = _stats(_num(r, "availability") for r in g)
            lines.append((float(m), st[0], st[1], len(g)))
        pts.append((LABEL[pol], lines))
        down = sum(_num(r, "down_ms") for r in rs)
        n = sum(int(r["outages"]) for r in rs)
        mttr = down / n if n else 0
        lo, hi = min(x[0] for x in lines) * 0.8, max(x[0] for x in lines) * 1.25
        grid = [lo * (hi / lo) ** (i / 60) for i in range(61)]
        model.append(("model, MTTR %.1f ms" % mttr, [(m, m / (m + mttr)) for m in grid]))
    _blocks(os.path.join(d, "availability-model.dat"), model, "mtbf_ms model_availability")
    return _blocks(os.path.join(d, "availability.dat"), pts, "mtbf_ms availability sd n")


def _series(rows, d, name, xkey, ykeys, header, by=("policy",), label=None):
    """Generic: per series (policy), per x, mean and sd of each y column."""
    blocks = []
    for key, rs in sorted(_group(rows, *by).items(), key=lambda x: POLICIES.index(x[0][0])):
        lines = []
        for (x,), g in sorted(_group(rs, xkey).items(), key=lambda x: _sortkey(x[0][0])):
            cols = [float(x)]
            for y in ykeys:
                st = _stats(_num(r, y) for r in g)
                cols += list(st) if st else [None, None]
            lines.append(cols + [len(g)])
        blocks.append((label(rs[0]) if label else LABEL[key[0]], lines))
    return _blocks(os.path.join(d, name), blocks, header)


def data_lostwork(rows, d):
    rows = [r for r in rows if r["fault"].startswith("cut")]
    return _series(rows, d, "lostwork.dat", "residual_us", ["wrong", "lost_work_ms"],
                   "residual_us wrong sd lost_work_ms sd n")


def data_checkpoint(rows, d):
    rows = [r for r in rows if r["policy"] == "checkpoint"]
    for r in rows:
        r["ckpt_pct"] = fmt(100 * float(r["ckpt_overhead"])) if r["ckpt_overhead"] else ""
    return _series(rows, d, "checkpoint.dat", "ckpt_ms", ["ckpt_pct", "restore_to_service_ms", "wrong"],
                   "ckpt_ms overhead_pct sd restore_ms sd wrong sd n")


def data_footprint(rows, d):
    return _series(rows, d, "footprint.dat", "footprint_kib", ["cut_to_service_ms", "restore_to_service_ms"],
                   "footprint_kib cut_to_service_ms sd restore_to_service_ms sd n")


PLOTS = [  # (experiment name in the scenario, data maker, gnuplot script)
    ("slowdown", data_slowdown, "slowdown.gp"),
    ("recovery", data_recovery, "recovery.gp"),
    ("availability", data_availability, "availability.gp"),
    ("lostwork", data_lostwork, "lostwork.gp"),
    ("checkpoint", data_checkpoint, "checkpoint.gp"),
    ("footprint", data_footprint, "footprint.gp"),
]


def headline(rows, path):
    """A Markdown table per policy from the `recovery` and `availability` experiments."""
    rec = [r for r in rows if r["experiment"] == "recovery"]
    av = [r for r in rows if r["experiment"] == "availability"]
    out = ["| policy (fault) | runs | restore to service (ms) | fault to service (ms) | cut to service (ms) "
           "| lost acknowledged updates per run | availability at the lowest MTBF |",
           "|---|---|---|---|---|---|---|"]
    for (pol, fault), g in sorted(_group(rec, "policy", "fault").items(),
                                  key=lambda x: (POLICIES.index(x[0][0]), x[0][1])):
        m = lambda k: _stats(_num(r, k) for r in g)
        cell = lambda st, f="%.2f": (f + " ± " + f) % st if st else "-"
        a = [r for r in av if r["policy"] == pol]
        low = min((int(r["mtbf_ms"]) for r in a), default=None)
        ast = _stats(_num(r, "availability") for r in a if int(r["mtbf_ms"]) == low) if a else None
        out.append("| %s (%s) | %d | %s | %s | %s | %s | %s |" % (
            LABEL[pol], fault, len(g), cell(m("restore_to_service_ms")), cell(m("fault_to_service_ms")),
            cell(m("cut_to_service_ms")), cell(m("wrong"), "%.1f"),
            ("%.4f (MTBF %d ms)" % (ast[0], low)) if ast else "-"))
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def plot(results_dir, plots_dir):
    with open(os.path.join(results_dir, "results.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    data = os.path.join(plots_dir, "data")
    os.makedirs(data, exist_ok=True)
    gpdir = os.path.join(REPO, "experiments", "plots")
    made, bad = [], 0
    for exp, maker, script in PLOTS:
        rs = [r for r in rows if r["experiment"] == exp]
        if not rs or not maker(rs, data):
            print("simexp: plot %s: no rows of experiment %s; skipped" % (script, exp), file=sys.stderr)
            continue
        for term in ("png", "svg"):
            outfile = os.path.join(plots_dir, "%s.%s" % (script[:-3], term))
            r = subprocess.run(["gnuplot", "-e", "data='%s'; out='%s'; fmt='%s'; plots='%s'"
                                % (data, outfile, term, gpdir), os.path.join(gpdir, script)],
                               capture_output=True, text=True)
            if r.returncode != 0:
                bad += 1
                print("simexp: gnuplot %s (%s) failed:\n%s" % (script, term, r.stderr), file=sys.stderr)
            else:
                made.append(outfile)
    headline(rows, os.path.join(plots_dir, "headline.md"))
    print("simexp: %d plot files in %s" % (len(made), plots_dir), file=sys.stderr)
    return 1 if bad else 0


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


SUBCOMMANDS = {  # name -> what it does (--help)
    "slurm": "write DIR/slurm/array.sh, a Slurm job array of the unfinished cells (and submit it)",
    "run-cell": "run one cell by id, as an array task does",
    "collect": "rebuild DIR/results.csv from the finished runs",
}


def parse_args(argv):
    """-> (subcommand or None, namespace); `plot` is handled apart (no scenario)."""
    sub = argv[0] if argv[:1] and argv[0] in SUBCOMMANDS else None
    prog = "simexp.py" + (" " + sub if sub else "")
    ap = argparse.ArgumentParser(prog=prog, description=SUBCOMMANDS[sub] if sub else __doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=None if sub else "`simexp.py plot DIR` makes the plots of a finished DIR.\n"
                                 "`simexp.py slurm|run-cell|collect SCENARIO --out DIR ...` run the cells as a\n"
                                 "Slurm job array (docs/experiments.md, \"Scaling out with Slurm\").")
    ap.add_argument("scenario")
    ap.add_argument("--out", required=True, help="results directory (runs/ and results.csv)")
    ap.add_argument("--simscm", default=os.path.join(REPO, "build", "simscm"), help="the simulator binary")
    if sub is None:
        ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel runs (default: cores)")
        ap.add_argument("--list", action="store_true", help="print each cell's id and command, run nothing")
    elif sub == "slurm":
        ap.add_argument("--partition", help="the partition (default: the cluster's default)")
        ap.add_argument("--throttle", type=int, default=0, metavar="M",
                        help="at most M array tasks at once (--array=...%%M; default: no limit)")
        ap.add_argument("--max-array", type=int, default=1000, metavar="N",
                        help="at most N array tasks, more cells per task beyond (at most "
                        "the cluster's MaxArraySize; default 1000, within Slurm's default)")
        ap.add_argument("--sbatch", action="append", default=[], metavar="OPT",
                        help="one more #SBATCH line, e.g. --sbatch=--time=30 --sbatch=--account=A (repeatable)")
        ap.add_argument("--submit", action="store_true", help="sbatch the array and print its job id")
    elif sub == "run-cell":
        ap.add_argument("--id", required=True, help="the cell's id (as --list prints it)")
    a = ap.parse_args(argv[1:] if sub else argv)
    if sub == "slurm" and (a.throttle < 0 or a.max_array < 1):
        ap.error("--throttle must be >= 0 and --max-array >= 1")
    return sub, a


def main(argv):
    if argv[:1] == ["plot"]:
        ap = argparse.ArgumentParser(prog="simexp.py plot", description="CSV -> data files -> gnuplot")
        ap.add_argument("results", help="the --out DIR of a run (holds results.csv)")
        ap.add_argument("--plots", help="where the plots go (default: RESULTS/plots)")
        a = ap.parse_args(argv[1:])
        return plot(a.results, a.plots or os.path.join(a.results, "plots"))
    sub, a = parse_args(argv)
    try:
        cells = expand(parse_scenario(a.scenario))
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return 2
    simscm = os.path.abspath(a.simscm)
    global BUILD
    BUILD = fingerprint(simscm)
    if sub is None and a.list:
        for c in cells:
            print("%s: %s" % (c["id"], shlex.join(command(c, simscm))))
        return 0
    if sub == "collect":
        return collect(cells, a.out)
    if not os.access(simscm, os.X_OK):
        print("simexp: %s: not an executable (run make first)" % simscm, file=sys.stderr)
        return 2
    if sub == "slurm":
        return slurm_cmd(cells, a, simscm)
    signal.signal(signal.SIGTERM, _on_signal)       # scancel sends SIGTERM to an array task too
    signal.signal(signal.SIGINT, _on_signal)
    if sub == "run-cell":
        return run_one(cells, a, simscm)
    t0 = time.monotonic()
    failed = run_all(cells, a.out, simscm, max(1, a.jobs))
    print("simexp: done in %.0f s host time; %s/results.csv" % (time.monotonic() - t0, a.out), file=sys.stderr)
    if failed:
        print("simexp: %d run(s) failed: %s" % (len(failed), " ".join(failed)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
