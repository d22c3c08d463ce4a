"""Files as the usual tools write them: the published lake rewritten file by file by pyarrow,
pandas, DuckDB and Polars (each with its own defaults: codecs, string layouts, timestamp units,
integer widths) gives the engine exactly the same figures as the original.

Each rewrite keeps the lake's paths and refreshes the manifest's bytes, SHA-256 and rows, then
`cx-kpi` computes the whole KPI catalogue (and a few breakdowns under a filter) over it.
The copies also serve the browser tests (`tests/e2e/files.test.mjs`) through
`scripts/foreign_lake.py`.
"""
import json
import os
import pathlib
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
import foreign_lake  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
CX_KPI = pathlib.Path(os.environ.get("CX_KPI", ROOT / "target" / "release" / "cx-kpi"))

QUERIES = [
    {},
    {"filter": {"from": "2025-03-01", "to": "2025-08-31", "channels": ["email", "web"], "regions": ["Lima"]},
     "groups": [["month", "csat"], ["agent", "aht"], ["channel", "nps"], ["category", "contacts"]]},
]


def kpis(lake: pathlib.Path, *extra):
    path = lake / "queries.json"
    path.write_text(json.dumps(QUERIES), encoding="utf-8")
    out = subprocess.run([str(CX_KPI), str(lake / "published"), "--queries", str(path), *extra],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def original(published, tmp_path_factory):
    return kpis(published.parent)


@pytest.mark.parametrize("writer", foreign_lake.WRITERS)
def test_a_lake_rewritten_by_another_tool_gives_the_same_figures(writer, published, original, tmp_path):
    out = tmp_path / writer / "published"
    foreign_lake.rewrite(published, out, writer)
    # The rewrite really is another tool's: its writer, and a codec or a type differs from ours.
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    differ = 0
    for d in manifest["datasets"]:
        for f in d["files"]:
            theirs, ours = pq.ParquetFile(out / f["path"]), pq.ParquetFile(published / f["path"])
            assert theirs.metadata.created_by != ours.metadata.created_by
            codec = lambda p: {p.metadata.row_group(0).column(i).compression for i in range(p.metadata.num_columns)}  # noqa: E731
            differ += codec(theirs) != codec(ours) or theirs.schema_arrow != ours.schema_arrow
    assert differ > 0, writer
    assert kpis(out.parent) == original


def test_the_lake_as_csv_gives_the_same_figures(published, original):
    """The CSV copies read as a user's CSV files are read (header, types, nulls)."""
    assert kpis(published.parent, "--csv") == original


def test_csv_saved_by_a_spanish_spreadsheet_gives_the_same_figures(published, original, tmp_path):
    """Windows-1252, semicolons, CRLF, decimal commas and DD/MM/YYYY dates."""
    out = tmp_path / "excel" / "published"
    foreign_lake.excel_es(published, out)
    sample = (out / "csv" / "libro_reclamaciones.csv").read_bytes()
    assert b"\r\n" in sample and b";" in sample.split(b"\r\n")[0]
    sample.decode("cp1252")
    try:
        sample.decode("utf-8")
        raise AssertionError("the file should not be valid UTF-8")
    except UnicodeDecodeError:
        pass
    assert kpis(out.parent, "--csv") == original


def test_brotli_is_refused_naming_the_codec_and_how_to_rewrite(published, tmp_path):
    out = tmp_path / "brotli" / "published"
    foreign_lake.rewrite(published, out, "pyarrow-brotli")
    res = subprocess.run([str(CX_KPI), str(out)], capture_output=True, text=True)
    assert res.returncode != 0
    assert "compressed with BROTLI" in res.stderr and "compression='zstd'" in res.stderr, res.stderr
