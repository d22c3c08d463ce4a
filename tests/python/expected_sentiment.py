#!/usr/bin/env python3
"""The sentiment view's counts computed outside the browser: the published texts read with
pyarrow the way the engine reads them, labeled by the native `classify` command. The browser test
compares the page's per-source counts with these (the same model, native vs wasm).

    python3 tests/python/expected_sentiment.py data/lake/published target/release/classify [FROM TO]

With FROM and TO (inclusive `YYYY-MM-DD` days), only the texts of those days, by each dataset's
own time column (the dashboard's date filter).
"""
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

SOURCES = [  # (source, dataset, text columns, time column)
    ("review", "resenas_online", ["titulo", "texto"], "fecha"),
    ("whatsapp", "mensajes_whatsapp", ["texto"], "inicio"),
    ("survey", "encuestas_post_atencion", ["comentario"], "fecha"),
    ("complaint", "libro_reclamaciones", ["detalle"], "fecha"),
]


def texts(published: Path, first=None, last=None):
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    files = {d["name"]: [f["path"] for f in d["files"]] for d in manifest["datasets"]}
    for source, dataset, cols, time in SOURCES:
        for path in files[dataset]:
            table = pq.read_table(published / path, columns=cols + [time])
            days = [t.date().isoformat() for t in table.column(time).to_pylist()]
            for day, *row in zip(days, *(table.column(c).to_pylist() for c in cols)):
                if first and not first <= day <= last:
                    continue
                parts = [p.strip() for p in row if p is not None and p.strip()]
                if parts:
                    yield source, ". ".join(parts)


def main() -> None:
    published, classify = Path(sys.argv[1]), sys.argv[2]
    first, last = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (None, None)
    rows = list(texts(published, first, last))
    lines = "".join(json.dumps({"source": s, "text": t}, ensure_ascii=False) + "\n" for s, t in rows)
    out = subprocess.run([classify], input=lines, capture_output=True, text=True, check=True).stdout
    counts = {s: {"neg": 0, "neu": 0, "pos": 0} for s, _, _, _ in SOURCES}
    for line in out.splitlines():
        r = json.loads(line)
        counts[r["source"]][r["label"]] += 1
    print(json.dumps({"texts": len(rows), "by_source": counts}))


if __name__ == "__main__":
    main()
