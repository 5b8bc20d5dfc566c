# check: Nagios states and exit codes on the example host (CRITICAL), a healthy copy of it (OK),
# the copy with one warning fault (WARNING), and hosts where the check cannot run or a rule is
# broken (UNKNOWN); json is the report of analyze; prometheus parses and -o replaces the file
# atomically; a wedged xend shows. Golden files for the three formats on the example host
# (UPDATE=1 rewrites tests/golden/ovm-host/check.*; review the diff).
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1
GOLDEN="$TOP/tests/golden/ovm-host"
sh examples/ovm-host/make-disks.sh >/dev/null || fail "make-disks.sh"
export SOURCE_DATE_EPOCH=1795169700
EX="$TOP/examples/ovm-host"

# ovmdiag_check HOST ARGS...: check on a fixture host (HOST/root, HOST/bin first in PATH);
# stdout in $T/out, stderr in $T/err, exit status in $rc.
ovmdiag_check() {
    h=$1; shift
    PATH="$h/bin:$PATH" "$OVMDIAG" check --sysroot "$h/root" "$@" > "$T/out" 2>"$T/err"
    rc=$?
}
line1() { head -n 1 "$T/out"; }
starts() { case "$(line1)" in "$1"*) return 0 ;; esac; return 1; }
golden() { # golden NAME FILE
    if [ "${UPDATE:-}" = 1 ]; then cp "$2" "$GOLDEN/$1"; echo "updated $GOLDEN/$1"; fi
    if ! diff -u "$GOLDEN/$1" "$2" > "$T/diff"; then
        fail "$1 differs from $GOLDEN/$1 (UPDATE=1 to accept):"
        head -40 "$T/diff"
    fi
}

# make_healthy DST: a copy of the example host with the planted faults (examples/ovm-host/README.md)
# taken out; only CFG-003 (info) stays.
make_healthy() {
    dst=$1
    rm -rf "$dst"; mkdir -p "$dst"
    cp -a "$EX/bin" "$EX/outputs" "$EX/root" "$dst/"
    o=$dst/outputs r=$dst/root repo=$dst/root/OVS/Repositories/0004fb000003000024cd350d232b41fc
    # 1, 2: dom0 above the sizing rule (3186 MiB) and capped with max:
    sed -i 's/^\(Domain-0 *0 *\)2796/\13500/' "$o/xm-list.txt"
    for f in "$o/xm-info.txt" "$o/xm-dmesg.txt" "$r/boot/grub/grub.conf"; do
        sed -i 's/dom0_mem=2816M/dom0_mem=3500M,max:3500M/' "$f"
    done
    # 3, 4: no failed guest starts in the logs
    for f in xen/xend.log xen/xen-hotplug.log xen/domain-builder-ng.log messages ovs-agent.log; do
        : > "$r/var/log/$f"
    done
    sed -i '/extent\|[Oo]ut of memory\|failed/d' "$o/xm-dmesg.txt"
    # 5: one alias; 6: no repository in the agent database that is not mounted
    sed -i 's/nas088-repository/nas-088/' "$repo/.ovsrepo"
    sed -n '1,6p' "$o/ovs-agent-db-repository.txt" | sed '6s/},$/}}/' > "$T/repo.txt"
    cp "$T/repo.txt" "$o/ovs-agent-db-repository.txt"
    # 7: the missing disk exists; 8: one MAC per NIC; sv107 on a bridge that exists, not HA
    : > "$repo/VirtualDisks/0004fb0000120000f3c4e8a1b7d92e65.img"
    sed -i 's/00:21:f6:2a:01:66/00:21:f6:2a:01:99/' \
        "$repo/VirtualMachines/0004fb0000060000cd82eeb81e5f78a1/vm.cfg"
    sed -i 's/1035d2c6a7/100bc68c90/; s/OVM_high_availability = True/OVM_high_availability = False/' \
        "$repo/VirtualMachines/0004fb0000060000e1c4b3a2d1f00a11/vm.cfg"
}

# --- the example host: CRITICAL ---------------------------------------------------------------
ovmdiag_check "$EX"
check "example host: exit 2 (got $rc: $(cat "$T/err"))" [ $rc -eq 2 ]
check "example host: OVMDIAG CRITICAL ($(line1 | cut -c1-60))" starts "OVMDIAG CRITICAL - 8 critical, 5 warning: "
check "perfdata after one '|'" sh -c "head -n 1 '$T/out' | grep -q ' | critical=8;;;0 warning=5;;;0 info=1;;;0 .*collection_time=0.000s;;;0\$'"
check "the line caps the rule list" sh -c "head -n 1 '$T/out' | grep -q ' +8 more | '"
check "long output: one line per finding" [ "$(sed 1d "$T/out" | grep -c '^\(critical\|warning\|info\) ')" = 14 ]
check "no '|' in the long output" sh -c "! sed 1d '$T/out' | grep -q '|'"
check "nothing on stderr ($(cat "$T/err"))" [ ! -s "$T/err" ]
golden check-nagios.txt "$T/out"

ovmdiag_check "$EX" --format json
check "json: exit 2" [ $rc -eq 2 ]
check "json: valid" jq -e .schema "$T/out" >/dev/null
cp "$T/out" "$T/check.json"
golden check.json "$T/check.json"
PATH="$EX/bin" "$OVMDIAG" collect -q --sysroot "$EX/root" -o "$T/b.tar.gz" >/dev/null 2>&1 ||
    fail "collect"
"$OVMDIAG" analyze "$T/b.tar.gz" --format json > "$T/analyze.json" 2>/dev/null
check "json: the same summary as analyze" [ "$(jq -c .summary "$T/check.json")" = "$(jq -c .summary "$T/analyze.json")" ]
check "json: the same findings as analyze" [ "$(jq -c .findings "$T/check.json")" = "$(jq -c .findings "$T/analyze.json")" ]

ovmdiag_check "$EX" --format text
check "text: exit 2" [ $rc -eq 2 ]
check "text: the report's summary line" grep -q '^findings: 8 critical, 5 warning, 1 info; ' "$T/out"
check "text: no colour into a file" sh -c "! grep -q \"\$(printf '\\033')\" '$T/out'"

# Prometheus: the golden file, promtool when installed, else a strict check of the format.
ovmdiag_check "$EX" --format prometheus
check "prometheus: exit 2" [ $rc -eq 2 ]
cp "$T/out" "$T/check.prom"
golden check.prom "$T/check.prom"
if command -v promtool >/dev/null 2>&1; then
    check "promtool check metrics" sh -c "promtool check metrics < '$T/check.prom' >/dev/null 2>&1"
fi
bad=$(awk '
    /^# HELP [a-z_]+ .+$/ { next }
    /^# TYPE [a-z_]+ (gauge|counter)$/ { fam = $3; next }
    /^[a-z_]+(\{[a-z_]+="([^"\\]|\\.)*"(,[a-z_]+="([^"\\]|\\.)*")*\})? -?[0-9]+(\.[0-9]+)?$/ {
        name = $0; sub(/[{ ].*/, "", name); if (name == fam) next }
    { print NR ": " $0 }' "$T/check.prom")
check "prometheus: every line is HELP, TYPE or a sample of the declared family ($bad)" [ -z "$bad" ]
check "prometheus: findings per severity" grep -qx 'ovmdiag_findings{severity="critical"} 8' "$T/check.prom"
check "prometheus: one series per failing rule" [ "$(grep -c '^ovmdiag_rule_failing{' "$T/check.prom")" = 14 ]
check "prometheus: success" grep -qx 'ovmdiag_check_success 1' "$T/check.prom"
check "prometheus: timestamp from SOURCE_DATE_EPOCH" grep -qx 'ovmdiag_check_timestamp_seconds 1795169700' "$T/check.prom"

# -o: written atomically (FILE.tmp, then rename), replacing the old file, readable by others.
mkdir -p "$T/textfile"
echo stale > "$T/textfile/ovmdiag.prom"
ovmdiag_check "$EX" --format prometheus -o "$T/textfile/ovmdiag.prom"
check "-o: exit 2, nothing on stdout" [ $rc -eq 2 ] && [ ! -s "$T/out" ]
check "-o: the metrics replace the old file" cmp -s "$T/textfile/ovmdiag.prom" "$T/check.prom"
check "-o: no temporary file left" [ "$(ls "$T/textfile")" = ovmdiag.prom ]
check "-o: mode 0644" [ "$(stat -c %a "$T/textfile/ovmdiag.prom")" = 644 ]

# --- a healthy host: OK; one warning fault: WARNING --------------------------------------------
make_healthy "$T/healthy"
ovmdiag_check "$T/healthy"
check "healthy host: exit 0 (got $rc: $(line1))" [ $rc -eq 0 ]
check "healthy host: OVMDIAG OK" starts "OVMDIAG OK - no warning or critical finding, "
check "healthy host: the info finding in the long output" grep -q '^info CFG-003: ' "$T/out"

cp -a "$T/healthy" "$T/warning"
sed -i 's/^OVS_REPO_ALIAS=.*/OVS_REPO_ALIAS=nas088-repository/' \
    "$T/warning/root/OVS/Repositories/0004fb000003000024cd350d232b41fc/.ovsrepo"
grep -q '^OVS_REPO_ALIAS=nas088-repository' \
    "$T/warning/root/OVS/Repositories/0004fb000003000024cd350d232b41fc/.ovsrepo" ||
    fail "the warning host has the alias fault"
ovmdiag_check "$T/warning"
check "warning host: exit 1 (got $rc: $(line1))" [ $rc -eq 1 ]
check "warning host: OVMDIAG WARNING naming AG-005" starts "OVMDIAG WARNING - 1 warning: AG-005 "

# --- UNKNOWN: cannot run, usage errors, broken rules ------------------------------------------
"$OVMDIAG" check --sysroot "$T/nope" > "$T/out" 2>"$T/err"
check "missing --sysroot: exit 3" [ $? -eq 3 ]
check "missing --sysroot: the reason on the line" starts "OVMDIAG UNKNOWN - --sysroot '$T/nope': No such file"
"$OVMDIAG" check --sysroot "$T/nope" --format prometheus -o "$T/textfile/ovmdiag.prom" > "$T/out" 2>&1
check "cannot run, prometheus: exit 3" [ $? -eq 3 ]
check "cannot run, prometheus: success 0 in the textfile" grep -qx 'ovmdiag_check_success 0' "$T/textfile/ovmdiag.prom"
check "cannot run, prometheus: status 3" grep -qx 'ovmdiag_check_status 3' "$T/textfile/ovmdiag.prom"
for args in "--format bogus" "--cmd-timeout 0" "--no-such-option" "extra-argument"; do
    # shellcheck disable=SC2086
    "$OVMDIAG" check $args > "$T/out" 2>"$T/err"
    check "usage error '$args': exit 3, not 2" [ $? -eq 3 ]
    check "usage error '$args': an UNKNOWN line" starts "OVMDIAG UNKNOWN - usage error: "
done
"$OVMDIAG" check --help > "$T/out" 2>&1
check "--help: exit 0" [ $? -eq 0 ]
ovmdiag_check "$T/healthy" --rules "$T/no-such-rules"
check "missing --rules dir: exit 3 (got $rc)" [ $rc -eq 3 ]
check "missing --rules dir: UNKNOWN" starts "OVMDIAG UNKNOWN - cannot load rules: "

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
ovmdiag_check "$T/healthy" --rules "$T/rules"
check "broken rule on a healthy host: exit 3 (got $rc)" [ $rc -eq 3 ]
check "broken rule: UNKNOWN naming it" starts "OVMDIAG UNKNOWN - 1 rule broken: MEM-999; "
check "broken rule: counted in perfdata" sh -c "head -n 1 '$T/out' | grep -q 'rules_error=1;;;0'"
check "broken rule: file:line in the long output" grep -q '^rule error MEM-999: .*MEM-999-broken-jq.rule:7: ' "$T/out"
ovmdiag_check "$EX" --rules "$T/rules"
check "broken rule on the example host: findings still decide (exit 2, got $rc)" [ $rc -eq 2 ]
check "broken rule on the example host: mentioned" sh -c "head -n 1 '$T/out' | grep -q '; 1 rule broken: MEM-999 | '"

# --- a wedged xend costs one short timeout and shows ----------------------------------------
cp -a "$T/healthy" "$T/hung"
printf '#!/bin/sh\nexec /bin/sleep 100078\n' > "$T/hung/bin/xm"
chmod +x "$T/hung/bin/xm"
start=$(date +%s)
ovmdiag_check "$T/hung" --cmd-timeout 2
elapsed=$(($(date +%s) - start))
check "wedged xend: the XEND-003 finding decides (exit 2, got $rc: $(line1))" [ $rc -eq 2 ]
check "wedged xend: XEND-003 and the items not collected on the line" \
    starts "OVMDIAG CRITICAL - 1 critical: XEND-003 xend is hung (xm got no answer); 7 items not collected | "
check "wedged xend: xm list in the long output" grep -q '^not collected: xm list (timeout)' "$T/out"
check "wedged xend: one timeout (took ${elapsed}s)" [ $elapsed -lt 30 ]
check "no stub process left" gone 100078
finish
