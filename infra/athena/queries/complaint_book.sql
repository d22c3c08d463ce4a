-- KPIs of libro_reclamaciones (Ley 29571; 15 business days to answer, D.S. 101-2022-PCM):
--   entries, reclamos, quejas;
--   on_time      = answered by fecha_limite ÷ (answered + open past fecha_limite at as_of) × 100
--   open_overdue = open entries whose fecha_limite is before the as_of day
-- fecha_limite already counts 15 business days (weekends and Peruvian holidays excluded).
-- Dialect: Athena (Trino) and DuckDB.
-- Parameters: 1. and 2. as_of date (the day after the period's last day), twice.
select
  count(*) as entries,
  count(*) filter (where tipo = 'reclamo') as reclamos,
  count(*) filter (where tipo = 'queja') as quejas,
  case when count(*) filter (where fecha_respuesta is not null or fecha_limite < cast(? as date)) > 0
    then cast(count(*) filter (where fecha_respuesta <= fecha_limite) as double)
         / count(*) filter (where fecha_respuesta is not null or fecha_limite < cast(? as date)) * 100 end
    as on_time,
  count(*) filter (where fecha_respuesta is null and fecha_limite < cast(? as date)) as open_overdue
from libro_reclamaciones
