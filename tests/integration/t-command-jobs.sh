# Commands run a few at once (collector/cmdpool.c): four stub commands of one collector that
# sleep a second overlap (under 3.5 s; one by one they take 4 s or more), the bundle (entry order, every byte but the timings of the
# manifest) is the same as a one-by-one run (--jobs 1), the xm commands never overlap each
# other (one daemon), and SIGINT while four commands run exits within a second with no
# child left.
. "$(dirname "$0")/lib.sh"
EX="$TOP/examples/ovm-host"
mkdir -p "$T/bin"
for c in uname date rpm brctl; do
    printf '#!/bin/sh\n/bin/sleep 1\nexec "%s/bin/%s" "$@"\n' "$EX" "$c" > "$T/bin/$c"
    chmod +x "$T/bin/$c"
done
# xm: a lock directory that a second xm running at the same time would find
printf '#!/bin/sh\n/bin/mkdir "%s/xm.lock" 2>/dev/null || echo overlap >> "%s/xm.overlap"\n/bin/sleep 0.2\n/bin/rmdir "%s/xm.lock"\nexec "%s/bin/xm" "$@"\n' \
    "$T" "$T" "$T" "$EX" > "$T/bin/xm"
chmod +x "$T/bin/xm"

run_collect() { # run_collect JOBS OUT: wall ms in $ms, exit status in $rc
    t0=$(date +%s%N)
    PATH="$T/bin:$EX/bin:$PATH" "$OVMDIAG" collect -q --jobs "$1" --sysroot "$EX/root" -o "$2" >/dev/null \
        2>"$T/err"
    rc=$?
    ms=$((($(date +%s%N) - t0) / 1000000))
}
normalized() { # the bundle's listing and files, the manifest without its timings
    rm -rf "$T/n"; mkdir -p "$T/n"
    tar xzf "$1" -C "$T/n" || fail "tar cannot read $1"
    tar tzf "$1" | sed 's|^ovmdiag-[^/]*/||' > "$T/n/listing"
    jq 'del(.bundle, .started, .finished, .elapsed_ms, .options.cmdline)
        | .items |= map(del(.elapsed_ms, .started))' "$T"/n/ovmdiag-*/manifest.json \
        > "$T/n/manifest.norm"
    rm -f "$T"/n/ovmdiag-*/manifest.json
    mv "$T"/n/ovmdiag-* "$T/n/bundle"
}

run_collect 4 "$T/par.tar.gz"
par_ms=$ms
check "--jobs 4: exit 0 (got $rc: $(cat "$T/err"))" [ $rc -eq 0 ]
check "--jobs 4: the four 1 s commands overlap (took ${par_ms} ms)" [ $par_ms -lt 3500 ]
check "--jobs 4: xm commands never overlapped" [ ! -e "$T/xm.overlap" ]
run_collect 1 "$T/seq.tar.gz"
check "--jobs 1: exit 0 (got $rc)" [ $rc -eq 0 ]
check "--jobs 1: one by one (took ${ms} ms)" [ $ms -ge 4000 ]
normalized "$T/seq.tar.gz"; mv "$T/n" "$T/seq"
normalized "$T/par.tar.gz"; mv "$T/n" "$T/par"
check "same entries in the same order" diff -u "$T/seq/listing" "$T/par/listing"
check "same manifest but for timings" diff -u "$T/seq/manifest.norm" "$T/par/manifest.norm"
check "same bytes in every entry" diff -r "$T/seq/bundle" "$T/par/bundle"

# SIGINT while four commands run: all four process groups killed, exit within a second
for c in uname date rpm brctl; do
    printf '#!/bin/sh\nexec /bin/sleep 100111\n' > "$T/bin/$c"
done
PATH="$T/bin:$EX/bin:$PATH" "$OVMDIAG" collect -q --sysroot "$EX/root" -o "$T/int.tar.gz" \
    2>"$T/err" &
pid=$!
sleep 1
t0=$(date +%s%N)
kill -INT $pid
wait $pid
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
check "SIGINT exits 4 (got $rc)" [ $rc -eq 4 ]
check "SIGINT: exit within a second (took ${ms} ms)" [ $ms -lt 1000 ]
check "SIGINT: no sleeping stub left" gone 100111
check "SIGINT: partial bundle removed" sh -c "! ls '$T'/int.tar.gz* 2>/dev/null | grep -q ."
finish
