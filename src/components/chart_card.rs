use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::echarts::{chart_dispose, chart_draw, chart_on_click, Click};
use crate::labels;

/// The JS callback ECharts calls on a click (kept alive while the card lives).
type ClickHandler = Closure<dyn Fn(String)>;

/// An ECharts chart in a card with a title and a unit line. The instance is created on the first
/// draw and updated whenever `option` changes (never re-created per filter); `None` shows the
/// empty state instead of a blank canvas. A click on an element calls `on_click`.
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
    /// Extra content under the chart (a legend note, a switch).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let node: NodeRef<Div> = NodeRef::new();
    let error = RwSignal::new(None::<String>);
    let handler: StoredValue<Option<ClickHandler>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let opt = option.get();
        let Some(el) = node.get() else { return };
        let el: &web_sys::HtmlElement = &el;
        match opt {
            Some(json) => {
                match chart_draw(el, &json) {
                    Ok(()) => error.set(None),
                    Err(e) => error.set(Some(
                        js_sys::Error::from(e)
                            .message()
                            .as_string()
                            .unwrap_or_default(),
                    )),
                }
                if let Some(cb) = on_click {
                    if handler.with_value(Option::is_none) {
                        let f = Closure::<dyn Fn(String)>::new(move |s: String| {
                            if let Ok(c) = serde_json::from_str::<Click>(&s) {
                                cb.run(c);
                            }
                        });
                        chart_on_click(el, f.as_ref());
                        handler.set_value(Some(f));
                    }
                }
            }
            None => {
                chart_dispose(el);
                handler.set_value(None);
            }
        }
    });
    on_cleanup(move || {
        if let Some(el) = node.get_untracked() {
            chart_dispose(&el);
        }
        handler.try_set_value(None);
    });
    let empty = move || option.with(Option::is_none);
    view! {
        <section class="card chart-card">
            <h2>{title}</h2>
            {(!note.is_empty()).then(|| view! { <p class="note">{note}</p> })}
            <div
                id=id
                class="chart"
                class:hidden=empty
                data-testid=id
                data-empty=move || empty().to_string()
                node_ref=node
            ></div>
            {move || empty().then(|| view! { <p class="empty" data-testid=format!("{id}-empty")>{labels::NO_DATA}</p> })}
            {move || error.get().map(|e| view! { <p class="chart-error">"No se pudo dibujar el gráfico: " {e}</p> })}
            {children.map(|c| c())}
        </section>
    }
}
