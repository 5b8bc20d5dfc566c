# analyze reads a .tar.gz through its own inflater thread (analyzers/source.c): the same
# report for the bundle as written, as two gzip members one after the other, with bytes
# after the gzip stream, and as a plain tar (read by libarchive); a cut-off copy still
# reports what came before.
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1
EX="$TOP/examples/ovm-host"
export SOURCE_DATE_EPOCH=1795169700
PATH="$EX/bin:$PATH" "$OVMDIAG" collect -q --sysroot "$EX/root" -o "$T/b.tar.gz" >/dev/null \
    2>"$T/err" || fail "collect: $(cat "$T/err")"
report() { # report BUNDLE OUT: the JSON report without timings
    "$OVMDIAG" analyze --format json "$1" > "$T/raw.json" 2>"$T/aerr"
    rc=$?
    jq -S 'walk(if type == "object" then del(.elapsed_us, .elapsed_ms, .generated) else . end)
           | del(.bundle, .source)' "$T/raw.json" > "$2"
}
report "$T/b.tar.gz" "$T/want.json"
check "analyze of the bundle exits 0 (got $rc: $(cat "$T/aerr"))" [ $rc -eq 0 ]
check "the report has findings" [ "$(jq '.summary.critical + .summary.warning' "$T/want.json")" -gt 0 ]

gzip -dc "$T/b.tar.gz" > "$T/plain.tar"
size=$(wc -c < "$T/plain.tar")
head -c $((size / 2)) "$T/plain.tar" | gzip -6 > "$T/two.tar.gz"
tail -c +$((size / 2 + 1)) "$T/plain.tar" | gzip -1 >> "$T/two.tar.gz"
report "$T/two.tar.gz" "$T/two.json"
check "two gzip members: exit 0 (got $rc)" [ $rc -eq 0 ]
check "two gzip members: the same report" diff -u "$T/want.json" "$T/two.json"

cp "$T/b.tar.gz" "$T/trail.tar.gz"
printf 'trailing bytes, not gzip' >> "$T/trail.tar.gz"
report "$T/trail.tar.gz" "$T/trail.json"
check "trailing bytes: exit 0 (got $rc)" [ $rc -eq 0 ]
check "trailing bytes: the same report" diff -u "$T/want.json" "$T/trail.json"

report "$T/plain.tar" "$T/plain.json"
check "plain tar: exit 0 (got $rc)" [ $rc -eq 0 ]
check "plain tar: the same report" diff -u "$T/want.json" "$T/plain.json"

gz=$(wc -c < "$T/b.tar.gz")
head -c $((gz * 3 / 4)) "$T/b.tar.gz" > "$T/cut.tar.gz"
report "$T/cut.tar.gz" "$T/cut.json"
check "cut-off copy: exit 0 (got $rc: $(cat "$T/aerr"))" [ $rc -eq 0 ]
check "cut-off copy: says the bundle ends early" \
    sh -c "jq -r '.coverage[].detail // empty' '$T/raw.json' | grep -q 'the bundle ends early'"
finish
