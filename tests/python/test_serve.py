"""scripts/serve.py serves what a CDN serves: byte ranges, pre-compressed copies, ETags."""
import gzip
import http.client
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    data = tmp_path_factory.mktemp("data")
    (site / "index.html").write_text("<!DOCTYPE html><title>x</title>", encoding="utf-8")
    body = bytes(range(256)) * 40  # 10,240 bytes
    (site / "app.wasm").write_bytes(body)
    (site / "app.wasm.gz").write_bytes(gzip.compress(body, mtime=0))
    (site / "app.wasm.br").write_bytes(b"brotli-bytes")  # served as is: the server never decodes
    (data / "t.parquet").write_bytes(body)
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts/serve.py"), "--port", "0", "--site", str(site), "--data", str(data)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "SERVE_QUIET": "1"},
    )
    line = proc.stdout.readline()
    port = int(line.rsplit(":", 1)[1].strip("/\n"))
    yield port, body
    proc.terminate()
    proc.wait(timeout=10)


def get(port, path, headers=None, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, headers=headers or {})
    r = conn.getresponse()
    return r.status, dict(r.getheaders()), r.read()


def test_ranges(server):
    port, body = server
    status, h, got = get(port, "/data/t.parquet", {"Range": "bytes=100-199"})
    assert (status, got, h["Content-Range"], h["Content-Length"]) == (206, body[100:200], "bytes 100-199/10240", "100")
    status, h, got = get(port, "/data/t.parquet", {"Range": "bytes=-8"})
    assert (status, got, h["Content-Range"]) == (206, body[-8:], "bytes 10232-10239/10240")
    status, h, got = get(port, "/data/t.parquet", {"Range": "bytes=10000-"})
    assert (status, got) == (206, body[10000:])
    status, h, got = get(port, "/data/t.parquet", {"Range": "bytes=10000-99999"})
    assert (status, got) == (206, body[10000:])
    status, h, _ = get(port, "/data/t.parquet", {"Range": "bytes=10240-"})
    assert (status, h["Content-Range"]) == (416, "bytes */10240")
    # Several ranges, or a malformed one: the whole file, as RFC 9110 allows.
    for asked in ("bytes=0-1,5-6", "items=0-1", "bytes=9-3"):
        status, h, got = get(port, "/data/t.parquet", {"Range": asked})
        assert (status, got) == (200, body), asked
    status, h, got = get(port, "/data/t.parquet")
    assert (status, got, h["Accept-Ranges"]) == (200, body, "bytes")
    # If-Range with another validator: the whole (changed) file.
    status, _, got = get(port, "/data/t.parquet", {"Range": "bytes=0-9", "If-Range": '"old"'})
    assert (status, got) == (200, body)
    status, h, got = get(port, "/data/t.parquet", {"Range": "bytes=0-9", "If-Range": h["ETag"]})
    assert (status, got) == (206, body[:10])


def test_precompressed(server):
    port, body = server
    status, h, got = get(port, "/app.wasm", {"Accept-Encoding": "gzip, deflate, br"})
    assert (status, h["Content-Encoding"], got, h["Vary"]) == (200, "br", b"brotli-bytes", "Accept-Encoding")
    assert h["Content-Type"] == "application/wasm"
    status, h, got = get(port, "/app.wasm", {"Accept-Encoding": "gzip"})
    assert (status, h["Content-Encoding"], gzip.decompress(got)) == (200, "gzip", body)
    status, h, got = get(port, "/app.wasm", {"Accept-Encoding": "br;q=., gzip"})  # a malformed weight
    assert (status, h["Content-Encoding"]) == (200, "gzip")
    status, h, got = get(port, "/app.wasm", {"Accept-Encoding": "gzip;q=0, br;q=0"})
    assert (status, got) == (200, body) and "Content-Encoding" not in h
    # Each coding has its own ETag, so a cache never answers one with the other.
    etags = {get(port, "/app.wasm", {"Accept-Encoding": a})[1]["ETag"] for a in ("br", "gzip", "identity")}
    assert len(etags) == 3
    status, _, _ = get(port, "/app.wasm", {"Accept-Encoding": "br", "If-None-Match": get(port, "/app.wasm", {"Accept-Encoding": "br"})[1]["ETag"]})
    assert status == 304
    # A range is always of the plain bytes.
    status, h, got = get(port, "/app.wasm", {"Accept-Encoding": "br", "Range": "bytes=0-3"})
    assert (status, got) == (206, body[:4]) and "Content-Encoding" not in h
    status, h, got = get(port, "/app.wasm", {"Accept-Encoding": "br"}, method="HEAD")
    assert (status, got, h["Content-Encoding"], h["Content-Length"]) == (200, b"", "br", "12")
    assert get(port, "/nothing.wasm")[0] == 404


def test_stats(server):
    port, body = server
    get(port, "/__stats?reset=1")
    get(port, "/data/t.parquet", {"Range": "bytes=0-99"})
    get(port, "/app.wasm", {"Accept-Encoding": "br"})
    get(port, "/app.wasm", method="HEAD")
    import json
    stats = json.loads(get(port, "/__stats")[2])
    assert {k: stats[k] for k in ("requests", "bytes")} == {"requests": 3, "bytes": 100 + len(b"brotli-bytes")}
    assert stats["paths"] == {"/data/t.parquet": [1, 100], "/app.wasm": [2, len(b"brotli-bytes")]}


def test_kept_alive_connection_carries_nothing_over(server):
    """One connection, as a browser keeps it: each answer is the request's own."""
    port, body = server
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def ask(method, path, headers=None, payload=None):
        conn.request(method, path, body=payload, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()

    status, h, got = ask("GET", "/data/t.parquet", {"Range": "bytes=-8"})
    assert (status, got) == (206, body[-8:])
    etag = h["ETag"]
    status, h, got = ask("GET", "/data/t.parquet")
    assert (status, got) == (200, body) and "Content-Range" not in h
    status, h, got = ask("HEAD", "/app.wasm", {"Accept-Encoding": "gzip"})
    assert (status, got, h["Content-Encoding"]) == (200, b"", "gzip")
    status, h, _ = ask("GET", "/data/t.parquet", {"If-None-Match": etag})
    assert status == 304
    status, h, _ = ask("POST", "/__csp", {"Content-Type": "application/json"}, b'{"csp-report": {}}')
    assert status == 204 and "ETag" not in h
    status, h, got = ask("GET", "/__stats")
    assert status == 200 and "ETag" not in h and json.loads(got)["requests"] >= 4
    status, h, got = ask("GET", "/nothing")
    assert status == 404 and "ETag" not in h
    status, h, got = ask("GET", "/data/t.parquet", {"Range": "bytes=0-9"})
    assert (status, got) == (206, body[:10])
    conn.close()
