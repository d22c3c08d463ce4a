#!/usr/bin/env python3
"""Static server for the built dashboard: dist/ at /, the published lake at /data/.

Listens on 127.0.0.1 only (`--port 0` picks a free port and prints it). Used by `scripts/run.sh` and by the end-to-end tests.
Sends the headers the deployed site sends (scripts/csp.py: the Content-Security-Policy, with
`--connect` origins added to connect-src and to the <meta> of index.html; nosniff, no framing,
referrer policy) and collects the browser's CSP violation reports: POSTed to /__csp, listed as
JSON by GET /__csp.

    python3 scripts/serve.py --port 8501 --site dist --data data/lake/published
"""
import argparse
import http.server
import json
import os
import posixpath
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import csp  # noqa: E402

TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".parquet": "application/vnd.apache.parquet",
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    site = "."
    data = "."
    cors = False
    connect = []
    reports = []
    lock = threading.Lock()

    def do_POST(self):
        if urllib.parse.urlsplit(self.path).path != "/__csp":
            self.send_error(405)
            return
        length = min(int(self.headers.get("Content-Length") or 0), 65536)
        body = self.rfile.read(length).decode("utf-8", "replace")
        try:
            report = json.loads(body)
        except ValueError:
            report = {"unparsed": body}
        with self.lock:
            self.reports.append(report)
        print(f"serve.py: CSP violation: {body[:500]}", file=sys.stderr, flush=True)
        self.send_response(204)
        self.end_headers()

    def do_GET(self):
        self.etag = None
        path = urllib.parse.urlsplit(self.path).path
        if path == "/__csp":
            with self.lock:
                body = json.dumps(self.reports).encode()
            return self.reply(body, "application/json")
        if path in ("/", "/index.html"):
            # The <meta> policy says what the header says (connect-src included).
            with open(os.path.join(self.site, "index.html"), encoding="utf-8") as f:
                html = f.read()
            if self.connect:
                html = csp.rewrite(html, self.connect)
            return self.reply(html.encode("utf-8"), "text/html; charset=utf-8")
        return super().do_GET()

    def send_head(self):
        # An ETag (size and modification time, as nginx does) so browsers revalidate with
        # If-None-Match and get 304 Not Modified: the app's check for a new publication.
        self.etag = None
        path = self.translate_path(self.path)
        if os.path.isfile(path):
            st = os.stat(path)
            self.etag = f'"{st.st_size:x}-{st.st_mtime_ns:x}"'
            asked = [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]
            if self.etag in asked:
                self.send_response(304)
                self.end_headers()
                return None
        return super().send_head()

    def reply(self, body, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path):
        path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        root, rest = (self.data, path[len("/data/"):]) if path.startswith("/data/") else (self.site, path)
        parts = [p for p in posixpath.normpath(rest).split("/") if p not in ("", ".", "..")]
        return os.path.join(root, *parts)

    def guess_type(self, path):
        return TYPES.get(os.path.splitext(path)[1], super().guess_type(path))

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        if getattr(self, "etag", None):
            self.send_header("ETag", self.etag)
        self.send_header("Content-Security-Policy", csp.policy(self.connect, report="/__csp"))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "strict-origin-when-cross-origin")
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
    ap.add_argument("--connect", nargs="*", default=[], help="origins the app may read data from besides its own (CSP connect-src)")
    args = ap.parse_args()
    for label, folder in (("site", args.site), ("data", args.data)):
        if not os.path.isdir(folder):
            sys.exit(f"serve.py: the {label} folder {folder!r} does not exist")
    Handler.site = os.path.abspath(args.site)
    Handler.data = os.path.abspath(args.data)
    Handler.cors = args.cors
    try:
        csp.policy(args.connect)
    except ValueError as e:
        sys.exit(f"serve.py: {e}")
    Handler.connect = args.connect
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
