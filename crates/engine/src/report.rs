//! The whole KPI catalogue over one selection, as one struct ([`Report`]): what the command line
//! and the differential tests read. Pages ask [`crate::kpis`] for their own slice instead.

use serde::Serialize;

use crate::filter::Selection;
use crate::kpis::agents::{agent_rows, AgentRow};
use crate::kpis::calls::{call_kpis, CallKpis};
use crate::kpis::chats::{chat_kpis, ChatKpis};
use crate::kpis::complaints::{complaint_kpis, ComplaintKpis};
use crate::kpis::drivers::{drivers, Driver};
use crate::kpis::reviews::{review_stats, ReviewStats};
use crate::kpis::surveys::{survey_kpis, SurveyKpis};
use crate::kpis::tickets::{ticket_kpis, TicketKpis};
use crate::kpis::volume::{volume_cells, VolumeCell};
use crate::kpis::Options;
use crate::lake::{Index, Lake};

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
    use crate::filter::Selection;

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
