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

/// Business milliseconds between two instants: Monday–Friday 09:00–18:00, Peruvian holidays off.
pub fn business_ms(from_ms: i64, to_ms: i64) -> i64 {
    if to_ms <= from_ms {
        return 0;
    }
    let mut total = 0;
    for d in day_of_ms(from_ms)..=day_of_ms(to_ms) {
        if !is_business_day(d) {
            continue;
        }
        let open = i64::from(d) * MS_PER_DAY + 9 * 3_600_000;
        let close = i64::from(d) * MS_PER_DAY + 18 * 3_600_000;
        total += (close.min(to_ms) - open.max(from_ms)).max(0);
    }
    total
}

pub fn ticket_kpis(lake: &Lake, index: &Index, sel: &[u32], opts: &Options) -> TicketKpis {
    let t = &lake.tickets;
    let (mut fr, mut fr_b, mut rs, mut rs_b) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut met, mut judged, mut reopened, mut solved) = (0u64, 0u64, 0u64, 0u64);
    for &i in sel {
        let i = i as usize;
        let created = t.created_ms[i];
        if t.first_reply_ms[i] != NULL_I64 {
            fr.push(t.first_reply_ms[i] - created);
            fr_b.push(index.ticket_first_reply_bms.get(i).copied().unwrap_or(0));
        }
        let (m, j) = sla_outcome(lake, i, opts);
        met += u64::from(m);
        judged += u64::from(j);
        if t.resolved_ms[i] != NULL_I64 {
            rs.push(t.resolved_ms[i] - created);
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
fn sla_outcome(lake: &Lake, i: usize, opts: &Options) -> (bool, bool) {
    let t = &lake.tickets;
    let target = i64::from(t.sla_h[i]) * 3_600_000;
    let created = t.created_ms[i];
    if t.resolved_ms[i] != NULL_I64 {
        (t.resolved_ms[i] - created <= target, true)
    } else {
        (false, opts.as_of_ms - created > target)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::days_from_civil;

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
