#!/usr/bin/env python3
"""uboot.py -- boot a firmware and U-Boot on simscm (and on QEMU), type a
command at U-Boot's prompt, power off, and compare the two consoles.

    uboot.py NAME SIMSCM [QEMU] -- IMAGE-OPTIONS...

IMAGE-OPTIONS are simscm's (--bios F, --kernel F); QEMU gets the same as
-bios/-kernel (-bios none when there is no --bios).  simscm reads its
keys from a script (--input): carriage returns first, which stop the
autoboot countdown (the UART FIFO resets of OpenSBI and U-Boot throw some
away; the rest give empty prompts), then "version" and "poweroff".  QEMU
runs in real time, so its keys are typed when the text they answer shows.

Checks on simscm: exit 0 (U-Boot's poweroff reached the test finisher),
the prompt, the output of `version`, "poweroff ...".  With QEMU: both
consoles, with what legitimately differs rewritten (see NORMALIZE and
docs/firmware.md), must be equal line by line.  Prints one line per check;
exits 1 on any failure.
"""
import os
import re
import select
import subprocess
import sys
import time

QEMU_CPU = ("rv64,f=false,d=false,h=false,zba=false,zbb=false,zbc=false,zbs=false,"
            "Zihintpause=false,sstc=true")

# What legitimately differs, as (pattern, replacement) on whole lines.
NORMALIZE = [
    # The model: "simscm,virt" against "riscv-virtio,qemu".
    (r"^(Platform Name\s+:) .*", r"\1 MODEL"),
    (r"^Model: .*", "Model: MODEL"),
    # The ISA string: simscm has Zicbom, QEMU 7.2 does not.
    (r"^CPU:   .*", "CPU:   ISA"),
    # simscm's mhpmcounter3..31 read zero, so OpenSBI counts none.
    (r"^(Boot HART MHPM Count\s+:) .*", r"\1 N"),
    # QEMU has more devices (flash, PCI, RTC, fw_cfg) ...
    (r"^Core: .*", "Core:  DEVICES"),
    # ... and so its device tree is larger and lands elsewhere.
    (r"^Working FDT set to .*", "Working FDT set to ADDR"),
    # When the key stops the countdown depends on the typing.
    (r"^Hit any key to stop autoboot:.*", "Hit any key to stop autoboot:"),
]
DROP = [
    r"^Flash: ",            # QEMU's CFI flash at 0x20000000; simscm has none
    r"^=>\s*$",             # empty prompts from the keys that stopped autoboot
]


def normalize(text):
    out = []
    for line in text.replace("\r", "").split("\n"):
        line = line.rstrip()
        if any(re.match(d, line) for d in DROP):
            continue
        for pat, rep in NORMALIZE:
            line = re.sub(pat, rep, line)
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def run_simscm(simscm, opts, workdir):
    keys = os.path.join(workdir, "keys.in")
    with open(keys, "w") as f:
        f.write("\r" * 64 + "version\rpoweroff\r")
    cmd = [simscm, "--timing", "off", "--max-time", "5s", "--input", keys] + opts
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def run_qemu(qemu, opts):
    bios, kernel = "none", None
    for i in range(0, len(opts), 2):
        if opts[i] == "--bios":
            bios = opts[i + 1]
        elif opts[i] == "--kernel":
            kernel = opts[i + 1]
    cmd = [qemu, "-M", "virt", "-cpu", QEMU_CPU, "-m", "128M", "-nographic",
           "-bios", bios] + (["-kernel", kernel] if kernel else [])
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    # (what to wait for after the last answer, what to type)
    script = [("Hit any key to stop autoboot", b"\r"), ("=> ", b"version\r"),
              ("GNU ld", None), ("=> ", b"poweroff\r")]
    buf, pos, deadline = b"", 0, time.time() + 60
    while time.time() < deadline:
        r, _, _ = select.select([p.stdout], [], [], 0.2)
        if r:
            chunk = os.read(p.stdout.fileno(), 4096)
            if not chunk:
                break
            buf += chunk
        text = buf.decode("utf-8", "replace")
        while script and script[0][0] in text[pos:]:
            want, key = script.pop(0)
            pos = text.index(want, pos) + len(want)
            if key:
                p.stdin.write(key)
                p.stdin.flush()
        if p.poll() is not None and not r:
            break
    if p.poll() is None:
        p.kill()
    p.wait()
    return p.returncode, buf.decode("utf-8", "replace")


def main():
    argv = sys.argv[1:]
    sep = argv.index("--")
    name, simscm = argv[0], argv[1]
    qemu = argv[2] if sep > 2 else ""
    opts = argv[sep + 1:]
    workdir = os.environ.get("BOOT_OUT", "/tmp")
    os.makedirs(workdir, exist_ok=True)
    fails = 0

    def check(what, ok, detail=""):
        nonlocal fails
        if ok:
            print("  ok   %s: %s" % (name, what))
        else:
            fails += 1
            print("  FAIL %s: %s%s" % (name, what, ("\n" + detail) if detail else ""))

    rc, out, err = run_simscm(simscm, opts, workdir)
    with open(os.path.join(workdir, name + ".simscm"), "w") as f:
        f.write(out)
    lines = normalize(out)
    check("simscm exits 0 through U-Boot's poweroff", rc == 0, "exit %d: %s" % (rc, err.strip()))
    check("U-Boot's banner", any(l.startswith("U-Boot 2023") for l in lines))
    try:
        v = lines.index("=> version")
        ok = lines[v + 1].startswith("U-Boot 2023") and lines[v + 3].startswith("riscv64-linux-gnu-gcc")
    except (ValueError, IndexError):
        ok = False
    check("`version` at the prompt prints U-Boot's version and compiler", ok)
    check("`poweroff` powers off", "=> poweroff" in lines and "poweroff ..." in lines)
    if "--bios" in opts:
        check("the OpenSBI banner", any(l.startswith("OpenSBI v") for l in lines))
        check("OpenSBI starts U-Boot at 0x80200000 in S-mode",
              "Domain0 Next Address      : 0x0000000080200000" in lines and
              "Domain0 Next Mode         : S-mode" in lines)
        check("OpenSBI finds Sstc", "Boot HART ISA Extensions  : time,sstc" in lines)

    if qemu:
        qrc, qout = run_qemu(qemu, opts)
        with open(os.path.join(workdir, name + ".qemu"), "w") as f:
            f.write(qout)
        qlines = normalize(qout)
        check("QEMU exits 0 too", qrc == 0, "exit %d" % qrc)
        diff = ""
        for i in range(max(len(lines), len(qlines))):
            a = lines[i] if i < len(lines) else "<end>"
            b = qlines[i] if i < len(qlines) else "<end>"
            if a != b:
                diff = "     line %d:\n     simscm: %r\n     qemu:   %r" % (i + 1, a, b)
                break
        check("console equals QEMU's line by line (%d lines)" % len(lines), not diff, diff)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
