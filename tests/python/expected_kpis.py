#!/usr/bin/env python3
"""The overview's KPIs computed by DuckDB running the SQL twins (infra/athena/queries/) straight
over the published Parquet files. The end-to-end test compares the numbers the app shows with these.

    python3 tests/python/expected_kpis.py data/lake/published     # prints JSON
"""
import datetime as dt
import json
import sys
from pathlib import Path

import duckdb

QUERIES = Path(__file__).resolve().parents[2] / "infra" / "athena" / "queries"


def twin(con, name, params=()):
    cur = con.execute((QUERIES / f"{name}.sql").read_text(encoding="utf-8"), list(params))
    cols = [c[0] for c in cur.description]
    return dict(zip(cols, cur.fetchone()))


def display_signed(x):
    rounded = round(x, 1)
    return "0.0" if rounded == 0 else ("+" if rounded > 0 else "") + f"{x:.1f}"


def expected(published: Path) -> dict:
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    con = duckdb.connect()
    for d in manifest["datasets"]:
        files = [str(published / f["path"]) for f in d["files"]]
        con.execute(f"create view {d['name']} as select * from read_parquet({files!r})")
    by_dataset = {n: con.execute(f"select count(*) from {n}").fetchone()[0]
                  for n in ("llamadas_call_center", "mensajes_whatsapp", "tickets_soporte")}
    interactions = twin(con, "interactions")["interactions"]
    s = twin(con, "survey_scores")
    calls = twin(con, "call_center", [20])
    as_of = dt.datetime.combine(dt.date.fromisoformat(manifest["date_to"]) + dt.timedelta(days=1), dt.time())
    return {
        "calls": {k: calls[k] for k in ("fcr", "aht_s", "asa_s", "abandonment", "service_level")},
        "whatsapp_frt_median_s": twin(con, "whatsapp_first_response")["frt_median_s"],
        "ticket_sla": twin(con, "ticket_sla", [as_of])["sla_compliance"],
        "interactions": interactions,
        "by_dataset": by_dataset,
        "csat": s["csat"],
        "csat_n": s["csat_n"],
        "nps": s["nps"],
        "nps_n": s["promoters"] + s["passives"] + s["detractors"],
        # What the tiles show: the same rounding as the app (correctly rounded, one decimal).
        "display": {
            "interactions": f"{interactions:,}",
            "csat": f"{s['csat']:.1f} %",
            "nps": display_signed(s["nps"]),
        },
    }


if __name__ == "__main__":
    print(json.dumps(expected(Path(sys.argv[1] if len(sys.argv) > 1 else "data/lake/published"))))
