//! Small statistics shared by the KPIs. Empty input gives `None`, never NaN.

/// Nearest-rank percentile (`p` in 0…1): the smallest value with at least `p·n` values at or
/// below it, i.e. the element at 1-based rank `max(1, ⌈p·n⌉)` of the sorted values. The median is
/// `p = 0.5` (the lower median for even `n`). `values` is reordered in place (partial selection,
/// linear time).
///
/// # Example
/// ```
/// let mut v = vec![5, 1, 4, 2, 3];
/// assert_eq!(cx_engine::stats::percentile(&mut v, 0.5), Some(3));
/// assert_eq!(cx_engine::stats::percentile(&mut v, 0.9), Some(5));
/// assert_eq!(cx_engine::stats::percentile(&mut Vec::<i64>::new(), 0.5), None);
/// ```
pub fn percentile<T: Ord + Copy>(values: &mut [T], p: f64) -> Option<T> {
    if values.is_empty() {
        return None;
    }
    let n = values.len();
    // ⌈p·n⌉ in integers (p in thousandths), so no floating-point rounding can shift the rank.
    let permille = (p.clamp(0.0, 1.0) * 1000.0).round() as usize;
    let rank = (permille * n).div_ceil(1000).clamp(1, n);
    let (_, nth, _) = values.select_nth_unstable(rank - 1);
    Some(*nth)
}

/// `part / whole × 100`, `None` when `whole` is 0.
pub fn pct(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64 * 100.0)
}

/// Arithmetic mean, `None` when empty.
pub fn mean(sum: f64, n: u64) -> Option<f64> {
    (n > 0).then(|| sum / n as f64)
}

/// Pearson correlation of paired samples; `None` with fewer than two pairs or no variance.
pub fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len();
    if n < 2 {
        return None;
    }
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / n as f64;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Correlation ratio η of a numeric outcome over a categorical variable: √(SS_between / SS_total).
/// `None` with no rows or no variance.
pub fn eta(groups: &[(u32, f64)]) -> Option<f64> {
    if groups.is_empty() {
        return None;
    }
    let n = groups.len() as f64;
    let mean = groups.iter().map(|g| g.1).sum::<f64>() / n;
    // Codes are small dictionary indices: accumulate per code in a dense vector.
    let width = groups.iter().map(|g| g.0 as usize).max().unwrap_or(0) + 1;
    let mut by = vec![(0.0f64, 0.0f64); width];
    let mut total = 0.0;
    for (k, y) in groups {
        if let Some(e) = by.get_mut(*k as usize) {
            e.0 += y;
            e.1 += 1.0;
        }
        total += (y - mean).powi(2);
    }
    let between: f64 = by
        .iter()
        .filter(|(_, c)| *c > 0.0)
        .map(|(s, c)| c * (s / c - mean).powi(2))
        .sum();
    (total > 0.0).then(|| (between / total).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_single_and_even() {
        assert_eq!(percentile(&mut [7], 0.9), Some(7));
        assert_eq!(percentile(&mut [4, 1, 3, 2], 0.5), Some(2));
        assert_eq!(percentile(&mut [4, 1, 3, 2], 0.0), Some(1));
        assert_eq!(percentile(&mut [4, 1, 3, 2], 1.0), Some(4));
    }

    #[test]
    fn ratios_of_nothing_are_none() {
        assert_eq!(pct(0, 0), None);
        assert_eq!(mean(0.0, 0), None);
        assert_eq!(pearson(&[(1.0, 2.0)]), None);
        assert_eq!(pearson(&[(1.0, 2.0), (1.0, 3.0)]), None);
        assert_eq!(eta(&[]), None);
    }

    #[test]
    fn pearson_and_eta_of_perfect_relations() {
        let p = pearson(&[(1.0, 2.0), (2.0, 4.0), (3.0, 6.5)]).expect("defined");
        assert!(p > 0.99);
        let e = eta(&[(0, 1.0), (0, 1.0), (1, 5.0), (1, 5.0)]).expect("defined");
        assert!((e - 1.0).abs() < 1e-12);
    }
}
