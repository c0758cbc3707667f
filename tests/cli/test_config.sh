# test_config.sh -- every kind of config mistake: FILE:LINE: KEY: message,
# exit 2, nothing simulated.
. tests/cli/lib.sh
OK=$CLI_DIR/ok.elf
INI=$WORK/x.ini

ini() { printf "$1" > "$INI"; }

expect_usage "simscm: --config $WORK/none.ini: No such file or directory" \
    --config "$WORK/none.ini" "$OK"
expect_usage "simscm: --config $WORK: is a directory" --config "$WORK" "$OK"
if [ "$(id -u)" != 0 ]; then
    ini '[cpu]\n'; chmod 000 "$INI"
    expect_usage "simscm: --config $INI: Permission denied" --config "$INI" "$OK"
    chmod 644 "$INI"
fi

ini '[region d]\nkind = dram\nbase = 0x80000000\nsize_mib = 16\nimage = x.img\n'
expect_usage "$INI:5: image: region \"d\" is DRAM, which keeps nothing across a power cut" \
    --config "$INI" "$OK"

ini '[cpu]\nfreq_mhz = 1000\n\n[foo]\nbar = 1\n'
expect_usage "$INI:4: unknown section [foo]" --config "$INI" "$OK"

ini '[region dram]\nbase = 0x80000000\nsise_mib = 64\n'
expect_usage "$INI:3: unknown key \"sise_mib\" in [region dram]" --config "$INI" "$OK"

ini '[region dram]\nbase = 0x80000000\nsize_mib = 12x\n'
expect_usage "$INI:3: size_mib: \"12x\" is not a number" --config "$INI" "$OK"

ini '[region dram]\nsize_mib = 512MB\n'
expect_usage "$INI:2: size_mib: \"512MB\" is not a number (no unit suffixes" --config "$INI" "$OK"

ini '[region dram]\nread_ns = 80ns\n'
expect_usage "$INI:2: read_ns: \"80ns\" is not a number" --config "$INI" "$OK"

ini '[region dram]\nread_ns = -20\n'
expect_usage "$INI:2: read_ns: \"-20\" is not a number >= 0" --config "$INI" "$OK"

ini '[region dram]\nwrite_ns = 99999999\n'
expect_usage "$INI:2: write_ns: 99999999 is out of range (0..1000000)" --config "$INI" "$OK"

ini '[cpu]\ntiming = sometimes\n'
expect_usage "$INI:2: timing: \"sometimes\" is not on or off" --config "$INI" "$OK"

ini '[region dram]\nbase = 0x80000000\nsize_mib = 0\n'
expect_usage "$INI:3: size_mib: region \"dram\" has size 0" --config "$INI" "$OK"

ini '[region a]\nbase = 0x80000000\nsize_mib = 64\n[region b]\nbase = 0x83000000\nsize_mib = 64\n'
expect_usage "$INI:5: base: region \"b\" [0x83000000,0x87000000) overlaps region \"a\" [0x80000000,0x84000000)" \
    --config "$INI" "$OK"

ini '[region main]\nbase = 0x80000000\nsize_mib = 64\n[region io]\nbase = 0x10000000\nsize_mib = 1\n'
expect_usage "$INI:5: base: region \"io\" [0x10000000,0x10100000) covers the UART at 0x10000000" \
    --config "$INI" "$OK"

ini '[region hi]\nbase = 0x100000000\nsize_mib = 64\n'
expect_usage "$INI: no memory region at 0x80000000" --config "$INI" "$OK"

ini '[cache l1d]\nline_bytes = 48\n'
expect_usage "$INI:2: line_bytes: 48 is not a power of two" --config "$INI" "$OK"

ini '[cache l2]\nways = 12\n'
expect_usage "$INI:2: ways: 12 is not a power of two" --config "$INI" "$OK"

ini '[region dram]\nsize_mib = 1\n[cache l2]\nsize_kib = 4096\n'
expect_usage "$INI:4: size_kib: the cache (4096 KiB) is larger than all memory (1024 KiB)" \
    --config "$INI" "$OK"

ini '[cpu]\nfreq_mhz = 0\n'
expect_usage "$INI:2: freq_mhz: 0 is out of range" --config "$INI" "$OK"

# Hardening: a NUL byte is named with its column (it used to be ignored at
# the start of a line, and called "longer than 197 characters" inside one).
printf '\0[foo]\n' > "$INI"
expect_usage "$INI:1: a NUL byte at column 1" --config "$INI" "$OK"
printf '[cpu]\n\0bogus = 1\n' > "$INI"
expect_usage "$INI:2: a NUL byte at column 1" --config "$INI" "$OK"
printf '[cpu]\nfreq_mhz = 10\0\n' > "$INI"
expect_usage "$INI:2: a NUL byte at column 14" --config "$INI" "$OK"
[[ "$err" != *longer* ]]
check "a short line with a NUL is not called too long" $?

# The line limit: 197 characters; a longer comment is skipped.
long=$(printf 'a%.0s' $(seq 189))
ini "[guest]\ninit = \"$long\"\n"
expect_usage "$INI:2: line is longer than 197 characters" --config "$INI" "$OK"
ini "; $long$long\n[cpu]\nfreq_mhz = 1000\n"
run --config "$INI" "$OK"
[ "$rc" = 0 ] && [ "$out" = "cli ok" ]
check "a long comment line is fine" $?

# Hardening: one error each, as FILE:LINE: KEY: what is wrong.
ini '[cpu] junk\nfreq_mhz = 1000\n'
expect_usage "$INI:1: [cpu]: text after the section header: \"junk\"" --config "$INI" "$OK"
ini '[region dram]\nrow_buffer = off\nrow_bytes = 100\n'
expect_usage "$INI:3: row_bytes: 100 is not a power of two" --config "$INI" "$OK"
expect_usage "simscm: --set cpu..freq_mhz=5: empty name between dots" --set cpu..freq_mhz=5 "$OK"
ini '[region dram]\nbase = 0x80000000\nsize_mib = 0\n'
expect_usage "$INI:3: size_mib: region \"dram\" has size 0" --config "$INI" "$OK"
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ]
check "size_mib = 0 is one error line (got: $err)" $?

# The shipped configs are valid.
for c in configs/hybrid.ini configs/dram-only.ini configs/scm-only.ini; do
    run --config "$c" "$OK"
    [ "$rc" = 0 ] && [ "$out" = "cli ok" ]
    check "$c runs ok.elf" $?
done

finish
