-- Public reviews per branch (sucursal), lowest mean stars first: count, mean stars, share of 1–2
-- stars (%).
-- Dialect: Athena (Trino) and DuckDB. Parameters: none.
select sucursal, count(*) as n, avg(cast(estrellas as double)) as mean_stars,
  cast(count(*) filter (where estrellas <= 2) as double) / count(*) * 100 as low_share
from resenas_online
group by sucursal
order by avg(cast(estrellas as double)), count(*) desc, sucursal
