//! Key drivers of NPS: importance (|r| or η) × performance against a target.

use serde::Serialize;

use crate::lake::{Index, Lake, NONE, NULL_U8};
use crate::stats::{pct, Corr, Eta};

/// One key driver of NPS.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Driver {
    /// Driver name.
    pub driver: &'static str,
    /// |Pearson r| with the 0–10 answer (numeric drivers) or η (categorical drivers).
    pub importance: Option<f64>,
    /// % of answers whose interaction met the driver's target; `None` for categorical drivers.
    pub performance: Option<f64>,
    /// Answers with both the driver and an NPS answer.
    pub n: u64,
}

/// Targets that define "performance" of the numeric drivers.
pub const WAIT_TARGET_S: f64 = 60.0;
/// AHT target, s.
pub const AHT_TARGET_S: f64 = 360.0;

pub fn drivers(lake: &Lake, index: &Index, sel: &[u32]) -> Vec<Driver> {
    // One pass with running accumulators: no per-answer allocation.
    let (mut wait, mut aht, mut fcr) = (Corr::default(), Corr::default(), Corr::default());
    let (mut wait_ok, mut aht_ok, mut fcr_ok) = (0u64, 0u64, 0u64);
    let (mut channel, mut category) = (Eta::default(), Eta::default());
    for &i in sel {
        let i = i as usize;
        let y = lake.surveys.nps[i];
        if y == NULL_U8 {
            continue;
        }
        let y = f64::from(y);
        if let Some(w) = index.rated_wait_s.get(i).copied().filter(|x| !x.is_nan()) {
            wait.add(w, y);
            wait_ok += u64::from(w <= WAIT_TARGET_S);
        }
        if let Some(a) = index.rated_aht_s.get(i).copied().filter(|x| !x.is_nan()) {
            aht.add(a, y);
            aht_ok += u64::from(a <= AHT_TARGET_S);
        }
        if let Some(&f) = index.rated_fcr.get(i).filter(|f| **f != NULL_U8) {
            fcr.add(f64::from(f), y);
            fcr_ok += u64::from(f == 1);
        }
        channel.add(u32::from(lake.surveys.channel[i]), y);
        if let Some(&c) = index.rated_category.get(i).filter(|c| **c != NONE) {
            category.add(c, y);
        }
    }
    let numeric = |driver, c: &Corr, ok| Driver {
        driver,
        importance: c.value().map(f64::abs),
        performance: pct(ok, c.n()),
        n: c.n(),
    };
    let categorical = |driver, e: &Eta| Driver {
        driver,
        importance: e.value(),
        performance: None,
        n: e.n(),
    };
    vec![
        numeric("wait", &wait, wait_ok),
        numeric("aht", &aht, aht_ok),
        numeric("fcr", &fcr, fcr_ok),
        categorical("channel", &channel),
        categorical("category", &category),
    ]
}
