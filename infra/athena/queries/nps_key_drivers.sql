-- KPI: key drivers of NPS. Each survey answer is joined to the interaction it rates.
--   numeric drivers (wait, aht, fcr): importance = |Pearson r| between the driver and the 0–10
--     answer; performance = % of answers whose interaction met the target (wait ≤ 60 s,
--     AHT ≤ 360 s, resolved).
--   categorical drivers (channel, category): importance = correlation ratio η =
--     sqrt(between-group sum of squares / total sum of squares); no performance.
-- wait = queue wait (calls), first response (chats), first reply in seconds (tickets);
-- aht only for calls; fcr for calls and chats; category = reason or ticket category.
-- Dialect: Athena (Trino) and DuckDB. Parameters: none.
with rated as (
  select cast(s.nps as double) as y, s.canal as channel,
    coalesce(cast(l.espera_seg as double), cast(w.primera_respuesta_seg as double),
             date_diff('millisecond', t.creado, t.primera_respuesta) / 1000.0) as wait_s,
    cast(l.conversacion_seg + l.retencion_seg + l.acw_seg as double) as aht_s,
    case when s.interaccion_dataset = 'llamadas_call_center' then cast(l.resuelta_primer_contacto as integer)
         when s.interaccion_dataset = 'mensajes_whatsapp' then cast(w.resuelta as integer) end as fcr,
    coalesce(l.motivo, w.motivo, t.categoria) as category
  from encuestas_post_atencion s
  left join llamadas_call_center l
    on s.interaccion_dataset = 'llamadas_call_center' and l.llamada_id = s.interaccion_id
  left join mensajes_whatsapp w
    on s.interaccion_dataset = 'mensajes_whatsapp' and w.conversacion_id = s.interaccion_id
  left join tickets_soporte t
    on s.interaccion_dataset = 'tickets_soporte' and t.ticket_id = s.interaccion_id
  where s.nps is not null
),
numeric as (
  select 'wait' as driver,
    -- corr() is NaN or NULL without variance depending on the engine: define it as NULL.
    case when var_pop(wait_s) > 0 and var_pop(case when wait_s is not null then y end) > 0
      then abs(corr(wait_s, y)) end as importance,
    case when count(wait_s) > 0 then cast(count(*) filter (where wait_s <= 60) as double) / count(wait_s) * 100 end as performance,
    count(wait_s) as n
  from rated
  union all
  select 'aht',
    case when var_pop(aht_s) > 0 and var_pop(case when aht_s is not null then y end) > 0
      then abs(corr(aht_s, y)) end,
    case when count(aht_s) > 0 then cast(count(*) filter (where aht_s <= 360) as double) / count(aht_s) * 100 end,
    count(aht_s)
  from rated
  union all
  select 'fcr',
    case when var_pop(cast(fcr as double)) > 0 and var_pop(case when fcr is not null then y end) > 0
      then abs(corr(cast(fcr as double), y)) end,
    case when count(fcr) > 0 then cast(count(*) filter (where fcr = 1) as double) / count(fcr) * 100 end,
    count(fcr)
  from rated
),
long as (
  select 'channel' as driver, channel as level, y from rated
  union all
  select 'category', category, y from rated where category is not null
),
stats as (
  select driver, level, y,
    avg(y) over (partition by driver) as grand,
    avg(y) over (partition by driver, level) as level_mean
  from long
),
drivers as (
  select 'channel' as driver union all select 'category'
),
categorical as (
  -- Left join from the driver list, so an empty selection still gives one row per driver.
  select k.driver,
    case when sum((s.y - s.grand) * (s.y - s.grand)) > 0
      then sqrt(sum((s.level_mean - s.grand) * (s.level_mean - s.grand))
                / sum((s.y - s.grand) * (s.y - s.grand))) end as importance,
    cast(null as double) as performance,
    count(s.y) as n
  from drivers k left join stats s on s.driver = k.driver
  group by k.driver
)
select driver, importance, performance, n from numeric
union all
select driver, importance, performance, n from categorical
