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

# Hardening: malformed headers, each with its own message.  patch FILE OFF
# BYTES writes the printf-escaped BYTES at offset OFF (little-endian fields:
# e_phoff at 32, e_phentsize at 54; program header 0, the RISC-V
# attributes, at 64; 1, the PT_LOAD at 0x80000000, at 120).
patch() { cp "$OK" "$WORK/$1"; printf "$3" | dd of="$WORK/$1" bs=1 seek="$2" conv=notrunc status=none; }
patch phoff.elf 32 '\104\0\0\0\0\0\0\0'
expect_usage "simscm: $WORK/phoff.elf: the program headers start at byte 68 (e_phoff), which is not a multiple of 8" \
    "$WORK/phoff.elf"
patch phent.elf 54 '\003\0'
expect_usage "simscm: $WORK/phent.elf: program header entries are 3 bytes (e_phentsize), ELF64's are 56" \
    "$WORK/phent.elf"
patch class0.elf 4 '\0'
expect_usage "simscm: $WORK/class0.elf: unknown ELF class 0 in byte 4 (EI_CLASS), need 2 (ELF64)" \
    "$WORK/class0.elf"
patch data0.elf 5 '\0'
expect_usage "simscm: $WORK/data0.elf: unknown ELF data encoding 0 in byte 5 (EI_DATA), need 1 (little-endian)" \
    "$WORK/data0.elf"
head -c 100 "$OK" > "$WORK/prefix.elf"
expect_usage "simscm: $WORK/prefix.elf: truncated (2 program headers from byte 64 need 176 bytes, file has 100)" \
    "$WORK/prefix.elf"
# Program header 0 becomes a PT_LOAD of 16 bytes at 0x80000008, inside
# segment 1: type 1, offset 0x1000, vaddr = paddr, no file bytes.
patch overlap.elf 64 '\001\0\0\0\007\0\0\0\0\020\0\0\0\0\0\0\010\0\0\200\0\0\0\0\010\0\0\200\0\0\0\0\0\0\0\0\0\0\0\0\020\0\0\0\0\0\0\0'
expect_usage "simscm: $WORK/overlap.elf: segments 0 [0x80000008,0x80000018) and 1 [0x80000000,0x80000068) overlap" \
    "$WORK/overlap.elf"
# Segment 1's memory size 0xffffffffffffffff: its end is beyond 2^64.
patch wrap.elf 160 '\377\377\377\377\377\377\377\377'
expect_usage "simscm: $WORK/wrap.elf: segment 1 at 0x80000000 with 0xffffffffffffffff bytes ends beyond the 64-bit address space" \
    "$WORK/wrap.elf"

expect_usage "simscm: $CLI_DIR/low.elf: segment" "$CLI_DIR/low.elf"
expect_usage "[0x40000000,0x4000" "$CLI_DIR/low.elf"
expect_usage "is outside every memory region" "$CLI_DIR/low.elf"

finish
