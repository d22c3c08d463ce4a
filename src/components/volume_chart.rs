use leptos::prelude::*;

use cx_engine::VolumeCell;

use crate::chart::monthly_volume_chart;

/// Monthly contacts per channel, drawn by ECharts once the container is in the page.
#[component]
pub fn VolumeChart(
    /// The engine's monthly cells to draw.
    volume: Vec<VolumeCell>,
) -> impl IntoView {
    let id = "chart-monthly-volume";
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let chart = monthly_volume_chart(&volume);
        let renderer = charming::WasmRenderer::new_opt(None, None);
        if let Err(e) = renderer.render(id, &chart) {
            error.set(Some(format!("{e:?}")));
        }
    });
    view! {
        <section class="card">
            <h2>"Contacts per month and channel"</h2>
            <div id=id class="chart" data-testid="chart-monthly-volume"></div>
            {move || error.get().map(|e| view! { <p class="chart-error">"The chart could not be drawn: " {e}</p> })}
        </section>
    }
}
