use cx_engine::Dataset;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::echarts::{chart_dispose, chart_draw, chart_on_click, chart_png, chart_table, Click};
use crate::export::{download_csv, file_name, js_rows, RecordsLink};
use crate::i18n::t;
use crate::labels;

/// The JS callback ECharts calls on a click (kept alive while the card lives).
type ClickHandler = Closure<dyn Fn(String)>;

/// An ECharts chart in a card with a title and a unit line. The instance is created on the first
/// draw and updated whenever `option` changes (never re-created per filter); `None` shows the
/// empty state instead of a blank canvas. A click on an element calls `on_click`.
///
/// Every chart can be read as a table with the same numbers ("Ver como tabla"), downloaded as PNG
/// and its numbers as CSV, and carries an ARIA description and decal patterns; with `records` it
/// links to the records behind it in the explorer.
#[component]
pub fn ChartCard(
    /// Test id and element id of the chart container.
    id: &'static str,
    /// Card title.
    title: &'static str,
    /// Units or a short note under the title.
    #[prop(optional)]
    note: &'static str,
    /// The ECharts option as JSON, or `None` when there is nothing to draw.
    option: Signal<Option<String>>,
    /// Called with the clicked element.
    #[prop(optional)]
    on_click: Option<Callback<Click>>,
    /// The dataset behind the chart ("Ver registros").
    #[prop(optional)]
    records: Option<Dataset>,
    /// Extra content under the chart (a legend note, a switch).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let node: NodeRef<Div> = NodeRef::new();
    let error = RwSignal::new(None::<String>);
    let as_table = RwSignal::new(false);
    let table = RwSignal::new(Vec::<Vec<String>>::new());
    let handler: StoredValue<Option<ClickHandler>, LocalStorage> = StoredValue::new_local(None);
    let description = if note.is_empty() {
        title.to_string()
    } else {
        format!("{title}. {note}")
    };
    let first = t("Elemento", "Item");
    // Draws `opt` into the container (creating the instance on the first draw).
    let description = StoredValue::new(description);
    let draw = move |el: &web_sys::HtmlElement, opt: Option<String>| match opt {
        Some(json) => {
            let Some(drawn) = description.try_with_value(|d| chart_draw(el, &json, d)) else {
                return; // the card is gone
            };
            match drawn {
                Ok(()) => error.try_set(None),
                Err(e) => error.try_set(Some(
                    js_sys::Error::from(e)
                        .message()
                        .as_string()
                        .unwrap_or_default(),
                )),
            };
            // A chart whose numbers cannot be read back shows no table rather than failing.
            table.try_set(chart_table(el, first).map(js_rows).unwrap_or_default());
            if let Some(cb) = on_click {
                if handler.try_with_value(Option::is_none) == Some(true) {
                    let f = Closure::<dyn Fn(String)>::new(move |s: String| {
                        if let Ok(c) = serde_json::from_str::<Click>(&s) {
                            cb.run(c);
                        }
                    });
                    chart_on_click(el, f.as_ref());
                    handler.try_set_value(Some(f));
                }
            }
        }
        None => {
            chart_dispose(el);
            handler.try_set_value(None);
            table.try_set(Vec::new());
        }
    };
    // The first draw (creating the ECharts instance, the costly part) waits for a task of its
    // own, so the browser paints the page's tiles first and each chart after; later draws (a
    // filter change) happen at once. The waiting draw takes the option current when it runs, and
    // none runs once the card is gone.
    let first_pending = StoredValue::new(false);
    let drawn_once = StoredValue::new(false);
    Effect::new(move |_| {
        let opt = option.get();
        let Some(el) = node.get() else { return };
        if drawn_once.get_value() || opt.is_none() {
            drawn_once.set_value(opt.is_some());
            draw(&el, opt);
            return;
        }
        if first_pending.get_value() {
            return; // the waiting draw will take this option
        }
        first_pending.set_value(true);
        leptos::task::spawn_local(async move {
            crate::store::yield_to_browser().await;
            let (Some(Some(el)), Some(opt)) =
                (node.try_get_untracked(), option.try_get_untracked())
            else {
                return; // the card is gone
            };
            first_pending.try_set_value(false);
            drawn_once.try_set_value(opt.is_some());
            draw(&el, opt);
        });
    });
    on_cleanup(move || {
        if let Some(el) = node.get_untracked() {
            chart_dispose(&el);
        }
        handler.try_set_value(None);
    });
    let empty = move || option.with(Option::is_none);
    let png = move |_| {
        if let Some(el) = node.get_untracked() {
            if let Ok(Some(url)) = chart_png(&el) {
                crate::echarts::download_url(&file_name(id, "png"), &url);
            }
        }
    };
    let csv = move |_| table.with_untracked(|r| download_csv(id, r));
    view! {
        <section class="card chart-card" aria-labelledby=format!("{id}-title")>
            <div class="card-head">
                <h2 id=format!("{id}-title")>{title}</h2>
                <div class="card-tools" class:hidden=empty>
                    <button type="button" class="export" aria-pressed=move || as_table.get().to_string()
                        data-testid=format!("{id}-as-table")
                        on:click=move |_| as_table.update(|x| *x = !*x)>
                        {t("Ver como tabla", "Show as table")}
                    </button>
                    <button type="button" class="export" data-testid=format!("{id}-png") on:click=png>"PNG"</button>
                    <button type="button" class="export" data-testid=format!("{id}-csv") on:click=csv>"CSV"</button>
                    {records.map(|d| view! { <RecordsLink dataset=d id=format!("{id}-records") /> })}
                </div>
            </div>
            {(!note.is_empty()).then(|| view! { <p class="note">{note}</p> })}
            <div
                id=id
                class="chart"
                class:hidden=move || empty() || as_table.get()
                data-testid=id
                data-empty=move || empty().to_string()
                role="img"
                aria-label=title
                node_ref=node
            ></div>
            {move || (as_table.get() && !empty()).then(|| view! {
                <div class="table-wrap" tabindex="0" data-testid=format!("{id}-table")>
                    <table class="dist">
                        <caption class="sr-only">{title}</caption>
                        {table.with(|rows| {
                            let mut it = rows.iter();
                            let head = it.next().cloned().unwrap_or_default();
                            view! {
                                <thead><tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                                <tbody>{it.map(|r| view! {
                                    <tr>{r.iter().enumerate().map(|(k, c)| if k == 0 {
                                        view! { <th scope="row">{c.clone()}</th> }.into_any()
                                    } else {
                                        view! { <td class="num">{crate::format::cell(c)}</td> }.into_any()
                                    }).collect_view()}</tr>
                                }).collect_view()}</tbody>
                            }
                        })}
                    </table>
                </div>
            })}
            {move || empty().then(|| view! { <p class="empty" data-testid=format!("{id}-empty")>{labels::no_data()}</p> })}
            {move || error.get().map(|e| view! { <p class="chart-error">{t("No se pudo dibujar el gráfico: ", "The chart could not be drawn: ")} {e}</p> })}
            {children.map(|c| c())}
        </section>
    }
}
