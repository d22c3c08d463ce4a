//! The headline figures of the *Resumen* tiles, for a selection and per time step (sparklines).

use serde::{Deserialize, Serialize};

use super::calls::CallTally;
use super::complaints::answer_outcome;
use super::surveys::SurveyTally;
use super::tickets::sla_outcome;
use super::Options;
use crate::calendar::{day_of_ms, Granularity};
use crate::filter::Selection;
use crate::kpi::Nps;
use crate::lake::{Index, Lake};
use crate::stats::{pct, percentile};

/// One value per tile; `None` when its rows are absent from the selection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    /// Calls + conversations + tickets.
    pub interactions: u64,
    /// CSAT %.
    pub csat: Option<f64>,
    /// CSAT answers.
    pub csat_n: u64,
    /// NPS with margin.
    pub nps: Option<Nps>,
    /// Mean CES (1–7).
    pub ces: Option<f64>,
    /// CES answers.
    pub ces_n: u64,
    /// First-contact resolution of calls, %.
    pub fcr: Option<f64>,
    /// Mean handle time of answered calls, s.
    pub aht_s: Option<f64>,
    /// Answered within the threshold ÷ offered, %.
    pub service_level: Option<f64>,
    /// Abandoned ÷ offered, %.
    pub abandonment: Option<f64>,
    /// Calls offered.
    pub offered: u64,
    /// Calls answered.
    pub answered: u64,
    /// Median WhatsApp first response, s.
    pub whatsapp_frt_s: Option<f64>,
    /// Conversations.
    pub conversations: u64,
    /// Ticket SLA compliance, %.
    pub ticket_sla: Option<f64>,
    /// Tickets.
    pub tickets: u64,
    /// Complaint-book entries answered on time, %.
    pub complaints_on_time: Option<f64>,
    /// Complaint-book entries.
    pub complaints: u64,
}

/// The headline figures of a selection.
pub fn headline(lake: &Lake, _index: &Index, sel: &Selection, opts: &Options) -> Headline {
    Tally::of_rows(lake, sel, opts).headline()
}

/// The additive parts of a [`Headline`]: of a selection's rows, or summed from the cells of the
/// [`crate::cube`] — both end in [`Tally::headline`], so both give the same figures. The one
/// figure that does not add up, the median first reply, keeps its values.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Tally {
    pub(crate) calls: CallTally,
    pub(crate) chats: u64,
    pub(crate) first_reply: Vec<i64>,
    pub(crate) tickets: u64,
    /// Tickets that met their target, tickets judged.
    pub(crate) sla: [u64; 2],
    pub(crate) surveys: SurveyTally,
    pub(crate) complaints: u64,
    /// Entries answered on time, entries judged.
    pub(crate) on_time: [u64; 2],
    /// Reviews: no tile, but a time step holding only reviews is a step of the series.
    pub(crate) reviews: u64,
}

impl Tally {
    /// The tally of a selection's rows.
    pub(crate) fn of_rows(lake: &Lake, sel: &Selection, opts: &Options) -> Tally {
        let mut t = Tally::default();
        for &i in &sel.calls {
            t.calls.add(lake, i as usize, opts);
        }
        t.chats = sel.chats.len() as u64;
        t.first_reply = sel
            .chats
            .iter()
            .map(|&i| i64::from(lake.chats.first_reply_s[i as usize]))
            .collect();
        t.tickets = sel.tickets.len() as u64;
        for &i in &sel.tickets {
            let (met, judged) = sla_outcome(lake, i as usize, opts);
            t.sla[0] += u64::from(met);
            t.sla[1] += u64::from(judged);
        }
        for &i in &sel.surveys {
            t.surveys.add(lake, i as usize);
        }
        t.complaints = sel.complaints.len() as u64;
        let today = day_of_ms(opts.as_of_ms);
        for &i in &sel.complaints {
            let (ok, judged) = answer_outcome(lake, i as usize, today);
            t.on_time[0] += u64::from(ok);
            t.on_time[1] += u64::from(judged);
        }
        t.reviews = sel.reviews.len() as u64;
        t
    }

    /// The figures.
    pub(crate) fn headline(mut self) -> Headline {
        let median = percentile(&mut self.first_reply, 0.5);
        self.headline_given(median)
    }

    /// The figures, the median first reply given (of values kept elsewhere).
    pub(crate) fn headline_given(self, first_reply_median: Option<i64>) -> Headline {
        let s = self.surveys.kpis();
        let c = self.calls.kpis();
        Headline {
            interactions: self.calls.offered() + self.chats + self.tickets,
            csat: s.csat,
            csat_n: s.csat_n,
            nps: s.nps,
            ces: s.ces_mean,
            ces_n: s.ces_n,
            fcr: c.fcr,
            aht_s: c.aht_s,
            service_level: c.service_level,
            abandonment: c.abandonment,
            offered: c.offered,
            answered: c.answered,
            whatsapp_frt_s: first_reply_median.map(|m| m as f64),
            conversations: self.chats,
            ticket_sla: pct(self.sla[0], self.sla[1]),
            tickets: self.tickets,
            complaints_on_time: pct(self.on_time[0], self.on_time[1]),
            complaints: self.complaints,
        }
    }
}

/// One time step of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step<T> {
    /// First day of the step.
    pub start: i32,
    /// Its label (`YYYY-MM-DD` or `YYYY-MM`).
    pub label: String,
    /// The value.
    pub value: T,
}

/// The headline figures per time step (steps with rows only), for the tiles' sparklines.
pub fn headline_series(
    lake: &Lake,
    index: &Index,
    sel: &Selection,
    opts: &Options,
    step: Granularity,
) -> Vec<Step<Headline>> {
    sel.split(lake, step)
        .into_iter()
        .map(|(start, part)| Step {
            start,
            label: step.label(start),
            value: headline(lake, index, &part, opts),
        })
        .collect()
}
