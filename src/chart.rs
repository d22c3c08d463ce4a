//! Adapter from engine results to charming (ECharts) charts. No aggregation happens here: the
//! engine's cells are only laid out on the chart's axes.

use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::Bar;
use charming::Chart;
use cx_engine::schema::CHANNELS;
use cx_engine::VolumeCell;

/// Stacked bars: contacts per month, one series per channel.
pub fn monthly_volume_chart(cells: &[VolumeCell]) -> Chart {
    let mut months: Vec<&str> = cells.iter().map(|c| c.period.as_str()).collect();
    months.sort_unstable();
    months.dedup();
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
        .grid(
            Grid::new()
                .left("3%")
                .right("2%")
                .bottom("3%")
                .contain_label(true),
        )
        .x_axis(Axis::new().type_(AxisType::Category).data(months.clone()))
        .y_axis(Axis::new().type_(AxisType::Value));
    for channel in CHANNELS {
        let data: Vec<i64> = months
            .iter()
            .map(|m| {
                cells
                    .iter()
                    .find(|c| c.period == *m && c.channel == channel)
                    .map_or(0, |c| c.n as i64)
            })
            .collect();
        if data.iter().any(|n| *n > 0) {
            chart = chart.series(Bar::new().name(channel).stack("total").data(data));
        }
    }
    chart
}
