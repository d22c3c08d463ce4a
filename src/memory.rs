//! How much data this tab may hold, and what the page says past it.
//!
//! Before a page's datasets are downloaded, the store weighs them with
//! [`cx_engine::Manifest::footprint`] against [`budget`]. Past it nothing is downloaded: the page
//! says what it cannot hold and offers the last 12, 6, 3 or 1 months that fit
//! ([`cx_engine::Manifest::narrower`]), never a frozen or crashed tab.

use cx_engine::limits::MEMORY_BUDGET_BYTES;

/// Largest budget the address may ask for, MB: a wasm32 page holds 4 GiB in all.
pub const MAX_ASKED_MB: u64 = 3_500;

/// Bytes the engine may fill in this tab: `?memoria=<MB>` when the address sets it (a smaller
/// device, a test), else [`MEMORY_BUDGET_BYTES`], lowered to a quarter of the device's memory
/// where the browser tells it (`navigator.deviceMemory`, GB: phones with 2–4 GB).
pub fn budget() -> u64 {
    if let Some(mb) = asked_mb() {
        return mb * 1_000_000;
    }
    let device = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"deviceMemory".into()).ok())
        .and_then(|v| v.as_f64())
        .filter(|gb| gb.is_finite() && *gb > 0.0);
    match device {
        Some(gb) => MEMORY_BUDGET_BYTES.min((gb * 0.25 * 1e9) as u64),
        None => MEMORY_BUDGET_BYTES,
    }
}

/// `?memoria=<MB>`, within 1 and [`MAX_ASKED_MB`]; anything else is ignored.
pub fn asked_mb() -> Option<u64> {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|p| p.get("memoria"))
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|mb| (1..=MAX_ASKED_MB).contains(mb))
}

/// What a page asked for and could not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct TooBig {
    /// The datasets it would have held (those loaded and those asked for).
    pub datasets: Vec<cx_engine::Dataset>,
    /// Their estimated bytes.
    pub needed: u64,
    /// The budget.
    pub budget: u64,
    /// Narrower periods that fit: months and estimated bytes, widest first.
    pub options: Vec<(usize, u64)>,
    /// Months the data spans now.
    pub months: usize,
    /// Whether it can be cut by month ([`cx_engine::Manifest::splits_by_month`]).
    pub splits: bool,
}
