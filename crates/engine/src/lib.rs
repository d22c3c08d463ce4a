//! Analytics engine of the customer-satisfaction dashboard.
//!
//! - [`schema`] is the data contract shared by the generator, the engine, the SQL and the docs.
//! - [`Lake::add_parquet`] decodes Parquet bytes (checked against the contract) into the compact
//!   columnar [`Lake`]: dictionary codes for categories, integer days and seconds, nulls kept.
//! - [`Filter`] selects rows by date range, channel, region, segment, agent, category and
//!   platform; [`report`] computes the whole KPI catalogue ([`Report`]) over a selection, and
//!   [`group`] breaks a KPI down by day, week, month, channel, agent, region, segment, category or
//!   hour × weekday.
//! - [`texts`] loads the customer texts, scores them with the `sentiment` crate in chunks and
//!   aggregates their sentiment by source, month and aspect for a filter.
//! - [`calendar`] holds day arithmetic and Peru's business-day calendar; [`stats`] the percentile
//!   and correlation definitions.
//!
//! The crate has no UI, DOM or I/O: it compiles natively and to `wasm32-unknown-unknown`. Every
//! KPI is `None` on an empty selection, never NaN.

pub mod calendar;
pub mod coerce;
mod cube;
mod dataset;
mod decode;
mod engine;
mod error;
mod filter;
pub mod group;
pub mod import;
mod index;
mod kpi;
pub mod kpis;
mod lake;
pub mod limits;
mod manifest;
pub mod records;
mod report;
pub mod schema;
pub mod stats;
mod summary;
#[cfg(feature = "sentiment")]
pub mod texts;

pub use calendar::Granularity;
pub use cube::{Quick, MAX_GRID_SLOTS};
pub use dataset::Dataset;
pub use decode::{check_frame, open_columns, parquet_rows, read_columns, vet, Batches};
pub use engine::{Engine, QuickBuild, Staging};
pub use error::{EngineError, OutOfRange};
pub use filter::{benchmark_filters, parse_day, Filter, FilterError, Resolved, Selection};
pub use index::{IndexBuild, INDEX_STEP_ROWS};
pub use kpi::{csat_pct, nps, Nps};
pub use kpis::agents::AgentRow;
pub use kpis::calls::CallKpis;
pub use kpis::chats::ChatKpis;
pub use kpis::complaints::{Backlog, ComplaintKpis};
pub use kpis::drivers::Driver;
pub use kpis::reviews::ReviewStats;
pub use kpis::surveys::SurveyKpis;
pub use kpis::tickets::{business_ms, TicketKpis};
pub use kpis::volume::VolumeCell;
pub use kpis::{Options, Spread};
pub use lake::{
    needed_columns, Calls, Chats, Complaints, Customers, DatasetLoad, Dict, FileLoad, Index, Lake,
    Reviews, Surveys, Tickets, NONE, NONE_U16, NULL, NULL_I64, NULL_U8,
};
pub use manifest::{sha256_hex, ColumnEntry, DatasetEntry, FileEntry, Manifest, MANIFEST_VERSION};
pub use records::Records;
pub use report::{report, Report};
pub use summary::{Summary, SUMMARY_VERSION};
