//! The complaint book: reclamos and quejas, answers on time, open backlog by age.

use serde::Serialize;

use super::Options;
use crate::calendar::day_of_ms;
use crate::lake::{Lake, NULL};
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

pub fn complaint_kpis(lake: &Lake, sel: &[u32], opts: &Options) -> ComplaintKpis {
    let b = &lake.complaints;
    let today = day_of_ms(opts.as_of_ms);
    let (mut quejas, mut on_time, mut judged, mut overdue) = (0u64, 0u64, 0u64, 0u64);
    let mut backlog = [0u64; 5];
    for &i in sel {
        let i = i as usize;
        quejas += u64::from(b.queja[i]);
        if b.answered_day[i] != NULL {
            judged += 1;
            on_time += u64::from(b.answered_day[i] <= b.due_day[i]);
        } else {
            if b.due_day[i] < today {
                judged += 1;
                overdue += 1;
            }
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
