# Injected faults (issue 7), beyond t-faults.sh, t-hung-xend.sh and t-budgets-and-mounts.sh:
# a command that spews without end, a file truncated and a log rotated while they are read, a
# small RLIMIT_NOFILE, SIGINT and SIGTERM at random moments. After each run: the exit code is
# right; a bundle that exists is complete (its .sha256 verifies, tar and analyze read it, the
# manifest says it was not interrupted); a failed run leaves no partial file; no child is left.
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1
R="$T/root"
mkdir -p "$R/etc" "$R/var/log/xen" "$T/bin"
echo faulthost > "$R/etc/hostname"
i=0
while [ $i -lt 2000 ]; do
    echo "[2026-11-20 10:00:00 1] INFO (XendDomainInfo:1) line $i of a log that keeps some size"
    i=$((i + 1))
done > "$R/var/log/xen/xend.log"

# complete BUNDLE: the invariants of a bundle that a run left behind
complete() {
    b=$1
    [ -f "$b" ] && [ -f "$b.sha256" ] || return 1
    (cd "$(dirname "$b")" && sha256sum -c --status "$(basename "$b").sha256") || return 1
    tar tzf "$b" >/dev/null 2>&1 || return 1
    [ "$(tar xzf "$b" --wildcards '*/manifest.json' -O | jq -r .interrupted)" = false ] || return 1
    "$OVMDIAG" analyze --format json "$b" >/dev/null 2>&1
}
none_left() { ! ls "$T"/out* 2>/dev/null | grep -q .; }

# 1. a command that never stops writing: cut at the size cap or killed at the deadline
printf '#!/bin/sh\nexec /usr/bin/yes spew-marker-5150\n' > "$T/bin/xm"
chmod +x "$T/bin/xm"
PATH="$T/bin" "$OVMDIAG" collect -q --sysroot "$R" --cmd-timeout 3 --max-file-size 1M -o "$T/spew.tar.gz" >/dev/null 2>"$T/err"
check "spewing command: exit 0 (got $?: $(cat "$T/err"))" [ $? -eq 0 ]
check "spewing command: the bundle is complete" complete "$T/spew.tar.gz"
extract "$T/spew.tar.gz"
st=$(jq -r '.items[] | select(.source == "xm list") | .status' "$X/manifest.json")
check "spewing command: 'xm list' is truncated, killed or timeout (got $st)" \
    sh -c "echo '$st' | grep -qxE 'truncated|killed|timeout'"
check "spewing command: 1 MiB kept, plus the marker line" [ "$(stat -c %s "$X/cmd/xm-list.out" 2>/dev/null || echo 0)" -le $((1048576 + 100)) ]
check "spewing command: no child left" gone spew-marker-5150
rm -f "$T/bin/xm"

# 2. a file rewritten while it is read, and 3. a log rotated while it is read: a writer loop
#    runs during three collections; each bundle must still be whole
churn() { # churn MODE: rewrite or rotate xend.log until killed
    n=0
    while :; do
        n=$((n + 1))
        if [ "$1" = rotate ]; then
            mv -f "$R/var/log/xen/xend.log" "$R/var/log/xen/xend.log.1" 2>/dev/null
            head -c $((n % 7 * 40000 + 1000)) "$R/var/log/xen/xend.log.1" > "$R/var/log/xen/xend.log" 2>/dev/null
        else
            : > "$R/var/log/xen/xend.log"
            head -c $((n % 5 * 60000)) /dev/zero | tr '\0' 'x' >> "$R/var/log/xen/xend.log"
        fi
    done
}
for mode in rewrite rotate; do
    cp "$R/var/log/xen/xend.log" "$T/xend.orig"
    churn $mode &
    cpid=$!
    k=0
    while [ $k -lt 3 ]; do
        PATH="$T/bin" "$OVMDIAG" collect -q --sysroot "$R" -o "$T/$mode$k.tar.gz" >/dev/null 2>"$T/err"
        rc=$?
        check "$mode while read, run $k: exit 0 (got $rc: $(cat "$T/err"))" [ $rc -eq 0 ]
        check "$mode while read, run $k: the bundle is complete" complete "$T/$mode$k.tar.gz"
        k=$((k + 1))
    done
    kill $cpid 2>/dev/null
    wait $cpid 2>/dev/null
    cp "$T/xend.orig" "$R/var/log/xen/xend.log"
    rm -f "$R/var/log/xen/xend.log.1"
done

# 4. few file descriptors: either a complete bundle whose manifest names what failed, or exit 4
#    with a clear error and nothing left
for n in 8 16; do
    (ulimit -n $n; PATH="$T/bin" exec "$OVMDIAG" collect -q --sysroot "$R" -o "$T/out-nofile$n.tar.gz") >/dev/null 2>"$T/err"
    rc=$?
    if [ $rc -eq 0 ]; then
        check "RLIMIT_NOFILE=$n: the bundle is complete" complete "$T/out-nofile$n.tar.gz"
    else
        check "RLIMIT_NOFILE=$n: exit 4 (got $rc)" [ $rc -eq 4 ]
        check "RLIMIT_NOFILE=$n: the error says why ($(cat "$T/err"))" grep -qiE 'too many open files|descriptor' "$T/err"
        check "RLIMIT_NOFILE=$n: no partial bundle" sh -c "! ls '$T'/out-nofile$n.tar.gz* 2>/dev/null | grep -q ."
    fi
    rm -f "$T"/out-nofile$n.tar.gz*
done

# 5. SIGINT and SIGTERM at random moments of a run on the example host (slow stubs so that
#    the signal lands in commands, files and the manifest alike)
sh examples/ovm-host/make-disks.sh >/dev/null
seed=${FAULT_SEED:-$$}
k=0
while [ $k -lt 8 ]; do
    delay_ms=$(( (seed * (k + 7) * 7919) % 1600 ))
    sig=INT; [ $((k % 2)) -eq 1 ] && sig=TERM
    PATH="$TOP/examples/ovm-host/bin" "$OVMDIAG" collect -q --sysroot examples/ovm-host/root \
        -o "$T/out-sig$k.tar.gz" >/dev/null 2>"$T/err" &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -$sig $pid 2>/dev/null
    wait $pid
    rc=$?
    signum=2; [ $sig = TERM ] && signum=15
    if [ $rc -eq 0 ]; then
        check "SIG$sig after ${delay_ms} ms: finished first, and the bundle is complete" complete "$T/out-sig$k.tar.gz"
    elif [ $rc -eq $((128 + signum)) ] && [ $delay_ms -lt 100 ]; then
        # landed before main() installed the handlers (the sanitizer build starts slowly):
        # the default action, and nothing can have been written yet
        check "SIG$sig after ${delay_ms} ms, before the handlers: no file" sh -c "! ls '$T'/out-sig$k.tar.gz* 2>/dev/null | grep -q ."
    else
        check "SIG$sig after ${delay_ms} ms: exit 4 (got $rc)" [ $rc -eq 4 ]
        check "SIG$sig after ${delay_ms} ms: no partial bundle" sh -c "! ls '$T'/out-sig$k.tar.gz* 2>/dev/null | grep -q ."
    fi
    rm -f "$T"/out-sig$k.tar.gz*
    k=$((k + 1))
done
check "no collect process is left" gone out-sig
[ $failures -eq 0 ] || echo "  (FAULT_SEED=$seed reproduces the signal timings)"
finish
