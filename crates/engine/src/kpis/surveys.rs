//! Survey answers: CSAT, NPS with its margin, CES.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calendar::{day_of_ms, Granularity};
use crate::kpi::{nps_from_counts, Nps};
use crate::lake::{Index, Lake, NONE, NULL_U8};
use crate::schema::CHANNELS;
use crate::stats::{mean, pct};

/// Survey KPIs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyKpis {
    /// Answers selected.
    pub answers: u64,
    /// CSAT %: 4–5 among non-null 1–5 answers.
    pub csat: Option<f64>,
    /// Non-null CSAT answers.
    pub csat_n: u64,
    /// NPS with parts and margin.
    pub nps: Option<Nps>,
    /// Mean CES (1–7).
    pub ces_mean: Option<f64>,
    /// Share of CES 5–7, %.
    pub ces_easy: Option<f64>,
    /// Non-null CES answers.
    pub ces_n: u64,
}

pub fn survey_kpis(lake: &Lake, sel: &[u32]) -> SurveyKpis {
    let mut t = SurveyTally::default();
    for &i in sel {
        t.add(lake, i as usize);
    }
    t.kpis()
}

/// The additive parts of [`SurveyKpis`] (per row, per cube cell, summed in any order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SurveyTally {
    answers: u64,
    csat_n: u64,
    csat_yes: u64,
    /// Detractors, passives, promoters.
    nps: [u64; 3],
    ces_n: u64,
    ces_sum: u64,
    ces_easy: u64,
}

impl SurveyTally {
    /// Counts survey `i`.
    pub(crate) fn add(&mut self, lake: &Lake, i: usize) {
        let s = &lake.surveys;
        self.answers += 1;
        let c = s.csat[i];
        if c != NULL_U8 {
            self.csat_n += 1;
            self.csat_yes += u64::from(c >= 4);
        }
        if let Some(k) = nps_class(s.nps[i]) {
            self.nps[k] += 1;
        }
        let e = s.ces[i];
        if e != NULL_U8 {
            self.ces_n += 1;
            self.ces_sum += u64::from(e);
            self.ces_easy += u64::from(e >= 5);
        }
    }

    /// Adds another tally.
    pub(crate) fn merge(&mut self, o: &SurveyTally) {
        self.answers += o.answers;
        self.csat_n += o.csat_n;
        self.csat_yes += o.csat_yes;
        for (a, b) in self.nps.iter_mut().zip(o.nps) {
            *a += b;
        }
        self.ces_n += o.ces_n;
        self.ces_sum += o.ces_sum;
        self.ces_easy += o.ces_easy;
    }

    /// Detractors, passives and promoters.
    pub(crate) fn nps_counts(&self) -> [u64; 3] {
        self.nps
    }

    /// The KPIs.
    pub(crate) fn kpis(&self) -> SurveyKpis {
        SurveyKpis {
            answers: self.answers,
            csat: pct(self.csat_yes, self.csat_n),
            csat_n: self.csat_n,
            nps: nps_from_counts(self.nps[2], self.nps[1], self.nps[0]),
            ces_mean: mean(self.ces_sum as f64, self.ces_n),
            ces_easy: pct(self.ces_easy, self.ces_n),
            ces_n: self.ces_n,
        }
    }
}

pub(crate) fn add3(a: &mut [u64; 3], b: [u64; 3]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// 0 detractor (0–6), 1 passive (7–8), 2 promoter (9–10); `None` for a skipped answer.
fn nps_class(answer: u8) -> Option<usize> {
    match answer {
        NULL_U8 => None,
        9..=10 => Some(2),
        7..=8 => Some(1),
        _ => Some(0),
    }
}

/// NPS per time step of the answer's date (steps with answers only). Each point carries its
/// counts and 95 % margin, so a chart can draw the band and grey out small samples.
pub fn nps_series(
    lake: &Lake,
    sel: &[u32],
    step: Granularity,
) -> Vec<super::headline::Step<Option<Nps>>> {
    let s = &lake.surveys;
    let mut counts: BTreeMap<i32, [u64; 3]> = BTreeMap::new();
    // Answers come mostly in date order: the step of the last day is kept, and a step's counts
    // go into the map once, when the step changes (not once per answer).
    let mut last_day: Option<i32> = None;
    let mut open: Option<(i32, [u64; 3])> = None;
    for &i in sel {
        let i = i as usize;
        let Some(k) = nps_class(s.nps[i]) else {
            continue;
        };
        let day = day_of_ms(s.at_ms[i]);
        if last_day != Some(day) {
            last_day = Some(day);
            let start = step.start(day);
            if open.is_none_or(|(at, _)| at != start) {
                if let Some((at, c)) = open.replace((start, [0; 3])) {
                    add3(counts.entry(at).or_default(), c);
                }
            }
        }
        if let Some((_, c)) = open.as_mut() {
            c[k] += 1;
        }
    }
    if let Some((at, c)) = open {
        add3(counts.entry(at).or_default(), c);
    }
    nps_steps(counts, step)
}

/// The NPS of each step's counts (detractors, passives, promoters), in time order.
pub(crate) fn nps_steps(
    counts: BTreeMap<i32, [u64; 3]>,
    step: Granularity,
) -> Vec<super::headline::Step<Option<Nps>>> {
    counts
        .into_iter()
        .map(|(start, [d, pa, p])| super::headline::Step {
            start,
            label: step.label(start),
            value: nps_from_counts(p, pa, d),
        })
        .collect()
}

/// What NPS can be broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NpsBy {
    /// The survey's channel.
    Channel,
    /// The customer's segment.
    Segment,
    /// The customer's department.
    Region,
}

/// One group's NPS.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsGroup {
    /// Group name.
    pub key: String,
    /// Its NPS (`None` without answers).
    pub nps: Option<Nps>,
}

/// NPS per channel, segment or region, sorted by name. Answers of customers that are not
/// loaded have no segment or region and are left out of those two breakdowns.
pub fn nps_by(lake: &Lake, index: &Index, sel: &[u32], by: NpsBy) -> Vec<NpsGroup> {
    let s = &lake.surveys;
    // Counts by code (channel, segment or region), named once at the end.
    let mut by_code = nps_codes(lake, by);
    let customers = &lake.customers;
    for &i in sel {
        let i = i as usize;
        let Some(k) = nps_class(s.nps[i]) else {
            continue;
        };
        let code = match by {
            NpsBy::Channel => Some(usize::from(s.channel[i])),
            NpsBy::Segment | NpsBy::Region => {
                let customer = index.survey_customer.get(i).copied().unwrap_or(NONE) as usize;
                let codes = if by == NpsBy::Segment {
                    &customers.segment
                } else {
                    &customers.region
                };
                codes.get(customer).map(|&c| usize::from(c))
            }
        };
        if let Some(c) = code.and_then(|c| by_code.get_mut(c)) {
            c[k] += 1;
        }
    }
    nps_named(lake, by, by_code)
}

/// A count (detractors, passives, promoters) per code of `by`'s dictionary, all zero.
pub(crate) fn nps_codes(lake: &Lake, by: NpsBy) -> Vec<[u64; 3]> {
    vec![
        [0; 3];
        match by {
            NpsBy::Channel => CHANNELS.len(),
            NpsBy::Segment => lake.segments.len(),
            NpsBy::Region => lake.regions.len(),
        }
    ]
}

/// The groups of the counts per code ([`nps_codes`]), named, merged by name and sorted by it;
/// codes without answers are left out.
pub(crate) fn nps_named(lake: &Lake, by: NpsBy, by_code: Vec<[u64; 3]>) -> Vec<NpsGroup> {
    let name = |code: usize| match by {
        NpsBy::Channel => CHANNELS.get(code).copied(),
        NpsBy::Segment => lake.segments.name(code as u32),
        NpsBy::Region => lake.regions.name(code as u32),
    };
    let mut counts: BTreeMap<String, [u64; 3]> = BTreeMap::new();
    for (code, c) in by_code.into_iter().enumerate() {
        if c != [0; 3] {
            if let Some(key) = name(code) {
                add3(counts.entry(key.to_string()).or_default(), c);
            }
        }
    }
    counts
        .into_iter()
        .map(|(key, [d, pa, p])| NpsGroup {
            key,
            nps: nps_from_counts(p, pa, d),
        })
        .collect()
}
