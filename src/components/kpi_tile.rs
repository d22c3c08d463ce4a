use leptos::prelude::*;

use crate::i18n::t;

/// The change of a headline figure against the previous period.
#[derive(Debug, Clone, PartialEq)]
pub struct Delta {
    /// Current − previous, in the figure's unit (points for percentages).
    pub change: f64,
    /// The change as shown (`+2.1 pts`, `−0:12`).
    pub shown: String,
    /// Whether a rise is good news for this figure (colours the arrow).
    pub up_is_good: bool,
}

/// A headline number with its label, a detail line, its change against the previous period and
/// a sparkline.
///
/// `raw` is the unrounded value, exposed as `data-value` so tests can compare exactly.
#[component]
pub fn KpiTile(
    /// What the number is.
    #[prop(into)]
    label: String,
    /// The number as shown.
    value: String,
    /// The unrounded number.
    raw: String,
    /// A line under the number (sample size, margin…).
    detail: String,
    /// Stable id for tests.
    #[prop(into)]
    testid: String,
    /// Change against the previous period; `None` hides it.
    #[prop(optional_no_strip)]
    delta: Option<Delta>,
    /// Whether a comparison was asked for (then a missing delta says why).
    #[prop(optional)]
    comparing: bool,
    /// Whether the previous period exists (a missing delta then means the figure had no value).
    #[prop(optional)]
    previous: bool,
    /// Points of the sparkline, oldest first (gaps as `None`).
    #[prop(optional)]
    spark: Vec<Option<f64>>,
) -> impl IntoView {
    let delta_view = match (&delta, comparing) {
        (Some(d), _) => {
            let arrow = if d.change > 0.0 {
                "▲"
            } else if d.change < 0.0 {
                "▼"
            } else {
                "="
            };
            let good = (d.change > 0.0) == d.up_is_good;
            let class = if d.change == 0.0 {
                "delta flat"
            } else if good {
                "delta good"
            } else {
                "delta bad"
            };
            Some(view! {
                <div class=class data-testid="delta" data-change=d.change.to_string()
                    title=t("frente al período anterior de igual duración", "against the previous period of equal length")>
                    {arrow} " " {d.shown.clone()}
                </div>
            }.into_any())
        }
        (None, true) => Some(view! {
            <div class="delta none" data-testid="delta" title=t("frente al período anterior de igual duración", "against the previous period of equal length")>
                {if previous { t("sin dato en el período anterior", "no value in the previous period") } else { t("sin período anterior", "no previous period") }}
            </div>
        }.into_any()),
        (None, false) => None,
    };
    view! {
        <div class="kpi" data-testid=testid data-value=raw>
            <div class="kpi-label">{label}</div>
            <div class="kpi-value">{value}</div>
            {delta_view}
            <div class="kpi-detail">{detail}</div>
            {(spark.iter().flatten().count() >= 2).then(|| view! { <Sparkline points=spark /> })}
        </div>
    }
}

/// A small line of a figure over time, drawn as SVG (no chart instance per tile).
#[component]
pub fn Sparkline(
    /// Values, oldest first; `None` breaks the line.
    points: Vec<Option<f64>>,
) -> impl IntoView {
    let (w, h) = (120.0, 28.0);
    let values: Vec<f64> = points.iter().flatten().copied().collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let n = points.len().max(2) as f64 - 1.0;
    let mut d = String::new();
    let mut pen_up = true;
    for (k, p) in points.iter().enumerate() {
        match p {
            Some(v) => {
                let x = k as f64 / n * w;
                let y = h - 2.0 - (v - lo) / span * (h - 4.0);
                d.push_str(&format!("{}{x:.1},{y:.1} ", if pen_up { "M" } else { "L" }));
                pen_up = false;
            }
            None => pen_up = true,
        }
    }
    view! {
        <svg class="spark" viewBox=format!("0 0 {w} {h}") preserveAspectRatio="none" aria-hidden="true">
            <path d=d fill="none" stroke="currentColor" stroke-width="1.5"></path>
        </svg>
    }
}
