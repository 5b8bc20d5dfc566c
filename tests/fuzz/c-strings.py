#!/usr/bin/env python3
# c-strings.py OUTDIR FILE.c...: every run of adjacent C string literals of at least 8 bytes in
# the unit tests (the fixture texts they feed the parsers) as one seed file in OUTDIR, named by
# its digest. Rough C lexing: comments and character literals are skipped.
import hashlib, os, re, sys

ESC = {'n': 10, 't': 9, 'r': 13, '0': 0, '\\': 92, '"': 34, "'": 39, 'a': 7, 'b': 8, 'f': 12,
       'v': 11, '?': 63, 'e': 27}

def decode(body):
    out, i = bytearray(), 0
    while i < len(body):
        c = body[i]
        if c != '\\':
            out += c.encode('utf-8')
            i += 1
            continue
        i += 1
        c = body[i]
        if c == 'x':
            m = re.match(r'[0-9a-fA-F]+', body[i + 1:])
            out.append(int(m.group(0), 16) & 0xff)
            i += 1 + len(m.group(0))
        elif c in '01234567':
            m = re.match(r'[0-7]{1,3}', body[i:])
            out.append(int(m.group(0), 8) & 0xff)
            i += len(m.group(0))
        elif c == 'u' or c == 'U':
            n = 4 if c == 'u' else 8
            out += chr(int(body[i + 1:i + 1 + n], 16)).encode('utf-8', 'replace')
            i += 1 + n
        elif c == '\n':
            i += 1
        else:
            out.append(ESC.get(c, ord(c)))
            i += 1
    return bytes(out)

TOKEN = re.compile(r'//[^\n]*|/\*.*?\*/|\'(?:\\.|[^\\\'])*\'|"((?:\\.|[^\\"])*)"|\s+|.', re.S)

def runs(src):
    cur = None
    for m in TOKEN.finditer(src):
        t = m.group(0)
        if m.group(1) is not None:
            cur = (cur or b'') + decode(m.group(1))
        elif t.isspace() or t.startswith('//') or t.startswith('/*'):
            continue
        else:
            if cur is not None:
                yield cur
            cur = None
    if cur is not None:
        yield cur

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for path in sys.argv[2:]:
    with open(path, encoding='utf-8', errors='replace') as f:
        for s in runs(f.read()):
            if len(s) >= 8:
                name = os.path.join(out, 'u-' + hashlib.sha1(s).hexdigest()[:16])
                with open(name, 'wb') as g:
                    g.write(s)
