#!/usr/bin/python3
"""check-html.py PAGE.html SCREENSHOT.png [--hostile TEXT]...

Opens a report in headless Chromium from a file:// URL, the way a mail attachment opens, and
checks what the HTML report promises (issue 5): no console message (a script error or a
Content-Security-Policy violation would print one), no request of the page's own to anything
but the file itself, no script, frame, object or event-handler attribute in the DOM, every
--hostile TEXT present as text, and a screenshot. Prints one "ok"/"not ok" line per check and
exits 1 on a failure, 77 when Chromium is not installed. Standard library only.
"""
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-quic", "--disable-extensions", "--hide-scrollbars"]


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "frame", "object", "embed", "link", "base", "form"):
            self.bad.append("<%s>" % tag)
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name.startswith("on"):
                self.bad.append("%s on <%s>" % (name, tag))
            if name in ("src", "srcset", "data", "action", "formaction", "background"):
                self.bad.append("%s= on <%s>" % (name, tag))
            if name in ("href", "xlink:href") and v.startswith(("javascript:", "data:", "vbscript:")):
                self.bad.append("%s=%s on <%s>" % (name, v[:30], tag))

    def handle_data(self, data):
        self.text.append(data)


def run(args, timeout=90):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)


def main():
    argv = sys.argv[1:]
    hostile = []
    while "--hostile" in argv:
        i = argv.index("--hostile")
        hostile.append(argv[i + 1])
        del argv[i:i + 2]
    page, shot = os.path.abspath(argv[0]), os.path.abspath(argv[1])
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("SKIPPED: chromium is not installed (scripts/install-deps.sh installs it)")
        return 77
    failures = 0

    def check(what, good, detail=""):
        nonlocal failures
        print("%s - %s%s" % ("ok" if good else "not ok", what, (": " + detail) if detail and not good else ""))
        failures += 0 if good else 1

    with tempfile.TemporaryDirectory() as tmp:
        netlog = os.path.join(tmp, "netlog.json")
        r = run([chromium] + FLAGS + ["--user-data-dir=" + os.path.join(tmp, "p1"),
                 "--enable-logging=stderr", "--v=0", "--log-net-log=" + netlog,
                 "--dump-dom", "file://" + page])
        err = r.stderr.decode("utf-8", "replace")
        dom = r.stdout.decode("utf-8", "replace")
        check("chromium loaded the page", r.returncode == 0 and "</html>" in dom, err[-400:])
        console = [l for l in err.splitlines() if ":CONSOLE" in l]
        check("no console message", not console, " | ".join(console)[:600])
        with open(netlog) as f:
            log = json.load(f)
        start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        # the browser's own requests (updates, accounts) have no origin; the page's have one
        urls = sorted({e["params"]["url"] for e in log["events"]
                       if e["type"] == start and "url" in e.get("params", {})
                       and e["params"].get("initiator") != "not an origin"
                       and not e["params"]["url"].startswith("file://" + page)})
        check("the page requested nothing", not urls, ", ".join(urls)[:400])
        d = Dom()
        d.feed(dom)
        check("no script, frame, object or handler in the DOM", not d.bad, ", ".join(sorted(set(d.bad)))[:400])
        text = "".join(d.text)
        for h in hostile:
            check("hostile string stays text: %r" % h[:40], h in text)

        r = run([chromium] + FLAGS + ["--user-data-dir=" + os.path.join(tmp, "p2"),
                 "--window-size=1280,4000", "--screenshot=" + shot, "file://" + page])
        ok = os.path.exists(shot) and os.path.getsize(shot) > 10000
        with open(shot, "rb") if ok else open(os.devnull, "rb") as f:
            ok = ok and f.read(8) == b"\x89PNG\r\n\x1a\n"
        check("screenshot %s" % os.path.relpath(shot), ok, r.stderr.decode("utf-8", "replace")[-300:])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
