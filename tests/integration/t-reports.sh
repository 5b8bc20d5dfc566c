# The reports on the example host: JSON valid against docs/report.schema.json, and the JSON, text
# and HTML equal to their golden files; the HTML self-contained (no URL but the rules' links);
# a hostile host (markup, quotes and escape sequences in a log line, a vm.cfg, a file name and a
# .ovsrepo) gives inert HTML and a text report without raw control characters. Both pages are
# opened in headless Chromium (tests/browser/check-html.py); screenshots go to tests/output/.
# UPDATE=1 rewrites tests/golden/ovm-host/report.{json,txt,html} (review the diff).
. "$(dirname "$0")/lib.sh"
G="$TOP/tests/golden/ovm-host"
PY=/usr/bin/python3
cd "$TOP" || exit 1
export SOURCE_DATE_EPOCH=1795000000
sh examples/ovm-host/make-disks.sh >/dev/null || fail "make-disks.sh"
PATH="$TOP/examples/ovm-host/bin" "$OVMDIAG" collect -q --sysroot examples/ovm-host/root \
    -o "$T/b.tar.gz" >/dev/null 2>"$T/err" || fail "collect: $(cat "$T/err")"

# The bundle is named after the time of collection: the one thing that changes between runs.
stable() { sed 's/ovmdiag-sv095-[0-9]\{8\}T[0-9]\{6\}Z/ovmdiag-sv095-TIME/g'; }
for fmt in json text html; do
    "$OVMDIAG" analyze "$T/b.tar.gz" --format $fmt > "$T/raw.$fmt" 2>"$T/err"
    check "analyze --format $fmt exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
    ext=$fmt; [ $fmt = text ] && ext=txt
    stable < "$T/raw.$fmt" > "$T/report.$ext"
    if [ "${UPDATE:-}" = 1 ]; then cp "$T/report.$ext" "$G/report.$ext"; echo "updated $G/report.$ext"; fi
    if ! diff -u "$G/report.$ext" "$T/report.$ext" > "$T/diff"; then
        fail "$fmt report differs from $G/report.$ext (UPDATE=1 to accept):"
        head -40 "$T/diff"
    fi
done
"$OVMDIAG" analyze "$T/b.tar.gz" -o "$T/by-name.html" 2>/dev/null
check "-o FILE.html without --format writes HTML" grep -q '^<!DOCTYPE html>' "$T/by-name.html"
"$OVMDIAG" analyze "$T/b.tar.gz" -o "$T/by-name.json" 2>/dev/null
check "-o FILE.json without --format writes JSON" jq -e .schema "$T/by-name.json" >/dev/null
"$OVMDIAG" analyze "$T/b.tar.gz" --format yaml >/dev/null 2>&1
check "--format yaml is a usage error (exit 2)" [ $? -eq 2 ]
check "text report piped has no colour" sh -c "! grep -q \"$(printf '\033')\" '$T/raw.text'"

validate() { # validate REPORT.json: against the schema
    "$PY" -c 'import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
errs = sorted(jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(doc), key=str)
for e in errs[:5]: print("   ", "/".join(map(str, e.absolute_path)), e.message[:200])
sys.exit(1 if errs else 0)' "$TOP/docs/report.schema.json" "$1"
}
if "$PY" -c 'import jsonschema' 2>/dev/null; then
    check "the JSON report is valid against docs/report.schema.json" validate "$T/raw.json"
    # the schema is not a rubber stamp: a report with a wrong severity fails it
    jq '.findings[0].severity = "fatal"' "$T/raw.json" > "$T/bad.json"
    check "a report with severity 'fatal' is rejected by the schema" sh -c "! validate_quiet=1 \"$PY\" -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' '$TOP/docs/report.schema.json' '$T/bad.json' 2>/dev/null"
else
    fail "python3-jsonschema is missing (scripts/install-deps.sh installs it)"
fi

# Self-contained: the only URLs are the rules' links (and SVG's namespace, which loads nothing).
jq -r '.findings[].links[]' "$T/raw.json" | sort -u > "$T/links"
grep -o 'https\?://[^"<> ]*' "$T/raw.html" | grep -v '^http://www.w3.org/2000/svg$' | sort -u > "$T/urls"
check "every URL in the HTML is a rule's link ($(comm -13 "$T/links" "$T/urls" | head -3))" \
    [ -z "$(comm -13 "$T/links" "$T/urls")" ]
check "the HTML has a Content-Security-Policy with default-src 'none'" \
    grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$T/raw.html"
check "the HTML has no script, no external stylesheet, no src=" \
    sh -c "! grep -qiE '<script|<link|src=|@import' '$T/raw.html'"
check "the HTML shows the memory picture" grep -q 'aria-label="memory of the host"' "$T/raw.html"
check "the HTML shows the domains by simple name" grep -q '<td>sv105</td>' "$T/raw.html"

# --- a hostile host -----------------------------------------------------------------------
H="$T/hostile"
cp -a examples/ovm-host/root "$H"
XSS='<script>alert(1)</script>'
ESC=$(printf '\033[2J\033]0;pwned\007')
printf '[2026-11-20 10:14:30 7421] ERROR (XendDomainInfo:488) VM start failed %s "quoted" & %s\n' "$XSS" "$ESC" >> "$H/var/log/xen/xend.log"
printf 'VmError: Device 1 (vif) could not be connected. Hotplug scripts not working. <img src=x onerror=alert(2)>\n' >> "$H/var/log/xen/xend.log"
cfg=$(ls "$H"/OVS/Repositories/*/VirtualMachines/*/vm.cfg | head -1)
sed -i "s|^OVM_simple_name = .*|OVM_simple_name = '$XSS'|" "$cfg"
printf 'qemu: could not open disk image </td><svg onload=alert(3)>\n' > "$H/var/log/xen/qemu-dm-\"><svg onload=alert(3)>.log"
sed -i 's|^OVS_REPO_ALIAS=.*|OVS_REPO_ALIAS=</td><script>alert(4)</script>|' "$H"/OVS/Repositories/*/.ovsrepo
PATH="$TOP/examples/ovm-host/bin" "$OVMDIAG" collect -q --sysroot "$H" -o "$T/h.tar.gz" >/dev/null 2>"$T/err" \
    || fail "collect hostile: $(cat "$T/err")"
"$OVMDIAG" analyze "$T/h.tar.gz" -o "$T/h.html" 2>"$T/err"
check "analyze of the hostile host exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
check "hostile: no raw <script>, <img> or <svg onload> in the HTML" \
    sh -c "! grep -qiE '<script|<img|<svg onload' '$T/h.html'"
check "hostile: the vm name is shown escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/h.html"
check "hostile: the .ovsrepo alias is shown escaped" grep -q '&lt;/td&gt;&lt;script&gt;alert(4)' "$T/h.html"
check "hostile: the file name is shown escaped" grep -q 'qemu-dm-&quot;&gt;&lt;svg onload=alert(3)&gt;.log' "$T/h.html"
check "hostile: escape sequences are shown as \\x1b" grep -q '\\x1b\[2J' "$T/h.html"
"$OVMDIAG" analyze "$T/h.tar.gz" --format text > "$T/h.txt" 2>/dev/null
check "hostile: the text report carries no raw ESC or BEL" sh -c "! grep -q \"[$(printf '\033\007')]\" '$T/h.txt'"
"$OVMDIAG" analyze "$T/h.tar.gz" --format json > "$T/h.json" 2>/dev/null
if "$PY" -c 'import jsonschema' 2>/dev/null; then
    check "hostile: the JSON report is valid against the schema" validate "$T/h.json"
fi

# --- in a browser: headless Chromium from a file:// URL, as a mail attachment opens --------
mkdir -p "$TOP/tests/output"
browser() { # browser PAGE SHOT [--hostile TEXT]...
    "$PY" "$TOP/tests/browser/check-html.py" "$@" > "$T/browser.out" 2>&1
    rc=$?
    [ $rc -eq 0 ] || sed 's/^/    /' "$T/browser.out"
    return $rc
}
check "Chromium: the example report opens offline, requests nothing, runs nothing" \
    browser "$T/raw.html" "$TOP/tests/output/report.png"
check "Chromium: the hostile report stays inert" \
    browser "$T/h.html" "$TOP/tests/output/hostile.png" --hostile "$XSS" --hostile '</td><script>alert(4)</script>'
finish
