//! Contact volume per month and channel.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{day_of_ms, month_label, Granularity};
use crate::filter::Selection;
use crate::lake::{Index, Lake};
use crate::schema::CHANNELS;

/// Contacts of one channel in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeCell {
    /// Period label (`YYYY-MM`).
    pub period: String,
    /// Channel.
    pub channel: String,
    /// Contacts.
    pub n: u64,
}

pub fn volume_cells(lake: &Lake, index: &Index, sel: &Selection) -> Vec<VolumeCell> {
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
    to_cells(cells, month_label)
}

/// Contacts per time step and channel (steps and channels with contacts only), labelled by
/// [`Granularity::label`].
pub fn volume_by(lake: &Lake, sel: &Selection, step: Granularity) -> Vec<VolumeCell> {
    // Counts per (step, channel) in a dense row per step; the day's step is reused for the rows
    // of the same day (they come mostly in time order).
    let width = CHANNELS.len();
    let mut steps: BTreeMap<i32, usize> = BTreeMap::new();
    let mut counts: Vec<u64> = Vec::new();
    let mut last = (i32::MIN, 0usize);
    let mut bump = |ms: i64, channel: u8| {
        let day = day_of_ms(ms);
        if day != last.0 {
            let start = step.start(day);
            let k = *steps.entry(start).or_insert_with(|| {
                counts.extend(std::iter::repeat_n(0, width));
                counts.len() / width - 1
            });
            last = (day, k);
        }
        if let Some(c) = counts.get_mut(last.1 * width + usize::from(channel)) {
            *c += 1;
        }
    };
    for &i in &sel.calls {
        bump(lake.calls.start_ms[i as usize], 0);
    }
    for &i in &sel.chats {
        bump(lake.chats.start_ms[i as usize], 1);
    }
    for &i in &sel.tickets {
        let i = i as usize;
        bump(lake.tickets.created_ms[i], lake.tickets.channel[i]);
    }
    let mut cells: BTreeMap<(i32, u8), u64> = BTreeMap::new();
    for (start, k) in steps {
        for c in 0..width {
            let n = counts.get(k * width + c).copied().unwrap_or(0);
            if n > 0 {
                cells.insert((start, c as u8), n);
            }
        }
    }
    to_cells(cells, |start| step.label(start))
}

/// Cells from counts keyed by (period key, channel index), the period labelled by `label`.
pub(crate) fn to_cells(
    cells: BTreeMap<(i32, u8), u64>,
    label: impl Fn(i32) -> String,
) -> Vec<VolumeCell> {
    cells
        .into_iter()
        .map(|((period, c), n)| VolumeCell {
            period: label(period),
            channel: CHANNELS
                .get(usize::from(c))
                .copied()
                .unwrap_or("?")
                .to_string(),
            n,
        })
        .collect()
}
