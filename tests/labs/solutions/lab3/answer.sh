#!/usr/bin/env bash
# answer.sh -- lab 3's reference answers, from the student directory's own
# measurements: the numbers come from results/plots/data/slowdown.dat (the
# file the plot is drawn from), the words are the instructor's.
#
#   tests/labs/solutions/lab3/answer.sh LABDIR    (writes LABDIR/answers.md)
set -eu
dat=$1/results/plots/data/slowdown.dat
read -r a1 a2 a3 < <(awk '
    /^"/ { p = ($0 ~ /, persistent"/) ; next }
    NF >= 2 && $1 !~ /^#/ { if (p) { if (!(1 in lo) || $1 < lo[1]) { lo[1] = $1; lo[2] = $2 }
                                     if ($1 >= hi[1]) { hi[1] = $1; hi[2] = $2 } }
                            else n[$1] = $2 }
    END { printf "%.3f %.3f %.3f\n", hi[2], n[hi[1]], (hi[2] - lo[2]) / (hi[1] - lo[1]) }' "$dat")
cat > "$1/answers.md" <<EOT
# Lab 3 answers (reference)

A1: $a1
A2: $a2
A3: $a3
A4: A non-persistent process takes all its pages from the DRAM pool, so its loads and stores go to DRAM, whose latency the sweep keeps fixed; only the kernel's own code and data are in SCM, and they are a small part of its run.
A5: Only the accesses that miss in the caches reach SCM: hits cost the same at any factor, so what matters is how often the program misses in the L1 and L2 caches (its working set against the cache size) and how many dirty lines it writes back.
EOT
