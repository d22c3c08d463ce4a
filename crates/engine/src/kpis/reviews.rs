//! Public reviews: stars per platform.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::lake::Lake;
use crate::stats::mean;

/// Reviews of one platform (or all).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewStats {
    /// Platform, or `"all"`.
    pub platform: String,
    /// Reviews.
    pub n: u64,
    /// Mean stars.
    pub mean_stars: Option<f64>,
    /// Count of 1…5 stars.
    pub stars: [u64; 5],
}

/// What reviews are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewBy {
    /// The platform.
    Platform,
    /// The branch reviewed.
    Branch,
}

/// Per platform: the overall figures first (`"all"`), then each platform by name.
pub fn review_stats(lake: &Lake, sel: &[u32]) -> Vec<ReviewStats> {
    review_stats_by(lake, sel, ReviewBy::Platform)
}

/// Reviews per branch, lowest mean stars first (ties: more reviews first, then by name); the
/// overall figures are not included.
pub fn branch_stats(lake: &Lake, sel: &[u32]) -> Vec<ReviewStats> {
    let mut v: Vec<ReviewStats> = review_stats_by(lake, sel, ReviewBy::Branch)
        .into_iter()
        .skip(1)
        .collect();
    v.sort_by(|a, b| {
        a.mean_stars
            .unwrap_or(f64::MAX)
            .total_cmp(&b.mean_stars.unwrap_or(f64::MAX))
            .then(b.n.cmp(&a.n))
            .then(a.platform.cmp(&b.platform))
    });
    v
}

/// As [`review_stats`], grouped by platform or branch (the group's name is in `platform`).
pub fn review_stats_by(lake: &Lake, sel: &[u32], by: ReviewBy) -> Vec<ReviewStats> {
    let r = &lake.reviews;
    let mut all = ReviewStats {
        platform: "all".into(),
        n: 0,
        mean_stars: None,
        stars: [0; 5],
    };
    let mut per: BTreeMap<String, ReviewStats> = BTreeMap::new();
    for &i in sel {
        let i = i as usize;
        let star = usize::from(r.stars[i].clamp(1, 5)) - 1;
        let name = match by {
            ReviewBy::Platform => lake.platforms.name(u32::from(r.platform[i])),
            ReviewBy::Branch => lake.branches.name(u32::from(r.branch[i])),
        }
        .unwrap_or("?")
        .to_string();
        let e = per.entry(name.clone()).or_insert(ReviewStats {
            platform: name,
            n: 0,
            mean_stars: None,
            stars: [0; 5],
        });
        for s in [&mut all, e] {
            s.n += 1;
            s.stars[star] += 1;
        }
    }
    let finish = |mut s: ReviewStats| {
        let sum: u64 = s
            .stars
            .iter()
            .enumerate()
            .map(|(k, c)| (k as u64 + 1) * c)
            .sum();
        s.mean_stars = mean(sum as f64, s.n);
        s
    };
    std::iter::once(finish(all))
        .chain(per.into_values().map(finish))
        .collect()
}
