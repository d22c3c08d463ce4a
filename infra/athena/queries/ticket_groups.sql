-- KPIs of tickets_soporte per group (the "Tickets y SLA" page): by priority, by category and by
-- channel, one row per group (grouping = 'prioridad', 'categoria' or 'canal'): tickets, SLA
-- compliance and reopen rate (as ticket_sla.sql), median first reply and p90 resolution in
-- calendar hours, and median resolution in business hours (as ticket_times.sql), nearest-rank.
-- Dialect: Athena (Trino) and DuckDB.
-- Parameters: 1. as_of timestamp (the day after the period's last day).
with base as (
  select ticket_id, prioridad, categoria, canal, creado, primera_respuesta, resuelto, reabierto,
    resuelto is not null as solved,
    resuelto is not null and date_diff('millisecond', creado, resuelto) <= cast(sla_horas as bigint) * 3600000 as met,
    resuelto is null and date_diff('millisecond', creado, cast(? as timestamp)) > cast(sla_horas as bigint) * 3600000 as overdue
  from tickets_soporte
),
grouped as (
  select 'prioridad' as grouping, prioridad as grp, b.* from base b
  union all select 'categoria', categoria, b.* from base b
  union all select 'canal', canal, b.* from base b
),
business as (
  select b.ticket_id,
    sum(case when c.dia is null then 0 else greatest(0, date_diff('millisecond',
      greatest(b.creado, cast(c.dia as timestamp) + interval '9' hour),
      least(b.resuelto, cast(c.dia as timestamp) + interval '18' hour))) end) as ms
  from base b
  left join calendario c
    on c.habil and c.dia between cast(b.creado as date) and cast(b.resuelto as date)
  where b.resuelto is not null
  group by b.ticket_id
),
measures as (
  select grouping, grp, 'fr' as m, date_diff('millisecond', creado, primera_respuesta) as ms
  from grouped where primera_respuesta is not null
  union all
  select grouping, grp, 'res', date_diff('millisecond', creado, resuelto) from grouped where resuelto is not null
  union all
  select g.grouping, g.grp, 'res_b', x.ms from business x join grouped g on g.ticket_id = x.ticket_id
),
ranked as (
  select grouping, grp, m, ms,
    row_number() over (partition by grouping, grp, m order by ms) as rn,
    count(*) over (partition by grouping, grp, m) as n
  from measures
),
spreads as (
  select grouping, grp,
    max(case when m = 'fr' and rn = greatest(1, cast(ceil(0.5 * n) as bigint)) then ms end) / 3600000.0 as first_reply_median_h,
    max(case when m = 'res' and rn = greatest(1, cast(ceil(0.9 * n) as bigint)) then ms end) / 3600000.0 as resolution_p90_h,
    max(case when m = 'res_b' and rn = greatest(1, cast(ceil(0.5 * n) as bigint)) then ms end) / 3600000.0 as resolution_bh_median_h
  from ranked
  group by grouping, grp
)
select g.grouping, g.grp, g.tickets, g.sla_compliance, g.reopen_rate,
  s.first_reply_median_h, s.resolution_p90_h, s.resolution_bh_median_h
from (
  select grouping, grp, count(*) as tickets,
    case when count(*) filter (where solved or overdue) > 0
      then cast(count(*) filter (where met) as double) / count(*) filter (where solved or overdue) * 100 end
      as sla_compliance,
    case when count(*) filter (where solved) > 0
      then cast(count(*) filter (where solved and reabierto) as double) / count(*) filter (where solved) * 100 end
      as reopen_rate
  from grouped
  group by grouping, grp
) g
left join spreads s on s.grouping = g.grouping and s.grp = g.grp
order by g.grouping,
  -- Priorities by urgency; categories and channels by tickets, most first (then by name).
  case when g.grouping = 'prioridad' then
    case g.grp when 'urgente' then 0 when 'alta' then 1 when 'media' then 2 when 'baja' then 3 else 4 end
  else -g.tickets end,
  g.grp
