-- KPIs of tickets_soporte: SLA compliance and reopen rate.
--   sla_compliance = solved within sla_horas ÷ (solved + open longer than sla_horas at as_of) × 100
--   reopen_rate    = reopened ÷ solved × 100
-- Dialect: Athena (Trino) and DuckDB.
-- Parameters: 1. as_of timestamp (the end of the data: the day after the period's last day).
with judged as (
  select
    resuelto is not null as solved,
    resuelto is not null and date_diff('millisecond', creado, resuelto) <= cast(sla_horas as bigint) * 3600000 as met,
    resuelto is null and date_diff('millisecond', creado, cast(? as timestamp)) > cast(sla_horas as bigint) * 3600000 as overdue,
    reabierto
  from tickets_soporte
)
select
  (select count(*) from tickets_soporte) as tickets,
  case when count(*) filter (where solved or overdue) > 0
    then cast(count(*) filter (where met) as double) / count(*) filter (where solved or overdue) * 100 end
    as sla_compliance,
  case when count(*) filter (where solved) > 0
    then cast(count(*) filter (where solved and reabierto) as double) / count(*) filter (where solved) * 100 end
    as reopen_rate
from judged
