use cx_engine::Dataset;
use leptos::prelude::*;

use crate::api::DatasetError;
use crate::components::ErrorPanel;
use crate::i18n::t;
use crate::labels;
use crate::store::{use_store, Status};

/// Loading and error handling for every page, written once: asks the store for the datasets the
/// page needs, shows a spinner until each is loaded or has failed, names each failure with its
/// reason and a retry, then shows the page with whatever loaded.
#[component]
pub fn DataGate(
    /// The datasets the page reads.
    needs: &'static [Dataset],
    /// The page.
    children: ChildrenFn,
    /// Whether the page can already be drawn from figures published with the data (its first
    /// paint) while its datasets load: then it is, under a note, instead of the spinner.
    #[prop(optional, into)]
    preview: Option<Signal<bool>>,
) -> impl IntoView {
    let store = use_store();
    // Ask again whenever the manifest arrives or a retry clears a failure.
    Effect::new(move |_| {
        store.manifest.track();
        store.status.track();
        store.need(needs);
    });
    let retry = Callback::new(move |()| store.retry());
    let state = Memo::new(move |_| {
        let statuses = store.status.get();
        let mut errors = Vec::new();
        let mut waiting = false;
        for d in needs {
            match statuses.get(d) {
                Some(Status::Ready) => {}
                Some(Status::Failed(reason)) => errors.push(DatasetError {
                    dataset: d.name().to_string(),
                    reason: reason.clone(),
                }),
                _ => waiting = true,
            }
        }
        (waiting, errors)
    });
    // Past the memory budget nothing is downloaded: the page says so and offers narrower periods
    // (shown while one of this page's datasets is neither held nor loading).
    let too_big = Memo::new(move |_| {
        let t = store.too_big.get()?;
        let open = store
            .status
            .with(|s| needs.iter().any(|d| !s.contains_key(d)));
        open.then_some(t)
    });
    // Whether the manifest is read, not which: a newer publication swapped in updates the page
    // in place (its charts and tables follow the engine), so the scroll position stays.
    let manifest = Memo::new(move |_| store.manifest.with(|m| m.as_ref().map(|r| r.clone().err())));
    let previewing = Memo::new(move |_| preview.is_some_and(|p| p.get()));
    // The page stays mounted from its first paint (published figures) to its own figures.
    let shown = Memo::new(move |_| match manifest.get() {
        Some(None) if too_big.with(Option::is_none) => {
            let (waiting, _) = state.get();
            !waiting || previewing.get()
        }
        _ => false,
    });
    view! {
        {move || match manifest.get() {
            None => spinner().into_any(),
            Some(Some(e)) => view! { <ErrorPanel errors=vec![e] on_retry=retry /> }.into_any(),
            Some(None) if too_big.with(Option::is_some) => {
                too_big.get().map(|t| view! { <TooBigPanel too_big=t /> })
            }
                .into_any(),
            Some(None) => {
                let (waiting, errors) = state.get();
                if waiting && previewing.get() {
                    view! {
                        {(!errors.is_empty()).then(|| view! { <ErrorPanel errors=errors on_retry=retry /> })}
                        <div class="preview-note" data-testid="loading" role="status" aria-busy="true">
                            <div class="spinner small"></div>
                            {t("Cifras publicadas del período completo. Los filtros y el detalle estarán disponibles al terminar la carga de los datos.", "Published figures for the whole period. Filters and detail will be available once the data has loaded.")}
                        </div>
                    }
                        .into_any()
                } else if waiting {
                    spinner().into_any()
                } else {
                    (!errors.is_empty())
                        .then(|| view! { <ErrorPanel errors=errors on_retry=retry /> })
                        .into_any()
                }
            }
        }}
        <Show when=move || shown.get()>{children()}</Show>
    }
}

fn spinner() -> impl IntoView {
    view! {
        <div class="loading" data-testid="loading" aria-busy="true">
            <div class="spinner"></div>
            {labels::loading()}
        </div>
    }
}

/// MB, rounded up, as shown.
fn mb(bytes: u64) -> String {
    crate::format::int(bytes.div_ceil(1_000_000))
}

/// What the page cannot hold, and the narrower periods that fit.
#[component]
fn TooBigPanel(too_big: crate::memory::TooBig) -> impl IntoView {
    let store = use_store();
    let crate::memory::TooBig {
        datasets,
        needed,
        budget,
        options,
        months,
        splits,
    } = too_big;
    let names = datasets
        .iter()
        .map(|d| d.name())
        .collect::<Vec<_>>()
        .join(", ");
    let (need, limit) = (mb(needed), mb(budget));
    let span = crate::i18n::tr(
        if months == 1 {
            "1 mes".into()
        } else {
            format!("{months} meses")
        },
        if months == 1 {
            "1 month".into()
        } else {
            format!("{months} months")
        },
    );
    let explain = crate::i18n::tr(
        format!(
            "Cargar {names} ({span}) necesitaría unos {need} MB de memoria, y esta pestaña \
             puede usar {limit} MB: no se cargaron."
        ),
        format!(
            "Loading {names} ({span}) would need about {need} MB of memory, and this tab \
             may use {limit} MB: they were not loaded."
        ),
    );
    let empty = options.is_empty();
    view! {
        <section class="error-panel too-big" role="alert" data-testid="too-big"
            data-needed=needed.to_string() data-budget=budget.to_string()>
            <h2>{t("Estos datos no caben en la memoria de esta pestaña", "This data does not fit in this tab's memory")}</h2>
            <p>{explain}</p>
            {if empty {
                let why = if splits && months > 1 {
                    t(
                        "Ni el último mes cabe. Abre la app en un equipo con más memoria, o elige menos datos desde el panel Datos.",
                        "Not even the last month fits. Open the app on a device with more memory, or pick less data from the Data panel.",
                    )
                } else {
                    t(
                        "Estos datos no están divididos por meses, así que no se puede cargar un período más corto. Abre la app en un equipo con más memoria, o elige menos datos desde el panel Datos.",
                        "This data is not split by month, so a shorter period cannot be loaded. Open the app on a device with more memory, or pick less data from the Data panel.",
                    )
                };
                view! { <p data-testid="too-big-none">{why}</p> }.into_any()
            } else {
                view! {
                    <p>{t("Elige un período más corto: se cargan solo esos meses.", "Pick a shorter period: only those months are loaded.")}</p>
                    <div class="too-big-options">
                        {options.into_iter().map(|(n, bytes)| {
                            let size = mb(bytes);
                            let label = if n == 1 {
                                crate::i18n::tr(format!("El último mes (≈ {size} MB)"), format!("The last month (≈ {size} MB)"))
                            } else {
                                crate::i18n::tr(format!("Los últimos {n} meses (≈ {size} MB)"), format!("The last {n} months (≈ {size} MB)"))
                            };
                            view! {
                                <button type="button" data-testid="too-big-option" data-months=n.to_string()
                                    on:click=move |_| store.narrow(n)>{label}</button>
                            }
                        }).collect_view()}
                    </div>
                }.into_any()
            }}
        </section>
    }
}
