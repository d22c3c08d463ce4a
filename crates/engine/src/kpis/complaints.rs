//! The complaint book: reclamos and quejas, answers on time, open backlog by age.

use serde::Serialize;

use super::Options;
use crate::calendar::{day_of_ms, is_business_day};
use crate::lake::{Lake, NONE_U16, NULL, NULL_I64};
use crate::stats::pct;

/// Open complaint-book entries of one age bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backlog {
    /// Age bucket in calendar days since filing, e.g. `"8-15"`.
    pub age_days: &'static str,
    /// Open entries.
    pub open: u64,
}

/// Complaint-book KPIs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplaintKpis {
    /// Entries.
    pub entries: u64,
    /// Reclamos.
    pub reclamos: u64,
    /// Quejas.
    pub quejas: u64,
    /// Answered by the due date ÷ (answered + open past due), %.
    pub on_time: Option<f64>,
    /// Open entries past their due date.
    pub open_overdue: u64,
    /// Open entries by age.
    pub backlog: Vec<Backlog>,
}

const BACKLOG_BUCKETS: [(&str, i32, i32); 5] = [
    ("0-7", 0, 7),
    ("8-15", 8, 15),
    ("16-30", 16, 30),
    ("31-60", 31, 60),
    ("61+", 61, i32::MAX),
];

/// Whether entry `i` was answered on time, and whether it is judged at all on day `today`: an
/// answered entry always is; an open one once its due date has passed.
pub(crate) fn answer_outcome(lake: &Lake, i: usize, today: i32) -> (bool, bool) {
    let b = &lake.complaints;
    if b.answered_day[i] != NULL {
        (b.answered_day[i] <= b.due_day[i], true)
    } else {
        (false, b.due_day[i] < today)
    }
}

pub fn complaint_kpis(lake: &Lake, sel: &[u32], opts: &Options) -> ComplaintKpis {
    let b = &lake.complaints;
    let today = day_of_ms(opts.as_of_ms);
    let (mut quejas, mut on_time, mut judged, mut overdue) = (0u64, 0u64, 0u64, 0u64);
    let mut backlog = [0u64; 5];
    for &i in sel {
        let i = i as usize;
        quejas += u64::from(b.queja[i]);
        let (ok, judged_now) = answer_outcome(lake, i, today);
        on_time += u64::from(ok);
        judged += u64::from(judged_now);
        if b.answered_day[i] == NULL {
            overdue += u64::from(judged_now);
            let age = today - day_of_ms(b.filed_ms[i]);
            if let Some(k) = BACKLOG_BUCKETS
                .iter()
                .position(|(_, lo, hi)| age >= *lo && age <= *hi)
            {
                backlog[k] += 1;
            }
        }
    }
    let entries = sel.len() as u64;
    ComplaintKpis {
        entries,
        reclamos: entries - quejas,
        quejas,
        on_time: pct(on_time, judged),
        open_overdue: overdue,
        backlog: BACKLOG_BUCKETS
            .iter()
            .zip(backlog)
            .map(|((label, _, _), open)| Backlog {
                age_days: label,
                open,
            })
            .collect(),
    }
}

/// What complaint-book entries are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintBy {
    /// Reclamo or queja.
    Tipo,
    /// The product or service (`descripcion_bien`).
    Item,
    /// `virtual` or `presencial`.
    Channel,
    /// The branch (entries filed online have none and are left out).
    Branch,
}

/// One group of entries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplaintGroup {
    /// The group's value.
    pub key: String,
    /// Entries.
    pub entries: u64,
    /// Answered on time ÷ judged, % (as [`ComplaintKpis::on_time`]).
    pub on_time: Option<f64>,
    /// Open entries.
    pub open: u64,
    /// Entries with an amount claimed.
    pub with_amount: u64,
    /// Sum of the amounts claimed, in céntimos.
    pub amount_cents: i64,
}

/// Entries, on-time answers and amounts per group, most entries first.
pub fn complaint_groups(
    lake: &Lake,
    sel: &[u32],
    opts: &Options,
    by: ComplaintBy,
) -> Vec<ComplaintGroup> {
    let b = &lake.complaints;
    let today = day_of_ms(opts.as_of_ms);
    let mut groups: std::collections::BTreeMap<String, (ComplaintGroup, u64, u64)> =
        Default::default();
    for &i in sel {
        let i = i as usize;
        let key = match by {
            ComplaintBy::Tipo => Some(if b.queja[i] { "queja" } else { "reclamo" }),
            ComplaintBy::Item => lake.items.name(u32::from(b.item[i])),
            ComplaintBy::Channel => lake.complaint_channels.name(u32::from(b.channel[i])),
            ComplaintBy::Branch => {
                let c = b.branch[i];
                (c != NONE_U16)
                    .then(|| lake.branches.name(u32::from(c)))
                    .flatten()
            }
        };
        let Some(key) = key else { continue };
        let (g, ok, judged) = groups.entry(key.to_string()).or_insert_with(|| {
            (
                ComplaintGroup {
                    key: key.to_string(),
                    entries: 0,
                    on_time: None,
                    open: 0,
                    with_amount: 0,
                    amount_cents: 0,
                },
                0,
                0,
            )
        });
        g.entries += 1;
        if b.answered_day[i] != NULL {
            *judged += 1;
            *ok += u64::from(b.answered_day[i] <= b.due_day[i]);
        } else {
            g.open += 1;
            *judged += u64::from(b.due_day[i] < today);
        }
        if b.amount_cents[i] != NULL_I64 {
            g.with_amount += 1;
            g.amount_cents = g.amount_cents.saturating_add(b.amount_cents[i]);
        }
    }
    let mut out: Vec<ComplaintGroup> = groups
        .into_values()
        .map(|(mut g, ok, judged)| {
            g.on_time = pct(ok, judged);
            g
        })
        .collect();
    out.sort_by(|a, b| b.entries.cmp(&a.entries).then(a.key.cmp(&b.key)));
    out
}

/// Signed business days from `today` to `due`: the business days in `(today, due]` when the
/// entry is not late (0 on its due day), and minus the business days in `(due, today]` — at
/// least 1 — once `due` is before `today`.
pub fn business_days_left(today: i32, due: i32) -> i64 {
    // Both are days of the data; the loop is bounded by the distance between them, which the
    // caller keeps to entries of the lake (due dates are filing + 15 business days).
    let count = |a: i32, b: i32| (a + 1..=b).filter(|d| is_business_day(*d)).count() as i64;
    if due >= today {
        count(today, due)
    } else {
        -count(due, today).max(1)
    }
}

/// An open entry of the deadline list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deadline {
    /// Row in the complaint book.
    pub row: u32,
    /// Entry id.
    pub id: i64,
    /// Correlative code.
    pub code: String,
    /// Queja (`true`) or reclamo.
    pub queja: bool,
    /// Filed on (day).
    pub filed_day: i32,
    /// Due (day).
    pub due_day: i32,
    /// Business days left; negative when late.
    pub left: i64,
    /// Product or service.
    pub item: String,
    /// Branch, or `None` when filed online.
    pub branch: Option<String>,
    /// Amount claimed, céntimos.
    pub amount_cents: Option<i64>,
}

/// Longest span the deadline list counts business days over (days); an entry due further away
/// than this (only possible with a hostile file) shows the cap.
pub const DEADLINE_SPAN_CAP: i32 = 3_660;

/// Business days counted once around `today`: `count(a, b)` = business days in `(a, b]` for any
/// two days within [`DEADLINE_SPAN_CAP`] of `today`, in constant time.
struct BusinessDays {
    first: i32,
    /// `cum[k]` = business days in `[first, first + k)`.
    cum: Vec<i64>,
}

impl BusinessDays {
    fn around(today: i32) -> BusinessDays {
        let first = today.saturating_sub(DEADLINE_SPAN_CAP);
        let mut cum = Vec::with_capacity(2 * DEADLINE_SPAN_CAP as usize + 2);
        cum.push(0);
        let mut n = 0;
        for k in 0..=2 * DEADLINE_SPAN_CAP {
            n += i64::from(is_business_day(first.saturating_add(k)));
            cum.push(n);
        }
        BusinessDays { first, cum }
    }

    /// Business days in `(a, b]`, `a <= b`, both within the span.
    fn count(&self, a: i32, b: i32) -> i64 {
        let at = |d: i32| {
            let k = (i64::from(d) - i64::from(self.first) + 1).clamp(0, self.cum.len() as i64 - 1);
            self.cum[k as usize]
        };
        at(b) - at(a)
    }

    /// As [`business_days_left`].
    fn left(&self, today: i32, due: i32) -> i64 {
        if due >= today {
            self.count(today, due)
        } else {
            -self.count(due, today).max(1)
        }
    }
}

/// The open entries ordered by due date (then id), with business days left at `opts.as_of_ms`.
pub fn deadline_list(lake: &Lake, sel: &[u32], opts: &Options) -> Vec<Deadline> {
    let b = &lake.complaints;
    let today = day_of_ms(opts.as_of_ms);
    let days = BusinessDays::around(today);
    let mut out: Vec<Deadline> = sel
        .iter()
        .filter(|&&i| b.answered_day[i as usize] == NULL)
        .map(|&i| {
            let k = i as usize;
            let due = b.due_day[k].clamp(
                today.saturating_sub(DEADLINE_SPAN_CAP),
                today.saturating_add(DEADLINE_SPAN_CAP),
            );
            Deadline {
                row: i,
                id: b.id[k],
                code: b.code[k].clone(),
                queja: b.queja[k],
                filed_day: day_of_ms(b.filed_ms[k]),
                due_day: b.due_day[k],
                left: days.left(today, due),
                item: lake.items.name(u32::from(b.item[k])).unwrap_or("?").into(),
                branch: (b.branch[k] != NONE_U16)
                    .then(|| lake.branches.name(u32::from(b.branch[k])))
                    .flatten()
                    .map(str::to_string),
                amount_cents: (b.amount_cents[k] != NULL_I64).then_some(b.amount_cents[k]),
            }
        })
        .collect();
    out.sort_by(|a, b| a.due_day.cmp(&b.due_day).then(a.id.cmp(&b.id)));
    out
}

/// Amounts claimed: entries with an amount, their sum and median, in céntimos.
pub fn amounts(lake: &Lake, sel: &[u32]) -> (u64, i64, Option<i64>) {
    let mut v: Vec<i64> = sel
        .iter()
        .map(|&i| lake.complaints.amount_cents[i as usize])
        .filter(|a| *a != NULL_I64)
        .collect();
    let sum = v.iter().fold(0i64, |s, a| s.saturating_add(*a));
    let median = crate::stats::percentile(&mut v, 0.5);
    (v.len() as u64, sum, median)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::days_from_civil;

    #[test]
    fn business_days_left_is_signed_and_skips_weekends_and_holidays() {
        let d = |m, dd| days_from_civil(2025, m, dd);
        // Monday 3 March → Friday 7 March: four business days left; on the day, none.
        assert_eq!(business_days_left(d(3, 3), d(3, 7)), 4);
        assert_eq!(business_days_left(d(3, 7), d(3, 7)), 0);
        // Due Friday 7 March, today Monday 10 March: one business day late.
        assert_eq!(business_days_left(d(3, 10), d(3, 7)), -1);
        // Due Friday, today Saturday: late, though no business day has passed.
        assert_eq!(business_days_left(d(3, 8), d(3, 7)), -1);
        // Thursday 1 May 2025 is a holiday: Wednesday 30 April → Friday 2 May is one day.
        assert_eq!(business_days_left(d(4, 30), d(5, 2)), 1);
    }

    #[test]
    fn the_prefix_sums_agree_with_the_day_by_day_count() {
        let today = days_from_civil(2026, 11, 1);
        let days = BusinessDays::around(today);
        for due in (today - 400..today + 400).step_by(7) {
            assert_eq!(
                days.left(today, due),
                business_days_left(today, due),
                "due {due}"
            );
        }
        // Beyond the cap the count stops growing instead of looping further.
        assert_eq!(
            days.left(today, today + 2 * DEADLINE_SPAN_CAP),
            days.left(today, today + DEADLINE_SPAN_CAP)
        );
    }
}
