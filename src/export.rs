//! Downloads of what the page shows: charts as PNG, tables and chart numbers as CSV (UTF-8 with a
//! byte-order mark for Excel, formulas neutralised), named after the page, the chart and the
//! filter; and the "see records" link to the explorer.

use cx_engine::records::csv_field;
use cx_engine::Dataset;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::echarts::{download_text, table_rows};
use crate::i18n::t;
use crate::pages::Page;
use crate::state::{use_dashboard, View};

/// A file name for an export of `what` on the current page under the current filter:
/// `tickets_chart-sla_2025-08-01_2025-08-31_canal-email.csv`.
pub fn file_name(what: &str, ext: &str) -> String {
    let dash = use_dashboard();
    dash.view.with_untracked(|v| name_for(v, what, ext))
}

/// As [`file_name`], for a given view.
pub fn name_for(v: &View, what: &str, ext: &str) -> String {
    let f = &v.filter;
    let mut parts = vec![v.page.key().to_string(), what.to_string()];
    match (&f.from, &f.to) {
        (None, None) => parts.push("todo".into()),
        (a, b) => parts.push(format!(
            "{}_{}",
            a.as_deref().unwrap_or("inicio"),
            b.as_deref().unwrap_or("fin")
        )),
    }
    for (k, list) in [
        ("canal", &f.channels),
        ("region", &f.regions),
        ("segmento", &f.segments),
        ("equipo", &f.teams),
        ("agente", &f.agents),
        ("categoria", &f.categories),
    ] {
        if !list.is_empty() {
            parts.push(format!("{k}-{}", list.join("-")));
        }
    }
    if let Some(c) = &v.cross {
        parts.push(format!("{}-{}", c.kind.key(), c.value));
    }
    if v.page == Page::Explorador && !v.search.is_empty() {
        parts.push(format!("buscar-{}", v.search));
    }
    let name: String = parts
        .join("_")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    // Keep names short enough for every file system.
    let name: String = name.chars().take(150).collect();
    format!("{name}.{ext}")
}

/// Rows as CSV for a spreadsheet: BOM, CRLF, quoting; a cell that is not a number and starts
/// like a formula is neutralised.
pub fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::from('\u{feff}');
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| csv_field(c, c.trim().parse::<f64>().is_err()))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Offers `rows` as a CSV download named after `what`.
pub fn download_csv(what: &str, rows: &[Vec<String>]) {
    download_text(
        &file_name(what, "csv"),
        "text/csv;charset=utf-8",
        &csv(rows),
    );
}

/// The rows of a table element as shown.
pub fn rows_of_table(id: &str) -> Vec<Vec<String>> {
    js_rows(table_rows(id))
}

/// `[[String]]` from a JS array of arrays of strings.
pub fn js_rows(v: wasm_bindgen::JsValue) -> Vec<Vec<String>> {
    let Ok(outer) = v.dyn_into::<js_sys::Array>() else {
        return Vec::new();
    };
    outer
        .iter()
        .map(|row| {
            row.dyn_into::<js_sys::Array>()
                .map(|r| {
                    r.iter()
                        .map(|c| c.as_string().unwrap_or_default())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// A "Descargar CSV" button for a table: the whole table when `rows` is given (a paged table),
/// else the table element `table` as shown.
#[component]
pub fn CsvButton(
    /// The table's element id (and the file name's part).
    table: &'static str,
    /// All rows, header first, when the element shows only a page of them.
    #[prop(optional)]
    rows: Option<Callback<(), Vec<Vec<String>>>>,
) -> impl IntoView {
    view! {
        <button type="button" class="export" data-testid=format!("{table}-csv")
            on:click=move |_| {
                let r = match rows {
                    Some(cb) => cb.run(()),
                    None => rows_of_table(table),
                };
                download_csv(table, &r);
            }>{t("Descargar CSV", "Download CSV")}</button>
    }
}

/// A link to the explorer with `dataset` under the current filter.
#[component]
pub fn RecordsLink(
    /// The dataset whose records back the figure.
    dataset: Dataset,
    /// Test id.
    #[prop(optional, into)]
    id: String,
    /// A search to start with.
    #[prop(optional, into)]
    search: Option<String>,
) -> impl IntoView {
    let dash = use_dashboard();
    let search = StoredValue::new(search.unwrap_or_default());
    let target = move || {
        let mut v = dash.view.get();
        v.page = Page::Explorador;
        v.records = Some(dataset);
        v.search = search.get_value();
        v
    };
    let href = move || {
        let q = crate::url::to_query(
            &target(),
            &crate::url::foreign(&crate::state::current_query()),
        );
        if q.is_empty() {
            "?".to_string()
        } else {
            q
        }
    };
    view! {
        <a class="records-link" href=href data-testid=if id.is_empty() { "records-link".to_string() } else { id }
            on:click=move |ev| {
                if ev.ctrl_key() || ev.meta_key() || ev.shift_key() { return; }
                ev.prevent_default();
                let v = target();
                dash.update(|x| *x = v);
            }>{t("Ver registros", "See records")}</a>
    }
}
