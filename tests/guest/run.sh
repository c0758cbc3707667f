#!/usr/bin/env bash
# run.sh -- the guest OS tests: boot the guest with a scripted console and
# check what it does.
#
#   tests/guest/run.sh SIMSCM QEMU KERNEL HYBRID_DTB_TOOL OUTDIR
#
# On simscm (the product): the in-guest test runner, the shell's process and
# pool commands, persistence moves seen by ps and free, every bad input the
# shell takes, pages proved to be in SCM from outside the guest (the SCM
# image file), boot-time start-up lists, the request channel's service
# checked from the device's stats, and the persistent/non-persistent
# slowdown against the SCM/DRAM latency ratio, and fixpoints and their
# roll-back on slow SCM keeping the watchdog fed.  On QEMU (the oracle): the
# same kernel on a machine without SCM, and on a hybrid device tree.
# Transcripts stay in OUTDIR.  Exit status 0 when every check passed.
set -u
SIMSCM=$1 QEMU=$2 KERNEL=$3 DTBTOOL=$4 OUT=$5
HERE=$(dirname "$0")
. "$HERE/lib.sh"
mkdir -p "$OUT"

# Small pools keep the exhaustion tests quick; functional mode unless the
# test is about time.
SMALL=(--config configs/hybrid.ini --timing off --set region.scm.size_mib=64
       --set region.dram.size_mib=64 --init "")

echo "guest OS on simscm:"

# ---- the in-guest test runner, on the three reference machines ----
session usertests $'usertests\nshutdown\n' "${SMALL[@]}" usertests
expect usertests '^usertests: SCM pool present, DRAM pool present' "both pools found"
expect_count usertests '^test [a-z_]+: ok$' 25 "all 25 tests ran and passed"
expect usertests '^usertests: ALL PASSED' "usertests passed"
expect_not usertests 'FAILED|panic' "no failure, no panic"
expect_rc usertests 0 "shutdown exits through the test finisher with 0"

session usertests-scm-only $'usertests -q\nshutdown\n' --config configs/scm-only.ini \
    --timing off --init "" usertests
expect usertests-scm-only 'pool DRAM: 0 pages .*every process lives in SCM' "no DRAM pool"
expect usertests-scm-only '^usertests: ALL PASSED' "usertests -q passed"

session usertests-dram-only $'usertests -q\nshutdown\n' --config configs/dram-only.ini \
    --timing off --init "" usertests
expect usertests-dram-only 'pool SCM: 0 pages .*nothing can be persistent' "no SCM pool"
expect usertests-dram-only '^usertests: ALL PASSED' "usertests -q passed"

# ---- processes start, run, exit, are waited for; pools follow persist ----
session shell "ps
free
run -n memfill 512
sleep 100
ps
free
persist 3 on
ps
free
persist 3 off
ps
free
kill 3
sleep 50
ps
free
run -n matmul 32 1
wait 4
matmul 16 1
run matmul 8 1
sleep 100
shutdown
" "${SMALL[@]}" memfill
expect_rc shell 0 "clean shutdown"
expect_seq shell "memfill starts, runs, is killed and reaped" \
    '^\[3\] memfill started \(not persistent\)' '^memfill: pid 3 filled 512 KiB' \
    '^persist: 3 is now persistent' '^persist: 3 is now not persistent' \
    '^\[3\] memfill exited with status -1'
expect_not shell 'CORRUPT' "memfill's memory survived both moves"
read -r _ _ _ _ p1 scm1 dram1 <<< "$(ps_row shell 2 3)"
read -r _ _ _ _ p2 scm2 dram2 <<< "$(ps_row shell 3 3)"
read -r _ _ _ _ p3 scm3 dram3 <<< "$(ps_row shell 4 3)"
check_eq "shell: ps after run -n: memfill not persistent, no SCM page" "$p1 $scm1" "no 0"
check_cmp "shell: ps after run -n: 512 KiB of heap in DRAM" "${dram1:-0}" -ge 128
check_eq "shell: ps after persist on: persistent, every page in SCM" "$p2 $scm2 $dram2" "yes $dram1 0"
check_eq "shell: ps after persist off: every page back in DRAM" "$p3 $scm3 $dram3" "no 0 $dram1"
check_eq "shell: ps after kill: no pid 3" "$(ps_row shell 5 3)" ""
s1=$(free_used shell 1 SCM) d1=$(free_used shell 1 DRAM)
s2=$(free_used shell 2 SCM) d2=$(free_used shell 2 DRAM)
s3=$(free_used shell 3 SCM) d3=$(free_used shell 3 DRAM)
s4=$(free_used shell 4 SCM) d4=$(free_used shell 4 DRAM)
s5=$(free_used shell 5 SCM) d5=$(free_used shell 5 DRAM)
check_eq "shell: free after run -n: DRAM use grew by memfill's pages" "$s2 $((d2 - d1))" "$s1 $dram1"
check_eq "shell: free after persist on: the pages moved DRAM -> SCM" \
    "$((s3 - s2)) $((d2 - d3))" "$dram1 $dram1"
check_eq "shell: free after persist off: the pages moved back" "$s4 $d4" "$s2 $d2"
check_eq "shell: free after kill and reap: both pools as at boot" "$s5 $d5" "$s1 $d1"
expect_seq shell "a background job runs, is waited for by pid" \
    '^\[4\] matmul started \(not persistent\)' '^matmul: N=32 reps=1 ok' \
    '^\[4\] matmul exited with status 0'
expect shell '^matmul: N=16 reps=1 ok' "a foreground program runs to completion"
expect shell '^\[6\] matmul exited with status 0' "a finished background job is reaped at the prompt"

# ---- every bad input gets a clear message; the kernel goes on ----
# LONGLINE: 265 characters whose tail past the shell's 255 is "shutdown 9";
# that tail used to run as a command of its own (exit 9 instead of 3 below).
LONGLINE="echo $(printf 'x%.0s' $(seq 250))shutdown 9"
session errors "frobnicate
run
run -n nosuch
nosuch arg
persist
persist abc on
persist 0 on
persist 99999 on
persist 1 sideways
kill
kill xyz
kill 424242
kill 1
wait 1
persist 1 off
shutdown -1
sleep -5
shutdown 256
$LONGLINE
run -n matmul 8 1
sleep 200
persist 3 on
kill 3
wait 3
run -p memfill 30000
run -n memfill 30000
sleep 2000
persist 4 off
persist 5 on
ps
kill 4
kill 5
sleep 50
ps
shutdown 3
" --config configs/hybrid.ini --timing off --set region.scm.size_mib=48 \
    --set region.dram.size_mib=48 --init "" memfill
expect errors '^sh: frobnicate: unknown command \(type help\)' "unknown command"
expect errors '^usage: run \[-p\|-n\] PROGRAM' "run without a program"
expect errors '^run: nosuch: no such program' "run of a missing program"
expect errors '^sh: nosuch: unknown command' "foreground run of a missing program"
expect errors '^usage: persist PID on\|off' "persist without arguments"
expect errors "^persist: bad pid 'abc'" "persist with a non-numeric pid"
expect errors "^persist: bad pid '0'" "persist with pid 0"
expect errors '^persist: 99999: no such process' "persist of a pid that never existed"
expect_count errors '^usage: persist PID on\|off' 2 "persist with a bad mode"
expect errors '^usage: kill PID' "kill without a pid"
expect errors "^kill: bad pid 'xyz'" "kill with a non-numeric pid"
expect errors '^kill: 424242: no such process' "kill of a pid that never existed"
expect errors '^kill: 1: not permitted' "init cannot be killed"
expect errors '^wait: 1: not a child of this shell' "wait for someone else's process"
expect errors '^persist: 1: not permitted: init keeps the persistence it booted with' \
    "init's persistence cannot be turned off"
expect errors "^shutdown: bad status '-1' \\(a number from 0 to 255\\)" "shutdown -1 is refused"
expect errors "^shutdown: bad status '256' \\(a number from 0 to 255\\)" "shutdown 256 is refused"
expect errors "^sleep: bad time '-5' \\(a number from 0 to 2147483647\\)" "sleep -5, by the same rule"
expect errors '^sh: line too long \(at most 255 characters\); ignored' "a too-long line is dropped whole"
expect_not errors '^x{20}' "no part of the too-long line was echoed"
read -r _ _ _ _ pinit _ <<< "$(ps_row errors 1 1)"
check_eq "errors: init is still persistent" "$pinit" "yes"
expect errors '^persist: 3: process has exited \(status 0\)' "persist on a dead process"
expect errors '^kill: 3: process has exited' "kill of a dead process"
expect errors '^wait: 3: process has exited' "wait for a reaped process"
expect errors '^persist: 4: out of DRAM memory' "moving into a full DRAM pool is refused"
expect errors '^persist: 5: out of SCM memory' "moving into a full SCM pool is refused"
read -r _ _ _ _ p4 s4 d4 <<< "$(ps_row errors 1 4)"
read -r _ _ _ _ p5 s5 d5 <<< "$(ps_row errors 1 5)"
check_eq "errors: the refused moves changed nothing" "$p4 $d4 $p5 $s5" "yes 0 no 0"
expect_not errors 'CORRUPT|panic' "no corruption, no panic"
expect_rc errors 3 "shutdown 3 exits through the finisher with status 3"

# ---- persistent pages really are in SCM: count markers in the SCM image ----
# memfill fills its heap with a 32-byte marker that is nowhere else (it is
# built at run time), exactly 32 per KiB.  Without caches every store is
# durable at once, so the image file holds what SCM holds at shutdown.
# Fixpoints are off here: they keep copies of the persistent pages in SCM
# too (tests/guest/resume.sh checks those), and this counts the live ones.
MARK='SIMSCM-MEMFILL-MARKER-PAGE-DATA:'
rm -f "$OUT/scm-a.img" "$OUT/scm-b.img"
session scm-image-a $'run -p memfill 64\nrun -n memfill 32\nsleep 300\nps\nshutdown\n' \
    "${SMALL[@]}" --set guest.fixpoint_ms=0 --set region.scm.image="$OUT/scm-a.img" --dump-region dram="$OUT/dram-a.bin" memfill
session scm-image-b $'run -p memfill 64\nrun -n memfill 32\nsleep 300\npersist 3 off\npersist 4 on\nsleep 300\nps\nshutdown\n' \
    "${SMALL[@]}" --set guest.fixpoint_ms=0 --set region.scm.image="$OUT/scm-b.img" --dump-region dram="$OUT/dram-b.bin" memfill
na=$(grep -ao "$MARK" "$OUT/scm-a.img" 2>/dev/null | wc -l)
nb=$(grep -ao "$MARK" "$OUT/scm-b.img" 2>/dev/null | wc -l)
check_eq "scm-image-a: the persistent 64 KiB are in SCM, the other 32 KiB are not" "$na" 2048
check_eq "scm-image-b: after swapping, only the 32 KiB now persistent are in SCM" "$nb" 1024
# The DRAM side, from a dump of the DRAM region at the end of the run (freed
# pages are filled with junk, so only live pages can hold markers).
da=$(grep -ao "$MARK" "$OUT/dram-a.bin" 2>/dev/null | wc -l)
db=$(grep -ao "$MARK" "$OUT/dram-b.bin" 2>/dev/null | wc -l)
check_eq "dram-a: the non-persistent 32 KiB are in DRAM, the other 64 KiB are not" "$da" 1024
check_eq "dram-b: after swapping, only the 64 KiB now non-persistent are in DRAM" "$db" 2048
expect_not scm-image-b 'CORRUPT' "both processes' memory intact across the swap"
rm -f "$OUT/scm-a.img" "$OUT/scm-b.img" "$OUT/dram-a.bin" "$OUT/dram-b.bin"

# ---- what starts at boot ----
session boot-init $'ps\nrun logger\nsleep 600\nps\nshutdown\n' --config configs/hybrid.ini \
    --timing off --init "memfill:p counter:n logger" --set guest.default_persist=on memfill
expect boot-init '^init: started memfill \(pid 2, persistent\)' "name:p starts persistent"
expect boot-init '^init: started counter \(pid 3, not persistent\)' "name:n starts non-persistent"
expect boot-init '^init: started logger \(pid 4, persistent\)' "a bare name takes the default"
check_eq "boot-init: ps agrees" "$(ps_row boot-init 1 2 | awk '{print $5}') $(ps_row boot-init 1 3 | awk '{print $5}') $(ps_row boot-init 1 4 | awk '{print $5}')" "yes no yes"
expect boot-init '^\[6\] logger started \(persistent\)' "run without -p/-n takes the default"
expect boot-init '^counter: pid 3 count' "counter reports progress"

session boot-bad $'sleep 100\nshutdown\n' --config configs/hybrid.ini --timing off \
    --init "nosuch:p memfill:x matmul:n" memfill
expect boot-bad '^init: cannot start nosuch: no such program' "a missing boot program is reported"
expect boot-bad "^init: memfill: unknown persistence ':x'" "a bad persistence suffix is reported"
expect boot-bad '^matmul: N=64 reps=4 ok' "the rest of the list still starts"

session bundled $'ps\nshutdown\n' --config configs/hybrid.ini --timing off memfill
expect bundled '^init: started memfill \(pid 2, persistent\)' "simscm CONFIG NAME starts NAME persistent"

# ---- the request channel: service checked by the device, not the guest ----
if "$SIMSCM" --config configs/hybrid.ini --dump-dtb "$OUT/hybrid.dtb" >/dev/null 2>&1 &&
   grep -aq 'simscm,reqchan' "$OUT/hybrid.dtb"; then
    session kvstore $'sleep 200\nshutdown\n' --config configs/hybrid.ini --timing off \
        --set reqchan.rate_per_ms=20 --set reqchan.keys=64 --set reqchan.start_ms=10 \
        --stats "$OUT/kvstore.json" kvstore
    expect kvstore '^kvstore: pid 2 serving the request channel' "kvstore starts at boot"
    expect kvstore '^kvstore: 1000 requests served' "kvstore reports progress"
    read -r sent answered correct wrong <<< "$(reqchan_stat "$OUT/kvstore.json" sent answered correct wrong)"
    check_cmp "kvstore: the client sent requests (about 20 per ms)" "${sent:-0}" -ge 3000
    check_cmp "kvstore: nearly all were answered" "$(( ${answered:-0} + 20 ))" -ge "${sent:-1}"
    check_eq "kvstore: every answer was correct" "${wrong:-x} ${correct:-y}" "0 ${answered:-z}"
else
    bad "kvstore: simscm has no request channel in its device tree"
fi

# The device's judgement itself: a bare-metal probe answers one request
# right, one wrong, one twice and one that does not exist.
"$SIMSCM" --set reqchan.rate_per_ms=1 --set reqchan.start_ms=0 --stats "$OUT/probe.json" \
    "$OUT/reqchan-probe.elf" > "$OUT/probe.out" 2> "$OUT/probe.err"
echo $? > "$OUT/probe.rc"
expect_rc probe 0 "the probe ran to the end"
if grep -q '"requests"' "$OUT/probe.json"; then
    bad "probe: no per-request log unless [reqchan] log_requests is on"
else
    ok "probe: no per-request log unless [reqchan] log_requests is on"
fi
"$SIMSCM" --set reqchan.rate_per_ms=1 --set reqchan.start_ms=0 --set reqchan.log_requests=on \
    --stats "$OUT/probe-log.json" "$OUT/reqchan-probe.elf" > /dev/null 2>&1
check_eq "probe: the request log holds each request's correctness" \
    "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["devices"]["reqchan"]["requests"]; print(r["ok"], len(r["send_ns"]))' "$OUT/probe-log.json")" "[1, 0] 2"
check_eq "probe: 2 sent, 2 answered, 1 correct, 1 wrong, 2 bad answers" \
    "$(reqchan_stat "$OUT/probe.json" sent answered correct wrong bad_answers)" "2 2 1 1 2"
if grep -q 'reqchan: register REQ_SEQ: .*read with no request waiting' "$OUT/probe.err" &&
   grep -q 'reqchan: register ANS_COMMIT: .*answered already' "$OUT/probe.err"; then
    ok "probe: misuse is reported as guest errors"
else
    bad "probe: misuse is reported as guest errors" "see $OUT/probe.err"
fi

# ---- overhead: persistent vs not, against the SCM/DRAM latency ratio ----
# memwalk chases pointers through 4 MiB (4x the L2, pinned here at 1 MiB),
# so nearly every step waits for memory; its pages are in SCM when
# persistent.  DRAM is pinned at 80 ns.
WALK=$'run -n memwalk 4096 2\nwait 3\nrun -p memwalk 4096 2\nwait 4\nshutdown\n'
for scm_ns in 80 120 240; do
    session "overhead-$scm_ns" "$WALK" --config configs/hybrid.ini --timing on \
        --set cache.l2.size_kib=1024 --set region.dram.read_ns=80 --set region.dram.write_ns=80 \
        --set region.dram.row_buffer=off --set region.scm.row_buffer=off \
        --set region.scm.read_ns=$scm_ns --set region.scm.write_ns=$scm_ns --init "" memwalk
    t=($(grep -o 'elapsed_us=[0-9]*' "$OUT/overhead-$scm_ns.out" | cut -d= -f2))
    if [ ${#t[@]} -ne 2 ]; then
        bad "overhead-$scm_ns: memwalk ran twice" "$(where overhead-$scm_ns)"
        continue
    fi
    # Slowdown within 10 % of the latency ratio scm_ns/80 (see docs/guestos.md).
    ratio=$(awk -v p="${t[1]}" -v n="${t[0]}" 'BEGIN { printf "%.3f", p / n }')
    want=$(awk -v s=$scm_ns 'BEGIN { printf "%.3f", s / 80 }')
    if awk -v r="$ratio" -v w="$want" 'BEGIN { exit !(r > w * 0.9 && r < w * 1.1) }'; then
        ok "overhead-$scm_ns: persistent/non-persistent time $ratio, latency ratio $want"
    else
        bad "overhead-$scm_ns: persistent/non-persistent time $ratio, latency ratio $want"
    fi
done

# ---- fixpoints on slow SCM keep the watchdog fed ----
# SCM at 640 ns (scm_factor 8 in experiments/simexp.py): a fixpoint of the
# persistent memwalk's 4 MiB, and the roll-back that copies it back, each
# take longer than the watchdog's 100 ms, so both must kick it page by page
# (as a checkpoint does).  A sudden cut at 450 ms makes the guest roll back
# to its last fixpoint; memwalk must still finish, with no watchdog expiry.
session wd-fixpoint $'run -p memwalk 4096 4\nwait 3\n' --config configs/hybrid.ini \
    --timing on --set faults.inject= --fault cut:at=450ms,mode=sudden \
    --set region.scm.read_ns=640 --set region.scm.write_ns=640 --set guest.fixpoint_ms=100 \
    --init "" --max-time 1500ms --events "$OUT/wd-fixpoint.jsonl" memwalk
expect wd-fixpoint '^\[3\] memwalk started \(persistent\)' "memwalk started persistent"
expect wd-fixpoint '^power: no resume record; rolled back to the fixpoint of [1-9][0-9]* ms' \
    "the sudden cut rolled back to a fixpoint taken before it"
expect wd-fixpoint '^(\$ )?memwalk: 4096 KiB laps=4 ok ' "memwalk finished its 4 laps intact"
expect wd-fixpoint 'pid 3 exited with status 0' "memwalk exited with 0"
check_eq "wd-fixpoint: no watchdog expiry in the event log" \
    "$(grep -c '"event":"watchdog_expiry"' "$OUT/wd-fixpoint.jsonl")" 0
check_eq "wd-fixpoint: power-ons: the cold boot and the one after the cut" \
    "$(grep -o '"event":"power_on","reason":"[a-z]*"' "$OUT/wd-fixpoint.jsonl" | cut -d'"' -f8 | tr '\n' ' ')" \
    "cold restored "
check_eq "wd-fixpoint: the guest marked the roll-back" \
    "$(grep -c '"milestone":"rolled_back"' "$OUT/wd-fixpoint.jsonl")" 1

echo "guest OS on QEMU (oracle):"
if command -v "$QEMU" >/dev/null 2>&1; then
    qemu_session qemu-plain $'run -p memfill\npersist 2 on\nusertests -q\nshutdown\n' -m 128M
    expect qemu-plain 'pool SCM: 0 pages .*no pmem-region' "QEMU virt has no SCM: the SCM pool is empty"
    expect qemu-plain '^run: memfill: this machine has no SCM' "run -p says so"
    expect qemu-plain '^persist: 2: this machine has no SCM' "persist on says so"
    expect qemu-plain '^usertests: ALL PASSED' "usertests -q passed"
    expect_rc qemu-plain 0 "shutdown through the test finisher"

    # The guest's virtio block driver against QEMU's device (modern transport).
    rm -f "$OUT/qemu-disk.img"
    truncate -s 1M "$OUT/qemu-disk.img"
    qemu_session qemu-disk $'disktest\nshutdown\n' -m 128M -global virtio-mmio.force-legacy=false \
        -drive file="$OUT/qemu-disk.img",if=none,format=raw,id=hd0 -device virtio-blk-device,drive=hd0
    expect qemu-disk '^disk: virtio block device at 0x10008000, 1024 KiB, flush' "the driver finds QEMU's virtio disk"
    expect qemu-disk '^disktest: ok' "disktest writes, flushes and reads back sizes from 512 B to 4 KiB"
    check_eq "qemu-disk: what disktest wrote is in the image file" \
        "$(od -A n -t x1 -j 4096 -N 4 "$OUT/qemu-disk.img" | tr -d ' ')" "080f161d"

    "$QEMU" -machine virt,dumpdtb="$OUT/virt.dtb" -m 256M -bios none -nographic >/dev/null 2>&1
    if "$DTBTOOL" "$OUT/virt.dtb" "$OUT/hybrid-qemu.dtb" --scm 0x80000000:0x8000000 \
            --dram 0x88000000:0x8000000 --memreserve 0x87f00000:0x10000 \
            --init "memfill:p" --default-persist 0; then
        qemu_session qemu-hybrid $'ps\nusertests -q\nshutdown\n' -m 256M -dtb "$OUT/hybrid-qemu.dtb"
        expect qemu-hybrid 'pool SCM: [0-9]+ pages .*0x87f00000\) \[0x87f10000-' "the /memreserve/ range is left out of the SCM pool"
        expect qemu-hybrid '^pool DRAM: [0-9]+ pages .*\[0x88000000-' "the memory@ node is the DRAM pool"
        expect qemu-hybrid '^init: started memfill \(pid 2, persistent\)' "simscm,init is read from /chosen"
        expect qemu-hybrid '^usertests: ALL PASSED' "usertests -q passed"
    else
        bad "qemu-hybrid: could not make the hybrid device tree"
    fi
else
    echo "  (QEMU not installed: oracle runs left out)"
fi

summary
