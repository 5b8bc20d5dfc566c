#!/bin/sh
# replay.sh BINDIR: every kept fuzz input (tests/fuzz/regressions/TARGET/*) through
# BINDIR/replay-TARGET, one process each, 60 s at most each; one summary line.
# Exit status 1 when any input failed.
dir=$1
n=0 failed=0
for d in tests/fuzz/regressions/*/; do
    [ -d "$d" ] || continue
    t=$(basename "$d")
    for f in "$d"*; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        if [ ! -x "$dir/replay-$t" ]; then
            echo "FAIL: $f: no fuzz target '$t'"
            failed=$((failed + 1))
            continue
        fi
        out=$(timeout 60 "$dir/replay-$t" "$f" 2>&1)
        rc=$?
        if [ $rc -ne 0 ]; then
            printf '%s\n' "$out" | tail -n 40
            echo "FAIL: $dir/replay-$t $f (exit $rc)"
            failed=$((failed + 1))
        fi
    done
done
echo "fuzz regressions: $n inputs, $failed failed"
[ $failed -eq 0 ]
