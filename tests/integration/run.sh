#!/bin/sh
# run.sh OVMDIAG: every tests/integration/t-*.sh against that binary; one summary line.
bin=${1:?usage: run.sh path/to/ovmdiag}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
export OVMDIAG="$bin"
dir=$(dirname "$0")
pass=0 failed=0
for t in "$dir"/t-*.sh; do
    out=$(sh "$t" 2>&1)
    if [ $? -eq 0 ]; then
        pass=$((pass + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $(basename "$t")"
        printf '%s\n' "$out" | sed 's/^/    /'
    fi
done
echo "integration: $((pass + failed)) scripts, $pass passed, $failed failed"
[ $failed -eq 0 ]
