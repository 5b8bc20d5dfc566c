#!/bin/sh
# Create the sparse virtual disk images and ISOs of the sv095 example host.
#
# The images are not kept in git (see .gitignore): they are sparse files made
# with truncate, so they take no disk space however large they claim to be.
# Safe to run again: existing files keep their content, only the size is set.
#
# Every disk referenced by a vm.cfg below root/OVS/Repositories gets an image,
# except 0004fb0000120000f3c4e8a1b7d92e65.img (VM sv105, xvde),
# which is missing on purpose: that is one of the planted faults.
# Two more images (a template disk and sv254-ovmm-01.img) are referenced by no
# vm.cfg: they are the orphans a real repository always collects.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$here/root/OVS/Repositories/0004fb000003000024cd350d232b41fc

mkdir -p "$repo/VirtualDisks" "$repo/ISOs" "$repo/Templates" "$repo/Assemblies"

# image            apparent size
while read -r img size; do
    [ -n "$img" ] || continue
    truncate -s "$size" "$repo/VirtualDisks/$img"
done <<'DISKS'
0004fb00001200003a0a9885c3bf95a1.img 30G
0004fb0000120000ec964d3d4496eba5.img 64G
0004fb000012000092913bcbacbb07b7.img 200G
0004fb0000120000df1db1afefc8cb0e.img 100G
0004fb00001200001936524a9ad401f8.img 20G
0004fb000012000008250218c791b143.img 30G
0004fb00001200001b0650fc9daae133.img 64G
0004fb00001200002bce7a51afd9b8e1.img 100G
0004fb0000120000dd9d5791b501d678.img 100G
0004fb00001200005d0f57dc32af3935.img 50G
0004fb00001200000589f4d7ac844524.img 20G
0004fb0000120000de7cc7b37bdde7cd.img 30G
0004fb000012000063f2f15eade2fa29.img 64G
0004fb0000120000161cfaa0dee8643b.img 150G
0004fb0000120000703eafc019586494.img 50G
0004fb000012000051cff5f28183edf1.img 20G
0004fb0000120000a8feba18beb8daac.img 20G
0004fb000012000096097eddef0e4270.img 30G
0004fb00001200006a27805dada8dc3a.img 64G
0004fb0000120000d79c8a4a7c987177.img 200G
0004fb0000120000422ee984adcacd51.img 100G
0004fb00001200007d557c303796ba00.img 20G
0004fb000012000004383e5e65c71607.img 20G
0004fb0000120000b4aa1d5fea4c543a.img 30G
0004fb0000120000a0af3357d6cafd05.img 64G
0004fb00001200005428824c138a9ebf.img 100G
0004fb0000120000b171b415380cb844.img 50G
0004fb000012000097776037e15d0175.img 20G
0004fb0000120000538b8ba47b973b25.img 100G
0004fb0000120000755ad1562033f42f.img 30G
0004fb000012000081567bce7059f7a1.img 64G
0004fb00001200005ae49d5668d156b4.img 100G
0004fb0000120000aba5d807385d5753.img 50G
0004fb000012000038703e94bd00af97.img 20G
0004fb00001200001c3c6aea78de91f8.img 30G
0004fb000012000019ba4d4f253b7ac8.img 64G
0004fb00001200004538bda72190793f.img 100G
0004fb0000120000d8e56804a34b7ee8.img 50G
0004fb000012000039d96c9181bce15e.img 20G
0004fb000012000024b26a267b2f0b13.img 20G
0004fb0000120000e06adb53e1ae844b.img 30G
0004fb0000120000dbc9345c1ad9bf88.img 64G
0004fb00001200002b6ae90ddfc3eee1.img 50G
0004fb00001200009c02221b285ad76d.img 40G
sv254-ovmm-01.img 100G
DISKS

truncate -s 64M "$repo/ISOs/0004fb0000150000c1a7e6f25d3b9a08.iso"
truncate -s 64M "$repo/ISOs/0004fb00001500009f6ce2a34d84d851.iso"

if [ -e "$repo/VirtualDisks/0004fb0000120000f3c4e8a1b7d92e65.img" ]; then
    echo "make-disks.sh: warning: $repo/VirtualDisks/0004fb0000120000f3c4e8a1b7d92e65.img exists;" >&2
    echo "make-disks.sh: delete it, the example expects that disk to be missing" >&2
fi
# A git checkout stamps every file with the time of the checkout. Give the host's files the
# host's clock (the snapshot, Nov 20 2026 10:15 UTC), so that syslog lines, which carry no
# year, read as 2026 and the facts of the example are the same on every checkout.
find "$here/root" -type f -exec touch -h -d '2026-11-20 10:15:00 UTC' {} +
echo "sparse disk images and ISOs are in $repo"
