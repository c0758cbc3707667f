#!/usr/bin/env bash
# start.sh -- make a lab's starting point (docs/labs/).
#
#   tests/labs/start.sh N DIR      (make labN-start [LAB=DIR])
#
# Labs 1 and 2: DIR becomes a copy of guestos/ with tests/labs/start/labN.patch
# applied (lab 1 adds the volatile message log the student makes persistent;
# lab 2 takes one write-back out of the save path).  Lab 3: DIR gets the
# scenario and answers file of tests/labs/start/lab3/.  An existing DIR is
# never overwritten: it may hold the student's work.
set -eu
N=$1 DIR=$2
case $N in 1|2|3) ;; *) echo "start.sh: no lab $N (labs: 1 2 3)" >&2; exit 2 ;; esac
if [ -e "$DIR" ]; then
    echo "lab$N-start: $DIR exists; remove it first to start again (it may hold your work)" >&2
    exit 1
fi
mkdir -p "$(dirname "$DIR")"
if [ "$N" = 3 ]; then
    mkdir "$DIR"
    cp tests/labs/start/lab3/sweep.scn tests/labs/start/lab3/answers.md "$DIR"/
else
    cp -r guestos "$DIR"
    if ! patch -s -p1 -d "$DIR" < tests/labs/start/lab$N.patch; then
        echo "lab$N-start: tests/labs/start/lab$N.patch does not apply to guestos/" >&2
        rm -rf "$DIR"
        exit 1
    fi
fi
echo "lab $N: starting point in $DIR (docs/labs/lab$N.md)"
