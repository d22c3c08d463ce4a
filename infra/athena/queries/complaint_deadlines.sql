-- The deadline list of the complaint book ("vence pronto / vencidos"): every open entry with its
-- due date and the business days left at as_of, counted on the calendario table (weekends and
-- Peru's national holidays are not business days):
--   fecha_limite >= as_of: business days in (as_of, fecha_limite]      (0 on the due day)
--   fecha_limite <  as_of: minus the business days in (fecha_limite, as_of], at least 1
-- Ordered by due date, then entry id.
-- Dialect: Athena (Trino) and DuckDB.
-- Parameters: 1. to 4. as_of date (the day after the period's last day), four times.
select r.reclamo_id, r.codigo, r.tipo, r.fecha_limite,
  case when r.fecha_limite >= cast(? as date)
    then (select count(*) from calendario c
          where c.habil and c.dia > cast(? as date) and c.dia <= r.fecha_limite)
    else -greatest(1, (select count(*) from calendario c
          where c.habil and c.dia > r.fecha_limite and c.dia <= cast(? as date)))
  end as business_days_left,
  r.fecha_limite < cast(? as date) as overdue
from libro_reclamaciones r
where r.fecha_respuesta is null
order by r.fecha_limite, r.reclamo_id
