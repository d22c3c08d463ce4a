//! Agent scorecards: volume, CSAT, AHT, FCR and rank within the team.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::filter::Selection;
use crate::lake::{Lake, NONE, NULL_U8};
use crate::stats::{mean, pct};

/// One agent's scorecard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentRow {
    /// Agent id.
    pub agent: String,
    /// Team: the id's prefix (`T` phone, `W` WhatsApp, `S` tickets).
    pub team: String,
    /// Calls answered + conversations + tickets.
    pub volume: u64,
    /// CSAT % of the surveys about the agent.
    pub csat: Option<f64>,
    /// Surveys with CSAT.
    pub csat_n: u64,
    /// AHT of the agent's calls, s.
    pub aht_s: Option<f64>,
    /// First-contact resolution of calls and conversations, %.
    pub fcr: Option<f64>,
    /// Rank by CSAT within the team (1 = best; ties share the rank); `None` without CSAT.
    pub rank: Option<u32>,
}

#[derive(Default)]
struct AgentAcc {
    volume: u64,
    csat_yes: u64,
    csat_n: u64,
    handle: f64,
    answered: u64,
    fcr_yes: u64,
    fcr_n: u64,
}

pub fn agent_rows(lake: &Lake, sel: &Selection) -> Vec<AgentRow> {
    // Dense by agent code: a map lookup per row would dominate the scorecard's cost.
    let mut acc: Vec<AgentAcc> = Vec::new();
    acc.resize_with(lake.agents.len(), AgentAcc::default);
    fn slot(acc: &mut [AgentAcc], code: u32) -> Option<&mut AgentAcc> {
        acc.get_mut(code as usize)
    }
    let c = &lake.calls;
    for &i in &sel.calls {
        let i = i as usize;
        if c.agent[i] == NONE {
            continue;
        }
        let Some(a) = slot(&mut acc, c.agent[i]) else {
            continue;
        };
        a.volume += 1;
        a.answered += 1;
        a.handle += c.handle_s(i).unwrap_or(0.0);
        if c.fcr[i] != NULL_U8 {
            a.fcr_n += 1;
            a.fcr_yes += u64::from(c.fcr[i]);
        }
    }
    for &i in &sel.chats {
        let i = i as usize;
        let Some(a) = slot(&mut acc, lake.chats.agent[i]) else {
            continue;
        };
        a.volume += 1;
        a.fcr_n += 1;
        a.fcr_yes += u64::from(lake.chats.resolved[i]);
    }
    for &i in &sel.tickets {
        if let Some(a) = slot(&mut acc, lake.tickets.agent[i as usize]) {
            a.volume += 1;
        }
    }
    for &i in &sel.surveys {
        let i = i as usize;
        let v = lake.surveys.csat[i];
        if v != NULL_U8 {
            let Some(a) = slot(&mut acc, lake.surveys.agent[i]) else {
                continue;
            };
            a.csat_n += 1;
            a.csat_yes += u64::from(v >= 4);
        }
    }
    let mut rows: Vec<AgentRow> = acc
        .into_iter()
        .enumerate()
        .filter(|(_, a)| a.volume > 0 || a.csat_n > 0)
        .map(|(code, a)| {
            let code = code as u32;
            let agent = lake.agents.name(code).unwrap_or("?").to_string();
            AgentRow {
                team: agent.split('-').next().unwrap_or("").to_string(),
                agent,
                volume: a.volume,
                csat: pct(a.csat_yes, a.csat_n),
                csat_n: a.csat_n,
                aht_s: mean(a.handle, a.answered),
                fcr: pct(a.fcr_yes, a.fcr_n),
                rank: None,
            }
        })
        .collect();
    // Competition ranking ("1224") by CSAT within each team.
    // Sorted by team, then CSAT from the highest: an agent's rank is one more than the number of
    // its team's agents with a strictly higher CSAT (n log n; counting per pair was quadratic
    // in the agents, 0.2 s at 100× scale).
    let mut ranked: Vec<(usize, f64)> = rows
        .iter()
        .enumerate()
        .filter_map(|(k, r)| r.csat.map(|c| (k, c)))
        .collect();
    ranked.sort_by(|(a, x), (b, y)| rows[*a].team.cmp(&rows[*b].team).then(y.total_cmp(x)));
    let mut ranks: Vec<(usize, u32)> = Vec::with_capacity(ranked.len());
    let mut first = 0; // where the current team starts in `ranked`
    let mut tied = 0; // where the current run of equal CSAT starts
    for (at, &(k, csat)) in ranked.iter().enumerate() {
        let (prev_k, prev_csat) = if at > 0 { ranked[at - 1] } else { (k, csat) };
        if at == 0 || rows[prev_k].team != rows[k].team {
            first = at;
            tied = at;
        } else if prev_csat != csat {
            tied = at;
        }
        ranks.push((k, (tied - first) as u32 + 1));
    }
    for (k, rank) in ranks {
        if let Some(r) = rows.get_mut(k) {
            r.rank = Some(rank);
        }
    }
    rows.sort_by(|a, b| a.agent.cmp(&b.agent));
    rows
}

/// An agent's scorecard with its standing in the team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentCard {
    /// The scorecard ([`AgentRow::rank`] is the CSAT rank within the team).
    pub row: AgentRow,
    /// Agents of the team with a CSAT.
    pub ranked_in_team: u32,
    /// CSAT quartile within the team: 1 = top quarter … 4 = bottom quarter; `None` without CSAT.
    /// The rank `r` of `n` falls in quartile ⌈4·r / n⌉.
    pub quartile: Option<u8>,
}

/// A team's medians over its agents (the reference lines of the AHT × CSAT chart).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamMedian {
    /// Team prefix.
    pub team: String,
    /// Median of the agents' AHT, s (agents with calls only).
    pub aht_s: Option<f64>,
    /// Median of the agents' CSAT, %.
    pub csat: Option<f64>,
}

/// Scorecards with quartiles, by agent id.
pub fn agent_cards(lake: &Lake, sel: &Selection) -> Vec<AgentCard> {
    let rows = agent_rows(lake, sel);
    let mut ranked: BTreeMap<String, u32> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.csat.is_some()) {
        *ranked.entry(r.team.clone()).or_default() += 1;
    }
    rows.into_iter()
        .map(|row| {
            let n = ranked.get(&row.team).copied().unwrap_or(0);
            let quartile = row
                .rank
                .filter(|_| n > 0)
                .map(|r| (u64::from(r) * 4).div_ceil(u64::from(n)).clamp(1, 4) as u8);
            AgentCard {
                row,
                ranked_in_team: n,
                quartile,
            }
        })
        .collect()
}

/// Per team, the median AHT and CSAT of its agents (lower median for even counts).
pub fn team_medians(cards: &[AgentCard]) -> Vec<TeamMedian> {
    let mut teams: BTreeMap<&str, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for c in cards {
        let e = teams.entry(c.row.team.as_str()).or_default();
        if let Some(a) = c.row.aht_s {
            e.0.push(a);
        }
        if let Some(s) = c.row.csat {
            e.1.push(s);
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len().saturating_sub(1) / 2).copied()
    };
    teams
        .into_iter()
        .map(|(team, (aht, csat))| TeamMedian {
            team: team.to_string(),
            aht_s: median(aht),
            csat: median(csat),
        })
        .collect()
}
