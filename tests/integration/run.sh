#!/bin/sh
# run.sh OVMDIAG: every tests/integration/t-*.sh against that binary; one summary line.
bin=${1:?usage: run.sh path/to/ovmdiag}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
export OVMDIAG="$bin"
dir=$(dirname "$0")
pass=0 failed=0 skipped=0
for t in "$dir"/t-*.sh; do
    out=$(sh "$t" 2>&1)
    rc=$?
    if [ $rc -eq 0 ]; then
        pass=$((pass + 1))
    elif [ $rc -eq 77 ]; then
        # a test that cannot run here says why on its last line
        skipped=$((skipped + 1))
        echo "SKIP: $(basename "$t"): $(printf '%s\n' "$out" | tail -1)"
    else
        failed=$((failed + 1))
        echo "FAIL: $(basename "$t")"
        printf '%s\n' "$out" | sed 's/^/    /'
    fi
done
echo "integration: $((pass + failed + skipped)) scripts, $pass passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
