//! Filters and the row selections they produce.
//!
//! A filter is a conjunction of optional conditions. Each condition applies to the datasets that
//! carry its dimension and leaves the others alone: a platform filter narrows reviews and nothing
//! else; a channel filter narrows calls (channel `teléfono`), chats (`chat`), tickets and surveys
//! (their `canal`); a category filter narrows calls and chats (reason), tickets (category) and
//! surveys (through the interaction they rate); region and segment go through the customer of the
//! row (reviews have none).
//! Date bounds are inclusive days of each row's own time column.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{day_of_ms, Granularity, MS_PER_DAY};
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
    /// Teams: the agent id's prefix (`T` phone, `W` WhatsApp, `S` tickets).
    pub teams: Vec<String>,
    /// Call/chat reasons and ticket categories.
    pub categories: Vec<String>,
    /// Review platforms.
    pub platforms: Vec<String>,
    /// ISO weekdays (1 = Monday … 7 = Sunday) of each row's own time.
    pub weekdays: Vec<u8>,
    /// Hours of the day (0–23) of each row's own time.
    pub hours: Vec<u8>,
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
    let y_text = it.next()?;
    // Four-digit years: day arithmetic stays far from i32 overflow.
    if y_text.len() != 4 {
        return None;
    }
    let y: i32 = y_text.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = crate::calendar::days_from_civil(y, m, d);
    (crate::calendar::civil_from_days(days) == (y, m, d)).then_some(days)
}

/// Why a filter cannot be applied. Not a data error: the data is fine, the question is not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FilterError {
    /// A date bound is not a `YYYY-MM-DD` date.
    #[error("filter `{field}`: {value:?} is not a YYYY-MM-DD date")]
    BadDate {
        /// `from` or `to`.
        field: &'static str,
        /// What was given.
        value: String,
    },
    /// The range ends before it starts.
    #[error("filter: the range starts on {from} and ends before, on {to}")]
    Inverted {
        /// First day.
        from: String,
        /// Last day.
        to: String,
    },
}

/// A filter resolved against a lake's dictionaries: codes instead of strings.
#[derive(Debug, Clone)]
pub struct Resolved {
    from_ms: i64,
    to_end_ms: i64,
    /// Allowed (weekday 0–6 Monday first) × hour cells; `None` = any time.
    slots: Option<[[bool; 24]; 7]>,
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
    /// Customers (rows of `clientes`) of the selected regions and segments; not split by time
    /// and not counted in [`Selection::len`].
    pub customers: Vec<u32>,
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

/// One bit per row ([`Resolved::select`]'s customers).
struct Bits(Vec<u64>);

impl Bits {
    /// Whether row `row` is set; `false` past the end (and so for [`NONE`]).
    fn get(&self, row: u32) -> bool {
        self.0
            .get((row / 64) as usize)
            .is_some_and(|w| w >> (row % 64) & 1 == 1)
    }
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
    /// [`FilterError::BadDate`] naming `from` or `to` when it is not a valid `YYYY-MM-DD` date;
    /// [`FilterError::Inverted`] when `to` is before `from`.
    pub fn resolve(&self, lake: &Lake) -> Result<Resolved, FilterError> {
        let (from, to) = self.days()?;
        let (from, to) = (from.unwrap_or(i32::MIN), to.unwrap_or(i32::MAX));
        let slots = (!self.weekdays.is_empty() || !self.hours.is_empty()).then(|| {
            let mut m = [[false; 24]; 7];
            for (d, row) in m.iter_mut().enumerate() {
                for (h, cell) in row.iter_mut().enumerate() {
                    *cell = (self.weekdays.is_empty() || self.weekdays.contains(&(d as u8 + 1)))
                        && (self.hours.is_empty() || self.hours.contains(&(h as u8)));
                }
            }
            m
        });
        Ok(Resolved {
            slots,
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
            agents: self.agent_mask(lake),
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

impl Filter {
    /// The date bounds as day numbers (`None` = open).
    ///
    /// # Errors
    /// As [`Filter::resolve`].
    pub fn days(&self) -> Result<(Option<i32>, Option<i32>), FilterError> {
        let bound = |v: &Option<String>, field: &'static str| match v {
            None => Ok(None),
            Some(s) => parse_day(s).map(Some).ok_or_else(|| FilterError::BadDate {
                field,
                value: s.clone(),
            }),
        };
        let (from, to) = (bound(&self.from, "from")?, bound(&self.to, "to")?);
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                return Err(FilterError::Inverted {
                    from: self.from.clone().unwrap_or_default(),
                    to: self.to.clone().unwrap_or_default(),
                });
            }
        }
        Ok((from, to))
    }

    /// Agents allowed by the agent and team conditions together.
    fn agent_mask(&self, lake: &Lake) -> Option<Vec<bool>> {
        if self.agents.is_empty() && self.teams.is_empty() {
            return None;
        }
        let by_id = mask(&self.agents, |v| lake.agents.get(v), lake.agents.len());
        Some(
            (0..lake.agents.len() as u32)
                .map(|code| {
                    let name = lake.agents.name(code).unwrap_or_default();
                    let team = name.split('-').next().unwrap_or_default();
                    allows(&by_id, code)
                        && (self.teams.is_empty() || self.teams.iter().any(|t| t == team))
                })
                .collect(),
        )
    }

    /// The same filter without its date bounds.
    pub fn without_dates(&self) -> Filter {
        Filter {
            from: None,
            to: None,
            ..self.clone()
        }
    }

    /// The same filter over the period of equal length just before `from..=to` (inclusive days).
    pub fn shifted_before(&self, from: i32, to: i32) -> Filter {
        let len = to - from + 1;
        Filter {
            from: Some(crate::calendar::day_label(from - len)),
            to: Some(crate::calendar::day_label(from - 1)),
            ..self.clone()
        }
    }
}

impl Resolved {
    /// The inclusive days of the date bounds (open ends at the `i64` extremes), or `None` when the
    /// filter has a condition the [`crate::cube`] has no dimension for.
    pub(crate) fn cube_days(&self) -> Option<(i64, i64)> {
        if self.slots.is_some()
            || self.agents.is_some()
            || self.categories.is_some()
            || self.platforms.is_some()
        {
            return None;
        }
        // `from_ms` and `to_end_ms` are whole days: `ms >= from·D` ⇔ `⌊ms/D⌋ >= from`.
        let from = match self.from_ms {
            i64::MIN => i64::MIN,
            ms => ms.div_euclid(MS_PER_DAY),
        };
        let to = match self.to_end_ms {
            i64::MAX => i64::MAX,
            ms => ms.div_euclid(MS_PER_DAY) - 1,
        };
        Some((from, to))
    }

    /// Whether the channel condition allows channel `code`.
    pub(crate) fn channel_ok(&self, code: u32) -> bool {
        allows(&self.channels, code)
    }

    /// Whether there is a region or segment condition.
    pub(crate) fn customer_terms(&self) -> bool {
        self.regions.is_some() || self.segments.is_some()
    }

    /// Whether a customer of this region and segment passes the region and segment conditions.
    pub(crate) fn profile_ok(&self, region: u32, segment: u32) -> bool {
        allows(&self.regions, region) && allows(&self.segments, segment)
    }

    fn in_range(&self, ms: i64) -> bool {
        self.in_dates(ms) && self.in_slot(ms)
    }

    fn in_dates(&self, ms: i64) -> bool {
        // Compare in ms: no day conversion per row.
        ms >= self.from_ms && ms < self.to_end_ms
    }

    fn in_slot(&self, ms: i64) -> bool {
        self.slots.as_ref().is_none_or(|m| {
            let d = crate::calendar::weekday(day_of_ms(ms)) as usize;
            let h = crate::lake::hour(ms) as usize;
            m.get(d).and_then(|r| r.get(h)).copied().unwrap_or(false)
        })
    }

    /// A survey is in a weekday/hour slot when the contact it rates is (its start, or a
    /// ticket's creation); a survey whose contact is not loaded is in no slot.
    fn rated_in_slot(&self, lake: &Lake, index: &Index, survey: usize) -> bool {
        if self.slots.is_none() {
            return true;
        }
        let Some(&row) = index.rated_row.get(survey).filter(|r| **r != NONE) else {
            return false;
        };
        let r = row as usize;
        let start = match lake.surveys.rated_dataset.get(survey) {
            Some(0) => lake.calls.start_ms.get(r),
            Some(1) => lake.chats.start_ms.get(r),
            _ => lake.tickets.created_ms.get(r),
        };
        start.is_some_and(|&ms| self.in_slot(ms))
    }

    /// The customers passing the region and segment conditions, one bit per row of `clientes`
    /// (a bit set, not a byte per customer: at scale 100 the 1.5 M customers fit in 188 KB, so
    /// the per-row lookups of [`Resolved::select`] stay in the cache); `None` without such terms.
    fn customer_mask(&self, lake: &Lake) -> Option<Bits> {
        if self.regions.is_none() && self.segments.is_none() {
            return None;
        }
        let n = lake.customers.segment.len();
        let mut words = vec![0u64; n.div_ceil(64)];
        for r in 0..n {
            if self.customer_ok(lake, r as u32) {
                if let Some(w) = words.get_mut(r / 64) {
                    *w |= 1 << (r % 64);
                }
            }
        }
        Some(Bits(words))
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

    /// Selects the rows of every table (`index` from [`Lake::index`]). A condition that holds
    /// or fails for a whole table (a call is always `teléfono`) is decided once, and a row is
    /// tested only on the conditions that can tell its table's rows apart: with none, every row
    /// is taken without a test.
    pub fn select(&self, lake: &Lake, index: &Index) -> Selection {
        let dated = self.from_ms != i64::MIN || self.to_end_ms != i64::MAX;
        let timed = dated || self.slots.is_some();
        let open = !timed && self.regions.is_none() && self.segments.is_none();
        let mask = self.customer_mask(lake);
        let customer_ok = |row: u32| mask.as_ref().is_none_or(|m| m.get(row));
        // Conditions every contact table shares besides the time (agents, categories).
        let untagged = self.agents.is_none() && self.categories.is_none();
        // With no condition on a table, every row is selected: skip the per-row test.
        // The rows are written without a branch on the test (a region keeps about half the
        // rows in no order a branch predictor could learn): each row number is stored, and the
        // end of the batch moves on only when the row is kept.
        fn pick(n: usize, all: bool, keep: impl Fn(usize) -> bool) -> Vec<u32> {
            if all {
                return (0..n as u32).collect();
            }
            const BATCH: usize = 4096;
            let mut out = Vec::new();
            let mut batch = [0u32; BATCH];
            let mut start = 0;
            while start < n {
                let end = (start + BATCH).min(n);
                let mut k = 0;
                for i in start..end {
                    if let Some(slot) = batch.get_mut(k) {
                        *slot = i as u32;
                    }
                    k += usize::from(keep(i));
                }
                out.extend_from_slice(batch.get(..k).unwrap_or_default());
                start = end;
            }
            out
        }
        let c = &lake.calls;
        // Calls are all `teléfono` (code 0) and conversations all `chat` (code 1).
        let calls = if allows(&self.channels, 0) {
            pick(c.id.len(), open && untagged, |i| {
                (!timed || self.in_range(c.start_ms[i]))
                    && self.agent_ok(c.agent[i])
                    && allows(&self.categories, u32::from(c.reason[i]))
                    && customer_ok(index.call_customer[i])
            })
        } else {
            Vec::new()
        };
        let h = &lake.chats;
        let chats = if allows(&self.channels, 1) {
            pick(h.id.len(), open && untagged, |i| {
                (!timed || self.in_range(h.start_ms[i]))
                    && self.agent_ok(h.agent[i])
                    && allows(&self.categories, u32::from(h.reason[i]))
                    && customer_ok(index.chat_customer[i])
            })
        } else {
            Vec::new()
        };
        let t = &lake.tickets;
        let tickets = pick(
            t.id.len(),
            open && untagged && self.channels.is_none(),
            |i| {
                (!timed || self.in_range(t.created_ms[i]))
                    && allows(&self.channels, u32::from(t.channel[i]))
                    && self.agent_ok(t.agent[i])
                    && allows(&self.categories, u32::from(t.category[i]))
                    && customer_ok(index.ticket_customer[i])
            },
        );
        let s = &lake.surveys;
        // A survey's category is its rated interaction's reason or ticket category.
        let surveys = pick(
            s.at_ms.len(),
            open && untagged && self.channels.is_none(),
            |i| {
                (!dated || self.in_dates(s.at_ms[i]))
                    && self.rated_in_slot(lake, index, i)
                    && allows(&self.channels, u32::from(s.channel[i]))
                    && self.agent_ok(s.agent[i])
                    && (self.categories.is_none()
                        || index
                            .rated_category
                            .get(i)
                            .is_some_and(|&c| c != NONE && allows(&self.categories, c)))
                    && customer_ok(index.survey_customer[i])
            },
        );
        let r = &lake.reviews;
        let reviews = pick(
            r.at_ms.len(),
            self.from_ms == i64::MIN
                && self.to_end_ms == i64::MAX
                && self.slots.is_none()
                && self.platforms.is_none(),
            |i| self.in_range(r.at_ms[i]) && allows(&self.platforms, u32::from(r.platform[i])),
        );
        let b = &lake.complaints;
        let complaints = pick(b.filed_ms.len(), open, |i| {
            self.in_range(b.filed_ms[i]) && customer_ok(index.complaint_customer[i])
        });
        let customers = pick(
            lake.customers.segment.len(),
            self.regions.is_none() && self.segments.is_none(),
            |i| customer_ok(i as u32),
        );
        Selection {
            calls,
            chats,
            tickets,
            surveys,
            reviews,
            complaints,
            customers,
        }
    }
}

impl Selection {
    /// The rows of each time step (by each row's own time column), in time order. Only steps
    /// holding rows appear, so the work and the memory follow the rows, never the span of dates.
    pub fn split(&self, lake: &Lake, step: Granularity) -> Vec<(i32, Selection)> {
        let mut parts: Vec<(i32, Selection)> = Vec::new();
        let mut slot: BTreeMap<i32, usize> = BTreeMap::new();
        // Rows come mostly in time order: the last day's step is reused, so the calendar
        // arithmetic and the map lookup run once per day, not once per row.
        let mut last = (i32::MIN, 0usize);
        let mut put = |ms: i64, f: &mut dyn FnMut(&mut Selection)| {
            let day = day_of_ms(ms);
            if day != last.0 {
                let start = step.start(day);
                let k = *slot.entry(start).or_insert_with(|| {
                    parts.push((start, Selection::default()));
                    parts.len() - 1
                });
                last = (day, k);
            }
            if let Some((_, s)) = parts.get_mut(last.1) {
                f(s);
            }
        };
        for &i in &self.calls {
            put(lake.calls.start_ms[i as usize], &mut |s| s.calls.push(i));
        }
        for &i in &self.chats {
            put(lake.chats.start_ms[i as usize], &mut |s| s.chats.push(i));
        }
        for &i in &self.tickets {
            put(lake.tickets.created_ms[i as usize], &mut |s| {
                s.tickets.push(i)
            });
        }
        for &i in &self.surveys {
            put(lake.surveys.at_ms[i as usize], &mut |s| s.surveys.push(i));
        }
        for &i in &self.reviews {
            put(lake.reviews.at_ms[i as usize], &mut |s| s.reviews.push(i));
        }
        for &i in &self.complaints {
            put(lake.complaints.filed_ms[i as usize], &mut |s| {
                s.complaints.push(i)
            });
        }
        parts.sort_by_key(|p| p.0);
        parts
    }

    /// Rows selected in all tables.
    pub fn len(&self) -> usize {
        self.calls.len()
            + self.chats.len()
            + self.tickets.len()
            + self.surveys.len()
            + self.reviews.len()
            + self.complaints.len()
    }

    /// True when nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        assert_eq!(parse_day("9999999-01-01"), None);
        assert_eq!(parse_day("0000-01-01").map(|d| d < 0), Some(true));
    }
}
