# analyze on the example host: the planted faults under their catalog ids, no unplanted warning,
# the same report from the tarball and the directory, --fail-on exit codes, and a broken rule
# that costs only itself (file:line on stderr, every other rule still runs).
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1
sh examples/ovm-host/make-disks.sh >/dev/null || fail "make-disks.sh"
PATH="$TOP/examples/ovm-host/bin" "$OVMDIAG" collect -q --sysroot examples/ovm-host/root \
    -o "$T/b.tar.gz" >/dev/null 2>"$T/err" || fail "collect: $(cat "$T/err")"
export SOURCE_DATE_EPOCH=1795169700
"$OVMDIAG" analyze --format json "$T/b.tar.gz" > "$T/tar.json" 2>"$T/err"
check "analyze exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
extract "$T/b.tar.gz"
"$OVMDIAG" analyze --format json "$X" > "$T/dir.json" 2>/dev/null
check "tarball and directory give the same report" cmp -s "$T/tar.json" "$T/dir.json"
"$OVMDIAG" analyze --format json "$T/b.tar.gz" > "$T/again.json" 2>/dev/null
check "the same input gives byte-identical JSON" cmp -s "$T/tar.json" "$T/again.json"

R="$T/tar.json"
q() { jq -r "$1" "$R"; }
check "schema" [ "$(q .schema)" = ovmdiag-report/1 ]
check "no rule errors" [ "$(q .summary.errors)" = 0 ]
# The planted faults (examples/ovm-host/README.md) that rules exist for.
# (examples/ovm-host/README.md lists them; XEND-005 and MEM-005 are related views of fault 4
# that the more specific rules report instead.)
for id in MEM-002 MEM-006 MEM-009 MEM-012 MEM-013 MEM-016 HP-001 HP-005 AG-003 AG-005 CFG-001 \
    CFG-004 CFG-010; do
    check "planted fault $id reported" [ "$(q "[.findings[] | select(.rule == \"$id\")] | length")" -ge 1 ]
done
planted='["MEM-002","MEM-005","MEM-006","MEM-009","MEM-012","MEM-013","MEM-016","XEND-005","HP-001","HP-005","AG-003","AG-005","CFG-001","CFG-004","CFG-010"]'
extra=$(jq -r --argjson p "$planted" '[.findings[] | select(.severity != "info") | .rule | select(. as $r | $p | index($r) | not)] | unique | join(" ")' "$R")
check "no unplanted warning or critical finding (got: $extra)" [ -z "$extra" ]
check "findings sorted by severity" [ "$(q '[.findings[].severity] | map({"critical":0,"warning":1,"info":2}[.]) | . == sort')" = true ]
check "log evidence has file and line" [ "$(q '[.findings[] | select(.rule == "HP-001") | .evidence[0] | select(.file == "root/var/log/xen/xend.log" and .line > 0)] | length')" = 1 ]

"$OVMDIAG" analyze "$T/b.tar.gz" --fail-on critical >/dev/null 2>&1
check "--fail-on critical: exit 1 with a critical finding" [ $? -eq 1 ]
"$OVMDIAG" analyze "$T/b.tar.gz" --fail-on info -o "$T/out.json" >/dev/null 2>&1
check "--fail-on info: exit 1" [ $? -eq 1 ]
check "-o writes the report" cmp -s "$T/out.json" "$T/tar.json"
"$OVMDIAG" analyze "$T/b.tar.gz" --fail-on bogus >/dev/null 2>&1
check "--fail-on bogus: exit 2" [ $? -eq 2 ]
"$OVMDIAG" analyze /etc/hostname >/dev/null 2>&1
check "not a bundle: exit 3" [ $? -eq 3 ]

# A rules folder with one broken rule (bad jq) and one bad pattern: file:line, the rest still run.
mkdir -p "$T/rules"
cat > "$T/rules/MEM-999-broken-jq.rule" <<'RULE'
[rule]
id       = MEM-999
title    = broken on purpose
severity = warning

[when]
.dom0.mem_mb <

[message]
fail = never
RULE
cat > "$T/rules/HP-999-broken-pattern.rule" <<'RULE'
[rule]
id       = HP-999
title    = broken pattern on purpose
severity = warning

[log x]
source  = xend
pattern = Device (\d+ unbalanced

[message]
fail = never
RULE
# a [foreach] rule whose subject fails at run time (once freed its message twice)
cat > "$T/rules/VM-998-subject-fails.rule" <<'RULE'
[rule]
id       = VM-998
title    = subject fails on purpose
severity = info

[foreach]
.domains[]

[message]
fail    = {.name} is here
subject = {error("no subject for " + .name)}
RULE
"$OVMDIAG" analyze --format json "$T/b.tar.gz" --rules "$T/rules" > "$T/broken.json" 2>"$T/err"
check "broken rules: analyze still exits 0" [ $? -eq 0 ]
check "bad jq reported with file:line" grep -q "MEM-999-broken-jq.rule:7: jq: error" "$T/err"
R="$T/broken.json"
check "the broken jq rule has outcome error" [ "$(q '.rules[] | select(.rule == "MEM-999") | .outcome')" = error ]
check "the bad pattern rule has outcome error" [ "$(q '.rules[] | select(.rule == "HP-999") | .outcome')" = error ]
check "the bad pattern names file and line" sh -c "jq -r '.rules[] | select(.rule == \"HP-999\") | .reason' '$R' | grep -q 'HP-999-broken-pattern.rule:[0-9]*: pattern'"
check "a subject that fails at run time makes an error outcome" \
    sh -c "jq -r '.rules[] | select(.rule == \"VM-998\") | .outcome + \" \" + .reason' '$R' | grep -q '^error .*no subject for'"
check "the other rules still ran" [ "$(q '[.findings[] | select(.rule == "MEM-012")] | length')" = 1 ]
"$OVMDIAG" rules check "$T/rules" > "$T/check" 2>/dev/null
check "rules check exits 3 on a broken rule" [ $? -eq 3 ]
check "rules check prints file:line" grep -q "MEM-999-broken-jq.rule:7:" "$T/check"
check "rules check names the bad pattern with its line" grep -q "HP-999-broken-pattern.rule:8: pattern: offset" "$T/check"
finish
