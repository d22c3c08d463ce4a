-- KPI: contacts per channel per month (calls are teléfono, conversations chat, tickets their canal).
-- Dialect: Athena (Trino) and DuckDB. Parameters: none.
with contacts as (
  select inicio as t, 'teléfono' as channel from llamadas_call_center
  union all
  select inicio, 'chat' from mensajes_whatsapp
  union all
  select creado, canal from tickets_soporte
)
select
  cast(year(t) as varchar) || '-' || lpad(cast(month(t) as varchar), 2, '0') as period,
  channel,
  count(*) as n
from contacts
group by 1, 2
order by 1, 2
