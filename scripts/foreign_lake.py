#!/usr/bin/env python3
"""Rewrites a published lake file by file with another tool, as its users' exports come out:

    pyarrow-spark   INT96 timestamps and GZIP, as Spark and Athena CTAS write
    pyarrow-lz4     LZ4_RAW, strings as LargeUtf8, timestamps in microseconds
    pyarrow-brotli  BROTLI (the app refuses it, naming the codec and how to rewrite the file)
    pandas          pandas' round trip: categoricals (dictionary strings), nanosecond
                    timestamps, integer columns with nulls as float64, SNAPPY
    duckdb          DuckDB's COPY … TO (FORMAT parquet): SNAPPY, microsecond timestamps
    polars          Polars' defaults: ZSTD, its string layout, microsecond timestamps

and the lake's CSV copies as a spreadsheet in Peru saves them (`excel-es` : Windows-1252, `;`
delimiters, CRLF, decimal commas, DD/MM/YYYY dates).

The paths stay those of the lake; `manifest.json` is copied with each file's bytes, SHA-256 and
rows refreshed, so the rewritten folder is a lake the app and `cx-kpi` read.

    .venv/bin/python scripts/foreign_lake.py data/lake/published OUT_DIR WRITER
"""
import hashlib
import json
import pathlib
import shutil
import sys

import pyarrow as pa
import pyarrow.parquet as pq

WRITERS = ["pyarrow-spark", "pyarrow-lz4", "pandas", "duckdb", "polars"]


def _large_strings(t: pa.Table) -> pa.Table:
    return t.cast(pa.schema([pa.field(f.name, pa.large_string() if f.type == pa.string() else f.type, f.nullable)
                             for f in t.schema]))


def _micro(t: pa.Table) -> pa.Table:
    return t.cast(pa.schema([pa.field(f.name, pa.timestamp("us") if pa.types.is_timestamp(f.type) else f.type, f.nullable)
                             for f in t.schema]))


def write_one(src: pathlib.Path, dst: pathlib.Path, writer: str) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    if writer == "pyarrow-spark":
        pq.write_table(pq.read_table(src), dst, compression="gzip", use_deprecated_int96_timestamps=True)
    elif writer == "pyarrow-lz4":
        pq.write_table(_micro(_large_strings(pq.read_table(src))), dst, compression="lz4")
    elif writer == "pyarrow-brotli":
        pq.write_table(pq.read_table(src), dst, compression="brotli")
    elif writer == "pandas":
        import pandas as pd
        df = pd.read_parquet(src)
        for c in df.columns:
            kind = df[c].dtype.kind
            if kind == "M":
                df[c] = df[c].astype("datetime64[ns]")
            elif kind in "OU" or str(df[c].dtype) in ("str", "string"):
                values = df[c].dropna()
                if len(values) and all(isinstance(v, str) for v in values.head(50)) \
                        and values.nunique() * 2 < len(values):
                    df[c] = df[c].astype("category")
        df.to_parquet(dst, index=False)
    elif writer == "duckdb":
        import duckdb
        con = duckdb.connect()
        con.execute(f"copy (select * from read_parquet('{src}', hive_partitioning = false)) "
                    f"to '{dst}' (format parquet)")
        con.close()
    elif writer == "polars":
        import polars as pl
        pl.read_parquet(src, hive_partitioning=False).write_parquet(dst)
    else:
        raise SystemExit(f"unknown writer {writer!r}; one of {', '.join(WRITERS)}")


def copy_summary(manifest: dict, published: pathlib.Path, out: pathlib.Path) -> None:
    """The first paint's figures (`summary.json`) describe the same rows: copied as they are."""
    s = manifest.get("summary")
    if s:
        shutil.copyfile(published / s["path"], out / s["path"])


def rewrite(published: pathlib.Path, out: pathlib.Path, writer: str) -> None:
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    if out.exists():
        shutil.rmtree(out)
    for d in manifest["datasets"]:
        for f in d["files"]:
            dst = out / f["path"]
            write_one(published / f["path"], dst, writer)
            data = dst.read_bytes()
            f["bytes"], f["sha256"] = len(data), hashlib.sha256(data).hexdigest()
            f["rows"] = pq.ParquetFile(dst).metadata.num_rows
    cal = manifest.get("calendar")
    if cal:
        (out / cal["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(published / cal["path"], out / cal["path"])
    copy_summary(manifest, published, out)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def excel_es(published: pathlib.Path, out: pathlib.Path) -> None:
    """The lake's CSV copies re-saved as a spreadsheet set to Spanish (Peru) saves them."""
    import csv
    import re
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    stamp = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d:\d\d(?::\d\d(?:\.\d+)?)?))?$")
    amount = re.compile(r"^-?\d+\.\d+$")
    for d in manifest["datasets"]:
        src = published / d["csv"]["path"]
        dst = out / d["csv"]["path"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        with open(src, encoding="utf-8", newline="") as f, \
                open(dst, "w", encoding="cp1252", errors="replace", newline="") as g:
            w = csv.writer(g, delimiter=";", lineterminator="\r\n")
            for i, row in enumerate(csv.reader(f)):
                if i:
                    row = [stamp.sub(lambda m: f"{m[3]}/{m[2]}/{m[1]}" + (f" {m[4]}" if m[4] else ""), v) for v in row]
                    row = [v.replace(".", ",") if amount.match(v) else v for v in row]
                w.writerow(row)
    copy_summary(manifest, published, out)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    if sys.argv[3] == "excel-es":
        excel_es(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
    else:
        rewrite(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3])
