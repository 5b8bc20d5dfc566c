#!/bin/sh
# run-unit.sh TEST...: run cmocka test binaries quietly; show a failing suite's output; end
# with one summary line. Exit status 1 when any test failed.
suites=0 tests=0 failed=0
for t in "$@"; do
    suites=$((suites + 1))
    out=$("$t" 2>&1)
    rc=$?
    n=$(printf '%s\n' "$out" | sed -n 's/^\[==========\] \([0-9]*\) test(s) run\..*/\1/p' | tail -1)
    tests=$((tests + ${n:-0}))
    if [ $rc -ne 0 ]; then
        failed=$((failed + 1))
        printf '%s\n' "$out"
        echo "FAIL: $t (exit $rc)"
    fi
done
echo "unit: $suites suites, $tests tests, $failed suite(s) failed"
[ $failed -eq 0 ]
