# collect --mask on the example host: mask-verify finds no leak (exit 0) and finds a planted one
# (exit 1, file and line), the map is 0600 and outside the bundle, the bundle's own name is
# masked, analyze still reports the same planted faults with pseudonyms in the messages, and
# two bundles made with one --mask-key share their pseudonyms.
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1
sh examples/ovm-host/make-disks.sh >/dev/null || fail "make-disks.sh"
collect() { # collect OUTDIR [options]: the example host into OUTDIR
    out=$1; shift
    mkdir -p "$out"
    PATH="$TOP/examples/ovm-host/bin" "$OVMDIAG" collect -q --sysroot examples/ovm-host/root \
        -o "$out" "$@" >/dev/null 2>"$T/err" || fail "collect $*: $(cat "$T/err")"
}
collect "$T/plain"
collect "$T/a" --mask --mask-key "$T/pool.key"
collect "$T/b" --mask --mask-key "$T/pool.key"
collect "$T/r" --mask
A=$(echo "$T"/a/ovmdiag-*.tar.gz)
B=$(echo "$T"/b/ovmdiag-*.tar.gz)
P=$(echo "$T"/plain/ovmdiag-*.tar.gz)

# the bundle's own name, the key and the map
case "$A" in *ovmdiag-host-????????-*) ok ;; *) fail "bundle name not masked: $A" ;; esac
case "$A" in *sv095*) fail "host name in the bundle name: $A" ;; *) ok ;; esac
check "key file created 0600" [ "$(stat -c %a "$T/pool.key")" = 600 ]
check "map beside the bundle" [ -f "$A.mask-map.json" ]
check "map mode 0600" [ "$(stat -c %a "$A.mask-map.json")" = 600 ]
check "map is not inside the bundle" sh -c "! tar tzf '$A' | grep -q 'mask-map'"
check "map holds the host" [ "$(jq -r '.entries[] | select(.class == "host" and .original == "sv095") | .pseudonym' "$A.mask-map.json" | cut -c1-5)" = host- ]
check "map holds the pool alias" [ "$(jq -r '[.entries[] | select(.class == "pool")] | length' "$A.mask-map.json")" = 1 ]
extract "$A"
check "top folder masked" sh -c "basename '$X' | grep -q '^ovmdiag-host-'"
check "manifest hostname masked" [ "$(manifest .hostname | cut -c1-5)" = host- ]
check "manifest says masked" [ "$(manifest .options.mask)" = true ]
check "no original host name anywhere" sh -c "! grep -rqi 'sv095' '$X'"
check "no original address anywhere" sh -c "! grep -rq '172\.24\.19\.95' '$X'"
check "OVM ids kept" grep -q "0004fb000003000024cd350d232b41fc" "$X/manifest.json"
check "loopback kept" grep -q "127.0.0.1" "$X/cmd/ip-o-addr.out"
check "passwords still masked" sh -c "! grep -rq 'Welcome1\|SECRET-' '$X'"
check "gzip log masked, still gzip" sh -c "zcat '$X/root/var/log/xen/xend.log.2.gz' | grep -q 'xend'"

# mask-verify: clean, then a planted leak in an extracted copy
"$OVMDIAG" mask-verify "$A" --map "$A.mask-map.json" >"$T/v.out" 2>"$T/v.err"
check "mask-verify: clean bundle exits 0 ($(cat "$T/v.out" "$T/v.err"))" [ $? -eq 0 ]
check "mask-verify: says 0 leaks" grep -q "; 0 leaks" "$T/v.err"
"$OVMDIAG" mask-verify "$X" --map "$A.mask-map.json" >/dev/null 2>&1
check "mask-verify: extracted directory clean" [ $? -eq 0 ]
printf 'a line\nthe agent on SV095 said 172.24.19.95\n' >> "$X/root/var/log/messages"
"$OVMDIAG" mask-verify "$X" --map "$A.mask-map.json" >"$T/v.out" 2>/dev/null
check "mask-verify: leak exits 1" [ $? -eq 1 ]
n=$(wc -l < "$X/root/var/log/messages")
check "mask-verify: names file, line and value" grep -q "^root/var/log/messages:$n: host 'sv095'" "$T/v.out"
check "mask-verify: the address too" grep -q "^root/var/log/messages:$n: ipv4 '172.24.19.95'" "$T/v.out"
"$OVMDIAG" mask-verify "$P" --map "$A.mask-map.json" >/dev/null 2>&1
check "mask-verify: unmasked bundle leaks" [ $? -eq 1 ]
"$OVMDIAG" mask-verify "$A" --map "$T/nonexistent" >/dev/null 2>&1
check "mask-verify: missing map exits 3" [ $? -eq 3 ]
"$OVMDIAG" mask-verify "$A" >/dev/null 2>&1
check "mask-verify: no --map exits 2" [ $? -eq 2 ]

# the same key, the same pseudonyms; another key, others
check "same key: same bundle name" [ "$(basename "$A" | cut -d- -f2-3)" = "$(basename "$B" | cut -d- -f2-3)" ]
jq -c '.entries' "$A.mask-map.json" > "$T/ea"
jq -c '.entries' "$B.mask-map.json" > "$T/eb"
check "same key: same map" cmp -s "$T/ea" "$T/eb"
R=$(echo "$T"/r/ovmdiag-*.tar.gz)
check "random key: another host pseudonym" [ "$(basename "$A" | cut -d- -f3)" != "$(basename "$R" | cut -d- -f3)" ]
collect "$T/c" --mask --mask-key "$T/pool.key" --mask-map "$T/my.map"
check "--mask-map puts the map there" [ "$(stat -c %a "$T/my.map")" = 600 ]
PATH="$TOP/examples/ovm-host/bin" "$OVMDIAG" collect -q --sysroot examples/ovm-host/root \
    -o "$T/c" --mask --mask-map "$T/my.map" >/dev/null 2>&1
check "an existing map is never overwritten" [ $? -ne 0 ]
"$OVMDIAG" collect --mask-key "$T/pool.key" -o "$T/c" >/dev/null 2>&1
check "--mask-key without --mask is a usage error" [ $? -eq 2 ]

# analyze on the masked bundle: the planted faults under the same ids, pseudonyms in messages
export SOURCE_DATE_EPOCH=1795169700
"$OVMDIAG" analyze --format json "$P" > "$T/p.json" 2>/dev/null
"$OVMDIAG" analyze --format json "$A" > "$T/m.json" 2>"$T/err"
check "analyze of the masked bundle exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
check "same rule ids as unmasked" [ "$(jq -c '[.findings[].rule] | unique' "$T/m.json")" = "$(jq -c '[.findings[].rule] | unique' "$T/p.json")" ]
check "same counts as unmasked" [ "$(jq -c .summary "$T/m.json")" = "$(jq -c .summary "$T/p.json")" ]
for id in MEM-002 MEM-006 MEM-009 MEM-012 MEM-013 MEM-016 HP-001 HP-005 AG-003 AG-005 CFG-001 \
    CFG-004 CFG-010; do
    check "masked: planted fault $id reported" [ "$(jq "[.findings[] | select(.rule == \"$id\")] | length" "$T/m.json")" -ge 1 ]
done
check "CFG-004 names pseudonymous VMs" sh -c "jq -r '.findings[] | select(.rule == \"CFG-004\") | .message' '$T/m.json' | grep -q 'vm-.*vm-'"
check "CFG-004 keeps the OVM OUI" sh -c "jq -r '.findings[] | select(.rule == \"CFG-004\") | .message' '$T/m.json' | grep -q '00:21:f6:'"
check "AG-005 compares two repository pseudonyms" sh -c "jq -r '.findings[] | select(.rule == \"AG-005\") | .message' '$T/m.json' | grep -q \"'repo-.*'repo-\""
check "no original in the report" sh -c "! grep -qi 'sv095\|sv10[0-7]\|172\.24\.19\|nas-088' '$T/m.json'"
finish
