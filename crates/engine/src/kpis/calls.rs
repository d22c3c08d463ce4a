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
    let c = &lake.calls;
    let (mut answered, mut abandoned, mut within) = (0u64, 0u64, 0u64);
    let (mut handle, mut wait) = (0f64, 0f64);
    let (mut fcr_yes, mut fcr_n) = (0u64, 0u64);
    for &i in sel {
        let i = i as usize;
        if c.abandoned[i] {
            abandoned += 1;
            continue;
        }
        answered += 1;
        wait += f64::from(c.wait_s[i]);
        if c.wait_s[i] <= opts.service_level_s {
            within += 1;
        }
        handle += c.handle_s(i).unwrap_or(0.0);
        if c.fcr[i] != NULL_U8 {
            fcr_n += 1;
            fcr_yes += u64::from(c.fcr[i]);
        }
    }
    let offered = sel.len() as u64;
    CallKpis {
        offered,
        answered,
        abandonment: pct(abandoned, offered),
        aht_s: mean(handle, answered),
        asa_s: mean(wait, answered),
        service_level: pct(within, offered),
        fcr: pct(fcr_yes, fcr_n),
    }
}
