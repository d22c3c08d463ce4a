#!/usr/bin/env python3
"""What the Tickets, Reclamaciones, Reseñas, Clientes and Explorador pages must show under a
filter, computed by DuckDB running the SQL twins (infra/athena/queries/) over the published
Parquet files. The browser tests compare the app with these.

    python3 tests/python/expected_pages.py data/lake/published '{"from": "2025-08-01"}'
    python3 tests/python/expected_pages.py data/lake/published '{}' --csv tickets_soporte out.csv

With --csv, checks instead that out.csv (the explorer's download) holds exactly the rows of that
dataset under the filter, cell for cell, and exits non-zero naming the first difference.
"""
import csv
import datetime as dt
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

from twins import CONTACT_TIME, as_of, connect, run, sql_list, where

REPEAT_MIN = 3  # src/pages/clientes.rs REPEAT_MIN


def filtered(con, f):
    """Views named like the datasets carrying the filter; clientes by region and segment."""
    for name in CONTACT_TIME:
        con.execute(f"create or replace view {name} as select * from base_{name} where {where(name, f)}")
    cond = ["true"]
    if f.get("regions"):
        cond.append(f"departamento in {sql_list(f['regions'])}")
    if f.get("segments"):
        cond.append(f"segmento in {sql_list(f['segments'])}")
    con.execute(f"create or replace view clientes as select * from base_clientes where {' and '.join(cond)}")


def expected(published: Path, f: dict) -> dict:
    con, manifest = connect(published)
    filtered(con, f)
    as_of_ts, as_of_day = as_of(manifest)
    deadlines = run(con, "complaint_deadlines", [as_of_day] * 4)
    sla = run(con, "ticket_sla", [as_of_ts])[0]
    book = run(con, "complaint_book", [as_of_day] * 3)[0]
    reviews = run(con, "reviews")[0]
    def by(rows, key="grouping"):
        out = {}
        for r in rows:
            out.setdefault(r[key], []).append(r)
        return out
    tenure = run(con, "customer_tenure", [as_of_day])[0]
    return {
        "tiles": {
            "tickets": sla["tickets"], "sla": sla["sla_compliance"], "reopen": sla["reopen_rate"],
            "entries": book["entries"], "on-time": book["on_time"],
            "reviews": reviews["n"], "stars": reviews["mean_stars"] if reviews["n"] else None,
        },
        "ticket_groups": by(run(con, "ticket_groups", [as_of_ts])),
        "complaint_groups": by([{**g, "amount_pen": float(g["amount_pen"])} for g in run(con, "complaint_groups", [as_of_day] * 2)]),
        "deadlines": [{"code": d["codigo"], "left": d["business_days_left"], "due": d["fecha_limite"].isoformat()}
                      for d in deadlines],
        "branches": run(con, "reviews_by_branch"),
        "customer_groups": by(run(con, "customers_by_segment")),
        "tenure": [tenure[k] for k in ("t_lt1", "t1_2", "t3_5", "t6_10", "t11")],
        "repeaters": run(con, "repeat_contacters", [REPEAT_MIN])[0]["customers"],
        "customers": con.execute("select count(*) from clientes").fetchone()[0],
    }


def cell(v):
    """A value as the explorer writes it (cx_engine::records)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return f"{v:.2f}"
    return str(v)


def check_csv(published: Path, f: dict, dataset: str, path: Path):
    con, _ = connect(published)
    filtered(con, f)
    table = "clientes" if dataset == "clientes" else dataset
    cur = con.execute(f"select * from {table}")
    cols = [c[0] for c in cur.description]
    want = [[cell(v) for v in row] for row in cur.fetchall()]
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV has no UTF-8 byte-order mark"
    text = raw[3:].decode("utf-8")
    assert "\r\n" in text, "the CSV lines do not end in CRLF"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    assert header == cols, f"header {header} != {cols}"
    # Text cells that would start a formula carry a leading apostrophe.
    text_cols = {i for i, (n, t) in enumerate(zip(cols, [d[1] for d in cur.description])) if str(t) == "VARCHAR"}
    def plain(r):
        return [c[1:] if i in text_cols and c.startswith("'") and c[1:2] in ("=", "+", "-", "@", "\t", "\r") else c
                for i, c in enumerate(r)]
    got = sorted(plain(r) for r in body)
    want = sorted(want)
    assert len(got) == len(want), f"{len(got)} rows in the CSV, DuckDB has {len(want)}"
    for g, w in zip(got, want):
        assert g == w, f"row differs:\n  csv    {g}\n  duckdb {w}"
    print(json.dumps({"rows": len(got), "columns": len(cols)}))


if __name__ == "__main__":
    published = Path(sys.argv[1])
    f = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    if len(sys.argv) > 3 and sys.argv[3] == "--csv":
        try:
            check_csv(published, f, sys.argv[4], Path(sys.argv[5]))
        except AssertionError as e:
            print(f"CSV check failed: {e}", file=sys.stderr)
            sys.exit(1)
    else:
        print(json.dumps(expected(published, f), default=str))
