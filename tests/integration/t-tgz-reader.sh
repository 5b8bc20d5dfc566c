# analyze reads a .tar.gz through its own inflater threads (analyzers/source.c): the same
# report for the bundle as written, as two gzip members one after the other, with bytes
# after the gzip stream, and as a plain tar (read by libarchive); a cut-off copy still
# reports what came before. The blocked gzip (lib/gzblock.h) of a bundle of several MiB:
# members of ours end to end, that gzip -t, tar -tzf and Python's tarfile accept, read the
# same with 1 and 4 threads and as repacked by tar -czf (the streaming path).
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

# a host with 4 MiB of xend.log: a bundle of several members
R="$T/root"
mkdir -p "$R/etc" "$R/var/log/xen"
echo bghost > "$R/etc/hostname"
awk 'BEGIN { for (i = 0; i < 64000; i++)
    printf "[2026-11-20 10:%02d:%02d %d] INFO (XendDomainInfo:%d) line %d of a long log\n",
        int(i / 60) % 60, i % 60, 1000 + i % 7, i % 97, i }' > "$R/var/log/xen/xend.log"
"$OVMDIAG" collect -q --no-commands --sysroot "$R" -o "$T/big.tar.gz" >/dev/null 2>"$T/err" ||
    fail "collect of 4 MiB: $(cat "$T/err")"
ours() { # ours BUNDLE: members of ours end to end (size subfield 'OV'), at least 3
    python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
off = n = 0
while off < len(d):
    assert d[off:off + 4] == b"\x1f\x8b\x08\x04" and d[off + 12:off + 16] == b"OV\x04\x00", off
    off += struct.unpack("<I", d[off + 16:off + 20])[0]
    n += 1
assert off == len(d) and n >= 3, (off, len(d), n)
' "$1"
}
check "blocked gzip: members of ours end to end" ours "$T/big.tar.gz"
check "blocked gzip: gzip -t accepts it" gzip -t "$T/big.tar.gz"
check "blocked gzip: tar -tzf lists xend.log" \
    sh -c "tar -tzf '$T/big.tar.gz' | grep -q '/root/var/log/xen/xend.log\$'"
check "blocked gzip: tar -xzOf gives xend.log back" \
    sh -c "tar -xzOf '$T/big.tar.gz' --wildcards '*/var/log/xen/xend.log' | cmp -s - '$R/var/log/xen/xend.log'"
check "blocked gzip: Python's tarfile reads it" python3 -c '
import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    m = [x for x in t.getmembers() if x.name.endswith("/var/log/xen/xend.log")]
    assert len(m) == 1 and len(t.extractfile(m[0]).read()) == m[0].size > 4000000
' "$T/big.tar.gz"
report "$T/big.tar.gz" "$T/big.json"
check "blocked gzip: analyze exits 0 (got $rc: $(cat "$T/aerr"))" [ $rc -eq 0 ]
check "blocked gzip: facts count every line of xend.log" \
    sh -c "'$OVMDIAG' facts '$T/big.tar.gz' | jq -e '.logs.xend.lines == 64000' >/dev/null"
OVMDIAG_THREADS=1 report "$T/big.tar.gz" "$T/big1.json"
check "blocked gzip: the same report with 1 reader thread" diff -u "$T/big.json" "$T/big1.json"
OVMDIAG_THREADS=4 report "$T/big.tar.gz" "$T/big4.json"
check "blocked gzip: the same report with 4 reader threads" diff -u "$T/big.json" "$T/big4.json"
extract "$T/big.tar.gz"
tar -czf "$T/repack.tar.gz" -C "$T/x" "$(basename "$X")"
report "$T/repack.tar.gz" "$T/repack.json"
check "repacked by tar -czf: exit 0 (got $rc)" [ $rc -eq 0 ]
check "repacked by tar -czf: the same report" diff -u "$T/big.json" "$T/repack.json"
OVMDIAG_THREADS=1 "$OVMDIAG" collect -q --no-commands --sysroot "$R" -o "$T/big1.tar.gz" \
    >/dev/null 2>"$T/err" || fail "collect with 1 thread: $(cat "$T/err")"
check "1 compressor thread: members of ours too" ours "$T/big1.tar.gz"
check "1 compressor thread: the same xend.log" \
    sh -c "tar -xzOf '$T/big1.tar.gz' --wildcards '*/var/log/xen/xend.log' | cmp -s - '$R/var/log/xen/xend.log'"
finish
