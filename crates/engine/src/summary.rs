//! `summary.json`: *Resumen*'s figures under no filter, computed by this engine when the lake is
//! written and listed with its SHA-256 in the manifest, so the page can draw its first paint
//! before any Parquet file has arrived (a few kilobytes against the whole lake). The page shows
//! it only for the view it describes — the whole published period, no filter, its automatic
//! steps — and replaces it with the engine's own figures once the rows are in.

use serde::{Deserialize, Serialize};

use crate::calendar::Granularity;
use crate::kpis::headline::{Headline, Step};
use crate::kpis::insights::Insight;
use crate::kpis::volume::VolumeCell;
use crate::{Engine, Filter};

/// Format version of `summary.json`.
pub const SUMMARY_VERSION: u32 = 1;

/// *Resumen* under no filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// [`SUMMARY_VERSION`].
    pub summary_version: u32,
    /// The tiles.
    pub headline: Headline,
    /// The charts' automatic step over the whole period ([`Granularity::key`]).
    pub step: String,
    /// The tiles per `step` (the abandonment and complaints chart).
    pub series: Vec<Step<Headline>>,
    /// The sparklines' step ([`Engine::spark_step`]).
    pub spark_step: String,
    /// The tiles per `spark_step`, when it is not `step`.
    pub spark_series: Option<Vec<Step<Headline>>>,
    /// Contacts per `step` and channel.
    pub volume: Vec<VolumeCell>,
    /// *Qué cambió*.
    pub insights: Vec<Insight>,
}

impl Summary {
    /// Parses `summary.json`.
    ///
    /// # Errors
    /// Why, when the text is not a summary of this version (the page then waits for the rows).
    pub fn from_json(text: &str) -> Result<Summary, String> {
        let s: Summary =
            serde_json::from_str(text).map_err(|e| format!("summary.json is not valid: {e}"))?;
        if s.summary_version != SUMMARY_VERSION {
            return Err(format!(
                "summary.json has version {} (this app reads {SUMMARY_VERSION})",
                s.summary_version
            ));
        }
        Ok(s)
    }

    /// The steps it holds, as the page's automatic ones must be to use it.
    pub fn steps(&self) -> Option<(Granularity, Granularity)> {
        Some((
            Granularity::from_key(&self.step)?,
            Granularity::from_key(&self.spark_step)?,
        ))
    }

    /// The sparklines' series.
    pub fn spark(&self) -> &[Step<Headline>] {
        self.spark_series.as_deref().unwrap_or(&self.series)
    }
}

impl Engine {
    /// The step of the tiles' sparklines over the filter's range: as [`Engine::auto_step`], but
    /// weeks rather than days beyond three weeks.
    pub fn spark_step(&self, filter: &Filter) -> Granularity {
        let days = self
            .range_of(filter)
            .ok()
            .flatten()
            .map_or(0, |(a, b)| b - a + 1);
        match Granularity::auto(i64::from(days)) {
            Granularity::Day if days > 21 => Granularity::Week,
            g => g,
        }
    }

    /// *Resumen* under no filter, as the page computes it ([`Summary`]).
    pub fn summary(&self) -> Summary {
        let f = Filter::default();
        let sel = self.select(&f).unwrap_or_default();
        let (step, spark) = (self.auto_step(&f), self.spark_step(&f));
        let series = self.headline_series(&sel, step);
        Summary {
            summary_version: SUMMARY_VERSION,
            headline: self.headline(&sel),
            step: step.key().to_string(),
            spark_step: spark.key().to_string(),
            spark_series: (spark != step).then(|| self.headline_series(&sel, spark)),
            series,
            volume: self.volume(&sel, step),
            insights: self.insights(&sel),
        }
    }
}
