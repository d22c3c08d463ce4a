//! Adapter from engine results to charming (ECharts) charts. No aggregation happens here: the
//! engine's cells are only laid out on the chart's axes.

use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::Bar;
use charming::Chart;
use cx_engine::schema::CHANNELS;
use cx_engine::VolumeCell;

/// A chart with an axis tooltip, a legend on top, and the months on the x axis.
fn monthly_chart(months: Vec<&str>) -> Chart {
    Chart::new()
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
}

/// Stacked bars: contacts per month, one series per channel.
pub fn monthly_volume_chart(cells: &[VolumeCell]) -> Chart {
    let mut months: Vec<&str> = cells.iter().map(|c| c.period.as_str()).collect();
    months.sort_unstable();
    months.dedup();
    let mut chart = monthly_chart(months.clone()).y_axis(Axis::new().type_(AxisType::Value));
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

/// Lines: net sentiment ((positive − negative) / texts × 100) per month, one line per source.
pub fn sentiment_trend_chart(monthly: &[cx_engine::texts::MonthRow]) -> Chart {
    use charming::series::Line;
    use cx_engine::texts::TextSource;
    let months: Vec<&str> = monthly.iter().map(|m| m.month.as_str()).collect();
    let mut chart =
        monthly_chart(months).y_axis(Axis::new().type_(AxisType::Value).min(-100).max(100));
    for (k, source) in TextSource::ALL.iter().enumerate() {
        if monthly.iter().all(|m| m.by_source[k].total() == 0) {
            continue;
        }
        // A month without texts of the source is a gap, not a zero.
        let data: Vec<charming::datatype::DataPointItem> = monthly
            .iter()
            .map(|m| match m.by_source[k].net() {
                Some(v) => charming::datatype::DataPointItem::new((v * 10.0).round() / 10.0),
                None => charming::datatype::DataPointItem::new("-"),
            })
            .collect();
        chart = chart.series(Line::new().name(source.name_es()).data(data));
    }
    chart
}
