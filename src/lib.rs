//! The customer-satisfaction dashboard: a Leptos client-side app.
//!
//! - [`store`] reads the manifest once and loads each dataset when a page first needs it
//!   (through [`api`]), keeping the engine, the texts and their scores for the whole visit.
//! - [`state`] holds the view — page, filter, cross-filter, comparison, time step — in step with
//!   the URL ([`url`]), and the selections the engine derives from it.
//! - [`pages`] are the dashboard's pages, one file each; [`components`] their shared parts;
//!   [`chart`] lays engine results out as ECharts options, drawn through [`echarts`].
//! - Every word shown lives in [`labels`] and [`format`] (es-PE).

pub mod api;
pub mod bench;
pub mod chart;
pub mod components;
pub mod echarts;
pub mod format;
pub mod labels;
pub mod pages;
pub mod state;
pub mod store;
pub mod url;

use leptos::prelude::*;

use crate::api::data_base_url;
use crate::components::{Chips, FilterBar, Notices};
use crate::pages::Page;
use crate::state::{current_query, use_dashboard, Dashboard};
use crate::store::Store;

/// The whole app: header and navigation, the filter bar and its chips, and the page.
#[component]
pub fn App() -> impl IntoView {
    let store = Store::provide(data_base_url());
    let dash = Dashboard::provide(store);
    let page = Memo::new(move |_| dash.view.with(|v| v.page));
    view! {
        <header class="top">
            <h1>"Satisfacción del cliente"</h1>
            <p class="subtitle">"CSAT, NPS, volumen de contactos y sentimiento de los clientes, calculados en tu navegador a partir de archivos Parquet"</p>
            <Nav />
        </header>
        <main>
            <Notices />
            <FilterBar />
            <Chips />
            <Period />
            {move || match page.get() {
                Page::Resumen => view! { <pages::resumen::Resumen /> }.into_any(),
                Page::Canales => view! { <pages::canales::Canales /> }.into_any(),
                Page::Nps => view! { <pages::nps::Nps /> }.into_any(),
                Page::Agentes => view! { <pages::agentes::Agentes /> }.into_any(),
                Page::Sentimiento => view! { <pages::sentimiento::Sentimiento /> }.into_any(),
                other => view! { <p class="empty">{format!("{}: disponible próximamente.", other.title())}</p> }.into_any(),
            }}
            {bench::requested().map(|n| view! { <bench::BenchPanel iterations=n /> })}
        </main>
    }
}

/// The page tabs; pages still to come keep their place, disabled.
#[component]
fn Nav() -> impl IntoView {
    let dash = use_dashboard();
    view! {
        <nav class="tabs" aria-label="Páginas">
            {Page::ALL.into_iter().map(|p| {
                if !p.available() {
                    return view! {
                        <span class="tab soon" aria-disabled="true" title="Próximamente" data-testid=format!("nav-{}", p.key())>{p.title()}</span>
                    }.into_any();
                }
                let href = move || {
                    let mut v = dash.view.get();
                    v.page = p;
                    let q = url::to_query(&v, &url::foreign(&current_query()));
                    if q.is_empty() { "?".to_string() } else { q }
                };
                view! {
                    <a href=href class="tab" class:active=move || dash.view.with(|v| v.page == p)
                        aria-current=move || if dash.view.with(|v| v.page == p) { "page" } else { "false" }
                        data-testid=format!("nav-{}", p.key())
                        on:click=move |ev| {
                            if ev.ctrl_key() || ev.meta_key() || ev.shift_key() { return; }
                            ev.prevent_default();
                            dash.update(|v| { v.page = p; });
                        }>{p.title()}</a>
                }.into_any()
            }).collect_view()}
        </nav>
    }
}

/// The data's period and origin, and the comparison period when there is one.
#[component]
fn Period() -> impl IntoView {
    let store = crate::store::use_store();
    let dash = use_dashboard();
    view! {
        {move || store.manifest.get().and_then(|m| m.ok()).map(|m| {
            let compare = store.engine.with(|e| {
                let f = dash.effective.get();
                let prev = dash.view.with(|v| v.compare).then(|| e.previous(&f).ok().flatten()).flatten();
                prev.map(|p| format!(" · comparado con {} – {}",
                    p.from.as_deref().map(format::day).unwrap_or_default(),
                    p.to.as_deref().map(format::day).unwrap_or_default()))
            });
            view! {
                <p class="period" data-testid="period">
                    "Datos del " {format::day(&m.date_from)} " al " {format::day(&m.date_to)}
                    " · origen " <code>{store.base()}</code>
                    <span data-testid="compare-period">{compare.unwrap_or_default()}</span>
                </p>
            }
        })}
    }
}
