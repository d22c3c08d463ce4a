//! Reusable view pieces.

mod error_panel;
mod kpi_tile;
mod sentiment_view;
mod volume_chart;

pub use error_panel::ErrorPanel;
pub use kpi_tile::KpiTile;
pub use sentiment_view::SentimentView;
pub use volume_chart::{ChartCard, VolumeChart};
