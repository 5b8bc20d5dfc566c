# Command line: usage errors exit 2, help and version exit 0, -o - streams a tarball,
# --no-commands runs none.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/root/etc" "$T/bin"
echo clihost > "$T/root/etc/hostname"
printf '#!/bin/sh\necho ran > %s/ran\n' "$T" > "$T/bin/xm"
chmod +x "$T/bin/xm"

code() { "$@" >/dev/null 2>&1; echo $?; }
check "no arguments: 2" [ "$(code "$OVMDIAG")" = 2 ]
check "unknown command: 2" [ "$(code "$OVMDIAG" bogus)" = 2 ]
check "prefix is not a command: 2" [ "$(code "$OVMDIAG" coll)" = 2 ]
check "unknown option: 2" [ "$(code "$OVMDIAG" collect --bogus)" = 2 ]
check "bad size: 2" [ "$(code "$OVMDIAG" collect --max-size 1X)" = 2 ]
check "bad time: 2" [ "$(code "$OVMDIAG" collect --since tomorrow)" = 2 ]
check "bad timeout: 2" [ "$(code "$OVMDIAG" collect --cmd-timeout 0)" = 2 ]
check "missing sysroot: 2" [ "$(code "$OVMDIAG" collect --sysroot "$T/nope")" = 2 ]
check "--help: 0" [ "$(code "$OVMDIAG" --help)" = 0 ]
check "collect --help: 0" [ "$(code "$OVMDIAG" collect --help)" = 0 ]
check "--version prints it" sh -c "'$OVMDIAG' --version | grep -q '^ovmdiag [0-9]'"

PATH="$T/bin" "$OVMDIAG" collect -q --sysroot "$T/root" -o - > "$T/stdout.tar.gz" 2>"$T/err"
check "-o - exits 0 ($(cat "$T/err"))" [ $? -eq 0 ]
check "-o - writes a readable tarball" sh -c "tar tzf '$T/stdout.tar.gz' | grep -q '/manifest.json$'"
check "-o - leaves no file named -" [ ! -e ./- ]
rm -f "$T/ran"

PATH="$T/bin" "$OVMDIAG" collect -q --no-commands --sysroot "$T/root" -o "$T" >"$T/path" 2>&1
check "--no-commands exits 0" [ $? -eq 0 ]
check "-o DIR names the bundle after host and time" grep -q "^$T/ovmdiag-clihost-[0-9]\{8\}T[0-9]\{6\}Z.tar.gz$" "$T/path"
check "--no-commands ran no command" [ ! -e "$T/ran" ]
extract "$(cat "$T/path")"
check "commands marked skipped-option" [ "$(status 'xm list')" = skipped-option ]
finish
