#!/usr/bin/env python3
"""Static server for the built dashboard: dist/ at /, the published lake at /data/.

Listens on 127.0.0.1 only (`--port 0` picks a free port and prints it). Used by `scripts/run.sh` and by the end-to-end tests.
Serves what a CDN serves: byte ranges (`Range: bytes=a-b`, `bytes=a-`, `bytes=-n` → 206 with
`Content-Range`; past the end → 416; several ranges → the whole file), the pre-compressed `.br`
or `.gz` copy the build wrote next to a file when the browser accepts it (`Content-Encoding`,
`Vary: Accept-Encoding`; a range request gets the plain bytes), and ETags with 304s.
Counts what it sends for the benchmarks: GET /__stats → {"requests", "bytes", "paths"} (response
bodies; per path: [requests, bytes]); GET /__stats?reset=1 also sets them to zero.
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
import re
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
    # HTTP/1.1, as a CDN speaks: Chromium neither keeps an HTTP/1.0 response marked no-cache nor
    # revalidates it, so under HTTP/1.0 every visit downloaded everything again.
    protocol_version = "HTTP/1.1"
    # On a kept-alive connection the headers and the body go out as separate small writes:
    # without this, Nagle's algorithm and delayed ACKs stall each response by ~40 ms.
    disable_nagle_algorithm = True
    site = "."
    data = "."
    cors = False
    connect = []
    reports = []
    stats = {"requests": 0, "bytes": 0, "paths": {}}
    lock = threading.Lock()

    def handle(self):
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError):
            pass  # the browser dropped a kept-alive connection (or a download it no longer wants)

    def handle_one_request(self):
        # One handler serves every request of a kept-alive connection: nothing carries over,
        # not even into an error answered before any do_* method runs.
        self.etag, self.left = None, None
        super().handle_one_request()

    def count(self, sent, request=0):
        path = urllib.parse.urlsplit(self.path).path
        with self.lock:
            self.stats["requests"] += request
            self.stats["bytes"] += sent
            per = self.stats["paths"].setdefault(path, [0, 0])
            per[0] += request
            per[1] += sent

    def do_POST(self):
        # The body is read whole (or the connection closed after the answer), so what follows on a
        # kept-alive connection is the next request, not the rest of this one.
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > 65536 or "Transfer-Encoding" in self.headers:
            self.close_connection = True
            self.send_error(413 if length > 65536 else 400)
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        if urllib.parse.urlsplit(self.path).path != "/__csp":
            self.send_error(405)
            return
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
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        if path == "/__csp":
            with self.lock:
                body = json.dumps(self.reports).encode()
            return self.reply(body, "application/json", counted=False)
        if path == "/__stats":
            with self.lock:
                body = json.dumps(self.stats).encode()
                if "reset=1" in url.query:
                    self.stats.update(requests=0, bytes=0, paths={})
            return self.reply(body, "application/json", counted=False)
        self.count(0, request=1)
        if path in ("/", "/index.html"):
            # The <meta> policy says what the header says (connect-src included).
            with open(os.path.join(self.site, "index.html"), encoding="utf-8") as f:
                html = f.read()
            if self.connect:
                html = csp.rewrite(html, self.connect)
            return self.reply(html.encode("utf-8"), "text/html; charset=utf-8")
        return super().do_GET()

    def do_HEAD(self):
        self.count(0, request=1)
        super().do_HEAD()

    def accepted(self):
        """The content codings the request accepts (q=0 excluded)."""
        codings = set()
        for part in self.headers.get("Accept-Encoding", "").split(","):
            name, _, params = part.strip().partition(";")
            q = re.search(r"q=([0-9.]*)", params)
            try:
                weight = float(q.group(1)) if q else 1.0
            except ValueError:
                continue  # a malformed weight: that coding is not accepted
            if name and weight > 0:
                codings.add(name.strip().lower())
        return codings

    def send_head(self):
        # An ETag (size and modification time, as nginx does) so browsers revalidate with
        # If-None-Match and get 304 Not Modified: the app's check for a new publication.
        self.etag = None
        self.left = None
        path = self.translate_path(self.path)
        if not os.path.isfile(path):
            return super().send_head()  # folders and 404s as before
        ranged = "Range" in self.headers
        variants = [(c, path + ext) for c, ext in (("br", ".br"), ("gzip", ".gz")) if os.path.isfile(path + ext)]
        coding, served = None, path
        if not ranged:
            for c, p in variants:
                if c in self.accepted():
                    coding, served = c, p
                    break
        st = os.stat(served)
        self.etag = f'"{st.st_size:x}-{st.st_mtime_ns:x}{"-" + coding if coding else ""}"'
        asked = [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]
        if self.etag in asked:
            self.send_response(304)
            if variants:
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return None
        size = st.st_size
        start, end, status = 0, size - 1, 200
        if ranged and self.headers.get("If-Range", self.etag) == self.etag:
            asked_range = parse_range(self.headers["Range"], size)
            if asked_range == "unsatisfiable":
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if asked_range:
                (start, end), status = asked_range, 206
        f = open(served, "rb")
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Last-Modified", self.date_time_string(int(st.st_mtime)))
        self.send_header("Accept-Ranges", "bytes")
        if variants:
            self.send_header("Vary", "Accept-Encoding")
        if coding:
            self.send_header("Content-Encoding", coding)
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        f.seek(start)
        self.left = end - start + 1
        return f

    def copyfile(self, source, outputfile):
        if self.left is None:
            start = source.tell()
            super().copyfile(source, outputfile)
            return self.count(source.tell() - start)
        left = self.left
        while left > 0:
            chunk = source.read(min(left, 1 << 16))
            if not chunk:
                break
            outputfile.write(chunk)
            left -= len(chunk)
            self.count(len(chunk))

    def reply(self, body, content_type, counted=True):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if counted:
            self.count(len(body))

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


def parse_range(header, size):
    """(start, end) of a single `bytes=` range, "unsatisfiable" when it starts past the end, or
    None to send the whole file (several ranges, another unit, or a malformed header)."""
    m = re.fullmatch(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", header)
    if not m or (m.group(1) == "" and m.group(2) == ""):
        return None
    first, last = m.group(1), m.group(2)
    if first == "":  # the last n bytes
        n = int(last)
        if n == 0:
            return "unsatisfiable"
        return (max(size - n, 0), size - 1) if size else "unsatisfiable"
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None
    if start >= size:
        return "unsatisfiable"
    return start, end


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
