# The example host (examples/ovm-host): acceptance of the collect issue. Layout, manifest,
# mode 0600, a checksum that verifies, no secret, and every planted artefact present.
. "$(dirname "$0")/lib.sh"
EX="$TOP/examples/ovm-host"
sh "$EX/make-disks.sh" >/dev/null || fail "make-disks.sh"
PATH="$EX/bin" "$OVMDIAG" collect -q --sysroot "$EX/root" -o "$T/b.tar.gz" >"$T/out" 2>"$T/err"
rc=$?
check "collect exits 0 (got $rc: $(cat "$T/err"))" [ $rc -eq 0 ]
check "prints the bundle path" grep -qx "$T/b.tar.gz" "$T/out"
check "bundle mode 0600" [ "$(stat -c %a "$T/b.tar.gz")" = 600 ]
check "checksum mode 0600" [ "$(stat -c %a "$T/b.tar.gz.sha256")" = 600 ]
check "checksum verifies" sh -c "cd '$T' && sha256sum -c --quiet b.tar.gz.sha256"
check "no partial file left" [ ! -e "$T/b.tar.gz.part" ]
extract "$T/b.tar.gz"
check "top folder named after the host and time" sh -c "basename '$X' | grep -qx 'ovmdiag-sv095-[0-9]\{8\}T[0-9]\{6\}Z'"
check "manifest names the host" [ "$(manifest .hostname)" = sv095 ]
check "manifest schema" [ "$(manifest .schema)" = ovmdiag-manifest/1 ]
check "xend answered" [ "$(manifest .services.xend.state)" = responsive ]

# every item has a status from the documented set; stored items have a digest that matches
bad=$(manifest '.items[] | select(.status | IN("ok","truncated","missing","denied","timeout","killed","abandoned","failed","skipped-privacy","skipped-budget","skipped-unresponsive","skipped-hung-mount","skipped-since","skipped-not-regular","skipped-option","skipped-interrupted") | not) | .source')
check "all statuses documented ($bad)" [ -z "$bad" ]
manifest '.items[] | select(.path != null and .kind != "manifest") | "\(.sha256)  \(.path)"' > "$T/sums"
check "per-item sha256 match the stored bytes" sh -c "cd '$X' && sha256sum -c --quiet '$T/sums'"

# what design.md §3 and the issue list, for this host
for f in cmd/xm-list.out cmd/xm-list-l.out cmd/xm-info.out cmd/xm-dmesg.out cmd/xm-vcpu-list.out \
    cmd/xm-uptime.out cmd/xentop.out cmd/xenstore-ls-f.out \
    cmd/ovs-agent-db-dump_db-server.out cmd/ovs-agent-db-dump_db-repository.out \
    cmd/ovs-agent-db-dump_db-aproc.out cmd/ovs-agent-db-dump_db-exports.out \
    cmd/multipath-ll.out cmd/df-P.out cmd/df-Pi.out cmd/mounted.ocfs2-f.out \
    cmd/service-o2cb-status.out cmd/uname-a.out cmd/date-u.out cmd/rpm-qa.out cmd/ip-o-addr.out \
    cmd/brctl-show.out cmd/dmesg.out xen/xenctrl.json \
    root/etc/ovs-agent/agent.ini root/etc/ovs-agent/db/server root/etc/ovs-agent/db/repository \
    root/var/log/xen/xend.log root/var/log/xen/xend.log.1 root/var/log/xen/xend.log.2.gz \
    root/var/log/xen/xend-debug.log root/var/log/xen/xen-hotplug.log \
    root/var/log/xen/domain-builder-ng.log root/var/log/ovs-agent.log root/var/log/messages \
    root/boot/grub/grub.conf root/proc/meminfo root/proc/mounts root/proc/xen/capabilities \
    root/etc/ocfs2/cluster.conf root/etc/sysconfig/o2cb root/etc/ovs-release \
    root/sys/hypervisor/type \
    root/OVS/Repositories/0004fb000003000024cd350d232b41fc/.ovsrepo \
    root/OVS/Repositories/0004fb000003000024cd350d232b41fc/.ovsmeta \
    listing/OVS/Repositories/0004fb000003000024cd350d232b41fc.json; do
    check "bundle has $f" [ -f "$X/$f" ]
done
check "every qemu-dm log" [ "$(ls "$X"/root/var/log/xen/qemu-dm-*.log | wc -l)" -eq 7 ]
check "every vm.cfg (8)" [ "$(ls "$X"/root/OVS/Repositories/*/VirtualMachines/*/vm.cfg | wc -l)" -eq 8 ]
check "rotated gzip kept intact" gzip -t "$X/root/var/log/xen/xend.log.2.gz"
check "xentop ran with -i 2 -d 1" [ "$(status 'xentop -b -i 2 -d 1')" = ok ]
check "xl is absent here, and said so" [ "$(status 'xl list')" = missing ]
check "libxenctrl not asked under --sysroot" [ "$(status 'libxenctrl: version, physinfo, domain list')" = skipped-option ]
check "package list filtered" sh -c "! grep -qv -e xen -e ovs -e kernel -e ocfs2 -e multipath -e libvirt -e qemu -e linux-image '$X/cmd/rpm-qa.out'"
check "package list kept xen" grep -q '^xen-4' "$X/cmd/rpm-qa.out"

# the listing: sizes and allocation, never contents; the missing disk is absent from it
check "listing has the sparse 20 GiB images with their allocation" sh -c "jq -e '[.entries[] | select(.size_bytes == 21474836480 and .allocated_bytes < 1048576)] | length >= 10' '$X'/listing/OVS/Repositories/*.json >/dev/null"
check "no disk image content in the bundle" sh -c "! find '$X' -name '*.img' | grep -q ."

# privacy: no secret anywhere, masked values still visible as keys
check "passwdfile never collected" [ "$(status /etc/ovs-agent/passwdfile)" = skipped-privacy ]
check "private key never collected" [ "$(status /etc/ovs-agent/cert/key.pem)" = skipped-privacy ]
check "no secret in the bundle" sh -c "! grep -rqa -e SECRET -e Welcome1 '$X'"
check "no secret in the compressed stream either" sh -c "! zcat '$T/b.tar.gz' | grep -qa SECRET"
check "agent.ini password masked" grep -q '^password = \*\*\*\*\*\*\*\*$' "$X/root/etc/ovs-agent/agent.ini"
check "vm.cfg vncpasswd masked" sh -c "grep -h vncpasswd '$X'/root/OVS/Repositories/*/VirtualMachines/*/vm.cfg | grep -q \"^vncpasswd = '\\*\""
check "xm list -l vncpasswd masked" grep -q '(vncpasswd \*\*\*' "$X/cmd/xm-list-l.out"
check "xenstore vncpasswd masked" grep -q 'vncpasswd = "\*\*\*' "$X/cmd/xenstore-ls-f.out"
finish
