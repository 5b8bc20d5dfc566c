# The bundle that ovmdiag collected inside a real Xen 4.17 dom0 (make xen-test, healthy scenario;
# make xen-golden copies it here): its facts equal the golden file, the real-host facts stay
# pinned, and no rule of warning or worse fires on that healthy host. Boots nothing.
# UPDATE=1 rewrites tests/golden/xen-4.17/facts.json (review the diff).
. "$(dirname "$0")/lib.sh"
G="$TOP/tests/golden/xen-4.17"
"$OVMDIAG" facts "$G/bundle" > "$T/facts.json" 2>"$T/err"
check "facts on the real dom0 bundle exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
jq -S . "$T/facts.json" > "$T/stable.json"
if [ "${UPDATE:-}" = 1 ]; then
    cp "$T/stable.json" "$G/facts.json"
    echo "updated $G/facts.json"
fi
if ! diff -u "$G/facts.json" "$T/stable.json" > "$T/diff"; then
    fail "facts differ from $G/facts.json (UPDATE=1 to accept):"
    head -60 "$T/diff"
fi

F="$T/facts.json"
q() { jq -r "$1" "$F"; }
check "toolstack xl" [ "$(q .host.xen.toolstack)" = xl ]
check "Xen 4.17" [ "$(q '.host.xen.version | startswith("4.17")')" = true ]
check "dom0 has the 1024 MB of dom0_mem=1024M,max:1024M" [ "$(q .dom0.mem_mb)" = 1024 ]
check "dom0 max 1024 MB" [ "$(q .dom0.max_mb)" = 1024 ]
check "dom0_mem argument from the Xen command line" [ "$(q .dom0.dom0_mem_arg.mem_mb)" = 1024 ]
check "the guest tiny with 256 MB and 1 vCPU" \
    [ "$(q '.domains[] | select(.name == "tiny") | "\(.mem_mb) \(.vcpus)"')" = "256 1" ]
check "Domain-0 and tiny, nothing else" [ "$(q '[.domains[].name] | sort | join(",")')" = "Domain-0,tiny" ]
check "no parse error at all (o2cb absent is a note)" [ "$(q '[.errors[] | select(.level == "error")] | length')" = 0 ]
X="$G/bundle/xen/xenctrl.json"
check "xenctrl.json: libxenctrl answered, Xen 4.17" \
    [ "$(jq -r '"\(.available) \(.version.major).\(.version.minor)"' "$X")" = "true 4.17" ]
check "xenctrl.json: physinfo of the 2-CPU, 2 GiB machine" \
    [ "$(jq -r '.physinfo.nr_cpus == 2 and .physinfo.total_mb > 1900 and .physinfo.total_mb <= 2048' "$X")" = true ]
check "xenctrl.json: two domains, dom0 with 1024 MB" \
    [ "$(jq -r '"\(.domains | length) \(.domains[] | select(.domid == 0) | .mem_mb)"' "$X")" = "2 1024" ]
check "manifest: xm missing, not timed out" \
    [ "$(jq -r '[.items[] | select(.kind == "command" and (.source | startswith("xm "))) | .status] | unique | join(",")' "$G/bundle/manifest.json")" = missing ]

"$OVMDIAG" analyze "$G/bundle" --format json -o "$T/report.json" 2>"$T/err"
check "analyze exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
check "no rule of warning or worse fires on the healthy real dom0" \
    [ "$(jq -r '[.findings[] | select(.severity != "info") | .rule] | join(",")' "$T/report.json")" = "" ]
check "no rule errors" [ "$(jq -r .summary.errors "$T/report.json")" = 0 ]
finish
