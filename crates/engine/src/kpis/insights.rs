//! *Qué cambió*: the notable movements of a selection, found without being told where to look.
//!
//! Four detectors, each over the rows the filter selected (method and thresholds in
//! `docs/kpis.md`):
//! - **spikes**: a week whose contacts, call abandonment or complaint-book entries stand far
//!   above the trailing weeks (robust z against the median and MAD of up to eight previous weeks);
//! - **agents below their peers**: an agent whose CSAT, AHT, FCR or WhatsApp first reply lies far
//!   on the bad side of the other agents of the same team (robust z over the team);
//! - **channels below the others**: a channel whose CSAT is far under the pooled CSAT of the rest
//!   (two-proportion z);
//! - **trends**: NPS or CSAT of the last third of the months against the first third, when the
//!   change exceeds its 95 % margin.
//!
//! Work is bounded by the rows and the number of weeks, agents and months that hold rows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::calls::call_kpis;
use super::surveys::survey_kpis;
use super::Options;
use crate::calendar::{day_label, Granularity};
use crate::filter::Selection;
use crate::lake::{Lake, NONE, NULL_U8};
use crate::schema::CHANNELS;

/// What kind of movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InsightKind {
    /// A week far above the trailing weeks.
    Spike,
    /// An agent far on the bad side of the team.
    AgentBelowPeers,
    /// A channel far under the others.
    ChannelBelowPeers,
    /// A KPI moved between the start and the end of the range.
    Trend,
}

/// The figure that moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Calls + conversations + tickets (count).
    Contacts,
    /// Abandoned ÷ offered calls, %.
    Abandonment,
    /// Complaint-book entries (count).
    Complaints,
    /// CSAT, %.
    Csat,
    /// NPS, points.
    Nps,
    /// Mean handle time, s.
    Aht,
    /// First-contact resolution, %.
    Fcr,
    /// Median WhatsApp first reply, s.
    FirstReply,
}

/// One notable movement, with the filter that shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Insight {
    /// Kind.
    pub kind: InsightKind,
    /// The figure.
    pub metric: Metric,
    /// What moved: the week's Monday (`YYYY-MM-DD`), the agent id, the channel, or for a trend
    /// the first and last months compared (`YYYY-MM…YYYY-MM`).
    pub subject: String,
    /// Its value.
    pub value: f64,
    /// What it is compared with (trailing weeks' median, peers' median, the rest, the start).
    pub baseline: f64,
    /// Strength, comparable across kinds (a z-like score); the list is sorted by it.
    pub score: f64,
    /// Apply: first day.
    pub from: Option<String>,
    /// Apply: last day.
    pub to: Option<String>,
    /// Apply: channel.
    pub channel: Option<String>,
    /// Apply: agent.
    pub agent: Option<String>,
}

/// Weeks of history a spike is judged against (at least [`MIN_WEEKS`]).
pub const TRAILING_WEEKS: usize = 8;
/// Fewest previous weeks for a spike to be judged.
pub const MIN_WEEKS: usize = 4;
/// Fewest rows in a week for a count spike (a few complaints in a small region are noise).
pub const MIN_SPIKE_COUNT: f64 = 10.0;
/// Robust z from which a week, an agent or a channel is reported.
pub const Z_REPORT: f64 = 3.0;
/// Fewest answers or rows behind an agent's or a channel's figure.
pub const MIN_N: u64 = 30;
/// Most movements returned of each kind (spikes, agents, channels, trends), so one kind never
/// crowds out the others.
pub const MAX_PER_KIND: usize = 6;

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Median and MAD-based standard deviation (1.4826 · MAD), the spread floored at `floor`.
fn robust(values: &[f64], floor: f64) -> Option<(f64, f64)> {
    let mut v = values.to_vec();
    let m = median(&mut v)?;
    let mut dev: Vec<f64> = values.iter().map(|x| (x - m).abs()).collect();
    let mad = median(&mut dev)?;
    Some((m, (1.4826 * mad).max(floor)))
}

/// [`robust`] of `sorted` (ascending by `total_cmp`) without the element at `skip`, in O(n) and
/// without allocating: the same median and MAD as sorting the peers anew. The deviations from the
/// median grow outwards from it on both sides, so the middle ones are found by merging the two
/// sides from the median out.
fn robust_without(sorted: &[f64], skip: usize, floor: f64) -> Option<(f64, f64)> {
    let n = sorted.len().checked_sub(1)?;
    if n == 0 {
        return None;
    }
    let peer = |j: usize| sorted[j + usize::from(j >= skip)];
    let m = if n % 2 == 1 {
        peer(n / 2)
    } else {
        (peer(n / 2 - 1) + peer(n / 2)) / 2.0
    };
    // First peer at or above the median: the right side walks up from it, the left side down.
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if peer(mid).total_cmp(&m).is_lt() {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let (mut left, mut right) = (lo, lo); // next left is left - 1, next right is right
    let mut next = || {
        let l = (left > 0).then(|| (peer(left - 1) - m).abs());
        let r = (right < n).then(|| (peer(right) - m).abs());
        match (l, r) {
            (Some(a), Some(b)) if a.total_cmp(&b).is_le() => {
                left -= 1;
                a
            }
            (_, Some(b)) => {
                right += 1;
                b
            }
            (Some(a), None) => {
                left -= 1;
                a
            }
            (None, None) => f64::NAN, // unreachable: n deviations are taken at most
        }
    };
    let mut below = f64::NAN;
    for _ in 0..n / 2 {
        below = next();
    }
    let middle = next();
    let mad = if n % 2 == 1 {
        middle
    } else {
        (below + middle) / 2.0
    };
    Some((m, (1.4826 * mad).max(floor)))
}

fn spikes(lake: &Lake, sel: &Selection, opts: &Options, out: &mut Vec<Insight>) {
    let weeks = sel.split(lake, Granularity::Week);
    let series: Vec<(i32, [Option<f64>; 3])> = weeks
        .iter()
        .map(|(start, part)| {
            let calls = call_kpis(lake, &part.calls, opts);
            let contacts = (part.calls.len() + part.chats.len() + part.tickets.len()) as f64;
            let abandonment = calls.abandonment.filter(|_| calls.offered >= MIN_N);
            (
                *start,
                [
                    Some(contacts),
                    abandonment,
                    Some(part.complaints.len() as f64),
                ],
            )
        })
        .collect();
    let metrics = [Metric::Contacts, Metric::Abandonment, Metric::Complaints];
    for (k, metric) in metrics.into_iter().enumerate() {
        for w in MIN_WEEKS..series.len() {
            let Some(value) = series[w].1[k] else {
                continue;
            };
            let history: Vec<f64> = series[w.saturating_sub(TRAILING_WEEKS)..w]
                .iter()
                .filter_map(|(_, v)| v[k])
                .collect();
            if history.len() < MIN_WEEKS {
                continue;
            }
            // Counts: at least the Poisson spread √median and a tenth of the median (and one
            // row); rates: one point.
            let floor = |base: f64| match metric {
                Metric::Abandonment => 1.0,
                _ => (0.1 * base).max(base.sqrt()).max(1.0),
            };
            let Some((base, _)) = robust(&history, 0.0) else {
                continue;
            };
            let Some((base, spread)) = robust(&history, floor(base)) else {
                continue;
            };
            let z = (value - base) / spread;
            let big_enough = match metric {
                Metric::Abandonment => value - base >= 3.0,
                _ => value >= 1.5 * base && value >= MIN_SPIKE_COUNT,
            };
            if z >= Z_REPORT && big_enough {
                let start = series[w].0;
                out.push(Insight {
                    kind: InsightKind::Spike,
                    metric,
                    subject: day_label(start),
                    value,
                    baseline: base,
                    score: z,
                    from: Some(day_label(start)),
                    to: Some(day_label(start + 6)),
                    channel: None,
                    agent: None,
                });
            }
        }
    }
}

#[derive(Default, Clone)]
struct AgentFacts {
    csat: (u64, u64),
    handle: (f64, u64),
    fcr: (u64, u64),
    first_reply: Vec<i64>,
}

fn agents_below_peers(lake: &Lake, sel: &Selection, out: &mut Vec<Insight>) {
    let mut facts: Vec<AgentFacts> = vec![AgentFacts::default(); lake.agents.len()];
    let c = &lake.calls;
    for &i in &sel.calls {
        let i = i as usize;
        let Some(a) = facts.get_mut(c.agent[i] as usize) else {
            continue; // abandoned: no agent
        };
        if let Some(h) = c.handle_s(i) {
            a.handle.0 += h;
            a.handle.1 += 1;
        }
        if c.fcr[i] != NULL_U8 {
            a.fcr.0 += u64::from(c.fcr[i]);
            a.fcr.1 += 1;
        }
    }
    let h = &lake.chats;
    for &i in &sel.chats {
        let i = i as usize;
        if let Some(a) = facts.get_mut(h.agent[i] as usize) {
            a.first_reply.push(i64::from(h.first_reply_s[i]));
            a.fcr.0 += u64::from(h.resolved[i]);
            a.fcr.1 += 1;
        }
    }
    let s = &lake.surveys;
    for &i in &sel.surveys {
        let i = i as usize;
        if s.csat[i] == NULL_U8 || s.agent[i] == NONE {
            continue;
        }
        if let Some(a) = facts.get_mut(s.agent[i] as usize) {
            a.csat.0 += u64::from(s.csat[i] >= 4);
            a.csat.1 += 1;
        }
    }
    // (metric, value per agent, sign: +1 when higher is worse, spread floor)
    type Getter = fn(&mut AgentFacts) -> Option<f64>;
    let measures: [(Metric, Getter, f64, f64); 4] = [
        (
            Metric::Csat,
            |a| (a.csat.1 >= MIN_N).then(|| a.csat.0 as f64 * 100.0 / a.csat.1 as f64),
            -1.0,
            1.0,
        ),
        (
            Metric::Aht,
            |a| (a.handle.1 >= MIN_N).then(|| a.handle.0 / a.handle.1 as f64),
            1.0,
            5.0,
        ),
        (
            Metric::Fcr,
            |a| (a.fcr.1 >= MIN_N).then(|| a.fcr.0 as f64 * 100.0 / a.fcr.1 as f64),
            -1.0,
            1.0,
        ),
        (
            Metric::FirstReply,
            |a| {
                (a.first_reply.len() as u64 >= MIN_N)
                    .then(|| crate::stats::percentile(&mut a.first_reply, 0.5))
                    .flatten()
                    .map(|v| v as f64)
            },
            1.0,
            2.0,
        ),
    ];
    // Worst finding per agent.
    let mut worst: BTreeMap<u32, Insight> = BTreeMap::new();
    for (metric, get, sign, floor) in measures {
        let mut by_team: BTreeMap<String, Vec<(u32, f64)>> = BTreeMap::new();
        for (code, f) in facts.iter_mut().enumerate() {
            let Some(v) = get(f) else { continue };
            let name = lake.agents.name(code as u32).unwrap_or_default();
            let team = name.split('-').next().unwrap_or_default().to_string();
            by_team.entry(team).or_default().push((code as u32, v));
        }
        for agents in by_team.values_mut() {
            if agents.len() < 5 {
                continue; // too few peers to call anyone an outlier
            }
            // Each agent against the others: one sort, then O(team) per agent (sorting the
            // peers anew for each agent cost a second per filter change with 3,000 agents).
            agents.sort_by(|a, b| a.1.total_cmp(&b.1));
            let values: Vec<f64> = agents.iter().map(|(_, v)| *v).collect();
            for (k, &(code, v)) in agents.iter().enumerate() {
                let Some((base, spread)) = robust_without(&values, k, floor) else {
                    continue;
                };
                let z = sign * (v - base) / spread;
                if z < Z_REPORT {
                    continue;
                }
                let agent = lake.agents.name(code).unwrap_or_default().to_string();
                let finding = Insight {
                    kind: InsightKind::AgentBelowPeers,
                    metric,
                    subject: agent.clone(),
                    value: v,
                    baseline: base,
                    score: z,
                    from: None,
                    to: None,
                    channel: None,
                    agent: Some(agent),
                };
                match worst.get(&code) {
                    Some(w) if w.score >= z => {}
                    _ => {
                        worst.insert(code, finding);
                    }
                }
            }
        }
    }
    out.extend(worst.into_values());
}

fn channels_below_peers(lake: &Lake, sel: &Selection, out: &mut Vec<Insight>) {
    let s = &lake.surveys;
    let mut per = [(0u64, 0u64); CHANNELS.len()];
    for &i in &sel.surveys {
        let i = i as usize;
        if s.csat[i] == NULL_U8 {
            continue;
        }
        if let Some(p) = per.get_mut(usize::from(s.channel[i])) {
            p.0 += u64::from(s.csat[i] >= 4);
            p.1 += 1;
        }
    }
    let (yes, n) = per
        .iter()
        .fold((0u64, 0u64), |(a, b), (y, m)| (a + y, b + m));
    for (k, &(y, m)) in per.iter().enumerate() {
        let (ry, rn) = (yes - y, n - m);
        if m < MIN_N || rn < MIN_N {
            continue;
        }
        let (p, q) = (y as f64 / m as f64, ry as f64 / rn as f64);
        let pooled = (y + ry) as f64 / (m + rn) as f64;
        let se = (pooled * (1.0 - pooled) * (1.0 / m as f64 + 1.0 / rn as f64)).sqrt();
        if se <= 0.0 {
            continue;
        }
        let z = (q - p) / se;
        if z >= Z_REPORT && (q - p) * 100.0 >= 10.0 {
            let channel = CHANNELS[k].to_string();
            out.push(Insight {
                kind: InsightKind::ChannelBelowPeers,
                metric: Metric::Csat,
                subject: channel.clone(),
                value: p * 100.0,
                baseline: q * 100.0,
                score: z,
                from: None,
                to: None,
                channel: Some(channel),
                agent: None,
            });
        }
    }
}

fn trends(lake: &Lake, sel: &Selection, out: &mut Vec<Insight>) {
    let months = sel.split(lake, Granularity::Month);
    if months.len() < 6 {
        return;
    }
    let third = months.len() / 3;
    let pool = |part: &[(i32, Selection)]| {
        let rows: Vec<u32> = part
            .iter()
            .flat_map(|(_, s)| s.surveys.iter().copied())
            .collect();
        survey_kpis(lake, &rows)
    };
    let (first, last) = (&months[..third], &months[months.len() - third..]);
    let (a, b) = (pool(first), pool(last));
    let label = |p: &[(i32, Selection)]| {
        let f = p
            .first()
            .map_or(String::new(), |m| Granularity::Month.label(m.0));
        let l = p
            .last()
            .map_or(String::new(), |m| Granularity::Month.label(m.0));
        format!("{f}…{l}")
    };
    let subject = format!("{} → {}", label(first), label(last));
    let last_from = last.first().map(|m| day_label(m.0));
    let last_to = last
        .last()
        .map(|m| day_label(Granularity::Month.next(m.0) - 1));
    let mut push = |metric, value: f64, baseline: f64, margin: f64| {
        let diff = value - baseline;
        if margin > 0.0 && diff.abs() > margin && diff.abs() >= 3.0 {
            out.push(Insight {
                kind: InsightKind::Trend,
                metric,
                subject: subject.clone(),
                value,
                baseline,
                // In margins: 1 = just significant at 95 %; scaled like a z.
                score: 1.96 * diff.abs() / margin,
                from: last_from.clone(),
                to: last_to.clone(),
                channel: None,
                agent: None,
            });
        }
    };
    if let (Some(x), Some(y)) = (a.nps, b.nps) {
        push(
            Metric::Nps,
            y.score,
            x.score,
            (x.margin95.powi(2) + y.margin95.powi(2)).sqrt(),
        );
    }
    if let (Some(x), Some(y)) = (a.csat, b.csat) {
        let se = |p: f64, n: u64| (p / 100.0 * (1.0 - p / 100.0) / n.max(1) as f64).sqrt();
        let margin = 1.96 * 100.0 * (se(x, a.csat_n).powi(2) + se(y, b.csat_n).powi(2)).sqrt();
        push(Metric::Csat, y, x, margin);
    }
}

/// The notable movements of a selection, strongest first, at most [`MAX_PER_KIND`] of each kind.
pub fn insights(lake: &Lake, sel: &Selection, opts: &Options) -> Vec<Insight> {
    let mut out: Vec<Insight> = (0..DETECTORS)
        .flat_map(|k| detect(lake, sel, opts, k))
        .collect();
    rank(&mut out);
    out
}

/// The detectors of [`insights`]: spikes, agents below their peers, channels below theirs,
/// trends. Each runs alone in [`detect`], so a page can let the browser paint between them.
pub const DETECTORS: usize = 4;

/// The strongest findings of detector `k` (< [`DETECTORS`]; none for another `k`).
pub fn detect(lake: &Lake, sel: &Selection, opts: &Options, k: usize) -> Vec<Insight> {
    let mut found = Vec::new();
    match k {
        0 => spikes(lake, sel, opts, &mut found),
        1 => agents_below_peers(lake, sel, &mut found),
        2 => channels_below_peers(lake, sel, &mut found),
        3 => trends(lake, sel, &mut found),
        _ => {}
    }
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
    found.truncate(MAX_PER_KIND);
    found
}

/// Orders the findings of every detector, strongest first (as [`insights`] returns them).
pub fn rank(found: &mut [Insight]) {
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift): values with many ties and wide spreads.
    fn values(seed: u64, n: usize) -> Vec<f64> {
        let mut x = seed.max(1);
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                match x % 4 {
                    0 => (x % 7) as f64,              // ties
                    1 => (x % 1000) as f64 / 10.0,    // decimals
                    2 => -((x % 50) as f64),          // negatives
                    _ => (x % 100_000) as f64 * 1e-3, // fine steps
                }
            })
            .collect()
    }

    #[test]
    fn peers_without_one_match_sorting_them_anew() {
        for seed in 1..60u64 {
            for n in [1usize, 2, 3, 4, 5, 6, 7, 10, 31, 64] {
                let mut v = values(seed * 7919 + n as u64, n);
                v.sort_by(f64::total_cmp);
                for skip in 0..n {
                    let peers: Vec<f64> = v
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != skip)
                        .map(|(_, x)| *x)
                        .collect();
                    for floor in [0.0, 2.0] {
                        let want = robust(&peers, floor);
                        let got = robust_without(&v, skip, floor);
                        assert_eq!(
                            got.map(|(a, b)| (a.to_bits(), b.to_bits())),
                            want.map(|(a, b)| (a.to_bits(), b.to_bits())),
                            "values {v:?} without {skip}"
                        );
                    }
                }
            }
        }
    }
}
