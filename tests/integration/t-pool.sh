# analyze --pool on the three-member fixture (tests/fixtures/pool): the split-brain pool reports
# the VM running on two members, the master disagreement and the repository missing on one
# member, each naming the hosts; the healthy pool has no pool finding of warning or worse; the
# report is valid against docs/report.schema.json and equal to its golden file; the pool page
# opens offline in headless Chromium with the matrix, the placement table and the timeline;
# members collected with --mask and one --mask-key still join.
# UPDATE=1 rewrites tests/golden/pool/report.json (review the diff).
. "$(dirname "$0")/lib.sh"
G="$TOP/tests/golden/pool"
PY=/usr/bin/python3
cd "$TOP" || exit 1
export SOURCE_DATE_EPOCH=1795000000
for v in split healthy; do
    sh tests/fixtures/pool/make-pool.sh $v "$T/$v" || fail "make-pool.sh $v"
done
collect() { # collect VARIANT OUTDIR [options]: every member of the variant into OUTDIR
    v=$1 out=$2; shift 2
    mkdir -p "$out"
    for h in sv091 sv092 sv095; do
        PATH="$T/$v/$h/bin:$PATH" "$OVMDIAG" collect -q --sysroot "$T/$v/$h/root" -o "$out" "$@" \
            >/dev/null 2>"$T/err" || fail "collect $v $h $*: $(cat "$T/err")"
    done
}
collect split "$T/sb"
collect healthy "$T/hb"
check "three bundles of the split pool" [ "$(ls "$T"/sb/*.tar.gz | wc -l)" -eq 3 ]

"$OVMDIAG" analyze --pool "$T/sb" --format json -o "$T/split.json" 2>"$T/err"
check "analyze --pool FOLDER exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
pf() { jq -r --arg r "$1" '.findings[] | select(.scope == "pool" and .rule == $r) | .severity + " " + .message' "$T/split.json"; }
check "the split-brain VM, naming both members ($(pf VM-006))" \
    sh -c "jq -r '.findings[] | select(.scope == \"pool\" and .rule == \"VM-006\") | .message' '$T/split.json' | grep -q 'VM sv104 .* runs on 2 servers: sv092 and sv095'"
check "the master disagreement, naming the two masters ($(pf AG-006))" \
    sh -c "jq -r '.findings[] | select(.scope == \"pool\" and .rule == \"AG-006\") | .message' '$T/split.json' | grep -q '2 members claim to be master: sv091 and sv092'"
check "the repository missing on sv095 ($(pf AG-009))" \
    sh -c "jq -r '.findings[] | select(.scope == \"pool\" and .rule == \"AG-009\") | .message' '$T/split.json' | grep -q 'is mounted on sv091, sv092 but not on sv095'"
check "ntpd down on sv092 ($(pf SYS-003))" \
    sh -c "jq -r '.findings[] | select(.scope == \"pool\" and .rule == \"SYS-003\") | .message' '$T/split.json' | grep -q '^sv092: its time daemon does not answer (ntpq: read: Connection refused)'"
check "pool findings are critical or warning" \
    [ "$(jq '[.findings[] | select(.scope == "pool" and (.rule == "VM-006" or .rule == "AG-006"))] | map(.severity) | unique' -c "$T/split.json")" = '["critical"]' ]
check "host findings carry the host name" \
    [ "$(jq '[.findings[] | select(.scope != "pool") | .host] | unique' -c "$T/split.json")" = '["sv091","sv092","sv095"]' ]
check "the placement joins sv104 to both members" \
    [ "$(jq -c '.pool.vms[] | select(.simple_name == "sv104") | .running_on' "$T/split.json")" = '["sv092","sv095"]' ]

# bundles named one by one give the same report as the folder
"$OVMDIAG" analyze --pool "$T"/sb/*.tar.gz --format json > "$T/split2.json" 2>/dev/null
check "bundles given one by one = the folder" cmp -s "$T/split.json" "$T/split2.json"

# one unreadable member (a truncated download, say) leaves the others analysed: the report is
# written, names the bundle in its coverage, and the exit is 3 (bad input), not the findings' 1
mkdir -p "$T/sbx"
cp "$T"/sb/*.tar.gz "$T/sbx/"
printf 'not a bundle\n' > "$T/sbx/ovmdiag-sv099-broken.tar.gz"
"$OVMDIAG" analyze --pool "$T/sbx" --format json -o "$T/partial.json" --fail-on warning 2>"$T/err"
check "an unreadable member: exit 3 ($(cat "$T/err"))" [ $? -eq 3 ]
check "stderr names the unreadable bundle" grep -q "ovmdiag-sv099-broken.tar.gz'" "$T/err"
check "the three readable members are still analysed" [ "$(jq '.pool.size' "$T/partial.json")" = 3 ]
check "the coverage names the unreadable bundle" \
    [ "$(jq -r '[.coverage[] | select(.status == "unreadable") | .item | sub(".*/"; "")] | join(" ")' "$T/partial.json")" = ovmdiag-sv099-broken.tar.gz ]
check "the pool findings are those of the whole pool" \
    [ "$(jq -c '[.findings[] | select(.scope == "pool") | .rule] | sort' "$T/partial.json")" = "$(jq -c '[.findings[] | select(.scope == "pool") | .rule] | sort' "$T/split.json")" ]
"$OVMDIAG" analyze --pool "$T/sbx" -o "$T/partial.txt" 2>/dev/null
check "the text report lists it under not readable" grep -q 'ovmdiag-sv099-broken.tar.gz: unreadable' "$T/partial.txt"
"$OVMDIAG" analyze --pool "$T/sbx/ovmdiag-sv099-broken.tar.gz" -o "$T/none.json" 2>/dev/null
rc=$?
check "no readable member at all: exit 3 ($rc) and no report" \
    sh -c '[ "$1" -eq 3 ] && [ ! -e "$2" ]' _ "$rc" "$T/none.json"

"$OVMDIAG" analyze --pool "$T/hb" --format json -o "$T/healthy.json" 2>"$T/err"
check "analyze --pool on the healthy pool exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
bad=$(jq -r '[.findings[] | select(.scope == "pool" and (.severity == "warning" or .severity == "critical")) | .rule] | join(" ")' "$T/healthy.json")
check "healthy pool: no pool finding of warning or worse ($bad)" [ -z "$bad" ]
check "healthy pool: every pool rule ran" \
    [ "$(jq '[.rules[] | select(.scope == "pool" and .outcome != "pass")] | length' "$T/healthy.json")" -eq 0 ]
"$OVMDIAG" analyze --pool "$T/hb" --fail-on critical >/dev/null 2>&1
check "--fail-on counts the hosts' findings too (exit 1)" [ $? -eq 1 ]
"$OVMDIAG" analyze --pool >/dev/null 2>&1
check "--pool without bundles is a usage error" [ $? -eq 2 ]
"$OVMDIAG" analyze "$T"/sb/*.tar.gz >/dev/null 2>&1
check "several bundles without --pool is a usage error" [ $? -eq 2 ]

# JSON: valid against the schema, and the golden report
if "$PY" -c 'import jsonschema' 2>/dev/null; then
    for r in split healthy; do
        check "$r: the pool report is valid against docs/report.schema.json" "$PY" -c 'import json, sys, jsonschema
errs = list(jsonschema.Draft202012Validator(json.load(open(sys.argv[1])), format_checker=jsonschema.FormatChecker()).iter_errors(json.load(open(sys.argv[2]))))
for e in errs[:5]: print("   ", "/".join(map(str, e.absolute_path)), e.message[:200])
sys.exit(1 if errs else 0)' "$TOP/docs/report.schema.json" "$T/$r.json"
    done
else
    fail "python3-jsonschema is missing (scripts/install-deps.sh installs it)"
fi
sed 's/ovmdiag-\(sv09[0-9]\)-[0-9]\{8\}T[0-9]\{6\}Z/ovmdiag-\1-TIME/g' "$T/split.json" > "$T/report.json"
if [ "${UPDATE:-}" = 1 ]; then mkdir -p "$G"; cp "$T/report.json" "$G/report.json"; echo "updated $G/report.json"; fi
if ! diff -u "$G/report.json" "$T/report.json" > "$T/diff"; then
    fail "pool report differs from $G/report.json (UPDATE=1 to accept):"
    head -40 "$T/diff"
fi

# text: pool findings first in their severity, hosts named
"$OVMDIAG" analyze --pool "$T/sb" > "$T/split.txt" 2>/dev/null
check "text report names the host of a host finding" grep -q 'AG-003 .*\[sv095\]' "$T/split.txt"

# HTML: the pool page
"$OVMDIAG" analyze --pool "$T/sb" -o "$T/pool.html" 2>"$T/err"
check "analyze --pool -o FILE.html exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
check "the page has the hosts x findings matrix" grep -q '<section id="matrix">' "$T/pool.html"
check "the matrix has a column per host" sh -c "grep -o '<th><span class=\"sw h[0-9]\"></span><a href=\"#host-[0-9]\">sv09[125]</a></th>' '$T/pool.html' | wc -l | grep -qx 3"
check "the page has the placement table, sv104 on two hosts" \
    grep -q '<td>sv104</td><td class="bad">.*sv092.*sv095' "$T/pool.html"
check "the page has the pool timeline" grep -q 'aria-label="pool timeline"' "$T/pool.html"
check "the page has the memory side by side" grep -q 'aria-label="memory per host"' "$T/pool.html"
check "the page links into each host's section" sh -c "grep -c 'id=\"host-[123]\"' '$T/pool.html' | grep -qx 3"
check "the page has a Content-Security-Policy with default-src 'none'" \
    grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$T/pool.html"
check "the page has no script, no external stylesheet, no src=" \
    sh -c "! grep -qiE '<script|<link|src=|@import' '$T/pool.html'"
mkdir -p "$TOP/tests/output"
"$PY" "$TOP/tests/browser/check-html.py" "$T/pool.html" "$TOP/tests/output/pool.png" > "$T/browser.out" 2>&1
rc=$?
if [ $rc -eq 77 ]; then
    echo "  skip: headless Chromium is not installed ($(tail -1 "$T/browser.out"))"
else
    [ $rc -eq 0 ] || sed 's/^/    /' "$T/browser.out"
    check "the pool page opens offline in Chromium: no console message, no request, no script" [ $rc -eq 0 ]
fi

# --mask with one --mask-key on every member: the same pseudonyms, so the joins still work
collect split "$T/mb" --mask --mask-key "$T/pool.key"
"$OVMDIAG" analyze --pool "$T/mb" --format json -o "$T/masked.json" 2>"$T/err"
check "analyze --pool of masked bundles exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
check "masked: no real host name left in the pool report" sh -c "! grep -q 'sv09[125]' '$T/masked.json'"
check "masked: three distinct members" [ "$(jq '.pool.members | map(.name) | unique | length' "$T/masked.json")" -eq 3 ]
for r in VM-006 AG-006 AG-009; do
    check "masked: $r still found" [ "$(jq --arg r $r '[.findings[] | select(.scope == "pool" and .rule == $r)] | length' "$T/masked.json")" -ge 1 ]
done
check "masked: the split-brain VM runs on two members" \
    [ "$(jq '[.pool.vms[] | select((.running_on | length) > 1)] | length' "$T/masked.json")" -eq 1 ]
finish
