//! Adapter from engine results to ECharts options (built with `charming`, handed over as JSON).
//! No aggregation happens here: the engine's values are only laid out on axes. Each builder
//! returns `None` when there is nothing to draw, so the card shows its empty state. Every label
//! comes in the page's language; names from the data reach ECharts as data, which it escapes in its tooltips.

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
use crate::i18n::t;
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
    let mut chart = base(shown).y_axis(value_axis(t("contactos", "contacts")));
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
                    .name(t("Contactos", "Contacts"))
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
    let days: Vec<String> = labels::weekdays().iter().map(|d| d.to_string()).collect();
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
            .series(Heatmap::new().name(t("Contactos", "Contacts")).data(data)),
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
        .y_axis(
            value_axis(t("NPS (puntos)", "NPS (points)"))
                .min(-100)
                .max(100),
        )
        .y_axis(
            value_axis(t("respuestas (n)", "answers (n)"))
                .split_line(charming::element::SplitLine::new().show(false)),
        )
        .series(Line::new().name("NPS").data(nps).symbol_size(8))
        .series(
            Line::new()
                .name(t("IC 95 % inferior", "95 % CI lower"))
                .data(lower)
                .line_style(dashed())
                .show_symbol(false),
        )
        .series(
            Line::new()
                .name(t("IC 95 % superior", "95 % CI upper"))
                .data(upper)
                .line_style(dashed())
                .show_symbol(false),
        )
        .series(
            Bar::new()
                .name(t("Respuestas (n)", "Answers (n)"))
                .y_axis_index(1)
                .item_style(ItemStyle::new().opacity(0.25))
                .data(counts),
        );
    if !small.is_empty() {
        chart = chart.title(
            charming::component::Title::new()
                .subtext(format!(
                    "{} {MIN_NPS_N} {} ({})",
                    t("En gris: menos de", "In grey: fewer than"),
                    t("respuestas", "answers"),
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
            .y_axis(
                value_axis(t("% de respuestas", "% of answers"))
                    .min(0)
                    .max(100),
            )
            .color(vec![
                Color::from("#f97066"),
                Color::from("#d0d5dd"),
                Color::from("#32d583"),
            ])
            .series(
                Bar::new()
                    .name(t("Detractores (0–6)", "Detractors (0–6)"))
                    .stack("p")
                    .data(share(|n| n.detractors)),
            )
            .series(
                Bar::new()
                    .name(t("Pasivos (7–8)", "Passives (7–8)"))
                    .stack("p")
                    .data(share(|n| n.passives)),
            )
            .series(
                Bar::new()
                    .name(t("Promotores (9–10)", "Promoters (9–10)"))
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
                    .name(t("Margen (95 %)", "Margin (95 %)"))
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
                value_axis(t(
                    "desempeño (% que cumple la meta)",
                    "performance (% meeting the goal)",
                ))
                .min(0)
                .max(100),
            )
            .y_axis(value_axis(t("importancia (|r|)", "importance (|r|)")).min(0))
            .series(
                Scatter::new()
                    .name(t("Impulsores", "Drivers"))
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
        "wait" => t("Espera ≤ 60 s", "Wait ≤ 60 s").into(),
        "aht" => t("AHT ≤ 6 min", "AHT ≤ 6 min").into(),
        "fcr" => t("Resuelto al primer contacto", "Resolved at first contact").into(),
        "channel" => t("Canal", "Channel").into(),
        "category" => t("Motivo", "Reason").into(),
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
            Scatter::new()
                .name(t("Agentes", "Agents"))
                .symbol_size(10)
                .data(
                    rest.iter()
                        .map(|(c, a, s)| item(c, *a, *s))
                        .collect::<Vec<_>>(),
                ),
        )
        .series(
            Scatter::new()
                .name(t(
                    "Cuartil inferior del equipo",
                    "Bottom quartile of the team",
                ))
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
                    .name(format!(
                        "{} AHT {}",
                        t("Mediana", "Median"),
                        labels::team(&m.team)
                    ))
                    .x_axis((a * 10.0).round() / 10.0),
            ));
        }
        if let Some(c) = m.csat {
            lines.push(MarkLineVariant::Simple(
                MarkLineData::new()
                    .name(format!(
                        "{} CSAT {}",
                        t("Mediana", "Median"),
                        labels::team(&m.team)
                    ))
                    .y_axis((c * 10.0).round() / 10.0),
            ));
        }
        chart = chart.series(
            Line::new()
                .name(format!(
                    "{} {}",
                    t("Medianas del equipo", "Team medians"),
                    labels::team(&m.team)
                ))
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
    let mut chart = base(months).y_axis(value_axis(t("neto (%)", "net (%)")).min(-100).max(100));
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
        chart = chart.series(Line::new().name(labels::source(*source)).data(data));
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
            .y_axis(value_axis(t("abandono (%)", "abandonment (%)")).min(0))
            .y_axis(
                value_axis(t("reclamaciones", "complaints"))
                    .min(0)
                    .split_line(charming::element::SplitLine::new().show(false)),
            )
            .series(
                Line::new()
                    .name(t("Abandono de llamadas (%)", "Call abandonment (%)"))
                    .data(abandonment),
            )
            .series(
                Bar::new()
                    .name(t(
                        "Entradas al libro de reclamaciones",
                        "Complaint-book entries",
                    ))
                    .y_axis_index(1)
                    .item_style(ItemStyle::new().opacity(0.5))
                    .data(complaints),
            ),
    )
}

/// One series of [`bars`] or [`lines`]: its name and a value per category (`None` = no value).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// Values in category order.
    pub values: Vec<Option<f64>>,
}

impl Series {
    /// A series from its name and values.
    pub fn new(name: impl Into<String>, values: Vec<Option<f64>>) -> Series {
        Series {
            name: name.into(),
            values,
        }
    }
}

/// A bar or line chart over categories.
#[derive(Debug, Clone, Default)]
pub struct Plan<'a> {
    /// Category keys (what a click reports, what `highlight` matches).
    pub keys: Vec<String>,
    /// Category labels as shown.
    pub labels: Vec<String>,
    /// The series.
    pub series: Vec<Series>,
    /// Name of the value axis.
    pub axis: &'a str,
    /// Stack the series.
    pub stacked: bool,
    /// Bars along the vertical axis (long category names).
    pub horizontal: bool,
    /// Value-axis bounds.
    pub range: Option<(f64, f64)>,
    /// The selected category key (others dimmed).
    pub highlight: Option<&'a str>,
    /// Series drawn as lines (by index) in a bar chart, on a second axis named so.
    pub line_axis: Option<(&'a str, Vec<usize>)>,
}

impl Plan<'_> {
    /// The value axis, or `None` when no series has a value (nothing to draw).
    fn value_axis(&self) -> Option<Axis> {
        if self
            .series
            .iter()
            .all(|s| s.values.iter().all(Option::is_none))
        {
            return None;
        }
        let axis = value_axis(self.axis);
        Some(match self.range {
            Some((lo, hi)) => axis.min(lo).max(hi),
            None => axis,
        })
    }
}

/// Bars of counts per band (age bands, tenure, contacts per customer), labelled `band unit`;
/// `None` when every band is empty.
pub fn bands(items: &[(&str, u64)], unit: &str, name: &str, axis: &str) -> Option<String> {
    if items.iter().all(|b| b.1 == 0) {
        return None;
    }
    bars(Plan {
        keys: items.iter().map(|b| b.0.to_string()).collect(),
        labels: items
            .iter()
            .map(|b| format!("{} {unit}", b.0).trim().to_string())
            .collect(),
        series: vec![Series::new(
            name,
            items.iter().map(|b| Some(b.1 as f64)).collect(),
        )],
        axis,
        ..Plan::default()
    })
}

fn points(plan: &Plan<'_>, s: &Series) -> Vec<DataPointItem> {
    s.values
        .iter()
        .zip(&plan.keys)
        .map(|(v, k)| {
            let item = match v {
                Some(x) => DataPointItem::new((x * 100.0).round() / 100.0),
                None => DataPointItem::new("-"),
            }
            .name(k.as_str());
            match dim_unless(Some(k.as_str()) == plan.highlight, plan.highlight.is_some()) {
                Some(st) => item.item_style(st),
                None => item,
            }
        })
        .collect()
}

/// Bars (grouped or stacked, vertical or horizontal), some series optionally as lines on a
/// second axis. `None` when there is no value at all.
pub fn bars(plan: Plan<'_>) -> Option<String> {
    let value = plan.value_axis()?;
    let cat = Axis::new()
        .type_(AxisType::Category)
        .data(plan.labels.clone());
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
        .grid(
            Grid::new()
                .left("3%")
                .right("4%")
                .bottom("3%")
                .top("64")
                .contain_label(true),
        );
    // Along horizontal bars the axis names sit centred under (or over) the axis, where they fit.
    let centred = |a: Axis| {
        a.name_location(charming::element::NameLocation::Middle)
            .name_gap(26)
    };
    chart = if plan.horizontal {
        chart.y_axis(cat.inverse(true)).x_axis(centred(value))
    } else {
        chart.x_axis(cat).y_axis(value)
    };
    let lines: Vec<usize> = plan
        .line_axis
        .as_ref()
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    if let Some((name, _)) = &plan.line_axis {
        let second = value_axis(name)
            .min(0)
            .split_line(charming::element::SplitLine::new().show(false));
        // The second value axis runs along the bars: on the right of vertical bars, on top of
        // horizontal ones.
        chart = if plan.horizontal {
            chart.x_axis(centred(second).position("top"))
        } else {
            chart.y_axis(second)
        };
    }
    for (k, s) in plan.series.iter().enumerate() {
        let data = points(&plan, s);
        if lines.contains(&k) {
            let line = Line::new().name(s.name.as_str()).data(data);
            chart = chart.series(if plan.horizontal {
                line.x_axis_index(1)
            } else {
                line.y_axis_index(1)
            });
        } else {
            let mut b = Bar::new().name(s.name.as_str()).data(data);
            if plan.stacked {
                b = b.stack("total");
            }
            chart = chart.series(b);
        }
    }
    json(chart)
}

/// Lines over categories (time steps), gaps where a value is missing.
pub fn lines(plan: Plan<'_>) -> Option<String> {
    let value = plan.value_axis()?;
    let mut chart = base(plan.labels.clone()).y_axis(value);
    for s in &plan.series {
        chart = chart.series(
            Line::new()
                .name(s.name.as_str())
                .connect_nulls(false)
                .data(points(&plan, s)),
        );
    }
    json(chart)
}
