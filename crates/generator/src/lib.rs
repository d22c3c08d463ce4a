//! Deterministic generator of the simulated Peruvian customer-satisfaction datasets.
//!
//! [`generate`] writes the seven datasets of [`cx_engine::schema`] as a Hive-partitioned Parquet
//! lake with CSV copies and a `manifest.json` (`<out>/published/`), and the customers' personal
//! data apart (`<out>/private/`). The same [`Config`] always gives byte-identical files. The
//! planted stories a dashboard should reveal are in [`world`] and `docs/data.md`.

mod contacts;
mod customers;
mod generate;
mod lake;
mod public;
mod rng;
mod surveys;
mod text;
pub mod world;

pub use generate::{generate, Config, Summary, MAX_SCALE};
