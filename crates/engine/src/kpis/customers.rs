//! Customers: who they are (segment, department, tenure), how often they contact us and how they
//! rate us per segment and department, and the customers who contact us again and again.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::Options;
use crate::calendar::day_of_ms;
use crate::filter::Selection;
use crate::kpi::{nps_from_counts, Nps};
use crate::lake::{Index, Lake, NONE};
use crate::stats::pct;

/// What customers are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerBy {
    /// Segment.
    Segment,
    /// Department.
    Region,
}

/// One segment or department.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerGroup {
    /// Its name.
    pub key: String,
    /// Customers in it (of the selected regions and segments).
    pub customers: u64,
    /// Calls, conversations and tickets of its customers in the selection.
    pub contacts: u64,
    /// Contacts per customer.
    pub per_customer: Option<f64>,
    /// CSAT % of its customers' survey answers.
    pub csat: Option<f64>,
    /// CSAT answers.
    pub csat_n: u64,
    /// NPS of its customers' answers.
    pub nps: Option<Nps>,
}

fn key_of(lake: &Lake, row: u32, by: CustomerBy) -> Option<&str> {
    let r = row as usize;
    match by {
        CustomerBy::Segment => lake
            .customers
            .segment
            .get(r)
            .and_then(|c| lake.segments.name(u32::from(*c))),
        CustomerBy::Region => lake
            .customers
            .region
            .get(r)
            .and_then(|c| lake.regions.name(u32::from(*c))),
    }
}

/// Contacts of the selection per customer row (calls, conversations, tickets), rows of customers
/// that are not loaded left out.
fn contacts_per_customer(index: &Index, sel: &Selection) -> HashMap<u32, [u32; 3]> {
    let mut m: HashMap<u32, [u32; 3]> = HashMap::new();
    for (k, (rows, of)) in [
        (&sel.calls, &index.call_customer),
        (&sel.chats, &index.chat_customer),
        (&sel.tickets, &index.ticket_customer),
    ]
    .into_iter()
    .enumerate()
    {
        for &i in rows {
            if let Some(&c) = of.get(i as usize).filter(|c| **c != NONE) {
                m.entry(c).or_default()[k] += 1;
            }
        }
    }
    m
}

/// Customers, contacts, CSAT and NPS per segment or department, by name.
pub fn customer_groups(
    lake: &Lake,
    index: &Index,
    sel: &Selection,
    by: CustomerBy,
) -> Vec<CustomerGroup> {
    #[derive(Default)]
    struct Acc {
        customers: u64,
        contacts: u64,
        csat_ok: u64,
        csat_n: u64,
        nps: [u64; 3],
    }
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    for &c in &sel.customers {
        if let Some(k) = key_of(lake, c, by) {
            acc.entry(k.to_string()).or_default().customers += 1;
        }
    }
    for (c, n) in contacts_per_customer(index, sel) {
        if let Some(k) = key_of(lake, c, by) {
            acc.entry(k.to_string()).or_default().contacts += u64::from(n[0] + n[1] + n[2]);
        }
    }
    let s = &lake.surveys;
    for &i in &sel.surveys {
        let i = i as usize;
        let Some(&c) = index.survey_customer.get(i).filter(|c| **c != NONE) else {
            continue;
        };
        let Some(k) = key_of(lake, c, by) else {
            continue;
        };
        let a = acc.entry(k.to_string()).or_default();
        if let Some(&v) = s.csat.get(i).filter(|v| **v != crate::lake::NULL_U8) {
            a.csat_n += 1;
            a.csat_ok += u64::from(v >= 4);
        }
        if let Some(&v) = s.nps.get(i).filter(|v| **v != crate::lake::NULL_U8) {
            a.nps[match v {
                0..=6 => 0,
                7 | 8 => 1,
                _ => 2,
            }] += 1;
        }
    }
    acc.into_iter()
        .map(|(key, a)| CustomerGroup {
            key,
            customers: a.customers,
            contacts: a.contacts,
            per_customer: (a.customers > 0).then(|| a.contacts as f64 / a.customers as f64),
            csat: pct(a.csat_ok, a.csat_n),
            csat_n: a.csat_n,
            nps: nps_from_counts(a.nps[2], a.nps[1], a.nps[0]),
        })
        .collect()
}

/// Tenure bands: whole years since the customer joined, at `as_of`.
pub const TENURE_BANDS: [(&str, i32, i32); 5] = [
    ("<1", 0, 0),
    ("1-2", 1, 2),
    ("3-5", 3, 5),
    ("6-10", 6, 10),
    ("11+", 11, i32::MAX),
];

/// Customers per tenure band ([`TENURE_BANDS`]); customers who joined after `as_of` are left
/// out.
pub fn tenure(lake: &Lake, sel: &Selection, opts: &Options) -> Vec<(&'static str, u64)> {
    let today = day_of_ms(opts.as_of_ms);
    let mut counts = [0u64; TENURE_BANDS.len()];
    for &c in &sel.customers {
        let Some(&joined) = lake.customers.joined_day.get(c as usize) else {
            continue;
        };
        if joined == crate::lake::NULL || joined > today {
            continue;
        }
        let years = whole_years(joined, today);
        if let Some(k) = TENURE_BANDS
            .iter()
            .position(|(_, lo, hi)| years >= *lo && years <= *hi)
        {
            counts[k] += 1;
        }
    }
    TENURE_BANDS
        .iter()
        .zip(counts)
        .map(|((b, _, _), n)| (*b, n))
        .collect()
}

/// Days of the window in which repeated contacts make a repeat contacter (as the FCR window).
pub const REPEAT_WINDOW_DAYS: i32 = 7;

/// A customer who contacted us again and again: at least `min` contacts within
/// [`REPEAT_WINDOW_DAYS`] days of the selection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repeater {
    /// Customer id.
    pub customer: i32,
    /// Most contacts within [`REPEAT_WINDOW_DAYS`] consecutive days.
    pub burst: u32,
    /// Calls, conversations and tickets.
    pub contacts: u32,
    /// Calls.
    pub calls: u32,
    /// Conversations.
    pub chats: u32,
    /// Tickets.
    pub tickets: u32,
    /// Segment.
    pub segment: String,
    /// Department.
    pub region: String,
}

/// Contact-count bands of the repeat histogram.
pub const REPEAT_BANDS: [(&str, u32, u32); 5] = [
    ("1", 1, 1),
    ("2", 2, 2),
    ("3-4", 3, 4),
    ("5-9", 5, 9),
    ("10+", 10, u32::MAX),
];

/// Customers per number of contacts in the selection ([`REPEAT_BANDS`]), and the repeat
/// contacters — at least `min` contacts within [`REPEAT_WINDOW_DAYS`] consecutive days — most
/// contacts in such a window first (then most contacts, then by id), at most `limit` of them,
/// with how many there are.
pub fn repeat_contacters(
    lake: &Lake,
    index: &Index,
    sel: &Selection,
    min: u32,
    limit: usize,
) -> (Vec<(&'static str, u64)>, usize, Vec<Repeater>) {
    let per = contacts_per_customer(index, sel);
    let days = contact_days(lake, index, sel);
    let mut bands = [0u64; REPEAT_BANDS.len()];
    let in_sel: Option<std::collections::HashSet<u32>> = (sel.customers.len()
        < lake.customers.segment.len())
    .then(|| sel.customers.iter().copied().collect());
    let mut top: Vec<(u32, [u32; 3], u32)> = Vec::new();
    for (c, n) in per {
        if in_sel.as_ref().is_some_and(|s| !s.contains(&c)) {
            continue;
        }
        let total = n[0] + n[1] + n[2];
        if let Some(k) = REPEAT_BANDS
            .iter()
            .position(|(_, lo, hi)| total >= *lo && total <= *hi)
        {
            bands[k] += 1;
        }
        let burst = days
            .get(&c)
            .map_or(0, |d| most_within(d, REPEAT_WINDOW_DAYS));
        if burst >= min {
            top.push((c, n, burst));
        }
    }
    let id = |c: u32| lake.customers.id.get(c as usize).copied().unwrap_or(0);
    top.sort_by(|a, b| {
        let (ta, tb) = (a.1.iter().sum::<u32>(), b.1.iter().sum::<u32>());
        b.2.cmp(&a.2).then(tb.cmp(&ta)).then(id(a.0).cmp(&id(b.0)))
    });
    let total = top.len();
    let rows = top
        .into_iter()
        .take(limit)
        .map(|(c, n, burst)| Repeater {
            customer: id(c),
            burst,
            contacts: n[0] + n[1] + n[2],
            calls: n[0],
            chats: n[1],
            tickets: n[2],
            segment: key_of(lake, c, CustomerBy::Segment).unwrap_or("?").into(),
            region: key_of(lake, c, CustomerBy::Region).unwrap_or("?").into(),
        })
        .collect();
    (
        REPEAT_BANDS
            .iter()
            .zip(bands)
            .map(|((b, _, _), n)| (*b, n))
            .collect(),
        total,
        rows,
    )
}

/// Whole years from `from` to `to` (birthday rule: a year is complete on its anniversary; 29
/// February anniversaries fall on 1 March in other years).
pub fn whole_years(from: i32, to: i32) -> i32 {
    let (y0, m0, d0) = crate::calendar::civil_from_days(from);
    let (y1, m1, d1) = crate::calendar::civil_from_days(to);
    let years = y1.saturating_sub(y0);
    if (m1, d1) < (m0, d0) {
        years.saturating_sub(1)
    } else {
        years
    }
}

/// The days of each customer's contacts in the selection, sorted.
fn contact_days(lake: &Lake, index: &Index, sel: &Selection) -> HashMap<u32, Vec<i32>> {
    let mut m: HashMap<u32, Vec<i32>> = HashMap::new();
    let mut add = |rows: &[u32], of: &[u32], ms: &[i64]| {
        for &i in rows {
            let i = i as usize;
            if let (Some(&c), Some(&t)) = (of.get(i), ms.get(i)) {
                if c != NONE {
                    m.entry(c).or_default().push(day_of_ms(t));
                }
            }
        }
    };
    add(&sel.calls, &index.call_customer, &lake.calls.start_ms);
    add(&sel.chats, &index.chat_customer, &lake.chats.start_ms);
    add(
        &sel.tickets,
        &index.ticket_customer,
        &lake.tickets.created_ms,
    );
    for d in m.values_mut() {
        d.sort_unstable();
    }
    m
}

/// Most values of sorted `days` within `window` consecutive days.
fn most_within(days: &[i32], window: i32) -> u32 {
    let (mut best, mut lo) = (0usize, 0usize);
    for hi in 0..days.len() {
        while i64::from(days[hi]) - i64::from(days[lo]) >= i64::from(window) {
            lo += 1;
        }
        best = best.max(hi - lo + 1);
    }
    best as u32
}

#[cfg(test)]
mod tests {
    use super::{most_within, whole_years};
    use crate::calendar::days_from_civil;

    #[test]
    fn whole_years_count_complete_anniversaries() {
        let d = days_from_civil;
        assert_eq!(whole_years(d(2020, 3, 15), d(2021, 3, 14)), 0);
        assert_eq!(whole_years(d(2020, 3, 15), d(2021, 3, 15)), 1);
        assert_eq!(whole_years(d(2016, 10, 31), d(2026, 10, 31)), 10);
        assert_eq!(whole_years(d(2024, 2, 29), d(2025, 2, 28)), 0);
        assert_eq!(whole_years(d(2024, 2, 29), d(2025, 3, 1)), 1);
    }

    #[test]
    fn most_contacts_within_a_window() {
        assert_eq!(most_within(&[], 7), 0);
        assert_eq!(most_within(&[1, 2, 3, 20], 7), 3);
        // Day 1 and day 8 are eight days apart: not in one week.
        assert_eq!(most_within(&[1, 8, 8, 30], 7), 2);
        assert_eq!(most_within(&[5, 5, 5, 5], 7), 4);
        // Six days apart is within the week (the SQL twin's RANGE 6 PRECEDING).
        assert_eq!(most_within(&[1, 7], 7), 2);
    }
}
