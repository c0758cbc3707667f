#!/bin/sh
# check.sh -- compare simscm's disassembler with GNU objdump.
#
#   check.sh RVDIS OBJDUMP ELF...
#
# For each ELF, `OBJDUMP -d -z -M no-aliases` and RVDIS (simscm's disasm()
# over the same file) must print the same instruction at every address, up
# to spacing and objdump's <symbol> and # annotations.  Lines objdump shows
# as data (.word, .2byte, .insn: bytes it does not take for an instruction)
# are not compared.  Prints the first mismatches as expected (objdump) vs got
# (rvdis), one line per ELF, and a final "N passed, N failed" counting
# instructions; exits 1 on any mismatch.
set -u

if [ $# -lt 3 ]; then
    echo "usage: $0 RVDIS OBJDUMP ELF..." >&2
    exit 2
fi
rvdis=$1; objdump=$2; shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
show=${SHOW_MISMATCHES:-10}
total_pass=0; total_fail=0; status=0

for elf in "$@"; do
    if ! "$objdump" -d -z -M no-aliases "$elf" >"$tmp/objdump.raw"; then
        echo "FAIL $elf: $objdump failed"; status=1; total_fail=$((total_fail + 1)); continue
    fi
    if ! "$rvdis" "$elf" >"$tmp/rvdis.txt"; then
        echo "FAIL $elf: rvdis failed"; status=1; total_fail=$((total_fail + 1)); continue
    fi
    # objdump: "  addr:\traw   \tmnemonic\toperands <sym>  # comment"
    awk -F'\t' '
        /^ *[0-9a-f]+:\t/ {
            addr = $1; sub(/^ +/, "", addr)
            raw = $2; gsub(/ /, "", raw)
            text = $3
            if (NF > 3) text = text " " $4
            sub(/ *#.*$/, "", text)
            sub(/ *<[^>]*>$/, "", text)
            gsub(/ +/, " ", text); sub(/ $/, "", text)
            print addr " " raw " " text
        }' "$tmp/objdump.raw" >"$tmp/objdump.txt"
    awk -v elf="$elf" -v show="$show" -v out="$tmp/counts" '
        NR == FNR { a = $1; got[a] = $0; next }
        {
            a = $1
            if (substr($3, 1, 1) == ".") { skipped++; next }
            if (!(a in got)) {
                fail++
                if (fail <= show) printf "  %s %s expected `%s`, got nothing (rvdis is out of step)\n", elf, a, $0
                next
            }
            g = got[a]; gsub(/ +/, " ", g); sub(/ $/, "", g)
            if (g == $0) { pass++; next }
            fail++
            if (fail <= show) printf "  %s %s\n      expected `%s`\n      got      `%s`\n", elf, a, $0, g
        }
        END { printf "%d %d %d\n", pass, fail, skipped > out }
    ' "$tmp/rvdis.txt" "$tmp/objdump.txt" >"$tmp/report"
    read -r pass fail skipped <"$tmp/counts"
    if [ "$fail" = 0 ] && [ "$pass" -gt 0 ]; then
        echo "PASS $(basename "$elf"): $pass instructions ($skipped data lines skipped)"
    else
        echo "FAIL $(basename "$elf"): $fail of $((pass + fail)) instructions differ"
        cat "$tmp/report"
        [ "$fail" -gt "$show" ] && echo "  ... and $((fail - show)) more"
        [ "$pass" = 0 ] && [ "$fail" = 0 ] && fail=1
        status=1
    fi
    total_pass=$((total_pass + pass)); total_fail=$((total_fail + fail))
done
echo "$total_pass passed, $total_fail failed"
exit $status
