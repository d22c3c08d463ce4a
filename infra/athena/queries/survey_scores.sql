-- KPIs: CSAT %, NPS (promoters, passives, detractors, 95 % margin) and CES (mean, share 5–7)
-- over encuestas_post_atencion. Nulls are skipped per score; a KPI with no answer is null.
-- Dialect: Athena (Trino) and DuckDB. Parameters: none.
with counts as (
  select
    count(*) as answers,
    count(csat) as csat_n,
    count(*) filter (where csat >= 4) as csat_satisfied,
    count(*) filter (where nps >= 9) as promoters,
    count(*) filter (where nps between 7 and 8) as passives,
    count(*) filter (where nps <= 6) as detractors,
    count(ces) as ces_n,
    sum(ces) as ces_sum,
    count(*) filter (where ces >= 5) as ces_easy
  from encuestas_post_atencion
),
shares as (
  select *,
    promoters + passives + detractors as nps_n,
    case when promoters + passives + detractors > 0
      then cast(promoters as double) / (promoters + passives + detractors) end as p,
    case when promoters + passives + detractors > 0
      then cast(detractors as double) / (promoters + passives + detractors) end as d
  from counts
)
select
  answers,
  case when csat_n > 0 then cast(csat_satisfied as double) / csat_n * 100 end as csat,
  csat_n,
  (p - d) * 100 as nps,
  promoters, passives, detractors,
  1.96 * 100 * sqrt(greatest(p + d - (p - d) * (p - d), 0) / nps_n) as nps_margin95,
  case when ces_n > 0 then cast(ces_sum as double) / ces_n end as ces_mean,
  case when ces_n > 0 then cast(ces_easy as double) / ces_n * 100 end as ces_easy,
  ces_n
from shares
