-- KPI: open complaint-book entries by age, in calendar days from filing to as_of:
-- 0-7, 8-15, 16-30, 31-60, 61+.
-- Dialect: Athena (Trino) and DuckDB. Parameters: 1. as_of date.
with open_entries as (
  select date_diff('day', cast(fecha as date), cast(? as date)) as age
  from libro_reclamaciones
  where fecha_respuesta is null
)
select
  count(*) filter (where age between 0 and 7) as d0_7,
  count(*) filter (where age between 8 and 15) as d8_15,
  count(*) filter (where age between 16 and 30) as d16_30,
  count(*) filter (where age between 31 and 60) as d31_60,
  count(*) filter (where age >= 61) as d61
from open_entries
