//! Call center: offered, answered, abandonment, AHT, ASA, service level, FCR.

use serde::Serialize;

use super::Options;
use crate::lake::{Lake, NULL_U8};
use crate::stats::{mean, pct};

/// Call-center KPIs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallKpis {
    /// Calls offered (entered the queue).
    pub offered: u64,
    /// Calls answered.
    pub answered: u64,
    /// Abandoned ÷ offered, %.
    pub abandonment: Option<f64>,
    /// Mean talk + hold + ACW of answered calls, s.
    pub aht_s: Option<f64>,
    /// Mean queue wait of answered calls, s.
    pub asa_s: Option<f64>,
    /// Answered within the threshold ÷ offered, %.
    pub service_level: Option<f64>,
    /// Resolved at first contact ÷ answered calls with a known outcome, %.
    pub fcr: Option<f64>,
}

pub fn call_kpis(lake: &Lake, sel: &[u32], opts: &Options) -> CallKpis {
    let mut t = CallTally::default();
    for &i in sel {
        t.add(lake, i as usize, opts);
    }
    t.kpis()
}

/// The additive parts of [`CallKpis`]: per row, per cube cell, summed in any order (the sums of
/// seconds are of whole numbers, exact in `f64`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct CallTally {
    offered: u64,
    answered: u64,
    abandoned: u64,
    within: u64,
    wait: f64,
    handle: f64,
    fcr_yes: u64,
    fcr_n: u64,
}

impl CallTally {
    /// Counts call `i`.
    pub(crate) fn add(&mut self, lake: &Lake, i: usize, opts: &Options) {
        let c = &lake.calls;
        self.offered += 1;
        if c.abandoned[i] {
            self.abandoned += 1;
            return;
        }
        self.answered += 1;
        self.wait += f64::from(c.wait_s[i]);
        if c.wait_s[i] <= opts.service_level_s {
            self.within += 1;
        }
        self.handle += c.handle_s(i).unwrap_or(0.0);
        if c.fcr[i] != NULL_U8 {
            self.fcr_n += 1;
            self.fcr_yes += u64::from(c.fcr[i]);
        }
    }

    /// Adds another tally.
    pub(crate) fn merge(&mut self, o: &CallTally) {
        self.offered += o.offered;
        self.answered += o.answered;
        self.abandoned += o.abandoned;
        self.within += o.within;
        self.wait += o.wait;
        self.handle += o.handle;
        self.fcr_yes += o.fcr_yes;
        self.fcr_n += o.fcr_n;
    }

    /// Calls counted.
    pub(crate) fn offered(&self) -> u64 {
        self.offered
    }

    /// The KPIs.
    pub(crate) fn kpis(&self) -> CallKpis {
        CallKpis {
            offered: self.offered,
            answered: self.answered,
            abandonment: pct(self.abandoned, self.offered),
            aht_s: mean(self.handle, self.answered),
            asa_s: mean(self.wait, self.answered),
            service_level: pct(self.within, self.offered),
            fcr: pct(self.fcr_yes, self.fcr_n),
        }
    }
}
