"""The SQL twins run by DuckDB under a filter: the views named like the datasets carry the filter
(what a Glue table with a WHERE clause would be), written here independently of the engine.
Shared by the differential tests (`test_kpi_twins.py`) and the browser tests
(`expected_kpis.py`)."""
import datetime as dt
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
QUERIES_DIR = ROOT / "infra" / "athena" / "queries"
CONTACT_TIME = {"llamadas_call_center": "inicio", "mensajes_whatsapp": "inicio", "tickets_soporte": "creado",
                "encuestas_post_atencion": "fecha", "resenas_online": "fecha", "libro_reclamaciones": "fecha"}
CHANNELS = ["teléfono", "chat", "email", "web", "presencial"]

def sql_list(values):
    quoted = ["'" + v.replace("'", "''") + "'" for v in values]
    return "(" + ", ".join(quoted) + ")"


def where(name, f):
    """The filter as a SQL condition on one dataset (see cx_engine::Filter for the semantics)."""
    cond = ["true"]
    time = CONTACT_TIME.get(name)
    if time and f.get("from"):
        cond.append(f"cast({time} as date) >= date '{f['from']}'")
    if time and f.get("to"):
        cond.append(f"cast({time} as date) <= date '{f['to']}'")
    if f.get("weekdays") or f.get("hours"):
        def slot(t):
            c = ["true"]
            if f.get("weekdays"):
                c.append(f"isodow({t}) in ({', '.join(str(int(d)) for d in f['weekdays'])})")
            if f.get("hours"):
                c.append(f"hour({t}) in ({', '.join(str(int(h)) for h in f['hours'])})")
            return " and ".join(c)
        if name == "encuestas_post_atencion":
            # A survey is in the slot of the contact it rates.
            cond.append(f"""(
                (interaccion_dataset = 'llamadas_call_center' and interaccion_id in
                    (select llamada_id from base_llamadas_call_center where {slot('inicio')}))
                or (interaccion_dataset = 'mensajes_whatsapp' and interaccion_id in
                    (select conversacion_id from base_mensajes_whatsapp where {slot('inicio')}))
                or (interaccion_dataset = 'tickets_soporte' and interaccion_id in
                    (select ticket_id from base_tickets_soporte where {slot('creado')})))""")
        elif time:
            cond.append(slot(time))
    if f.get("channels"):
        if name == "llamadas_call_center":
            cond.append("true" if "teléfono" in f["channels"] else "false")
        elif name == "mensajes_whatsapp":
            cond.append("true" if "chat" in f["channels"] else "false")
        elif name in ("tickets_soporte", "encuestas_post_atencion"):
            cond.append(f"canal in {sql_list(f['channels'])}")
    if (f.get("regions") or f.get("segments")) and name not in ("clientes", "resenas_online"):
        c = ["true"]
        if f.get("regions"):
            c.append(f"departamento in {sql_list(f['regions'])}")
        if f.get("segments"):
            c.append(f"segmento in {sql_list(f['segments'])}")
        cond.append(f"cliente_id in (select cliente_id from base_clientes where {' and '.join(c)})")
    if f.get("teams") and name in ("llamadas_call_center", "mensajes_whatsapp", "tickets_soporte", "encuestas_post_atencion"):
        cond.append(f"split_part(agente_id, '-', 1) in {sql_list(f['teams'])}")
    if f.get("agents") and name in ("llamadas_call_center", "mensajes_whatsapp", "tickets_soporte", "encuestas_post_atencion"):
        cond.append(f"agente_id in {sql_list(f['agents'])}")
    if f.get("categories"):
        if name in ("llamadas_call_center", "mensajes_whatsapp"):
            cond.append(f"motivo in {sql_list(f['categories'])}")
        elif name == "tickets_soporte":
            cond.append(f"categoria in {sql_list(f['categories'])}")
        elif name == "encuestas_post_atencion":
            cats = sql_list(f["categories"])
            cond.append(f"""(
                (interaccion_dataset = 'llamadas_call_center' and interaccion_id in
                    (select llamada_id from base_llamadas_call_center where motivo in {cats}))
                or (interaccion_dataset = 'mensajes_whatsapp' and interaccion_id in
                    (select conversacion_id from base_mensajes_whatsapp where motivo in {cats}))
                or (interaccion_dataset = 'tickets_soporte' and interaccion_id in
                    (select ticket_id from base_tickets_soporte where categoria in {cats})))""")
    if f.get("platforms") and name == "resenas_online":
        cond.append(f"plataforma in {sql_list(f['platforms'])}")
    return " and ".join(cond)


def connect(published):
    """DuckDB over a published lake: a view base_<dataset> per dataset (the files as listed, no
    Hive columns) and calendario. Returns the connection and the manifest."""
    import json
    import duckdb
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    con = duckdb.connect()
    for d in manifest["datasets"]:
        files = [str(published / x["path"]) for x in d["files"]]
        con.execute(f"create view base_{d['name']} as select * from read_parquet({files!r}, hive_partitioning = false)")
    con.execute(f"create view calendario as select * from read_parquet('{published / manifest['calendar']['path']}')")
    return con, manifest


def as_of(manifest):
    end = dt.date.fromisoformat(manifest["date_to"]) + dt.timedelta(days=1)
    return dt.datetime.combine(end, dt.time()), end


def run(con, name, params=()):
    sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    cur = con.execute(sql, list(params))
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def twin_report(con, f, manifest):
    """The same structure as the engine's Report, from the SQL twins."""
    for name in CONTACT_TIME:
        con.execute(f"create or replace view {name} as select * from base_{name} where {where(name, f)}")
    con.execute("create or replace view clientes as select * from base_clientes")
    as_of_ts, as_of_day = as_of(manifest)
    s = run(con, "survey_scores")[0]
    c = run(con, "call_center", [20])[0]
    w = run(con, "whatsapp_first_response")[0]
    times = {(r["measure"], r["clock"]): r for r in run(con, "ticket_times")}
    sla = run(con, "ticket_sla", [as_of_ts])[0]
    book = run(con, "complaint_book", [as_of_day] * 3)[0]
    backlog = run(con, "complaint_backlog", [as_of_day])[0]

    def spread(measure, clock):
        r = times.get((measure, clock))
        return None if r is None else {"n": r["n"], "median": r["median_h"], "p90": r["p90_h"]}

    nps_n = s["promoters"] + s["passives"] + s["detractors"]
    return {
        "interactions": run(con, "interactions")[0]["interactions"],
        "surveys": {
            "answers": s["answers"], "csat": s["csat"], "csat_n": s["csat_n"],
            "nps": None if nps_n == 0 else {"score": s["nps"], "promoters": s["promoters"], "passives": s["passives"],
                                            "detractors": s["detractors"], "margin95": s["nps_margin95"]},
            "ces_mean": s["ces_mean"], "ces_easy": s["ces_easy"], "ces_n": s["ces_n"],
        },
        "calls": {k: c[k] for k in ("offered", "answered", "abandonment", "aht_s", "asa_s", "service_level", "fcr")},
        "chats": {
            "conversations": w["conversations"],
            "first_response_s": None if w["frt_median_s"] is None else
            {"n": w["conversations"], "median": w["frt_median_s"], "p90": w["frt_p90_s"]},
            "resolved": w["resolved"],
        },
        "tickets": {
            "tickets": sla["tickets"],
            "first_reply_h": spread("first_reply", "calendar"), "first_reply_bh": spread("first_reply", "business"),
            "resolution_h": spread("resolution", "calendar"), "resolution_bh": spread("resolution", "business"),
            "sla_compliance": sla["sla_compliance"], "reopen_rate": sla["reopen_rate"],
        },
        "reviews": [{"platform": r["platform"], "n": r["n"], "mean_stars": r["mean_stars"],
                     "stars": [r["s1"], r["s2"], r["s3"], r["s4"], r["s5"]]} for r in run(con, "reviews")],
        "complaints": {
            **{k: book[k] for k in ("entries", "reclamos", "quejas", "on_time", "open_overdue")},
            "backlog": [{"age_days": label, "open": backlog[col]} for label, col in
                        [("0-7", "d0_7"), ("8-15", "d8_15"), ("16-30", "d16_30"), ("31-60", "d31_60"), ("61+", "d61")]],
        },
        "agents": run(con, "agent_scorecard"),
        "volume": run(con, "volume_by_channel_month"),
        "drivers": drivers_over_all_interactions(con, f),
    }


def drivers_over_all_interactions(con, f):
    """The drivers twin sees every interaction: a selected survey keeps the facts of the
    interaction it rates even when that interaction falls outside the filter (as in Athena, where
    only the survey table would carry the WHERE)."""
    for name in ("llamadas_call_center", "mensajes_whatsapp", "tickets_soporte"):
        con.execute(f"create or replace view {name} as select * from base_{name}")
    rows = run(con, "nps_key_drivers")
    for name in ("llamadas_call_center", "mensajes_whatsapp", "tickets_soporte"):
        con.execute(f"create or replace view {name} as select * from base_{name} where {where(name, f)}")
    return rows


