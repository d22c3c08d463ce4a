"""The generated data is consistent, realistic within stated tolerances, and carries the planted
stories documented in docs/data.md."""
import datetime as dt
import re

import pyarrow.parquet as pq

from conftest import one

CONTACTS = ["llamadas_call_center", "mensajes_whatsapp", "tickets_soporte", "encuestas_post_atencion", "libro_reclamaciones"]
ID = {"llamadas_call_center": "llamada_id", "mensajes_whatsapp": "conversacion_id", "tickets_soporte": "ticket_id"}
TIME = {"llamadas_call_center": "inicio", "mensajes_whatsapp": "inicio", "tickets_soporte": "creado"}
OUTAGE = ("2025-08-18", "2025-08-25")  # [from, to)
BEFORE_OUTAGE = ("2025-07-21", "2025-08-18")  # the four weeks before


# --- consistency -------------------------------------------------------------------------------

def test_every_customer_reference_exists_and_had_signed_up(db):
    for name in CONTACTS:
        time = TIME.get(name, "fecha")
        missing = one(db, f"select count(*) from {name} x anti join clientes c using (cliente_id)")
        assert missing == 0, name
        early = one(db, f"select count(*) from {name} x join clientes c using (cliente_id) where c.fecha_alta > x.{time}::date")
        assert early == 0, name


def test_ids_are_unique(db):
    for name, key in [*ID.items(), ("encuestas_post_atencion", "encuesta_id"), ("resenas_online", "resena_id"),
                      ("libro_reclamaciones", "reclamo_id"), ("clientes", "cliente_id"), ("libro_reclamaciones", "codigo")]:
        assert one(db, f"select count(*) - count(distinct {key}) from {name}") == 0, (name, key)


def test_each_survey_rates_an_existing_interaction_of_the_same_customer_and_agent(db):
    for name, key in ID.items():
        bad = one(db, f"""
            select count(*) from encuestas_post_atencion s
            left join {name} i on i.{key} = s.interaccion_id
            where s.interaccion_dataset = '{name}'
              and (i.{key} is null or i.cliente_id <> s.cliente_id or i.agente_id <> s.agente_id
                   or s.fecha < i.{TIME[name]})""")
        assert bad == 0, name
    assert one(db, "select count(distinct interaccion_dataset) from encuestas_post_atencion") == 3
    assert one(db, "select count(*) - count(distinct (interaccion_dataset, interaccion_id)) from encuestas_post_atencion") == 0


def test_agents_belong_to_the_team_of_their_channel(db, manifest):
    for table, team in (("llamadas_call_center", "T"), ("mensajes_whatsapp", "W"), ("tickets_soporte", "S")):
        bad = one(db, f"select count(*) from {table} where agente_id is not null and not regexp_full_match(agente_id, '{team}-[0-9]{{2,}}')")
        assert bad == 0, table
    assert one(db, "select count(distinct agente_id) from llamadas_call_center") == 30 * manifest["scale"]


def test_survey_channel_is_the_rated_interactions_channel(db):
    bad = one(db, """
        select count(*) from encuestas_post_atencion s join tickets_soporte t on t.ticket_id = s.interaccion_id
        where s.interaccion_dataset = 'tickets_soporte' and s.canal <> t.canal""")
    assert bad == 0
    assert one(db, "select count(*) from encuestas_post_atencion where interaccion_dataset = 'llamadas_call_center' and canal <> 'teléfono'") == 0


def test_abandoned_calls_have_no_agent_and_no_handling(db):
    bad = one(db, """select count(*) from llamadas_call_center where abandonada and
        (agente_id is not null or conversacion_seg is not null or resuelta_primer_contacto is not null)""")
    assert bad == 0
    assert one(db, "select count(*) from llamadas_call_center where not abandonada and agente_id is null") == 0


def test_ticket_times_are_ordered(db):
    assert one(db, "select count(*) from tickets_soporte where primera_respuesta < creado or resuelto < creado") == 0
    assert one(db, "select count(*) from tickets_soporte where reabierto and resuelto is null") == 0


# --- realism (tolerances stated in docs/data.md) -----------------------------------------------

def test_calls_follow_business_hours_and_weekdays(db):
    assert one(db, "select count(*) from llamadas_call_center where hour(inicio) < 8 or hour(inicio) >= 22") == 0
    weekday_share = one(db, "select avg(case when isodow(inicio) <= 5 then 1.0 else 0 end) from llamadas_call_center")
    assert weekday_share >= 0.80
    peak = one(db, "select hour(inicio) from llamadas_call_center group by 1 order by count(*) desc limit 1")
    assert 9 <= peak <= 17


def test_december_is_the_busiest_month(db):
    ratio = one(db, """select avg(n) filter (where m = 12) / avg(n) from
        (select month(inicio) m, count(*) / count(distinct inicio::date) n from llamadas_call_center group by month(inicio))""")
    assert ratio >= 1.15


def test_shares_are_near_their_targets(db):
    shares = dict(db.execute("select canal, count(*) / sum(count(*)) over () from tickets_soporte group by 1").fetchall())
    for canal, target in {"email": 0.55, "web": 0.15, "presencial": 0.30}.items():
        assert abs(shares[canal] - target) < 0.03, canal
    segs = dict(db.execute("select segmento, count(*) / sum(count(*)) over () from clientes group by 1").fetchall())
    for seg, target in {"Masivo": 0.70, "Pyme": 0.15, "Premium": 0.12, "Corporativo": 0.03}.items():
        assert abs(segs[seg] - target) < 0.03, seg
    lima = one(db, "select avg(case when departamento = 'Lima' then 1.0 else 0 end) from clientes")
    assert abs(lima - 0.48) < 0.03


def test_survey_null_rates_and_scales(db):
    rates = db.execute("""select avg((nps is null)::int), avg((csat is null)::int), avg((ces is null)::int),
        avg((comentario is null)::int) from encuestas_post_atencion""").fetchone()
    assert abs(rates[0] - 0.07) < 0.02 and abs(rates[1] - 0.03) < 0.015 and abs(rates[2] - 0.18) < 0.03
    assert 0.2 < rates[3] < 0.6
    assert one(db, "select count(*) from encuestas_post_atencion where nps not between 0 and 10 or csat not between 1 and 5 or ces not between 1 and 7") == 0
    csat = one(db, "select avg(case when csat >= 4 then 1.0 else 0 end) from encuestas_post_atencion where csat is not null")
    assert 0.60 <= csat <= 0.80


def test_abandonment_outside_the_outage_is_ordinary(db):
    rate = one(db, f"select avg(abandonada::int) from llamadas_call_center where inicio < '{OUTAGE[0]}' or inicio >= '{OUTAGE[1]}'")
    assert 0.03 <= rate <= 0.15


def test_text_tone_agrees_with_the_scores(db):
    neg = r"(?i)pésimo|pesimo|vergüenza|verguenza|harto|nunca|terrible|no me devuelven|indebido|prepotente|nadie"
    pos = r"(?i)excelente|amable|gracias|rápido|rapido|recomiendo|chévere|chevere|bacán|bacan|súper|super|10 de 10"
    low = one(db, f"select avg(regexp_matches(comentario, '{neg}')::int) from encuestas_post_atencion where csat <= 2")
    high = one(db, f"select avg(regexp_matches(comentario, '{neg}')::int) from encuestas_post_atencion where csat = 5")
    assert low > 0.5 > high
    stars5 = one(db, f"select avg(regexp_matches(texto, '{pos}')::int) from resenas_online where estrellas = 5")
    stars1 = one(db, f"select avg(regexp_matches(texto, '{pos}')::int) from resenas_online where estrellas = 1")
    assert stars5 > 0.5 > stars1


def test_texts_are_varied(db):
    for table, col in [("encuestas_post_atencion", "comentario"), ("resenas_online", "texto"),
                       ("mensajes_whatsapp", "texto"), ("libro_reclamaciones", "detalle")]:
        distinct, total = db.execute(f"select count(distinct {col}), count({col}) from {table}").fetchone()
        assert distinct >= min(1500, total * 0.2), (table, distinct, total)


# --- planted stories ---------------------------------------------------------------------------

def weekly(db, table, expr, time, span):
    return one(db, f"select {expr} from {table} where {time} >= '{span[0]}' and {time} < '{span[1]}'")


def test_story_outage_week(db):
    calls = weekly(db, "llamadas_call_center", "count(*)", "inicio", OUTAGE)
    calls_before = weekly(db, "llamadas_call_center", "count(*) / 4", "inicio", BEFORE_OUTAGE)
    assert calls >= 2 * calls_before
    ab = weekly(db, "llamadas_call_center", "avg(abandonada::int)", "inicio", OUTAGE)
    ab_before = weekly(db, "llamadas_call_center", "avg(abandonada::int)", "inicio", BEFORE_OUTAGE)
    assert ab >= 3 * ab_before
    lr = weekly(db, "libro_reclamaciones", "count(*)", "fecha", OUTAGE)
    lr_before = weekly(db, "libro_reclamaciones", "count(*) / 4", "fecha", BEFORE_OUTAGE)
    assert lr >= 3 * lr_before
    stars = weekly(db, "resenas_online", "avg(estrellas)", "fecha", OUTAGE)
    stars_before = weekly(db, "resenas_online", "avg(estrellas)", "fecha", BEFORE_OUTAGE)
    assert stars <= stars_before - 0.8
    top = one(db, f"select motivo from llamadas_call_center where inicio >= '{OUTAGE[0]}' and inicio < '{OUTAGE[1]}' group by 1 order by count(*) desc limit 1")
    assert top in ("Falla de internet", "Sin señal móvil")


def test_story_weak_phone_agents(db):
    rows = db.execute("""
        select agente_id, avg(conversacion_seg + retencion_seg + acw_seg) aht, avg(resuelta_primer_contacto::int) fcr
        from llamadas_call_center where not abandonada group by 1""").fetchall()
    weak = {"T-07", "T-19", "T-26"}
    others = [r for r in rows if r[0] not in weak]
    med_aht = sorted(r[1] for r in others)[len(others) // 2]
    med_fcr = sorted(r[2] for r in others)[len(others) // 2]
    for agent, aht, fcr in rows:
        if agent in weak:
            assert aht >= 1.15 * med_aht, agent
            assert fcr <= med_fcr - 0.08, agent
    worst = [r[0] for r in db.execute("""select agente_id from encuestas_post_atencion where canal = 'teléfono' and csat is not null
        group by 1 order by avg(case when csat >= 4 then 1.0 else 0 end) limit 3""").fetchall()]
    assert set(worst) == weak
    slowest = one(db, "select agente_id from mensajes_whatsapp group by 1 order by median(primera_respuesta_seg) desc limit 1")
    assert slowest == "W-11"


def test_story_email_has_clearly_lower_csat(db):
    rows = dict(db.execute("""select canal, avg(case when csat >= 4 then 100.0 else 0 end) from encuestas_post_atencion
        where csat is not null group by 1""").fetchall())
    email = rows.pop("email")
    assert all(email <= v - 20 for v in rows.values()), (email, rows)


def test_story_nps_improves_over_the_period(db):
    def nps(where):
        return one(db, f"""select 100.0 * (avg(case when nps >= 9 then 1.0 else 0 end) - avg(case when nps <= 6 then 1.0 else 0 end))
            from encuestas_post_atencion where nps is not null and {where}""")
    first, last = nps("fecha < '2025-05-01'"), nps("fecha >= '2026-05-01'")
    assert last >= first + 20, (first, last)


def test_story_one_branch_has_bad_reviews(db):
    rows = db.execute("select sucursal, avg(estrellas) from resenas_online group by 1 order by 2").fetchall()
    assert rows[0][0] == "Sede Los Olivos"
    others = sum(r[1] for r in rows[1:]) / len(rows[1:])
    assert rows[0][1] <= others - 1.0


def test_story_cyber_days_bring_chats(db):
    cyber = one(db, "select count(*) / 4 from mensajes_whatsapp where inicio >= '2025-07-14' and inicio < '2025-07-18'")
    before = one(db, "select count(*) / 8 from mensajes_whatsapp where inicio >= '2025-06-30' and inicio < '2025-07-11' and isodow(inicio) <= 5 and inicio::date <> '2025-06-29'")
    assert cyber >= 1.4 * before


# --- complaint book (checked with an independent holiday calendar) ------------------------------

def easter(y):
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(y, month, day + 1)


def holidays(y):
    fixed = [(1, 1), (5, 1), (6, 7), (6, 29), (7, 23), (7, 28), (7, 29), (8, 6), (8, 30), (10, 8), (11, 1), (12, 8), (12, 9), (12, 25)]
    e = easter(y)
    return {dt.date(y, m, d) for m, d in fixed} | {e - dt.timedelta(days=3), e - dt.timedelta(days=2)}


def plus_business_days(day, n):
    hol = holidays(day.year) | holidays(day.year + 1)
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in hol:
            n -= 1
    return day


def test_complaint_due_dates_are_15_business_days(db):
    rows = db.execute("select fecha::date, fecha_limite from libro_reclamaciones").fetchall()
    wrong = [(f, l) for f, l in rows if plus_business_days(f, 15) != l]
    assert not wrong, wrong[:5]


def test_complaint_book_answers(db):
    assert {r[0] for r in db.execute("select distinct tipo from libro_reclamaciones").fetchall()} == {"reclamo", "queja"}
    queja = one(db, "select avg((tipo = 'queja')::int) from libro_reclamaciones")
    assert 0.25 <= queja <= 0.35
    assert one(db, "select count(*) from libro_reclamaciones where (estado = 'respondido') <> (fecha_respuesta is not null)") == 0
    late = one(db, "select avg((fecha_respuesta > fecha_limite)::int) from libro_reclamaciones where fecha_respuesta is not null")
    assert 0.05 <= late <= 0.20
    old_open = one(db, "select count(*) from libro_reclamaciones where estado = 'abierto' and fecha < '2026-06-01'")
    assert old_open > 0
    assert one(db, "select count(*) from libro_reclamaciones where tipo = 'queja' and monto_reclamado_pen is not null") == 0
    assert one(db, "select count(*) from libro_reclamaciones where codigo not similar to 'LR-20[0-9]{2}-[0-9]{6}'") == 0


# --- personal data -----------------------------------------------------------------------------

PII = [
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),  # e-mail
    re.compile(r"\+51\s?9\d{2}"),  # Peruvian mobile
    re.compile(r"(?<!\d)\d{8}(?!\d)"),  # DNI
]


def test_published_files_carry_no_personal_data(published, manifest, lake):
    private = pq.read_table(lake / "private" / "clientes_pii" / "clientes_pii.parquet")
    names = set(private.column("apellidos").to_pylist()[:500])
    for d in manifest["datasets"]:
        for c in d["columns"]:
            assert c["name"] not in {"nombres", "apellidos", "dni", "telefono", "email"}
        text = (published / d["csv"]["path"]).read_text(encoding="utf-8")
        for pattern in PII:
            hit = pattern.search(text)
            assert hit is None, (d["name"], hit and hit.group(0))
        assert not any(n in text for n in names), d["name"]
    # The private copy does hold them, so the patterns above are meaningful.
    emails = private.column("email").to_pylist()
    assert all(PII[0].fullmatch(e) for e in emails[:100])
    assert all(PII[1].match(p) for p in private.column("telefono").to_pylist()[:100])
