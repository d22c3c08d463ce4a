//! *Explorador*: the records behind the current filter for any dataset — a paged table sortable
//! on every column, full-text search over its text columns, and the selection as CSV (UTF-8 with
//! BOM, formulas neutralised). Pages of 50 rows: only the rows shown become DOM, so a selection of
//! a million rows stays smooth.

use cx_engine::{Dataset, Records, Selection};
use leptos::prelude::*;

use crate::components::DataGate;
use crate::echarts::download_text;
use crate::export::file_name;
use crate::format;
use crate::i18n::t;
use crate::state::{use_dashboard, Shared};
use crate::store::use_store;

/// Everything: a dataset's rows follow filters that go through the others (a survey's category
/// is its contact's).
pub const NEEDS: &[Dataset] = &Dataset::ALL;

const TABLE: &str = "table-records";
/// Rows per page.
pub const PAGE: usize = 50;

/// The rows of `dataset` a selection holds.
pub fn rows_of(sel: &Selection, dataset: Dataset) -> &[u32] {
    match dataset {
        Dataset::Clientes => &sel.customers,
        Dataset::Llamadas => &sel.calls,
        Dataset::Whatsapp => &sel.chats,
        Dataset::Tickets => &sel.tickets,
        Dataset::Encuestas => &sel.surveys,
        Dataset::Resenas => &sel.reviews,
        Dataset::Reclamaciones => &sel.complaints,
    }
}

fn dataset_label(d: Dataset) -> &'static str {
    match d {
        Dataset::Clientes => t("Clientes", "Customers"),
        Dataset::Llamadas => t("Llamadas", "Calls"),
        Dataset::Whatsapp => t("Conversaciones de WhatsApp", "WhatsApp conversations"),
        Dataset::Tickets => t("Tickets", "Tickets"),
        Dataset::Encuestas => t("Encuestas", "Surveys"),
        Dataset::Resenas => t("Reseñas", "Reviews"),
        Dataset::Reclamaciones => t("Libro de reclamaciones", "Complaint book"),
    }
}

/// The page.
#[component]
pub fn Explorador() -> impl IntoView {
    view! {
        <DataGate needs=NEEDS>
            <Table />
        </DataGate>
    }
}

#[component]
fn Table() -> impl IntoView {
    let dash = use_dashboard();
    let store = use_store();
    let dataset = Memo::new(move |_| dash.view.with(|v| v.records.unwrap_or(Dataset::Tickets)));
    Effect::new(move |_| {
        store.manifest.track();
        store.need_records(dataset.get());
    });
    let sort = RwSignal::new(None::<(usize, bool)>);
    let page = RwSignal::new(0usize);
    Effect::new(move |_| {
        dataset.track();
        sort.set(None);
    });
    let records = Memo::new(move |_| {
        let d = dataset.get();
        store.records.with(|m| m.get(&d).cloned())
    });
    let search = Memo::new(move |_| dash.view.with(|v| v.search.clone()));
    // The search applies as the user types, after a pause (one history entry per pause, not per
    // key); Enter or leaving the box applies it at once. The timer dies with the page.
    let timer: StoredValue<Option<leptos::leptos_dom::helpers::TimeoutHandle>, LocalStorage> =
        StoredValue::new_local(None);
    let apply = move |v: String| {
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        let v = v.trim().to_string();
        if dash.view.with_untracked(|x| x.search != v) {
            dash.update(|x| x.search = v);
        }
    };
    let typed = move |v: String| {
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        let h = leptos::leptos_dom::helpers::set_timeout_with_handle(
            move || apply(v),
            std::time::Duration::from_millis(350),
        )
        .ok();
        timer.try_set_value(h);
    };
    on_cleanup(move || {
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
    });
    // Filter → search → sort: the row numbers in display order.
    let rows = Memo::new(move |_| {
        let Some(Ok(rec)) = records.get() else {
            return None;
        };
        let sel = dash.selection.get().ok()?;
        let d = dataset.get();
        let q = search.get();
        let mut r = rec.search(rows_of(&sel, d), &q);
        if let Some((col, asc)) = sort.get() {
            rec.sort(&mut r, col, asc);
        }
        Some(Shared(std::sync::Arc::new((rec.len(), r))))
    });
    Effect::new(move |_| {
        rows.track();
        page.set(0);
    });
    let pages = move || rows.with(|r| r.as_ref().map_or(1, |r| r.0 .1.len().div_ceil(PAGE).max(1)));
    let download = move |_| {
        let (Some(Ok(rec)), Some(r)) = (records.get_untracked(), rows.get_untracked()) else {
            return;
        };
        download_text(
            &file_name(rec.dataset().name(), "csv"),
            "text/csv;charset=utf-8",
            &rec.csv(&r.0 .1),
        );
    };
    view! {
        <section class="card" aria-labelledby="records-title">
            <div class="card-head">
                <h2 id="records-title">{t("Registros", "Records")}</h2>
                <div class="card-tools">
                    <button type="button" class="export" data-testid="records-csv" on:click=download>
                        {t("Descargar CSV de la selección", "Download the selection as CSV")}
                    </button>
                </div>
            </div>
            <div class="table-tools">
                <label class="field"><span>{t("Conjunto de datos", "Dataset")}</span>
                    <select data-testid="records-dataset" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(d) = Dataset::from_name(&v) {
                            dash.update(|x| { x.records = Some(d); x.search.clear(); });
                        }
                    }>
                        {Dataset::ALL.into_iter().map(|d| view! {
                            <option value=d.name() selected=move || dataset.get() == d>{dataset_label(d)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field"><span>{t("Buscar en los textos", "Search the texts")}</span>
                    <input type="search" data-testid="records-search" placeholder=t("p. ej. demora reembolso", "e.g. demora reembolso")
                        prop:value=move || search.get()
                        on:input=move |ev| typed(event_target_value(&ev))
                        on:change=move |ev| apply(event_target_value(&ev)) />
                </label>
                <span class="note" data-testid="records-count" aria-live="polite">{move || rows.with(|r| r.as_ref().map(|r| {
                    let n = r.0.1.len();
                    let what = if n == 1 { t("registro de", "record of") } else { t("registros de", "records of") };
                    format!("{} {what} {} {}", format::int(n as u64), format::int(r.0.0 as u64), t("en el conjunto", "in the dataset"))
                }).unwrap_or_default())}</span>
            </div>
            {move || match records.get() {
                None => view! { <p class="loading" data-testid="records-loading">{crate::labels::loading()}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="chart-error" role="alert" data-testid="records-error" data-dataset=move || dataset.get().name()>{e.get().to_string()}</p> }.into_any(),
                Some(Ok(rec)) => grid(rec, rows, sort, page).into_any(),
            }}
            <div class="pager" data-testid="records-pager">
                <button type="button" on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled={move || page.get() == 0}>{t("‹ Anterior", "‹ Previous")}</button>
                <span>{move || format!("{} {} {} {}", t("Página", "Page"), page.get() + 1, t("de", "of"), pages())}</span>
                <button type="button" on:click=move |_| page.update(|p| *p = (*p + 1).min(pages() - 1)) disabled={move || page.get() + 1 >= pages()}>{t("Siguiente ›", "Next ›")}</button>
            </div>
        </section>
    }
}

type Rows = Memo<Option<Shared<(usize, Vec<u32>)>>>;

fn grid(
    rec: Shared<Records>,
    rows: Rows,
    sort: RwSignal<Option<(usize, bool)>>,
    page: RwSignal<usize>,
) -> impl IntoView {
    let names: Vec<&'static str> = rec.names().to_vec();
    let names_len = names.len();
    let rec2 = rec.clone();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="dist sortable records" id=TABLE data-testid=TABLE>
                <thead><tr>
                    {names.iter().enumerate().map(|(k, name)| {
                        let aria = move || match sort.get() {
                            Some((c, true)) if c == k => "ascending",
                            Some((c, false)) if c == k => "descending",
                            _ => "none",
                        };
                        view! {
                            <th scope="col" aria-sort=aria class:num=rec.is_numeric(k)>
                                <button type="button" class="sort" data-testid=format!("records-sort-{name}")
                                    on:click=move |_| sort.update(|s| *s = match *s { Some((c, a)) if c == k => Some((k, !a)), _ => Some((k, true)) })>
                                    {*name}
                                    {move || match sort.get() { Some((c, true)) if c == k => " ▲", Some((c, false)) if c == k => " ▼", _ => "" }}
                                </button>
                            </th>
                        }
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {move || {
                        let rec = rec2.clone();
                        rows.with(|r| r.as_ref().map(|r| r.0.1.iter().skip(page.get() * PAGE).take(PAGE).map(|&row| {
                            let cells: Vec<(bool, String)> = (0..rec.names().len()).map(|c| (rec.is_numeric(c), rec.cell(row as usize, c))).collect();
                            view! {
                                <tr data-row=row.to_string()>
                                    {cells.into_iter().map(|(num, c)| view! { <td class:num=num lang="es">{c}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()))
                    }}
                    {move || rows.with(|r| r.as_ref().is_some_and(|r| r.0.1.is_empty())).then(|| super::common::no_rows(names_len))}
                </tbody>
            </table>
        </div>
    }
}
