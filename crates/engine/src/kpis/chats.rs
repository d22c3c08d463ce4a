//! WhatsApp conversations: first-response time and resolution.

use serde::Serialize;

use super::Spread;
use crate::lake::Lake;
use crate::stats::{pct, percentile};

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

pub fn chat_kpis(lake: &Lake, sel: &[u32]) -> ChatKpis {
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
