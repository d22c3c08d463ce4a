//! Adapter from engine results to charming (ECharts) charts. No aggregation happens here.

use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::Bar;
use charming::Chart;
use cx_engine::calendar::month_label;
use cx_engine::schema::CHANNELS;
use cx_engine::MonthlyVolume;

/// Stacked bars: contacts per month, one series per channel.
pub fn monthly_volume_chart(volume: &MonthlyVolume) -> Chart {
    let months: Vec<String> = volume.months.iter().map(|m| month_label(*m)).collect();
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
        .x_axis(Axis::new().type_(AxisType::Category).data(months))
        .y_axis(Axis::new().type_(AxisType::Value));
    for (channel, counts) in CHANNELS.iter().zip(&volume.counts) {
        let data: Vec<i64> = counts.iter().map(|c| *c as i64).collect();
        chart = chart.series(Bar::new().name(*channel).stack("total").data(data));
    }
    chart
}
