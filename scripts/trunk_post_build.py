#!/usr/bin/env python3
"""Trunk post-build hook: moves the inline module script Trunk writes into index.html (it loads
the wasm) into its own content-addressed file, so the page has no inline script and its
Content-Security-Policy needs no per-build hash (`script-src 'self' 'wasm-unsafe-eval'`).

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


def main(folder: Path):
    index = folder / "index.html"
    html = index.read_text(encoding="utf-8")
    scripts = INLINE.findall(html)
    if not scripts:
        if "<script type=\"module\" src=\"./loader-" in html:
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
