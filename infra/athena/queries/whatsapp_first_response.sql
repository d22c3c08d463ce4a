-- KPIs of mensajes_whatsapp: first-response time (nearest-rank median and p90, seconds) and the
-- share resolved in the conversation.
-- Nearest-rank percentile: the value at 1-based rank max(1, ceil(p · n)) of the sorted values
-- (the same definition as the engine; Athena has no exact percentile function, so it is written
-- with row_number()).
-- Dialect: Athena (Trino) and DuckDB. Parameters: none.
with ranked as (
  select primera_respuesta_seg as v,
         row_number() over (order by primera_respuesta_seg) as rn,
         count(*) over () as n
  from mensajes_whatsapp
)
select
  (select count(*) from mensajes_whatsapp) as conversations,
  max(case when rn = greatest(1, cast(ceil(0.5 * n) as bigint)) then v end) as frt_median_s,
  max(case when rn = greatest(1, cast(ceil(0.9 * n) as bigint)) then v end) as frt_p90_s,
  (select case when count(*) > 0
     then cast(count(*) filter (where resuelta) as double) / count(*) * 100 end
   from mensajes_whatsapp) as resolved
from ranked
