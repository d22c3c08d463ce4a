//! Adapter from engine results to ECharts options (built with `charming`, handed over as JSON).
//! No aggregation happens here: the engine's values are only laid out on axes. Each builder
//! returns `None` when there is nothing to draw, so the card shows its empty state. Every label
//! is Spanish; names from the data reach ECharts as data, which it escapes in its tooltips.

use charming::component::{Axis, Grid, Legend, VisualMap};
use charming::datatype::DataPointItem;
use charming::element::{
    AxisType, Color, ItemStyle, Label, LabelPosition, LineStyle, LineStyleType, MarkLine,
    MarkLineData, MarkLineVariant, Tooltip, Trigger,
};
use charming::series::{Bar, Heatmap, Line, Pie, Scatter};
use charming::Chart;
use cx_engine::kpis::agents::{AgentCard, TeamMedian};
use cx_engine::kpis::channels::ChannelRow;
use cx_engine::kpis::drivers::Driver;
use cx_engine::kpis::headline::Step;
use cx_engine::kpis::surveys::NpsGroup;
use cx_engine::schema::CHANNELS;
use cx_engine::{Nps, VolumeCell};

use crate::format;
use crate::labels;

/// Opacity of the elements not selected when a chart's own element is the cross-filter.
const DIMMED: f64 = 0.3;
/// Fewest answers for an NPS point to be read on its own; fewer are greyed and labelled.
pub const MIN_NPS_N: u64 = 30;

fn base(categories: Vec<String>) -> Chart {
    Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
        .grid(
            Grid::new()
                .left("3%")
                .right("3%")
                .bottom("3%")
                .top("64")
                .contain_label(true),
        )
        .x_axis(Axis::new().type_(AxisType::Category).data(categories))
}

fn value_axis(name: &str) -> Axis {
    Axis::new().type_(AxisType::Value).name(name)
}

fn dim_unless(selected: bool, any: bool) -> Option<ItemStyle> {
    (any && !selected).then(|| ItemStyle::new().opacity(DIMMED))
}

fn json(chart: Chart) -> Option<String> {
    Some(chart.to_string())
}

/// Stacked bars: contacts per period and channel; `highlight` is a selected period label.
pub fn volume(cells: &[VolumeCell], highlight: Option<&str>) -> Option<String> {
    if cells.is_empty() {
        return None;
    }
    let mut periods: Vec<&str> = cells.iter().map(|c| c.period.as_str()).collect();
    periods.sort_unstable();
    periods.dedup();
    let shown: Vec<String> = periods.iter().map(|p| format::period(p)).collect();
    let mut chart = base(shown).y_axis(value_axis("contactos"));
    for channel in CHANNELS {
        let data: Vec<DataPointItem> = periods
            .iter()
            .map(|p| {
                let n = cells
                    .iter()
                    .find(|c| c.period == *p && c.channel == channel)
                    .map_or(0, |c| c.n as i64);
                let mut item = DataPointItem::new(n).name(*p);
                if let Some(s) = dim_unless(Some(*p) == highlight, highlight.is_some()) {
                    item = item.item_style(s);
                }
                item
            })
            .collect();
        chart = chart.series(
            Bar::new()
                .name(labels::channel(channel))
                .stack("total")
                .data(data),
        );
    }
    json(chart)
}

/// Bars: CSAT per channel, the selected channel highlighted.
pub fn channel_csat(rows: &[ChannelRow], highlight: Option<&str>) -> Option<String> {
    let rows: Vec<&ChannelRow> = rows.iter().filter(|r| r.csat.is_some()).collect();
    if rows.is_empty() {
        return None;
    }
    let names: Vec<String> = rows.iter().map(|r| labels::channel(r.channel)).collect();
    let data: Vec<DataPointItem> = rows
        .iter()
        .map(|r| {
            let v = (r.csat.unwrap_or(0.0) * 10.0).round() / 10.0;
            let mut item = DataPointItem::new(v).name(r.channel);
            if let Some(s) = dim_unless(Some(r.channel) == highlight, highlight.is_some()) {
                item = item.item_style(s);
            }
            item
        })
        .collect();
    json(
        base(names)
            .y_axis(value_axis("CSAT (%)").min(0).max(100))
            .series(
                Bar::new()
                    .name("CSAT (%)")
                    .label(Label::new().show(true).position(LabelPosition::Top))
                    .data(data),
            ),
    )
}

/// Pie: share of contacts per channel, the selected slice highlighted.
pub fn channel_share(rows: &[ChannelRow], highlight: Option<&str>) -> Option<String> {
    if rows.iter().all(|r| r.contacts == 0) {
        return None;
    }
    let data: Vec<DataPointItem> = rows
        .iter()
        .filter(|r| r.contacts > 0)
        .map(|r| {
            let mut item = DataPointItem::new(r.contacts as i64).name(labels::channel(r.channel));
            if let Some(s) = dim_unless(Some(r.channel) == highlight, highlight.is_some()) {
                item = item.item_style(s);
            }
            item
        })
        .collect();
    json(
        Chart::new()
            .tooltip(
                Tooltip::new()
                    .trigger(Trigger::Item)
                    .formatter("{b}: {c} ({d} %)"),
            )
            .legend(Legend::new().top("0"))
            .series(
                Pie::new()
                    .name("Contactos")
                    .label(Label::new().show(false))
                    .radius(vec!["35%", "65%"])
                    .data(data),
            ),
    )
}

/// Heatmap: contacts by weekday (rows) and hour (columns); `highlight` (weekday 0–6, hour) is
/// outlined.
pub fn heatmap(grid: &[[u64; 24]; 7], highlight: Option<(usize, usize)>) -> Option<String> {
    let max = grid.iter().flatten().copied().max().unwrap_or(0);
    if max == 0 {
        return None;
    }
    let hours: Vec<String> = (0..24).map(|h| format!("{h:02} h")).collect();
    let days: Vec<String> = labels::WEEKDAYS.iter().map(|d| d.to_string()).collect();
    let data: Vec<charming::datatype::DataFrame> = grid
        .iter()
        .enumerate()
        .flat_map(|(d, row)| {
            row.iter()
                .enumerate()
                .map(move |(h, n)| charming::df![h as i64, d as i64, *n as i64])
        })
        .collect();
    json(
        Chart::new()
            .tooltip(Tooltip::new().trigger(Trigger::Item))
            .grid(
                Grid::new()
                    .left("3%")
                    .right("3%")
                    .top("10")
                    .bottom("60")
                    .contain_label(true),
            )
            .x_axis(Axis::new().type_(AxisType::Category).data(hours))
            .y_axis(
                Axis::new()
                    .type_(AxisType::Category)
                    .data(days)
                    .inverse(true),
            )
            .visual_map(
                VisualMap::new()
                    .min(0)
                    .max(max as f64)
                    .calculable(true)
                    .orient(charming::element::Orient::Horizontal)
                    .left("center")
                    .bottom("0"),
            )
            .series(Heatmap::new().name("Contactos").data(data)),
    )
    .map(|j| outline_cell(j, highlight))
}

/// Outlines one heatmap cell (charming's heatmap data carries no per-item style).
fn outline_cell(json: String, cell: Option<(usize, usize)>) -> String {
    let Some((d, h)) = cell else { return json };
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&json) else {
        return json;
    };
    if let Some(item) = v.pointer_mut(&format!("/series/0/data/{}", d * 24 + h)) {
        let value = item.take();
        *item = serde_json::json!({
            "value": value,
            "itemStyle": { "borderColor": "#101828", "borderWidth": 3 }
        });
    }
    v.to_string()
}

/// The periods with answers, each with its NPS, and their axis labels; `None` when none.
type NpsPoints<'a> = (Vec<(&'a Step<Option<Nps>>, Nps)>, Vec<String>);

fn nps_points(points: &[Step<Option<Nps>>]) -> Option<NpsPoints<'_>> {
    let points: Vec<(&Step<Option<Nps>>, Nps)> = points
        .iter()
        .filter_map(|p| p.value.map(|n| (p, n)))
        .collect();
    let labels = points
        .iter()
        .map(|(p, _)| format::period(&p.label))
        .collect();
    (!points.is_empty()).then_some((points, labels))
}

/// The NPS trend: NPS per period with its 95 % band (dashed bounds) and the answers per period
/// as light bars on a second axis; periods under [`MIN_NPS_N`] answers are grey and labelled.
pub fn nps_trend(points: &[Step<Option<Nps>>], highlight: Option<&str>) -> Option<String> {
    let (points, labels_) = nps_points(points)?;
    let round = |x: f64| (x * 10.0).round() / 10.0;
    let nps: Vec<DataPointItem> = points
        .iter()
        .map(|(p, n)| {
            let mut item = DataPointItem::new(round(n.score)).name(p.label.as_str());
            if n.n() < MIN_NPS_N {
                item = item.item_style(ItemStyle::new().color("#98a2b3"));
            } else if let Some(s) =
                dim_unless(Some(p.label.as_str()) == highlight, highlight.is_some())
            {
                item = item.item_style(s);
            }
            item
        })
        .collect();
    let lower: Vec<f64> = points
        .iter()
        .map(|(_, n)| round(n.score - n.margin95))
        .collect();
    let upper: Vec<f64> = points
        .iter()
        .map(|(_, n)| round(n.score + n.margin95))
        .collect();
    let counts: Vec<i64> = points.iter().map(|(_, n)| n.n() as i64).collect();
    let small: Vec<String> = points
        .iter()
        .filter(|(_, n)| n.n() < MIN_NPS_N)
        .map(|(p, _)| format::period(&p.label))
        .collect();
    let dashed = || {
        LineStyle::new()
            .type_(LineStyleType::Dashed)
            .width(1)
            .color("#98a2b3")
    };
    let mut chart = base(labels_)
        .y_axis(value_axis("NPS (puntos)").min(-100).max(100))
        .y_axis(
            value_axis("respuestas (n)")
                .split_line(charming::element::SplitLine::new().show(false)),
        )
        .series(Line::new().name("NPS").data(nps).symbol_size(8))
        .series(
            Line::new()
                .name("IC 95 % inferior")
                .data(lower)
                .line_style(dashed())
                .show_symbol(false),
        )
        .series(
            Line::new()
                .name("IC 95 % superior")
                .data(upper)
                .line_style(dashed())
                .show_symbol(false),
        )
        .series(
            Bar::new()
                .name("Respuestas (n)")
                .y_axis_index(1)
                .item_style(ItemStyle::new().opacity(0.25))
                .data(counts),
        );
    if !small.is_empty() {
        chart = chart.title(
            charming::component::Title::new()
                .subtext(format!(
                    "En gris: menos de {MIN_NPS_N} respuestas ({})",
                    small.join(", ")
                ))
                .bottom("0"),
        );
    }
    json(chart)
}

/// Stacked bars: promoters, passives and detractors as % of the answers per period.
pub fn nps_parts(points: &[Step<Option<Nps>>]) -> Option<String> {
    let (points, labels_) = nps_points(points)?;
    let share = |f: fn(&Nps) -> u64| -> Vec<f64> {
        points
            .iter()
            .map(|(_, n)| (f(n) as f64 / n.n().max(1) as f64 * 1000.0).round() / 10.0)
            .collect()
    };
    json(
        base(labels_)
            .y_axis(value_axis("% de respuestas").min(0).max(100))
            .color(vec![
                Color::from("#f97066"),
                Color::from("#d0d5dd"),
                Color::from("#32d583"),
            ])
            .series(
                Bar::new()
                    .name("Detractores (0–6)")
                    .stack("p")
                    .data(share(|n| n.detractors)),
            )
            .series(
                Bar::new()
                    .name("Pasivos (7–8)")
                    .stack("p")
                    .data(share(|n| n.passives)),
            )
            .series(
                Bar::new()
                    .name("Promotores (9–10)")
                    .stack("p")
                    .data(share(|n| n.promoters)),
            ),
    )
}

/// Horizontal bars: NPS per group with its margin in the label.
pub fn nps_groups(
    groups: &[NpsGroup],
    highlight: Option<&str>,
    show: fn(&str) -> String,
) -> Option<String> {
    let groups: Vec<(&NpsGroup, Nps)> = groups
        .iter()
        .filter_map(|g| g.nps.map(|n| (g, n)))
        .collect();
    if groups.is_empty() {
        return None;
    }
    let names: Vec<String> = groups.iter().map(|(g, _)| show(&g.key)).collect();
    let data: Vec<DataPointItem> = groups
        .iter()
        .map(|(g, n)| {
            let mut item = DataPointItem::new((n.score * 10.0).round() / 10.0).name(g.key.as_str());
            if let Some(s) = dim_unless(Some(g.key.as_str()) == highlight, highlight.is_some()) {
                item = item.item_style(s);
            }
            item
        })
        .collect();
    let margins: Vec<String> = groups
        .iter()
        .map(|(_, n)| format!("± {:.1} (n = {})", n.margin95, format::int(n.n())))
        .collect();
    json(
        Chart::new()
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .grid(
                Grid::new()
                    .left("3%")
                    .right("12%")
                    .top("10")
                    .bottom("3%")
                    .contain_label(true),
            )
            .x_axis(value_axis("NPS").min(-100).max(100))
            .y_axis(
                Axis::new()
                    .type_(AxisType::Category)
                    .data(names)
                    .inverse(true),
            )
            .series(
                Bar::new()
                    .name("NPS")
                    .label(
                        Label::new()
                            .show(true)
                            .position(LabelPosition::Right)
                            .formatter("{c}"),
                    )
                    .data(data),
            )
            // The margins as an invisible series, so the tooltip shows them next to the score.
            .series(
                Line::new()
                    .name("Margen (95 %)")
                    .data(margins.iter().map(|_| 0).collect::<Vec<i64>>())
                    .show_symbol(false)
                    .line_style(LineStyle::new().opacity(0)),
            ),
    )
    .map(|j| with_margins(j, &margins))
}

/// Puts the margin text on each point of the hidden series (as its name) for the tooltip.
fn with_margins(json: String, margins: &[String]) -> String {
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&json) else {
        return json;
    };
    if let Some(s) = v.pointer_mut("/series/1/data") {
        *s = serde_json::Value::Array(
            margins
                .iter()
                .map(|m| serde_json::json!({"value": m, "name": m}))
                .collect(),
        );
    }
    v.to_string()
}

/// Scatter: key drivers of NPS, importance × performance (numeric drivers).
pub fn drivers(drivers: &[Driver]) -> Option<String> {
    let pts: Vec<DataPointItem> = drivers
        .iter()
        .filter_map(|d| {
            let (i, p) = (d.importance?, d.performance?);
            Some(
                DataPointItem::new(vec![
                    (p * 10.0).round() / 10.0,
                    (i * 1000.0).round() / 1000.0,
                ])
                .name(driver_name(d.driver)),
            )
        })
        .collect();
    if pts.is_empty() {
        return None;
    }
    json(
        Chart::new()
            .tooltip(Tooltip::new().trigger(Trigger::Item))
            .grid(
                Grid::new()
                    .left("3%")
                    .right("6%")
                    .top("64")
                    .bottom("3%")
                    .contain_label(true),
            )
            .x_axis(
                value_axis("desempeño (% que cumple la meta)")
                    .min(0)
                    .max(100),
            )
            .y_axis(value_axis("importancia (|r|)").min(0))
            .series(
                Scatter::new()
                    .name("Impulsores")
                    .symbol_size(18)
                    .label(
                        Label::new()
                            .show(true)
                            .position(LabelPosition::Right)
                            .formatter("{b}"),
                    )
                    .data(pts),
            ),
    )
}

/// Spanish name of a key driver.
pub fn driver_name(key: &str) -> String {
    match key {
        "wait" => "Espera ≤ 60 s".into(),
        "aht" => "AHT ≤ 6 min".into(),
        "fcr" => "Resuelto al primer contacto".into(),
        "channel" => "Canal".into(),
        "category" => "Motivo".into(),
        other => other.to_string(),
    }
}

/// Scatter: AHT × CSAT of the agents with both (phone), team medians as reference lines,
/// quartile 4 in red, the selected agent highlighted.
pub fn agents(
    cards: &[AgentCard],
    medians: &[TeamMedian],
    highlight: Option<&str>,
) -> Option<String> {
    let pts: Vec<(&AgentCard, f64, f64)> = cards
        .iter()
        .filter_map(|c| Some((c, c.row.aht_s?, c.row.csat?)))
        .collect();
    if pts.is_empty() {
        return None;
    }
    let item = |c: &AgentCard, aht: f64, csat: f64| {
        let mut it = DataPointItem::new(vec![
            (aht * 10.0).round() / 10.0,
            (csat * 10.0).round() / 10.0,
        ])
        .name(c.row.agent.as_str());
        if let Some(s) = dim_unless(Some(c.row.agent.as_str()) == highlight, highlight.is_some()) {
            it = it.item_style(s);
        }
        it
    };
    let (bottom, rest): (Vec<_>, Vec<_>) = pts.iter().partition(|(c, _, _)| c.quartile == Some(4));
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .legend(Legend::new().top("0"))
        .grid(
            Grid::new()
                .left("3%")
                .right("6%")
                .top("64")
                .bottom("3%")
                .contain_label(true),
        )
        .x_axis(value_axis("AHT (s)").scale(true))
        .y_axis(value_axis("CSAT (%)").scale(true))
        .series(
            Scatter::new().name("Agentes").symbol_size(10).data(
                rest.iter()
                    .map(|(c, a, s)| item(c, *a, *s))
                    .collect::<Vec<_>>(),
            ),
        )
        .series(
            Scatter::new()
                .name("Cuartil inferior del equipo")
                .symbol_size(12)
                .item_style(ItemStyle::new().color("#d92d20"))
                .label(
                    Label::new()
                        .show(true)
                        .position(LabelPosition::Right)
                        .formatter("{b}"),
                )
                .data(
                    bottom
                        .iter()
                        .map(|(c, a, s)| item(c, *a, *s))
                        .collect::<Vec<_>>(),
                ),
        );
    let teams: Vec<&TeamMedian> = medians
        .iter()
        .filter(|m| pts.iter().any(|(c, _, _)| c.row.team == m.team))
        .collect();
    for m in teams {
        let mut lines = Vec::new();
        if let Some(a) = m.aht_s {
            lines.push(MarkLineVariant::Simple(
                MarkLineData::new()
                    .name(format!("Mediana AHT {}", labels::team(&m.team)))
                    .x_axis((a * 10.0).round() / 10.0),
            ));
        }
        if let Some(c) = m.csat {
            lines.push(MarkLineVariant::Simple(
                MarkLineData::new()
                    .name(format!("Mediana CSAT {}", labels::team(&m.team)))
                    .y_axis((c * 10.0).round() / 10.0),
            ));
        }
        chart = chart.series(
            Line::new()
                .name(format!("Medianas del equipo {}", labels::team(&m.team)))
                .mark_line(
                    MarkLine::new()
                        .silent(true)
                        .symbol(vec![
                            charming::element::Symbol::None,
                            charming::element::Symbol::None,
                        ])
                        .data(lines)
                        .line_style(LineStyle::new().type_(LineStyleType::Dashed)),
                )
                .data(Vec::<i64>::new()),
        );
    }
    json(chart)
}

/// Lines: net sentiment ((positive − negative) / texts × 100) per month, one line per source.
pub fn sentiment_trend(monthly: &[cx_engine::texts::MonthRow]) -> Option<String> {
    use cx_engine::texts::TextSource;
    if monthly.is_empty() {
        return None;
    }
    let months: Vec<String> = monthly.iter().map(|m| format::month(&m.month)).collect();
    let mut chart = base(months).y_axis(value_axis("neto (%)").min(-100).max(100));
    for (k, source) in TextSource::ALL.iter().enumerate() {
        if monthly.iter().all(|m| m.by_source[k].total() == 0) {
            continue;
        }
        // A month without texts of the source is a gap, not a zero.
        let data: Vec<DataPointItem> = monthly
            .iter()
            .map(|m| match m.by_source[k].net() {
                Some(v) => DataPointItem::new((v * 10.0).round() / 10.0),
                None => DataPointItem::new("-"),
            })
            .collect();
        chart = chart.series(Line::new().name(source.name_es()).data(data));
    }
    json(chart)
}

/// Lines: call abandonment (%) and complaint-book entries per period, on two axes.
pub fn abandonment_and_complaints(
    points: &[Step<cx_engine::kpis::headline::Headline>],
    highlight: Option<&str>,
) -> Option<String> {
    if points.is_empty() {
        return None;
    }
    let cats: Vec<String> = points.iter().map(|p| format::period(&p.label)).collect();
    let mark = |p: &Step<cx_engine::kpis::headline::Headline>, v: DataPointItem| match dim_unless(
        Some(p.label.as_str()) == highlight,
        highlight.is_some(),
    ) {
        Some(s) => v.item_style(s),
        None => v,
    };
    let abandonment: Vec<DataPointItem> = points
        .iter()
        .map(|p| {
            let v = match p.value.abandonment {
                Some(a) => DataPointItem::new((a * 10.0).round() / 10.0),
                None => DataPointItem::new("-"),
            };
            mark(p, v.name(p.label.as_str()))
        })
        .collect();
    let complaints: Vec<DataPointItem> = points
        .iter()
        .map(|p| {
            mark(
                p,
                DataPointItem::new(p.value.complaints as i64).name(p.label.as_str()),
            )
        })
        .collect();
    json(
        base(cats)
            .y_axis(value_axis("abandono (%)").min(0))
            .y_axis(
                value_axis("reclamaciones")
                    .min(0)
                    .split_line(charming::element::SplitLine::new().show(false)),
            )
            .series(
                Line::new()
                    .name("Abandono de llamadas (%)")
                    .data(abandonment),
            )
            .series(
                Bar::new()
                    .name("Entradas al libro de reclamaciones")
                    .y_axis_index(1)
                    .item_style(ItemStyle::new().opacity(0.5))
                    .data(complaints),
            ),
    )
}
