-- Complaint-book entries per tipo (reclamo / queja): entries, open, % answered within the legal
-- term (as complaint_book.sql), entries with an amount and the amount claimed (PEN).
-- Dialect: Athena (Trino) and DuckDB.
-- Parameters: 1. and 2. as_of date (the day after the period's last day), twice.
select tipo,
  count(*) as entries,
  count(*) filter (where fecha_respuesta is null) as open,
  case when count(*) filter (where fecha_respuesta is not null or fecha_limite < cast(? as date)) > 0
    then cast(count(*) filter (where fecha_respuesta <= fecha_limite) as double)
         / count(*) filter (where fecha_respuesta is not null or fecha_limite < cast(? as date)) * 100 end
    as on_time,
  count(monto_reclamado_pen) as with_amount,
  coalesce(sum(monto_reclamado_pen), 0) as amount_pen
from libro_reclamaciones
group by tipo
order by count(*) desc, tipo
