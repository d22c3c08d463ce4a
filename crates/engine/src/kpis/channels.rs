//! The channels side by side (*Canales*): volume, satisfaction, resolution and speed of each, and
//! contacts by weekday and hour.

use serde::Serialize;

use super::calls::call_kpis;
use super::surveys::SurveyTally;
use super::tickets::ticket_sla;
use super::Options;
use crate::filter::Selection;
use crate::kpi::Nps;
use crate::lake::{Lake, NULL_I64};
use crate::schema::CHANNELS;
use crate::stats::{pct, percentile_of};

/// One channel's figures. A figure that does not apply to the channel is `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelRow {
    /// Channel (`teléfono`, `chat`, `email`, `web`, `presencial`).
    pub channel: &'static str,
    /// Calls, conversations or tickets.
    pub contacts: u64,
    /// CSAT % of the surveys about the channel.
    pub csat: Option<f64>,
    /// Surveys with CSAT.
    pub csat_n: u64,
    /// NPS of those surveys.
    pub nps: Option<Nps>,
    /// Resolution %: FCR of answered calls, conversations resolved, tickets solved.
    pub resolution: Option<f64>,
    /// Mean handle time of answered calls, s (phone only).
    pub aht_s: Option<f64>,
    /// Median time to the first answer, s: queue wait of answered calls, WhatsApp first reply,
    /// ticket first reply (calendar time).
    pub first_response_s: Option<f64>,
    /// Abandoned ÷ offered calls, % (phone only).
    pub abandonment: Option<f64>,
    /// Ticket SLA compliance, % (ticket channels only).
    pub sla: Option<f64>,
}

/// The five channels in [`CHANNELS`] order, each over its own rows of the selection.
pub fn channel_rows(lake: &Lake, sel: &Selection, opts: &Options) -> Vec<ChannelRow> {
    let s = &lake.surveys;
    let mut by_channel = [SurveyTally::default(); CHANNELS.len()];
    for &i in &sel.surveys {
        if let Some(t) = by_channel.get_mut(usize::from(s.channel[i as usize])) {
            t.add(lake, i as usize);
        }
    }
    let t = &lake.tickets;
    let mut tickets: Vec<Vec<u32>> = vec![Vec::new(); CHANNELS.len()];
    for &i in &sel.tickets {
        if let Some(v) = tickets.get_mut(usize::from(t.channel[i as usize])) {
            v.push(i);
        }
    }
    CHANNELS
        .iter()
        .enumerate()
        .map(|(k, &channel)| {
            let surveys = by_channel[k].kpis();
            let mut row = ChannelRow {
                channel,
                contacts: 0,
                csat: surveys.csat,
                csat_n: surveys.csat_n,
                nps: surveys.nps,
                resolution: None,
                aht_s: None,
                first_response_s: None,
                abandonment: None,
                sla: None,
            };
            match k {
                0 => {
                    let c = call_kpis(lake, &sel.calls, opts);
                    let waits = || {
                        sel.calls
                            .iter()
                            .filter(|&&i| !lake.calls.abandoned[i as usize])
                            .map(|&i| i64::from(lake.calls.wait_s[i as usize]))
                    };
                    row.contacts = c.offered;
                    row.resolution = c.fcr;
                    row.aht_s = c.aht_s;
                    row.abandonment = c.abandonment;
                    row.first_response_s = percentile_of(waits(), 0.5).map(|v| v as f64);
                }
                1 => {
                    let h = &lake.chats;
                    let frt = || {
                        sel.chats
                            .iter()
                            .map(|&i| i64::from(h.first_reply_s[i as usize]))
                    };
                    let resolved = sel
                        .chats
                        .iter()
                        .filter(|&&i| h.resolved[i as usize])
                        .count();
                    row.contacts = sel.chats.len() as u64;
                    row.resolution = pct(resolved as u64, row.contacts);
                    row.first_response_s = percentile_of(frt(), 0.5).map(|v| v as f64);
                }
                _ => {
                    let rows = &tickets[k];
                    let solved = rows
                        .iter()
                        .filter(|&&i| t.resolved_ms[i as usize] != NULL_I64)
                        .count();
                    let first = || {
                        rows.iter()
                            .map(|&i| i as usize)
                            .filter(|&i| t.first_reply_ms[i] != NULL_I64)
                            .map(|i| (t.first_reply_ms[i] - t.created_ms[i]) / 1000)
                    };
                    row.contacts = rows.len() as u64;
                    row.resolution = pct(solved as u64, row.contacts);
                    row.first_response_s = percentile_of(first(), 0.5).map(|v| v as f64);
                    row.sla = ticket_sla(lake, rows, opts);
                }
            }
            row
        })
        .collect()
}

/// `weekday × 24 + hour` of a timestamp (weekday 0 = Monday), in one division.
fn hour_of_week(ms: i64) -> usize {
    (ms.div_euclid(3_600_000) + 72).rem_euclid(7 * 24) as usize
}

/// Contacts (calls, conversations, tickets) by weekday (0 = Monday) and hour of day.
pub fn contacts_by_hour(lake: &Lake, sel: &Selection) -> [[u64; 24]; 7] {
    // Counted by hour of the week (Monday 00:00 = 0): the hours since the epoch, moved by the
    // 72 hours from Monday 1970-01-05 back to Thursday 1970-01-01, modulo 168. Rows come in time
    // order, so a run of rows in the same hour is counted in a register and added once.
    let mut week = [0u64; 7 * 24];
    let mut run = (usize::MAX, 0u64);
    let mut add = |ms: i64| {
        let cell = hour_of_week(ms);
        if cell == run.0 {
            run.1 += 1;
        } else {
            if let Some(c) = week.get_mut(run.0) {
                *c += run.1;
            }
            run = (cell, 1);
        }
    };
    sel.calls
        .iter()
        .for_each(|&i| add(lake.calls.start_ms[i as usize]));
    sel.chats
        .iter()
        .for_each(|&i| add(lake.chats.start_ms[i as usize]));
    sel.tickets
        .iter()
        .for_each(|&i| add(lake.tickets.created_ms[i as usize]));
    if let Some(c) = week.get_mut(run.0) {
        *c += run.1;
    }
    let mut grid = [[0u64; 24]; 7];
    for (d, row) in grid.iter_mut().enumerate() {
        for (h, cell) in row.iter_mut().enumerate() {
            *cell = week[d * 24 + h];
        }
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{day_of_ms, weekday};
    use crate::lake::hour;

    #[test]
    fn hour_of_week_is_weekday_and_hour() {
        // Every hour over two years around the epoch and around today, both signs of ms, and
        // times inside the hour.
        let h = 3_600_000i64;
        for base in [-(400 * 24 * h), 20_000 * 24 * h] {
            for k in 0..(800 * 24) {
                for off in [0, 1, h - 1] {
                    let ms = base + k * h + off;
                    let want = weekday(day_of_ms(ms)) as usize * 24 + usize::from(hour(ms));
                    assert_eq!(hour_of_week(ms), want, "ms {ms}");
                }
            }
        }
    }
}
