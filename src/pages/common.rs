//! Helpers the pages share: the selection in hand, time steps, deltas, the plot memo.

use cx_engine::{Engine, Granularity, Selection};
use leptos::prelude::*;

use crate::components::Delta;
use crate::format;
use crate::state::{use_dashboard, Shared};
use crate::store::use_store;

/// An ECharts option with the keys of its clickable elements in data order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plot {
    /// The option, `None` when empty.
    pub option: Option<String>,
    /// The key of each element (period label, channel, agent…), by data index.
    pub keys: Vec<String>,
}

impl Plot {
    /// The key of the element a click reached.
    pub fn key_at(&self, click: &crate::echarts::Click) -> Option<String> {
        click.index.and_then(|i| self.keys.get(i).cloned())
    }
}

/// What a click on a period of a chart drawn at `step` selects.
pub fn period_kind(step: Granularity) -> crate::state::CrossKind {
    use crate::state::CrossKind;
    match step {
        Granularity::Day => CrossKind::Dia,
        Granularity::Week => CrossKind::Semana,
        Granularity::Month => CrossKind::Mes,
    }
}

/// The datasets of the contact pages (Canales, NPS, Agentes).
pub const CONTACT_NEEDS: &[cx_engine::Dataset] = &[
    cx_engine::Dataset::Clientes,
    cx_engine::Dataset::Llamadas,
    cx_engine::Dataset::Whatsapp,
    cx_engine::Dataset::Tickets,
    cx_engine::Dataset::Encuestas,
];

/// Runs `f` with the engine and the selection of `chart` (its own full context when the
/// cross-filter came from it); `None` when the filter is malformed.
pub fn with_selection<R>(chart: &str, f: impl FnOnce(&Engine, &Selection) -> R) -> Option<R> {
    let dash = use_dashboard();
    let store = use_store();
    let sel = dash.selection_for(chart).ok()?;
    Some(store.engine.with(|e| f(&e.0, &sel)))
}

/// Runs `f` over the engine's pre-aggregated cells for `chart`'s filter (as [`with_selection`]
/// picks it), when they are built and the filter has only conditions they answer (dates,
/// channels, regions, segments): no rows are selected or read. `None` otherwise — then the page
/// asks the rows. Tracks the cells' build, so a memo moves to them when they are in.
pub fn with_quick<R>(chart: &str, f: impl FnOnce(&cx_engine::Quick) -> R) -> Option<R> {
    let dash = use_dashboard();
    let store = use_store();
    store.quick_version.track();
    let filter = dash.filter_for(chart);
    store
        .engine
        .with(|e| e.0.quick_built(&filter).map(|q| f(&q)))
}

/// The selection of the whole page and the previous period's.
pub fn current() -> (Option<Shared<Selection>>, Option<Shared<Selection>>) {
    let dash = use_dashboard();
    (dash.selection.get().ok(), dash.previous.get())
}

/// The time step of the time charts: the user's choice, or one suited to the range.
pub fn step() -> Granularity {
    let dash = use_dashboard();
    let store = use_store();
    dash.view
        .with(|v| v.step)
        .unwrap_or_else(|| store.engine.with(|e| e.auto_step(&dash.effective.get())))
}

/// The time step of one chart: as [`step`], but the chart a period was clicked in keeps the step
/// of its full context (a clicked month must not turn it into days).
pub fn step_for(chart: &str) -> Granularity {
    let dash = use_dashboard();
    let store = use_store();
    let own = dash
        .view
        .with(|v| v.cross.as_ref().is_some_and(|c| c.origin == chart));
    if !own {
        return step();
    }
    dash.view.with(|v| v.step).unwrap_or_else(|| {
        let bar = dash.view.with(|v| v.filter.clone());
        store.engine.with(|e| e.auto_step(&bar))
    })
}

/// The step of the tiles' sparklines ([`cx_engine::Engine::spark_step`]).
pub fn spark_step() -> Granularity {
    let dash = use_dashboard();
    let store = use_store();
    store.engine.with(|e| e.spark_step(&dash.effective.get()))
}

/// How a figure's change is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A percentage: change in points.
    Pct,
    /// A score (NPS): change in points.
    Points,
    /// A count: relative change in %.
    Count,
    /// A duration in seconds.
    Seconds,
    /// A mean on a scale (CES).
    Scale,
}

/// The change from `prev` to `now`, shown in `unit`.
pub fn delta(now: Option<f64>, prev: Option<f64>, unit: Unit, up_is_good: bool) -> Option<Delta> {
    let (a, b) = (now?, prev?);
    let change = a - b;
    let shown = match unit {
        Unit::Pct | Unit::Points => format!("{} pts", format::signed(change)),
        Unit::Count => {
            if b == 0.0 {
                return None;
            }
            format!("{} %", format::signed(change / b * 100.0))
        }
        Unit::Seconds => {
            let sign = if change < 0.0 { "−" } else { "+" };
            format!("{sign}{}", format::duration(change.abs()))
        }
        Unit::Scale => format!("{:+.2}", change),
    };
    Some(Delta {
        change,
        shown,
        up_is_good,
    })
}

/// A chart over time steps, shared by the pages: `draw` lays out the chart's selection at the
/// chart's step with the highlighted period; a click on a period filters the dashboard to it.
/// Returns the option to draw and the click handler for its [`crate::components::ChartCard`].
pub fn period_chart(
    id: &'static str,
    draw: impl Fn(&Engine, &Selection, Granularity, Option<&str>) -> Plot + Send + Sync + 'static,
) -> (Signal<Option<String>>, Callback<crate::echarts::Click>) {
    let dash = use_dashboard();
    let plot = Memo::new(move |_| {
        let step = step_for(id);
        let highlight = dash.highlight(id);
        with_selection(id, |e, sel| draw(e, sel, step, highlight.as_deref())).unwrap_or_default()
    });
    let on_click = Callback::new(move |c: crate::echarts::Click| {
        if let Some(key) = plot.with_untracked(|p| p.key_at(&c)) {
            dash.cross(period_kind(step_for(id)), key, id);
        }
    });
    (
        Signal::derive(move || plot.with(|p| p.option.clone())),
        on_click,
    )
}

/// The keys (period labels) and the labels as shown of a series of steps.
pub fn periods<T>(steps: &[cx_engine::kpis::headline::Step<T>]) -> (Vec<String>, Vec<String>) {
    (
        steps.iter().map(|p| p.label.clone()).collect(),
        steps.iter().map(|p| format::period(&p.label)).collect(),
    )
}

/// The row a table shows when the filter leaves it empty.
pub fn no_rows(columns: usize) -> leptos::prelude::AnyView {
    view! {
        <tr class="none"><td colspan=columns.to_string()>{crate::labels::no_data()}</td></tr>
    }
    .into_any()
}

/// One engine answer shared by the cards of a page: the cards that show the same figures (the
/// *Canales* table and its two charts, the *Agentes* table and its scatter) ask for them with the
/// same selection, and the rows are read once per filter change, not once per card. An answer is
/// kept for the selection it was made from (the two latest: the cross-filter's origin has its own
/// selection), the engine's version and `K` (a time step…). The key does not tell questions
/// apart: one `Reuse` serves one question (one engine call), whichever card asks it.
pub struct Reuse<K: 'static, T: 'static> {
    kept: StoredValue<Vec<Kept<K, T>>>,
}

struct Kept<K, T> {
    /// Only for its address: the allocation cannot be reused while a `Weak` points at it.
    sel: std::sync::Weak<Selection>,
    version: u64,
    key: K,
    value: std::sync::Arc<T>,
}

impl<K: 'static, T: 'static> Clone for Reuse<K, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: 'static, T: 'static> Copy for Reuse<K, T> {}

impl<K: PartialEq + Send + Sync + 'static, T: Send + Sync + 'static> Reuse<K, T> {
    /// Nothing kept yet (the page's owner disposes of it).
    pub fn new() -> Self {
        Reuse {
            kept: StoredValue::new(Vec::new()),
        }
    }

    /// The answer of `f` for `chart`'s selection ([`with_selection`]) and `key`: the kept one
    /// when it was made from the same selection, engine version and key.
    pub fn get(
        &self,
        chart: &str,
        key: K,
        f: impl FnOnce(&Engine, &Selection) -> T,
    ) -> Option<std::sync::Arc<T>> {
        let dash = use_dashboard();
        let store = use_store();
        let sel = dash.selection_for(chart).ok()?;
        store.engine.with(|e| {
            let version = e.0.version();
            let weak = std::sync::Arc::downgrade(&sel.0);
            let hit = self
                .kept
                .try_with_value(|kept| {
                    kept.iter()
                        .find(|k| {
                            k.version == version
                                && k.key == key
                                && std::sync::Weak::ptr_eq(&k.sel, &weak)
                        })
                        .map(|k| k.value.clone())
                })
                .flatten();
            if let Some(v) = hit {
                return Some(v);
            }
            let value = std::sync::Arc::new(f(&e.0, &sel));
            self.kept.try_update_value(|kept| {
                kept.retain(|k| k.sel.strong_count() > 0 && k.version == version);
                if kept.len() >= 2 {
                    kept.remove(0);
                }
                kept.push(Kept {
                    sel: weak,
                    version,
                    key,
                    value: value.clone(),
                });
            });
            Some(value)
        })
    }
}
