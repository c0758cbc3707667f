#!/usr/bin/env bash
# run.sh -- tests/boot (make test-boot).  Needs SIMSCM, BOOT_DIR (with
# rom.elf built by boot.mk); QEMU is the oracle when it is installed.
#
#  1. rom.elf as firmware, a raw kernel and a --loader image: what the reset
#     ROM hands over (a0, a1, a2 and fw_dynamic_info), the ROM read-only,
#     where the raw images land; equal to rom.expected on simscm (both
#     timing modes) and on QEMU.
#  2. Mistakes in the images: exit 2, one line naming the image(s), nothing
#     simulated.
#  3. OpenSBI fw_jump.elf and fw_dynamic.bin with S-mode U-Boot, and M-mode
#     U-Boot alone: the prompt, a command, poweroff; the console equals
#     QEMU's after the documented normalisation (uboot.py).
set -u
cd "$(dirname "$0")/../.."
: "${SIMSCM:?}" "${BOOT_DIR:?}"
QEMU=${QEMU:-qemu-system-riscv64}
OUT=$BOOT_DIR/out
mkdir -p "$OUT"
have_qemu=0
command -v "$QEMU" >/dev/null 2>&1 && have_qemu=1
nfail=0; npass=0
ok()   { npass=$((npass + 1)); echo "  ok   $1"; }
bad()  { nfail=$((nfail + 1)); echo "  FAIL $1"; shift; for l in "$@"; do echo "       $l"; done; }

ROM=$BOOT_DIR/rom.elf
printf 'KERNEL at 0x80200000\n\0' > "$OUT/kernel.bin"
printf 'DATA at 0x80400000\n\0' > "$OUT/data.bin"
: > "$OUT/empty.bin"

# 1. The reset ROM.
for t in off on; do
    "$SIMSCM" --timing $t --bios "$ROM" --kernel "$OUT/kernel.bin" \
        --loader "$OUT/data.bin@0x80400000" </dev/null >"$OUT/rom.simscm-$t" 2>"$OUT/rom.err"
    rc=$?
    if [ $rc -eq 0 ] && cmp -s "$OUT/rom.simscm-$t" tests/boot/rom.expected; then
        ok "rom: simscm --timing $t prints rom.expected"
    else
        bad "rom: simscm --timing $t (exit $rc)" "$(diff "$OUT/rom.simscm-$t" tests/boot/rom.expected | head -5)"
    fi
done
if [ $have_qemu = 1 ]; then
    timeout 20 "$QEMU" -M virt -m 128M -nographic -bios "$ROM" -kernel "$OUT/kernel.bin" \
        -device loader,file="$OUT/data.bin",addr=0x80400000 </dev/null >"$OUT/rom.qemu" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && cmp -s "$OUT/rom.qemu" tests/boot/rom.expected; then
        ok "rom: QEMU prints rom.expected too"
    else
        bad "rom: QEMU (exit $rc)" "$(diff "$OUT/rom.qemu" tests/boot/rom.expected | head -5)"
    fi
else
    echo "  skip rom on QEMU ($QEMU not installed)"
fi

# 2. Mistakes: expect_usage FRAGMENT ARGS...
expect_usage() {
    local frag=$1; shift
    "$SIMSCM" "$@" </dev/null >"$OUT/u.out" 2>"$OUT/u.err"
    local rc=$?
    if [ $rc -ne 2 ]; then
        bad "simscm $*: exit $rc, want 2" "$(cat "$OUT/u.err")"
    elif ! grep -qF -- "$frag" "$OUT/u.err"; then
        bad "simscm $*: stderr lacks the message" "want: $frag" "got:  $(cat "$OUT/u.err")"
    elif [ -s "$OUT/u.out" ]; then
        bad "simscm $*: something was simulated"
    else
        ok "refused: $frag"
    fi
}
expect_usage "simscm: --loader $OUT/data.bin@0x80000100: [0x80000100,0x80000114) overlaps --bios $ROM: [0x80000000," \
    --bios "$ROM" --loader "$OUT/data.bin@0x80000100"
expect_usage "simscm: --loader $OUT/data.bin@0x80200004: [0x80200004,0x80200018) overlaps --kernel $OUT/kernel.bin: [0x80200000,0x80200016)" \
    --bios "$ROM" --kernel "$OUT/kernel.bin" --loader "$OUT/data.bin@0x80200004"
expect_usage "simscm: --loader $OUT/data.bin@0x40000000: [0x40000000,0x40000014) is not inside one memory region" \
    --bios "$ROM" --loader "$OUT/data.bin@0x40000000"
expect_usage "simscm: --loader $OUT/data.bin@0x87e00000: [0x87e00000,0x87e00014) overlaps the device tree" \
    --bios "$ROM" --loader "$OUT/data.bin@0x87e00000"
expect_usage "simscm: --kernel $OUT/empty.bin: empty file" --bios "$ROM" --kernel "$OUT/empty.bin"
expect_usage "simscm: --bios $OUT/none.bin: No such file or directory" --bios "$OUT/none.bin"

# 3. OpenSBI and U-Boot.
FW=/usr/lib/riscv64-linux-gnu/opensbi/generic
UBS=/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
UBM=/usr/lib/u-boot/qemu-riscv64/u-boot.bin
q=""; [ $have_qemu = 1 ] && q=$QEMU
for f in "$FW/fw_jump.elf" "$FW/fw_dynamic.bin" "$UBS" "$UBM"; do
    [ -f "$f" ] || bad "$f is missing: install opensbi and u-boot-qemu (scripts/install-deps.sh)"
done
if [ -f "$FW/fw_jump.elf" ] && [ -f "$UBS" ]; then
    BOOT_OUT=$OUT python3 tests/boot/uboot.py fw_jump "$SIMSCM" $q -- \
        --bios "$FW/fw_jump.elf" --kernel "$UBS" || nfail=$((nfail + 1))
    BOOT_OUT=$OUT python3 tests/boot/uboot.py fw_dynamic "$SIMSCM" $q -- \
        --bios "$FW/fw_dynamic.bin" --kernel "$UBS" || nfail=$((nfail + 1))
    BOOT_OUT=$OUT python3 tests/boot/uboot.py uboot_m "$SIMSCM" $q -- \
        --kernel "$UBM" || nfail=$((nfail + 1))
    # U-Boot's reset: the finisher's warm reset runs the ROM and a freshly
    # loaded OpenSBI again (QEMU reloads its images at a reset too).
    { printf '\r%.0s' $(seq 64); printf 'reset\r'; printf '\r%.0s' $(seq 64); printf 'poweroff\r'; } \
        > "$OUT/reset.in"
    "$SIMSCM" --timing off --max-time 2s --input "$OUT/reset.in" --bios "$FW/fw_dynamic.bin" \
        --kernel "$UBS" </dev/null >"$OUT/reset.simscm" 2>&1
    rc=$?
    n=$(grep -c "^OpenSBI v" "$OUT/reset.simscm")
    if [ $rc -eq 0 ] && [ "$n" = 2 ] && grep -q "resetting \.\.\." "$OUT/reset.simscm" &&
       grep -q "poweroff \.\.\." "$OUT/reset.simscm"; then
        ok "reset: U-Boot's reset boots OpenSBI and U-Boot again, then poweroff"
    else
        bad "reset: exit $rc, $n OpenSBI banners (want 0, 2)"
    fi
fi
[ $have_qemu = 1 ] || echo "  skip the comparisons with QEMU ($QEMU not installed)"

echo "  BOOT    $npass passed, $nfail failed (U-Boot checks counted per run)"
[ $nfail -eq 0 ]
