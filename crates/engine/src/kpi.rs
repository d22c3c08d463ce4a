//! KPI formulas over the columnar model. Empty input gives `None`, never NaN.

use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
    nps_from_counts(p, pa, d)
}

/// NPS from the counts of promoters, passives and detractors; `None` when all are zero.
pub fn nps_from_counts(p: u64, pa: u64, d: u64) -> Option<Nps> {
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
}
