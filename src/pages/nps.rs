//! *NPS*: the score with its margin, its trend with a 95 % band and the answers per point,
//! promoters/passives/detractors over time, NPS by channel, segment and region, and the key
//! drivers (importance × performance).

use cx_engine::kpis::headline::Step;
use cx_engine::kpis::surveys::{NpsBy, SurveyKpis};
use cx_engine::{Dataset, Granularity};
use leptos::prelude::*;

use crate::i18n::t;

use super::common::{
    current, delta, period_kind, step, step_for, with_quick, with_selection, Plot, Unit,
    CONTACT_NEEDS,
};
use crate::chart;
use crate::components::{ChartCard, DataGate, KpiTile};
use crate::format;
use crate::labels;
use crate::state::{use_dashboard, CrossKind};
use crate::store::use_store;

/// What the page reads (the drivers need the rated calls, chats and tickets).
pub const NEEDS: &[Dataset] = CONTACT_NEEDS;

const TREND: &str = "chart-nps-trend";
const PARTS: &str = "chart-nps-parts";

/// The page.
#[component]
pub fn Nps() -> impl IntoView {
    // The score, the trend, the parts and the three breakdowns come from the pre-aggregated
    // cells when the filter allows (the key drivers need the rows).
    use_store().want_quick(false);
    view! {
        <DataGate needs=NEEDS>
            <Score />
            <Trend />
            <Parts />
            <div class="three">
                <Groups id="chart-nps-channel" title=t("NPS por canal", "NPS by channel") by=NpsBy::Channel kind=CrossKind::Canal show=labels::channel />
                <Groups id="chart-nps-segment" title=t("NPS por segmento", "NPS by segment") by=NpsBy::Segment kind=CrossKind::Segmento show=str::to_string />
                <Groups id="chart-nps-region" title=t("NPS por región", "NPS by region") by=NpsBy::Region kind=CrossKind::Region show=str::to_string />
            </div>
            <Drivers />
        </DataGate>
    }
}

#[component]
fn Score() -> impl IntoView {
    let dash = use_dashboard();
    view! {
        <section class="kpis" data-testid="kpis">
            {move || {
                let (now, before) = scores()?;
                let score = now.nps.map(|n| n.score);
                let d = delta(score, before.as_ref().and_then(|b| b.nps.map(|n| n.score)), Unit::Points, true);
                let comparing = dash.view.with(|v| v.compare);
                Some(view! {
                    <KpiTile label="NPS" value=score.map_or("—".into(), format::signed) raw=score.map(|s| s.to_string()).unwrap_or_default()
                        detail=now.nps.map_or(t("sin respuestas", "no answers").into(), |n| format!("± {} (95 %), n = {}", format::num(n.margin95, 1), format::int(n.n())))
                        testid="kpi-nps" delta=d comparing=comparing previous=before.is_some() />
                    <KpiTile label=t("Promotores", "Promoters") value=now.nps.map_or("—".into(), |n| format::pct(n.promoters as f64 / n.n() as f64 * 100.0))
                        raw=now.nps.map(|n| n.promoters.to_string()).unwrap_or_default() detail=t("respuestas 9–10", "answers 9–10").into() testid="kpi-promoters" />
                    <KpiTile label=t("Detractores", "Detractors") value=now.nps.map_or("—".into(), |n| format::pct(n.detractors as f64 / n.n() as f64 * 100.0))
                        raw=now.nps.map(|n| n.detractors.to_string()).unwrap_or_default() detail=t("respuestas 0–6", "answers 0–6").into() testid="kpi-detractors" />
                })
            }}
        </section>
    }
}

/// The survey figures of the page's filter and (when comparing) of the previous period's: from
/// the cells when the filter allows, else from the rows.
fn scores() -> Option<(SurveyKpis, Option<SurveyKpis>)> {
    let store = use_store();
    let dash = use_dashboard();
    store.quick_version.track();
    let compare = dash.view.with(|v| v.compare);
    let f = dash.effective.get();
    let quick = store.engine.with(|e| {
        let now = e.quick_built(&f)?.surveys();
        match compare.then(|| e.previous(&f).ok().flatten()).flatten() {
            None => Some((now, None)),
            Some(p) => Some((now, Some(e.quick_built(&p)?.surveys()))),
        }
    });
    if quick.is_some() {
        return quick;
    }
    let (sel, prev) = current();
    let sel = sel?;
    Some(
        store
            .engine
            .with(|e| (e.surveys(&sel), prev.map(|p| e.surveys(&p)))),
    )
}

/// NPS per `step` for `chart`: from the cells when the filter allows, else from the rows.
fn nps_series(chart: &str, step: Granularity) -> Option<Vec<Step<Option<cx_engine::Nps>>>> {
    with_quick(chart, |q| q.nps_series(step))
        .or_else(|| with_selection(chart, |e, sel| e.nps_series(sel, step)))
}

#[component]
fn Parts() -> impl IntoView {
    let plot = Memo::new(move |_| {
        let step = step();
        nps_series(PARTS, step).and_then(|points| chart::nps_parts(&points))
    });
    view! {
        <ChartCard records=cx_engine::Dataset::Encuestas id=PARTS title=t("Promotores, pasivos y detractores", "Promoters, passives and detractors")
            note=t("% de las respuestas de cada período.", "% of each period's answers.")
            option=Signal::derive(move || plot.get()) />
    }
}

#[component]
fn Trend() -> impl IntoView {
    let dash = use_dashboard();
    // NPS needs answers: at least weeks, months beyond nine months.
    let step_now = Memo::new(move |_| match step_for(TREND) {
        Granularity::Day => Granularity::Week,
        g => g,
    });
    let plot = Memo::new(move |_| {
        let highlight = dash.highlight(TREND);
        nps_series(TREND, step_now.get())
            .map(|points| {
                let keys = points
                    .iter()
                    .filter(|p| p.value.is_some())
                    .map(|p| p.label.clone())
                    .collect();
                Plot {
                    option: chart::nps_trend(&points, highlight.as_deref()),
                    keys,
                }
            })
            .unwrap_or_default()
    });
    let on_click = Callback::new(move |c: crate::echarts::Click| {
        if c.series.as_deref() != Some("NPS") {
            return;
        }
        if let Some(key) = plot.with_untracked(|p| p.key_at(&c)) {
            dash.cross(period_kind(step_now.get_untracked()), key, TREND);
        }
    });
    view! {
        <ChartCard records=cx_engine::Dataset::Encuestas id=TREND title=t("Tendencia del NPS", "NPS trend")
            note=t("NPS por período con su intervalo de confianza del 95 % y las respuestas (n); clic en un punto para filtrar ese período.", "NPS per period with its 95 % confidence interval and the answers (n); click a point to filter that period.")
            option=Signal::derive(move || plot.with(|p| p.option.clone())) on_click=on_click />
    }
}

#[component]
fn Groups(
    id: &'static str,
    title: &'static str,
    by: NpsBy,
    kind: CrossKind,
    show: fn(&str) -> String,
) -> impl IntoView {
    let dash = use_dashboard();
    let plot = Memo::new(move |_| {
        let highlight = dash.highlight(id);
        with_quick(id, |q| q.nps_by(by))
            .or_else(|| with_selection(id, |e, sel| e.nps_by(sel, by)))
            .map(|groups| {
                let keys = groups
                    .iter()
                    .filter(|g| g.nps.is_some())
                    .map(|g| g.key.clone())
                    .collect();
                Plot {
                    option: chart::nps_groups(&groups, highlight.as_deref(), show),
                    keys,
                }
            })
            .unwrap_or_default()
    });
    let on_click = Callback::new(move |c: crate::echarts::Click| {
        if let Some(key) = plot.with_untracked(|p| p.key_at(&c)) {
            dash.cross(kind, key, id);
        }
    });
    view! {
        <ChartCard records=cx_engine::Dataset::Encuestas id=id title=title note=t("NPS; el margen del 95 % y las respuestas (n) en la descripción al pasar el cursor. Clic para filtrar.", "NPS; the 95 % margin and the answers (n) in the tooltip. Click to filter.")
            option=Signal::derive(move || plot.with(|p| p.option.clone())) on_click=on_click />
    }
}

#[component]
fn Drivers() -> impl IntoView {
    let drivers =
        Memo::new(move |_| with_selection("drivers", |e, sel| e.drivers(sel)).unwrap_or_default());
    view! {
        <ChartCard records=cx_engine::Dataset::Encuestas id="chart-drivers" title=t("Impulsores del NPS", "NPS drivers")
            note=t("Importancia: |r| entre el impulsor y la respuesta 0–10; desempeño: % de interacciones que cumplen la meta.", "Importance: |r| between the driver and the 0–10 answer; performance: % of interactions meeting the goal.")
            option=Signal::derive(move || chart::drivers(&drivers.get()))>
            <crate::export::CsvButton table="table-drivers" />
            <table class="dist" id="table-drivers" data-testid="table-drivers">
                <thead><tr><th>{t("Impulsor", "Driver")}</th><th class="num">{t("Importancia", "Importance")}</th><th class="num">{t("Desempeño", "Performance")}</th><th class="num">"n"</th></tr></thead>
                <tbody>
                    {move || drivers.get().into_iter().map(|d| view! {
                        <tr data-driver=d.driver>
                            <td>{chart::driver_name(d.driver)}</td>
                            <td class="num">{d.importance.map_or("—".into(), |v| format!("{v:.3}"))}</td>
                            <td class="num">{d.performance.map_or("—".into(), format::pct)}</td>
                            <td class="num">{format::int(d.n)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ChartCard>
    }
}
