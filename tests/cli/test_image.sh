# test_image.sh -- what the host must hold: DRAM larger than the host's
# mapping limit allows in small tiles, an SCM image on a file system that is
# full, two simscm on one image, and image paths that are not what they seem.
# Each refusal is one clear line and exit 2, and what an image held survives.
. tests/cli/lib.sh
OK=$CLI_DIR/ok.elf
SPIN=$CLI_DIR/spin.elf
INI=$WORK/img.ini

# scm_ini IMAGE: 16 MiB DRAM for the program, 2 MiB SCM backed by IMAGE.
scm_ini() {
    printf '[region dram]\nbase = 0x80000000\nsize_mib = 16\n' > "$INI"
    printf '[region scm]\nkind = scm\nbase = 0x100000000\nsize_mib = 2\nimage = %s\n' "$1" >> "$INI"
}

# Finding 1: eight 64 GiB DRAM regions used to abort ("DRAM power-on: Cannot
# allocate memory", SIGABRT): 65536 garbage tiles against vm.max_map_count.
: > "$INI"
for i in 0 1 2 3 4 5 6 7; do
    printf '[region d%d]\nbase = 0x%x\nsize_mib = 65536\n' $i $((0x80000000 + i * (64 << 30))) >> "$INI"
done
run --config "$INI" --timing off "$OK"
[ "$rc" = 0 ] && [ "$out" = "cli ok" ]
check "eight 64 GiB DRAM regions run (exit $rc: $err)" $?

# Finding 6: an image on a full file system is refused at the start; it used
# to die of SIGBUS in the middle of the run, with no message and no stats.
SMALL=$WORK/small
mkdir -p "$SMALL"
if mount -t tmpfs -o size=1m tmpfs "$SMALL" 2>/dev/null; then
    trap 'umount "$SMALL" 2>/dev/null; rm -rf "$WORK"' EXIT
    scm_ini "$SMALL/scm.img"
    expect_usage "simscm: $SMALL/scm.img: cannot reserve 2101248 bytes for the image on its file system: No space left on device" \
        --config "$INI" "$OK"
    [ -z "$(ls -A "$SMALL")" ]
    check "a refused image leaves nothing on the full file system" $?

    # A sparse copy of an image that holds data: refused the same way, and
    # its bytes are left as they were.
    scm_ini "$WORK/good.img"
    run --config "$INI" "$OK"
    printf 'precious' | dd of="$WORK/good.img" bs=1 seek=8192 conv=notrunc status=none
    cp --sparse=always "$WORK/good.img" "$SMALL/scm.img"
    scm_ini "$SMALL/scm.img"
    expect_usage "simscm: $SMALL/scm.img: cannot reserve 2101248 bytes" --config "$INI" "$OK"
    cmp -s "$WORK/good.img" "$SMALL/scm.img"
    check "the sparse image's contents survive the refusal" $?
    umount "$SMALL"
else
    echo "  SKIP    $GROUP: cannot mount a tmpfs (not root?): full-disk checks not run"
fi

# Finding 7: two simscm started together on one new image: one makes it and
# runs, the other is told who holds it (it used to say "image is truncated"
# or "cannot rename").  The runner is then killed: a power cut.
scm_ini "$WORK/race.img"
"$SIMSCM" --config "$INI" "$SPIN" </dev/null >/dev/null 2>"$WORK/a.err" & a=$!
"$SIMSCM" --config "$INI" "$SPIN" </dev/null >/dev/null 2>"$WORK/b.err" & b=$!
wait -n; first=$?
sleep 0.2
kill -9 $a $b 2>/dev/null
wait $a $b 2>/dev/null
errs=$(cat "$WORK/a.err" "$WORK/b.err")
[ "$first" = 2 ] && [[ "$errs" == *"$WORK/race.img: image is in use by another simscm (pid "[0-9]*") (image of region scm)"* ]] &&
    [[ "$errs" != *truncated* && "$errs" != *rename* ]]
check "two starters on one new image: one runs, one is told it is in use (got: $errs)" $?
[[ "$errs" == *"(pid $a)"* || "$errs" == *"(pid $b)"* ]]
check "the message names the other simscm's pid" $?
run --config "$INI" "$OK"
[ "$rc" = 0 ] && grep -q '"restored": true' "$STATS"
check "the image the race made is whole" $?

# Junk after the contents: refused, and the image is not touched.
cp "$WORK/race.img" "$WORK/junk.img"
printf 'junk' >> "$WORK/junk.img"
cp "$WORK/junk.img" "$WORK/junk.orig"
scm_ini "$WORK/junk.img"
expect_usage "simscm: $WORK/junk.img: image has 4 bytes after the region's contents" --config "$INI" "$OK"
cmp -s "$WORK/junk.img" "$WORK/junk.orig"
check "an image with junk appended is left as it was" $?

# A symbolic link to nothing is not replaced by a new file.
ln -s "$WORK/nowhere/x.img" "$WORK/dangling.img"
scm_ini "$WORK/dangling.img"
expect_usage "simscm: $WORK/dangling.img: is a symbolic link to $WORK/nowhere/x.img, which does not exist" \
    --config "$INI" "$OK"
[ -L "$WORK/dangling.img" ] && [ ! -e "$WORK/nowhere" ]
check "the dangling link is kept and nothing is made" $?

finish
