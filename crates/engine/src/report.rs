//! The KPI catalogue: every KPI of `docs/kpis.md`, computed over one filter's selection.
//!
//! Each KPI is `None` when its selection is empty, never NaN. Definitions, units and null rules
//! are in `docs/kpis.md`; the SQL twins in `infra/athena/queries/` compute the same numbers.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calendar::{day_of_ms, is_business_day, month_label, MS_PER_DAY};
use crate::filter::Selection;
use crate::kpi::{nps_from_counts, Nps};
use crate::lake::{Index, Lake, NONE, NULL, NULL_I64, NULL_U8};
use crate::schema::CHANNELS;
use crate::stats::{mean, pct, percentile, Corr, Eta};

/// Settings of the KPIs that have one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Service-level threshold, seconds (answered within it counts).
    pub service_level_s: i32,
    /// "Now" for open items (SLA, backlog): normally the start of the day after the period.
    pub as_of_ms: i64,
}

/// Percentile summary of a duration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// Values counted.
    pub n: u64,
    /// Nearest-rank median.
    pub median: f64,
    /// Nearest-rank 90th percentile.
    pub p90: f64,
}

fn spread_ms_as_hours(mut v: Vec<i64>) -> Option<Spread> {
    let n = v.len() as u64;
    let median = percentile(&mut v, 0.5)?;
    let p90 = percentile(&mut v, 0.9)?;
    Some(Spread {
        n,
        median: median as f64 / 3_600_000.0,
        p90: p90 as f64 / 3_600_000.0,
    })
}

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

/// WhatsApp KPIs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatKpis {
    /// Conversations.
    pub conversations: u64,
    /// First-response time, s (median and p90 as seconds).
    pub first_response_s: Option<Spread>,
    /// Resolved in the conversation, %.
    pub resolved: Option<f64>,
}

/// Ticket KPIs. Durations in hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketKpis {
    /// Tickets.
    pub tickets: u64,
    /// Creation → first reply, calendar hours.
    pub first_reply_h: Option<Spread>,
    /// Creation → first reply, business hours.
    pub first_reply_bh: Option<Spread>,
    /// Creation → solved, calendar hours.
    pub resolution_h: Option<Spread>,
    /// Creation → solved, business hours.
    pub resolution_bh: Option<Spread>,
    /// Met target ÷ (solved + open past target), %.
    pub sla_compliance: Option<f64>,
    /// Reopened ÷ solved, %.
    pub reopen_rate: Option<f64>,
}

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

/// Open complaint-book entries of one age bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backlog {
    /// Age bucket in calendar days since filing, e.g. `"8-15"`.
    pub age_days: &'static str,
    /// Open entries.
    pub open: u64,
}

/// Complaint-book KPIs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplaintKpis {
    /// Entries.
    pub entries: u64,
    /// Reclamos.
    pub reclamos: u64,
    /// Quejas.
    pub quejas: u64,
    /// Answered by the due date ÷ (answered + open past due), %.
    pub on_time: Option<f64>,
    /// Open entries past their due date.
    pub open_overdue: u64,
    /// Open entries by age.
    pub backlog: Vec<Backlog>,
}

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

/// Contacts of one channel in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VolumeCell {
    /// Period label (`YYYY-MM`).
    pub period: String,
    /// Channel.
    pub channel: String,
    /// Contacts.
    pub n: u64,
}

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

/// Every KPI for one selection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Calls + conversations + tickets.
    pub interactions: u64,
    /// Survey KPIs.
    pub surveys: SurveyKpis,
    /// Calls.
    pub calls: CallKpis,
    /// WhatsApp.
    pub chats: ChatKpis,
    /// Tickets.
    pub tickets: TicketKpis,
    /// Reviews: all, then per platform (alphabetical).
    pub reviews: Vec<ReviewStats>,
    /// Complaint book.
    pub complaints: ComplaintKpis,
    /// Agent scorecards, by agent id.
    pub agents: Vec<AgentRow>,
    /// Monthly volume per channel (months and channels with contacts only).
    pub volume: Vec<VolumeCell>,
    /// Key drivers of NPS.
    pub drivers: Vec<Driver>,
}

/// Business milliseconds between two instants: Monday–Friday 09:00–18:00, Peruvian holidays off.
pub fn business_ms(from_ms: i64, to_ms: i64) -> i64 {
    if to_ms <= from_ms {
        return 0;
    }
    let mut total = 0;
    for d in day_of_ms(from_ms)..=day_of_ms(to_ms) {
        if !is_business_day(d) {
            continue;
        }
        let open = i64::from(d) * MS_PER_DAY + 9 * 3_600_000;
        let close = i64::from(d) * MS_PER_DAY + 18 * 3_600_000;
        total += (close.min(to_ms) - open.max(from_ms)).max(0);
    }
    total
}

fn survey_kpis(lake: &Lake, sel: &[u32]) -> SurveyKpis {
    let s = &lake.surveys;
    let (mut csat_n, mut csat_yes) = (0u64, 0u64);
    let mut nps_counts = [0u64; 3]; // detractors, passives, promoters
    let (mut ces_n, mut ces_sum, mut ces_easy) = (0u64, 0u64, 0u64);
    for &i in sel {
        let i = i as usize;
        let c = s.csat[i];
        if c != NULL_U8 {
            csat_n += 1;
            csat_yes += u64::from(c >= 4);
        }
        match s.nps[i] {
            NULL_U8 => {}
            9..=10 => nps_counts[2] += 1,
            7..=8 => nps_counts[1] += 1,
            _ => nps_counts[0] += 1,
        }
        let e = s.ces[i];
        if e != NULL_U8 {
            ces_n += 1;
            ces_sum += u64::from(e);
            ces_easy += u64::from(e >= 5);
        }
    }
    SurveyKpis {
        answers: sel.len() as u64,
        csat: pct(csat_yes, csat_n),
        csat_n,
        nps: nps_from_counts(nps_counts[2], nps_counts[1], nps_counts[0]),
        ces_mean: mean(ces_sum as f64, ces_n),
        ces_easy: pct(ces_easy, ces_n),
        ces_n,
    }
}

fn call_kpis(lake: &Lake, sel: &[u32], opts: &Options) -> CallKpis {
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

fn chat_kpis(lake: &Lake, sel: &[u32]) -> ChatKpis {
    let h = &lake.chats;
    let mut frt: Vec<i64> = sel
        .iter()
        .map(|&i| i64::from(h.first_reply_s[i as usize]))
        .collect();
    let resolved = sel.iter().filter(|&&i| h.resolved[i as usize]).count() as u64;
    let n = frt.len() as u64;
    let first_response_s = match (percentile(&mut frt, 0.5), percentile(&mut frt, 0.9)) {
        (Some(m), Some(p)) => Some(Spread {
            n,
            median: m as f64,
            p90: p as f64,
        }),
        _ => None,
    };
    ChatKpis {
        conversations: n,
        first_response_s,
        resolved: pct(resolved, n),
    }
}

fn ticket_kpis(lake: &Lake, index: &Index, sel: &[u32], opts: &Options) -> TicketKpis {
    let t = &lake.tickets;
    let (mut fr, mut fr_b, mut rs, mut rs_b) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut met, mut judged, mut reopened, mut solved) = (0u64, 0u64, 0u64, 0u64);
    for &i in sel {
        let i = i as usize;
        let created = t.created_ms[i];
        if t.first_reply_ms[i] != NULL_I64 {
            fr.push(t.first_reply_ms[i] - created);
            fr_b.push(index.ticket_first_reply_bms.get(i).copied().unwrap_or(0));
        }
        let target = i64::from(t.sla_h[i]) * 3_600_000;
        if t.resolved_ms[i] != NULL_I64 {
            let took = t.resolved_ms[i] - created;
            rs.push(took);
            rs_b.push(index.ticket_resolution_bms.get(i).copied().unwrap_or(0));
            solved += 1;
            judged += 1;
            met += u64::from(took <= target);
            reopened += u64::from(t.reopened[i]);
        } else if opts.as_of_ms - created > target {
            judged += 1;
        }
    }
    TicketKpis {
        tickets: sel.len() as u64,
        first_reply_h: spread_ms_as_hours(fr),
        first_reply_bh: spread_ms_as_hours(fr_b),
        resolution_h: spread_ms_as_hours(rs),
        resolution_bh: spread_ms_as_hours(rs_b),
        sla_compliance: pct(met, judged),
        reopen_rate: pct(reopened, solved),
    }
}

fn review_stats(lake: &Lake, sel: &[u32]) -> Vec<ReviewStats> {
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

const BACKLOG_BUCKETS: [(&str, i32, i32); 5] = [
    ("0-7", 0, 7),
    ("8-15", 8, 15),
    ("16-30", 16, 30),
    ("31-60", 31, 60),
    ("61+", 61, i32::MAX),
];

fn complaint_kpis(lake: &Lake, sel: &[u32], opts: &Options) -> ComplaintKpis {
    let b = &lake.complaints;
    let today = day_of_ms(opts.as_of_ms);
    let (mut quejas, mut on_time, mut judged, mut overdue) = (0u64, 0u64, 0u64, 0u64);
    let mut backlog = [0u64; 5];
    for &i in sel {
        let i = i as usize;
        quejas += u64::from(b.queja[i]);
        if b.answered_day[i] != NULL {
            judged += 1;
            on_time += u64::from(b.answered_day[i] <= b.due_day[i]);
        } else {
            if b.due_day[i] < today {
                judged += 1;
                overdue += 1;
            }
            let age = today - day_of_ms(b.filed_ms[i]);
            if let Some(k) = BACKLOG_BUCKETS
                .iter()
                .position(|(_, lo, hi)| age >= *lo && age <= *hi)
            {
                backlog[k] += 1;
            }
        }
    }
    let entries = sel.len() as u64;
    ComplaintKpis {
        entries,
        reclamos: entries - quejas,
        quejas,
        on_time: pct(on_time, judged),
        open_overdue: overdue,
        backlog: BACKLOG_BUCKETS
            .iter()
            .zip(backlog)
            .map(|((label, _, _), open)| Backlog {
                age_days: label,
                open,
            })
            .collect(),
    }
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

fn agent_rows(lake: &Lake, sel: &Selection) -> Vec<AgentRow> {
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
    let ranked: Vec<(usize, String, f64)> = rows
        .iter()
        .enumerate()
        .filter_map(|(k, r)| r.csat.map(|c| (k, r.team.clone(), c)))
        .collect();
    for (k, team, csat) in &ranked {
        let better = ranked
            .iter()
            .filter(|(_, t, c)| t == team && *c > *csat)
            .count();
        if let Some(r) = rows.get_mut(*k) {
            r.rank = Some(better as u32 + 1);
        }
    }
    rows.sort_by(|a, b| a.agent.cmp(&b.agent));
    rows
}

fn volume_cells(lake: &Lake, index: &Index, sel: &Selection) -> Vec<VolumeCell> {
    let months = [&index.call_month, &index.chat_month, &index.ticket_month];
    let (Some(lo), Some(hi)) = (
        months.iter().flat_map(|m| m.iter()).min().copied(),
        months.iter().flat_map(|m| m.iter()).max().copied(),
    ) else {
        return Vec::new();
    };
    // Dense [month][channel] counts: months are few and consecutive.
    let width = CHANNELS.len();
    let mut dense = vec![0u64; ((hi - lo + 1) as usize) * width];
    let mut bump = |month: i32, channel: usize| {
        if let Some(cell) = dense.get_mut((month - lo) as usize * width + channel) {
            *cell += 1;
        }
    };
    for &i in &sel.calls {
        bump(index.call_month[i as usize], 0);
    }
    for &i in &sel.chats {
        bump(index.chat_month[i as usize], 1);
    }
    for &i in &sel.tickets {
        let i = i as usize;
        bump(index.ticket_month[i], usize::from(lake.tickets.channel[i]));
    }
    let mut cells: BTreeMap<(i32, u8), u64> = BTreeMap::new();
    for (k, n) in dense.into_iter().enumerate() {
        if n > 0 {
            cells.insert((lo + (k / width) as i32, (k % width) as u8), n);
        }
    }
    cells
        .into_iter()
        .map(|((m, c), n)| VolumeCell {
            period: month_label(m),
            channel: CHANNELS
                .get(usize::from(c))
                .copied()
                .unwrap_or("?")
                .to_string(),
            n,
        })
        .collect()
}

/// Targets that define "performance" of the numeric drivers.
pub const WAIT_TARGET_S: f64 = 60.0;
/// AHT target, s.
pub const AHT_TARGET_S: f64 = 360.0;

fn drivers(lake: &Lake, index: &Index, sel: &[u32]) -> Vec<Driver> {
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

/// Computes every KPI of the catalogue for one selection.
pub fn report(lake: &Lake, index: &Index, sel: &Selection, opts: &Options) -> Report {
    Report {
        interactions: (sel.calls.len() + sel.chats.len() + sel.tickets.len()) as u64,
        surveys: survey_kpis(lake, &sel.surveys),
        calls: call_kpis(lake, &sel.calls, opts),
        chats: chat_kpis(lake, &sel.chats),
        tickets: ticket_kpis(lake, index, &sel.tickets, opts),
        reviews: review_stats(lake, &sel.reviews),
        complaints: complaint_kpis(lake, &sel.complaints, opts),
        agents: agent_rows(lake, sel),
        volume: volume_cells(lake, index, sel),
        drivers: drivers(lake, index, &sel.surveys),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::days_from_civil;

    fn at(y: i32, m: u32, d: u32, h: i64) -> i64 {
        i64::from(days_from_civil(y, m, d)) * MS_PER_DAY + h * 3_600_000
    }

    #[test]
    fn business_hours_skip_nights_weekends_and_holidays() {
        // Friday 17:00 → Monday 10:00: one hour on Friday, one on Monday.
        assert_eq!(
            business_ms(at(2025, 3, 7, 17), at(2025, 3, 10, 10)),
            2 * 3_600_000
        );
        // Thursday 1 May 2025 is a holiday: 30 Apr 17:00 → 2 May 10:00 is two hours.
        assert_eq!(
            business_ms(at(2025, 4, 30, 17), at(2025, 5, 2, 10)),
            2 * 3_600_000
        );
        // Within one evening: nothing.
        assert_eq!(business_ms(at(2025, 3, 5, 19), at(2025, 3, 5, 23)), 0);
        assert_eq!(business_ms(at(2025, 3, 5, 12), at(2025, 3, 5, 11)), 0);
    }

    #[test]
    fn an_empty_selection_gives_no_data_not_nan() {
        let lake = Lake::default();
        let index = lake.index();
        let r = report(
            &lake,
            &index,
            &Selection::default(),
            &Options {
                service_level_s: 20,
                as_of_ms: 0,
            },
        );
        assert_eq!(r.interactions, 0);
        assert_eq!(r.surveys.csat, None);
        assert_eq!(r.surveys.nps, None);
        assert_eq!(r.calls.aht_s, None);
        assert_eq!(r.chats.first_response_s, None);
        assert_eq!(r.tickets.sla_compliance, None);
        assert_eq!(r.reviews[0].mean_stars, None);
        assert_eq!(r.complaints.on_time, None);
        assert!(r.agents.is_empty() && r.volume.is_empty());
        assert!(r.drivers.iter().all(|d| d.importance.is_none()));
    }
}
