# test_elf.sh -- ELF files simscm must refuse, each with the file name and
# the reason, exit 2, nothing simulated.
. tests/cli/lib.sh
OK=$CLI_DIR/ok.elf

expect_usage "simscm: $WORK/none.elf: No such file or directory" "$WORK/none.elf"
expect_usage "simscm: $WORK/: is a directory" "$WORK/"
if [ "$(id -u)" != 0 ]; then        # root reads anything
    cp "$OK" "$WORK/locked.elf"; chmod 000 "$WORK/locked.elf"
    expect_usage "simscm: $WORK/locked.elf: Permission denied" "$WORK/locked.elf"
fi

echo "just text" > "$WORK/text.elf"
expect_usage "simscm: $WORK/text.elf: not an ELF file" "$WORK/text.elf"

expect_usage "simscm: $CLI_DIR/x86.elf: machine is x86-64, need RISC-V" "$CLI_DIR/x86.elf"

# A 32-bit RISC-V ELF header, written byte by byte (no -m32 compiler needed):
# magic, ELFCLASS32, little-endian, version 1; ET_EXEC, EM_RISCV (243).
printf '\177ELF\001\001\001\000\000\000\000\000\000\000\000\000\002\000\363\000\001\000\000\000\000\000\000\200\064\000\000\000\000\000\000\000\000\000\000\000\064\000\040\000\000\000\050\000\000\000\000\000' \
    > "$WORK/rv32.elf"
expect_usage "simscm: $WORK/rv32.elf: 32-bit ELF, need ELF64" "$WORK/rv32.elf"

head -c 300 "$OK" > "$WORK/trunc.elf"
expect_usage "simscm: $WORK/trunc.elf: truncated (segment" "$WORK/trunc.elf"
head -c 40 "$OK" > "$WORK/trunc2.elf"
expect_usage "simscm: $WORK/trunc2.elf: truncated (the ELF header needs 64 bytes, file has 40)" \
    "$WORK/trunc2.elf"

expect_usage "simscm: $CLI_DIR/low.elf: segment" "$CLI_DIR/low.elf"
expect_usage "[0x40000000,0x4000" "$CLI_DIR/low.elf"
expect_usage "is outside every memory region" "$CLI_DIR/low.elf"

finish
