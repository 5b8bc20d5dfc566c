# Hostile bundles (issue 7): entries with ../ or absolute paths, links and devices, duplicates,
# a gzip bomb (also in ovmdiag's blocked format, and a member of it that lies about its size),
# a truncated gzip, a million entries, names that are not UTF-8, a manifest that lies, random
# bytes. Each gives a clear error (exit 3) or a report that names the problem; the
# JSON stays valid UTF-8; nothing is written anywhere (the test runs in an empty folder and
# looks for the files the bundles try to plant); memory stays small.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
cd "$TOP" || exit 1
sh examples/ovm-host/make-disks.sh >/dev/null || fail "make-disks.sh"
PATH="$TOP/examples/ovm-host/bin" "$OVMDIAG" collect -q --sysroot examples/ovm-host/root \
    -o "$T/good.tar.gz" >/dev/null 2>"$T/err" || fail "collect: $(cat "$T/err")"
"$PY" tests/hostile/make-bundles.py "$T/good.tar.gz" "$T/h" --bomb-gib 1 || fail "make-bundles.py"
mkdir "$T/cwd"
cd "$T/cwd" || exit 1
rm -f /tmp/ovmdiag-pwned-*

# The sanitizer build maps terabytes of shadow memory: measure RSS on the plain build only.
case "$OVMDIAG" in *build-san*) RSS_MAX_KB=0 ;; *) RSS_MAX_KB=65536 ;; esac

# run CASE EXPECTED_EXIT [TEXT]: analyze and facts on the case; TEXT must be in the report's
# coverage (exit 0) or in the error message (exit 3)
run() {
    b="$T/h/$1.tar.gz"
    /usr/bin/time -f %M -o "$T/rss" "$OVMDIAG" analyze --format json "$b" > "$T/$1.json" 2>"$T/$1.err"
    rc=$?
    check "$1: analyze exits $2 (got $rc: $(head -c 300 "$T/$1.err"))" [ $rc -eq "$2" ]
    rss=$(tail -1 "$T/rss")
    [ "$RSS_MAX_KB" -eq 0 ] || check "$1: peak RSS ${rss} KiB <= $RSS_MAX_KB KiB" [ "$rss" -le "$RSS_MAX_KB" ]
    if [ "$2" -eq 0 ]; then
        check "$1: the report is valid UTF-8 JSON" "$PY" -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$T/$1.json"
        [ -z "${3:-}" ] || check "$1: the report names the problem ('$3')" \
            sh -c "jq -r '.coverage[].detail // empty' '$T/$1.json' | grep -qF -- \"\$1\"" _ "$3"
    else
        [ -z "${3:-}" ] || check "$1: the error says '$3'" grep -qF -- "$3" "$T/$1.err"
    fi
    "$OVMDIAG" facts "$b" > "$T/$1.facts" 2>/dev/null
    rc=$?
    check "$1: facts exits $2 too (got $rc)" [ $rc -eq "$2" ]
}

run dotdot 0 "skipped: '.', '..' or an empty component in the path"
run absolute 0 "skipped: an absolute path"
run symlink 0 "skipped: not a regular file (a link or a device is never followed)"
run hardlink 0 "skipped: not a regular file (a link or a device is never followed)"
run device 0 "skipped: not a regular file (a link or a device is never followed)"
run duplicate 0 "skipped: a second entry of this name (the first one is used)"
check "duplicate: the first xm-list.out is the one used" [ "$(jq '.domains | length' "$T/duplicate.facts")" -eq 8 ]
run non-utf8 0
check "non-utf8: the odd bytes of the name became U+FFFD" grep -q 'qemu-dm-\\ufffd\|qemu-dm-�' "$T/non-utf8.json"
run lying-manifest 0 "holds 9999999"
run truncated 0 "the bundle ends early"
check "truncated: the entries before the cut were still analysed" \
    [ "$(jq '.summary.critical + .summary.warning' "$T/truncated.json")" -gt 0 ]
run bomb 0
check "bomb: 1 GiB of zeros inflated and scanned, nothing kept" [ -s "$T/bomb.json" ]
run blocked-bomb 0
check "blocked-bomb: 256 MiB of zeros in members of ours, inflated in parallel" [ -s "$T/blocked-bomb.json" ]
run blocked-liar 0 "corrupt bundle: the gzip member at offset"
run million 3 "more than 200000 entries"
run random 3 "Unrecognized archive format"
run empty 3
run gzip-of-garbage 3

check "nothing was written in the working directory" [ -z "$(ls -A "$T/cwd")" ]
check "no file was planted in /tmp" sh -c '! ls /tmp/ovmdiag-pwned-* >/dev/null 2>&1'
finish
