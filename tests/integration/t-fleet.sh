# Fleet collection through Ansible (issue 9), for real: three dom0s in network namespaces, each
# with its own sshd and its own fixture (the split-brain pool of tests/fixtures/pool), and
# contrib/ansible/collect-pool.yml run with Debian's ansible-core from a controller namespace on
# a private test subnet. Asserted: every bundle and checksum fetched and verified, nothing left on
# the servers, the pool report equal to `analyze --pool` of bundles collected directly, a server
# that is down reported while the others go on, and --mask with a shared key still joining.
# Needs root, ansible-core and openssh-server (scripts/install-deps.sh --with-fleet); otherwise
# it says why and is skipped.
. "$(dirname "$0")/lib.sh"
skip() { echo "$*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
command -v ansible-playbook >/dev/null 2>&1 || skip "ansible-core is not installed (scripts/install-deps.sh --with-fleet)"
[ -x /usr/sbin/sshd ] || skip "openssh-server is not installed (scripts/install-deps.sh --with-fleet)"
command -v flock >/dev/null 2>&1 || skip "flock (util-linux) is missing"
# one fleet test at a time on a machine: the namespaces and the subnet have fixed names
mkdir -p /run/lock
exec 9>/run/lock/ovmdiag-fleet-test.lock
flock -w 600 9 || skip "another fleet test held the lock for 10 minutes"
ip netns add ovf-probe 2>/dev/null || skip "cannot create network namespaces here"
ip netns del ovf-probe
case "$OVMDIAG" in *build-san*) skip "the sanitizer build is not shipped to servers" ;; esac

cd "$TOP" || exit 1
F="$T/fleet" M="$T/members"
trap 'sh tests/fleet/netns.sh down "$F" 3; rm -rf "$T"' EXIT
sh tests/fixtures/pool/make-pool.sh split "$M" >/dev/null || fail "make-pool.sh"
sh tests/fleet/netns.sh up "$F" 3 || fail "netns.sh up"

# The reference: the same three members collected directly and analysed as a pool.
mkdir -p "$T/direct"
for m in "$M"/*/; do
    PATH="${m}bin:$PATH" "$OVMDIAG" collect -q --sysroot "${m}root" -o "$T/direct/" >/dev/null 2>&1 ||
        fail "direct collect of $m"
done
"$OVMDIAG" analyze --pool --format json -o "$T/direct.json" "$T/direct" 2>/dev/null
# findings without what differs between two collections (bundle names and times)
findings() { jq -S '[.findings[] | {rule, severity, host, subject, message}] | sort_by(.rule, .host, .subject)' "$1"; }

# 1. all three servers
sh tests/fleet/run-playbook.sh "$F" "$M" > "$T/play1.log" 2>&1
check "playbook exits 0 ($(tail -3 "$T/play1.log" | tr '\n' ' '))" [ $? -eq 0 ]
R=$(ls -d "$F"/bundles/*/ | tail -1)
check "three bundles fetched" [ "$(ls "$R"/ovmdiag-*.tar.gz | wc -l)" -eq 3 ]
check "their checksums verify" sh -c "cd '$R' && sha256sum --check --quiet --strict ./*.sha256"
check "bundles are private on the controller (0600)" [ -z "$(find "$R" -name 'ovmdiag-*' ! -perm 600)" ]
check "nothing left on the servers" [ -z "$(ls -A "$F/remote-tmp")" ]
check "pool reports written (json, html, text)" [ -s "$R/pool-report.json" ] && [ -s "$R/pool-report.html" ] && [ -s "$R/pool-report.txt" ]
findings "$T/direct.json" > "$T/direct.f"
findings "$R/pool-report.json" > "$T/fleet.f"
check "the pool report equals that of the bundles collected directly ($(diff "$T/direct.f" "$T/fleet.f" | head -3 | tr '\n' ' '))" \
    cmp -s "$T/direct.f" "$T/fleet.f"
check "the split-brain findings are there (warning or worse)" \
    [ "$(jq '[.findings[] | select(.severity != "info")] | length' "$R/pool-report.json")" -gt 0 ]

# 2. one server down: it is reported, the others go on
kill "$(cat "$F/h3/sshd.pid")"
sh tests/fleet/run-playbook.sh "$F" "$M" > "$T/play2.log" 2>&1
rc=$?
check "a server down makes the playbook say so (exit $rc)" grep -q 'no bundle from: h3' "$T/play2.log"
R2=$(ls -d "$F"/bundles/*/ | tail -1)
check "the two others were collected and analysed" \
    [ "$(ls "$R2"/ovmdiag-*.tar.gz | wc -l)" -eq 2 ] && [ -s "$R2/pool-report.json" ]
ip netns exec ovf-h3 /usr/sbin/sshd -f "$F/h3/sshd_config" -E "$F/h3/sshd.log"

# 3. --mask with one key for the pool: pseudonyms everywhere, maps at home, the pool still joins
sh tests/fleet/run-playbook.sh "$F" "$M" -e "ovmdiag_mask_key=$F/pool.key" > "$T/play3.log" 2>&1
check "masked run exits 0 ($(tail -3 "$T/play3.log" | tr '\n' ' '))" [ $? -eq 0 ]
R3=$(ls -d "$F"/bundles/*/ | tail -1)
check "the shared key was created 0600" [ "$(stat -c %a "$F/pool.key")" = 600 ]
check "three maps came back, 0600, outside the bundles" \
    [ "$(find "$R3/maps" -name '*.mask-map.json' -perm 600 | wc -l)" -eq 3 ]
check "no host name in the bundle names" sh -c "! ls '$R3' | grep -qE 'sv09[125]'"
check "the masked pool report has as many findings as the plain one" \
    [ "$(jq '.findings | length' "$R3/pool-report.json")" = "$(jq '.findings | length' "$R/pool-report.json")" ]
finish
