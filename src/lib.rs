//! The customer-satisfaction dashboard: a Leptos client-side app.
//!
//! - [`store`] reads the manifest once and loads each dataset when a page first needs it
//!   (through [`api`]), keeping the engine, the texts and their scores for the whole visit.
//! - [`state`] holds the view — page, filter, cross-filter, comparison, time step — in step with
//!   the URL ([`url`]), and the selections the engine derives from it.
//! - [`pages`] are the dashboard's pages, one file each; [`components`] their shared parts;
//!   [`chart`] lays engine results out as ECharts options, drawn through [`echarts`].
//! - Every word shown comes through [`i18n`] (Spanish by default, English on a toggle), with
//!   [`labels`] for names and messages and [`format`] for numbers and dates; [`theme`] holds the
//!   light and dark themes.

pub mod api;
pub mod bench;
pub mod chart;
pub mod classify;
pub mod components;
pub mod echarts;
pub mod export;
pub mod format;
pub mod i18n;
pub mod labels;
pub mod local;
pub mod memory;
pub mod offline;
pub mod pages;
pub mod recovery;
pub mod report;
pub mod state;
pub mod store;
pub mod theme;
pub mod url;
pub mod vet;

use leptos::prelude::*;

use crate::api::data_base_url;
use crate::components::{Chips, FilterBar, Notices};
use crate::i18n::{t, Lang};
use crate::pages::Page;
use crate::state::{current_query, use_dashboard, Dashboard};
use crate::store::Store;
use crate::theme::Theme;

/// The whole app: header and navigation, the filter bar and its chips, and the page. A change of
/// language or theme draws everything again (the data and the view stay).
#[component]
pub fn App() -> impl IntoView {
    let offline_state = offline::provide();
    let store = Store::provide(data_base_url());
    offline::keep_all_when_small(offline_state, store);
    let panel = components::data_panel::provide();
    components::data_panel::listen_for_drops(panel);
    let dash = Dashboard::provide(store);
    let theme = theme::provide();
    let lang = Memo::new(move |_| dash.view.with(|v| v.lang));
    move || {
        i18n::set(lang.get());
        theme::apply(theme.get());
        view! { <Body /> }
    }
}

#[component]
fn Body() -> impl IntoView {
    let dash = use_dashboard();
    let page = Memo::new(move |_| dash.view.with(|v| v.page));
    view! {
        <a class="skip" href="#contenido">{t("Saltar al contenido", "Skip to content")}</a>
        <header class="top">
            <div class="title-row">
                <h1>{t("Satisfacción del cliente", "Customer satisfaction")}</h1>
                <Toggles />
            </div>
            <p class="subtitle">{t(
                "CSAT, NPS, volumen de contactos y sentimiento de los clientes, calculados en tu navegador a partir de archivos Parquet",
                "CSAT, NPS, contact volume and customer sentiment, computed in your browser from Parquet files",
            )}</p>
            <Nav />
        </header>
        <main id="contenido" tabindex="-1">
            <components::data_panel::DataPanel />
            <ForeignData />
            <ReportBanner />
            <NewData />
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
                Page::Tickets => view! { <pages::tickets::Tickets /> }.into_any(),
                Page::Reclamaciones => view! { <pages::reclamaciones::Reclamaciones /> }.into_any(),
                Page::Resenas => view! { <pages::resenas::Resenas /> }.into_any(),
                Page::Clientes => view! { <pages::clientes::Clientes /> }.into_any(),
                Page::Explorador => view! { <pages::explorador::Explorador /> }.into_any(),
            }}
            {bench::requested().map(|n| view! { <bench::BenchPanel iterations=n /> })}
        </main>
        <Footer />
    }
}

/// A banner, on every page, when `?data=` makes the app read another origin's data: the figures
/// are then someone else's, not this site's.
#[component]
fn ForeignData() -> impl IntoView {
    let store = store::use_store();
    let base = store.base();
    foreign_origin(&base).filter(|_| !store.is_local()).map(|origin| {
        view! {
            <div class="foreign-data" role="status" data-testid="foreign-data" data-origin=origin.clone()>
                <strong>{t("Datos de ", "Data from ")}<span class="url">{base.clone()}</span></strong>
                {t(
                    " — no provienen de este sitio, sino del enlace que abriste (?data=). Las cifras son de ese origen.",
                    " — not from this site, but from the link you opened (?data=). The figures are that origin's.",
                )}
            </div>
        }
    })
}

/// In a single-file report: what it is and when it was made.
#[component]
fn ReportBanner() -> impl IntoView {
    local::embedded_created().map(|created| {
        view! {
            <div class="report-banner" role="note" data-testid="report-banner">
                {t("Informe de un solo archivo, creado el ", "Single-file report, made on ")}{created}
                {t(
                    ": la aplicación y los datos van dentro; funciona sin servidor ni conexión.",
                    ": the app and the data are inside; it works with no server and no network.",
                )}
            </div>
        }
    })
}

/// "There is new data": a newer publication was seen on the server; applied on click, keeping
/// the page, the filters and the scroll position.
#[component]
fn NewData() -> impl IntoView {
    let store = store::use_store();
    move || {
        store.newer.get().map(|n| {
            let when = n.published.as_deref().and_then(published_label);
            let applying = store.applying.get();
            view! {
                <div class="new-data" role="status" data-testid="new-data">
                    <span>
                        {t("Hay datos nuevos", "There is new data")}
                        {when.map(|w| format!("{}{w})", t(" (publicados el ", " (published ")))}
                    </span>
                    <button type="button" data-testid="apply-new-data" disabled=applying
                        on:click=move |_| store.apply_newer()>
                        {if applying { t("Cargando…", "Loading…") } else { t("Ver los datos nuevos", "Show the new data") }}
                    </button>
                </div>
            }
        })
    }
}

/// An HTTP date (`Last-Modified`) in the page's language and the browser's time zone.
fn published_label(http_date: &str) -> Option<String> {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(http_date));
    if d.get_time().is_nan() {
        return None;
    }
    let tag = match i18n::lang() {
        Lang::Es => "es-PE",
        Lang::En => "en-GB",
    };
    let options = js_sys::Object::new();
    for (k, v) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    d.to_locale_string(tag, &options).as_string()
}

/// The origin of `base` when it differs from the page's.
fn foreign_origin(base: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let here = location.href().ok()?;
    let url = web_sys::Url::new_with_base(base, &here).ok()?;
    let origin = url.origin();
    (origin != location.origin().ok()?).then_some(origin)
}

/// Whether the app works offline here.
#[component]
fn Footer() -> impl IntoView {
    use offline::Offline;
    let state = offline::use_offline().status;
    let kept_all = offline::use_offline().kept_all;
    let key = move || match state.get() {
        Offline::Starting => "starting",
        Offline::Ready => "ready",
        Offline::Unsupported => "unsupported",
        Offline::Failed(_) => "failed",
    };
    view! {
        <footer class="app-footer">
            <span data-testid="offline-status" data-state=key
                data-kept=move || if kept_all.get().is_some() { "all" } else { "" }>{move || match state.get() {
                Offline::Starting => "",
                Offline::Ready if kept_all.get().is_some() => t("✓ Disponible sin conexión: la aplicación y todos los datos", "✓ Available offline: the app and all the data"),
                Offline::Ready => t("✓ Sin conexión: la aplicación y los datos que abriste", "✓ Offline: the app and the data you opened"),
                Offline::Unsupported if local::embedded_created().is_some() => t("Informe: todo va dentro del archivo", "Report: everything is inside the file"),
                Offline::Unsupported => t("Solo con conexión en este sitio (HTTP sin cifrar)", "Online only on this site (plain HTTP)"),
                Offline::Failed(_) => t("Sin uso sin conexión", "No offline use"),
            }}</span>
        </footer>
    }
}

/// The language and theme switches.
#[component]
fn Toggles() -> impl IntoView {
    let dash = use_dashboard();
    let theme = theme::use_theme();
    let set_lang = move |l: Lang| {
        i18n::remember(l);
        dash.update(|v| v.lang = l);
    };
    let current = i18n::lang();
    let dark = theme.get_untracked() == Theme::Dark;
    view! {
        <div class="toggles">
            <components::data_panel::DataPanelButton />
            <div class="segs" role="group" aria-label=t("Idioma", "Language")>
                <button type="button" lang="es" aria-pressed=(current == Lang::Es).to_string() data-testid="lang-es"
                    on:click=move |_| set_lang(Lang::Es)>"ES"</button>
                <button type="button" lang="en" aria-pressed=(current == Lang::En).to_string() data-testid="lang-en"
                    on:click=move |_| set_lang(Lang::En)>"EN"</button>
            </div>
            <button type="button" class="theme" data-testid="theme-toggle" aria-pressed=dark.to_string()
                on:click=move |_| theme.set(if dark { Theme::Light } else { Theme::Dark })>
                <span aria-hidden="true">"☾ "</span>{t("Tema oscuro", "Dark theme")}
            </button>
        </div>
    }
}

/// The page tabs; pages still to come keep their place, disabled.
#[component]
fn Nav() -> impl IntoView {
    let dash = use_dashboard();
    view! {
        <nav class="tabs" aria-label=t("Páginas", "Pages")>
            {Page::ALL.into_iter().map(|p| {
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
                }
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
                prev.map(|p| format!("{}{} – {}", t(" · comparado con ", " · compared with "),
                    p.from.as_deref().map(format::day).unwrap_or_default(),
                    p.to.as_deref().map(format::day).unwrap_or_default()))
            });
            // The user's files: their own origin, and no placeholder period (customers only).
            let local = store.local_info.get();
            let placeholder = m.date_from == "2000-01-01" && m.date_to == "2099-12-31";
            let origin = match (local::embedded_created().is_some(), local) {
                (true, _) => view! { <span>{t(" · datos dentro del informe", " · data inside the report")}</span> }.into_any(),
                (false, Some((n, _))) => view! { <span data-testid="period-local">{i18n::tr(
                    format!(" · origen: tus archivos ({n}), en este navegador"),
                    format!(" · source: your files ({n}), in this browser"),
                )}</span> }.into_any(),
                (false, None) => view! { <span>{t(" · origen ", " · source ")} <code>{store.base()}</code></span> }.into_any(),
            };
            view! {
                <p class="period" data-testid="period">
                    {(!placeholder).then(|| view! { {t("Datos del ", "Data from ")} {format::day(&m.date_from)} {t(" al ", " to ")} {format::day(&m.date_to)} })}
                    {origin}
                    {store.window.get().map(|(n, of)| view! { <span data-testid="period-window">{if n == 1 {
                        i18n::tr(
                            format!(" · solo el último mes de {of}: el resto no cabe en la memoria de esta pestaña"),
                            format!(" · only the last month of {of}: the rest does not fit in this tab's memory"),
                        )
                    } else {
                        i18n::tr(
                            format!(" · solo los últimos {n} de {of} meses: el resto no cabe en la memoria de esta pestaña"),
                            format!(" · only the last {n} of {of} months: the rest does not fit in this tab's memory"),
                        )
                    }}</span> })}
                    {store.window.get().and_then(|_| {
                        // A filter reaching before the months held counts only what is held.
                        let from = dash.effective.with(|f| f.from.clone())?;
                        (from < m.date_from).then(|| view! { <span class="period-outside" data-testid="period-outside">{i18n::tr(
                            format!(" · el filtro empieza el {}, antes de los meses cargados: las cifras cubren solo desde el {}", format::day(&from), format::day(&m.date_from)),
                            format!(" · the filter starts on {}, before the months held: the figures cover only from {}", format::day(&from), format::day(&m.date_from)),
                        )}</span> })
                    })}
                    <span data-testid="compare-period">{compare.unwrap_or_default()}</span>
                </p>
            }
        })}
    }
}
