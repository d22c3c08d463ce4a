#!/usr/bin/env python3
"""The overview's KPIs computed by DuckDB straight from the published Parquet files.

The end-to-end test compares the numbers the app shows with these. Prints JSON:
    python3 tests/python/expected_kpis.py data/lake/published
"""
import json
import sys
from pathlib import Path

import duckdb


def expected(published: Path) -> dict:
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    files = {d["name"]: [str(published / f["path"]) for f in d["files"]] for d in manifest["datasets"]}
    con = duckdb.connect()

    def q(sql, name):
        return con.execute(sql.replace("{t}", f"read_parquet({files[name]!r})")).fetchone()

    by_dataset = {n: q("select count(*) from {t}", n)[0] for n in ("llamadas_call_center", "mensajes_whatsapp", "tickets_soporte")}
    interactions = sum(by_dataset.values())
    csat, csat_n = q("select 100.0 * count(*) filter (where csat >= 4) / count(csat), count(csat) from {t}", "encuestas_post_atencion")
    p, pa, d = q("""select count(*) filter (where nps >= 9), count(*) filter (where nps between 7 and 8),
                    count(*) filter (where nps <= 6) from {t}""", "encuestas_post_atencion")
    n = p + pa + d
    nps = (p / n - d / n) * 100.0
    return {
        "interactions": interactions,
        "by_dataset": by_dataset,
        "csat": csat,
        "csat_n": csat_n,
        "nps": nps,
        "nps_n": n,
        # What the tiles show: the same rounding as the app (correctly rounded, one decimal).
        "display": {
            "interactions": f"{interactions:,}",
            "csat": f"{csat:.1f} %",
            "nps": ("+" if round(nps, 1) > 0 else "") + (f"{nps:.1f}" if round(nps, 1) != 0 else "0.0"),
        },
    }


if __name__ == "__main__":
    print(json.dumps(expected(Path(sys.argv[1] if len(sys.argv) > 1 else "data/lake/published"))))
