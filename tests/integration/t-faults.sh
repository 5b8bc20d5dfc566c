# Faults: a file denied to a non-root run, a disk that fills, SIGINT and SIGTERM mid-run, a
# file removed while the run goes on.
. "$(dirname "$0")/lib.sh"
chmod 755 "$T"
mkdir -p "$T/root/etc" "$T/root/var/log/xen" "$T/bin" "$T/out"
echo faulthost > "$T/root/etc/hostname"
echo "[2026-11-20 10:00:00 1] INFO (X:1) hi" > "$T/root/var/log/xen/xend.log"
echo secret-ish > "$T/root/var/log/xen/root-only.log"
chmod 600 "$T/root/var/log/xen/root-only.log"
echo "Nov  1 10:00:00 h kernel: old" > "$T/root/var/log/messages-20261101"

# 1. not root: the run goes on, the manifest says denied, the last line says so
if [ "$(id -u)" = 0 ] && [ -x /usr/bin/setpriv ]; then
    chmod 777 "$T/out"
    /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/env PATH="$T/bin" \
        "$OVMDIAG" collect -q --sysroot "$T/root" -o "$T/out/np.tar.gz" 2>"$T/err" >/dev/null
    rc=$?
    check "non-root run exits 0 (got $rc: $(cat "$T/err"))" [ $rc -eq 0 ]
    check "last stderr line says what was denied" sh -c "tail -1 '$T/err' | grep -q 'not run as root: 1 item was denied'"
    extract "$T/out/np.tar.gz"
    check "unreadable file is denied" [ "$(status /var/log/xen/root-only.log)" = denied ]
    check "manifest says not root" [ "$(manifest .root)" = false ]
    check "readable file still collected" [ "$(status /var/log/xen/xend.log)" = ok ]
fi

# 2. disk full (a file size limit gives EFBIG): exit 4, error names it, nothing left behind
head -c 3000000 /dev/urandom > "$T/root/var/log/xen/noise.log"
(ulimit -f 200; PATH="$T/bin" exec "$OVMDIAG" collect -q --sysroot "$T/root" -o "$T/full.tar.gz") 2>"$T/err"
rc=$?
check "disk full exits 4 (got $rc)" [ $rc -eq 4 ]
check "error names the cause" grep -q "File too large" "$T/err"
check "partial bundle removed" sh -c "! ls '$T'/full.tar.gz* 2>/dev/null | grep -q ."
rm -f "$T/root/var/log/xen/noise.log"

# 3. SIGINT and SIGTERM mid-run: children killed, partial file removed, exit within a second
printf '#!/bin/sh\nexec /bin/sleep 100099\n' > "$T/bin/xm"
chmod +x "$T/bin/xm"
for sig in INT TERM; do
    PATH="$T/bin" "$OVMDIAG" collect -q --sysroot "$T/root" -o "$T/int.tar.gz" 2>"$T/err" &
    pid=$!
    sleep 1
    t0=$(date +%s%N)
    kill -$sig $pid
    wait $pid
    rc=$?
    ms=$((($(date +%s%N) - t0) / 1000000))
    check "SIG$sig exits 4 (got $rc)" [ $rc -eq 4 ]
    check "SIG$sig: exit within a second (took ${ms} ms)" [ $ms -lt 1000 ]
    check "SIG$sig: partial bundle removed" sh -c "! ls '$T'/int.tar.gz* 2>/dev/null | grep -q ."
    check "SIG$sig: stub killed" gone 100099
    check "SIG$sig: says interrupted" grep -q "interrupted" "$T/err"
done

# 4. a file removed mid-run: messages-* is planned by the system collector, then the xm stub
#    (xen collector, later) deletes it before the logs are copied
printf '#!/bin/sh\n/bin/rm -f %s\necho ok\n' "$T/root/var/log/messages-20261101" > "$T/bin/xm"
PATH="$T/bin" "$OVMDIAG" collect -q --sysroot "$T/root" -o "$T/rm.tar.gz" 2>"$T/err"
check "removed file: exit 0 (got $?)" [ $? -eq 0 ] 
extract "$T/rm.tar.gz"
check "removed file is missing in the manifest" [ "$(status /var/log/messages-20261101)" = missing ]
check "the rest collected" [ "$(status /var/log/xen/xend.log)" = ok ]
finish
