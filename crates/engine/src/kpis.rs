//! The KPI catalogue by family, one module each: a page asks only for its own slice.
//!
//! Every function takes the [`Lake`](crate::Lake), the rows a filter selected and, where needed,
//! the [`Index`](crate::Index) and [`Options`]; each KPI is `None` when its selection is empty, never
//! NaN. Definitions, units and null rules are in `docs/kpis.md`; the SQL twins in
//! `infra/athena/queries/` compute the same numbers.

use serde::Serialize;

use crate::stats::percentile;

pub mod agents;
pub mod calls;
pub mod channels;
pub mod chats;
pub mod complaints;
pub mod customers;
pub mod drivers;
pub mod headline;
pub mod insights;
pub mod reviews;
pub mod surveys;
pub mod tickets;
pub mod volume;

/// Settings of the KPIs that have one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Service-level threshold, seconds (answered within it counts).
    pub service_level_s: i32,
    /// "Now" for open items (SLA, backlog): normally the start of the day after the period.
    pub as_of_ms: i64,
}

/// Percentile summary of a duration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// Values counted.
    pub n: u64,
    /// Nearest-rank median.
    pub median: f64,
    /// Nearest-rank 90th percentile.
    pub p90: f64,
}

pub(crate) fn spread_ms_as_hours(mut v: Vec<i64>) -> Option<Spread> {
    let n = v.len() as u64;
    let median = percentile(&mut v, 0.5)?;
    let p90 = percentile(&mut v, 0.9)?;
    Some(Spread {
        n,
        median: median as f64 / 3_600_000.0,
        p90: p90 as f64 / 3_600_000.0,
    })
}
