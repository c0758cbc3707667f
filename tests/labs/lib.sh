# lib.sh -- helpers for the labs' checks (tests/labs/gradeN.sh).
# Each check prints one "ok"/"FAIL" line per thing it checks and ends with
# a verdict line; its exit status is 0 only when every check passed.

PASS=0 FAIL=0

ok()  { PASS=$((PASS + 1)); printf '  ok    %s\n' "$1"; }
bad() { FAIL=$((FAIL + 1)); printf '  FAIL  %s\n' "$1"; [ -n "${2:-}" ] && printf '        %s\n' "$2"; return 0; }

# build_lab DIR: build DIR's guest OS into DIR/build (mk/labbuild.mk);
# the compiler's messages go to DIR/build.log.
build_lab() {
    if [ ! -f "$1/guestos.mk" ]; then
        bad "the lab directory $1 holds a copy of the guest OS" "make the starting point first (docs/labs/)"
        return 1
    fi
    if make --no-print-directory -j2 -f mk/labbuild.mk LAB="$1" > "$1/build.log" 2>&1; then
        ok "$1 builds"
    else
        bad "$1 builds" "$(grep -m5 -E 'error|Error' "$1/build.log"); see $1/build.log"
        return 1
    fi
}

verdict() {
    if [ "$FAIL" -eq 0 ]; then
        echo "$1: PASS ($PASS checks)"
        return 0
    fi
    echo "$1: FAIL ($FAIL of $((PASS + FAIL)) checks failed)"
    return 1
}
