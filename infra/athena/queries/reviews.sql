-- KPIs of resenas_online: count, mean stars and the 1–5 distribution, for all platforms and per
-- platform.
-- Dialect: Athena (Trino) and DuckDB. Parameters: none.
select 0 as sort_key, 'all' as platform, count(*) as n, avg(cast(estrellas as double)) as mean_stars,
  count(*) filter (where estrellas = 1) as s1, count(*) filter (where estrellas = 2) as s2,
  count(*) filter (where estrellas = 3) as s3, count(*) filter (where estrellas = 4) as s4,
  count(*) filter (where estrellas = 5) as s5
from resenas_online
union all
select 1, plataforma, count(*), avg(cast(estrellas as double)),
  count(*) filter (where estrellas = 1), count(*) filter (where estrellas = 2),
  count(*) filter (where estrellas = 3), count(*) filter (where estrellas = 4),
  count(*) filter (where estrellas = 5)
from resenas_online
group by plataforma
order by sort_key, platform
