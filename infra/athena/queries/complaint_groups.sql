-- Complaint-book entries per group, one row per group (grouping = 'tipo', 'bien' for the product
-- or service `descripcion_bien`, 'canal' or 'sucursal'; entries filed online have no branch and
-- are left out of 'sucursal'): entries, open, % answered within the legal term (as
-- complaint_book.sql), entries with an amount and the amount claimed (PEN). Most entries first.
-- Dialect: Athena (Trino) and DuckDB.
-- Parameters: 1. and 2. as_of date (the day after the period's last day), twice.
with grouped as (
  select 'tipo' as grouping, tipo as grp, r.* from libro_reclamaciones r
  union all select 'bien', descripcion_bien, r.* from libro_reclamaciones r
  union all select 'canal', canal, r.* from libro_reclamaciones r
  union all select 'sucursal', sucursal, r.* from libro_reclamaciones r where sucursal is not null
)
select grouping, grp,
  count(*) as entries,
  count(*) filter (where fecha_respuesta is null) as open,
  case when count(*) filter (where fecha_respuesta is not null or fecha_limite < cast(? as date)) > 0
    then cast(count(*) filter (where fecha_respuesta <= fecha_limite) as double)
         / count(*) filter (where fecha_respuesta is not null or fecha_limite < cast(? as date)) * 100 end
    as on_time,
  count(monto_reclamado_pen) as with_amount,
  coalesce(sum(monto_reclamado_pen), 0) as amount_pen
from grouped
group by grouping, grp
order by grouping, count(*) desc, grp
