#!/usr/bin/env python3
"""Trunk post-build hook: moves the inline module script Trunk writes into index.html (it loads
the wasm) into its own content-addressed file, so the page has no inline script and its
Content-Security-Policy needs no per-build hash (`script-src 'self' 'wasm-unsafe-eval'`); and
gives the decoding worker's files (which Trunk names without a hash) content-addressed names,
announced to the app by <meta name="cx-vet-worker">, so every file but index.html can be cached
for good.

Run by Trunk with TRUNK_STAGING_DIR set (see Trunk.toml); or by hand on a built folder:
    python3 scripts/trunk_post_build.py dist
"""
import base64
import hashlib
import os
import re
import sys
from pathlib import Path

INLINE = re.compile(r"<script type=\"module\">(.*?)</script>", re.S)


WORKER = "vet-worker"


def address_worker(folder: Path, html: str) -> str:
    js, wasm, loader = (folder / f"{WORKER}.js", folder / f"{WORKER}_bg.wasm", folder / f"{WORKER}_loader.js")
    if not loader.exists():
        return html
    digest = hashlib.sha256(js.read_bytes() + wasm.read_bytes()).hexdigest()[:16]
    base = f"{WORKER}-{digest}"
    js.rename(folder / f"{base}.js")
    wasm.rename(folder / f"{base}_bg.wasm")
    text = loader.read_text(encoding="utf-8")
    text = text.replace(f"./{WORKER}.js", f"./{base}.js").replace(f"./{WORKER}_bg.wasm", f"./{base}_bg.wasm")
    loader.unlink()
    (folder / f"{base}_loader.js").write_text(text, encoding="utf-8")
    meta = f'<meta name="cx-vet-worker" content="./{base}_loader.js" />'
    return re.sub(r"(<meta charset=\"utf-8\" />)", lambda m: m.group(1) + "\n    " + meta, html, count=1)


def main(folder: Path):
    index = folder / "index.html"
    html = index.read_text(encoding="utf-8")
    html = address_worker(folder, html)
    scripts = INLINE.findall(html)
    if not scripts:
        if "<script type=\"module\" src=\"./loader-" in html:
            index.write_text(html, encoding="utf-8")
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


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["TRUNK_STAGING_DIR"]))
