#!/bin/sh
# run.sh FUZZ_B OVMDIAG TARGET...: each libFuzzer target for $FUZZ_SECONDS (default 60),
# $FUZZ_JOBS (default 1) at a time, on a corpus seeded from the fixtures and grown in
# FUZZ_B/corpus/TARGET, with the kept regressions as a second (read-only) corpus. Logs in
# FUZZ_B/logs/, crash inputs in FUZZ_B/artifacts/TARGET/; one line of figures per target in
# FUZZ_B/fuzz-stats.txt. Exit status 1 when a target found a crash, a leak or a timeout.
set -u
if [ "${1:-}" = --one ]; then
    fb=$2 bin=$3 t=$4
    corpus=$fb/corpus/$t arts=$fb/artifacts/$t log=$fb/logs/$t.log
    mkdir -p "$corpus" "$arts" "$fb/logs" "tests/fuzz/regressions/$t"
    sh tests/fuzz/seed.sh "$t" "$corpus" "$bin" || exit 1
    set -- -max_total_time="${FUZZ_SECONDS:-60}" -print_final_stats=1 -timeout=25 \
        -rss_limit_mb=2048 -artifact_prefix="$arts/"
    [ -f "tests/fuzz/dict/$t.dict" ] && set -- "$@" -dict="tests/fuzz/dict/$t.dict"
    touch "$fb/logs/$t.start"
    "$fb/fuzz/fuzz-$t" "$@" "$corpus" "tests/fuzz/regressions/$t" > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
    rate=$(sed -n 's/.* exec\/s: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
    [ -n "$execs" ] && [ -n "$secs" ] && [ "$secs" -gt 0 ] && rate=$((execs / secs))
    size=$(ls "$corpus" | wc -l)
    crashes=$(find "$arts" -type f -newer "$fb/logs/$t.start" | wc -l)
    line=$(printf '%-10s executions %10s  exec/s %6s  corpus %5s  new artifacts %s  exit %s' \
        "$t" "${execs:-?}" "${rate:-?}" "$size" "$crashes" "$rc")
    echo "$line"
    echo "$line" >> "$fb/fuzz-stats.txt"
    if [ $rc -ne 0 ]; then
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' \
            "$log" | head -n 20
        exit 1
    fi
    exit 0
fi
fb=$1 bin=$2
shift 2
mkdir -p "$fb"
: > "$fb/fuzz-stats.txt"
echo "fuzz: ${FUZZ_SECONDS:-60} s per target, ${FUZZ_JOBS:-1} at a time: $*"
printf '%s\n' "$@" | xargs -P "${FUZZ_JOBS:-1}" -I{} sh tests/fuzz/run.sh --one "$fb" "$bin" {}
rc=$?
failed=$(grep -vc ' exit 0$' "$fb/fuzz-stats.txt")
echo "fuzz: $# targets, $failed failed (figures in $fb/fuzz-stats.txt, logs in $fb/logs/)"
[ $rc -eq 0 ]
