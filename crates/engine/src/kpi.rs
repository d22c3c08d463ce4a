//! KPI formulas over the columnar model. Empty input gives `None`, never NaN.

use crate::calendar::month_index;
use crate::model::{Contacts, Surveys};
use crate::schema::CHANNELS;

/// CSAT: share of answers of 4 or 5 among all non-null 1–5 answers, in percent.
///
/// Returns `None` when there is no answer.
///
/// # Example
/// ```
/// assert_eq!(cx_engine::csat_pct(&[Some(5), Some(4), Some(3), None]), Some(200.0 / 3.0));
/// assert_eq!(cx_engine::csat_pct(&[None]), None);
/// ```
pub fn csat_pct(csat: &[Option<u8>]) -> Option<f64> {
    let (mut satisfied, mut n) = (0u64, 0u64);
    for s in csat.iter().flatten() {
        n += 1;
        if *s >= 4 {
            satisfied += 1;
        }
    }
    (n > 0).then(|| satisfied as f64 * 100.0 / n as f64)
}

/// Net Promoter Score with its parts and 95 % margin of error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nps {
    /// % promoters − % detractors, −100…100.
    pub score: f64,
    /// Answers of 9–10.
    pub promoters: u64,
    /// Answers of 7–8.
    pub passives: u64,
    /// Answers of 0–6.
    pub detractors: u64,
    /// Half-width of the 95 % interval, in NPS points: 1.96 · 100 · √((p + d − (p − d)²) / n).
    pub margin95: f64,
}

impl Nps {
    /// Answers counted.
    pub fn n(&self) -> u64 {
        self.promoters + self.passives + self.detractors
    }
}

/// NPS over the non-null 0–10 answers; `None` when there is none.
///
/// # Example
/// ```
/// let n = cx_engine::nps(&[Some(10), Some(9), Some(8), Some(0)]).unwrap();
/// assert_eq!(n.score, 25.0);
/// assert_eq!((n.promoters, n.passives, n.detractors), (2, 1, 1));
/// ```
pub fn nps(nps: &[Option<u8>]) -> Option<Nps> {
    let (mut p, mut pa, mut d) = (0u64, 0u64, 0u64);
    for s in nps.iter().flatten() {
        match s {
            9..=10 => p += 1,
            7..=8 => pa += 1,
            _ => d += 1,
        }
    }
    let n = p + pa + d;
    if n == 0 {
        return None;
    }
    let (pf, df) = (p as f64 / n as f64, d as f64 / n as f64);
    let variance = (pf + df - (pf - df).powi(2)) / n as f64;
    Some(Nps {
        score: (pf - df) * 100.0,
        promoters: p,
        passives: pa,
        detractors: d,
        margin95: 1.96 * 100.0 * variance.max(0.0).sqrt(),
    })
}

/// A count per month and channel.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyVolume {
    /// Month indices (`year * 12 + month - 1`), ascending and consecutive.
    pub months: Vec<i32>,
    /// `counts[c][m]`: contacts of channel `CHANNELS[c]` in `months[m]`.
    pub counts: Vec<Vec<u64>>,
}

/// Contacts per month and channel; `None` when there are no contacts.
pub fn monthly_volume(contacts: &Contacts) -> Option<MonthlyVolume> {
    let first = contacts.day.iter().min()?;
    let last = contacts.day.iter().max()?;
    let (m0, m1) = (month_index(*first), month_index(*last));
    let width = (m1 - m0 + 1) as usize;
    let mut counts = vec![vec![0u64; width]; CHANNELS.len()];
    // Month boundaries change rarely; cache the current month to avoid civil conversions.
    let mut cache = (i32::MIN, 0usize);
    for (day, ch) in contacts.day.iter().zip(&contacts.channel) {
        if *day != cache.0 {
            cache = (*day, (month_index(*day) - m0) as usize);
        }
        if let Some(row) = counts.get_mut(*ch as usize) {
            if let Some(cell) = row.get_mut(cache.1) {
                *cell += 1;
            }
        }
    }
    Some(MonthlyVolume {
        months: (m0..=m1).collect(),
        counts,
    })
}

/// The headline numbers of the overview page.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiSummary {
    /// Calls + WhatsApp conversations + tickets.
    pub interactions: u64,
    /// CSAT %, if any answer.
    pub csat: Option<f64>,
    /// Non-null CSAT answers.
    pub csat_n: u64,
    /// NPS, if any answer.
    pub nps: Option<Nps>,
}

/// Computes the overview's headline numbers.
pub fn summary(contacts: &Contacts, surveys: &Surveys) -> KpiSummary {
    KpiSummary {
        interactions: contacts.len() as u64,
        csat: csat_pct(&surveys.csat),
        csat_n: surveys.csat.iter().flatten().count() as u64,
        nps: nps(&surveys.nps),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csat_counts_only_4_and_5() {
        assert_eq!(csat_pct(&[Some(1), Some(2), Some(3)]), Some(0.0));
        assert_eq!(csat_pct(&[Some(4), Some(5)]), Some(100.0));
        assert_eq!(csat_pct(&[Some(4), None, Some(3), None]), Some(50.0));
    }

    #[test]
    fn csat_of_nothing_is_none() {
        assert_eq!(csat_pct(&[]), None);
        assert_eq!(csat_pct(&[None, None]), None);
    }

    #[test]
    fn nps_margin_matches_the_textbook_example() {
        // 50 % promoters, 20 % detractors, n = 100 → variance term 0.7 − 0.09 = 0.61.
        let mut answers = vec![Some(10u8); 50];
        answers.extend(vec![Some(7u8); 30]);
        answers.extend(vec![Some(3u8); 20]);
        let n = nps(&answers).expect("answers");
        assert!((n.score - 30.0).abs() < 1e-12);
        assert!((n.margin95 - 1.96 * 100.0 * (0.61f64 / 100.0).sqrt()).abs() < 1e-9);
        assert_eq!(n.n(), 100);
    }

    #[test]
    fn nps_of_a_single_answer_has_zero_margin() {
        let n = nps(&[Some(9)]).expect("one answer");
        assert_eq!(n.score, 100.0);
        assert_eq!(n.margin95, 0.0);
        assert_eq!(nps(&[None]), None);
    }

    #[test]
    fn monthly_volume_fills_empty_months_and_sums_to_total() {
        use crate::calendar::days_from_civil;
        let contacts = Contacts {
            day: vec![
                days_from_civil(2025, 1, 31),
                days_from_civil(2025, 3, 1),
                days_from_civil(2025, 3, 2),
            ],
            channel: vec![0, 2, 0],
        };
        let v = monthly_volume(&contacts).expect("contacts");
        assert_eq!(v.months.len(), 3);
        assert_eq!(v.counts[0], vec![1, 0, 1]);
        assert_eq!(v.counts[2], vec![0, 0, 1]);
        let total: u64 = v.counts.iter().flatten().sum();
        assert_eq!(total, 3);
        assert_eq!(monthly_volume(&Contacts::default()), None);
    }
}
