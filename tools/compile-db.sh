#!/bin/sh
# compile-db.sh OUT CFLAGS_FOR_GNU11_FILES -- CFLAGS -- FILES...: a compile_commands.json for
# clang-tidy (and clangd): every file with the flags the Makefile uses. collect-xenctrl.c is
# built as gnu11 (Xen's headers need it), so it gets the first set.
set -eu
out=$1; shift
gnu=""; while [ "$1" != -- ]; do gnu="$gnu $1"; shift; done; shift
std=""; while [ "$1" != -- ]; do std="$std $1"; shift; done; shift
dir=$(pwd)
json() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
{
    echo "["
    sep=""
    for f in "$@"; do
        case "$f" in *collect-xenctrl.c) flags=$gnu ;; *) flags=$std ;; esac
        args=""
        for a in $flags; do args="$args\"$(json "$a")\", "; done
        printf '%s  {"directory": "%s", "file": "%s", "arguments": ["cc", %s"-c", "%s"]}' "$sep" \
            "$(json "$dir")" "$(json "$f")" "$args" "$(json "$f")"
        sep=",
"
    done
    printf '\n]\n'
} > "$out.tmp"
mv "$out.tmp" "$out"
