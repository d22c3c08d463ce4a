-- KPIs of tickets_soporte: creation → first public reply and creation → solved, in calendar hours
-- and in business hours (Monday–Friday 09:00–18:00 Lima time, Peruvian holidays off, from the
-- calendario table), each as nearest-rank median and p90 (see whatsapp_first_response.sql).
-- Tickets without a reply (or not solved) are left out of that measure.
-- Dialect: Athena (Trino) and DuckDB. Parameters: none.
with spans as (
  select ticket_id, 'first_reply' as measure, creado as t0, primera_respuesta as t1
  from tickets_soporte where primera_respuesta is not null
  union all
  select ticket_id, 'resolution', creado, resuelto
  from tickets_soporte where resuelto is not null
),
business as (
  select s.ticket_id, s.measure,
    -- The CASE keeps days without a calendar match at 0: DuckDB's greatest/least skip NULLs
    -- where Trino's return NULL, so no NULL may reach them.
    sum(case when c.dia is null then 0 else greatest(0, date_diff('millisecond',
      greatest(s.t0, cast(c.dia as timestamp) + interval '9' hour),
      least(s.t1, cast(c.dia as timestamp) + interval '18' hour))) end) as ms
  from spans s
  left join calendario c
    on c.habil and c.dia between cast(s.t0 as date) and cast(s.t1 as date)
  group by s.ticket_id, s.measure
),
values_ms as (
  select measure, 'calendar' as clock, date_diff('millisecond', t0, t1) as ms from spans
  union all
  select measure, 'business', ms from business
),
ranked as (
  select measure, clock, ms,
         row_number() over (partition by measure, clock order by ms) as rn,
         count(*) over (partition by measure, clock) as n
  from values_ms
)
select measure, clock, max(n) as n,
  max(case when rn = greatest(1, cast(ceil(0.5 * n) as bigint)) then ms end) / 3600000.0 as median_h,
  max(case when rn = greatest(1, cast(ceil(0.9 * n) as bigint)) then ms end) / 3600000.0 as p90_h
from ranked
group by measure, clock
order by measure, clock
