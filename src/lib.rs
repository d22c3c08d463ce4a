//! The customer-satisfaction dashboard: a Leptos client-side app.
//!
//! [`api`] loads `manifest.json` and the Parquet files and hands them to the engine; [`App`]
//! shows the headline KPIs, the monthly volume chart (drawn through [`chart`]) and, per dataset,
//! what could not be loaded.

pub mod api;
pub mod bench;
pub mod chart;
pub mod components;
pub mod format;

use leptos::prelude::*;

use crate::api::{data_base_url, load_overview, Overview};
use crate::components::{ErrorPanel, KpiTile, SentimentView, VolumeChart};

/// The page shown, from the URL's hash: `#/sentimiento` or the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Overview,
    Sentiment,
}

fn current_page() -> Page {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    if hash.trim_start_matches('#').trim_start_matches('/') == "sentimiento" {
        Page::Sentiment
    } else {
        Page::Overview
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let base = data_base_url();
    let page = RwSignal::new(current_page());
    let _ = window_event_listener(leptos::ev::hashchange, move |_| page.set(current_page()));
    let overview_base = base.clone();
    let overview = LocalResource::new(move || load_overview(overview_base.clone()));
    let retry = Callback::new(move |()| overview.refetch());
    let tab = move |p: Page, href: &'static str, label: &'static str, testid: &'static str| {
        view! {
            <a href=href class:active=move || page.get() == p data-testid=testid>{label}</a>
        }
    };
    view! {
        <header class="top">
            <h1>"Satisfacción del cliente"</h1>
            <p class="subtitle">"CSAT, NPS, contact volume and customer sentiment, computed in your browser from Parquet files"</p>
            <nav class="tabs">
                {tab(Page::Overview, "#/", "Resumen", "nav-overview")}
                {tab(Page::Sentiment, "#/sentimiento", "Sentimiento", "nav-sentiment")}
            </nav>
        </header>
        <main>
            {move || (page.get() == Page::Sentiment).then(|| view! { <SentimentView base=base.clone() /> })}
            {move || (page.get() == Page::Overview).then(|| match overview.get() {
                None => view! {
                    <div class="loading" data-testid="loading" aria-busy="true">
                        <div class="spinner"></div>
                        "Loading data…"
                    </div>
                }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel errors=vec![e] on_retry=retry /> }.into_any(),
                Some(Ok(o)) => view! { <OverviewView overview=o on_retry=retry /> }.into_any(),
            })}
        </main>
    }
}

/// The overview: KPI tiles, chart, and the errors of datasets that failed.
#[component]
fn OverviewView(
    /// What was loaded.
    overview: std::rc::Rc<Overview>,
    /// Retry after errors.
    on_retry: Callback<()>,
) -> impl IntoView {
    let k = &overview.report;
    let csat_tile = tile(
        k.surveys.csat,
        format::pct,
        format!("n = {}", format::int(k.surveys.csat_n)),
        "no survey answers",
    );
    let nps_tile = tile(
        k.surveys.nps.map(|n| n.score),
        format::signed,
        k.surveys.nps.map_or(String::new(), |n| {
            format!("± {:.1} (95 %), n = {}", n.margin95, format::int(n.n()))
        }),
        "no survey answers",
    );
    let c = &k.calls;
    let answered = format!("{} answered calls", format::int(c.answered));
    let offered = format!("{} calls offered", format::int(c.offered));
    let ops = [
        (
            "FCR",
            "kpi-fcr",
            tile(c.fcr, format::pct, answered.clone(), "no answered calls"),
        ),
        (
            "AHT",
            "kpi-aht",
            tile(
                c.aht_s,
                format::duration,
                answered.clone(),
                "no answered calls",
            ),
        ),
        (
            "ASA",
            "kpi-asa",
            tile(c.asa_s, format::duration, answered, "no answered calls"),
        ),
        (
            "Abandonment",
            "kpi-abandonment",
            tile(c.abandonment, format::pct, offered.clone(), "no calls"),
        ),
        (
            "Service level 20 s",
            "kpi-service-level",
            tile(c.service_level, format::pct, offered, "no calls"),
        ),
        (
            "WhatsApp first response",
            "kpi-whatsapp-frt",
            tile(
                k.chats.first_response_s.map(|s| s.median),
                format::duration,
                k.chats.first_response_s.map_or(String::new(), |s| {
                    format!("median; p90 {}", format::duration(s.p90))
                }),
                "no conversations",
            ),
        ),
        (
            "Ticket SLA",
            "kpi-ticket-sla",
            tile(
                k.tickets.sla_compliance,
                format::pct,
                format!("{} tickets", format::int(k.tickets.tickets)),
                "no tickets",
            ),
        ),
    ];
    let errors = overview.errors.clone();
    let interactions_detail = contact_sources(&overview.loaded);
    view! {
        <p class="period" data-testid="period">
            "Period " {overview.period.0.clone()} " – " {overview.period.1.clone()}
            " · data from " <code>{overview.base_url.clone()}</code>
        </p>
        {(!errors.is_empty()).then(|| view! { <ErrorPanel errors=errors on_retry=on_retry /> })}
        <section class="kpis" data-testid="kpis">
            <KpiTile
                label="Interactions"
                value=format::int(k.interactions)
                raw=k.interactions.to_string()
                detail=interactions_detail
                testid="kpi-interactions"
            />
            <KpiTile label="CSAT" value=csat_tile.0 raw=csat_tile.1 detail=csat_tile.2 testid="kpi-csat" />
            <KpiTile label="NPS" value=nps_tile.0 raw=nps_tile.1 detail=nps_tile.2 testid="kpi-nps" />
        </section>
        <section class="kpis kpis-small" data-testid="kpis-operations">
            {ops
                .into_iter()
                .map(|(label, testid, (value, raw, detail))| {
                    view! { <KpiTile label=label value=value raw=raw detail=detail testid=testid /> }
                })
                .collect_view()}
        </section>
        {(!k.volume.is_empty()).then(|| view! { <VolumeChart volume=k.volume.clone() /> })}
        {bench::requested().map(|n| {
            let result = bench::run(&overview.lake, &overview.index, &overview.options, n);
            let text = result
                .and_then(|r| serde_json::to_string(&r).ok())
                .unwrap_or_else(|| "benchmark unavailable".to_string());
            view! { <pre class="bench" data-testid="bench">{text}</pre> }
        })}
    }
}

/// A tile's shown value, raw value and detail; "—" and `empty` when the KPI has no data.
fn tile(
    value: Option<f64>,
    show: fn(f64) -> String,
    detail: String,
    empty: &str,
) -> (String, String, String) {
    match value {
        Some(v) => (show(v), v.to_string(), detail),
        None => ("—".to_string(), String::new(), empty.to_string()),
    }
}

/// Which contact datasets the interaction count covers, naming the ones that did not load.
fn contact_sources(loaded: &[String]) -> String {
    let parts = [
        ("llamadas_call_center", "calls"),
        ("mensajes_whatsapp", "WhatsApp"),
        ("tickets_soporte", "tickets"),
    ];
    let (ok, missing): (Vec<_>, Vec<_>) = parts
        .iter()
        .partition(|(name, _)| loaded.iter().any(|l| l == name));
    let ok: Vec<&str> = ok.iter().map(|(_, label)| *label).collect();
    let missing: Vec<&str> = missing.iter().map(|(_, label)| *label).collect();
    match (ok.is_empty(), missing.is_empty()) {
        (_, true) => ok.join(" + "),
        (true, false) => "no contact data loaded".to_string(),
        (false, false) => format!("{} (without {})", ok.join(" + "), missing.join(", ")),
    }
}
