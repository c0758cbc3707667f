# lib.sh -- helpers for the guest OS tests (sourced by tests/guest/run.sh).
#
# A test boots the guest with a scripted console session and then checks
# what the shell printed.  `session NAME INPUT CMD...` runs CMD with
# --input (or, for QEMU, on stdin) and keeps NAME.in, NAME.out, NAME.err
# and NAME.rc under $OUT; the check helpers read NAME.out and print one
# "ok"/"FAIL" line each.  A failing check shows the lines that matter and
# where the whole transcript is.

PASS=0
FAIL=0
FAILED=""

ok() {
    PASS=$((PASS + 1))
    printf '  ok    %s\n' "$1"
}

bad() {
    FAIL=$((FAIL + 1))
    FAILED="$FAILED\n    $1"
    printf '  FAIL  %s\n' "$1"
    [ -n "${2:-}" ] && printf '        %s\n' "$2"
    return 0
}

# session NAME INPUT SIMSCM-ARGS...: one simscm run fed INPUT on the console.
session() {
    local name=$1 input=$2
    shift 2
    printf '%s' "$input" > "$OUT/$name.in"
    timeout "${SESSION_TIMEOUT:-150}" "$SIMSCM" "$@" --input "$OUT/$name.in" \
        > "$OUT/$name.out" 2> "$OUT/$name.err"
    echo $? > "$OUT/$name.rc"
}

# qemu_session NAME INPUT QEMU-ARGS...: the same on QEMU's virt machine, with
# the input on its stdin.  QEMU's UART holds one byte before the kernel sets
# it up, and enabling the FIFOs drops it, so the input starts with an empty
# line that may be lost.
qemu_session() {
    local name=$1 input=$2
    shift 2
    printf '\n%s' "$input" > "$OUT/$name.in"
    (sleep 1; cat "$OUT/$name.in") | timeout "${SESSION_TIMEOUT:-150}" "$QEMU" \
        -machine virt -bios none -nographic -kernel "$KERNEL" "$@" \
        > "$OUT/$name.out" 2> "$OUT/$name.err"
    echo $? > "$OUT/$name.rc"
}

where() {
    echo "see $OUT/$1.out"
}

# expect NAME REGEX WHAT: some line of the output matches (grep -E).
expect() {
    if grep -Eq -- "$2" "$OUT/$1.out"; then ok "$1: $3"; else bad "$1: $3" "no line matches /$2/; $(where "$1")"; fi
}

# expect_not NAME REGEX WHAT: no line matches.
expect_not() {
    local hit
    if hit=$(grep -Em1 -- "$2" "$OUT/$1.out"); then
        bad "$1: $3" "unexpected: $hit; $(where "$1")"
    else
        ok "$1: $3"
    fi
}

# expect_count NAME REGEX N WHAT: exactly N lines match.
expect_count() {
    local n
    n=$(grep -Ec -- "$2" "$OUT/$1.out")
    if [ "$n" -eq "$3" ]; then ok "$1: $4"; else bad "$1: $4" "$n lines match /$2/, expected $3; $(where "$1")"; fi
}

# expect_seq NAME WHAT REGEX...: lines matching each REGEX, in this order.
expect_seq() {
    local name=$1 what=$2
    shift 2
    local missing
    missing=$(awk -v n=$# 'BEGIN { for (i = 1; i <= n; i++) re[i] = ARGV[i]; ARGC = 1; k = 1 }
        k <= n && $0 ~ re[k] { k++ }
        END { if (k <= n) print re[k] }' "$@" < "$OUT/$name.out")
    if [ -z "$missing" ]; then ok "$name: $what"; else bad "$name: $what" "nothing matches /$missing/ after the earlier lines; $(where "$name")"; fi
}

# expect_rc NAME CODE WHAT: the run's exit status.
expect_rc() {
    local rc
    rc=$(cat "$OUT/$1.rc")
    if [ "$rc" -eq "$2" ]; then ok "$1: $3"; else bad "$1: $3" "exit status $rc, expected $2; stderr: $(head -c 300 "$OUT/$1.err")"; fi
}

# ps_row NAME K PID: fields of PID's row in the K-th ps table of the output
# (PID PPID NAME STATE PERSIST SCM DRAM), or nothing.
ps_row() {
    awk -v k="$2" -v pid="$3" '
        /^PID +PPID +NAME/ { t++; inside = 1; next }
        inside && $1 ~ /^[0-9]+$/ { if (t == k && $1 == pid) print; next }
        { inside = 0 }' "$OUT/$1.out"
}

# free_used NAME K POOL: pages in use in POOL in the K-th free table.
free_used() {
    awk -v k="$2" -v pool="$3" '
        /^POOL +TOTAL +USED/ { t++; next }
        t == k && $1 == pool { print $3; exit }' "$OUT/$1.out"
}

# check_eq WHAT GOT WANT
check_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "got '$2', expected '$3'"; fi
}

# check_cmp WHAT A OP B: integer comparison with test(1) operators.
check_cmp() {
    if [ -n "$2" ] && [ -n "$4" ] && [ "$2" "$3" "$4" ]; then ok "$1"; else bad "$1" "got '$2', expected $3 '$4'"; fi
}

# reqchan_stat JSON KEY...: the request channel's counts from a stats file
# (the plain members of devices.reqchan, before its "requests" arrays).
reqchan_stat() {
    local file=$1
    shift
    awk -v keys="$*" '
        /"reqchan": \{/ { in_rq = 1 }
        in_rq && /"requests":/ { exit }
        in_rq && /^ *"[a-z_]+": [0-9]+,?$/ { k = $1; gsub(/[":]/, "", k); v = $2; gsub(/,/, "", v); val[k] = v }
        END { n = split(keys, ks, " "); for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? " " : ""), val[ks[i]]; print "" }
    ' "$file" 2>/dev/null
}

# after EVENTS T NAME: t_ns of the first event or milestone NAME at or after
# simulated time T in the event log EVENTS (nothing if there is none).
after() {
    python3 - "$@" <<'PY'
import json, sys
ev, t, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for line in open(ev):
    e = json.loads(line)
    if e["t_ns"] >= t and name in (e["event"], e.get("milestone")):
        print(e["t_ns"]); break
PY
}

summary() {
    echo "guest tests: $PASS passed, $FAIL failed"
    if [ "$FAIL" -ne 0 ]; then
        printf "failed:$FAILED\n"
        return 1
    fi
    return 0
}
