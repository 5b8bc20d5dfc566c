#!/usr/bin/python3
"""make-bundles.py GOOD_BUNDLE.tar.gz OUTDIR [--bomb-gib N]

Writes the hostile bundles of issue 7 into OUTDIR, each built from (or next to) a good bundle, so
that every one is otherwise plausible. Names: OUTDIR/<case>.tar.gz (and a few other suffixes).
Fast and deterministic: the large ones are concatenated gzip members, so nothing big is ever
compressed or held in memory. Standard library only.
"""
import gzip
import io
import os
import struct
import sys
import tarfile
import zlib

TOP = "ovmdiag-evil-20261120T101500Z"


def good_members(path):
    """(TarInfo, bytes) of every entry of the good bundle, renamed below TOP."""
    out = []
    with tarfile.open(path, "r:gz") as t:
        for m in t.getmembers():
            data = t.extractfile(m).read() if m.isfile() else b""
            m.name = TOP + "/" + m.name.split("/", 1)[1] if "/" in m.name else TOP
            out.append((m, data))
    return out


def write(outdir, name, members, extra):
    """members plus extra (TarInfo, bytes) pairs into OUTDIR/name."""
    with tarfile.open(os.path.join(outdir, name), "w:gz", format=tarfile.PAX_FORMAT) as t:
        for m, data in members + extra:
            t.addfile(m, io.BytesIO(data) if m.isfile() else None)


def info(name, kind=tarfile.REGTYPE, size=0, linkname=""):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.size = size if kind == tarfile.REGTYPE else 0
    ti.linkname = linkname
    ti.mtime = 1795000000
    ti.mode = 0o644
    return ti


def reg(name, data):
    return (info(name, size=len(data)), data)


def gz_member(data, level=9):
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def bomb(outdir, name, gib):
    """A bundle whose xend.log inflates to GIB GiB: tar header, then one gzip member of 64 MiB
    of newline-free zeros repeated, then the end of the archive."""
    size = gib << 30
    header = info(TOP + "/root/var/log/xen/xend.log", size=size).tobuf(tarfile.GNU_FORMAT)
    zeros = gz_member(b"\0" * (64 << 20))
    end = b"\0" * 1024
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(gz_member(info(TOP, tarfile.DIRTYPE).tobuf(tarfile.GNU_FORMAT) + header))
        for _ in range(size // (64 << 20)):
            f.write(zeros)
        f.write(gz_member(end))


def ov_member(data, isize=None):
    """One member of ovmdiag's blocked gzip (docs/bundle-format.md): FEXTRA with the subfield
    'OV' of 4 bytes, the member's total size; ISIZE as given (a lie) or the true one."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = c.compress(data) + c.flush()
    head = b"\x1f\x8b\x08\x04\0\0\0\0\0\x03\x08\0OV\x04\0" + struct.pack("<I", 20 + len(body) + 8)
    return head + body + struct.pack("<II", zlib.crc32(data), len(data) if isize is None else isize)


def blocked_bomb(outdir, name, size, lie=False):
    """The bomb in ovmdiag's own format (read in parallel): xend.log of SIZE zeros in members of
    1 MiB; with lie, one member of 64 MiB of zeros that says 1 MiB (its ISIZE)."""
    header = info(TOP + "/root/var/log/xen/xend.log", size=size).tobuf(tarfile.GNU_FORMAT)
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(ov_member(info(TOP, tarfile.DIRTYPE).tobuf(tarfile.GNU_FORMAT) + header))
        if lie:
            f.write(ov_member(b"\0" * (64 << 20), isize=1 << 20))
        mib = ov_member(b"\0" * (1 << 20))
        for _ in range(size >> 20):
            f.write(mib)
        f.write(ov_member(b"\0" * 1024))


def many(outdir, name, n):
    """n entries of 1 byte each: a member of 10,000 entries repeated."""
    block = b"".join(info("%s/root/tmp/f%05d" % (TOP, i), size=1).tobuf(tarfile.GNU_FORMAT)
                     + b"x" + b"\0" * 511 for i in range(10000))
    m = gz_member(block)
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(gz_member(info(TOP, tarfile.DIRTYPE).tobuf(tarfile.GNU_FORMAT)))
        for _ in range(n // 10000):
            f.write(m)
        f.write(gz_member(b"\0" * 1024))


def main():
    good, outdir = sys.argv[1], sys.argv[2]
    gib = int(sys.argv[sys.argv.index("--bomb-gib") + 1]) if "--bomb-gib" in sys.argv else 4
    os.makedirs(outdir, exist_ok=True)
    ms = good_members(good)
    evil = TOP + "/root/var/log/xen/"
    write(outdir, "dotdot.tar.gz", ms, [reg(TOP + "/../../../../tmp/ovmdiag-pwned-dotdot", b"pwned\n"),
                                        reg(TOP + "/root/../../../tmp/ovmdiag-pwned-dotdot2", b"pwned\n")])
    write(outdir, "absolute.tar.gz", ms, [reg("/tmp/ovmdiag-pwned-absolute", b"pwned\n")])
    write(outdir, "symlink.tar.gz", [m for m in ms if not m[0].name.endswith("/xend.log")],
          [(info(evil + "xend.log", tarfile.SYMTYPE, linkname="/etc/shadow"), b""),
           (info(TOP + "/cmd/xm-info.out", tarfile.SYMTYPE, linkname="../../../../etc/passwd"), b"")])
    write(outdir, "hardlink.tar.gz", [m for m in ms if not m[0].name.endswith("/messages")],
          [(info(TOP + "/root/var/log/messages", tarfile.LNKTYPE, linkname="/etc/shadow"), b"")])
    write(outdir, "device.tar.gz", ms, [(info(TOP + "/root/dev/sda", tarfile.CHRTYPE), b""),
                                        (info(TOP + "/root/dev/fifo", tarfile.FIFOTYPE), b"")])
    dup = [m for m in ms if m[0].name.endswith("/cmd/xm-list.out")]
    write(outdir, "duplicate.tar.gz", ms, [reg(TOP + "/cmd/xm-list.out",
                                               b"Name ID Mem VCPUs State Time(s)\nDomain-0 0 99999 1 r----- 1.0\n"),
                                           reg(TOP + "/manifest.json", b"{\"items\": \"duplicate\"}")] if dup else [])
    write(outdir, "non-utf8.tar.gz", ms, [reg(evil + "qemu-dm-\udcff\udcfe.log".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape"),
                                              b"qemu: could not open disk image \xff\xfe\n")])
    lying = []
    for m, data in ms:
        if m.name.endswith("/manifest.json"):
            data = data.replace(b'"bytes_stored": ', b'"bytes_stored": 9999999').replace(
                b'"status": "missing"', b'"status": "ok"')
            m.size = len(data)
        lying.append((m, data))
    write(outdir, "lying-manifest.tar.gz", lying, [])
    with open(good, "rb") as f:
        raw = f.read()
    with open(os.path.join(outdir, "truncated.tar.gz"), "wb") as f:
        f.write(raw[: len(raw) * 2 // 3])
    with open(os.path.join(outdir, "random.tar.gz"), "wb") as f:
        f.write(bytes((i * 2654435761 >> 13) & 0xFF for i in range(1 << 20)))
    with open(os.path.join(outdir, "empty.tar.gz"), "wb") as f:
        pass
    with open(os.path.join(outdir, "gzip-of-garbage.tar.gz"), "wb") as f:
        f.write(gzip.compress(b"this is not a tar archive\n" * 1000))
    bomb(outdir, "bomb.tar.gz", gib)
    blocked_bomb(outdir, "blocked-bomb.tar.gz", 256 << 20)
    blocked_bomb(outdir, "blocked-liar.tar.gz", 64 << 20, lie=True)
    many(outdir, "million.tar.gz", 1000000)


if __name__ == "__main__":
    main()
