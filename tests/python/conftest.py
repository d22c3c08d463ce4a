"""Fixtures: the generated lake (LAKE_DIR, default data/lake) and a DuckDB view per dataset."""
import json
import os
import pathlib

import duckdb
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def lake():
    path = pathlib.Path(os.environ.get("LAKE_DIR", ROOT / "data" / "lake"))
    if not (path / "published" / "manifest.json").exists():
        pytest.fail(f"no lake at {path}: run `cargo run --release -p cx-generator` first")
    return path


@pytest.fixture(scope="session")
def published(lake):
    return lake / "published"


@pytest.fixture(scope="session")
def manifest(published):
    return json.loads((published / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def db(published, manifest):
    con = duckdb.connect()
    for d in manifest["datasets"]:
        files = [str(published / f["path"]) for f in d["files"]]
        con.execute(
            f"create view {d['name']} as select * from read_parquet({files!r}, hive_partitioning = true)"
        )
    yield con
    con.close()


def one(db, sql, *params):
    """The single value of a one-row, one-column query."""
    return db.execute(sql, params).fetchone()[0]
