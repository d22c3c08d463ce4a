-- KPI: interactions — calls + WhatsApp conversations + tickets.
-- Dialect: runs unchanged in Athena (Trino) and DuckDB. Parameters: none.
select
  (select count(*) from llamadas_call_center)
  + (select count(*) from mensajes_whatsapp)
  + (select count(*) from tickets_soporte) as interactions
