#!/usr/bin/env python3
"""run.py -- make test-docs: run every command the user guide, the guest
kernel walkthrough, the labs and the instructors' page show, and check
that it does what the page says.

    tests/docs/run.py OUTDIR [DOC.md ...]      (default: the documents below)

What counts as a command.  Only fenced blocks whose info string is
`console` are read.  In them a line starting with `$ ` is a command (a
line ending in a backslash continues it on the next line); the lines after
it, up to the next command or the end of the block, are its output as the
page shows it.  The guest's shell prompts with `$ ` too, so output that
holds guest shell lines goes in an `output` block right after the console
block: its lines are more shown output of the block's last command.
Blocks of other kinds (sh, ini, text) are not run.

What is checked.  Each document's commands run in order, each in its own
`bash -c` with `set -o pipefail`, in a scratch copy of the repository made
for that document (the tracked sources, and the build's simulator, guest
kernel and workloads with their times kept, so make finds them up to date):
commands may build on the ones before them in the same document, never on
another document's.  A command must exit 0 -- a page that shows a failing
command writes `cmd; echo "exit $?"` and shows the status -- and every
output line shown must be found among the command's output lines (stdout
and stderr together), in the same order.  A shown line matches a real line
when it equals it with trailing blanks ignored; `...` inside a shown line
matches any text, and a shown line that is only `...` stands for lines left
out.  So a page can elide, never invent.

The user guide promises an example of every option: each option that
`build/simscm --help` lists must appear in one of its commands, or the
test fails and names the options left out.
"""
import os, re, shutil, subprocess, sys, tarfile, time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GUIDE = "docs/userguide.md"
DOCS = [GUIDE, "docs/walkthrough.md", "docs/labs/README.md", "docs/labs/lab1.md",
        "docs/labs/lab2.md", "docs/labs/lab3.md", "docs/instructors.md"]
# What of the build a scratch copy needs: the simulator, the guest OS, the
# workloads (a lab's program store packs them).
BUILT = ["build/simscm", "build/libsim.a", "build/sim", "build/guestos", "build/workloads"]
TIMEOUT = 300


def extract(path):
    """-> [(line number, command, [shown output lines])]"""
    cmds, in_block, cur, kind = [], False, None, None
    with open(path) as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not in_block:
            m = re.match(r"^```(console|output)\s*$", line)
            if m:
                in_block, kind = True, m.group(1)
            if not m or kind == "console" or i == 0 or lines[i - 1] != "```":
                cur = None
        elif line.startswith("```"):
            in_block = False
        elif kind == "console" and line.startswith("$ "):
            no, cmd = i + 1, line[2:]
            while cmd.endswith("\\") and i + 1 < len(lines):
                i += 1
                cmd = cmd + "\n" + lines[i]
            cur = (no, cmd, [])
            cmds.append(cur)
        elif cur is not None:
            cur[2].append(line)
        i += 1
    return cmds


def pattern(shown):
    parts = [re.escape(p) for p in shown.rstrip().split("...")]
    return re.compile("^" + ".*".join(parts) + r"\s*$")


def missing(shown, got):
    """The first shown line not found in order in got, or None."""
    k = 0
    for s in shown:
        if s.strip() in ("", "..."):
            continue
        p = pattern(s)
        while k < len(got) and not p.match(got[k]):
            k += 1
        if k == len(got):
            return s
        k += 1
    return None


def uncovered(cmds):
    """The options `simscm --help` lists that no command of cmds uses."""
    text = subprocess.run([os.path.join(REPO, "build/simscm"), "--help"], capture_output=True,
                          text=True).stdout
    opts = re.findall(r"^  (--[a-z][a-z-]*)", text, re.M)
    used = "\n".join(c for _, c, _ in cmds)
    return [o for o in opts if not re.search(r"(?<![\w-])" + re.escape(o) + r"(?![\w-])", used)]


def scratch(dest):
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in [f for f in files if f] + BUILT:
        src = os.path.join(REPO, rel)
        if not os.path.lexists(src):
            continue
        dst = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.isdir(src) and not os.path.islink(src):
            shutil.copytree(src, dst, symlinks=True, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst, follow_symlinks=False)


def main(argv):
    out = os.path.abspath(argv[0])
    docs = argv[1:] or DOCS
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    passed = failed = 0
    t0 = time.time()
    for doc in docs:
        cmds = extract(os.path.join(REPO, doc))
        if not cmds:
            print("  FAIL  %s: no console commands found" % doc)
            failed += 1
            continue
        name = re.sub(r"[^A-Za-z0-9]+", "-", doc[:-3])
        work = os.path.join(out, name)
        t1 = time.time()
        scratch(work)
        print("%s: %d commands (in %s; copied in %.1f s)" % (doc, len(cmds), work, time.time() - t1))
        if doc == GUIDE:
            left = uncovered(cmds)
            if left:
                print("  FAIL  %s: no example of %s" % (doc, ", ".join(left)))
                failed += 1
            else:
                passed += 1
                print("  ok    %s: an example of every option of simscm --help" % doc)
        for k, (no, cmd, shown) in enumerate(cmds, 1):
            log = os.path.join(out, "%s-%02d.txt" % (name, k))
            t1 = time.time()
            try:
                r = subprocess.run(["bash", "-c", "set -o pipefail\n" + cmd], cwd=work,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, timeout=TIMEOUT)
                text, rc = r.stdout.decode(errors="replace"), r.returncode
            except subprocess.TimeoutExpired as e:
                text, rc = (e.stdout or b"").decode(errors="replace"), "timeout"
            with open(log, "w") as f:
                f.write("$ %s\n%s" % (cmd, text))
            got = text.split("\n")
            secs = time.time() - t1
            short = cmd.split("\n")[0][:90]
            miss = missing(shown, got) if rc == 0 else None
            if rc != 0:
                print("  FAIL  %s:%d: %s (%.1f s)\n        exit status %s; see %s" % (doc, no, short, secs, rc, log))
                failed += 1
            elif miss is not None:
                print("  FAIL  %s:%d: %s (%.1f s)\n        the page shows %r, the run does not (in order); see %s"
                      % (doc, no, short, secs, miss.strip(), log))
                failed += 1
            else:
                passed += 1
                print("  ok    %s:%d: %s (%.1f s)" % (doc, no, short, secs))
    print("docs: %d commands passed, %d failed (%.0f s)" % (passed, failed, time.time() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    if not sys.argv[1:]:
        print("usage: run.py OUTDIR [DOC.md ...]", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
