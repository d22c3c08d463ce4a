//! KPIs broken down by one dimension: the engine side of charts and tables.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{civil_from_days, day_of_ms, month_index, month_label, weekday};
use crate::filter::Selection;
use crate::kpi::{csat_pct, nps};
use crate::lake::{hour, Index, Lake, NONE, NULL_U8};
use crate::schema::CHANNELS;
use crate::stats::{mean, pct};

/// What to group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Calendar day, `YYYY-MM-DD`.
    Day,
    /// ISO week, labelled by its Monday `YYYY-MM-DD`.
    IsoWeek,
    /// Month, `YYYY-MM`.
    Month,
    /// Channel.
    Channel,
    /// Agent id (rows without an agent are left out).
    Agent,
    /// The customer's department.
    Region,
    /// The customer's segment.
    Segment,
    /// Reason or ticket category (surveys: of the rated interaction).
    Category,
    /// ISO weekday and hour, `1-08` = Monday 08:00–08:59.
    HourWeekday,
}

/// What to measure in each group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Calls + conversations + tickets (count).
    Contacts,
    /// CSAT %.
    Csat,
    /// NPS score.
    Nps,
    /// Mean handle time of answered calls, s.
    Aht,
    /// Abandoned ÷ offered calls, %.
    Abandonment,
}

/// One group's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// Group label.
    pub key: String,
    /// Rows in the group.
    pub n: u64,
    /// The measure; `None` when undefined for the group (e.g. CSAT with no answers).
    pub value: Option<f64>,
}

fn day_label(d: i32) -> String {
    let (y, m, dd) = civil_from_days(d);
    format!("{y:04}-{m:02}-{dd:02}")
}

struct Keys<'a> {
    lake: &'a Lake,
    dim: Dimension,
}

impl Keys<'_> {
    fn time(&self, ms: i64) -> Option<String> {
        let d = day_of_ms(ms);
        Some(match self.dim {
            Dimension::Day => day_label(d),
            Dimension::IsoWeek => day_label(d - weekday(d) as i32),
            Dimension::Month => month_label(month_index(d)),
            Dimension::HourWeekday => format!("{}-{:02}", weekday(d) + 1, hour(ms)),
            _ => return None,
        })
    }

    fn customer(&self, id: i32) -> Option<String> {
        let row = *self.lake.customers.row_of.get(&id)? as usize;
        match self.dim {
            Dimension::Region => self
                .lake
                .regions
                .name(u32::from(*self.lake.customers.region.get(row)?)),
            Dimension::Segment => self
                .lake
                .segments
                .name(u32::from(*self.lake.customers.segment.get(row)?)),
            _ => None,
        }
        .map(str::to_string)
    }

    /// The key of a row given its time, channel, agent, customer and category.
    fn key(
        &self,
        ms: i64,
        channel: u8,
        agent: u32,
        customer: i32,
        category: Option<u32>,
    ) -> Option<String> {
        match self.dim {
            Dimension::Day | Dimension::IsoWeek | Dimension::Month | Dimension::HourWeekday => {
                self.time(ms)
            }
            Dimension::Channel => CHANNELS.get(usize::from(channel)).map(|c| (*c).to_string()),
            Dimension::Agent => (agent != NONE)
                .then(|| self.lake.agents.name(agent).map(str::to_string))
                .flatten(),
            Dimension::Region | Dimension::Segment => self.customer(customer),
            Dimension::Category => category
                .and_then(|c| self.lake.categories.name(c))
                .map(str::to_string),
        }
    }
}

/// `measure` per group of `dim` over the selection. Groups come sorted by key.
pub fn group(
    lake: &Lake,
    index: &Index,
    sel: &Selection,
    dim: Dimension,
    measure: Measure,
) -> Vec<Group> {
    let keys = Keys { lake, dim };
    // Per group: rows, and the measure's running parts.
    let mut scores: BTreeMap<String, Vec<Option<u8>>> = BTreeMap::new();
    let mut sums: BTreeMap<String, (u64, f64, u64)> = BTreeMap::new(); // rows, sum, hits
    match measure {
        Measure::Contacts => {
            let c = &lake.calls;
            for &i in &sel.calls {
                let i = i as usize;
                if let Some(k) = keys.key(
                    c.start_ms[i],
                    0,
                    c.agent[i],
                    c.customer[i],
                    Some(u32::from(c.reason[i])),
                ) {
                    sums.entry(k).or_default().0 += 1;
                }
            }
            let h = &lake.chats;
            for &i in &sel.chats {
                let i = i as usize;
                if let Some(k) = keys.key(
                    h.start_ms[i],
                    1,
                    h.agent[i],
                    h.customer[i],
                    Some(u32::from(h.reason[i])),
                ) {
                    sums.entry(k).or_default().0 += 1;
                }
            }
            let t = &lake.tickets;
            for &i in &sel.tickets {
                let i = i as usize;
                if let Some(k) = keys.key(
                    t.created_ms[i],
                    t.channel[i],
                    t.agent[i],
                    t.customer[i],
                    Some(u32::from(t.category[i])),
                ) {
                    sums.entry(k).or_default().0 += 1;
                }
            }
        }
        Measure::Csat | Measure::Nps => {
            let s = &lake.surveys;
            for &i in &sel.surveys {
                let i = i as usize;
                let category = rated_category(lake, index, i);
                if let Some(k) = keys.key(
                    s.at_ms[i],
                    s.channel[i],
                    s.agent[i],
                    s.customer[i],
                    category,
                ) {
                    let v = if measure == Measure::Csat {
                        s.csat[i]
                    } else {
                        s.nps[i]
                    };
                    scores
                        .entry(k)
                        .or_default()
                        .push((v != NULL_U8).then_some(v));
                }
            }
        }
        Measure::Aht | Measure::Abandonment => {
            let c = &lake.calls;
            for &i in &sel.calls {
                let i = i as usize;
                let Some(k) = keys.key(
                    c.start_ms[i],
                    0,
                    c.agent[i],
                    c.customer[i],
                    Some(u32::from(c.reason[i])),
                ) else {
                    continue;
                };
                let e = sums.entry(k).or_default();
                e.0 += 1;
                if c.abandoned[i] {
                    e.2 += 1;
                } else if measure == Measure::Aht {
                    e.1 += c.handle_s(i).unwrap_or(0.0);
                }
            }
        }
    }
    if matches!(measure, Measure::Csat | Measure::Nps) {
        return scores
            .into_iter()
            .map(|(key, v)| Group {
                n: v.len() as u64,
                value: if measure == Measure::Csat {
                    csat_pct(&v)
                } else {
                    nps(&v).map(|n| n.score)
                },
                key,
            })
            .collect();
    }
    sums.into_iter()
        .map(|(key, (n, sum, hits))| Group {
            key,
            n,
            value: match measure {
                Measure::Contacts => Some(n as f64),
                Measure::Aht => mean(sum, n - hits),
                _ => pct(hits, n),
            },
        })
        .collect()
}

fn rated_category(lake: &Lake, index: &Index, s: usize) -> Option<u32> {
    let row = *index.rated_row.get(s)?;
    if row == NONE {
        return None;
    }
    let r = row as usize;
    match lake.surveys.rated_dataset.get(s)? {
        0 => lake.calls.reason.get(r).map(|c| u32::from(*c)),
        1 => lake.chats.reason.get(r).map(|c| u32::from(*c)),
        _ => lake.tickets.category.get(r).map(|c| u32::from(*c)),
    }
}
