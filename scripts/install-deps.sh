#!/bin/sh
# install-deps.sh [--if-missing|--check]: the Debian packages ovmdiag builds and tests with.
#   (no option)    install them all (apt-get; through sudo when not root)
#   --if-missing   install only when something is missing (what `make check` and `make demo` run)
#   --check        report what is missing; exit 1 if anything is
#   --with-xen     also the host packages of `make xen-test` (qemu, debootstrap; tests/xen/)
#   --with-fleet   also ansible-core and openssh-server for the fleet test (tests/fleet/)
#   --with-bench   also what `make bench` compares with and measures by (ripgrep, valgrind, time)
# Oracle Linux / RHEL names are in docs/install.md.
set -eu

PKGS="build-essential pkg-config libarchive-dev zlib1g-dev libdeflate-dev libjson-c-dev libpcre2-dev
libjq-dev libcmocka-dev libxen-dev util-linux jq python3-jsonschema chromium"

# Hyperscan (the log scan's fast prefilter) exists for x86-64 only; elsewhere the portable
# search runs.
HS_ARCH=0
case "$(dpkg --print-architecture 2>/dev/null || uname -m)" in amd64|x86_64) HS_ARCH=1 ;; esac
[ "$HS_ARCH" = 1 ] && PKGS="$PKGS libhyperscan-dev"

XEN_PKGS="qemu-system-x86 qemu-utils debootstrap e2fsprogs cpio wget"
BENCH_PKGS="ripgrep valgrind time"
with_xen=0 with_bench=0
for a in "$@"; do
    [ "$a" = --with-xen ] && with_xen=1
    [ "$a" = --with-bench ] && with_bench=1
done
[ "$with_xen" = 1 ] && PKGS="$PKGS $XEN_PKGS"
# the fleet test (tests/integration/t-fleet.sh): Ansible over ssh into network namespaces
FLEET_PKGS="ansible-core openssh-server openssh-client iproute2"
with_fleet=0
for a in "$@"; do [ "$a" = --with-fleet ] && with_fleet=1; done
[ "$with_fleet" = 1 ] && PKGS="$PKGS $FLEET_PKGS"
[ "$with_bench" = 1 ] && PKGS="$PKGS $BENCH_PKGS"

missing() {
    m=""
    for lib in libarchive zlib libdeflate json-c libpcre2-8 cmocka; do
        pkg-config --exists "$lib" 2>/dev/null || m="$m $lib"
    done
    # libjq has no pkg-config file on Debian: look for its header.
    [ -f /usr/include/jq.h ] || m="$m libjq"
    [ "$HS_ARCH" = 0 ] || pkg-config --exists libhs 2>/dev/null || m="$m libhyperscan"
    command -v cc >/dev/null 2>&1 || m="$m cc"
    command -v jq >/dev/null 2>&1 || m="$m jq"
    command -v pkg-config >/dev/null 2>&1 || m="$m pkg-config"
    # the report tests: schema validation and the HTML in a headless browser
    /usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1 || m="$m python3-jsonschema"
    command -v chromium >/dev/null 2>&1 || m="$m chromium"
    if [ "$with_fleet" = 1 ]; then
        for t in ansible-playbook /usr/sbin/sshd ssh ip; do
            command -v "$t" >/dev/null 2>&1 || m="$m $t"
        done
    fi
    if [ "$with_xen" = 1 ]; then
        for t in qemu-system-x86_64 debootstrap mkfs.ext4 cpio wget; do
            command -v "$t" >/dev/null 2>&1 || m="$m $t"
        done
    fi
    if [ "$with_bench" = 1 ]; then
        for t in rg valgrind /usr/bin/time; do
            command -v "$t" >/dev/null 2>&1 || m="$m $t"
        done
    fi
    echo "$m"
}

mode=install
for a in "$@"; do case "$a" in --with-xen|--with-fleet|--with-bench) ;; *) mode=$a ;; esac; done
case "$mode" in
--check)
    m=$(missing)
    if [ -n "$m" ]; then echo "missing:$m"; exit 1; fi
    echo "all build dependencies are installed"
    exit 0 ;;
--if-missing)
    [ -z "$(missing)" ] && exit 0
    echo "installing missing build dependencies:$(missing)" ;;
install) ;;
*) echo "usage: $0 [--if-missing|--check] [--with-xen] [--with-bench]" >&2; exit 2 ;;
esac

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps.sh: no apt-get here; see docs/install.md for your distribution" >&2
    exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
m=$(missing)
if [ -n "$m" ]; then
    echo "install-deps.sh: still missing:$m" >&2
    exit 1
fi
