#!/usr/bin/env python3
"""The app's Content-Security-Policy, from infra/terraform/csp.json (the one definition that
CloudFront's response-headers policy, the <meta> in index.html, scripts/serve.py and
scripts/deploy.sh all use).

    python3 scripts/csp.py header [--connect ORIGIN ...]      # the header value
    python3 scripts/csp.py meta FILE.html [--connect ORIGIN ...]  # rewrite the <meta> in FILE

`--connect` adds origins the app may fetch data from (connect-src), e.g. a data bucket's origin
for ?data=. The <meta> form leaves out what browsers ignore there (frame-ancestors, report-uri).
Directives are sorted by name, as Terraform orders them.
"""
import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "infra/terraform/csp.json"
META_ONLY_IN_HEADERS = {"frame-ancestors", "report-uri", "sandbox"}
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*"\s*/?>')


def policy(connect=(), meta=False, report=None) -> str:
    directives = json.loads(SOURCE.read_text(encoding="utf-8"))
    for origin in connect:
        if not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d+)?", origin):
            raise ValueError(f"{origin!r} is not an origin (scheme://host[:port])")
    directives["connect-src"] = directives["connect-src"] + [o for o in connect if o not in directives["connect-src"]]
    text = "; ".join(f"{k} {' '.join(v)}" for k, v in sorted(directives.items()) if not (meta and k in META_ONLY_IN_HEADERS))
    return f"{text}; report-uri {report}" if report and not meta else text


def meta_tag(connect=()) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(connect, meta=True)}" />'


def rewrite(html: str, connect=()) -> str:
    if not META.search(html):
        raise ValueError("no Content-Security-Policy <meta> to rewrite")
    return META.sub(lambda _: meta_tag(connect), html, count=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("form", choices=["header", "meta"])
    ap.add_argument("file", nargs="?")
    ap.add_argument("--connect", nargs="*", default=[])
    a = ap.parse_args()
    try:
        if a.form == "header":
            print(policy(a.connect))
        else:
            path = Path(a.file)
            path.write_text(rewrite(path.read_text(encoding="utf-8"), a.connect), encoding="utf-8")
    except ValueError as e:
        sys.exit(f"csp.py: {e}")


if __name__ == "__main__":
    main()
