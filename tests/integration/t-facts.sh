# facts on the example host: the same document from the .tar.gz stream and from the extracted
# directory, equal to the golden file, and the facts the facts issue asks for.
# UPDATE=1 rewrites tests/golden/ovm-host/facts.json (review the diff).
. "$(dirname "$0")/lib.sh"
GOLDEN="$TOP/tests/golden/ovm-host/facts.json"
cd "$TOP" || exit 1
sh examples/ovm-host/make-disks.sh >/dev/null || fail "make-disks.sh"
PATH="$TOP/examples/ovm-host/bin" "$OVMDIAG" collect -q --sysroot examples/ovm-host/root \
    -o "$T/b.tar.gz" >/dev/null 2>"$T/err" || fail "collect: $(cat "$T/err")"
"$OVMDIAG" facts "$T/b.tar.gz" > "$T/tar.json" 2>"$T/err"
check "facts on the tarball exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
extract "$T/b.tar.gz"
"$OVMDIAG" facts "$X" > "$T/dir.json" 2>"$T/err"
check "facts on the directory exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
check "directory and tarball give identical bytes" cmp -s "$T/tar.json" "$T/dir.json"
"$OVMDIAG" facts "$T/x" > "$T/parent.json" 2>/dev/null
check "the parent of the top folder works too" cmp -s "$T/tar.json" "$T/parent.json"

# The collection time and the bundle name change every run; everything else must not.
stable() { jq -S 'del(.meta.bundle, .meta.collection_started, .meta.collection_finished)' "$1"; }
stable "$T/tar.json" > "$T/stable.json"
if [ "${UPDATE:-}" = 1 ]; then
    mkdir -p "$(dirname "$GOLDEN")"
    cp "$T/stable.json" "$GOLDEN"
    echo "updated $GOLDEN"
fi
if ! diff -u "$GOLDEN" "$T/stable.json" > "$T/diff"; then
    fail "facts differ from $GOLDEN (UPDATE=1 to accept):"
    head -60 "$T/diff"
fi

F="$T/tar.json"
q() { jq -r "$1" "$F"; }
check "dom0 memory" [ "$(q .dom0.mem_mb)" = 2796 ]
check "dom0 max is unlimited (no max: on dom0_mem)" [ "$(q .dom0.max_mb)" = null ]
check "dom0_mem argument parsed" [ "$(q .dom0.dom0_mem_arg.mem_mb)" = 2816 ]
check "host total memory" [ "$(q .host.xen.total_mb)" = 130946 ]
check "host free memory" [ "$(q .host.xen.free_mb)" = 13290 ]
check "toolstack xm" [ "$(q .host.xen.toolstack)" = xm ]
check "eight domains with Domain-0" [ "$(q '.domains | length')" = 8 ]
check "every domain has a simple name" [ "$(q '[.domains[] | select(.simple_name == null or (.simple_name | startswith("0004fb")))] | length')" = 0 ]
check "xentop joined (CPU%)" [ "$(q '[.domains[] | select(.cpu_pct != null)] | length')" = 8 ]
check "eight vm.cfg" [ "$(q '.vms | length')" = 8 ]
check "the missing disk is marked" [ "$(q '[.vms[].disks[] | select(.exists == false)] | length')" = 1 ]
check "the stopped VM is not running" [ "$(q '[.vms[] | select(.running == false)] | length')" = 1 ]
check "both repositories" [ "$(q '.repositories | length')" = 2 ]
check "agent DB alias and .ovsrepo alias side by side" [ "$(q '.repositories[] | select(.id == "0004fb000003000024cd350d232b41fc") | "\(.agentdb.alias)|\(.ovsrepo.alias)"')" = "nas-088|nas088-repository" ]
check "the unmounted repository" [ "$(q '.repositories[] | select(.id == "0004fb00000300003fbb494d1ddbff7d") | "\(.mounted)|\(.dir_exists)"')" = "false|false" ]
check "the server's roles are a list" [ "$(q '.agentdb.server.roles | type')" = array ]
check "snapshot time from date -u" [ "$(q .meta.snapshot_time)" = 2026-11-20T10:15:00Z ]
check "xend answered" [ "$(q .meta.xend_responsive)" = true ]
check "xend log inventory" [ "$(q '.logs.xend.files | length')" = 3 ]
check "no parse error on the example host" [ "$(q '[.errors[] | select(.level == "error")] | length')" = 0 ]

# Broken artefacts: each costs only itself, with an error naming it; the rest still comes.
B="$X"
head -c 300 /dev/urandom > "$B/cmd/xm-list.out"
printf 'memory = [[[\n' > "$B/root/OVS/Repositories/0004fb000003000024cd350d232b41fc/VirtualMachines/0004fb00000600001ab4fe3614bd3616/vm.cfg"
printf "{'0004fb000003000024cd350d232b41fc': {'alias': u'nas-0" > "$B/cmd/ovs-agent-db-dump_db-repository.out"
: > "$B/root/proc/meminfo"
"$OVMDIAG" facts "$B" > "$T/broken.json" 2>"$T/err"
check "broken artefacts: still exit 0 ($(cat "$T/err"))" [ $? -eq 0 ]
F="$T/broken.json"
check "errors name the broken list" [ "$(q '[.errors[] | select(.artefact == "cmd/xm-list.out")] | length')" -ge 1 ]
check "errors name the broken vm.cfg with a line" [ "$(q '[.errors[] | select((.artefact | endswith("1ab4fe3614bd3616/vm.cfg")) and .line >= 1)] | length')" -ge 1 ]
check "errors name the cut agent dump" [ "$(q '[.errors[] | select(.artefact == "cmd/ovs-agent-db-dump_db-repository.out")] | length')" -ge 1 ]
check "errors name the empty meminfo" [ "$(q '[.errors[] | select(.artefact == "root/proc/meminfo")] | length')" -ge 1 ]
check "domains still come, from xentop now" [ "$(q .host.xen.domains_source)" = xentop ]
check "dom0 memory still known (xentop)" [ "$(q .dom0.mem_source)" = xentop ]
check "the other vm.cfg still parsed" [ "$(q '[.vms[] | select(.simple_name != null)] | length')" -ge 7 ]
check "the .ovsrepo side still there" [ "$(q '[.repositories[] | select(.ovsrepo.alias == "nas088-repository")] | length')" = 1 ]

check "not a bundle: exit 3" sh -c "'$OVMDIAG' facts /etc/hostname >/dev/null 2>&1; [ \$? -eq 3 ]"
check "missing path: exit 3" sh -c "'$OVMDIAG' facts '$T/nope' >/dev/null 2>&1; [ \$? -eq 3 ]"
check "no argument: exit 2" sh -c "'$OVMDIAG' facts >/dev/null 2>&1; [ \$? -eq 2 ]"
finish
