#!/usr/bin/env bash
# tests/slurm/run.sh SIMSCM OUTDIR -- the experiment driver's Slurm path
# (simexp.py slurm / run-cell / collect) on a private one-node Slurm cluster
# on this machine:
#
#   cluster   munged (a fresh key), slurmctld and slurmd start from a
#             slurm.conf written here (own ports, state and spool in a temp
#             directory); the node comes up idle
#   array     the quick suite (experiments/quick.scn) as a job array, one
#             cell per task: cells.txt lists every cell, every task finishes
#             its cell, the collect job after the array writes results.csv
#             with every row, and `simexp.py collect` rebuilds the same file
#   local     the same suite run locally gives results.csv byte for byte
#             (every figure is simulated time, so a cell gives the same row
#             wherever it runs)
#   resume    `slurm` refuses while its array is queued, and on a finished
#             directory has nothing to run and submits nothing
#   pack      with --max-array 2 --throttle 1, six cells go as 2 tasks of 3
#             cells, never more than one running, with the same rows
#   cancel    scancel stops the running simscm; submitting again runs only
#             the cells left, and leaves no half-run directory
#
# The daemons and any job left are stopped, and the temp directory removed,
# on every exit.  Outputs and the daemons' logs stay in OUTDIR.  Needs
# slurm-wlm and munge (scripts/install-deps.sh) and root (slurmd starts each
# job as its user, munged and slurmd run as root here); otherwise SKIP.
set -u
SIMSCM=$(realpath "$1")
OUT=$(realpath -m "${2:-build/tests/slurm}")
SIMEXP=$(realpath experiments/simexp.py)
SCN=$(realpath experiments/quick.scn)
pass=0
fail=0
ok() { echo "  ok   $1"; pass=$((pass + 1)); }
bad() { echo "  FAIL $1${2:+: $2}"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok "$1"; else bad "$1" "${3:-}"; fi; }
skip() { echo "slurm: SKIP: $1"; echo "slurm: 0 passed, 0 failed (skipped)"; exit 0; }

[ "$(id -u)" -eq 0 ] || skip "needs root: slurmd starts each job as its user, and runs as root to do so"
for c in slurmctld slurmd sbatch squeue sinfo scancel munged munge; do
    command -v $c >/dev/null 2>&1 || skip "$c not found (install slurm-wlm and munge: scripts/install-deps.sh)"
done

rm -rf "$OUT"
mkdir -p "$OUT/logs"
T=$(mktemp -d /tmp/simscm-slurm.XXXXXX)
chmod 711 "$T"                     # munge wants every directory above its socket searchable
CONF=$T/slurm.conf
export SLURM_CONF=$CONF            # every Slurm command (and job) below talks to this cluster only
PIDS=""                            # munged, slurmctld, slurmd: ours, stopped by pid

# of_ours PID: the process writes to our logs (our daemons and slurmstepds do).
of_ours() {
    local fd
    for fd in /proc/"$1"/fd/*; do
        case $(readlink "$fd" 2>/dev/null) in "$OUT/logs/"*) return 0 ;; esac
    done
    return 1
}

# Stop whatever runs in our cluster, then the daemons, then any slurmstepd
# of ours still there; remove the temp dir.
stop_cluster() {
    if [ -n "$PIDS" ]; then
        timeout 10 squeue -h -o %i 2>/dev/null | xargs -r timeout 10 scancel 2>/dev/null
        local t=0
        while [ $t -lt 30 ] && [ -n "$(timeout 5 squeue -h -o %i 2>/dev/null)" ]; do sleep 0.5; t=$((t + 1)); done
        local p
        for p in $PIDS; do kill "$p" 2>/dev/null; done
        t=0
        while [ $t -lt 20 ]; do
            local alive=""
            for p in $PIDS; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
            [ -z "$alive" ] && break
            sleep 0.25; t=$((t + 1))
        done
        for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
        for p in $PIDS; do wait "$p" 2>/dev/null; done
        PIDS=""
        for p in $(pgrep -x slurmstepd); do
            of_ours "$p" && kill -9 "$p" 2>/dev/null
        done
    fi
    rm -rf "$T"
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

# Two free TCP ports, so a real Slurm on this host (6817/6818) is left alone.
read -r CPORT DPORT < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')

mkdir -m 700 "$T/key" && mkdir -m 755 "$T/munge" && mkdir -m 700 "$T/state" "$T/spool"
head -c 1024 /dev/urandom > "$T/key/munge.key" && chmod 400 "$T/key/munge.key"
cat > "$CONF" <<EOF
# A one-node cluster on localhost for tests/slurm/run.sh (made afresh each run).
ClusterName=simscm-test
SlurmctldHost=localhost
SlurmctldPort=$CPORT
SlurmdPort=$DPORT
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$OUT/logs/slurmctld.log
SlurmdLogFile=$OUT/logs/slurmd.log
# no cgroups: a container may have none to give
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
# one core per task, so the node runs nproc tasks at once; schedule at once
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0
NodeName=localhost CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF

echo "slurm (one-node cluster on localhost, ports $CPORT/$DPORT, $(nproc) CPUs):"
start() {   # start NAME ARGV...: in the foreground mode, in the background
    local name=$1; shift
    "$@" > "$OUT/logs/$name.out" 2>&1 &
    PIDS="$PIDS $!"
}
start munged munged -F --key-file="$T/key/munge.key" --seed-file="$T/key/seed" --socket="$T/munge/socket" \
    --pid-file="$T/munge/munged.pid" --log-file="$OUT/logs/munged.log"
t=0
while [ ! -S "$T/munge/socket" ] && [ $t -lt 50 ]; do sleep 0.1; t=$((t + 1)); done
start slurmctld slurmctld -D -f "$CONF"
start slurmd slurmd -D -f "$CONF" -N localhost
t=0
state=""
while [ $t -lt 60 ]; do
    state=$(timeout 5 sinfo -h -n localhost -o %T 2>/dev/null)
    [ "$state" = idle ] && break
    sleep 0.5; t=$((t + 1))
done
check "cluster: munged, slurmctld and slurmd start and the node is idle" "[ '$state' = idle ]" \
    "node state '$state'; $(tail -3 "$OUT/logs/slurmd.out" "$OUT/logs/slurmctld.out" 2>/dev/null | tr '\n' ' ')"
[ "$state" = idle ] || { echo "slurm: $pass passed, $fail failed (no cluster; logs in $OUT/logs)"; exit 1; }

# wait_jobs SECONDS: until the cluster has no job left; sets MAXRUN to the
# most tasks seen running at once.  Fails when the time runs out.
wait_jobs() {
    local limit=$(($1 * 2)) t=0 n
    MAXRUN=0
    while [ $t -lt $limit ]; do
        [ -z "$(squeue -h -o %i)" ] && return 0
        n=$(squeue -h -t R -o %i | wc -l)
        [ "$n" -gt "$MAXRUN" ] && MAXRUN=$n
        sleep 0.5; t=$((t + 1))
    done
    return 1
}

# --- the quick suite as an array, one cell per task
results() { find "$1/runs" -mindepth 2 -maxdepth 2 -name result.json -not -path '*/.tmp-*' 2>/dev/null | wc -l; }
ncells=$($SIMEXP "$SCN" --out "$OUT/array" --list | wc -l)
t0=$(date +%s)
job=$($SIMEXP slurm "$SCN" --out "$OUT/array" --simscm "$SIMSCM" --submit 2> "$OUT/submit.err")
check "array: simexp.py slurm --submit prints the array's job id" "[[ '$job' =~ ^[0-9]+$ ]]" "$(cat "$OUT/submit.err")"
check "array: cells.txt has the $ncells cells, array.sh asks for --array=0-$((ncells - 1))" \
    "[ \$(wc -l < '$OUT/array/slurm/cells.txt') -eq $ncells ] && grep -qx '#SBATCH --array=0-$((ncells - 1))' '$OUT/array/slurm/array.sh'"
$SIMEXP slurm "$SCN" --out "$OUT/array" --simscm "$SIMSCM" --submit > "$OUT/again.out" 2> "$OUT/again.err"
check "resume: slurm refuses (exit 2) while the array is queued or running" \
    "[ $? -eq 2 ] && [ ! -s '$OUT/again.out' ] && grep -q 'still queued or running' '$OUT/again.err'"
wait_jobs 150
rc=$?
check "array: the array and the collect job finish (in $(($(date +%s) - t0)) s, at most $MAXRUN running at once)" \
    "[ $rc -eq 0 ]" "still queued after 150 s: $(squeue -h | head -3)"
tasks=$(grep -l "done on" "$OUT/array/slurm/log/${job}_"*.out 2>/dev/null | wc -l)
check "array: each of the $ncells tasks ran its cell (task logs)" "[ $tasks -eq $ncells ]" "$tasks tasks say done"
check "array: every run finished in its own directory, none half-run" \
    "[ \$(results '$OUT/array') -eq $ncells ] && ! ls -d '$OUT/array'/runs/.tmp-* >/dev/null 2>&1"
check "array: the collect job wrote results.csv with every cell" \
    "grep -q '$ncells of $ncells cells' '$OUT/array'/slurm/log/collect-*.out && [ \$(wc -l < '$OUT/array/results.csv') -eq $((ncells + 1)) ]" \
    "$(cat "$OUT/array"/slurm/log/collect-*.out 2>/dev/null)"
cp "$OUT/array/results.csv" "$OUT/collect-job.csv"
$SIMEXP collect "$SCN" --out "$OUT/array" 2> "$OUT/collect.err"
check "array: simexp.py collect succeeds and rebuilds the same results.csv" \
    "[ $? -eq 0 ] && cmp -s '$OUT/collect-job.csv' '$OUT/array/results.csv'" "$(cat "$OUT/collect.err")"

$SIMEXP slurm "$SCN" --out "$OUT/array" --simscm "$SIMSCM" --submit > "$OUT/resume.out" 2> "$OUT/resume.err"
check "resume: slurm on the finished directory has nothing to run and submits nothing" \
    "[ $? -eq 0 ] && [ ! -s '$OUT/resume.out' ] && [ ! -s '$OUT/array/slurm/cells.txt' ] && [ -z \"\$(squeue -h -o %i)\" ]" \
    "$(cat "$OUT/resume.err")"

# --- the same suite locally
t0=$(date +%s)
$SIMEXP "$SCN" --out "$OUT/local" --simscm "$SIMSCM" 2> "$OUT/local.err"
rc=$?
check "local: the same suite runs locally (in $(($(date +%s) - t0)) s)" "[ $rc -eq 0 ]" "see $OUT/local.err"
check "local: results.csv from the array equals the local one byte for byte" \
    "cmp -s '$OUT/array/results.csv' '$OUT/local/results.csv'" \
    "$(diff "$OUT/array/results.csv" "$OUT/local/results.csv" | head -4)"

# --- several cells per task, throttled, cancelled and resubmitted:
# quick.scn's recovery experiment (its cells have the same ids, so the same rows)
sed -n '/^\[defaults\]/,/^$/p; /^\[experiment recovery\]/,/^$/p' "$SCN" > "$OUT/recovery.scn"
pack() { $SIMEXP slurm "$OUT/recovery.scn" --out "$OUT/pack" --simscm "$SIMSCM" --max-array 2 --throttle 1 --submit; }
ours() {    # the simscm processes running in one of our run directories
    local p
    for p in $(pgrep -x simscm); do
        case $(readlink /proc/"$p"/cwd) in "$OUT"/*) echo "$p" ;; esac
    done
}
job=$(pack 2> "$OUT/pack.err")
check "pack: 6 cells as --array=0-1%1, 3 cells a task" \
    "[ -n '$job' ] && grep -qx '#SBATCH --array=0-1%1' '$OUT/pack/slurm/array.sh' && grep -q '^k=3 ' '$OUT/pack/slurm/array.sh'" \
    "$(cat "$OUT/pack.err")"
t=0
while [ "$(results "$OUT/pack")" -lt 1 ] && [ $t -lt 600 ]; do
    sleep 0.1; t=$((t + 1))
done
scancel "$job"
wait_jobs 30
rc=$?
done1=$(results "$OUT/pack")
check "cancel: scancel ends the array with $done1 of 6 cells finished, no simscm of ours left" \
    "[ $rc -eq 0 ] && [ $done1 -ge 1 ] && [ $done1 -lt 6 ] && [ -z '$(ours)' ]" "left: $(ours)"
t0=$(date +%s)
job=$(pack 2> "$OUT/pack2.err")
check "cancel: submitting again runs only the $((6 - done1)) unfinished cells" \
    "[ -n '$job' ] && [ \$(wc -l < '$OUT/pack/slurm/cells.txt') -eq $((6 - done1)) ]" "$(cat "$OUT/pack2.err")"
wait_jobs 60
rc=$?
check "pack: the array finishes (in $(($(date +%s) - t0)) s), never more than one task running, none half-run" \
    "[ $rc -eq 0 ] && [ $MAXRUN -le 1 ] && ! ls -d '$OUT/pack'/runs/.tmp-* >/dev/null 2>&1" "at most $MAXRUN running"
grep -h '^recovery-' "$OUT/local/results.csv" > "$OUT/pack.want"
tail -n +2 "$OUT/pack/results.csv" > "$OUT/pack.got"
check "pack: the six rows equal the local run's" \
    "[ \$(wc -l < '$OUT/pack.got') -eq 6 ] && cmp -s '$OUT/pack.want' '$OUT/pack.got'"

stop_cluster
left=""
for p in $(pgrep -x slurmstepd) $(pgrep -x slurmd) $(pgrep -x slurmctld) $(pgrep -x munged); do
    of_ours "$p" && left="$left $p"
done
check "cleanup: the daemons are stopped, no job process of ours is left" "[ -z '$left' ]" "left:$left"

echo "slurm: $pass passed, $fail failed"
[ $fail -eq 0 ]
