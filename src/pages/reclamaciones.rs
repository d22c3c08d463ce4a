//! *Reclamaciones*: the Libro de Reclamaciones — entries by tipo, product or service, channel and
//! branch; answers within the legal term of 15 business days over time; the open backlog by age;
//! the deadline list ("vence pronto / vencidos") a compliance officer checks first; amounts
//! claimed in soles.

use cx_engine::kpis::complaints::{ComplaintBy, Deadline};
use cx_engine::Dataset;
use leptos::prelude::*;

use super::common::{no_rows, period_chart, periods, with_selection, Plot};
use crate::chart::{self, Plan, Series};
use crate::components::{ChartCard, DataGate, KpiTile};
use crate::export::{CsvButton, RecordsLink};
use crate::format;
use crate::i18n::t;
use crate::labels;

/// What the page reads.
pub const NEEDS: &[Dataset] = &[Dataset::Clientes, Dataset::Reclamaciones];

const GROUPS: &str = "chart-complaint-groups";
const GROUP_TABLE: &str = "table-complaint-groups";
const TREND: &str = "chart-complaint-on-time";
const BACKLOG: &str = "chart-complaint-backlog";
const DEADLINES: &str = "table-deadlines";
/// Business days left at which an open entry "vence pronto".
pub const SOON: i64 = 3;
const PAGE: usize = 25;

/// The page.
#[component]
pub fn Reclamaciones() -> impl IntoView {
    let by = RwSignal::new(ComplaintBy::Tipo);
    // The deadline list, computed once for the tile and the table (the table is no cross-filter
    // origin, so both read the page's selection).
    let deadlines = Memo::new(move |_| {
        with_selection(DEADLINES, |e, sel| e.deadlines(sel)).unwrap_or_default()
    });
    view! {
        <DataGate needs=NEEDS>
            <p class="note">{t(
                "Plazo legal: 15 días hábiles desde la presentación (Código de Protección y Defensa del Consumidor). El libro no registra canal de contacto, equipo, agente ni categoría: esos filtros no lo afectan.",
                "Legal term: 15 business days from filing (Consumer Protection Code). The book records no contact channel, team, agent or category: those filters do not apply to it.",
            )}</p>
            <Tiles deadlines=deadlines />
            <Deadlines list=deadlines />
            <section class="card controls" aria-label=t("Opciones de la página", "Page options")>
                <div class="segs" role="group" aria-label=t("Agrupar por", "Group by")>
                    {[(ComplaintBy::Tipo, t("Tipo", "Type"), "tipo"), (ComplaintBy::Item, t("Producto o servicio", "Product or service"), "item"), (ComplaintBy::Channel, t("Canal", "Channel"), "channel"), (ComplaintBy::Branch, t("Sede", "Branch"), "branch")]
                        .into_iter().map(|(b, label, key)| view! {
                            <button type="button" aria-pressed=move || (by.get() == b).to_string() data-testid=format!("by-{key}")
                                on:click=move |_| by.set(b)>{label}</button>
                        }).collect_view()}
                </div>
            </section>
            <div class="grid2">
                <Groups by=by />
                <Trend />
            </div>
            <div class="grid2">
                <GroupTable by=by />
                <Backlog />
            </div>
        </DataGate>
    }
}

#[component]
fn Tiles(deadlines: Memo<Vec<Deadline>>) -> impl IntoView {
    let k = Memo::new(move |_| {
        let soon = deadlines.with(|l| l.iter().filter(|d| (0..=SOON).contains(&d.left)).count());
        with_selection("tiles", |e, sel| {
            (e.complaints(sel), e.complaint_amounts(sel), soon)
        })
    });
    view! {
        <section class="kpis" data-testid="kpis" aria-label=t("Indicadores del libro", "Complaint-book indicators")>
            {move || k.get().map(|(k, (n_amount, sum, median), soon)| {
                let open: u64 = k.backlog.iter().map(|b| b.open).sum();
                view! {
                    <KpiTile label=t("Entradas", "Entries") value=format::int(k.entries) raw=k.entries.to_string()
                        detail=format!("{} {} · {} {}", format::int(k.reclamos), t("reclamos", "claims"), format::int(k.quejas), t("quejas", "complaints")) testid="kpi-entries" />
                    <KpiTile label=t("Respondidas a tiempo", "Answered on time") value=k.on_time.map_or("—".into(), format::pct)
                        raw=k.on_time.map(|v| v.to_string()).unwrap_or_default()
                        detail=t("en 15 días hábiles ÷ juzgadas", "within 15 business days ÷ judged").to_string() testid="kpi-on-time" />
                    <KpiTile label=t("Abiertas", "Open") value=format::int(open) raw=open.to_string()
                        detail=format!("{} {}", format::int(k.open_overdue), t("vencidas", "overdue")) testid="kpi-open" />
                    <KpiTile label=t("Vencen pronto", "Due soon") value=format::int(soon as u64) raw=soon.to_string()
                        detail=t("abiertas con 0 a 3 días hábiles", "open with 0 to 3 business days left").to_string() testid="kpi-due-soon" />
                    <KpiTile label=t("Monto reclamado", "Amount claimed") value=format::soles(sum) raw=(sum as f64 / 100.0).to_string()
                        detail=format!("{} {} · {} {}", format::int(n_amount), t("con monto", "with an amount"), t("mediana", "median"), median.map_or("—".into(), format::soles)) testid="kpi-amount" />
                }
            })}
        </section>
    }
}

fn group_label(by: ComplaintBy, key: &str) -> String {
    match by {
        ComplaintBy::Tipo => labels::tipo_key(key),
        ComplaintBy::Channel => labels::channel(key),
        _ => key.to_string(),
    }
}

#[component]
fn Groups(by: RwSignal<ComplaintBy>) -> impl IntoView {
    let plot = Memo::new(move |_| {
        let by = by.get();
        with_selection(GROUPS, |e, sel| {
            let g = e.complaint_groups(sel, by);
            chart::bars(Plan {
                keys: g.iter().map(|x| x.key.clone()).collect(),
                labels: g.iter().map(|x| group_label(by, &x.key)).collect(),
                series: vec![
                    Series::new(
                        t("Entradas", "Entries"),
                        g.iter().map(|x| Some(x.entries as f64)).collect(),
                    ),
                    Series::new(
                        t("A tiempo (%)", "On time (%)"),
                        g.iter().map(|x| x.on_time).collect(),
                    ),
                ],
                axis: t("entradas", "entries"),
                horizontal: matches!(by, ComplaintBy::Item | ComplaintBy::Branch),
                line_axis: Some((t("a tiempo (%)", "on time (%)"), vec![1])),
                ..Plan::default()
            })
        })
        .flatten()
    });
    view! {
        <ChartCard id=GROUPS title=t("Entradas y respuestas a tiempo", "Entries and answers on time")
            note=t("Las entradas virtuales no tienen sede.", "Entries filed online have no branch.")
            option=Signal::derive(move || plot.get()) records=Dataset::Reclamaciones />
    }
}

#[component]
fn GroupTable(by: RwSignal<ComplaintBy>) -> impl IntoView {
    let groups = Memo::new(move |_| {
        let by = by.get();
        with_selection(GROUP_TABLE, |e, sel| e.complaint_groups(sel, by)).unwrap_or_default()
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{t("Montos reclamados por grupo", "Amounts claimed by group")}</h2>
                <div class="card-tools"><CsvButton table=GROUP_TABLE /></div>
            </div>
            <div class="table-wrap" tabindex="0">
                <table class="dist" id=GROUP_TABLE data-testid=GROUP_TABLE>
                    <thead><tr>
                        <th scope="col">{t("Grupo", "Group")}</th>
                        <th scope="col" class="num">{t("Entradas", "Entries")}</th>
                        <th scope="col" class="num">{t("Abiertas", "Open")}</th>
                        <th scope="col" class="num">{t("A tiempo", "On time")}</th>
                        <th scope="col" class="num">{t("Con monto", "With amount")}</th>
                        <th scope="col" class="num">{t("Monto (S/)", "Amount (S/)")}</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let b = by.get();
                            groups.get().into_iter().map(|g| view! {
                                <tr data-key=g.key.clone() data-entries=g.entries.to_string()
                                    data-on-time=g.on_time.map(|v| v.to_string()).unwrap_or_default()
                                    data-amount=(g.amount_cents as f64 / 100.0).to_string()>
                                    <th scope="row">{group_label(b, &g.key)}</th>
                                    <td class="num">{format::int(g.entries)}</td>
                                    <td class="num">{format::int(g.open)}</td>
                                    <td class="num">{g.on_time.map_or("—".into(), format::pct)}</td>
                                    <td class="num">{format::int(g.with_amount)}</td>
                                    <td class="num">{format::soles(g.amount_cents)}</td>
                                </tr>
                            }).collect_view()
                        }}
                        {move || groups.with(Vec::is_empty).then(|| no_rows(6))}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Trend() -> impl IntoView {
    let (option, on_click) = period_chart(TREND, |e, sel, step, highlight| {
        let s = e.complaint_series(sel, step);
        let (keys, labels) = periods(&s);
        Plot {
            option: chart::bars(Plan {
                keys: keys.clone(),
                labels,
                series: vec![
                    Series::new(
                        t("Entradas", "Entries"),
                        s.iter().map(|p| Some(p.value.entries as f64)).collect(),
                    ),
                    Series::new(
                        t("A tiempo (%)", "On time (%)"),
                        s.iter().map(|p| p.value.on_time).collect(),
                    ),
                ],
                axis: t("entradas", "entries"),
                highlight,
                line_axis: Some((t("a tiempo (%)", "on time (%)"), vec![1])),
                ..Plan::default()
            }),
            keys,
        }
    });
    view! {
        <ChartCard id=TREND title=t("Respuestas dentro del plazo legal", "Answers within the legal term")
            note=t("Por fecha de presentación: las entradas de la semana de la caída del servicio (18–24/08/2025) se respondieron tarde. Clic en un período para filtrarlo.", "By filing date: entries of the outage week (Aug 18–24, 2025) were answered late. Click a period to filter it.")
            option=option on_click=on_click records=Dataset::Reclamaciones />
    }
}

#[component]
fn Backlog() -> impl IntoView {
    let plot = Memo::new(move |_| {
        with_selection(BACKLOG, |e, sel| {
            let b: Vec<(&str, u64)> = e
                .complaints(sel)
                .backlog
                .iter()
                .map(|x| (x.age_days, x.open))
                .collect();
            chart::bands(
                &b,
                t("días", "days"),
                t("Abiertas", "Open"),
                t("entradas", "entries"),
            )
        })
        .flatten()
    });
    view! {
        <ChartCard id=BACKLOG title=t("Abiertas por antigüedad", "Open entries by age")
            note=t("Días de calendario desde la presentación, al cierre del período.", "Calendar days since filing, at the end of the period.")
            option=Signal::derive(move || plot.get()) records=Dataset::Reclamaciones />
    }
}

/// Which entries of the deadline list are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Show {
    All,
    Late,
    Soon,
}

fn status(d: &Deadline) -> &'static str {
    if d.left < 0 {
        t("Vencido", "Overdue")
    } else if d.left <= SOON {
        t("Vence pronto", "Due soon")
    } else {
        t("En plazo", "On track")
    }
}

fn header() -> Vec<String> {
    [
        t("Código", "Code"),
        t("Tipo", "Type"),
        t("Presentado", "Filed"),
        t("Vence", "Due"),
        t("Días hábiles restantes", "Business days left"),
        t("Estado", "Status"),
        t("Producto o servicio", "Product or service"),
        t("Sede", "Branch"),
        t("Monto", "Amount"),
    ]
    .map(String::from)
    .to_vec()
}

fn row(d: &Deadline) -> Vec<String> {
    vec![
        d.code.clone(),
        labels::tipo(d.queja).to_string(),
        format::day_n(d.filed_day),
        format::day_n(d.due_day),
        d.left.to_string(),
        status(d).to_string(),
        d.item.clone(),
        d.branch
            .clone()
            .unwrap_or_else(|| t("Virtual", "Online").to_string()),
        d.amount_cents.map_or(String::new(), format::soles),
    ]
}

/// A row for the CSV: dates as `YYYY-MM-DD` and amounts as numbers, for a spreadsheet.
fn csv_row(d: &Deadline) -> Vec<String> {
    let mut r = row(d);
    r[2] = cx_engine::calendar::day_label(d.filed_day);
    r[3] = cx_engine::calendar::day_label(d.due_day);
    r[8] = d
        .amount_cents
        .map_or(String::new(), |c| format!("{:.2}", c as f64 / 100.0));
    r
}

#[component]
fn Deadlines(list: Memo<Vec<Deadline>>) -> impl IntoView {
    let show = RwSignal::new(Show::All);
    let page = RwSignal::new(0usize);
    let shown = Memo::new(move |_| {
        let s = show.get();
        list.with(|l| {
            l.iter()
                .filter(|d| match s {
                    Show::All => true,
                    Show::Late => d.left < 0,
                    Show::Soon => (0..=SOON).contains(&d.left),
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    Effect::new(move |_| {
        shown.track();
        page.set(0);
    });
    let pages = move || shown.with(|r| r.len().div_ceil(PAGE).max(1));
    let all_rows = Callback::new(move |()| {
        let mut rows = vec![header()];
        shown.with_untracked(|l| rows.extend(l.iter().map(csv_row)));
        rows
    });
    let counts = move || {
        list.with(|l| {
            (
                l.len(),
                l.iter().filter(|d| d.left < 0).count(),
                l.iter().filter(|d| (0..=SOON).contains(&d.left)).count(),
            )
        })
    };
    view! {
        <section class="card" aria-labelledby="deadlines-title">
            <div class="card-head">
                <h2 id="deadlines-title">{t("Vence pronto / vencidos", "Due soon / overdue")}</h2>
                <div class="card-tools">
                    <CsvButton table=DEADLINES rows=all_rows />
                    <RecordsLink dataset=Dataset::Reclamaciones id="deadlines-records" />
                </div>
            </div>
            <p class="note">{t("Entradas abiertas por fecha límite, con los días hábiles que quedan al cierre del período (negativos si ya venció; feriados nacionales del Perú excluidos).", "Open entries by due date, with the business days left at the end of the period (negative once overdue; Peru's national holidays excluded).")}</p>
            <div class="segs" role="group" aria-label=t("Mostrar", "Show")>
                {move || {
                    let (all, late, soon) = counts();
                    [(Show::All, format!("{} ({all})", t("Todas", "All")), "all"), (Show::Late, format!("{} ({late})", t("Vencidas", "Overdue")), "late"), (Show::Soon, format!("{} ({soon})", t("Vencen pronto", "Due soon")), "soon")]
                        .into_iter().map(|(s, label, key)| view! {
                            <button type="button" aria-pressed=move || (show.get() == s).to_string() data-testid=format!("deadlines-{key}")
                                on:click=move |_| show.set(s)>{label}</button>
                        }).collect_view()
                }}
            </div>
            <div class="table-wrap" tabindex="0">
                <table class="dist" id=DEADLINES data-testid=DEADLINES>
                    <thead><tr>
                        {header().into_iter().enumerate().map(|(k, h)| view! { <th scope="col" class:num={k == 4 || k == 8}>{h}</th> }).collect_view()}
                        <th scope="col"><span class="sr-only">{t("Registro", "Record")}</span></th>
                    </tr></thead>
                    <tbody>
                        {move || shown.with(|l| l.iter().skip(page.get() * PAGE).take(PAGE).map(|d| {
                            let late = d.left < 0;
                            let soon = (0..=SOON).contains(&d.left);
                            view! {
                                <tr data-code=d.code.clone() data-left=d.left.to_string() data-due=cx_engine::calendar::day_label(d.due_day)
                                    class:late=late class:soon=soon>
                                    {row(d).into_iter().enumerate().map(|(k, c)| view! { <td class:num={k == 4 || k == 8}>{c}</td> }).collect_view()}
                                    <td><RecordsLink dataset=Dataset::Reclamaciones search=d.code.clone() id="deadline-record" /></td>
                                </tr>
                            }
                        }).collect_view())}
                        {move || shown.with(Vec::is_empty).then(|| no_rows(10))}
                    </tbody>
                </table>
            </div>
            <div class="pager" data-testid="deadlines-pager">
                <button type="button" on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled={move || page.get() == 0}>{t("‹ Anterior", "‹ Previous")}</button>
                <span>{move || format!("{} {} {} {}", t("Página", "Page"), page.get() + 1, t("de", "of"), pages())}</span>
                <button type="button" on:click=move |_| page.update(|p| *p = (*p + 1).min(pages() - 1)) disabled={move || page.get() + 1 >= pages()}>{t("Siguiente ›", "Next ›")}</button>
            </div>
        </section>
    }
}
