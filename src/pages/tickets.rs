//! *Tickets y SLA*: reply and resolution times (median and p90, in calendar or business hours),
//! SLA compliance and reopen rate by priority, category and channel and over time; the open
//! backlog by age; the tickets breaching their SLA now.

use cx_engine::kpis::tickets::{Breach, TicketBy, TicketKpis};
use cx_engine::{Dataset, Spread};
use leptos::prelude::*;

use super::common::{no_rows, period_chart, periods, with_selection, Plot};
use crate::chart::{self, Plan, Series};
use crate::components::{ChartCard, DataGate, KpiTile};
use crate::export::{CsvButton, RecordsLink};
use crate::format;
use crate::i18n::t;
use crate::labels;
use crate::state::{use_dashboard, CrossKind};

/// What the page reads.
pub const NEEDS: &[Dataset] = &[Dataset::Clientes, Dataset::Tickets];

const GROUPS: &str = "chart-ticket-groups";
const GROUP_TABLE: &str = "table-ticket-groups";
const TREND: &str = "chart-ticket-trend";
const TIMES: &str = "chart-ticket-times";
const BACKLOG: &str = "chart-ticket-backlog";
const BREACHES: &str = "table-ticket-breaches";
/// Breaching tickets listed (all of them go to the CSV).
const BREACH_ROWS: usize = 50;

/// The page.
#[component]
pub fn Tickets() -> impl IntoView {
    let business = RwSignal::new(false);
    let by = RwSignal::new(TicketBy::Priority);
    // The breaching tickets, computed once for the tile and the list (neither is a cross-filter
    // origin, so both read the page's selection).
    let breaches = Memo::new(move |_| {
        with_selection(BREACHES, |e, sel| e.ticket_breaches(sel, usize::MAX)).unwrap_or_default()
    });
    view! {
        <DataGate needs=NEEDS>
            <Tiles breaches=breaches />
            <section class="card controls" aria-label=t("Opciones de la página", "Page options")>
                <div class="segs" role="group" aria-label=t("Horas", "Hours")>
                    <button type="button" aria-pressed=move || (!business.get()).to_string() data-testid="hours-calendar"
                        on:click=move |_| business.set(false)>{t("Horas de calendario", "Calendar hours")}</button>
                    <button type="button" aria-pressed=move || business.get().to_string() data-testid="hours-business"
                        on:click=move |_| business.set(true)>{t("Horas hábiles", "Business hours")}</button>
                </div>
                <div class="segs" role="group" aria-label=t("Agrupar por", "Group by")>
                    {[(TicketBy::Priority, t("Prioridad", "Priority"), "priority"), (TicketBy::Category, t("Categoría", "Category"), "category"), (TicketBy::Channel, t("Canal", "Channel"), "channel")]
                        .into_iter().map(|(b, label, key)| view! {
                            <button type="button" aria-pressed=move || (by.get() == b).to_string() data-testid=format!("by-{key}")
                                on:click=move |_| by.set(b)>{label}</button>
                        }).collect_view()}
                </div>
            </section>
            <div class="grid2">
                <Groups by=by business=business />
                <Trend />
            </div>
            <Times business=business />
            <GroupTable by=by />
            <div class="grid2">
                <Backlog />
                <Breaches data=breaches />
            </div>
        </DataGate>
    }
}

fn spread(s: Option<Spread>) -> (String, String) {
    s.map_or(("—".into(), "—".into()), |s| {
        (format::hours(s.median), format::hours(s.p90))
    })
}

#[component]
fn Tiles(breaches: Memo<(usize, Vec<Breach>)>) -> impl IntoView {
    let k = Memo::new(move |_| {
        let open = breaches.with(|b| b.0);
        with_selection("tiles", |e, sel| {
            let backlog: u64 = e.ticket_backlog(sel).iter().map(|b| b.1).sum();
            (e.tickets(sel), backlog, open)
        })
    });
    view! {
        <section class="kpis" data-testid="kpis" aria-label=t("Indicadores de tickets", "Ticket indicators")>
            {move || k.get().map(|(k, backlog, breaching)| {
                let (fr_m, fr_p) = spread(k.first_reply_h);
                let (frb_m, _) = spread(k.first_reply_bh);
                let (rs_m, rs_p) = spread(k.resolution_h);
                let (rsb_m, _) = spread(k.resolution_bh);
                let raw = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
                view! {
                    <KpiTile label="Tickets" value=format::int(k.tickets) raw=k.tickets.to_string()
                        detail=String::new() testid="kpi-tickets" />
                    <KpiTile label=t("Primera respuesta (mediana)", "First reply (median)") value=fr_m
                        raw=raw(k.first_reply_h.map(|s| s.median))
                        detail=format!("p90 {fr_p} · {} {frb_m}", t("hábiles:", "business:")) testid="kpi-first-reply" />
                    <KpiTile label=t("Resolución (mediana)", "Resolution (median)") value=rs_m
                        raw=raw(k.resolution_h.map(|s| s.median))
                        detail=format!("p90 {rs_p} · {} {rsb_m}", t("hábiles:", "business:")) testid="kpi-resolution" />
                    <KpiTile label=t("Cumplimiento de SLA", "SLA compliance") value=k.sla_compliance.map_or("—".into(), format::pct)
                        raw=raw(k.sla_compliance) detail=t("resueltos a tiempo ÷ juzgados", "solved in time ÷ judged").to_string() testid="kpi-sla" />
                    <KpiTile label=t("Reaperturas", "Reopen rate") value=k.reopen_rate.map_or("—".into(), format::pct)
                        raw=raw(k.reopen_rate) detail=t("reabiertos ÷ resueltos", "reopened ÷ solved").to_string() testid="kpi-reopen" />
                    <KpiTile label=t("Abiertos", "Open") value=format::int(backlog) raw=backlog.to_string()
                        detail=t("al cierre del período", "at the end of the period").to_string() testid="kpi-open" />
                    <KpiTile label=t("Fuera de SLA ahora", "Breaching SLA now") value=format::int(breaching as u64) raw=breaching.to_string()
                        detail=t("abiertos, pasado su objetivo", "open, past their target").to_string() testid="kpi-breaching" />
                }
            })}
        </section>
    }
}

fn group_label(by: TicketBy, key: &str) -> String {
    match by {
        TicketBy::Priority => labels::priority(key),
        TicketBy::Channel => labels::channel(key),
        TicketBy::Category => key.to_string(),
    }
}

#[component]
fn Groups(by: RwSignal<TicketBy>, business: RwSignal<bool>) -> impl IntoView {
    let dash = use_dashboard();
    let plot = Memo::new(move |_| {
        let by = by.get();
        let bh = business.get();
        let highlight = dash.highlight(GROUPS);
        with_selection(GROUPS, |e, sel| {
            let groups = e.ticket_groups(sel, by);
            let med = |k: &TicketKpis| {
                if bh {
                    (k.first_reply_bh, k.resolution_bh)
                } else {
                    (k.first_reply_h, k.resolution_h)
                }
            };
            Plot {
                option: chart::bars(Plan {
                    keys: groups.iter().map(|g| g.key.clone()).collect(),
                    labels: groups.iter().map(|g| group_label(by, &g.key)).collect(),
                    series: vec![
                        Series::new(
                            t("Primera respuesta, mediana (h)", "First reply, median (h)"),
                            groups
                                .iter()
                                .map(|g| med(&g.kpis).0.map(|s| s.median))
                                .collect(),
                        ),
                        Series::new(
                            t("Resolución, mediana (h)", "Resolution, median (h)"),
                            groups
                                .iter()
                                .map(|g| med(&g.kpis).1.map(|s| s.median))
                                .collect(),
                        ),
                        Series::new(
                            t("Resolución, p90 (h)", "Resolution, p90 (h)"),
                            groups
                                .iter()
                                .map(|g| med(&g.kpis).1.map(|s| s.p90))
                                .collect(),
                        ),
                        Series::new(
                            t("SLA cumplido (%)", "SLA met (%)"),
                            groups.iter().map(|g| g.kpis.sla_compliance).collect(),
                        ),
                    ],
                    axis: if bh {
                        t("horas hábiles", "business hours")
                    } else {
                        t("horas", "hours")
                    },
                    horizontal: by == TicketBy::Category,
                    highlight: highlight.as_deref(),
                    line_axis: Some((t("SLA (%)", "SLA (%)"), vec![3])),
                    ..Plan::default()
                }),
                keys: groups.into_iter().map(|g| g.key).collect(),
            }
        })
        .unwrap_or_default()
    });
    let on_click = Callback::new(move |c: crate::echarts::Click| {
        let Some(key) = plot.with_untracked(|p| p.key_at(&c)) else {
            return;
        };
        match by.get_untracked() {
            TicketBy::Category => dash.cross(CrossKind::Categoria, key, GROUPS),
            TicketBy::Channel => dash.cross(CrossKind::Canal, key, GROUPS),
            TicketBy::Priority => {}
        }
    });
    view! {
        <ChartCard id=GROUPS title=t("Tiempos y SLA por grupo", "Times and SLA by group")
            note=t("Barras: horas (mediana y p90); línea: % de SLA cumplido. Clic en una categoría o canal para filtrar.", "Bars: hours (median and p90); line: % SLA met. Click a category or channel to filter.")
            option=Signal::derive(move || plot.with(|p| p.option.clone())) on_click=on_click records=Dataset::Tickets />
    }
}

#[component]
fn GroupTable(by: RwSignal<TicketBy>) -> impl IntoView {
    let groups = Memo::new(move |_| {
        let by = by.get();
        with_selection(GROUP_TABLE, |e, sel| e.ticket_groups(sel, by)).unwrap_or_default()
    });
    let cell = |s: Option<Spread>, p90: bool| {
        s.map_or("—".into(), |s| {
            format::hours(if p90 { s.p90 } else { s.median })
        })
    };
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{t("Detalle por grupo", "Detail by group")}</h2>
                <div class="card-tools">
                    <CsvButton table=GROUP_TABLE />
                    <RecordsLink dataset=Dataset::Tickets id="ticket-groups-records" />
                </div>
            </div>
            <p class="note">{t("Horas de calendario y, entre paréntesis, hábiles (lun–vie 9:00–18:00, sin feriados).", "Calendar hours and, in brackets, business hours (Mon–Fri 9:00–18:00, no holidays).")}</p>
            <div class="table-wrap" tabindex="0">
                <table class="dist" id=GROUP_TABLE data-testid=GROUP_TABLE>
                    <thead><tr>
                        <th scope="col">{move || match by.get() { TicketBy::Priority => t("Prioridad", "Priority"), TicketBy::Category => t("Categoría", "Category"), TicketBy::Channel => t("Canal", "Channel") }}</th>
                        <th scope="col" class="num">"Tickets"</th>
                        <th scope="col" class="num">{t("1.ª respuesta mediana", "First reply median")}</th>
                        <th scope="col" class="num">{t("1.ª respuesta p90", "First reply p90")}</th>
                        <th scope="col" class="num">{t("Resolución mediana", "Resolution median")}</th>
                        <th scope="col" class="num">{t("Resolución p90", "Resolution p90")}</th>
                        <th scope="col" class="num">"SLA"</th>
                        <th scope="col" class="num">{t("Reaperturas", "Reopened")}</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let b = by.get();
                            groups.get().into_iter().map(|g| {
                                let k = &g.kpis;
                                view! {
                                    <tr data-key=g.key.clone()
                                        data-tickets=k.tickets.to_string()
                                        data-sla=k.sla_compliance.map(|v| v.to_string()).unwrap_or_default()
                                        data-reopen=k.reopen_rate.map(|v| v.to_string()).unwrap_or_default()
                                        data-fr-median=k.first_reply_h.map(|s| s.median.to_string()).unwrap_or_default()
                                        data-res-p90=k.resolution_h.map(|s| s.p90.to_string()).unwrap_or_default()
                                        data-res-bh-median=k.resolution_bh.map(|s| s.median.to_string()).unwrap_or_default()>
                                        <th scope="row">{group_label(b, &g.key)}</th>
                                        <td class="num">{format::int(k.tickets)}</td>
                                        <td class="num">{cell(k.first_reply_h, false)} <small>{format!("({})", cell(k.first_reply_bh, false))}</small></td>
                                        <td class="num">{cell(k.first_reply_h, true)} <small>{format!("({})", cell(k.first_reply_bh, true))}</small></td>
                                        <td class="num">{cell(k.resolution_h, false)} <small>{format!("({})", cell(k.resolution_bh, false))}</small></td>
                                        <td class="num">{cell(k.resolution_h, true)} <small>{format!("({})", cell(k.resolution_bh, true))}</small></td>
                                        <td class="num">{k.sla_compliance.map_or("—".into(), format::pct)}</td>
                                        <td class="num">{k.reopen_rate.map_or("—".into(), format::pct)}</td>
                                    </tr>
                                }
                            }).collect_view()
                        }}
                        {move || groups.with(Vec::is_empty).then(|| no_rows(8))}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Trend() -> impl IntoView {
    let (option, on_click) = period_chart(TREND, |e, sel, step, highlight| {
        let s = e.ticket_series(sel, step);
        let (keys, labels) = periods(&s);
        Plot {
            option: chart::lines(Plan {
                keys: keys.clone(),
                labels,
                series: vec![
                    Series::new(
                        t("SLA cumplido (%)", "SLA met (%)"),
                        s.iter().map(|p| p.value.sla_compliance).collect(),
                    ),
                    Series::new(
                        t("Reaperturas (%)", "Reopened (%)"),
                        s.iter().map(|p| p.value.reopen_rate).collect(),
                    ),
                ],
                axis: "%",
                range: Some((0.0, 100.0)),
                highlight,
                ..Plan::default()
            }),
            keys,
        }
    });
    view! {
        <ChartCard id=TREND title=t("SLA y reaperturas en el tiempo", "SLA and reopens over time")
            note=t("Por fecha de creación del ticket. Clic en un período para filtrarlo.", "By ticket creation date. Click a period to filter it.")
            option=option on_click=on_click records=Dataset::Tickets />
    }
}

#[component]
fn Times(business: RwSignal<bool>) -> impl IntoView {
    let (option, on_click) = period_chart(TIMES, move |e, sel, step, highlight| {
        let bh = business.get();
        let s = e.ticket_series(sel, step);
        let pick = |k: &TicketKpis| {
            if bh {
                (k.first_reply_bh, k.resolution_bh)
            } else {
                (k.first_reply_h, k.resolution_h)
            }
        };
        let (keys, labels) = periods(&s);
        Plot {
            option: chart::lines(Plan {
                keys: keys.clone(),
                labels,
                series: vec![
                    Series::new(
                        t("Primera respuesta, mediana", "First reply, median"),
                        s.iter()
                            .map(|p| pick(&p.value).0.map(|x| x.median))
                            .collect(),
                    ),
                    Series::new(
                        t("Resolución, mediana", "Resolution, median"),
                        s.iter()
                            .map(|p| pick(&p.value).1.map(|x| x.median))
                            .collect(),
                    ),
                    Series::new(
                        t("Resolución, p90", "Resolution, p90"),
                        s.iter().map(|p| pick(&p.value).1.map(|x| x.p90)).collect(),
                    ),
                ],
                axis: if bh {
                    t("horas hábiles", "business hours")
                } else {
                    t("horas", "hours")
                },
                highlight,
                ..Plan::default()
            }),
            keys,
        }
    });
    view! {
        <ChartCard id=TIMES title=t("Tiempos de respuesta y resolución en el tiempo", "Reply and resolution times over time")
            note=t("Medianas y p90 por fecha de creación, en las horas elegidas arriba. Clic en un período para filtrarlo.", "Medians and p90 by creation date, in the hours chosen above. Click a period to filter it.")
            option=option on_click=on_click records=Dataset::Tickets />
    }
}

#[component]
fn Backlog() -> impl IntoView {
    let plot = Memo::new(move |_| {
        with_selection(BACKLOG, |e, sel| {
            chart::bands(
                &e.ticket_backlog(sel),
                t("días", "days"),
                t("Tickets abiertos", "Open tickets"),
                "tickets",
            )
        })
        .flatten()
    });
    view! {
        <ChartCard id=BACKLOG title=t("Tickets abiertos por antigüedad", "Open tickets by age")
            note=t("Días de calendario desde la creación, al cierre del período.", "Calendar days since creation, at the end of the period.")
            option=Signal::derive(move || plot.get()) records=Dataset::Tickets />
    }
}

#[component]
fn Breaches(data: Memo<(usize, Vec<Breach>)>) -> impl IntoView {
    let all_rows = Callback::new(move |()| {
        let mut rows = vec![header()];
        // For a spreadsheet: the creation day as YYYY-MM-DD, hours as a plain number.
        data.with_untracked(|(_, list)| {
            rows.extend(list.iter().map(|b| {
                let mut r = row(b);
                r[5] = cx_engine::calendar::day_label(cx_engine::calendar::day_of_ms(b.created_ms));
                r[7] = format!("{:.1}", b.over_h);
                r
            }))
        });
        rows
    });
    fn header() -> Vec<String> {
        [
            t("Ticket", "Ticket"),
            t("Prioridad", "Priority"),
            t("Categoría", "Category"),
            t("Canal", "Channel"),
            t("Agente", "Agent"),
            t("Creado", "Created"),
            t("Objetivo (h)", "Target (h)"),
            t("Horas fuera de SLA", "Hours past SLA"),
        ]
        .map(String::from)
        .to_vec()
    }
    fn row(b: &cx_engine::kpis::tickets::Breach) -> Vec<String> {
        vec![
            b.id.to_string(),
            labels::priority(&b.priority),
            b.category.clone(),
            labels::channel(&b.channel),
            b.agent.clone(),
            format::day_n(cx_engine::calendar::day_of_ms(b.created_ms)),
            b.target_h.to_string(),
            format::num(b.over_h, 1),
        ]
    }
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{t("Tickets fuera de SLA ahora", "Tickets breaching their SLA now")}</h2>
                <div class="card-tools">
                    <CsvButton table=BREACHES rows=all_rows />
                    <RecordsLink dataset=Dataset::Tickets id="ticket-breaches-records" />
                </div>
            </div>
            <p class="note" data-testid="breaches-count">{move || {
                let n = data.with(|d| d.0);
                if n > BREACH_ROWS {
                    format!("{} {} {}", format::int(n as u64), t("abiertos pasado su objetivo; los", "open past their target; the"), t("50 más atrasados:", "50 most overdue:"))
                } else {
                    format!("{} {}", format::int(n as u64), t("abiertos pasado su objetivo.", "open past their target."))
                }
            }}</p>
            <div class="table-wrap tall" tabindex="0">
                <table class="dist" id=BREACHES data-testid=BREACHES>
                    <thead><tr>{header().into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {move || data.with(|(_, list)| list.iter().take(BREACH_ROWS).map(|b| {
                            let cells = row(b);
                            view! {
                                <tr data-id=b.id.to_string()>
                                    {cells.into_iter().enumerate().map(|(k, c)| view! { <td class:num={k == 0 || k >= 6}>{c}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view())}
                        {move || data.with(|d| d.1.is_empty()).then(|| no_rows(8))}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
