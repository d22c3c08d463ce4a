//! In-browser benchmark (`?bench=N`): N filter changes, each selecting the rows and recomputing
//! every KPI, timed with `performance.now()`. Read by `tests/bench/kpi_wasm.mjs`; never part of
//! normal use. With `&twins=<JSON list of filters>` it also times, for each of those filters,
//! what the race's DuckDB-Wasm page computes with SQL (`tests/bench/race.mjs`): the selection,
//! the Resumen tiles' figures and the contacts by channel and month.

use cx_engine::{benchmark_filters, report, Dataset, Engine, Filter, Granularity};
use leptos::prelude::*;
use serde::Serialize;

use crate::store::{use_store, Status};

/// What one benchmark run measured.
#[derive(Debug, Clone, Serialize)]
pub struct BenchResult {
    /// Filter changes timed.
    pub iterations: usize,
    /// Median ms per filter change + full catalogue.
    pub median_ms: f64,
    /// 90th percentile ms.
    pub p90_ms: f64,
    /// Median ms of each benchmark filter (`cx_engine::benchmark_filters` order).
    pub per_filter_median_ms: Vec<f64>,
    /// Rows in the lake.
    pub rows: usize,
    /// Bytes of the columnar model.
    pub column_bytes: usize,
    /// Per filter of `&twins=`, in order: ms for the selection, the tiles' figures and the
    /// contacts by channel and month (median of three); null for a filter that does not resolve.
    pub twins_ms: Vec<f64>,
}

/// The filters of `&twins=`, if any (a malformed list is ignored: this is a benchmark).
fn twin_filters() -> Vec<Filter> {
    let search = web_sys::window().and_then(|w| w.location().search().ok());
    search
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("twins"))
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default()
}

/// The number of iterations asked for by `?bench=N`, if any.
pub fn requested() -> Option<usize> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get("bench")?.parse().ok().filter(|n| *n > 0)
}

/// Loads every dataset, then runs the benchmark and shows its JSON.
#[component]
pub fn BenchPanel(
    /// Filter changes to time.
    iterations: usize,
) -> impl IntoView {
    let store = use_store();
    Effect::new(move |_| {
        store.manifest.track();
        store.need(&Dataset::ALL);
    });
    view! {
        {move || store.too_big.with(|t| t.as_ref().map(|t| {
            let text = format!("benchmark unavailable: the data needs {} bytes, the budget is {} (set ?memoria=<MB>)", t.needed, t.budget);
            view! { <pre class="bench" data-testid="bench">{text}</pre> }
        }))}
        {move || {
            let ready = store.status.with(|s| Dataset::ALL.iter().all(|d| matches!(s.get(d), Some(Status::Ready | Status::Failed(_)))));
            ready.then(|| {
                let text = store.engine.with(|e| run(&e.0, iterations))
                    .and_then(|r| serde_json::to_string(&r).ok())
                    .unwrap_or_else(|| "benchmark unavailable".to_string());
                view! { <pre class="bench" data-testid="bench">{text}</pre> }
            })
        }}
    }
}

/// Runs the benchmark over the loaded engine.
pub fn run(engine: &Engine, iterations: usize) -> Option<BenchResult> {
    let perf = web_sys::window()?.performance()?;
    let filters = benchmark_filters();
    let mut times = Vec::with_capacity(iterations);
    let mut per_filter: Vec<Vec<f64>> = vec![Vec::new(); filters.len()];
    for k in 0..iterations {
        let filter = filters.get(k % filters.len())?;
        let t0 = perf.now();
        let selection = engine.select(filter).ok()?;
        let r = report(engine.lake(), engine.index(), &selection, engine.options());
        let ms = perf.now() - t0;
        times.push(ms);
        if let Some(v) = per_filter.get_mut(k % filters.len()) {
            v.push(ms);
        }
        std::hint::black_box(r);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len().saturating_sub(1) / 2)
            .copied()
            .unwrap_or(f64::NAN)
    };
    let per_filter_median_ms = per_filter.iter_mut().map(median).collect();
    times.sort_by(f64::total_cmp);
    let at = |p: f64| {
        times
            .get(((p * times.len() as f64).ceil() as usize).saturating_sub(1))
            .copied()
    };
    let mut twins_ms = Vec::new();
    // The page builds the cells once, after a load; so here, before the timings.
    engine.prepare_quick();
    for filter in twin_filters() {
        // A filter the lake cannot resolve (a day outside it…) is reported as null.
        if engine.select(&filter).is_err() {
            twins_ms.push(f64::NAN);
            continue;
        }
        let mut t = [0.0; 3];
        for slot in &mut t {
            // As the page: from the pre-aggregated cells when the filter allows, else the rows.
            let t0 = perf.now();
            let (h, v) = match engine.quick(&filter) {
                Some(q) => (q.headline(), q.volume(Granularity::Month)),
                None => {
                    let Ok(selection) = engine.select(&filter) else {
                        break;
                    };
                    (
                        engine.headline(&selection),
                        engine.volume(&selection, Granularity::Month),
                    )
                }
            };
            *slot = perf.now() - t0;
            std::hint::black_box((h, v));
        }
        t.sort_by(f64::total_cmp);
        twins_ms.push(t[1]);
    }
    Some(BenchResult {
        twins_ms,
        per_filter_median_ms,
        iterations,
        median_ms: at(0.5)?,
        p90_ms: at(0.9)?,
        rows: engine.lake().row_counts().iter().map(|(_, n)| n).sum(),
        column_bytes: engine.lake().column_bytes(),
    })
}
