-- KPI: agent scorecard — per agent: volume (answered calls + conversations + tickets), CSAT % of
-- the surveys about the agent, AHT of the agent's calls, FCR of calls and conversations, and the
-- competition rank by CSAT within the team (the id's prefix: T phone, W WhatsApp, S tickets).
-- Dialect: Athena (Trino) and DuckDB. Parameters: none.
with work as (
  select agente_id,
    1 as volume,
    cast(coalesce(conversacion_seg, 0) + coalesce(retencion_seg, 0) + coalesce(acw_seg, 0) as double) as handle_s,
    1 as answered,
    case when resuelta_primer_contacto then 1 else 0 end as fcr_yes,
    case when resuelta_primer_contacto is not null then 1 else 0 end as fcr_n
  from llamadas_call_center where agente_id is not null
  union all
  select agente_id, 1, 0, 0, case when resuelta then 1 else 0 end, 1 from mensajes_whatsapp
  union all
  select agente_id, 1, 0, 0, 0, 0 from tickets_soporte
),
by_agent as (
  select agente_id, sum(volume) as volume, sum(handle_s) as handle_s, sum(answered) as answered,
         sum(fcr_yes) as fcr_yes, sum(fcr_n) as fcr_n
  from work group by agente_id
),
csat as (
  select agente_id, count(csat) as csat_n, count(*) filter (where csat >= 4) as csat_yes
  from encuestas_post_atencion where csat is not null group by agente_id
),
joined as (
  select coalesce(a.agente_id, c.agente_id) as agent,
    coalesce(a.volume, 0) as volume,
    case when c.csat_n > 0 then cast(c.csat_yes as double) / c.csat_n * 100 end as csat,
    coalesce(c.csat_n, 0) as csat_n,
    case when a.answered > 0 then a.handle_s / a.answered end as aht_s,
    case when a.fcr_n > 0 then cast(a.fcr_yes as double) / a.fcr_n * 100 end as fcr
  from by_agent a full outer join csat c on a.agente_id = c.agente_id
)
select agent, split_part(agent, '-', 1) as team, volume, csat, csat_n, aht_s, fcr,
  case when csat is not null
    then rank() over (partition by split_part(agent, '-', 1), csat is null order by csat desc) end as rank
from joined
order by agent
