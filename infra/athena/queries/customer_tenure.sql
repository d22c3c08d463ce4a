-- Customers by tenure: whole years from fecha_alta to the as-of day (a year is complete on its
-- anniversary), in bands <1, 1-2, 3-5, 6-10, 11+; customers who joined after as-of are left out.
-- Dialect: Athena (Trino) and DuckDB. Parameters: 1. as_of date.
with as_of as (select cast(? as date) as d),
years as (
  -- Calendar years, minus one before the anniversary (date_diff('year') counts year boundaries
  -- in DuckDB but whole years in Trino, so it is spelled out).
  select year(a.d) - year(k.fecha_alta)
    - case when month(a.d) * 100 + day(a.d) < month(k.fecha_alta) * 100 + day(k.fecha_alta) then 1 else 0 end as y
  from clientes k cross join as_of a
  where k.fecha_alta <= a.d
)
select
  count(*) filter (where y < 1) as t_lt1,
  count(*) filter (where y between 1 and 2) as t1_2,
  count(*) filter (where y between 3 and 5) as t3_5,
  count(*) filter (where y between 6 and 10) as t6_10,
  count(*) filter (where y >= 11) as t11
from years
