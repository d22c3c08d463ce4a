#!/usr/bin/env python3
"""Trunk post-build hook: moves the inline module script Trunk writes into index.html (it loads
the wasm) into its own content-addressed file, so the page has no inline script and its
Content-Security-Policy needs no per-build hash (`script-src 'self' 'wasm-unsafe-eval'`); and
gives the decoding worker's files (which Trunk names without a hash) content-addressed names,
announced to the app by <meta name="cx-vet-worker"> and <meta name="cx-classify-worker">, so every file but index.html can be cached
for good. Then draws the app's icons (PNG, for the web app manifest) and completes the service
worker (sw.js) with this build's files and their digest, and writes a brotli (`.br`, quality 11)
and a gzip (`.gz`, level 9) copy of each text and wasm file, which `scripts/serve.py` sends to
browsers that accept them (`Content-Encoding`) and `scripts/deploy.sh` uploads gzip-encoded.

Run by Trunk with TRUNK_STAGING_DIR set (see Trunk.toml); or by hand on a built folder:
    python3 scripts/trunk_post_build.py dist
"""
import base64
import hashlib
import json
import os
import re
import gzip
import struct
import subprocess
import sys
import zlib
from pathlib import Path

INLINE = re.compile(r"<script type=\"module\">(.*?)</script>", re.S)


WORKERS = ("vet-worker", "classify-worker")


def address_worker(folder: Path, html: str, worker: str) -> str:
    js, wasm, loader = (folder / f"{worker}.js", folder / f"{worker}_bg.wasm", folder / f"{worker}_loader.js")
    if not loader.exists():
        return html
    digest = hashlib.sha256(js.read_bytes() + wasm.read_bytes()).hexdigest()[:16]
    base = f"{worker}-{digest}"
    js.rename(folder / f"{base}.js")
    wasm.rename(folder / f"{base}_bg.wasm")
    text = loader.read_text(encoding="utf-8")
    text = text.replace(f"./{worker}.js", f"./{base}.js").replace(f"./{worker}_bg.wasm", f"./{base}_bg.wasm")
    loader.unlink()
    (folder / f"{base}_loader.js").write_text(text, encoding="utf-8")
    meta = f'<meta name="cx-{worker}" content="./{base}_loader.js" />'
    return re.sub(r"(<meta charset=\"utf-8\" />)", lambda m: m.group(1) + "\n    " + meta, html, count=1)


def png(size: int) -> bytes:
    """The icon: white bars rising on the accent colour, with rounded corners."""
    accent, white = (0xC8, 0x10, 0x2E, 0xFF), (0xFF, 0xFF, 0xFF, 0xFF)
    clear = (0, 0, 0, 0)
    r = size * 0.18
    bars = [(0.22, 0.34, 0.58), (0.42, 0.54, 0.42), (0.62, 0.74, 0.28)]  # x0, x1, top (fractions)
    rows = []
    for y in range(size):
        row = bytearray(b"\0")
        fy = (y + 0.5) / size
        for x in range(size):
            fx = (x + 0.5) / size
            cx = min(max(x + 0.5, r), size - r)
            cy = min(max(y + 0.5, r), size - r)
            inside = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r
            colour = clear
            if inside:
                colour = accent
                if any(x0 <= fx <= x1 and top <= fy <= 0.78 for x0, x1, top in bars):
                    colour = white
            row += bytes(colour)
        rows.append(bytes(row))
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


def service_worker(folder: Path):
    """sw.js with the list of this build's files (paths relative to the site) and their digest."""
    sw = folder / "sw.js"
    text = sw.read_text(encoding="utf-8")
    if "__CX_SHELL__" not in text:
        return
    files = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "sw.js" and p.suffix not in (".br", ".gz")
    )
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.encode() + b"\0" + (folder / f).read_bytes())
    shell = ["./"] + [f for f in files if f != "index.html"]
    text = text.replace("'__CX_BUILD__'", json.dumps(digest.hexdigest()[:16])).replace("__CX_SHELL__", json.dumps(shell))
    sw.write_text(text, encoding="utf-8")
    print(f"trunk_post_build: sw.js keeps {len(shell)} files of build {digest.hexdigest()[:16]}")


COMPRESSIBLE = (".wasm", ".js", ".css", ".html", ".json", ".webmanifest", ".svg")

BROTLI = """
const fs = require('fs'), zlib = require('zlib');
for (const f of process.argv.slice(1)) {
  const raw = fs.readFileSync(f);
  fs.writeFileSync(f + '.br', zlib.brotliCompressSync(raw, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
}
"""


def precompress(folder: Path):
    """`<file>.br` and `<file>.gz` next to each compressible file of 1 KiB or more (the rest
    would not gain), but index.html, which the server and the deploy rewrite (its policy's
    connect-src). Deterministic: the gzip header carries no name and no time."""
    files = [
        p for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in COMPRESSIBLE and p.stat().st_size >= 1024 and p.name != "index.html"
    ]
    for p in files:
        (p.parent / (p.name + ".gz")).write_bytes(gzip.compress(p.read_bytes(), compresslevel=9, mtime=0))
    subprocess.run(["node", "-e", BROTLI, *map(str, files)], check=True)
    raw = sum(p.stat().st_size for p in files)
    br = sum((p.parent / (p.name + ".br")).stat().st_size for p in files)
    print(f"trunk_post_build: {len(files)} files pre-compressed, {raw:,} bytes → {br:,} brotli")


def main(folder: Path):
    index = folder / "index.html"
    html = index.read_text(encoding="utf-8")
    for worker in WORKERS:
        html = address_worker(folder, html, worker)
    scripts = INLINE.findall(html)
    if not scripts:
        if "<script type=\"module\" src=\"./loader-" in html:
            index.write_text(html, encoding="utf-8")
            precompress(folder)
            return  # already done
        sys.exit(f"trunk_post_build: no inline module script in {index}")
    if len(scripts) > 1:
        sys.exit(f"trunk_post_build: {len(scripts)} inline module scripts in {index}, expected one")
    body = scripts[0].strip() + "\n"
    data = body.encode("utf-8")
    name = f"loader-{hashlib.sha256(data).hexdigest()[:16]}.js"
    (folder / name).write_bytes(data)
    sri = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    tag = f'<script type="module" src="./{name}" integrity="{sri}" crossorigin="anonymous"></script>'
    html = INLINE.sub(lambda _: tag, html, count=1)
    if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) or re.search(r"\son[a-z]+=", html):
        sys.exit(f"trunk_post_build: {index} still has an inline script or handler")
    index.write_text(html, encoding="utf-8")
    print(f"trunk_post_build: the loader is {name}; index.html has no inline script")
    for size in (192, 512):
        (folder / f"icon-{size}.png").write_bytes(png(size))
    service_worker(folder)
    precompress(folder)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["TRUNK_STAGING_DIR"]))
