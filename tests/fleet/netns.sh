#!/bin/sh
# netns.sh up|down DIR N: N test hosts in network namespaces, each with its own sshd, joined by a
# bridge in a controller namespace, on a private test subnet that exists only inside them.
#   $OVF_NS-ctl  the controller: bridge ovfbr0, 10.213.77.1/24; Ansible runs here
#   $OVF_NS-hK   host K (1..N): veth to the bridge, 10.213.77.(10+K)/24, sshd on port 22
# OVF_NS (default ovf) names them, so that two runs on one machine cannot meet: each has its own
# namespaces, and the subnet exists only inside them.
# DIR holds the keys, the sshd configs, pid files and logs. Nothing touches the root namespace's
# network; `down` removes the namespaces (and with them every veth and the bridge).
set -eu
cmd=$1 dir=$2 n=${3:-3}
NS=${OVF_NS:-ovf}
NET=10.213.77
ns_del() { ip netns del "$1" 2>/dev/null || true; }

if [ "$cmd" = down ]; then
    for k in $(seq 1 "$n"); do
        [ -f "$dir/h$k/sshd.pid" ] && kill "$(cat "$dir/h$k/sshd.pid")" 2>/dev/null || true
        ns_del "$NS-h$k"
    done
    ns_del "$NS-ctl"
    exit 0
fi

mkdir -p "$dir" /run/sshd
[ -f "$dir/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/id_ed25519"
ns_del "$NS-ctl"
ip netns add "$NS-ctl"
ip -n "$NS-ctl" link set lo up
ip -n "$NS-ctl" link add ovfbr0 type bridge
ip -n "$NS-ctl" addr add "$NET.1/24" dev ovfbr0
ip -n "$NS-ctl" link set ovfbr0 up
for k in $(seq 1 "$n"); do
    h="$NS-h$k" d="$dir/h$k"
    mkdir -p "$d"
    ns_del "$h"
    ip netns add "$h"
    ip -n "$h" link set lo up
    ip link add "ovfv$k" netns "$NS-ctl" type veth peer name eth0 netns "$h"
    ip -n "$NS-ctl" link set "ovfv$k" master ovfbr0 up
    ip -n "$h" addr add "$NET.$((10 + k))/24" dev eth0
    ip -n "$h" link set eth0 up
    [ -f "$d/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$d/host_key"
    cat > "$d/sshd_config" <<CFG
ListenAddress $NET.$((10 + k))
Port 22
HostKey $d/host_key
PidFile $d/sshd.pid
AuthorizedKeysFile $dir/id_ed25519.pub
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel ERROR
Subsystem sftp /usr/lib/openssh/sftp-server
CFG
    ip netns exec "$h" /usr/sbin/sshd -f "$d/sshd_config" -E "$d/sshd.log"
done
# wait until every sshd answers (a few hundred ms)
for k in $(seq 1 "$n"); do
    i=0
    until ip netns exec "$NS-ctl" timeout 2 bash -c "exec 3<>/dev/tcp/$NET.$((10 + k))/22" 2>/dev/null; do
        i=$((i + 1))
        [ $i -lt 50 ] || { echo "netns.sh: sshd of $NS-h$k does not answer" >&2; exit 1; }
        sleep 0.1
    done
done
