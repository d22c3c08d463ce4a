-- KPIs of llamadas_call_center: abandonment, AHT, ASA, service level and FCR.
--   abandonment   = abandoned ÷ offered (all calls) × 100
--   aht_s         = mean(talk + hold + after-call work) over answered calls
--   asa_s         = mean(queue wait) over answered calls
--   service_level = answered with wait ≤ threshold ÷ offered × 100
--   fcr           = resolved at first contact ÷ answered calls with a known outcome × 100
-- Dialect: Athena (Trino) and DuckDB.
-- Parameters: 1. service-level threshold in seconds (integer, e.g. 20).
select
  count(*) as offered,
  count(*) filter (where not abandonada) as answered,
  case when count(*) > 0
    then cast(count(*) filter (where abandonada) as double) / count(*) * 100 end as abandonment,
  avg(cast(coalesce(conversacion_seg, 0) + coalesce(retencion_seg, 0) + coalesce(acw_seg, 0) as double))
    filter (where not abandonada) as aht_s,
  avg(cast(espera_seg as double)) filter (where not abandonada) as asa_s,
  case when count(*) > 0
    then cast(count(*) filter (where not abandonada and espera_seg <= ?) as double) / count(*) * 100 end
    as service_level,
  case when count(resuelta_primer_contacto) > 0
    then cast(count(*) filter (where resuelta_primer_contacto) as double)
         / count(resuelta_primer_contacto) * 100 end as fcr
from llamadas_call_center
