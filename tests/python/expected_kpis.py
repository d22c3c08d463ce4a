#!/usr/bin/env python3
"""What the dashboard must show, computed by DuckDB running the SQL twins (infra/athena/queries/)
straight over the published Parquet files, under a filter. The browser tests compare the numbers
the app shows with these.

    python3 tests/python/expected_kpis.py data/lake/published            # no filter
    python3 tests/python/expected_kpis.py data/lake/published '{"channels": ["email"]}'

The filter uses the engine's field names (from, to, channels, regions, segments, teams, agents,
categories). Prints JSON: the Resumen tiles, CSAT per channel and CSAT per agent.
"""
import json
import math
import sys
from pathlib import Path

from twins import CHANNELS, connect, twin_report


def display_signed(x):
    # As the app: to one decimal, halves away from zero (f64::round), then "+" for positives.
    rounded = math.copysign(math.floor(abs(x) * 10 + 0.5), x) / 10
    return "0.0" if rounded == 0 else ("+" if rounded > 0 else "") + f"{rounded:.1f}"


def expected(published: Path, f: dict) -> dict:
    con, manifest = connect(published)
    by_dataset = {n: con.execute(f"select count(*) from base_{n}").fetchone()[0]
                  for n in ("llamadas_call_center", "mensajes_whatsapp", "tickets_soporte")}
    r = twin_report(con, f, manifest)
    s, c = r["surveys"], r["calls"]
    frt = r["chats"]["first_response_s"]
    channel_csat = {}
    for ch in CHANNELS:
        if f.get("channels") and ch not in f["channels"]:
            continue
        channel_csat[ch] = twin_report(con, {**f, "channels": [ch]}, manifest)["surveys"]["csat"]
    nps = s["nps"]
    return {
        "interactions": r["interactions"],
        "by_dataset": by_dataset,
        "csat": s["csat"],
        "csat_n": s["csat_n"],
        "nps": None if nps is None else nps["score"],
        "nps_margin": None if nps is None else nps["margin95"],
        "nps_n": None if nps is None else nps["promoters"] + nps["passives"] + nps["detractors"],
        "ces": s["ces_mean"],
        "calls": {k: c[k] for k in ("fcr", "aht_s", "asa_s", "abandonment", "service_level")},
        "whatsapp_frt_median_s": None if frt is None else frt["median"],
        "ticket_sla": r["tickets"]["sla_compliance"],
        "complaints_on_time": r["complaints"]["on_time"],
        "channel_csat": channel_csat,
        "agent_csat": {a["agent"]: a["csat"] for a in r["agents"]},
        # What the tiles show: the same rounding as the app (correctly rounded, one decimal).
        "display": {
            "interactions": f"{r['interactions']:,}",
            "csat": None if s["csat"] is None else f"{s['csat']:.1f} %",
            "nps": None if nps is None else display_signed(nps["score"]),
        },
    }


if __name__ == "__main__":
    published = Path(sys.argv[1] if len(sys.argv) > 1 else "data/lake/published")
    f = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    print(json.dumps(expected(published, f)))
