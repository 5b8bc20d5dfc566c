# analyze of a host in one pass (cli/live.c): the collector writes the bundle's tar while the
# analysis reads it. The report equals that of collect + analyze; --save-bundle also writes a
# bundle that verifies and analyzes the same; a log larger than the queue arrives whole; wrong
# options and a missing sysroot are usage errors. (A reader that stops early never blocks the
# collector: test-source.)
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1
EX="$TOP/examples/ovm-host"
sh "$EX/make-disks.sh" >/dev/null 2>&1
export SOURCE_DATE_EPOCH=1795169700
strip() { # strip IN OUT: the report without timings and the bundle's name and time
    jq -S 'walk(if type == "object" then del(.elapsed_us, .elapsed_ms, .generated) else . end)
           | del(.bundle, .source)' "$1" > "$2"
}
PATH="$EX/bin:$PATH" "$OVMDIAG" collect -q --sysroot "$EX/root" -o "$T/b.tar.gz" >/dev/null \
    2>"$T/err" || fail "collect: $(cat "$T/err")"
"$OVMDIAG" analyze --format json "$T/b.tar.gz" > "$T/two.raw" 2>"$T/err"
check "analyze of the bundle exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
strip "$T/two.raw" "$T/two.json"

mkdir "$T/wd"
(cd "$T/wd" && PATH="$EX/bin:$PATH" "$OVMDIAG" analyze --sysroot "$EX/root" --format json \
    > "$T/one.raw" 2>"$T/err")
check "live analyze exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
strip "$T/one.raw" "$T/one.json"
check "live analyze: the report of collect + analyze" diff -u "$T/two.json" "$T/one.json"
check "live analyze: findings" [ "$(jq '.summary.critical' "$T/one.json")" -gt 0 ]
check "live analyze: nothing written in the working folder or TMPDIR" \
    [ -z "$(ls -A "$T/wd")" ]

(cd "$T/wd" && PATH="$EX/bin:$PATH" "$OVMDIAG" analyze --sysroot "$EX/root" \
    --save-bundle "$T/saved.tar.gz" -o "$T/saved-report.json" 2>"$T/err")
check "--save-bundle exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
check "--save-bundle names the bundle" grep -q "bundle: $T/saved.tar.gz" "$T/err"
check "--save-bundle: the bundle verifies" sh -c "cd '$T' && sha256sum -c --quiet saved.tar.gz.sha256"
check "--save-bundle: gzip -t" gzip -t "$T/saved.tar.gz"
strip "$T/saved-report.json" "$T/saved.json"
check "--save-bundle: the same report" diff -u "$T/two.json" "$T/saved.json"
"$OVMDIAG" analyze --format json "$T/saved.tar.gz" > "$T/again.raw" 2>/dev/null
strip "$T/again.raw" "$T/again.json"
check "--save-bundle: analyzing the saved bundle gives the same report" \
    diff -u "$T/two.json" "$T/again.json"

# a 50 MiB log fills the queue between the collector and the analysis (8 x 256 KiB) many times:
# the collector waits for the reader, and the last line still reaches the report
mkdir -p "$T/big/var/log/xen" "$T/big/etc"
cp -r "$EX/root/etc/." "$T/big/etc/"
awk 'BEGIN { for (i = 0; i < 700000; i++) printf "[2026-11-20 10:00:%02d 1] DEBUG (XendDomain:1) line %d\n", i % 60, i }' \
    > "$T/big/var/log/xen/xend.log"
echo "[2026-11-20 10:59:59 1] ERROR (XendDomainInfo:3542) VM start failed: marker-at-the-end" \
    >> "$T/big/var/log/xen/xend.log"
timeout 120 "$OVMDIAG" analyze --no-commands --sysroot "$T/big" --format json > "$T/big.json" 2>"$T/err"
rc=$?
check "a 50 MiB log: exit 0 within the timeout (got $rc: $(cat "$T/err"))" [ $rc -eq 0 ]
check "a 50 MiB log: its last line is in the timeline" grep -q 'marker-at-the-end' "$T/big.json"

"$OVMDIAG" analyze "$T/b.tar.gz" --sysroot "$EX/root" > /dev/null 2>"$T/err"
check "a bundle and --sysroot: usage error (2)" [ $? -eq 2 ]
"$OVMDIAG" analyze --no-commands --sysroot "$T/does-not-exist" > /dev/null 2>"$T/err"
rc=$?
check "a missing sysroot: usage error (got $rc)" [ $rc -eq 2 ]
check "a missing sysroot: said ($(cat "$T/err"))" grep -q 'does-not-exist' "$T/err"
finish
