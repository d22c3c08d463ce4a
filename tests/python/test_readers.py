"""Every published Parquet file reads in pyarrow and DuckDB with the schema the manifest declares."""
import csv
import hashlib

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

ARROW = {
    "int": pa.int32(),
    "bigint": pa.int64(),
    "string": pa.string(),
    "boolean": pa.bool_(),
    "timestamp": pa.timestamp("ms"),
    "date": pa.date32(),
    "decimal(12,2)": pa.decimal128(12, 2),
}
DUCKDB = {
    "int": "INTEGER",
    "bigint": "BIGINT",
    "string": "VARCHAR",
    "boolean": "BOOLEAN",
    "timestamp": "TIMESTAMP",
    "date": "DATE",
    "decimal(12,2)": "DECIMAL(12,2)",
}


def files(manifest):
    for d in manifest["datasets"]:
        for f in d["files"]:
            yield d, f


def test_pyarrow_reads_every_file_with_the_declared_schema(published, manifest):
    checked = 0
    for d, f in files(manifest):
        table = pq.read_table(published / f["path"])
        expected = pa.schema(
            [pa.field(c["name"], ARROW[c["type"]], nullable=c["nullable"]) for c in d["columns"]]
        )
        assert table.schema.remove_metadata() == expected, f["path"]
        assert table.num_rows == f["rows"], f["path"]
        for c in d["columns"]:
            if not c["nullable"]:
                assert table.column(c["name"]).null_count == 0, (f["path"], c["name"])
        checked += 1
    assert checked == 1 + 6 * 24


def test_duckdb_reads_every_file_with_the_declared_schema(published, manifest):
    con = duckdb.connect()
    for d, f in files(manifest):
        rows = con.execute(f"describe select * from read_parquet('{published / f['path']}', hive_partitioning = false)").fetchall()
        got = [(r[0], r[1]) for r in rows]
        want = [(c["name"], DUCKDB[c["type"]]) for c in d["columns"]]
        assert got == want, f["path"]
        n = con.execute(f"select count(*) from read_parquet('{published / f['path']}', hive_partitioning = false)").fetchone()[0]
        assert n == f["rows"], f["path"]


def test_hive_partitions_match_the_rows_inside(db, manifest):
    for d in manifest["datasets"]:
        src = d["partition_source"]
        if not src:
            continue
        bad = db.execute(
            f"select count(*) from {d['name']} where year <> year({src}) or month <> month({src})"
        ).fetchone()[0]
        assert bad == 0, d["name"]


def test_sizes_and_hashes_match_the_files(published, manifest):
    for d in manifest["datasets"]:
        for f in d["files"] + [d["csv"]]:
            data = (published / f["path"]).read_bytes()
            assert len(data) == f["bytes"], f["path"]
            assert hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]


def test_csv_copies_have_every_row_and_the_same_columns(published, manifest):
    for d in manifest["datasets"]:
        with open(published / d["csv"]["path"], newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            n = sum(1 for _ in reader)
        assert header == [c["name"] for c in d["columns"]], d["name"]
        assert n == d["rows"], d["name"]


def test_manifest_totals(manifest):
    assert manifest["total_rows"] == sum(d["rows"] for d in manifest["datasets"])
    assert manifest["total_rows"] == 171_031 * manifest["scale"]
    assert (manifest["date_from"], manifest["date_to"]) == ("2024-11-01", "2026-10-31")
