-- Customers per segment and per department (grouping = 'segmento' or 'departamento'): customers,
-- their contacts (calls + WhatsApp conversations + tickets), and the CSAT (% 4–5) and NPS of their
-- survey answers. By name.
-- Dialect: Athena (Trino) and DuckDB. Parameters: none.
with groups as (
  select 'segmento' as grouping, segmento as grp, cliente_id from clientes
  union all select 'departamento', departamento, cliente_id from clientes
),
contacts as (
  select cliente_id from llamadas_call_center
  union all select cliente_id from mensajes_whatsapp
  union all select cliente_id from tickets_soporte
),
c as (
  select k.grouping, k.grp, count(*) as contacts
  from contacts x join groups k on k.cliente_id = x.cliente_id
  group by k.grouping, k.grp
),
s as (
  select k.grouping, k.grp,
    count(e.csat) as csat_n,
    cast(count(*) filter (where e.csat >= 4) as double) / nullif(count(e.csat), 0) * 100 as csat,
    (cast(count(*) filter (where e.nps >= 9) as double) - count(*) filter (where e.nps <= 6))
      / nullif(count(e.nps), 0) * 100 as nps
  from encuestas_post_atencion e join groups k on k.cliente_id = e.cliente_id
  group by k.grouping, k.grp
)
select k.grouping, k.grp, count(*) as customers, coalesce(max(c.contacts), 0) as contacts,
  max(s.csat) as csat, coalesce(max(s.csat_n), 0) as csat_n, max(s.nps) as nps
from groups k
left join c on c.grouping = k.grouping and c.grp = k.grp
left join s on s.grouping = k.grouping and s.grp = k.grp
group by k.grouping, k.grp
order by k.grouping, k.grp
