#!/bin/sh
# dom0-run.sh IN OUT: runs inside the booted dom0 (started by /usr/local/sbin/ovmdiag-xen-boot
# of the image). IN holds ovmdiag and this script from the host; everything for the host-side
# assertions goes to OUT, which the boot script writes to the result disk. The rules are built
# into ovmdiag (rules/*.rule are embedded at build time), so the fresh binary brings them; loading
# them twice with --rules would double the rule compilation, the slowest step under TCG.
#   1. healthy: start the PV guest "tiny" (busybox initramfs, qdisk disk) and wait for its
#      init; ovmdiag collect, analyze --format json and check.
#   2. broken: a second guest whose disk file does not exist; collect and analyze again.
# Progress goes to stdout (the serial console), one line per step.
IN=${1:?usage: dom0-run.sh IN OUT}
OUT=${2:?usage: dom0-run.sh IN OUT}
OVMDIAG="$IN/ovmdiag"
TO=300                        # per xl / ovmdiag step; xl is slow under TCG
GUEST_WAIT=${GUEST_WAIT:-240}
export TMPDIR=/root/xen-test/tmp
mkdir -p "$TMPDIR"
say() { echo "OVMDIAG-XEN: $* ($(cut -d' ' -f1 /proc/uptime)s)"; }
# step NAME CMD...: stdout to OUT/NAME.out, stderr to OUT/NAME.err, exit code to OUT/NAME.rc
step() {
    name=$1; shift
    timeout "$TO" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
    echo $? > "$OUT/$name.rc"
    say "$name: exit $(cat "$OUT/$name.rc")"
}
# ovmdiag_run SCENARIO: collect, analyze and check; bundle as OUT/SCENARIO.tar.gz.
ovmdiag_run() {
    sc=$1
    step "$sc-collect" "$OVMDIAG" collect -q -o "$OUT/$sc.tar.gz"
    step "$sc-analyze" "$OVMDIAG" analyze "$OUT/$sc.tar.gz" --format json -o "$OUT/$sc-report.json"
    step "$sc-check" "$OVMDIAG" check
}
wait_console() { # wait_console GUEST: until its console log shows the init's hello
    i=0
    while [ $i -lt "$GUEST_WAIT" ]; do
        grep -qs 'tinyguest: hello' "/var/log/xen/console/guest-$1.log" && return 0
        sleep 1; i=$((i + 1))
    done
    return 1
}

say "dom0-run started"
"$OVMDIAG" --version > "$OUT/version" 2>&1
cp /etc/debian_version "$OUT/debian_version" 2>/dev/null
ps -eo pid,args | grep -E '[x]enstored|[x]enconsoled|[q]emu' > "$OUT/ps-xen-before.txt"

# --- 1. healthy -----------------------------------------------------------------------------
rm -rf /var/lib/xen/images/tiny-disk.img
truncate -s 16M /var/lib/xen/images/tiny-disk.img
cat > /etc/xen/tiny.cfg <<'EOF'
name        = "tiny"
type        = "pv"
kernel      = "/boot/vmlinuz-dom0"
ramdisk     = "/var/lib/xen/images/tiny-initrd.gz"
extra       = "console=hvc0 loglevel=4"
memory      = 256
vcpus       = 1
disk        = [ 'format=raw,vdev=xvda,access=rw,backendtype=qdisk,target=/var/lib/xen/images/tiny-disk.img' ]
on_poweroff = "destroy"
on_reboot   = "destroy"
on_crash    = "destroy"
EOF
step xl-create-tiny xl create /etc/xen/tiny.cfg
if wait_console tiny; then
    say "guest tiny reached its init"
    echo yes > "$OUT/guest-up"
else
    say "guest tiny did not reach its init in ${GUEST_WAIT}s"
    echo no > "$OUT/guest-up"
fi
step healthy-xl-list xl list
ovmdiag_run healthy

# --- 2. broken: the guest's disk path does not exist --------------------------------------------
# xl create of a guest whose disk file is missing. With the qdisk backend xl does not look at
# the path: it creates the domain (exit 0) and qemu, the disk's backend, fails to open the file
# and says so in qemu-dm-broken.log. The guest runs without its disk.
sed -e 's/"tiny"/"broken"/' -e 's|tiny-disk.img|no-such-disk.img|' /etc/xen/tiny.cfg \
    > /etc/xen/broken.cfg
rm -f /var/lib/xen/images/no-such-disk.img
step xl-create-broken xl create /etc/xen/broken.cfg
sleep 10        # (its init may never come: blkfront waits for the disk that qemu did not make)
step broken-xl-list xl list
ovmdiag_run broken

# --- the end --------------------------------------------------------------------------------
# Destroy the guests: xendomains would otherwise spend minutes shutting them down.
for d in broken tiny; do xl destroy "$d" >/dev/null 2>&1; done
journalctl -b --no-pager > "$OUT/journal.txt" 2>&1
ls -laR /var/log/xen > "$OUT/var-log-xen-ls.txt" 2>&1
rm -rf "$TMPDIR"
say "dom0-run finished"
