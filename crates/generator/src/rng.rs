//! Seeded random streams and the few distributions the generator draws from.
//!
//! Every (dataset, day, purpose) gets its own stream derived from the run's seed, so a day can be
//! generated twice with identical results (the survey pass relies on it) and no dataset's draws
//! shift when another dataset changes.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A seeded random stream.
pub struct Stream(pub ChaCha8Rng);

/// SplitMix64 finaliser: spreads the bits of a key.
const fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Stream {
    /// The stream for `seed`, a purpose tag and a sub-key (a day, a customer block…).
    pub fn new(seed: u64, tag: &str, key: i64) -> Self {
        let mut h = mix(seed);
        for b in tag.bytes() {
            h = mix(h ^ u64::from(b));
        }
        h = mix(h ^ key as u64);
        Stream(ChaCha8Rng::seed_from_u64(h))
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    /// `true` with probability `p` (clamped to 0…1).
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p.clamp(0.0, 1.0)
    }

    /// Uniform integer in `lo..=hi`.
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.0.random_range(lo..=hi)
    }

    /// Uniform index below `n` (`n > 0`).
    pub fn index(&mut self, n: usize) -> usize {
        self.0.random_range(0..n.max(1))
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// Index drawn with the given non-negative weights.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Exponential with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// Log-normal with the given median and log-scale spread.
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }
}

/// Splits `total` into integer parts proportional to `weights` (largest remainder), exactly.
pub fn apportion(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut parts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let assigned: u64 = parts.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Largest fractional part first; ties by index, so the split is deterministic.
    order.sort_by(|&a, &b| {
        let fa = exact[a] - exact[a].floor();
        let fb = exact[b] - exact[b].floor();
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    for &i in order
        .iter()
        .cycle()
        .take(total.saturating_sub(assigned) as usize)
    {
        parts[i] += 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_is_exact_and_proportional() {
        let parts = apportion(10, &[1.0, 1.0, 1.0]);
        assert_eq!(parts.iter().sum::<u64>(), 10);
        assert_eq!(parts, vec![4, 3, 3]);
        assert_eq!(apportion(5, &[0.0, 0.0]), vec![0, 0]);
        assert_eq!(apportion(7, &[0.0, 2.0]), vec![0, 7]);
    }

    #[test]
    fn streams_are_reproducible_and_independent() {
        let a: Vec<f64> = (0..4).map(|_| Stream::new(1, "x", 3).unit()).collect();
        let mut s = Stream::new(1, "x", 3);
        let b: Vec<f64> = (0..4).map(|_| s.unit()).collect();
        assert_eq!(a[0], b[0]);
        assert_ne!(Stream::new(1, "x", 3).unit(), Stream::new(1, "y", 3).unit());
        assert_ne!(Stream::new(1, "x", 3).unit(), Stream::new(2, "x", 3).unit());
    }
}
