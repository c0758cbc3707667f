#!/bin/sh
# run.sh -- the monitor's tests: scripted sessions (--monitor FILE and
# --monitor stdio) on a bare-metal program and on the guest OS, and Ctrl-A c
# on a pseudo-terminal.  Each check greps the transcript for what the
# monitor must have shown.
#
#   run.sh SIMSCM ELF NM OUTDIR
#
# ELF is tests/monitor/persist.S built; NM is the cross nm that finds its
# labels.  Prints "N passed, N failed".
set -u
simscm=$1; elf=$2; nm=$3; out=$4
here=$(dirname "$0")
mkdir -p "$out"
passed=0; failed=0
ok()  { passed=$((passed + 1)); echo "PASS $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "     $2"; }
# has FILE FIXED-STRING WHAT: some line holds the string.
has() { if grep -qF -- "$2" "$1"; then ok "$3"; else bad "$3" "no line has '$2' in $1"; fi; }
# has_re FILE REGEX WHAT
has_re() { if grep -qE -- "$2" "$1"; then ok "$3"; else bad "$3" "no line matches /$2/ in $1"; fi; }
# follows FILE FIRST-LINE NEXT-STRING WHAT: the line after the first line
# holding FIRST holds NEXT.
follows() {
    if awk -v a="$2" -v b="$3" 'f { exit index($0, b) ? 0 : 1 } index($0, a) { f = 1 } END { if (!f) exit 1 }' "$1"
    then ok "$4"; else bad "$4" "the line after '$2' lacks '$3' in $1"; fi
}

# ---- a bare-metal program (timing mode: caches, so lines can be dirty) ----
# The stop points: the instruction count of each label (straight-line code).
"$simscm" --config configs/hybrid.ini --timing off --trace="$out/persist.trace" \
    --max-insns 20 "$elf" >/dev/null 2>&1
addr() { "$nm" "$elf" | awk -v s="$1" '$3 == s { print "0x" $1 }'; }
count() {   # lines before the first at label $1's pc = instructions retired
    a=$(printf '0x%016x' "$(addr "$1")")
    awk -v a="$a" '$2 == a { print NR - 1; exit }' "$out/persist.trace"
}
cell=$(addr cell); s1=$(count stop1); s2=$(count stop2); s3=$(count stop3)
sed "s/@CELL@/$cell/g; s/@STOP1@/$s1/; s/@STOP2@/$s2/; s/@STOP3@/$s3/" \
    "$here/persist.mon.in" >"$out/persist.mon"
t="$out/persist.out"; ev="$out/persist.events"
timeout 60 "$simscm" --config configs/hybrid.ini --monitor "$out/persist.mon" \
    --events "$ev" "$elf" </dev/null >"$t" 2>"$out/persist.err"
rc=$?
[ "$rc" = 0 ] && ok "persist: quit exits 0" || bad "persist: quit exits 0" "exit $rc"
has "$t" "(simscm) stopped at 0.000000 ms, instruction 0, pc 0x80000000, M-mode (start)" \
    "persist: starts stopped before the first instruction"
has "$t" ", instruction $s1, pc 0x$(printf '%x' "$(addr stop1)"), M-mode" \
    "persist: continue insn=$s1 stops exactly at stop1"
has "$t" "x10/a0    0x000000001234abcd" "persist: regs shows a0 as the program set it"
has "$t" "x9/s1     0x000000000000002a" "persist: regs shows s1 = 42"
has "$t" "x18/s2    0x0000000000000001" "persist: s2 = power-on count 1 at first"
line=$(printf '0x%016x' "$cell"); lc=$(printf '0x%x' "$cell")
follows "$t" "xp/2g $cell" "$line: 0x0000000000005a5a 0x0000000000000000  | SCM scm, line $lc dirty in the cache (not durable)" \
    "persist: after the store the SCM line is dirty"
has "$t" "$line: 0x0000000000005a5a 0x0000000000000000  | SCM scm, line $lc durable" \
    "persist: after cbo.clean the same line is durable"
has "$t" "$line: 0x0000000000005a5a 0x0000000000000077  | SCM scm, line $lc dirty in the cache (not durable)" \
    "persist: the second store makes it dirty again"
has "$t" "$line: 0x00005a5a 0x00000000 0x00000077 0x00000000  | SCM scm" "persist: x/4w in words"
has "$t" "power: cut now (as Ctrl-A k), 1 dirty lines lost" "persist: power cut loses the dirty line"
has "$t" "$line: 0x0000000000005a5a 0x0000000000000000  | SCM scm, durable contents (power off)" \
    "persist: while off, SCM holds the cleaned value, not the lost 0x77"
has "$t" "x18/s2    0x0000000000000002" "persist: after the power-on the program ran again (s2 = 2)"
has "$t" "power: button pressed (as Ctrl-A p): warning at" "persist: power cycle presses the button"
has "$t" "inject: cut:at=1ms,mode=sudden armed" "persist: inject arms a fault"
has "$t" "x18/s2    0x0000000000000004" "persist: button cycle and injected cut: power-on 4"
has "$t" "power     on  power-ons 4  warnings 1  cuts 3 (sudden 2)" "persist: stats counts the cycles"
has "$t" "satp 0x0000000000000000: MODE is Bare, no translation" "persist: translate with satp Bare"
has "$t" 'monitor: unknown command "frobnicate" (help lists them)' "persist: unknown command"
has "$t" "monitor: x/2q: unknown format 'q'" "persist: bad x format"
has "$t" "monitor: usage: xp/N[bhwg] ADDR" "persist: x without an address"
has "$t" "monitor: continue insn=1: instruction 1 is already past" "persist: continue into the past"
has "$t" "monitor: power on: the power is on" "persist: power on while on"
has "$t" "monitor: usage: power off|on|cycle|cut" "persist: bad power verb"
has "$t" 'monitor: inject cut:at=soon: time "soon" is not a whole number' "persist: bad fault spec"
has "$t" "not memory (device uart0): device registers are not read here" "persist: x refuses devices"
has "$ev" '"event":"power_cut","cause":"console","warned":false,"acked":false,"dirty_lines_lost":1' \
    "persist events: the monitor's cut, one dirty line lost"
has "$ev" '"event":"power_warning","cause":"button"' "persist events: the button's warning"
has "$ev" '"event":"power_on","reason":"button","boot":3' "persist events: power-on after the button"
has "$ev" '"event":"fault","kind":"cut","spec":"cut:at=42000414ns,mode=sudden"' "persist events: the injected fault, logged at its absolute time"
has "$ev" '"event":"power_cut","cause":"fault"' "persist events: ... and its cut"

# With flush-on-fail the platform writes dirty lines back at the cut: the
# dirty line becomes durable through the power cycle.
printf 'continue insn=%s\nxp/2g %s\npower cut\nxp/2g %s\nquit\n' "$s3" "$cell" "$cell" \
    >"$out/flush.mon"
t="$out/flush.out"
timeout 60 "$simscm" --config configs/hybrid.ini --set power.flush_on_fail=on \
    --monitor "$out/flush.mon" "$elf" </dev/null >"$t" 2>&1
has "$t" "power: cut now (as Ctrl-A k), 0 dirty lines lost" "flush-on-fail: nothing lost"
has "$t" "$line: 0x0000000000005a5a 0x0000000000000077  | SCM scm, durable contents (power off)" \
    "flush-on-fail: the dirty 0x77 became durable at the cut"

# --monitor stdio, piped: the commands come from stdin; help lists them.
t="$out/stdio.out"
printf 'help\ncontinue insn=%s\nregs\nquit\n' "$s1" | timeout 60 "$simscm" \
    --config configs/hybrid.ini --monitor stdio "$elf" >"$t" 2>&1
has "$t" "(simscm) help" "stdio: commands echoed"
for c in regs "x/N[bhwg] ADDR" "xp/N[bhwg] ADDR" "translate VADDR" "power off|on|cycle|cut" \
         "inject SPEC" "stats [json]" "continue [insn=N|time=T], c" "quit, q"; do
    has "$t" "  $c" "stdio: help lists $c"
done
has "$t" "x10/a0    0x000000001234abcd" "stdio: regs at stop1"

# Without quit the script ends, the program runs to its end (here: a
# --max-insns limit) and the rest runs after it.  stats json is --stats.
printf 'continue\nregs\nstats json\ncontinue\n' >"$out/end.mon"
t="$out/end.out"
timeout 60 "$simscm" --config configs/hybrid.ini --max-insns 1000 --monitor "$out/end.mon" \
    --stats "$out/end.stats" "$elf" </dev/null >"$t" 2>&1
has "$t" "instruction 1000, pc 0x" "end: the script goes on when the run ends"
has "$t" "(max-insns)" "end: ... and says why"
has "$t" '"instret": 1000,' "end: stats json"
has "$t" "monitor: the run has ended" "end: continue refuses after the end"

# ---- Ctrl-A c on a terminal (a pseudo-terminal made by python3) ----
t="$out/tty.out"
python3 - "$simscm" "$elf" >"$t" 2>&1 <<'PY'
import os, pty, sys, time, select
simscm, elf = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(simscm, [simscm, "--config", "configs/hybrid.ini", elf])
buf = b""
seen = 0            # what an earlier wait consumed
def read_until(token, secs=20):
    global buf, seen
    end = time.time() + secs
    while token not in buf[seen:] and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                buf += os.read(fd, 4096)
            except OSError:
                break
    found = token in buf[seen:]
    if found:
        seen = buf.index(token, seen) + len(token)
    return found
time.sleep(0.5)
os.write(fd, b"\x01c")
read_until(b"(simscm) ")
os.write(fd, b"regs\n")
read_until(b"satp")
os.write(fd, b"continue\n")
time.sleep(0.3)
os.write(fd, b"\x01c")
read_until(b"(Ctrl-A c)", 10)
read_until(b"(simscm) ", 10)
os.write(fd, b"quit\n")
read_until(b"quit (Ctrl-A x)", 10)
try:
    os.kill(pid, 9)     # only if it is still there: the check below fails then
except OSError:
    pass
os.waitpid(pid, 0)
sys.stdout.write(buf.decode(errors="replace").replace("\r", ""))
PY
has "$t" "(Ctrl-A c)" "tty: Ctrl-A c enters the monitor"
has "$t" "x10/a0    0x000000001234abcd" "tty: regs in the monitor"
has "$t" "simscm: quit (Ctrl-A x) after" "tty: quit in the monitor ends the run"
[ "$(grep -c 'stopped at' "$t")" -ge 2 ] && ok "tty: continue, then Ctrl-A c again" ||
    bad "tty: continue, then Ctrl-A c again" "see $t"

# ---- the guest OS: its page table, a power cycle it survives ----
t="$out/guest.out"; ev="$out/guest.events"
timeout 120 "$simscm" --config configs/hybrid.ini --timing off --set faults.inject= \
    --init "counter:p" --monitor "$here/guest.mon" --events "$ev" counter \
    </dev/null >"$t" 2>"$out/guest.err"
has_re "$t" "stopped at 30\.000000 ms, instruction [0-9]+, pc 0x[0-9a-f]+, U-mode" \
    "guest: stops at 30 ms with the counter in U-mode"
has_re "$t" "^satp      0x8[0-9a-f]{15}$" "guest: regs shows an Sv39 satp"
has_re "$t" "^  level 0: PTE\[511\] at 0x[0-9a-f]+ \(SCM scm\) = 0x[0-9a-f]+  DA--X-RV" \
    "guest: the trampoline's leaf PTE: kernel-only, executable"
has_re "$t" "^  -> physical 0x8[0-9a-f]+ in SCM scm; 4 KiB page, pool SCM \(durable\)" \
    "guest: translation to a physical page in the SCM pool"
has "$t" "  from U: load page fault, store page fault, fetch page fault" \
    "guest: the trampoline faults from U-mode"
has_re "$t" "^  level 0: PTE\[  1\] at 0x[0-9a-f]+ \(SCM scm\) = 0x[0-9a-f]+  DA-U-WRV" \
    "guest: a user data page of the persistent counter"
has "$t" "  from U: load ok, store ok, fetch page fault" "guest: ... readable and writable from U"
has_re "$t" "^0x0000000000001000 \(pa 0x[0-9a-f]+\): 0x[0-9a-f]{16} 0x[0-9a-f]{16}  \| SCM scm" \
    "guest: x through the page table"
has "$t" "power: button pressed (as Ctrl-A p)" "guest: power cycle"
has_re "$t" "power: restored at [0-9]+ ms after 10 ms off; resumed in" "guest: the guest resumed"
has "$t" "power     on  power-ons 2  warnings 1  cuts 1 (sudden 0)" "guest: stats after the cycle"
has "$ev" '"event":"guest","milestone":"saved"' "guest events: saved"
has "$ev" '"event":"power_cut","cause":"button","warned":true,"acked":true' "guest events: acked cut"
has "$ev" '"event":"guest","milestone":"resumed"' "guest events: resumed"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
