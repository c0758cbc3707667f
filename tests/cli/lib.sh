# lib.sh -- helpers for the tests/cli groups (sourced).
#
#   run ARGS...              run simscm with stdin from /dev/null; sets
#                            $rc, $out (stdout) and $err (stderr) and adds
#                            --stats $STATS so a run can be detected
#   expect_usage FRAG ARGS   exit 2, FRAG in stderr, nothing simulated
#                            (no console output, no stats file)
#   expect_exit CODE ARGS    exit CODE
#   check NAME COND          one result line
# A group ends with `finish`, which exits non-zero if any check failed.

set -u
WORK=$(mktemp -d /tmp/simscm-cli-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
STATS=$WORK/stats.json
GROUP=$(basename "$0" .sh)
nfail=0
npass=0

run() {
    rm -f "$STATS"
    # A hang (a FIFO blocking open(), say) fails the check instead of the
    # suite: timeout's status 137 is no exit code simscm uses.
    timeout -s KILL 300 "$SIMSCM" --stats "$STATS" "$@" </dev/null >"$WORK/out" 2>"$WORK/err"
    rc=$?
    out=$(tr -d '\000' < "$WORK/out")
    err=$(cat "$WORK/err")
}

pass() { npass=$((npass + 1)); }

fail() {
    nfail=$((nfail + 1))
    echo "FAIL $GROUP: $1"
    shift
    for line in "$@"; do echo "     $line"; done
}

# expect_usage FRAGMENT ARGS...
expect_usage() {
    local frag=$1
    shift
    run "$@"
    local what="simscm $*"
    if [ "$rc" -ne 2 ]; then
        fail "$what: exit $rc, want 2" "stderr: $err"
    elif [[ "$err" != *"$frag"* ]]; then
        fail "$what: stderr lacks the message" "want: $frag" "got:  $err"
    elif [ -n "$out" ] || [ -e "$STATS" ]; then
        fail "$what: something was simulated" "stdout: $out"
    else
        pass
    fi
}

# expect_exit CODE ARGS...
expect_exit() {
    local code=$1
    shift
    run "$@"
    if [ "$rc" -ne "$code" ]; then
        fail "simscm $*: exit $rc, want $code" "stdout: $out" "stderr: $err"
    else
        pass
    fi
}

# check NAME: the last command's status decides.
check() {
    if [ "$2" = 0 ]; then pass; else fail "$1"; fi
}

finish() {
    echo "  CLI     $GROUP: $npass passed, $nfail failed"
    [ "$nfail" -eq 0 ]
}
