#!/bin/sh
# seeds.sh -- every seed of the fuzz corpus gets the verdict its name
# promises: valid-* is accepted in silence, broken-* is refused with the
# message seeds.txt gives for it.  Each target's seeds go through its fuzz
# binary (the real loaders) in one run, with stderr left on
# (FUZZ_VERBOSE=1); libFuzzer prints "Running: FILE" before each input,
# which splits the output by seed.
#
#   seeds.sh BUILDDIR
set -u
bdir=$1
here=$(dirname "$0")
out=$bdir/log/seeds
mkdir -p "$out"
passed=0; failed=0
for dir in "$here"/corpus/*; do
    t=$(basename "$dir")
    FUZZ_VERBOSE=1 "$bdir/fuzz_$t" -detect_leaks=0 "$dir"/valid-* "$dir"/broken-* \
        >"$out/$t.log" 2>&1
    rc=$?
    if [ $rc != 0 ]; then
        failed=$((failed + 1))
        echo "FAIL seeds of $t: fuzz_$t exit $rc (log $out/$t.log)"
        continue
    fi
    # One "FILE<TAB>message" line per line the code printed.
    awk '/^Running: / { f = $2; n = split(f, p, "/"); f = p[n]; print f "\t"; next }
         /^(INFO:|Executed|\*\*\*|MERGE)/ || /^$/ { next }
         { print f "\t" $0 }' "$out/$t.log" >"$out/$t.msgs"
    for f in "$dir"/valid-* "$dir"/broken-*; do
        n=$(basename "$f")
        said=$(awk -F'\t' -v k="$n" '$1 == k && $2 != "" { print $2 }' "$out/$t.msgs")
        why=""
        case $n in
        valid-*) [ -z "$said" ] || why="refused: $said" ;;
        *)
            want=$(awk -F'\t' -v k="$t/$n" '$1 == k { sub(/ \(fix\)$/, "", $2); print $2 }' \
                   "$here/seeds.txt")
            if [ -z "$want" ]; then
                why="no line for it in seeds.txt"
            else
                case $said in
                *"$want"*) ;;
                *) why="wanted \"$want\", got: $(echo "$said" | head -3)" ;;
                esac
            fi ;;
        esac
        if [ -n "$why" ]; then
            failed=$((failed + 1)); echo "FAIL seed $t/$n: $why"
        else
            passed=$((passed + 1))
        fi
    done
done
echo "seeds: $passed passed, $failed failed"
[ "$failed" = 0 ]
