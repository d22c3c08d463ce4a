//! Support tickets: reply and resolution times (calendar and business hours), SLA, reopens.

use serde::Serialize;

use super::{spread_ms_as_hours, Options, Spread};
use crate::calendar::{day_of_ms, is_business_day, MS_PER_DAY};
use crate::lake::{Index, Lake, NULL_I64};
use crate::stats::pct;

/// Ticket KPIs. Durations in hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketKpis {
    /// Tickets.
    pub tickets: u64,
    /// Creation → first reply, calendar hours.
    pub first_reply_h: Option<Spread>,
    /// Creation → first reply, business hours.
    pub first_reply_bh: Option<Spread>,
    /// Creation → solved, calendar hours.
    pub resolution_h: Option<Spread>,
    /// Creation → solved, business hours.
    pub resolution_bh: Option<Spread>,
    /// Met target ÷ (solved + open past target), %.
    pub sla_compliance: Option<f64>,
    /// Reopened ÷ solved, %.
    pub reopen_rate: Option<f64>,
}

/// Longest span counted in business hours, days: a hostile timestamp years away counts up to
/// this many days instead of looping over every day between.
pub const BUSINESS_SPAN_CAP_DAYS: i32 = 3_660;

/// Business milliseconds between two instants: Monday–Friday 09:00–18:00, Peruvian holidays off.
/// Spans longer than [`BUSINESS_SPAN_CAP_DAYS`] are counted over their first that many days.
pub fn business_ms(from_ms: i64, to_ms: i64) -> i64 {
    if to_ms <= from_ms {
        return 0;
    }
    let first = day_of_ms(from_ms);
    let last = day_of_ms(to_ms).min(first.saturating_add(BUSINESS_SPAN_CAP_DAYS));
    // The part of day `d` within both the opening hours and the span.
    let part = |d: i32| {
        if !is_business_day(d) {
            return 0;
        }
        let open = i64::from(d) * MS_PER_DAY + OPEN_MS;
        let close = i64::from(d) * MS_PER_DAY + CLOSE_MS;
        (close.min(to_ms) - open.max(from_ms)).max(0)
    };
    // The days strictly between the first and the last are whole: their business days times
    // the opening hours, from a prefix count (a ticket open for weeks costs two lookups).
    if last > first.saturating_add(1) {
        if let Some(n) = business_days_between(first + 1, last - 1) {
            return part(first) + part(last) + i64::from(n) * (CLOSE_MS - OPEN_MS);
        }
    }
    (first..=last).map(part).sum()
}

/// Opening and closing time of a business day, ms after midnight.
const OPEN_MS: i64 = 9 * 3_600_000;
const CLOSE_MS: i64 = 18 * 3_600_000;

/// Business days in `a..=b` (`a ≤ b`) from a prefix count over the days a plausible timestamp can
/// fall on (2000–2099, plus [`BUSINESS_SPAN_CAP_DAYS`]); `None` outside it.
fn business_days_between(a: i32, b: i32) -> Option<u32> {
    static BEFORE: std::sync::OnceLock<(i32, Vec<u32>)> = std::sync::OnceLock::new();
    let (start, before) = BEFORE.get_or_init(|| {
        let start = crate::limits::MIN_DAY - 1;
        let end = crate::limits::END_DAY + BUSINESS_SPAN_CAP_DAYS + 1;
        let mut v = Vec::with_capacity((end - start + 2) as usize);
        let mut n = 0u32;
        v.push(0);
        for d in start..=end {
            n += u32::from(is_business_day(d));
            v.push(n);
        }
        (start, v)
    });
    let at = |d: i32| usize::try_from(d.checked_sub(*start)?).ok();
    let (lo, hi) = (at(a)?, at(b)?.checked_add(1)?);
    Some(before.get(hi)? - before.get(lo)?)
}

pub fn ticket_kpis(lake: &Lake, index: &Index, sel: &[u32], opts: &Options) -> TicketKpis {
    let t = &lake.tickets;
    let (mut fr, mut fr_b, mut rs, mut rs_b) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut met, mut judged, mut reopened, mut solved) = (0u64, 0u64, 0u64, 0u64);
    for &i in sel {
        let i = i as usize;
        let created = t.created_ms[i];
        if t.first_reply_ms[i] != NULL_I64 {
            fr.push(t.first_reply_ms[i].saturating_sub(created));
            fr_b.push(index.ticket_first_reply_bms.get(i).copied().unwrap_or(0));
        }
        let (m, j) = sla_outcome(lake, i, opts);
        met += u64::from(m);
        judged += u64::from(j);
        if t.resolved_ms[i] != NULL_I64 {
            rs.push(t.resolved_ms[i].saturating_sub(created));
            rs_b.push(index.ticket_resolution_bms.get(i).copied().unwrap_or(0));
            solved += 1;
            reopened += u64::from(t.reopened[i]);
        }
    }
    TicketKpis {
        tickets: sel.len() as u64,
        first_reply_h: spread_ms_as_hours(fr),
        first_reply_bh: spread_ms_as_hours(fr_b),
        resolution_h: spread_ms_as_hours(rs),
        resolution_bh: spread_ms_as_hours(rs_b),
        sla_compliance: pct(met, judged),
        reopen_rate: pct(reopened, solved),
    }
}

/// Whether ticket `i` met its target, and whether it is judged at all: a solved ticket always
/// is; an open one once its target has passed at `opts.as_of_ms`.
pub(crate) fn sla_outcome(lake: &Lake, i: usize, opts: &Options) -> (bool, bool) {
    let t = &lake.tickets;
    let target = i64::from(t.sla_h[i]) * 3_600_000;
    let created = t.created_ms[i];
    if t.resolved_ms[i] != NULL_I64 {
        (t.resolved_ms[i].saturating_sub(created) <= target, true)
    } else {
        (false, opts.as_of_ms.saturating_sub(created) > target)
    }
}

/// SLA compliance alone: met ÷ judged, % (see [`TicketKpis::sla_compliance`]).
pub fn ticket_sla(lake: &Lake, sel: &[u32], opts: &Options) -> Option<f64> {
    let (mut met, mut judged) = (0u64, 0u64);
    for &i in sel {
        let (m, j) = sla_outcome(lake, i as usize, opts);
        met += u64::from(m);
        judged += u64::from(j);
    }
    pct(met, judged)
}

/// What the tickets are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketBy {
    /// Priority (urgente first).
    Priority,
    /// Category.
    Category,
    /// Channel.
    Channel,
}

/// The KPIs of one group of tickets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketGroup {
    /// Priority, category or channel.
    pub key: String,
    /// Its KPIs.
    pub kpis: TicketKpis,
}

/// Priorities in order of urgency; any other value follows, by name.
pub const PRIORITY_ORDER: [&str; 4] = ["urgente", "alta", "media", "baja"];

/// Ticket KPIs per priority (most urgent first), category or channel (most tickets first).
pub fn ticket_groups(
    lake: &Lake,
    index: &Index,
    sel: &[u32],
    opts: &Options,
    by: TicketBy,
) -> Vec<TicketGroup> {
    let t = &lake.tickets;
    let mut rows: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
    for &i in sel {
        let k = i as usize;
        let key = match by {
            TicketBy::Priority => lake.priorities.name(u32::from(t.priority[k])),
            TicketBy::Category => lake.categories.name(u32::from(t.category[k])),
            TicketBy::Channel => crate::schema::CHANNELS
                .get(usize::from(t.channel[k]))
                .copied(),
        };
        rows.entry(key.unwrap_or("?").to_string())
            .or_default()
            .push(i);
    }
    let mut out: Vec<TicketGroup> = rows
        .into_iter()
        .map(|(key, r)| TicketGroup {
            kpis: ticket_kpis(lake, index, &r, opts),
            key,
        })
        .collect();
    match by {
        TicketBy::Priority => out.sort_by_key(|g| {
            (
                PRIORITY_ORDER
                    .iter()
                    .position(|p| *p == g.key)
                    .unwrap_or(PRIORITY_ORDER.len()),
                g.key.clone(),
            )
        }),
        _ => out.sort_by(|a, b| b.kpis.tickets.cmp(&a.kpis.tickets).then(a.key.cmp(&b.key))),
    }
    out
}

/// Age bands of open tickets, in calendar days since creation.
pub const TICKET_AGE_BANDS: [(&str, i64, i64); 5] = [
    ("0-1", 0, 1),
    ("2-3", 2, 3),
    ("4-7", 4, 7),
    ("8-30", 8, 30),
    ("31+", 31, i64::MAX),
];

/// Open tickets by age band ([`TICKET_AGE_BANDS`]) at `opts.as_of_ms`: `(band, open)`.
pub fn ticket_backlog(lake: &Lake, sel: &[u32], opts: &Options) -> Vec<(&'static str, u64)> {
    let t = &lake.tickets;
    let mut counts = [0u64; TICKET_AGE_BANDS.len()];
    for &i in sel {
        let i = i as usize;
        if t.resolved_ms[i] != NULL_I64 {
            continue;
        }
        let age = opts.as_of_ms.saturating_sub(t.created_ms[i]).max(0) / MS_PER_DAY;
        if let Some(k) = TICKET_AGE_BANDS
            .iter()
            .position(|(_, lo, hi)| age >= *lo && age <= *hi)
        {
            counts[k] += 1;
        }
    }
    TICKET_AGE_BANDS
        .iter()
        .zip(counts)
        .map(|((b, _, _), n)| (*b, n))
        .collect()
}

/// An open ticket past its resolution target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    /// Ticket row.
    pub row: u32,
    /// Ticket id.
    pub id: i64,
    /// Priority.
    pub priority: String,
    /// Category.
    pub category: String,
    /// Channel.
    pub channel: String,
    /// Agent.
    pub agent: String,
    /// Created, ms.
    pub created_ms: i64,
    /// Target, h.
    pub target_h: i32,
    /// Hours past the target at `as_of`.
    pub over_h: f64,
}

/// Open tickets breaching their SLA at `opts.as_of_ms`, longest past target first: the total and
/// the first `limit`.
pub fn ticket_breaches(
    lake: &Lake,
    sel: &[u32],
    opts: &Options,
    limit: usize,
) -> (usize, Vec<Breach>) {
    let t = &lake.tickets;
    let mut late: Vec<(i64, u32)> = sel
        .iter()
        .filter_map(|&i| {
            let k = i as usize;
            if t.resolved_ms[k] != NULL_I64 {
                return None;
            }
            let over = opts
                .as_of_ms
                .saturating_sub(t.created_ms[k])
                .saturating_sub(i64::from(t.sla_h[k]) * 3_600_000);
            (over > 0).then_some((over, i))
        })
        .collect();
    let total = late.len();
    late.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let rows = late
        .into_iter()
        .take(limit)
        .map(|(over, i)| {
            let k = i as usize;
            Breach {
                row: i,
                id: t.id[k],
                priority: lake
                    .priorities
                    .name(u32::from(t.priority[k]))
                    .unwrap_or("?")
                    .into(),
                category: lake
                    .categories
                    .name(u32::from(t.category[k]))
                    .unwrap_or("?")
                    .into(),
                channel: crate::schema::CHANNELS
                    .get(usize::from(t.channel[k]))
                    .copied()
                    .unwrap_or("?")
                    .into(),
                agent: lake.agents.name(t.agent[k]).unwrap_or("?").into(),
                created_ms: t.created_ms[k],
                target_h: t.sla_h[k],
                over_h: over as f64 / 3_600_000.0,
            }
        })
        .collect();
    (total, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::days_from_civil;

    /// Every day of the span, one at a time: the definition.
    fn by_day(from_ms: i64, to_ms: i64) -> i64 {
        if to_ms <= from_ms {
            return 0;
        }
        let first = day_of_ms(from_ms);
        let last = day_of_ms(to_ms).min(first.saturating_add(BUSINESS_SPAN_CAP_DAYS));
        (first..=last)
            .filter(|d| is_business_day(*d))
            .map(|d| {
                let open = i64::from(d) * MS_PER_DAY + 9 * 3_600_000;
                let close = i64::from(d) * MS_PER_DAY + 18 * 3_600_000;
                (close.min(to_ms) - open.max(from_ms)).max(0)
            })
            .sum()
    }

    #[test]
    fn business_ms_counts_as_day_by_day() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let day = days_from_civil(2025, 7, 28); // holidays near: 28–29 July
        for k in 0..20_000 {
            // Spans of minutes to years; some starting in 1990 or 2120, outside the prefix count.
            let base = match k % 10 {
                0 => days_from_civil(1990, 1, 1),
                1 => days_from_civil(2120, 6, 1),
                _ => day - 400 + (next() % 800) as i32,
            };
            let from = i64::from(base) * MS_PER_DAY + (next() % MS_PER_DAY as u64) as i64;
            let len = match k % 4 {
                0 => (next() % 86_400_000) as i64,
                1 => (next() % (40 * 86_400_000)) as i64,
                2 => (next() % (4_000 * 86_400_000)) as i64,
                _ => -((next() % 86_400_000) as i64),
            };
            assert_eq!(
                business_ms(from, from + len),
                by_day(from, from + len),
                "{from} + {len}"
            );
        }
    }

    fn at(y: i32, m: u32, d: u32, h: i64) -> i64 {
        i64::from(days_from_civil(y, m, d)) * MS_PER_DAY + h * 3_600_000
    }

    #[test]
    fn business_hours_skip_nights_weekends_and_holidays() {
        // Friday 17:00 → Monday 10:00: one hour on Friday, one on Monday.
        assert_eq!(
            business_ms(at(2025, 3, 7, 17), at(2025, 3, 10, 10)),
            2 * 3_600_000
        );
        // Thursday 1 May 2025 is a holiday: 30 Apr 17:00 → 2 May 10:00 is two hours.
        assert_eq!(
            business_ms(at(2025, 4, 30, 17), at(2025, 5, 2, 10)),
            2 * 3_600_000
        );
        // Within one evening: nothing.
        assert_eq!(business_ms(at(2025, 3, 5, 19), at(2025, 3, 5, 23)), 0);
        assert_eq!(business_ms(at(2025, 3, 5, 12), at(2025, 3, 5, 11)), 0);
    }
}
