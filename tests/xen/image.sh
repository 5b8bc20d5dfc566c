#!/bin/bash
# image.sh OVMDIAG: build (or reuse from the cache) a Debian bookworm Xen 4.17 dom0 image that
# can run OVMDIAG. Prints the image folder (xen, vmlinuz, initrd.img, root.img) on stdout.
# Exit 0 done, 77 the mirror cannot be reached (the caller skips), 1 the build failed.
# The cache folder is keyed on a hash of packages.list, the run-time packages of OVMDIAG and
# this script; a stale key rebuilds. ovmdiag itself is not in the image: boot.sh hands it in on
# a disk of its own, so a new build of ovmdiag reuses the image. Needs root (debootstrap, chroot).
set -euo pipefail

bin=${1:?usage: image.sh path/to/ovmdiag}
here=$(cd "$(dirname "$0")" && pwd)
CACHE=${OVMDIAG_XEN_CACHE:-/var/cache/ovmdiag/xen}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}
SUITE=bookworm

say() { echo "image: $*" >&2; }
die() { echo "image: error: $*" >&2; exit 1; }

# The run-time libraries of the host build, as Debian packages (the image is bookworm too).
runtime_pkgs() {
    local lib real pkgs=""
    for lib in $(ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// {print $3}'); do
        real=$(readlink -f "$lib")
        p=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$real" 2>/dev/null ||
            dpkg -S "/usr$lib" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null) ||
            die "no Debian package owns $lib (needed by $bin)"
        pkgs="$pkgs ${p%%:*}"
    done
    printf '%s\n' $pkgs | sort -u
}

RUNTIME=$(runtime_pkgs)
PKGS=$(sed 's/#.*//' "$here/packages.list" | tr -s ' \n' '\n' | grep . ; printf '%s\n' "$RUNTIME")
PKGS=$(printf '%s\n' "$PKGS" | sort -u | tr '\n' ' ')
KEY=$( { echo "$SUITE"; echo "$PKGS"; cat "$0"; } | sha256sum | cut -c1-16)
IMG=$CACHE/img-$KEY

if [ -s "$IMG/root.img" ] && [ -e "$IMG/done" ]; then
    say "cached image $IMG"
    echo "$IMG"
    exit 0
fi

mkdir -p "$CACHE"
exec 9>"$CACHE/lock"
flock 9
if [ -e "$IMG/done" ]; then echo "$IMG"; exit 0; fi   # another run built it meanwhile

for t in debootstrap mkfs.ext4 cpio gzip wget; do
    command -v "$t" >/dev/null || die "$t is not installed (tests/xen/run.sh installs it)"
done
if ! wget -q -T 20 -t 2 -O /dev/null "$MIRROR/dists/$SUITE/Release"; then
    echo "mirror $MIRROR cannot be reached"
    exit 77
fi

W=$CACHE/build-$KEY
R=$W/rootfs
mounted=""
umount_all() {
    local m
    for m in $mounted; do umount "$R/$m" 2>/dev/null || umount -l "$R/$m" 2>/dev/null || true; done
    mounted=""
}
trap umount_all EXIT
mount_all() {
    mount -t proc proc "$R/proc" && mounted="proc $mounted"
    mount -t sysfs sys "$R/sys" && mounted="sys $mounted"
    mount --bind /dev "$R/dev" && mounted="dev $mounted"
    mount --bind /dev/pts "$R/dev/pts" && mounted="dev/pts $mounted"
}

t0=$(date +%s)
# a build killed half-way may have left its chroot mounts behind
for m in $(awk -v w="$W/" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" || true
done
rm -rf "$W"
mkdir -p "$W"
say "debootstrap $SUITE (key $KEY)"
debootstrap --variant=minbase --include=systemd-sysv,udev,kmod,procps,iproute2 \
    "$SUITE" "$R" "$MIRROR" > "$W/debootstrap.log" 2>&1 ||
    { tail -20 "$W/debootstrap.log" >&2; die "debootstrap failed (log: $W/debootstrap.log)"; }

cat > "$R/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"   # no daemons in the chroot
chmod +x "$R/usr/sbin/policy-rc.d"
# A small initramfs: a virtio root only (the stock one costs seconds of dom0 build under TCG).
mkdir -p "$R/etc/initramfs-tools/conf.d"
echo 'MODULES=list' > "$R/etc/initramfs-tools/conf.d/ovmdiag.conf"
printf 'virtio_pci\nvirtio_blk\next4\n' >> "$R/etc/initramfs-tools/modules"
mount_all
say "installing: $PKGS"
# shellcheck disable=SC2086
{ chroot "$R" apt-get update -q &&
  chroot "$R" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      $PKGS && chroot "$R" apt-get clean; } > "$W/apt.log" 2>&1 ||
    { tail -20 "$W/apt.log" >&2; die "apt-get install in the image failed (log: $W/apt.log)"; }
rm -f "$R/usr/sbin/policy-rc.d"

# Every library ovmdiag needs must resolve inside the image.
cp "$bin" "$R/tmp/ovmdiag.ldd"
missing=$(chroot "$R" ldd /tmp/ovmdiag.ldd | grep 'not found' || true)
rm -f "$R/tmp/ovmdiag.ldd"
[ -z "$missing" ] || die "the image lacks libraries of ovmdiag: $missing"

KVER=$(ls "$R/lib/modules" | sort -V | tail -1)
[ -n "$KVER" ] && [ -e "$R/boot/xen-4.17-amd64.gz" ] || die "no kernel or no xen.gz in the image"
echo xen417-dom0 > "$R/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 xen417-dom0\n' > "$R/etc/hosts"
printf '/dev/vda / ext4 rw,errors=remount-ro 0 1\n' > "$R/etc/fstab"
chroot "$R" passwd -d root >/dev/null          # a throw-away image: root on hvc0, no password
# Guest consoles and the hypervisor console logged to /var/log/xen/console, as on many real
# hosts. xenconsoled exits at start if that folder is missing, and then every xl create fails.
echo 'XENCONSOLED_ARGS="--log=all --log-dir=/var/log/xen/console --timestamp=all"' >> "$R/etc/default/xen"
install -d -m 2750 -g 4 "$R/var/log/xen/console"
rm -f "$R"/etc/systemd/system/timers.target.wants/*.timer
ln -sf /dev/null "$R/etc/systemd/system/getty@.service"
ln -sf /dev/null "$R/etc/systemd/system/e2scrub_reap.service"

# At boot: run the harness's dom0-run.sh from the tar on /dev/vdc, write the results as a tar
# to /dev/vdb, power off. The test itself stays out of the image (and out of the cache key).
install -d "$R/usr/local/sbin" "$R/var/lib/xen/images"
cat > "$R/usr/local/sbin/ovmdiag-xen-boot" <<'EOF'
#!/bin/sh
IN=/root/xen-test/in OUT=/root/xen-test/out
rm -rf /root/xen-test; mkdir -p "$IN" "$OUT"
echo "OVMDIAG-XEN: dom0 up after $(cut -d' ' -f1 /proc/uptime)s"
if tar -C "$IN" -xf /dev/vdc 2>"$OUT/input.err" && [ -f "$IN/dom0-run.sh" ]; then
    { timeout 1500 sh "$IN/dom0-run.sh" "$IN" "$OUT"; echo $? > "$OUT/dom0-run.rc"; } 2>&1 |
        tee "$OUT/dom0-run.log"
else
    echo "no harness tar on /dev/vdc" > "$OUT/dom0-run.log"
fi
tar -C "$OUT" -cf /dev/vdb . && sync
echo "OVMDIAG-XEN: results written, powering off"
# The root disk is a qemu snapshot: nothing to save, no need to stop the services one by one.
sync; systemctl poweroff --force
EOF
chmod +x "$R/usr/local/sbin/ovmdiag-xen-boot"
cat > "$R/etc/systemd/system/ovmdiag-xen-test.service" <<'EOF'
[Unit]
Description=ovmdiag xen-test: run the harness from /dev/vdc, results to /dev/vdb, power off
After=xen.service xendomains.service local-fs.target
Wants=xen.service
ConditionPathExists=/proc/xen/capabilities

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/ovmdiag-xen-boot
StandardOutput=journal+console
StandardError=journal+console
TimeoutStartSec=1800

[Install]
WantedBy=multi-user.target
EOF
ln -sf /etc/systemd/system/ovmdiag-xen-test.service \
    "$R/etc/systemd/system/multi-user.target.wants/ovmdiag-xen-test.service"

# The guest: dom0's kernel with a busybox initramfs that says hello and waits to be destroyed.
g=$W/guest
mkdir -p "$g/bin" "$g/proc" "$g/sys" "$g/dev" "$g/lib/modules"
cp "$R/bin/busybox" "$g/bin/busybox"
cp "$R/lib/modules/$KVER/kernel/drivers/block/xen-blkfront.ko" "$g/lib/modules/" 2>/dev/null || true
cat > "$g/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
insmod /lib/modules/xen-blkfront.ko 2>/dev/null
sleep 1
echo "tinyguest: hello from PV domU, kernel $(uname -r)"
[ -e /sys/block/xvda/size ] && echo "tinyguest: xvda sectors $(cat /sys/block/xvda/size)"
while :; do sleep 3600; done
EOF
chmod +x "$g/init"
(cd "$g" && find . | cpio -o -H newc 2>/dev/null | gzip -9) > "$R/var/lib/xen/images/tiny-initrd.gz"
ln -s "vmlinuz-$KVER" "$R/boot/vmlinuz-dom0"

say "initramfs and disk image"
chroot "$R" update-initramfs -u -k "$KVER" > "$W/initramfs.log" 2>&1 ||
    { tail -20 "$W/initramfs.log" >&2; die "update-initramfs failed"; }
umount_all
mkdir -p "$W/img"
zcat "$R/boot/xen-4.17-amd64.gz" > "$W/img/xen"    # an ELF32 multiboot image for qemu -kernel
cp "$R/boot/vmlinuz-$KVER" "$W/img/vmlinuz"
cp "$R/boot/initrd.img-$KVER" "$W/img/initrd.img"
used=$(du -sm "$R" | cut -f1)
mkfs.ext4 -q -F -L xenroot -d "$R" "$W/img/root.img" "$((used + 500))M" >&2 ||
    die "mkfs.ext4 failed"
printf '%s\n' "$PKGS" > "$W/img/packages"
chroot "$R" dpkg-query -W 'xen-*' 'linux-image-*' > "$W/img/versions" 2>/dev/null || true
rm -rf "$IMG" && mv "$W/img" "$IMG" && touch "$IMG/done"
rm -rf "$W"
# Older keys are stale: drop them.
for old in "$CACHE"/img-*; do [ "$old" = "$IMG" ] || rm -rf "$old"; done
say "built $IMG in $(($(date +%s) - t0))s"
echo "$IMG"
