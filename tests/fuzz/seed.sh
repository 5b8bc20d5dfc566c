#!/bin/sh
# seed.sh TARGET DIR OVMDIAG: the seed corpus of one fuzz target into DIR, from the example host
# (examples/ovm-host), the rules and the texts the unit tests feed the same parser. Run from the
# top of the tree. Existing files in DIR (a corpus grown by earlier runs) are kept.
set -eu
t=$1 dir=$2 bin=$3
ex=examples/ovm-host
repo=$ex/root/OVS/Repositories/0004fb000003000024cd350d232b41fc
mkdir -p "$dir"
cp_seed() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/x-$(echo "$f" | tr '/' '_')"; done; return 0; }
units() { python3 tests/fuzz/c-strings.py "$dir" "$@"; }
case $t in
pylit)
    cp_seed $ex/outputs/ovs-agent-db-*.txt
    # the right-hand sides of the vm.cfg assignments
    for f in $repo/VirtualMachines/*/vm.cfg; do
        sed -n 's/^[A-Za-z_][A-Za-z0-9_]* *= *//p' "$f" | while IFS= read -r v; do
            printf '%s\n' "$v" > "$dir/v-$(printf '%s' "$v" | cksum | cut -d' ' -f1)"
        done
    done
    units tests/unit/test-pylit.c ;;
vmcfg)    cp_seed $repo/VirtualMachines/*/vm.cfg; units tests/unit/test-analyze-vmcfg.c ;;
xmlist)   cp_seed $ex/outputs/xm-list.txt; units tests/unit/test-analyze-xmlist.c ;;
xminfo)   cp_seed $ex/outputs/xm-info.txt; units tests/unit/test-analyze-xminfo.c ;;
xentop)   cp_seed $ex/outputs/xentop-frame*.txt; units tests/unit/test-analyze-xentop.c ;;
sxp)      cp_seed $ex/outputs/xm-list-l.txt $ex/root/etc/xen/xend-config.sxp
          units tests/unit/test-sxp.c tests/unit/test-analyze-xmlistl.c ;;
xllistl)  units tests/unit/test-analyze-xllistl.c ;;
ntp)      cp_seed $ex/outputs/ntpq-pn.txt; units tests/unit/test-analyze-ntp.c ;;
multipath) cp_seed $ex/outputs/multipath-ll.txt; units tests/unit/test-analyze-multipath.c ;;
ovsrepo)  cp_seed $repo/.ovsrepo; units tests/unit/test-analyze-ovsrepo.c ;;
ovsmeta)  cp_seed $repo/.ovsmeta; units tests/unit/test-analyze-ovsmeta.c ;;
rulefile) cp_seed rules/*/*.rule; units tests/unit/test-rulefile.c ;;
bundle)
    # the example host collected (about 65 KB), and small .tar and .tar.gz of a few entries
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    PATH="$PWD/$ex/bin:$PATH" "$bin" collect -q --sysroot $ex/root -o "$tmp/full.tar.gz" >/dev/null
    cp "$tmp/full.tar.gz" "$dir/b-full.tar.gz"
    mkdir "$tmp/x"
    tar -xzf "$tmp/full.tar.gz" -C "$tmp/x"
    top=$(ls "$tmp/x")
    (cd "$tmp/x" && tar -cf "$tmp/small.tar" "$top/manifest.json" "$top/cmd/xm-list.out" \
        "$top/cmd/xm-info.out" "$top/cmd/multipath-ll.out" "$top/root/proc/meminfo" \
        $(cd "$tmp/x" && ls -d "$top"/root/OVS/Repositories/*/.ovsrepo \
          "$top"/root/OVS/Repositories/*/VirtualMachines/*/vm.cfg | head -2))
    cp "$tmp/small.tar" "$dir/b-small.tar"
    gzip -9n < "$tmp/small.tar" > "$dir/b-small.tar.gz" ;;
*)  echo "seed.sh: no seeds for '$t'" >&2; exit 1 ;;
esac
