#!/bin/sh
# golden.sh RUN OVMDIAG DIR: `make xen-golden`. Keeps the bundle that ovmdiag collected inside the
# real dom0 in the healthy scenario of the last `make xen-test` (RUN/out/healthy.tar.gz) as DIR/bundle/
# (extracted: reviewable in diffs) and its facts as DIR/facts.json. t-xen-golden.sh checks them.
set -eu
run=${1:?usage: golden.sh RUN OVMDIAG DIR}
bin=${2:?usage: golden.sh RUN OVMDIAG DIR}
dir=${3:?usage: golden.sh RUN OVMDIAG DIR}
case "$bin" in */*) ;; *) bin=./$bin ;; esac
src=$run/out/healthy.tar.gz
[ -s "$src" ] || { echo "golden.sh: no $src: run 'make xen-test' first" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ovmdiag-golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$src" -C "$tmp"
rm -rf "$dir/bundle"
mkdir -p "$dir"
mv "$tmp"/ovmdiag-* "$dir/bundle"
"$bin" facts "$dir/bundle" | jq -S . > "$dir/facts.json"
echo "golden.sh: $dir/bundle ($(du -sk "$dir/bundle" | cut -f1) KiB) and $dir/facts.json"
