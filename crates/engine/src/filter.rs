//! Filters and the row selections they produce.
//!
//! A filter is a conjunction of optional conditions. Each condition applies to the datasets that
//! carry its dimension and leaves the others alone: a platform filter narrows reviews and nothing
//! else; a channel filter narrows calls (channel `teléfono`), chats (`chat`), tickets and surveys
//! (their `canal`); region and segment go through the customer of the row (reviews have none).
//! Date bounds are inclusive days of each row's own time column.

use serde::{Deserialize, Serialize};

use crate::calendar::MS_PER_DAY;
use crate::lake::{Index, Lake, NONE};
use crate::schema::CHANNELS;

/// What the user selected. Empty lists and `None` mean "no condition".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// First day, `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, inclusive.
    pub to: Option<String>,
    /// Channels (`teléfono`, `chat`, `email`, `web`, `presencial`).
    pub channels: Vec<String>,
    /// Departments of the customer.
    pub regions: Vec<String>,
    /// Customer segments.
    pub segments: Vec<String>,
    /// Agent ids.
    pub agents: Vec<String>,
    /// Call/chat reasons and ticket categories.
    pub categories: Vec<String>,
    /// Review platforms.
    pub platforms: Vec<String>,
}

/// The filter changes the benchmarks replay (natively and in the browser): everything, one
/// channel, one month, two segments of one region, two agents.
pub fn benchmark_filters() -> Vec<Filter> {
    let f = Filter::default;
    vec![
        f(),
        Filter {
            channels: vec!["chat".into()],
            ..f()
        },
        Filter {
            from: Some("2025-08-01".into()),
            to: Some("2025-08-31".into()),
            ..f()
        },
        Filter {
            regions: vec!["Lima".into()],
            segments: vec!["Premium".into(), "Pyme".into()],
            ..f()
        },
        Filter {
            agents: vec!["T-07".into(), "T-08".into()],
            ..f()
        },
    ]
}

/// Parses `YYYY-MM-DD` into a day number.
pub fn parse_day(s: &str) -> Option<i32> {
    let mut it = s.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = crate::calendar::days_from_civil(y, m, d);
    (crate::calendar::civil_from_days(days) == (y, m, d)).then_some(days)
}

/// A filter resolved against a lake's dictionaries: codes instead of strings.
#[derive(Debug, Clone)]
pub struct Resolved {
    from_ms: i64,
    to_end_ms: i64,
    channels: Option<Vec<bool>>,
    regions: Option<Vec<bool>>,
    segments: Option<Vec<bool>>,
    agents: Option<Vec<bool>>,
    categories: Option<Vec<bool>>,
    platforms: Option<Vec<bool>>,
}

/// Row selections of every table for one filter.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Selected call rows.
    pub calls: Vec<u32>,
    /// Selected chat rows.
    pub chats: Vec<u32>,
    /// Selected ticket rows.
    pub tickets: Vec<u32>,
    /// Selected survey rows.
    pub surveys: Vec<u32>,
    /// Selected review rows.
    pub reviews: Vec<u32>,
    /// Selected complaint rows.
    pub complaints: Vec<u32>,
}

fn mask(values: &[String], lookup: impl Fn(&str) -> Option<u32>, len: usize) -> Option<Vec<bool>> {
    if values.is_empty() {
        return None;
    }
    let mut m = vec![false; len];
    for v in values {
        // An unknown value matches nothing, so the mask stays all-false for it.
        if let Some(c) = lookup(v) {
            if let Some(slot) = m.get_mut(c as usize) {
                *slot = true;
            }
        }
    }
    Some(m)
}

fn allows(m: &Option<Vec<bool>>, code: u32) -> bool {
    match m {
        None => true,
        Some(m) => m.get(code as usize).copied().unwrap_or(false),
    }
}

impl Filter {
    /// Resolves names to codes. An unparsable date is an error naming the field.
    ///
    /// # Errors
    /// A message naming `from` or `to` when it is not a valid `YYYY-MM-DD` date.
    pub fn resolve(&self, lake: &Lake) -> Result<Resolved, String> {
        let bound = |v: &Option<String>, field: &str, default: i32| match v {
            None => Ok(default),
            Some(s) => parse_day(s)
                .ok_or_else(|| format!("filter `{field}`: {s:?} is not a YYYY-MM-DD date")),
        };
        let from = bound(&self.from, "from", i32::MIN)?;
        let to = bound(&self.to, "to", i32::MAX)?;
        Ok(Resolved {
            from_ms: if from == i32::MIN {
                i64::MIN
            } else {
                i64::from(from) * MS_PER_DAY
            },
            to_end_ms: if to == i32::MAX {
                i64::MAX
            } else {
                (i64::from(to) + 1) * MS_PER_DAY
            },
            channels: mask(
                &self.channels,
                |v| CHANNELS.iter().position(|c| *c == v).map(|p| p as u32),
                CHANNELS.len(),
            ),
            regions: mask(&self.regions, |v| lake.regions.get(v), lake.regions.len()),
            segments: mask(
                &self.segments,
                |v| lake.segments.get(v),
                lake.segments.len(),
            ),
            agents: mask(&self.agents, |v| lake.agents.get(v), lake.agents.len()),
            categories: mask(
                &self.categories,
                |v| lake.categories.get(v),
                lake.categories.len(),
            ),
            platforms: mask(
                &self.platforms,
                |v| lake.platforms.get(v),
                lake.platforms.len(),
            ),
        })
    }
}

impl Resolved {
    fn in_range(&self, ms: i64) -> bool {
        // Compare in ms: no day conversion per row.
        ms >= self.from_ms && ms < self.to_end_ms
    }

    fn customer_ok(&self, lake: &Lake, row: u32) -> bool {
        if self.regions.is_none() && self.segments.is_none() {
            return true;
        }
        if row == NONE {
            return false; // an unknown customer has no region or segment to match
        }
        let r = row as usize;
        let region = lake.customers.region.get(r).map_or(NONE, |c| u32::from(*c));
        let segment = lake
            .customers
            .segment
            .get(r)
            .map_or(NONE, |c| u32::from(*c));
        allows(&self.regions, region) && allows(&self.segments, segment)
    }

    fn agent_ok(&self, agent: u32) -> bool {
        self.agents.is_none() || (agent != NONE && allows(&self.agents, agent))
    }

    /// Selects the rows of every table (`index` from [`Lake::index`]).
    pub fn select(&self, lake: &Lake, index: &Index) -> Selection {
        let open = self.from_ms == i64::MIN
            && self.to_end_ms == i64::MAX
            && self.regions.is_none()
            && self.segments.is_none();
        let contact_open = open && self.channels.is_none() && self.agents.is_none();
        // With no condition on a table, every row is selected: skip the per-row test.
        fn pick(n: usize, all: bool, keep: impl Fn(usize) -> bool) -> Vec<u32> {
            if all {
                (0..n as u32).collect()
            } else {
                (0..n).filter(|&i| keep(i)).map(|i| i as u32).collect()
            }
        }
        let c = &lake.calls;
        let calls = pick(c.id.len(), contact_open && self.categories.is_none(), |i| {
            self.in_range(c.start_ms[i])
                && allows(&self.channels, 0)
                && self.agent_ok(c.agent[i])
                && allows(&self.categories, u32::from(c.reason[i]))
                && self.customer_ok(lake, index.call_customer[i])
        });
        let h = &lake.chats;
        let chats = pick(h.id.len(), contact_open && self.categories.is_none(), |i| {
            self.in_range(h.start_ms[i])
                && allows(&self.channels, 1)
                && self.agent_ok(h.agent[i])
                && allows(&self.categories, u32::from(h.reason[i]))
                && self.customer_ok(lake, index.chat_customer[i])
        });
        let t = &lake.tickets;
        let tickets = pick(t.id.len(), contact_open && self.categories.is_none(), |i| {
            self.in_range(t.created_ms[i])
                && allows(&self.channels, u32::from(t.channel[i]))
                && self.agent_ok(t.agent[i])
                && allows(&self.categories, u32::from(t.category[i]))
                && self.customer_ok(lake, index.ticket_customer[i])
        });
        let s = &lake.surveys;
        let surveys = pick(s.at_ms.len(), contact_open, |i| {
            self.in_range(s.at_ms[i])
                && allows(&self.channels, u32::from(s.channel[i]))
                && self.agent_ok(s.agent[i])
                && self.customer_ok(lake, index.survey_customer[i])
        });
        let r = &lake.reviews;
        let reviews = pick(
            r.at_ms.len(),
            self.from_ms == i64::MIN && self.to_end_ms == i64::MAX && self.platforms.is_none(),
            |i| self.in_range(r.at_ms[i]) && allows(&self.platforms, u32::from(r.platform[i])),
        );
        let b = &lake.complaints;
        let complaints = pick(b.filed_ms.len(), open, |i| {
            self.in_range(b.filed_ms[i]) && self.customer_ok(lake, index.complaint_customer[i])
        });
        Selection {
            calls,
            chats,
            tickets,
            surveys,
            reviews,
            complaints,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_day_rejects_impossible_dates() {
        assert_eq!(
            parse_day("2025-02-28"),
            Some(crate::calendar::days_from_civil(2025, 2, 28))
        );
        assert_eq!(parse_day("2025-02-29"), None);
        assert_eq!(parse_day("2025-13-01"), None);
        assert_eq!(parse_day("ayer"), None);
    }
}
