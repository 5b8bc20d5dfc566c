#!/bin/bash
# boot.sh IMG OVMDIAG RESULTS: boot Xen and dom0 of image folder IMG under qemu, with OVMDIAG (its
# rules are built in) and dom0-run.sh handed in on a third disk (a tar); extract what dom0 wrote
# to the result disk into RESULTS/out (the serial console log is RESULTS/serial.log).
# Exit 0 results came back; 75 the boot timed out (BOOT_TIMEOUT); 77 qemu cannot run here;
# 1 qemu ended without results (dom0 or Xen broke: see serial.log).
# Env: BOOT_TIMEOUT (s, default 900), SMP (default 2), ACCEL (tcg; kvm only with real VT-x/AMD-V).
set -uo pipefail

img=${1:?usage: boot.sh IMG OVMDIAG RESULTS}
bin=${2:?usage: boot.sh IMG OVMDIAG RESULTS}
res=${3:?usage: boot.sh IMG OVMDIAG RESULTS}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BOOT_TIMEOUT=${BOOT_TIMEOUT:-900}
SMP=${SMP:-2}
ACCEL=${ACCEL:-tcg}

command -v qemu-system-x86_64 >/dev/null || { echo "qemu-system-x86_64 is not installed"; exit 77; }
rm -rf "$res"
mkdir -p "$res/disks"
d=$res/disks

# The input disk: a tar that dom0's boot script reads from /dev/vdc.
stage=$d/in
mkdir -p "$stage"
cp "$bin" "$stage/ovmdiag"
cp "$here/dom0-run.sh" "$stage/dom0-run.sh"
tar -C "$stage" -cf "$d/in.tar" . || exit 1
rm -rf "$stage"
truncate -s 64M "$d/out.img"

if [ "$ACCEL" = kvm ]; then
    accel=(-enable-kvm -cpu host)
else
    # qemu64 (-cpu max crashes dom0 under TCG); +svm gives Xen HVM support, as on a real server
    accel=(-accel tcg,thread=multi -cpu qemu64,+svm)
fi
t0=$(date +%s)
timeout "$BOOT_TIMEOUT" qemu-system-x86_64 "${accel[@]}" -m 2048 -smp "$SMP" \
    -nographic -nodefaults -serial stdio -no-reboot \
    -kernel "$img/xen" \
    -append "console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M dom0_max_vcpus=$SMP loglvl=all guest_loglvl=all bootscrub=0" \
    -initrd "$img/vmlinuz root=/dev/vda rw console=hvc0 earlyprintk=xen,$img/initrd.img" \
    -drive file="$img/root.img",format=raw,if=virtio,snapshot=on \
    -drive file="$d/out.img",format=raw,if=virtio \
    -drive file="$d/in.tar",format=raw,if=virtio,readonly=on \
    < /dev/null > "$res/serial.log" 2>&1
rc=$?
echo "$(($(date +%s) - t0))" > "$res/boot-seconds"
tr -d '\r' < "$res/serial.log" > "$res/serial.tmp" && mv "$res/serial.tmp" "$res/serial.log"

# An all-zero result disk also "extracts" cleanly with GNU tar: look for the run's log.
mkdir -p "$res/out"
if tar -C "$res/out" -xf "$d/out.img" 2>/dev/null && [ -s "$res/out/dom0-run.log" ]; then
    rm -rf "$d"
    exit 0
fi
rm -rf "$d"
if [ $rc -eq 124 ]; then
    echo "no results within BOOT_TIMEOUT=${BOOT_TIMEOUT}s"
    exit 75
fi
# qemu that never got as far as Xen's banner could not run here (no TCG, no memory, ...).
if ! grep -q '(XEN)' "$res/serial.log"; then
    echo "qemu could not start Xen (exit $rc): $(head -c 300 "$res/serial.log" | tr '\n' ' ')"
    exit 77
fi
echo "qemu exited $rc without results (see serial.log)"
exit 1
