//! The headline figures of the *Resumen* tiles, for a selection and per time step (sparklines).

use serde::Serialize;

use super::calls::call_kpis;
use super::chats::chat_kpis;
use super::complaints::complaint_kpis;
use super::surveys::survey_kpis;
use super::tickets::ticket_sla;
use super::Options;
use crate::calendar::Granularity;
use crate::filter::Selection;
use crate::kpi::Nps;
use crate::lake::{Index, Lake};

/// One value per tile; `None` when its rows are absent from the selection.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    let s = survey_kpis(lake, &sel.surveys);
    let c = call_kpis(lake, &sel.calls, opts);
    let h = chat_kpis(lake, &sel.chats);
    let b = complaint_kpis(lake, &sel.complaints, opts);
    Headline {
        interactions: (sel.calls.len() + sel.chats.len() + sel.tickets.len()) as u64,
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
        whatsapp_frt_s: h.first_response_s.map(|f| f.median),
        conversations: h.conversations,
        ticket_sla: ticket_sla(lake, &sel.tickets, opts),
        tickets: sel.tickets.len() as u64,
        complaints_on_time: b.on_time,
        complaints: b.entries,
    }
}

/// One time step of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
