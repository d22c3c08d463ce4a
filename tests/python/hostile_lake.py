#!/usr/bin/env python3
"""A copy of a published lake whose first complaint-book entry carries text cells a spreadsheet
would run as formulas, for the CSV-injection test of the explorer.

    python3 tests/python/hostile_lake.py data/lake/published /tmp/hostile
"""
import hashlib
import json
import shutil
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

FORMULAS = {
    "detalle": '=HYPERLINK("http://example.invalid","clic")',
    "pedido": "+51 999 888 777",
    "descripcion_bien": "@SUM(A1:A9)",
    "codigo": "-2+3",
}


def main(src: Path, dst: Path):
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=False, ignore=shutil.ignore_patterns("csv"))
    manifest = json.loads((dst / "manifest.json").read_text(encoding="utf-8"))
    book = next(d for d in manifest["datasets"] if d["name"] == "libro_reclamaciones")
    first = dst / book["files"][0]["path"]
    table = pq.read_table(first)
    for col, value in FORMULAS.items():
        i = table.schema.get_field_index(col)
        values = table.column(col).to_pylist()
        values[0] = value
        table = table.set_column(i, table.schema.field(i), pa.array(values, type=table.schema.field(i).type))
    pq.write_table(table, first, compression="snappy")
    refresh(book["files"][0], first)
    (dst / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    print(json.dumps({"file": str(first), "cells": FORMULAS}))


def refresh(entry, path: Path):
    """The manifest entry of a rewritten file: its length, SHA-256 and rows (when it is Parquet)."""
    data = path.read_bytes()
    entry["bytes"] = len(data)
    entry["sha256"] = hashlib.sha256(data).hexdigest()
    try:
        entry["rows"] = pq.ParquetFile(path).metadata.num_rows
    except Exception:  # not Parquet: the manifest keeps its count, the app names the file anyway
        pass


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
