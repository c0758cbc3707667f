#!/usr/bin/env bash
# baseline.sh -- the baselines selective persistence is measured against.
#
#   tests/guest/baseline.sh SIMSCM OUTDIR
#
# disk-*        the guest's virtio block driver on simscm's device: disktest
#               writes, flushes and reads back, and what it wrote is in the
#               image file after the run
# reboot-*      the cold-reboot baseline ([guest] persistence = reboot): a
#               power cycle saves nothing and boots cold; kvstore replays its
#               append-only log from the disk, so every acknowledged update
#               is back (the request channel finds no wrong answer), what is
#               lost is at most the batch being committed at the cut (never
#               answered), and recovery takes boot + replay (printed)
# ckpt-*        the checkpoint baseline ([guest] persistence = checkpoint, on
#               configs/dram-only.ini: no SCM): sudden cuts roll back to the
#               last checkpoint on the disk; the persistent counter goes on
#               from it, torncheck finds nothing torn, diskpulse finds its
#               sector as it was at the checkpoint (the undo journal), the
#               work lost is under an interval; checkpoint times printed
set -u
SIMSCM=$1 OUT=$2
HERE=$(dirname "$0")
. "$HERE/lib.sh"
mkdir -p "$OUT"

echo "baselines:"


# ---- the driver on simscm's device ----
img=$OUT/disk.img
rm -f "$img"
truncate -s 1M "$img"
session disk $'disktest\nshutdown\n' --config configs/hybrid.ini --timing off --init "" \
    --set disk.image="$img" disktest
expect disk '^disk: virtio block device at 0x10001000, 1024 KiB, flush' "the driver finds simscm's disk"
expect disk '^disktest: ok' "disktest writes, flushes and reads back sizes from 512 B to 4 KiB"
check_eq "disk: what disktest wrote is in the image file" \
    "$(od -A n -t x1 -j 4096 -N 4 "$img" | tr -d ' ')" "080f161d"
expect_rc disk 0 "shutdown"

# ---- the cold-reboot baseline ----
img=$OUT/kvlog.img
rm -f "$img"
truncate -s 8M "$img"
n=reboot-kv
session $n '' --config configs/hybrid.ini --timing off --init "kvstore:n" \
    --set guest.persistence=reboot --set faults.inject= --set disk.image="$img" \
    --set reqchan.rate_per_ms=5 --set reqchan.keys=64 --fault cut:at=150ms \
    --max-time 300ms --events "$OUT/$n.ev" --stats "$OUT/$n.json" kvstore
check_eq "$n: no save, no resume: two cold boots" \
    "$(grep -o '"milestone":"[a-z_]*"' "$OUT/$n.ev" | grep -v first_request | tr -d '\n')" \
    '"milestone":"cold_booted""milestone":"cold_booted"'
expect $n 'kvstore: a new log on the disk' "kvstore starts a log at the first boot"
expect $n 'kvstore: replayed [1-9][0-9]* updates from the log in [0-9]+ us' \
    "kvstore replays its log after the power cycle"
read -r sent answered wrong bad_ans taken <<< "$(reqchan_stat "$OUT/$n.json" sent answered wrong bad_answers taken_unanswered)"
check_eq "$n: every acknowledged update is back after the replay (no wrong answer)" \
    "${wrong:-x} ${bad_ans:-x}" "0 0"
check_cmp "$n: lost at the cut: at most one batch, never answered ($taken taken, unanswered)" \
    "${taken:-999}" -le 64
check_cmp "$n: it serves after the power cycle ($answered of $sent answered)" \
    "$(( ${answered:-0} * 100 ))" -ge "$(( ${sent:-1} * 80 ))"
t_on=$(after "$OUT/$n.ev" 150000000 power_on)
t_serve=$(after "$OUT/$n.ev" "${t_on:-0}" first_request)
replay=$(sed -n 's/.*kvstore: replayed \([0-9]*\) updates from the log in \([0-9]*\) us.*/\1 \2/p' "$OUT/$n.out")
if [ -n "$t_on" ] && [ -n "$t_serve" ]; then
    ok "$n: recovery (power on to first request) $(( (t_serve - t_on) / 1000 )) us: boot + replay of ${replay% *} updates in ${replay#* } us"
else
    bad "$n: recovery measured" "power-on '$t_on', service '$t_serve'"
fi

# ---- the checkpoint baseline ----
img=$OUT/ckpt.img
rm -f "$img"
truncate -s 64M "$img"
n=ckpt
session $n '' --config configs/dram-only.ini --timing off \
    --init "counter:p torncheck:p diskpulse:p counter:n" \
    --set guest.persistence=checkpoint --set guest.fixpoint_ms=100 --set disk.image="$img" \
    --fault cut:at=350ms,mode=sudden --fault cut:at=780ms,mode=sudden --fault cut:at=1100ms \
    --max-time 1500ms --events "$OUT/$n.ev" counter
check_eq "$n: three cuts, three roll-backs to a checkpoint on the disk" \
    "$(grep -c '"event":"power_cut"' "$OUT/$n.ev") $(grep -c '"milestone":"rolled_back"' "$OUT/$n.ev")" "3 3"
expect_not $n 'TORN|MISMATCH|panic' "nothing torn (torncheck), the disk undone with the memory (diskpulse)"
expect $n 'ckpt: undid [1-9][0-9]* sector write' "the undo journal put back what diskpulse wrote after a checkpoint"
lost=$(grep -o '"milestone":"rolled_back","arg":[0-9]*' "$OUT/$n.ev" | sed 's/.*://' | sort -n | tail -1)
check_cmp "$n: work lost at most an interval and a checkpoint's time (worst $((lost / 1000000)) ms)" \
    "${lost:-999999999}" -le 120000000
after=$(awk '/ckpt: rolled back/ { on = 1; next } on && $1 == "counter:" && $3 == 2 { print $5; exit }' "$OUT/$n.out")
check_cmp "$n: the persistent counter goes on from the checkpoint ($after)" "${after:-0}" -gt 1000000
times=$(grep -o '"milestone":"checkpointed","arg":[0-9]*' "$OUT/$n.ev" | sed 's/.*://')
first=$(echo "$times" | head -1) later=$(echo "$times" | sed -n 2p)
check_cmp "$n: checkpoints taken ($(echo "$times" | wc -l)): the first $((first / 1000)) us, the next, incremental, $((later / 1000)) us" \
    "$(echo "$times" | wc -l)" -ge 8

# The kvstore on the checkpoint baseline: what a roll-back loses is exactly
# the updates acknowledged after the last checkpoint.  From the request
# channel's log: every answer the client finds wrong is a get of a key whose
# update was acknowledged between the checkpoint and the cut.
img=$OUT/ckpt-kv.img
rm -f "$img"
truncate -s 64M "$img"
n=ckpt-kv
session $n '' --config configs/dram-only.ini --timing off --init "kvstore:p counter:p" \
    --set guest.persistence=checkpoint --set guest.fixpoint_ms=100 --set disk.image="$img" \
    --set reqchan.rate_per_ms=5 --set reqchan.keys=64 --set reqchan.log_requests=on \
    --fault cut:at=350ms,mode=sudden --max-time 700ms --events "$OUT/$n.ev" \
    --stats "$OUT/$n.json" kvstore
res=$(python3 - "$OUT/$n.ev" "$OUT/$n.json" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
cut = next(e["t_ns"] for e in ev if e["event"] == "power_cut")
rb = next(e for e in ev if e.get("milestone") == "rolled_back")
ckpt = cut - rb["arg"]
rq = json.load(open(sys.argv[2]))["devices"]["reqchan"]["requests"]
lost = set()
for op, key, ans in zip(rq["op"], rq["key"], rq["answer_ns"]):
    if op in (2, 3) and ckpt < ans <= cut:
        lost.add(key)
nlost = sum(1 for op, ans in zip(rq["op"], rq["answer_ns"]) if op in (2, 3) and ckpt < ans <= cut)
wrong = [key for op, key, ans, ok in zip(rq["op"], rq["key"], rq["answer_ns"], rq["ok"])
         if ans > cut and not ok]
stray = [k for k in wrong if k not in lost]
print(nlost, len(lost), len(wrong), len(stray))
PY
)
read -r nlost nkeys nwrong nstray <<< "$res"
check_cmp "$n: updates acknowledged after the checkpoint, lost by the roll-back: $nlost (on $nkeys keys)" "${nlost:-0}" -gt 0
check_eq "$n: every wrong answer afterwards ($nwrong) is a key among those: nothing else was lost" \
    "${nstray:-x}" "0"

summary
