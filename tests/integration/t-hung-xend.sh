# A wedged xend: the first xm command times out, the rest of xm is skipped, xl/xentop/xenstore
# still run, and no stub process is left behind.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/root/etc" "$T/bin"
echo hung > "$T/root/etc/hostname"
printf '#!/bin/sh\nexec /bin/sleep 100077\n' > "$T/bin/xm"
printf '#!/bin/sh\necho "Name ID Mem VCPUs State Time(s)"\n' > "$T/bin/xl"
chmod +x "$T/bin/xm" "$T/bin/xl"
start=$(date +%s)
PATH="$T/bin" "$OVMDIAG" collect -q --sysroot "$T/root" --cmd-timeout 5 -o "$T/b.tar.gz" 2>"$T/err"
rc=$?
elapsed=$(($(date +%s) - start))
check "exit 0 (got $rc: $(cat "$T/err"))" [ $rc -eq 0 ]
check "finished in under a minute (took ${elapsed}s)" [ $elapsed -lt 60 ]
check "one timeout spent on xend, not six (took ${elapsed}s)" [ $elapsed -lt 15 ]
check "warning names xend" grep -q "xend did not answer 'xm list' within 5 s" "$T/err"
extract "$T/b.tar.gz"
check "xend unresponsive in the manifest" [ "$(manifest .services.xend.state)" = unresponsive ]
check "xm list timed out" [ "$(status 'xm list')" = timeout ]
for c in "xm list -l" "xm info" "xm dmesg" "xm vcpu-list" "xm uptime"; do
    check "$c skipped" [ "$(status "$c")" = skipped-unresponsive ]
done
check "xl still ran" [ "$(status 'xl list')" = ok ]
check "xl output stored" grep -q "^Name" "$X/cmd/xl-list.out"
check "no stub process left" gone 100077
finish
