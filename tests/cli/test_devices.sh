# test_devices.sh -- the UART, CLINT and PLIC as a guest reads them back
# (tests/cli/devices.S) must match QEMU's virt machine: the checked-in
# output QEMU 7.2 gave, and QEMU itself when it is installed.
. tests/cli/lib.sh
ELF=$CLI_DIR/devices.elf

for timing in off on; do
    run --timing "$timing" "$ELF"
    [ "$rc" = 0 ] && [ "$out" = "$(cat tests/cli/devices.expected)" ]
    check "devices.elf (--timing $timing) reads what QEMU virt reads" $?
done
[[ "$err" == *"plic: register priority10: value 0x9: priorities have 3 bits"* ]]
check "an out-of-range PLIC priority is reported as a guest error" $?
grep -q '"guest_errors": 2' "$STATS"
check "the stats count the two guest errors" $?

if [ -n "${QEMU:-}" ] && command -v "$QEMU" >/dev/null; then
    qout=$(timeout 30 "$QEMU" -machine virt -bios none -nographic -kernel "$ELF" </dev/null)
    [ "$qout" = "$(cat tests/cli/devices.expected)" ]
    check "QEMU itself still gives devices.expected" $?
else
    echo "  CLI     test_devices: QEMU not installed, oracle run skipped"
fi

finish
