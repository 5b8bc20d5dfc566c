#!/bin/bash
# assert.sh RUN OVMDIAG: the host-side assertions on what dom0 wrote (RUN/out, see dom0-run.sh).
# One line per assertion (ok - / not ok -) and a summary line; exit 1 if any failed.
set -u
run=${1:?usage: assert.sh RUN OVMDIAG}
bin=${2:?usage: assert.sh RUN OVMDIAG}
O=$run/out
T=$(mktemp -d "${TMPDIR:-/tmp}/ovmdiag-xen.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0 failed=0
check() { # check "what" command...
    what=$1; shift
    if "$@" >/dev/null 2>&1; then
        echo "ok - $what"; pass=$((pass + 1))
    else
        echo "not ok - $what"; failed=$((failed + 1))
    fi
}
eq() { [ "$1" = "$2" ] || { echo "    got '$1', want '$2'" >&2; return 1; }; }
rc_of() { cat "$O/$1.rc" 2>/dev/null || echo none; }
# extract SCENARIO: the bundle's top folder in $T/SCENARIO, its facts in $T/SCENARIO.json
extract() {
    mkdir -p "$T/$1"
    tar -xzf "$O/$1.tar.gz" -C "$T/$1" 2>/dev/null || return 1
    "$bin" facts "$O/$1.tar.gz" > "$T/$1.json" 2>/dev/null
}
J() { jq -r "$2" "$1" 2>/dev/null; }

# --- healthy ----------------------------------------------------------------------------------
check "dom0 ran the whole script (dom0-run.sh exit 0)" eq "$(cat "$O/dom0-run.rc" 2>/dev/null)" 0
check "xl create of the PV guest succeeded" eq "$(rc_of xl-create-tiny)" 0
check "the guest reached its init (console log via xenconsoled)" eq "$(cat "$O/guest-up" 2>/dev/null)" yes
check "healthy: ovmdiag collect exits 0" eq "$(rc_of healthy-collect)" 0
extract healthy
H=$(echo "$T"/healthy/ovmdiag-*)
F=$T/healthy.json
X=$H/xen/xenctrl.json
M=$H/manifest.json
check "healthy: ovmdiag facts reads the bundle" test -s "$F"
check "xenctrl.json: libxenctrl answered" eq "$(J "$X" .available)" true
check "xenctrl.json: Xen 4.17" eq "$(J "$X" '"\(.version.major).\(.version.minor)"')" 4.17
check "xenctrl.json: real physinfo (2 CPUs, about 2 GiB)" \
    eq "$(J "$X" '.physinfo.nr_cpus == 2 and .physinfo.total_mb > 1900 and .physinfo.total_mb <= 2048 and .physinfo.free_mb > 0')" true
check "xenctrl.json: at least two domains" eq "$(J "$X" '.domains | length >= 2')" true
check "xenctrl.json: domain 0 has 1024 MB" eq "$(J "$X" '.domains[] | select(.domid == 0) | .mem_mb')" 1024
check "facts: toolstack xl" eq "$(J "$F" .host.xen.toolstack)" xl
check "facts: Xen 4.17 from the host" eq "$(J "$F" '.host.xen.version | startswith("4.17")')" true
check "facts: dom0 has the 1024 MB of dom0_mem=1024M,max:1024M" eq "$(J "$F" .dom0.mem_mb)" 1024
check "facts: dom0 max is 1024 MB" eq "$(J "$F" .dom0.max_mb)" 1024
check "facts: dom0_mem argument parsed from the Xen command line" \
    eq "$(J "$F" .dom0.dom0_mem_arg.mem_mb)" 1024
check "facts: Domain-0 in domains[] with 1024 MB" \
    eq "$(J "$F" '.domains[] | select(.id == 0) | .mem_mb')" 1024
check "facts: the guest tiny in domains[] with 256 MB" \
    eq "$(J "$F" '.domains[] | select(.name == "tiny") | .mem_mb')" 256
check "facts: the guest tiny has 1 vCPU" eq "$(J "$F" '.domains[] | select(.name == "tiny") | .vcpus')" 1
check "facts: host total memory from Xen" eq "$(J "$F" '.host.xen.total_mb > 1900')" true
# src "ARGV": manifest status of the command item with that argv
src() {
    jq -r --arg s "$1" '[.items[] | select(.kind == "command" and .source == $s) | .status][0]' "$M"
}
for c in "xl list" "xl list -l" "xl info" "xl dmesg" "xl vcpu-list" "xl uptime" \
    "xentop -b -i 2 -d 1" "xenstore-ls -f"; do
    check "manifest: '$c' collected (ok)" eq "$(src "$c")" ok
done
check "bundle: xl list shows the guest" grep -q '^tiny ' "$H/cmd/xl-list.out"
check "bundle: xl list -l is JSON with the guest's config" \
    eq "$(jq -r '[.[] | select(.config.c_info.name == "tiny")] | length' "$H/cmd/xl-list-l.out")" 1
check "bundle: /var/log/xen/xl-tiny.log collected" test -s "$H/root/var/log/xen/xl-tiny.log"
check "bundle: /var/log/xen/qemu-dm-tiny.log collected" test -e "$H/root/var/log/xen/qemu-dm-tiny.log"
check "bundle: the guest's console log collected" \
    grep -q 'tinyguest: hello' "$H/root/var/log/xen/console/guest-tiny.log"
check "bundle: the hypervisor console log collected" \
    test -s "$H/root/var/log/xen/console/hypervisor.log"
for c in "xm list" "xm info"; do
    check "manifest: '$c' recorded as missing (not as a timeout)" eq "$(src "$c")" missing
done
check "manifest: xend recorded as absent" eq "$(J "$M" .services.xend.state)" absent
check "manifest: no item timed out" eq "$(J "$M" '[.items[] | select(.status == "timeout")] | length')" 0
check "healthy: analyze --format json exits 0" eq "$(rc_of healthy-analyze)" 0
R=$O/healthy-report.json
check "healthy: no rule of warning or worse fires" \
    eq "$(J "$R" '[.findings[] | select(.severity == "warning" or .severity == "critical") | .rule] | join(",")')" ""
check "healthy: no rule errors" eq "$(J "$R" '.summary.errors')" 0
check "healthy: ovmdiag check exits 0 (OK)" eq "$(rc_of healthy-check)" 0
check "healthy: ovmdiag check prints 'OVMDIAG OK'" grep -q '^OVMDIAG OK' "$O/healthy-check.out"

# --- broken: the guest's disk path does not exist -------------------------------------------
# Real Xen 4.17: with a qdisk disk xl does not look at the path and creates the domain; qemu, the
# disk's backend, cannot open the file and logs it. The guest runs without its disk.
check "broken: xl create of the guest with a missing disk file exits 0 (qdisk)" \
    eq "$(rc_of xl-create-broken)" 0
check "broken: ovmdiag collect exits 0" eq "$(rc_of broken-collect)" 0
extract broken
B=$(echo "$T"/broken/ovmdiag-*)
check "broken: qemu-dm-broken.log (collected) says the disk file is missing" \
    grep -q "Could not stat file '/var/lib/xen/images/no-such-disk.img'" \
    "$B/root/var/log/xen/qemu-dm-broken.log"
R=$O/broken-report.json
check "broken: analyze --format json exits 0" eq "$(rc_of broken-analyze)" 0
check "broken: HP-007 (disk path does not exist) fires" \
    eq "$(J "$R" '[.findings[] | select(.rule == "HP-007")] | length')" 1
check "broken: HP-007 names the missing disk" \
    eq "$(J "$R" '.findings[] | select(.rule == "HP-007") | .message | test("no-such-disk.img")')" true
check "broken: no other rule of warning or worse fires" \
    eq "$(J "$R" '[.findings[] | select(.rule != "HP-007" and .severity != "info") | .rule] | join(",")')" ""
check "broken: ovmdiag check exits 2 (CRITICAL)" eq "$(rc_of broken-check)" 2
check "broken: the check line names HP-007" grep -q '^OVMDIAG CRITICAL.*HP-007' "$O/broken-check.out"

echo "xen-test: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
