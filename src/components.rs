//! Building blocks shared by the pages.

mod chart_card;
mod data_gate;
pub mod data_panel;
mod error_panel;
mod filter_bar;
mod kpi_tile;

pub use chart_card::ChartCard;
pub use data_gate::DataGate;
pub use error_panel::ErrorPanel;
pub use filter_bar::{Chips, FilterBar, Notices};
pub use kpi_tile::{Delta, KpiTile, Sparkline};
