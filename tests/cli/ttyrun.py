#!/usr/bin/env python3
"""ttyrun.py -- run simscm on a pseudo-terminal, as a user at a keyboard would.

    ttyrun.py SIMSCM ELF quit     type Ctrl-A x; expect exit 0 and the terminal
                               restored to what it was before
    ttyrun.py SIMSCM ELF term     send SIGTERM; expect death by SIGTERM and the
                               terminal restored
    ttyrun.py SIMSCM ELF keys     type "hi." into echo.elf; expect it echoed and
                               the terminal restored
    ttyrun.py SIMSCM ELF power EVENTS
                               on configs/scm-only.ini (the program survives in
                               SCM): type Ctrl-A p, then Ctrl-A k, then Ctrl-A x;
                               expect in the event log EVENTS a warned cut by
                               the button and then a sudden cut by the console,
                               each followed by a power-on

While simscm runs, the terminal must be raw (no ICANON, no ECHO, no ISIG).
Prints one line per failed expectation and exits 1 if there was any.
Waits are generous and nothing is asserted about how long anything took.
"""
import os, pty, select, signal, sys, termios, time

import json

simscm, elf, mode = sys.argv[1:4]
args = [simscm, "--timing", "off", elf]
if mode == "power":
    events = sys.argv[4]
    args = [simscm, "--timing", "off", "--config", "configs/scm-only.ini",
            "--events", events, elf]
master, slave = pty.openpty()
before = termios.tcgetattr(slave)
pid = os.fork()
if pid == 0:
    os.setsid()
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.execv(simscm, args)

out = b""
def read_for(seconds, until=None):
    """Collect output; stop early once `until` has been seen."""
    global out
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([master], [], [], 0.05)
        if r:
            try:
                out += os.read(master, 4096)
            except OSError:
                return
        if until is not None and until in out:
            return

errors = []
# Raw mode is set when the run starts; give it a moment, then look.
deadline = time.time() + 10
while time.time() < deadline:
    during = termios.tcgetattr(slave)
    if not during[3] & termios.ICANON:
        break
    time.sleep(0.05)
if during[3] & (termios.ICANON | termios.ECHO | termios.ISIG):
    errors.append("terminal not raw while simscm runs")

if mode == "quit":
    os.write(master, b"\x01x")
elif mode == "term":
    os.kill(pid, signal.SIGTERM)
elif mode == "keys":
    for ch in b"hi.":
        os.write(master, bytes([ch]))
        read_for(5, until=bytes([ch]))
elif mode == "power":
    # Each key waits until the event log shows the power-on it causes.
    def log():
        try:
            with open(events) as f:
                return [json.loads(l) for l in f if l.endswith("\n")]
        except (OSError, ValueError):
            return []
    for key, ons in ((b"\x01p", 2), (b"\x01k", 3)):
        os.write(master, key)
        end = time.time() + 10
        while time.time() < end:
            read_for(0.1)
            if sum(e["event"] == "power_on" for e in log()) >= ons:
                break
    os.write(master, b"\x01x")

status = None
end = time.time() + 20
while time.time() < end and status is None:
    read_for(0.1)
    p, st = os.waitpid(pid, os.WNOHANG)
    if p:
        status = os.waitstatus_to_exitcode(st)
if status is None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    errors.append("simscm did not end")
read_for(0.2)
if termios.tcgetattr(slave) != before:
    errors.append("terminal settings not restored")
want = {"quit": 0, "term": -signal.SIGTERM, "keys": 0, "power": 0}[mode]
if status is not None and status != want:
    errors.append("exit status %s, want %s" % (status, want))
if mode == "quit" and b"simscm: quit (Ctrl-A x)" not in out:
    errors.append("no quit message in %r" % out)
if mode == "keys" and b"hi." not in out:
    errors.append("typed keys not echoed: %r" % out)
if mode == "power":
    seq = [(e["event"], e.get("cause", e.get("reason")), e.get("warned"))
           for e in log() if e["event"] in ("power_warning", "power_cut", "power_on")]
    want_seq = [("power_on", "cold", None),
                ("power_warning", "button", None), ("power_cut", "button", True),
                ("power_on", "button", None),
                ("power_cut", "console", False), ("power_on", "restored", None)]
    if seq != want_seq:
        errors.append("power events %r, want %r" % (seq, want_seq))
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
