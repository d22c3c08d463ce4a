use leptos::prelude::*;

/// A headline number with its label and a detail line.
///
/// `raw` is the unrounded value, exposed as `data-value` so tests can compare exactly.
#[component]
pub fn KpiTile(
    /// What the number is.
    label: &'static str,
    /// The number as shown.
    value: String,
    /// The unrounded number.
    raw: String,
    /// A line under the number (sample size, margin…).
    detail: String,
    /// Stable id for tests.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="kpi" data-testid=testid data-value=raw>
            <div class="kpi-label">{label}</div>
            <div class="kpi-value">{value}</div>
            <div class="kpi-detail">{detail}</div>
        </div>
    }
}
