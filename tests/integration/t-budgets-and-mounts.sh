# Budgets: a small --max-size keeps every command and cuts or skips the oldest logs first.
# A hung mount (a FIFO under a repository blocks its reader like a dead NFS server): the read
# times out, the repository is recorded as hung and the rest of it is skipped.
. "$(dirname "$0")/lib.sh"
EX="$TOP/examples/ovm-host"
sh "$EX/make-disks.sh" >/dev/null || fail "make-disks.sh"

PATH="$EX/bin" "$OVMDIAG" collect -q --sysroot "$EX/root" --max-size 300K -o "$T/small.tar.gz" >/dev/null 2>"$T/err"
check "small budget: exit 0 ($(cat "$T/err"))" [ $? -eq 0 ]
extract "$T/small.tar.gz"
check "every command kept" [ "$(manifest '[.items[] | select(.kind == "command" and .status == "skipped-budget")] | length')" = 0 ]
check "stored bytes within the budget" [ "$(manifest .summary.bytes_stored)" -le $((300 * 1024)) ]
check "some logs skipped for the budget" [ "$(manifest '[.items[] | select(.status == "skipped-budget")] | length')" -gt 0 ]
check "current xend.log kept" [ "$(status /var/log/xen/xend.log)" = ok ]
check "rotated logs are cut first" [ "$(status /var/log/xen/xend.log.1)" = skipped-budget ]

# a repository whose vm.cfg read never returns
R="$T/root/OVS/Repositories/0004fb0000030000aaaaaaaaaaaaaaaa"
mkdir -p "$T/root/etc" "$R/VirtualMachines/vm1" "$R/VirtualMachines/vm2" "$T/bin"
echo mnthost > "$T/root/etc/hostname"
echo "OVS_REPO_ALIAS=r" > "$R/.ovsrepo"
mkfifo "$R/VirtualMachines/vm1/vm.cfg"
echo "name = 'vm2'" > "$R/VirtualMachines/vm2/vm.cfg"
start=$(date +%s)
PATH="$T/bin" "$OVMDIAG" collect -q --sysroot "$T/root" --cmd-timeout 2 -o "$T/m.tar.gz" >/dev/null 2>"$T/err"
rc=$?
elapsed=$(($(date +%s) - start))
check "hung mount: exit 0 (got $rc)" [ $rc -eq 0 ]
check "hung mount: one deadline, not more (took ${elapsed}s)" [ $elapsed -lt 8 ]
check "hung mount: warning" grep -q "reads below '/OVS/Repositories/0004fb0000030000aaaaaaaaaaaaaaaa' hang" "$T/err"
extract "$T/m.tar.gz"
check "hung mount recorded" [ "$(manifest '.hung_mounts[0]')" = /OVS/Repositories/0004fb0000030000aaaaaaaaaaaaaaaa ]
check "the blocking read timed out" [ "$(status /OVS/Repositories/0004fb0000030000aaaaaaaaaaaaaaaa/VirtualMachines/vm1/vm.cfg)" = timeout ]
check "the rest of the repository skipped" [ "$(status /OVS/Repositories/0004fb0000030000aaaaaaaaaaaaaaaa/VirtualMachines/vm2/vm.cfg)" = skipped-hung-mount ]
check "read before the hang kept" [ "$(status /OVS/Repositories/0004fb0000030000aaaaaaaaaaaaaaaa/.ovsrepo)" = ok ]
check "no reader left behind" gone "$T/m.tar.gz"
finish
