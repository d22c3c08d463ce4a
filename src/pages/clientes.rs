//! *Clientes*: who the customers are (segment, department, tenure), their contacts and how they
//! rate us per segment and department, and the customers who contact us again and again.

use cx_engine::kpis::customers::{CustomerBy, Repeater};
use cx_engine::Dataset;
use leptos::prelude::*;

use super::common::{no_rows, with_selection, Plot, CONTACT_NEEDS};
use crate::chart::{self, Plan, Series};
use crate::components::{ChartCard, DataGate, KpiTile};
use crate::export::{CsvButton, RecordsLink};
use crate::format;
use crate::i18n::t;
use crate::state::{use_dashboard, CrossKind};

/// What the page reads.
pub const NEEDS: &[Dataset] = CONTACT_NEEDS;

const SEGMENTS: &str = "chart-customer-segments";
const REGIONS: &str = "chart-customer-regions";
const TENURE: &str = "chart-customer-tenure";
const REPEAT: &str = "chart-customer-repeat";
const SEGMENT_TABLE: &str = "table-customer-segments";
const REGION_TABLE: &str = "table-customer-regions";
const REPEATERS: &str = "table-repeaters";
/// Contacts within a week from which a customer is a repeat contacter.
pub const REPEAT_MIN: u32 = 3;
/// Customers per number of contacts, how many repeat contacters there are, and all of them.
type RepeatData = (Vec<(&'static str, u64)>, usize, Vec<Repeater>);

/// Repeat contacters listed (all go to the CSV).
const REPEAT_ROWS: usize = 50;

/// The page.
#[component]
pub fn Clientes() -> impl IntoView {
    // Contacts per customer, computed once for the tile, the histogram and the list (none of them
    // is a cross-filter origin, so all read the page's selection).
    let repeat = Memo::new(move |_| {
        with_selection(REPEATERS, |e, sel| {
            e.repeat_contacters(sel, REPEAT_MIN, usize::MAX)
        })
    });
    view! {
        <DataGate needs=NEEDS>
            <Tiles repeat=repeat />
            <div class="grid2">
                <Groups id=SEGMENTS by=CustomerBy::Segment />
                <Groups id=REGIONS by=CustomerBy::Region />
            </div>
            <GroupTable id=SEGMENT_TABLE by=CustomerBy::Segment />
            <GroupTable id=REGION_TABLE by=CustomerBy::Region />
            <div class="grid2">
                <Tenure />
                <Repeat repeat=repeat />
            </div>
            <Repeaters repeat=repeat />
        </DataGate>
    }
}

#[component]
fn Tiles(repeat: Memo<Option<RepeatData>>) -> impl IntoView {
    let k = Memo::new(move |_| {
        let repeaters = repeat.with(|r| r.as_ref().map_or(0, |r| r.1));
        with_selection("tiles", |e, sel| {
            let contacts: u64 = e
                .customer_groups(sel, CustomerBy::Segment)
                .iter()
                .map(|g| g.contacts)
                .sum();
            (sel.customers.len() as u64, contacts, repeaters as u64)
        })
    });
    view! {
        <section class="kpis" data-testid="kpis" aria-label=t("Indicadores de clientes", "Customer indicators")>
            {move || k.get().map(|(customers, contacts, repeaters)| {
                let per = (customers > 0).then(|| contacts as f64 / customers as f64);
                view! {
                    <KpiTile label=t("Clientes", "Customers") value=format::int(customers) raw=customers.to_string()
                        detail=t("de las regiones y segmentos elegidos", "of the chosen regions and segments").to_string() testid="kpi-customers" />
                    <KpiTile label=t("Contactos", "Contacts") value=format::int(contacts) raw=contacts.to_string()
                        detail=t("llamadas, conversaciones y tickets", "calls, conversations and tickets").to_string() testid="kpi-contacts" />
                    <KpiTile label=t("Contactos por cliente", "Contacts per customer") value=per.map_or("—".into(), |p| format::num(p, 2))
                        raw=per.map(|v| v.to_string()).unwrap_or_default() detail=String::new() testid="kpi-per-customer" />
                    <KpiTile label=t("Clientes recurrentes", "Repeat contacters") value=format::int(repeaters) raw=repeaters.to_string()
                        detail=format!("{} {REPEAT_MIN} {}", t("con", "with"), t("contactos o más en 7 días", "contacts or more within 7 days")) testid="kpi-repeaters" />
                }
            })}
        </section>
    }
}

#[component]
fn Groups(id: &'static str, by: CustomerBy) -> impl IntoView {
    let dash = use_dashboard();
    let kind = match by {
        CustomerBy::Segment => CrossKind::Segmento,
        CustomerBy::Region => CrossKind::Region,
    };
    let plot = Memo::new(move |_| {
        let highlight = dash.highlight(id);
        with_selection(id, |e, sel| {
            let g = e.customer_groups(sel, by);
            Plot {
                option: chart::bars(Plan {
                    keys: g.iter().map(|x| x.key.clone()).collect(),
                    labels: g.iter().map(|x| x.key.clone()).collect(),
                    series: vec![
                        Series::new(
                            t("Clientes", "Customers"),
                            g.iter().map(|x| Some(x.customers as f64)).collect(),
                        ),
                        Series::new(
                            t("Contactos", "Contacts"),
                            g.iter().map(|x| Some(x.contacts as f64)).collect(),
                        ),
                        Series::new("CSAT (%)", g.iter().map(|x| x.csat).collect()),
                    ],
                    axis: t("clientes y contactos", "customers and contacts"),
                    horizontal: by == CustomerBy::Region,
                    highlight: highlight.as_deref(),
                    line_axis: Some(("CSAT (%)", vec![2])),
                    ..Plan::default()
                }),
                keys: g.into_iter().map(|x| x.key).collect(),
            }
        })
        .unwrap_or_default()
    });
    let on_click = Callback::new(move |c: crate::echarts::Click| {
        if let Some(key) = plot.with_untracked(|p| p.key_at(&c)) {
            dash.cross(kind, key, id);
        }
    });
    let title = match by {
        CustomerBy::Segment => t("Por segmento", "By segment"),
        CustomerBy::Region => t("Por departamento", "By department"),
    };
    view! {
        <ChartCard id=id title=title
            note=t("Clientes, sus contactos en el período y su CSAT. Clic para filtrar.", "Customers, their contacts in the period and their CSAT. Click to filter.")
            option=Signal::derive(move || plot.with(|p| p.option.clone())) on_click=on_click records=Dataset::Clientes />
    }
}

#[component]
fn GroupTable(id: &'static str, by: CustomerBy) -> impl IntoView {
    let dash = use_dashboard();
    let kind = match by {
        CustomerBy::Segment => CrossKind::Segmento,
        CustomerBy::Region => CrossKind::Region,
    };
    let rows = Memo::new(move |_| {
        with_selection(id, |e, sel| e.customer_groups(sel, by)).unwrap_or_default()
    });
    let selected = move || dash.highlight(id);
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{match by { CustomerBy::Segment => t("Segmentos", "Segments"), CustomerBy::Region => t("Departamentos", "Departments") }}</h2>
                <div class="card-tools"><CsvButton table=id /></div>
            </div>
            <div class="table-wrap" tabindex="0">
                <table class="dist" id=id data-testid=id>
                    <thead><tr>
                        <th scope="col">{match by { CustomerBy::Segment => t("Segmento", "Segment"), CustomerBy::Region => t("Departamento", "Department") }}</th>
                        <th scope="col" class="num">{t("Clientes", "Customers")}</th>
                        <th scope="col" class="num">{t("Contactos", "Contacts")}</th>
                        <th scope="col" class="num">{t("Por cliente", "Per customer")}</th>
                        <th scope="col" class="num">"CSAT"</th>
                        <th scope="col" class="num">"NPS"</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let sel = selected();
                            rows.get().into_iter().map(|g| {
                                let (k1, k2) = (g.key.clone(), g.key.clone());
                                view! {
                                    <tr data-key=g.key.clone() data-customers=g.customers.to_string() data-contacts=g.contacts.to_string()
                                        data-csat=g.csat.map(|v| v.to_string()).unwrap_or_default()
                                        data-nps=g.nps.map(|v| v.score.to_string()).unwrap_or_default()
                                        class:selected=sel.as_deref() == Some(g.key.as_str())
                                        tabindex="0" role="button"
                                        on:click=move |_| dash.cross(kind, k1.clone(), id)
                                        on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); dash.cross(kind, k2.clone(), id) }>
                                        <th scope="row">{g.key.clone()}</th>
                                        <td class="num">{format::int(g.customers)}</td>
                                        <td class="num">{format::int(g.contacts)}</td>
                                        <td class="num">{g.per_customer.map_or("—".into(), |p| format::num(p, 2))}</td>
                                        <td class="num">{g.csat.map_or("—".into(), format::pct)} <small>{format!(" n={}", g.csat_n)}</small></td>
                                        <td class="num">{g.nps.map_or("—".into(), |n| format::signed(n.score))}</td>
                                    </tr>
                                }
                            }).collect_view()
                        }}
                        {move || rows.with(Vec::is_empty).then(|| no_rows(6))}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Tenure() -> impl IntoView {
    let plot = Memo::new(move |_| {
        with_selection(TENURE, |e, sel| {
            chart::bands(
                &e.tenure(sel),
                t("años", "years"),
                t("Clientes", "Customers"),
                t("clientes", "customers"),
            )
        })
        .flatten()
    });
    view! {
        <ChartCard id=TENURE title=t("Antigüedad", "Tenure")
            note=t("Años completos desde el alta, al cierre del período.", "Whole years since joining, at the end of the period.")
            option=Signal::derive(move || plot.get()) records=Dataset::Clientes />
    }
}

#[component]
fn Repeat(repeat: Memo<Option<RepeatData>>) -> impl IntoView {
    let plot = Memo::new(move |_| {
        repeat.with(|r| {
            r.as_ref().and_then(|(bands, _, _)| {
                chart::bands(
                    bands,
                    "",
                    t("Clientes", "Customers"),
                    t("clientes", "customers"),
                )
            })
        })
    });
    view! {
        <ChartCard id=REPEAT title=t("Clientes por número de contactos", "Customers by number of contacts")
            note=t("Contactos (llamadas, conversaciones, tickets) de cada cliente en el período.", "Contacts (calls, conversations, tickets) of each customer in the period.")
            option=Signal::derive(move || plot.get()) />
    }
}

fn header() -> Vec<String> {
    [
        t("Cliente", "Customer"),
        t("Máx. en 7 días", "Most in 7 days"),
        t("Contactos", "Contacts"),
        t("Llamadas", "Calls"),
        "WhatsApp",
        "Tickets",
        t("Segmento", "Segment"),
        t("Departamento", "Department"),
    ]
    .map(String::from)
    .to_vec()
}

fn row(r: &Repeater) -> Vec<String> {
    vec![
        r.customer.to_string(),
        r.burst.to_string(),
        r.contacts.to_string(),
        r.calls.to_string(),
        r.chats.to_string(),
        r.tickets.to_string(),
        r.segment.clone(),
        r.region.clone(),
    ]
}

#[component]
fn Repeaters(repeat: Memo<Option<RepeatData>>) -> impl IntoView {
    let data = Memo::new(move |_| {
        repeat.with(|r| {
            r.as_ref()
                .map(|(_, total, rows)| (*total, rows.clone()))
                .unwrap_or_default()
        })
    });
    let all_rows = Callback::new(move |()| {
        let mut rows = vec![header()];
        data.with_untracked(|(_, r)| rows.extend(r.iter().map(row)));
        rows
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{t("Clientes recurrentes", "Repeat contacters")}</h2>
                <div class="card-tools"><CsvButton table=REPEATERS rows=all_rows /><RecordsLink dataset=Dataset::Clientes id="repeaters-records" /></div>
            </div>
            <p class="note" data-testid="repeaters-count">{move || {
                let n = data.with(|d| d.0);
                format!("{} {} {REPEAT_MIN} {}{}",
                    format::int(n as u64), t("clientes con", "customers with"),
                    t("contactos o más en 7 días consecutivos", "contacts or more within 7 consecutive days"),
                    if n > REPEAT_ROWS { t("; los 50 primeros:", "; the first 50:") } else { "." })
            }}</p>
            <div class="table-wrap tall" tabindex="0">
                <table class="dist" id=REPEATERS data-testid=REPEATERS>
                    <thead><tr>{header().into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {move || data.with(|(_, rows)| rows.iter().take(REPEAT_ROWS).map(|r| view! {
                            <tr data-customer=r.customer.to_string() data-contacts=r.contacts.to_string()>
                                {row(r).into_iter().enumerate().map(|(k, c)| view! { <td class:num={k <= 5}>{c}</td> }).collect_view()}
                            </tr>
                        }).collect_view())}
                        {move || data.with(|d| d.1.is_empty()).then(|| no_rows(8))}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
