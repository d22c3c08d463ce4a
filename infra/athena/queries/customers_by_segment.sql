-- Customers per segment: customers, their contacts (calls + WhatsApp conversations + tickets),
-- and the CSAT (% 4–5) and NPS of their survey answers.
-- Dialect: Athena (Trino) and DuckDB. Parameters: none.
with contacts as (
  select cliente_id from llamadas_call_center
  union all select cliente_id from mensajes_whatsapp
  union all select cliente_id from tickets_soporte
),
c as (
  select k.segmento, count(*) as contacts
  from contacts x join clientes k on k.cliente_id = x.cliente_id
  group by k.segmento
),
s as (
  select k.segmento,
    count(e.csat) as csat_n,
    cast(count(*) filter (where e.csat >= 4) as double) / nullif(count(e.csat), 0) * 100 as csat,
    (cast(count(*) filter (where e.nps >= 9) as double) - count(*) filter (where e.nps <= 6))
      / nullif(count(e.nps), 0) * 100 as nps
  from encuestas_post_atencion e join clientes k on k.cliente_id = e.cliente_id
  group by k.segmento
)
select k.segmento, count(*) as customers, coalesce(max(c.contacts), 0) as contacts,
  max(s.csat) as csat, coalesce(max(s.csat_n), 0) as csat_n, max(s.nps) as nps
from clientes k
left join c on c.segmento = k.segmento
left join s on s.segmento = k.segmento
group by k.segmento
order by k.segmento
