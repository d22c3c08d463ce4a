"""Differential tests: every KPI of the engine (through `cx-kpi`) equals DuckDB running its SQL
twin from infra/athena/queries/ over the same Parquet files, for a set of filters.

Filters are applied on the SQL side by views named like the datasets (what a Glue table with a
WHERE clause would be), written here independently of the engine. Counts must be equal; ratios
and means within 1e-9 relative; percentiles use the nearest-rank definition on both sides.
"""
import datetime as dt
import json
import math
import os
import pathlib
import subprocess

import duckdb
import pytest

from conftest import ROOT
from twins import CHANNELS, CONTACT_TIME, as_of, run, twin_report, where  # noqa: F401

CX_KPI = pathlib.Path(os.environ.get("CX_KPI", ROOT / "target" / "release" / "cx-kpi"))
FILTERS = {
    "everything": {},
    "outage week": {"from": "2025-08-18", "to": "2025-08-24"},
    "single day": {"from": "2025-03-10", "to": "2025-03-10"},
    "one agent": {"agents": ["T-07"]},
    "one team": {"teams": ["W"]},
    "a weekday hour": {"weekdays": [1], "hours": [10]},
    **{f"channel {c}": {"channels": [c]} for c in CHANNELS},
    "region and segment": {"regions": ["Cusco", "Arequipa"], "segments": ["Premium"]},
    "categories": {"categories": ["Facturación", "Falla de internet", "Garantía"]},
    "platform": {"platforms": ["Google"]},
    "email and web in Lima, 2026": {"channels": ["email", "web"], "regions": ["Lima"], "from": "2026-01-01"},
    "empty": {"from": "2030-01-01"},
    "unknown agent": {"agents": ["X-99"]},
}
GROUPS = [
    ("month", "contacts"), ("iso_week", "csat"), ("day", "nps"), ("channel", "csat"), ("agent", "aht"),
    ("region", "contacts"), ("segment", "nps"), ("category", "csat"), ("hour_weekday", "abandonment"),
]


@pytest.fixture(scope="module")
def twin_db(published, manifest):
    con = duckdb.connect()
    for d in manifest["datasets"]:
        files = [str(published / f["path"]) for f in d["files"]]
        con.execute(f"create view base_{d['name']} as select * from read_parquet({files!r})")
    con.execute(f"create view calendario as select * from read_parquet('{published / manifest['calendar']['path']}')")
    yield con
    con.close()


@pytest.fixture(scope="module")
def single_row_filter(twin_db):
    """An agent and a day with exactly one call: a selection of a single row."""
    agent, day = twin_db.execute("""select agente_id, cast(inicio as date) from base_llamadas_call_center
        where agente_id is not null group by 1, 2 having count(*) = 1 order by 2, 1 limit 1""").fetchone()
    return {"agents": [agent], "from": day.isoformat(), "to": day.isoformat()}


@pytest.fixture(scope="module")
def engine(published, single_row_filter, tmp_path_factory):
    """The engine's answers to every filter, computed once by `cx-kpi`."""
    if not CX_KPI.exists():
        pytest.fail(f"{CX_KPI} is missing: cargo build --release -p cx-cli")
    filters = {**FILTERS, "single row": single_row_filter}
    queries = [{"filter": f, "groups": [list(g) for g in GROUPS]} for f in filters.values()]
    path = tmp_path_factory.mktemp("kpi") / "queries.json"
    path.write_text(json.dumps(queries), encoding="utf-8")
    out = subprocess.run([str(CX_KPI), str(published), "--queries", str(path)], check=True,
                         capture_output=True, text=True).stdout
    return dict(zip(filters, json.loads(out))), filters


def assert_same(engine, twin, path="report"):
    """Exact for integers and strings, 1e-9 relative for floats, None only against None."""
    if isinstance(engine, dict) and isinstance(twin, dict):
        assert set(engine) == set(twin), f"{path}: keys {sorted(engine)} vs {sorted(twin)}"
        for k in engine:
            assert_same(engine[k], twin[k], f"{path}.{k}")
    elif isinstance(engine, list) and isinstance(twin, list):
        assert len(engine) == len(twin), f"{path}: {len(engine)} rows vs {len(twin)}"
        for i, (a, b) in enumerate(zip(engine, twin)):
            assert_same(a, b, f"{path}[{i}]")
    elif engine is None or twin is None:
        assert engine is None and twin is None, f"{path}: engine {engine!r}, SQL {twin!r}"
    elif isinstance(engine, float) or isinstance(twin, float):
        a, b = float(engine), float(twin)
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), f"{path}: engine {a!r}, SQL {b!r}"
    else:
        assert engine == twin, f"{path}: engine {engine!r}, SQL {twin!r}"


def normalise_drivers(rows):
    order = ["wait", "aht", "fcr", "channel", "category"]
    return sorted(rows, key=lambda r: order.index(r["driver"]))


def test_every_kpi_matches_its_sql_twin_for_every_filter(engine, twin_db, manifest):
    answers, filters = engine
    for label, f in filters.items():
        mine = answers[label]["report"]
        twin = twin_report(twin_db, f, manifest)
        twin["drivers"] = normalise_drivers(twin["drivers"])
        mine["volume"] = sorted(mine["volume"], key=lambda v: (v["period"], v["channel"]))
        twin["agents"] = [{**r, "rank": None if r["rank"] is None else int(r["rank"])} for r in twin["agents"]]
        assert_same(mine, twin, f"[{label}]")


def test_the_filters_cover_empty_single_and_full_selections(engine):
    answers, _ = engine
    assert answers["empty"]["report"]["interactions"] == 0
    assert answers["empty"]["report"]["surveys"]["csat"] is None
    assert answers["unknown agent"]["report"]["calls"]["offered"] == 0
    assert answers["single row"]["report"]["calls"]["offered"] == 1
    assert answers["everything"]["report"]["interactions"] == 110_000


# --- groupings ---------------------------------------------------------------------------------

KEY_SQL = {
    "month": lambda t, **_: f"cast(year({t}) as varchar) || '-' || lpad(cast(month({t}) as varchar), 2, '0')",
    "day": lambda t, **_: f"cast(cast({t} as date) as varchar)",
    "iso_week": lambda t, **_: f"cast(cast(date_trunc('week', {t}) as date) as varchar)",
    "hour_weekday": lambda t, **_: f"cast(isodow({t}) as varchar) || '-' || lpad(cast(hour({t}) as varchar), 2, '0')",
    "channel": lambda t, channel, **_: channel,
    "agent": lambda t, **_: "agente_id",
    "region": lambda t, **_: "(select departamento from clientes c where c.cliente_id = x.cliente_id)",
    "segment": lambda t, **_: "(select segmento from clientes c where c.cliente_id = x.cliente_id)",
    "category": lambda t, category, **_: category,
}


def grouped_sql(dim, measure):
    if measure == "contacts":
        parts = [("llamadas_call_center", "inicio", "'teléfono'", "motivo"),
                 ("mensajes_whatsapp", "inicio", "'chat'", "motivo"),
                 ("tickets_soporte", "creado", "canal", "categoria")]
        union = " union all ".join(
            f"select {KEY_SQL[dim](t, channel=ch, category=cat)} as k from {name} x" for name, t, ch, cat in parts)
        return f"select k, count(*) as n, cast(count(*) as double) as v from ({union}) where k is not null group by k"
    if measure in ("csat", "nps"):
        category = """coalesce((select motivo from base_llamadas_call_center l where x.interaccion_dataset = 'llamadas_call_center' and l.llamada_id = x.interaccion_id),
                               (select motivo from base_mensajes_whatsapp w where x.interaccion_dataset = 'mensajes_whatsapp' and w.conversacion_id = x.interaccion_id),
                               (select categoria from base_tickets_soporte t where x.interaccion_dataset = 'tickets_soporte' and t.ticket_id = x.interaccion_id))"""
        key = KEY_SQL[dim]("fecha", channel="canal", category=category)
        value = ("case when count(csat) > 0 then count(*) filter (where csat >= 4) * 100.0 / count(csat) end" if measure == "csat"
                 else "case when count(nps) > 0 then (count(*) filter (where nps >= 9) - count(*) filter (where nps <= 6)) * 100.0 / count(nps) end")
        return f"select k, count(*) as n, {value} as v from (select {key} as k, csat, nps from encuestas_post_atencion x) where k is not null group by k"
    key = KEY_SQL[dim]("inicio", channel="'teléfono'", category="motivo")
    value = ("avg(coalesce(conversacion_seg, 0) + coalesce(retencion_seg, 0) + coalesce(acw_seg, 0)) filter (where not abandonada)"
             if measure == "aht" else "count(*) filter (where abandonada) * 100.0 / count(*)")
    return f"select k, count(*) as n, {value} as v from (select {key} as k, * from llamadas_call_center x) where k is not null group by k"


def test_groupings_match_duckdb(engine, twin_db, manifest):
    answers, filters = engine
    for label in ("everything", "outage week", "one agent", "empty"):
        f = filters[label]
        twin_report(twin_db, f, manifest)  # (re)creates the filtered views
        for (dim, measure), groups in zip(GROUPS, answers[label]["groups"]):
            rows = twin_db.execute(grouped_sql(dim, measure) + " order by k").fetchall()
            twin = [{"key": k, "n": n, "value": None if v is None else float(v)} for k, n, v in rows]
            assert_same(sorted(groups, key=lambda g: g["key"]), twin, f"[{label}] {dim}×{measure}")


def test_channel_volumes_add_up_to_the_total(engine):
    answers, _ = engine
    total = answers["everything"]["report"]["interactions"]
    by_channel = sum(answers[f"channel {c}"]["report"]["interactions"] for c in CHANNELS)
    assert by_channel == total
    monthly = answers["everything"]["groups"][0]
    assert sum(g["n"] for g in monthly) == total


def test_a_date_range_and_its_complement_partition_the_rows(published, tmp_path):
    queries = [{"filter": {"to": "2025-06-30"}}, {"filter": {"from": "2025-07-01"}}, {"filter": {}}]
    path = tmp_path / "q.json"
    path.write_text(json.dumps(queries), encoding="utf-8")
    before, after, whole = json.loads(subprocess.run([str(CX_KPI), str(published), "--queries", str(path)],
                                                     check=True, capture_output=True, text=True).stdout)
    for key in ("interactions",):
        assert before["report"][key] + after["report"][key] == whole["report"][key]
    for table, count in (("surveys", "answers"), ("calls", "offered"), ("tickets", "tickets"), ("complaints", "entries")):
        assert before["report"][table][count] + after["report"][table][count] == whole["report"][table][count]
    stars = [sum(r["reviews"][0]["stars"][k] for r in (before["report"], after["report"])) for k in range(5)]
    assert stars == whole["report"]["reviews"][0]["stars"]


def test_a_bad_filter_is_a_clear_error(published, tmp_path):
    path = tmp_path / "q.json"
    path.write_text(json.dumps([{"filter": {"from": "2025-02-30"}}]), encoding="utf-8")
    res = subprocess.run([str(CX_KPI), str(published), "--queries", str(path)], capture_output=True, text=True)
    assert res.returncode == 1
    assert 'filter `from`: "2025-02-30" is not a YYYY-MM-DD date' in res.stderr
