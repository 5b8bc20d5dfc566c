#!/bin/bash
# run.sh OVMDIAG: `make xen-test`. Builds or reuses the dom0 image (image.sh), boots Xen and dom0
# under qemu with OVMDIAG in it (boot.sh, one retry on a boot timeout), then checks the results
# on this side (assert.sh). Prints SKIPPED and exits 0 when the VM cannot be booted for reasons
# outside the project (no root, no qemu, mirror unreachable); once it booted, every failed
# assertion makes it exit 1. Results stay in $OVMDIAG_XEN_RESULTS (default build/xen) for
# `make xen-golden`.
set -u
bin=${1:?usage: run.sh path/to/ovmdiag}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
RESULTS=${OVMDIAG_XEN_RESULTS:-$top/build/xen}
export BOOT_TIMEOUT=${BOOT_TIMEOUT:-900}
t0=$(date +%s)
log() { echo "xen-test: $* ($(($(date +%s) - t0))s)"; }
skip() { log "SKIPPED: $*"; exit 0; }
die() { log "FAILED: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "needs root (debootstrap, chroot, mounts)"
[ "$(uname -m)" = x86_64 ] || skip "needs an x86_64 host"
sh "$top/scripts/install-deps.sh" --if-missing --with-xen >/dev/null 2>&1 ||
    skip "cannot install the host packages (qemu-system-x86, debootstrap): apt failed"
mkdir -p "$RESULTS"

log "image"
img=$(bash "$here/image.sh" "$bin" 2> "$RESULTS/image.log")
rc=$?
case $rc in
0) ;;
77) skip "$img" ;;
*) tail -5 "$RESULTS/image.log"; die "the dom0 image could not be built (exit $rc)" ;;
esac
log "image ready: $img"

for attempt in 1 2; do
    log "boot $attempt (BOOT_TIMEOUT=${BOOT_TIMEOUT}s)"
    why=$(bash "$here/boot.sh" "$img" "$bin" "$RESULTS/run")
    rc=$?
    [ $rc -eq 75 ] && [ $attempt -eq 1 ] && { log "boot timed out, retrying once"; continue; }
    break
done
case $rc in
0) log "dom0 ran the test, results in $RESULTS/run (boot took $(cat "$RESULTS/run/boot-seconds")s)" ;;
77) skip "$why" ;;
75) # A slow machine is outside the project; a dom0 that came up and then hung is not.
    grep -q 'OVMDIAG-XEN: dom0 up' "$RESULTS/run/serial.log" &&
        die "dom0 came up but the test did not finish in ${BOOT_TIMEOUT}s (see $RESULTS/run/serial.log)"
    skip "Xen/dom0 did not come up within ${BOOT_TIMEOUT}s twice (TCG too slow here?)" ;;
*) tail -15 "$RESULTS/run/serial.log"; die "$why" ;;
esac

bash "$here/assert.sh" "$RESULTS/run" "$bin"
rc=$?
log "done"
exit $rc
