//! Analytics engine of the customer-satisfaction dashboard.
//!
//! - [`schema`] is the data contract shared by the generator, the engine, the SQL and the docs.
//! - [`read_columns`] decodes Parquet bytes into Arrow batches, checked against the contract.
//! - [`read_contacts`] / [`read_surveys`] build the compact columnar model ([`Contacts`],
//!   [`Surveys`]) that the KPI functions ([`summary`], [`csat_pct`], [`nps`],
//!   [`monthly_volume`]) run over.
//! - [`calendar`] holds day arithmetic and Peru's business-day calendar.
//!
//! The crate has no UI, DOM or I/O: it compiles natively and to `wasm32-unknown-unknown`.

pub mod calendar;
mod decode;
mod error;
mod kpi;
mod manifest;
mod model;
pub mod schema;

pub use decode::read_columns;
pub use error::EngineError;
pub use kpi::{csat_pct, monthly_volume, nps, summary, KpiSummary, MonthlyVolume, Nps};
pub use manifest::{ColumnEntry, DatasetEntry, FileEntry, Manifest, MANIFEST_VERSION};
pub use model::{read_contacts, read_surveys, Contacts, Surveys};
