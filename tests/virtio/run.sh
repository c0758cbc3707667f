#!/bin/sh
# tests/virtio/run.sh SIMSCM BUILD_DIR QEMU -- the virtio block device checks,
# run by `make test-virtio` (tests/virtio/virtio.mk).  Each check prints
# "  virtio NAME: ok" or "  virtio NAME: FAIL: why"; the script exits 1 if
# any failed.  docs/disk.md is the specification.  KEEP=1 keeps the outputs.
#
#   basic-*        basic.elf on QEMU's virtio-blk-device (modern transport)
#                  and on simscm in both modes: same console, exit 0, and the
#                  same image file byte for byte
#   determinism    two simscm runs: the same stats, cycles included
#   misprog        misprog.elf: every mistake reported, the run goes on, the
#                  device recovers after a reset
#   cut-*          cut.elf: a completed write survives a sudden cut; a queued
#                  one lands or not by the seed, the same way every time, and
#                  always with cut_survive_percent 100, never with 0
#   kill           stream.elf killed with SIGKILL: the image keeps its size
#                  and every sector is whole
#   config-*       a missing image, a size not of whole sectors, a bad model:
#                  exit 2 with the file and key named
#   dtb            the virtio,mmio node is there with a disk, absent without

SIMSCM=$1
B=$2
QEMU=$3
T=$(mktemp -d "${TMPDIR:-/tmp}/simscm-test-virtio.XXXXXX")
if [ -n "${KEEP:-}" ]; then
    echo "  virtio: outputs kept in $T"
else
    trap 'rm -rf "$T"' EXIT INT TERM
fi
failed=0
SERIAL=simscm-disk0

ok()   { echo "  virtio $1: ok${2:+ ($2)}"; }
fail() { echo "  virtio $1: FAIL: $2"; failed=1; }

# sim NAME ARGS... -- simscm, console in $T/NAME.out, stderr $T/NAME.err,
# stats $T/NAME.json, exit status in $rc.
sim() {
    sim_name=$1
    shift
    timeout 30 "$SIMSCM" --max-insns 200000000 --stats "$T/$sim_name.json" "$@" \
        </dev/null >"$T/$sim_name.out" 2>"$T/$sim_name.err"
    rc=$?
}

# stat NAME KEY -- a member of devices.virtio_blk in run NAME's stats
stat() {
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['devices']['virtio_blk'][sys.argv[2]])" \
        "$T/$1.json" "$2" 2>/dev/null
}

# ---- basic: QEMU as the oracle ------------------------------------------
truncate -s 1M "$T/qemu.img"
if command -v "$QEMU" >/dev/null 2>&1; then
    timeout 30 "$QEMU" -machine virt -bios none -nographic -global virtio-mmio.force-legacy=false \
        -drive file="$T/qemu.img",if=none,format=raw,id=hd0 \
        -device virtio-blk-device,drive=hd0,serial=$SERIAL \
        -kernel "$B/basic.elf" </dev/null >"$T/basic.qemu" 2>"$T/basic.qemu.err"
    qrc=$?
    if [ $qrc != 0 ]; then
        fail basic-qemu "QEMU exit $qrc (the test itself is wrong): $(grep FAIL "$T/basic.qemu" | head -3)"
    else
        ok basic-qemu
    fi
    have_qemu=1
else
    echo "  virtio basic-qemu: skipped ($QEMU not installed)"
    have_qemu=0
fi
for mode in off on; do
    truncate -s 1M "$T/basic-$mode.img"
    sim basic-$mode --timing $mode --set disk.image="$T/basic-$mode.img" \
        --set disk.serial=$SERIAL "$B/basic.elf"
    if [ $rc != 0 ]; then
        fail basic-$mode "simscm exit $rc: $(grep FAIL "$T/basic-$mode.out" | head -3) $(head -3 "$T/basic-$mode.err")"
    elif [ $have_qemu = 1 ] && ! cmp -s "$T/basic.qemu" "$T/basic-$mode.out"; then
        fail basic-$mode "console differs from QEMU's: $(diff "$T/basic.qemu" "$T/basic-$mode.out" | head -6 | tr '\n' '|')"
    elif [ $have_qemu = 1 ] && ! cmp -s "$T/qemu.img" "$T/basic-$mode.img"; then
        fail basic-$mode "image differs from QEMU's: $(cmp "$T/qemu.img" "$T/basic-$mode.img")"
    else
        ok basic-$mode "$(stat basic-$mode writes) writes, $(stat basic-$mode reads) reads"
    fi
done

# ---- determinism --------------------------------------------------------
truncate -s 1M "$T/det.img"
sim det --timing on --set disk.image="$T/det.img" --set disk.serial=$SERIAL "$B/basic.elf"
c1=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['core']['cycles'], j['devices']['virtio_blk'])" "$T/det.json")
c2=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['core']['cycles'], j['devices']['virtio_blk'])" "$T/basic-on.json")
if [ "$c1" = "$c2" ] && [ -n "$c1" ]; then ok determinism; else fail determinism "$c1 / $c2"; fi

# ---- misprogramming -----------------------------------------------------
truncate -s 1M "$T/mis.img"
sim misprog --set disk.image="$T/mis.img" "$B/misprog.elf"
why=""
[ $rc = 0 ] || why="exit $rc: $(grep FAIL "$T/misprog.out" | head -3)"
for reg in MagicValue Status DeviceID config QueueNum QueueDescLow QueueNotify req.sector \
           avail.ring desc.next avail.idx req.layout desc.addr; do
    grep -q "^simscm: virtio-blk: register $reg: value 0x[0-9a-f]*: " "$T/misprog.err" ||
        why="$why no report for $reg;"
done
nr=$(stat misprog needs_reset)
[ "$nr" = 5 ] || why="$why needs_reset=$nr, want 5;"
if [ -z "$why" ]; then ok misprog "$(grep -c 'register' "$T/misprog.err") reports"; else fail misprog "$why"; fi

# ---- power cuts ---------------------------------------------------------
# write_us = 5 ms: A completes near 5 ms, B would near 10 ms; the cut at 7 ms.
cut() {
    cut_name=$1
    shift
    truncate -s 1M "$T/$cut_name.img"
    sim "$cut_name" --config tests/virtio/scm.ini --set disk.image="$T/$cut_name.img" \
        --set disk.write_us=5000 --fault cut:at=7ms,mode=sudden "$@" "$B/cut.elf"
    cut_b=$(sed -n 's/.* B=\([a-z]*\).*/\1/p' "$T/$cut_name.out")
}
cut cut-completed
a_img=$(od -A n -t x1 -j 5120 -N 4 "$T/cut-completed.img" | tr -d ' \n')
if [ $rc = 0 ] && grep -q 'boot 2: A status=0 ok=1' "$T/cut-completed.out" && [ "$a_img" = 959ca3aa ]; then
    ok cut-completed "write A in the image after the cut"
else
    fail cut-completed "exit $rc, image sector 10 starts $a_img: $(tail -2 "$T/cut-completed.out" | tr '\n' '|')"
fi
cut cut-never --set disk.cut_survive_percent=0
[ "$cut_b" = old ] && [ "$(stat cut-never cut_writes_lost)" = 1 ] && ok cut-never ||
    fail cut-never "B=$cut_b, cut_writes_lost=$(stat cut-never cut_writes_lost)"
cut cut-always --set disk.cut_survive_percent=100
b_img=$(od -A n -t x1 -j 10240 -N 4 "$T/cut-always.img" | tr -d ' \n')
[ "$cut_b" = landed ] && [ "$(stat cut-always cut_writes_landed)" = 1 ] && [ "$b_img" = 181f262d ] &&
    ok cut-always || fail cut-always "B=$cut_b, image sector 20 starts $b_img"
landed=0; old=0; why=""
for seed in 1 2 3 4 5 6 7 8; do
    cut cut-seed-$seed --seed $seed
    first=$cut_b
    cut cut-seed-$seed-again --seed $seed
    [ "$first" = "$cut_b" ] || why="$why seed $seed gave $first then $cut_b;"
    case $first in
        landed) landed=$((landed + 1)) ;;
        old)    old=$((old + 1)) ;;
        *)      why="$why seed $seed: B=$first;" ;;
    esac
done
[ $landed -gt 0 ] && [ $old -gt 0 ] || why="$why landed $landed, old $old of 8 seeds;"
if [ -z "$why" ]; then ok cut-seeded "8 seeds, each twice: $landed landed, $old lost"; else fail cut-seeded "$why"; fi

# ---- SIGKILL during writes ----------------------------------------------
truncate -s 1M "$T/kill.img"
timeout -s KILL 2 "$SIMSCM" --set disk.image="$T/kill.img" "$B/stream.elf" \
    </dev/null >"$T/kill.out" 2>"$T/kill.err"
rc=$?
kill_check=$(python3 - "$T/kill.img" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
if len(d) != 1 << 20:
    print("size %d" % len(d)); sys.exit()
seeds = set()
for s in range(128):            # the 64 KiB written again and again
    sec = d[s * 512:(s + 1) * 512]
    if sec == bytes(512):
        continue
    i0 = s * 512
    # byte i = seed*131 + 7i + (i>>9) + (i>>3) (mod 256); 131 is odd, so
    # the first byte gives the seed mod 256.
    base = (sec[0] - 7 * i0 - (i0 >> 9) - (i0 >> 3)) % 256
    seed = base * pow(131, -1, 256) % 256
    want = bytes((seed * 131 + 7 * i + (i >> 9) + (i >> 3)) % 256 for i in range(i0, i0 + 512))
    if sec != want:
        print("sector %d is torn" % s); sys.exit()
    seeds.add(seed)
if d[128 * 512:] != bytes(len(d) - 128 * 512):
    print("bytes beyond the written range changed"); sys.exit()
print("ok %d" % len(seeds))
PY
)
case $kill_check in
    ok*) if [ $rc = 137 ]; then ok kill "killed mid-stream, every sector whole"
         else fail kill "simscm was not killed (exit $rc): $(head -2 "$T/kill.err")"; fi ;;
    *)   fail kill "$kill_check" ;;
esac

# ---- config errors ------------------------------------------------------
printf '[disk]\nimage = %s/none.img\n' "$T" >"$T/missing.ini"
"$SIMSCM" --config "$T/missing.ini" "$B/basic.elf" >/dev/null 2>"$T/missing.err"
rc=$?
[ $rc = 2 ] && grep -q "missing.ini:2: image: .*none.img: No such file" "$T/missing.err" &&
    ok config-missing || fail config-missing "exit $rc: $(cat "$T/missing.err")"
truncate -s 1000 "$T/odd.img"
"$SIMSCM" --set disk.image="$T/odd.img" "$B/basic.elf" >/dev/null 2>"$T/odd.err"
rc=$?
[ $rc = 2 ] && grep -q "1000 bytes, not a positive multiple of 512" "$T/odd.err" &&
    ok config-size || fail config-size "exit $rc: $(cat "$T/odd.err")"
"$SIMSCM" --set disk.model=floppy "$B/basic.elf" >/dev/null 2>"$T/model.err"
rc=$?
[ $rc = 2 ] && grep -q 'not ssd or hdd' "$T/model.err" && ok config-model ||
    fail config-model "exit $rc: $(cat "$T/model.err")"

# ---- device tree --------------------------------------------------------
"$SIMSCM" --set disk.image="$T/det.img" --dump-dtb "$T/with.dtb" >/dev/null 2>&1
"$SIMSCM" --dump-dtb "$T/without.dtb" >/dev/null 2>&1
if grep -q 'virtio,mmio' "$T/with.dtb" && grep -q 'virtio_mmio@10001000' "$T/with.dtb" &&
   ! grep -q 'virtio,mmio' "$T/without.dtb"; then
    ok dtb
else
    fail dtb "virtio_mmio@10001000 node not as expected"
fi

exit $failed
