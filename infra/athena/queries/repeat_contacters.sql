-- Repeat contacters: customers with at least the given number of contacts (calls + WhatsApp
-- conversations + tickets) within 7 consecutive days of the period (the FCR window).
-- Dialect: Athena (Trino) and DuckDB. Parameters: 1. the fewest contacts.
with contacts as (
  select x.cliente_id, date_diff('day', date '1970-01-01', cast(x.t as date)) as d
  from (
    select cliente_id, inicio as t from llamadas_call_center
    union all select cliente_id, inicio from mensajes_whatsapp
    union all select cliente_id, creado from tickets_soporte
  ) x
  join clientes k on k.cliente_id = x.cliente_id
),
windows as (
  select cliente_id,
    count(*) over (partition by cliente_id order by d range between 6 preceding and current row) as in_week
  from contacts
)
select count(distinct cliente_id) as customers
from windows
where in_week >= ?
