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
    let rank = nearest_rank(p, n as u64);
    let (_, nth, _) = values.select_nth_unstable(usize::try_from(rank - 1).ok()?);
    Some(*nth)
}

/// The 1-based rank `max(1, ⌈p·n⌉)` of [`percentile`], for `n ≥ 1`. In integers (p in
/// thousandths), so no floating-point rounding can shift it; in `u64`, so `p·n` cannot overflow
/// where `usize` is 32 bits (wasm32: over ~4.3 million values).
pub fn nearest_rank(p: f64, n: u64) -> u64 {
    let permille = (p.clamp(0.0, 1.0) * 1000.0).round() as u64;
    (permille * n).div_ceil(1000).clamp(1, n.max(1))
}

/// Values below this (and not negative) are counted by [`percentile_of`], not kept.
const COUNTED: usize = 1 << 16;

/// [`percentile`] of the values `values` yields, in one pass that counts each value in
/// `0..65 536` in a table (seconds of waits and replies mostly are) and keeps only the others:
/// the same value as [`percentile`] of all of them, without gathering and selecting millions.
///
/// ```
/// let v = [5i64, 1, 4, 2, 3, -7, 1 << 40, 70_000, 65_535];
/// for p in [0.0, 0.1, 0.5, 0.9, 1.0] {
///     let mut all = v.to_vec();
///     assert_eq!(cx_engine::stats::percentile_of(v.iter().copied(), p), cx_engine::stats::percentile(&mut all, p));
/// }
/// assert_eq!(cx_engine::stats::percentile_of(std::iter::empty(), 0.5), None);
/// ```
pub fn percentile_of(values: impl Iterator<Item = i64>, p: f64) -> Option<i64> {
    let mut counts = vec![0u64; COUNTED];
    let mut below: Vec<i64> = Vec::new();
    let mut above: Vec<i64> = Vec::new();
    let mut n = 0u64;
    for v in values {
        n += 1;
        match usize::try_from(v) {
            Ok(k) if k < COUNTED => counts[k] += 1,
            _ if v < 0 => below.push(v),
            _ => above.push(v),
        }
    }
    if n == 0 {
        return None;
    }
    let rank = nearest_rank(p, n); // 1-based, in below ++ counted ++ above
    let under = below.len() as u64;
    if rank <= under {
        return percentile_rank(&mut below, rank);
    }
    let mut seen = under;
    for (k, &c) in counts.iter().enumerate() {
        if seen + c >= rank {
            return Some(k as i64);
        }
        seen += c;
    }
    percentile_rank(&mut above, rank - seen)
}

/// The value of 1-based `rank` in `values` (reordered).
fn percentile_rank(values: &mut [i64], rank: u64) -> Option<i64> {
    let at = usize::try_from(rank.checked_sub(1)?).ok()?;
    if at >= values.len() {
        return None;
    }
    let (_, v, _) = values.select_nth_unstable(at);
    Some(*v)
}

/// `part / whole × 100`, `None` when `whole` is 0.
pub fn pct(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64 * 100.0)
}

/// Arithmetic mean, `None` when empty.
pub fn mean(sum: f64, n: u64) -> Option<f64> {
    (n > 0).then(|| sum / n as f64)
}

/// Running Pearson correlation (Welford's co-moment update: one pass, no allocation, stable).
#[derive(Debug, Clone, Copy, Default)]
pub struct Corr {
    n: f64,
    mean_x: f64,
    mean_y: f64,
    m2x: f64,
    m2y: f64,
    cxy: f64,
}

impl Corr {
    /// Adds a pair.
    pub fn add(&mut self, x: f64, y: f64) {
        self.n += 1.0;
        let dx = x - self.mean_x;
        let dy = y - self.mean_y;
        self.mean_x += dx / self.n;
        self.mean_y += dy / self.n;
        self.m2x += dx * (x - self.mean_x);
        self.m2y += dy * (y - self.mean_y);
        self.cxy += dx * (y - self.mean_y);
    }

    /// Pairs added.
    pub fn n(&self) -> u64 {
        self.n as u64
    }

    /// r; `None` with fewer than two pairs or no variance.
    pub fn value(&self) -> Option<f64> {
        (self.n >= 2.0 && self.m2x > 0.0 && self.m2y > 0.0)
            .then(|| self.cxy / (self.m2x * self.m2y).sqrt())
    }
}

/// Pearson correlation of paired samples; `None` with fewer than two pairs or no variance.
pub fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let mut c = Corr::default();
    pairs.iter().for_each(|(x, y)| c.add(*x, *y));
    c.value()
}

/// Running correlation ratio η of a numeric outcome over small integer categories.
#[derive(Debug, Clone, Default)]
pub struct Eta {
    groups: Vec<(f64, f64)>,
    n: f64,
    mean: f64,
    m2: f64,
}

impl Eta {
    /// Adds an outcome `y` in category `code`.
    pub fn add(&mut self, code: u32, y: f64) {
        let k = code as usize;
        if self.groups.len() <= k {
            self.groups.resize(k + 1, (0.0, 0.0));
        }
        if let Some(g) = self.groups.get_mut(k) {
            g.0 += y;
            g.1 += 1.0;
        }
        self.n += 1.0;
        let d = y - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (y - self.mean);
    }

    /// Outcomes added.
    pub fn n(&self) -> u64 {
        self.n as u64
    }

    /// √(SS_between / SS_total); `None` with no rows or no variance.
    pub fn value(&self) -> Option<f64> {
        let between: f64 = self
            .groups
            .iter()
            .filter(|(_, c)| *c > 0.0)
            .map(|(s, c)| c * (s / c - self.mean).powi(2))
            .sum();
        (self.m2 > 0.0).then(|| (between / self.m2).sqrt())
    }
}

/// Correlation ratio η of a numeric outcome over a categorical variable: √(SS_between / SS_total).
/// `None` with no rows or no variance.
pub fn eta(groups: &[(u32, f64)]) -> Option<f64> {
    let mut e = Eta::default();
    groups.iter().for_each(|(k, y)| e.add(*k, *y));
    e.value()
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
