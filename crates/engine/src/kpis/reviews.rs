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

pub fn review_stats(lake: &Lake, sel: &[u32]) -> Vec<ReviewStats> {
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
        let name = lake
            .platforms
            .name(u32::from(r.platform[i]))
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
