# lib.sh: helpers for the integration tests (sourced). Each test runs the real binary on a
# fixture host (a root folder plus a folder of stub commands first in PATH).
set -u
: "${OVMDIAG:?run through tests/integration/run.sh}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/ovmdiag-it.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
checks=0

fail() { echo "  FAIL: $*"; failures=$((failures + 1)); }
ok() { checks=$((checks + 1)); }
check() { # check "what" command...
    what=$1; shift
    if "$@"; then ok; else fail "$what"; fi
}
# manifest FILTER: jq over the manifest.json of the extracted bundle in $X
manifest() { jq -r "$1" "$X/manifest.json"; }
# status SOURCE: manifest status of one item
status() { jq -r --arg s "$1" '.items[] | select(.source == $s) | .status' "$X/manifest.json"; }
extract() { # extract BUNDLE: into $T/x, sets X to the top folder
    rm -rf "$T/x"; mkdir -p "$T/x"
    tar xzf "$1" -C "$T/x" || fail "tar cannot read $1"
    X=$(echo "$T"/x/ovmdiag-*)
}
# gone MARKER: no process has MARKER in its command line. The first character goes in
# brackets so that grep does not find its own command line.
gone() {
    first=${1%"${1#?}"}
    ! grep -qs -- "[$first]${1#?}" /proc/[0-9]*/cmdline
}
finish() {
    [ "$failures" -eq 0 ] || exit 1
    exit 0
}
