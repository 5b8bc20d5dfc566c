#!/bin/sh
# run-playbook.sh DIR MEMBERS_DIR [extra ansible-playbook args]: contrib/ansible/collect-pool.yml
# from the controller namespace against the hosts of netns.sh. The K-th folder of MEMBERS_DIR
# (sorted) is the fixture dom0 of host hK: its root/ as --sysroot, its bin/ first in PATH.
# Bundles and the pool report land below DIR/bundles/<run>/.
set -eu
dir=$1 members=$2; shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
inv="$dir/inventory"
rm -rf "$inv/host_vars"
mkdir -p "$inv/host_vars"
{
    echo "[ovm_servers]"
    k=0
    for m in "$members"/*/; do
        k=$((k + 1))
        echo "h$k ansible_host=10.213.77.$((10 + k))"
    done
    echo
    echo "[ovm_servers:vars]"
    echo "ansible_user=root"
    echo "ansible_ssh_private_key_file=$dir/id_ed25519"
    echo "ansible_python_interpreter=/usr/bin/python3"
} > "$inv/hosts.ini"
k=0
for m in "$members"/*/; do
    k=$((k + 1))
    m=${m%/}
    cat > "$inv/host_vars/h$k.yml" <<YML
ovmdiag_collect_options: ["--sysroot", "$m/root", "--cmd-timeout", "10"]
ovmdiag_environment: {PATH: "$m/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
ovmdiag_remote_tmp: "$dir/remote-tmp"
YML
done
mkdir -p "$dir/remote-tmp" "$dir/ansible-tmp"
export ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=False
export ANSIBLE_LOCAL_TEMP="$dir/ansible-tmp" ANSIBLE_REMOTE_TEMP="$dir/ansible-tmp/remote"
export ANSIBLE_SSH_ARGS="-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=5"
export ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_LOCALHOST_WARNING=False
exec ip netns exec "${OVF_NS:-ovf}-ctl" ansible-playbook -i "$inv/hosts.ini" -f 8 \
    -e "ovmdiag_bundles_dir=$dir/bundles" -e "ovmdiag_local_binary=$top/ovmdiag" \
    "$top/contrib/ansible/collect-pool.yml" "$@"
