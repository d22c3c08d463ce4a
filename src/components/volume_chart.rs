use charming::Chart;
use leptos::prelude::*;

use cx_engine::VolumeCell;

use crate::chart::monthly_volume_chart;

/// An ECharts chart in a card, drawn once its container is in the page and redrawn when what
/// `make` reads changes.
#[component]
pub fn ChartCard(
    /// Element id of the container.
    id: &'static str,
    /// Card title.
    title: &'static str,
    /// Builds the chart (reactive reads inside redraw it).
    make: impl Fn() -> Chart + Send + Sync + 'static,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let chart = make();
        let renderer = charming::WasmRenderer::new_opt(None, None);
        if let Err(e) = renderer.render(id, &chart) {
            error.set(Some(format!("{e:?}")));
        }
    });
    view! {
        <section class="card">
            <h2>{title}</h2>
            <div id=id class="chart" data-testid=id></div>
            {move || error.get().map(|e| view! { <p class="chart-error">"The chart could not be drawn: " {e}</p> })}
        </section>
    }
}

/// Monthly contacts per channel.
#[component]
pub fn VolumeChart(
    /// The engine's monthly cells to draw.
    volume: Vec<VolumeCell>,
) -> impl IntoView {
    view! {
        <ChartCard
            id="chart-monthly-volume"
            title="Contacts per month and channel"
            make=move || monthly_volume_chart(&volume)
        />
    }
}
