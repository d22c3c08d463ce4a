#!/usr/bin/env python3
"""Static server for the built dashboard: dist/ at /, the published lake at /data/.

Listens on 127.0.0.1 only (`--port 0` picks a free port and prints it). Used by `scripts/run.sh` and by the end-to-end tests.

    python3 scripts/serve.py --port 8501 --site dist --data data/lake/published
"""
import argparse
import functools
import http.server
import os
import posixpath
import sys
import urllib.parse

TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".parquet": "application/vnd.apache.parquet",
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    site = "."
    data = "."
    cors = False

    def translate_path(self, path):
        path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        root, rest = (self.data, path[len("/data/"):]) if path.startswith("/data/") else (self.site, path)
        parts = [p for p in posixpath.normpath(rest).split("/") if p not in ("", ".", "..")]
        return os.path.join(root, *parts)

    def guess_type(self, path):
        return TYPES.get(os.path.splitext(path)[1], super().guess_type(path))

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        if self.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("SERVE_QUIET") != "1":
            super().log_message(fmt, *args)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, default=8501)
    ap.add_argument("--site", default="dist")
    ap.add_argument("--data", default="data/lake/published")
    ap.add_argument("--cors", action="store_true", help="allow any origin to read (for ?data= tests)")
    args = ap.parse_args()
    for label, folder in (("site", args.site), ("data", args.data)):
        if not os.path.isdir(folder):
            sys.exit(f"serve.py: the {label} folder {folder!r} does not exist")
    Handler.site = os.path.abspath(args.site)
    Handler.data = os.path.abspath(args.data)
    Handler.cors = args.cors
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    except OSError as e:
        sys.exit(f"serve.py: cannot listen on 127.0.0.1:{args.port}: {e.strerror}")
    port = server.server_address[1]
    print(f"serving {args.site} and {args.data} at http://localhost:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
