//! The [`Index`]: links and derived columns built once after loading, and [`IndexBuild`], which
//! builds it in steps of at most [`INDEX_STEP_ROWS`] rows, so a caller can let the browser paint
//! and answer between steps (at scale 100 the whole index is ≈ 0.6 s of work natively).

use std::collections::HashMap;

use crate::calendar::day_of_ms;
use crate::lake::{Calls, Chats, Complaints, Customers, Reviews, Surveys, Tickets};
use crate::{NONE, NULL_I64, NULL_U8};

/// Rows handled by one [`IndexBuild::step`] (≈ 5–15 ms natively, whatever the scale).
pub const INDEX_STEP_ROWS: usize = 1 << 19;

/// Data derived once after loading, reused by every filter change: links from rows to the
/// customer and to the rated interaction, and the tickets' business-hour durations.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Per survey: row of the rated interaction in its table, or [`NONE`] when not loaded.
    pub rated_row: Vec<u32>,
    /// Per call: customer row or [`NONE`].
    pub call_customer: Vec<u32>,
    /// Per conversation: customer row or [`NONE`].
    pub chat_customer: Vec<u32>,
    /// Per ticket: customer row or [`NONE`].
    pub ticket_customer: Vec<u32>,
    /// Per survey: customer row or [`NONE`].
    pub survey_customer: Vec<u32>,
    /// Per complaint: customer row or [`NONE`].
    pub complaint_customer: Vec<u32>,
    /// Per ticket: business ms from creation to first reply, or [`NULL_I64`].
    pub ticket_first_reply_bms: Vec<i64>,
    /// Per ticket: business ms from creation to solved, or [`NULL_I64`].
    pub ticket_resolution_bms: Vec<i64>,
    /// Per call, conversation and ticket: month index of its start (`year * 12 + month - 1`).
    pub call_month: Vec<i32>,
    /// See [`Index::call_month`].
    pub chat_month: Vec<i32>,
    /// See [`Index::call_month`].
    pub ticket_month: Vec<i32>,
    /// Per survey, facts of the rated interaction (for the key drivers); NaN when unknown.
    pub rated_wait_s: Vec<f64>,
    /// Handle time of a rated call, s; NaN otherwise.
    pub rated_aht_s: Vec<f64>,
    /// Resolution of a rated call or chat: 1, 0 or [`NULL_U8`].
    pub rated_fcr: Vec<u8>,
    /// Reason or category code of the rated interaction, or [`NONE`].
    pub rated_category: Vec<u32>,
    /// First and last day holding rows (see [`crate::Engine::data_days`]).
    pub data_days: Option<(i32, i32)>,
}

impl Index {
    /// Approximate heap bytes of the derived columns.
    pub fn heap_bytes(&self) -> usize {
        4 * (self.rated_row.len()
            + self.call_customer.len()
            + self.chat_customer.len()
            + self.ticket_customer.len()
            + self.survey_customer.len()
            + self.complaint_customer.len()
            + self.call_month.len()
            + self.chat_month.len()
            + self.ticket_month.len()
            + self.rated_category.len())
            + 8 * (self.ticket_first_reply_bms.len()
                + self.ticket_resolution_bms.len()
                + self.rated_wait_s.len()
                + self.rated_aht_s.len())
            + self.rated_fcr.len()
    }
}

/// The tables an [`Index`] is built from: one lake's, or each taken from whichever of two lakes
/// holds it ([`Tables::either`]), so the index of two lakes about to be merged can be built before
/// the merge.
#[derive(Clone, Copy)]
pub(crate) struct Tables<'a> {
    pub customers: &'a Customers,
    pub calls: &'a Calls,
    pub chats: &'a Chats,
    pub tickets: &'a Tickets,
    pub surveys: &'a Surveys,
    pub reviews: &'a Reviews,
    pub complaints: &'a Complaints,
}

impl<'a> Tables<'a> {
    /// Each table from `a` or `b`, whichever has rows of it; `None` when a table has rows in both
    /// (merging them renumbers rows, so only the merged lake can be indexed).
    pub fn either(a: Tables<'a>, b: Tables<'a>) -> Option<Tables<'a>> {
        fn pick<'t, T>(a: &'t T, b: &'t T, rows: impl Fn(&T) -> usize) -> Option<&'t T> {
            match (rows(a), rows(b)) {
                (_, 0) => Some(a),
                (0, _) => Some(b),
                _ => None,
            }
        }
        Some(Tables {
            customers: pick(a.customers, b.customers, |t| t.id.len())?,
            calls: pick(a.calls, b.calls, |t| t.id.len())?,
            chats: pick(a.chats, b.chats, |t| t.id.len())?,
            tickets: pick(a.tickets, b.tickets, |t| t.id.len())?,
            surveys: pick(a.surveys, b.surveys, |t| t.at_ms.len())?,
            reviews: pick(a.reviews, b.reviews, |t| t.at_ms.len())?,
            complaints: pick(a.complaints, b.complaints, |t| t.filed_ms.len())?,
        })
    }

    /// Rows per table, to tell that a build still describes the same tables.
    fn shape(&self) -> [usize; 7] {
        [
            self.customers.id.len(),
            self.calls.id.len(),
            self.chats.id.len(),
            self.tickets.id.len(),
            self.surveys.at_ms.len(),
            self.reviews.at_ms.len(),
            self.complaints.filed_ms.len(),
        ]
    }

    /// The id column of a table the surveys rate (0 calls, 1 conversations, 2 tickets) or of the
    /// customers (3).
    fn ids(&self, which: usize) -> Ids<'a> {
        match which {
            0 => Ids::Wide(&self.calls.id),
            1 => Ids::Wide(&self.chats.id),
            2 => Ids::Wide(&self.tickets.id),
            _ => Ids::Narrow(&self.customers.id),
        }
    }

    /// A start-time column (0 calls, 1 conversations, 2 tickets, 3 surveys, 4 reviews, 5
    /// complaints).
    fn times(&self, which: usize) -> &'a [i64] {
        match which {
            0 => &self.calls.start_ms,
            1 => &self.chats.start_ms,
            2 => &self.tickets.created_ms,
            3 => &self.surveys.at_ms,
            4 => &self.reviews.at_ms,
            _ => &self.complaints.filed_ms,
        }
    }

    /// A customer-reference column (0 calls, 1 conversations, 2 tickets, 3 surveys, 4
    /// complaints).
    fn customer_refs(&self, which: usize) -> &'a [i32] {
        match which {
            0 => &self.calls.customer,
            1 => &self.chats.customer,
            2 => &self.tickets.customer,
            3 => &self.surveys.customer,
            _ => &self.complaints.customer,
        }
    }

    /// Wait, handle time, resolution and category of the interaction survey `s` rates, found at
    /// `row` of its table.
    fn rated_fact(&self, s: usize, row: u32) -> (f64, f64, u8, u32) {
        let unknown = (f64::NAN, f64::NAN, NULL_U8, NONE);
        if row == NONE {
            return unknown;
        }
        let r = row as usize;
        match self.surveys.rated_dataset.get(s) {
            Some(0) => {
                let c = self.calls;
                (
                    f64::from(c.wait_s[r]),
                    c.handle_s(r).unwrap_or(f64::NAN),
                    c.fcr[r],
                    u32::from(c.reason[r]),
                )
            }
            Some(1) => {
                let h = self.chats;
                (
                    f64::from(h.first_reply_s[r]),
                    f64::NAN,
                    u8::from(h.resolved[r]),
                    u32::from(h.reason[r]),
                )
            }
            Some(_) => {
                let t = self.tickets;
                let wait = if t.first_reply_ms[r] == NULL_I64 {
                    f64::NAN
                } else {
                    (t.first_reply_ms[r] - t.created_ms[r]) as f64 / 1000.0
                };
                (wait, f64::NAN, NULL_U8, u32::from(t.category[r]))
            }
            None => unknown,
        }
    }
}

#[derive(Clone, Copy)]
enum Ids<'a> {
    Wide(&'a [i64]),
    Narrow(&'a [i32]),
}

impl Ids<'_> {
    fn len(&self) -> usize {
        match self {
            Ids::Wide(v) => v.len(),
            Ids::Narrow(v) => v.len(),
        }
    }

    fn get(&self, i: usize) -> i64 {
        match self {
            Ids::Wide(v) => v[i],
            Ids::Narrow(v) => i64::from(v[i]),
        }
    }
}

/// The row of each id, for building the [`Index`]: a table indexed by `id - min` when the ids
/// are dense (generated and exported ids are: at most [`RowOf::SLACK`] table entries per id, plus
/// 1,024), a hash map otherwise. A repeated id maps to its last row, as a map built in row order.
/// At scale 100 (11 M contact ids, 15 M customer references) the table takes ~0.3 s where the
/// hash maps took ~6.5 s, natively.
#[derive(Debug)]
pub(crate) enum RowOf {
    Dense { min: i64, rows: Vec<u32> },
    Sparse(HashMap<i64, u32>),
}

impl RowOf {
    /// Table entries allowed per id before falling back to a map.
    const SLACK: usize = 4;

    /// An empty table or map for ids within `lo..=hi` (`n` of them), to be filled by
    /// [`RowOf::set`] in row order.
    fn sized(lo: i64, hi: i64, n: usize) -> RowOf {
        let span = i128::from(hi) - i128::from(lo); // negative when empty
        let cap = n.saturating_mul(Self::SLACK).saturating_add(1024);
        match usize::try_from(span) {
            Ok(span) if span < cap => RowOf::Dense {
                min: lo,
                rows: vec![NONE; span + 1],
            },
            _ if n == 0 => RowOf::Dense {
                min: 0,
                rows: Vec::new(),
            },
            _ => RowOf::Sparse(HashMap::with_capacity(n)),
        }
    }

    fn set(&mut self, id: i64, row: u32) {
        match self {
            RowOf::Dense { min, rows } => {
                // In range when the bounds came from the same ids.
                if let Some(slot) = usize::try_from(id.wrapping_sub(*min))
                    .ok()
                    .and_then(|k| rows.get_mut(k))
                {
                    *slot = row;
                }
            }
            RowOf::Sparse(m) => {
                m.insert(id, row);
            }
        }
    }

    fn get(&self, id: i64) -> u32 {
        match self {
            RowOf::Dense { min, rows } => id
                .checked_sub(*min)
                .and_then(|k| usize::try_from(k).ok())
                .and_then(|k| rows.get(k))
                .copied()
                .unwrap_or(NONE),
            RowOf::Sparse(m) => m.get(&id).copied().unwrap_or(NONE),
        }
    }
}

/// What a stage of the build does.
#[derive(Clone, Copy, Debug)]
enum Stage {
    /// Bounds of the ids of table `k` ([`Tables::ids`]).
    IdBounds(usize),
    /// Row of each id of table `k`.
    IdRows(usize),
    /// The rated interaction's row, per survey.
    RatedRow,
    /// Its facts, per survey.
    RatedFacts,
    /// Customer row per row of a table ([`Tables::customer_refs`]).
    Customer(usize),
    /// Business ms to the first reply (false) or to solved (true), per ticket.
    Business(bool),
    /// Month per call, conversation, ticket.
    Month(usize),
    /// First and last event of a table ([`Tables::times`]).
    Days(usize),
}

const STAGES: [Stage; 26] = [
    Stage::IdBounds(0),
    Stage::IdRows(0),
    Stage::IdBounds(1),
    Stage::IdRows(1),
    Stage::IdBounds(2),
    Stage::IdRows(2),
    Stage::IdBounds(3),
    Stage::IdRows(3),
    Stage::RatedRow,
    Stage::RatedFacts,
    Stage::Customer(0),
    Stage::Customer(1),
    Stage::Customer(2),
    Stage::Customer(3),
    Stage::Customer(4),
    Stage::Business(false),
    Stage::Business(true),
    Stage::Month(0),
    Stage::Month(1),
    Stage::Month(2),
    Stage::Days(0),
    Stage::Days(1),
    Stage::Days(2),
    Stage::Days(3),
    Stage::Days(4),
    Stage::Days(5),
];

/// An [`Index`] being built, [`INDEX_STEP_ROWS`] rows per [`IndexBuild::step`]. Every step must
/// be given the same tables (checked: a build given other tables starts over).
#[derive(Debug)]
pub struct IndexBuild {
    /// What the build is for (the engine's version when it began).
    pub(crate) version: u64,
    stage: usize,
    at: usize,
    step_rows: usize,
    shape: Option<[usize; 7]>,
    /// Bounds and count of the ids being scanned.
    bounds: (i64, i64, usize),
    /// Row of each id: calls, conversations, tickets, customers.
    rows: Vec<RowOf>,
    days: (i64, i64),
    index: Index,
}

impl IndexBuild {
    pub(crate) fn new(version: u64) -> IndexBuild {
        IndexBuild {
            version,
            stage: 0,
            at: 0,
            step_rows: INDEX_STEP_ROWS,
            shape: None,
            bounds: (i64::MAX, i64::MIN, 0),
            rows: Vec::with_capacity(4),
            days: (i64::MAX, i64::MIN),
            index: Index::default(),
        }
    }

    /// Steps of `rows` rows instead of [`INDEX_STEP_ROWS`] (at least 1).
    #[must_use]
    pub fn step_rows(mut self, rows: usize) -> IndexBuild {
        self.step_rows = rows.max(1);
        self
    }

    /// Whether every stage has run.
    pub fn done(&self) -> bool {
        self.stage >= STAGES.len()
    }

    /// The index built (complete only once [`IndexBuild::done`]).
    pub(crate) fn into_index(self) -> Index {
        self.index
    }

    /// Does the next step's rows of work ([`INDEX_STEP_ROWS`] unless set); returns whether the index is complete.
    pub(crate) fn step(&mut self, t: &Tables<'_>) -> bool {
        let shape = t.shape();
        if self.shape.is_some_and(|s| s != shape) {
            *self = IndexBuild::new(self.version).step_rows(self.step_rows);
        }
        self.shape = Some(shape);
        let mut budget = self.step_rows;
        while budget > 0 {
            let Some(stage) = STAGES.get(self.stage).copied() else {
                return true;
            };
            let n = self.rows_of(stage, t);
            if self.at == 0 {
                self.reserve(stage, n);
            }
            let end = n.min(self.at.saturating_add(budget));
            let range = self.at.min(end)..end;
            budget -= range.len().min(budget);
            self.run(stage, t, range.clone());
            self.at = range.end;
            if self.at >= n {
                self.finish(stage);
                self.stage += 1;
                self.at = 0;
                budget = budget.saturating_sub(1); // an empty stage still costs a little
            }
        }
        self.done()
    }

    /// Room for a stage's `n` values at once: grown a step at a time, a column would end with up
    /// to twice the memory it needs (and wasm memory never shrinks).
    fn reserve(&mut self, stage: Stage, n: usize) {
        let ix = &mut self.index;
        match stage {
            Stage::RatedRow => ix.rated_row.reserve_exact(n),
            Stage::RatedFacts => {
                ix.rated_wait_s.reserve_exact(n);
                ix.rated_aht_s.reserve_exact(n);
                ix.rated_fcr.reserve_exact(n);
                ix.rated_category.reserve_exact(n);
            }
            Stage::Customer(k) => match k {
                0 => ix.call_customer.reserve_exact(n),
                1 => ix.chat_customer.reserve_exact(n),
                2 => ix.ticket_customer.reserve_exact(n),
                3 => ix.survey_customer.reserve_exact(n),
                _ => ix.complaint_customer.reserve_exact(n),
            },
            Stage::Business(false) => ix.ticket_first_reply_bms.reserve_exact(n),
            Stage::Business(true) => ix.ticket_resolution_bms.reserve_exact(n),
            Stage::Month(k) => match k {
                0 => ix.call_month.reserve_exact(n),
                1 => ix.chat_month.reserve_exact(n),
                _ => ix.ticket_month.reserve_exact(n),
            },
            Stage::IdBounds(_) | Stage::IdRows(_) | Stage::Days(_) => {}
        }
    }

    /// Whether the build was made over tables of these lengths (the tables it is given must not
    /// have changed since).
    pub(crate) fn fits(&self, t: &Tables<'_>) -> bool {
        self.shape == Some(t.shape())
    }

    fn rows_of(&self, stage: Stage, t: &Tables<'_>) -> usize {
        match stage {
            Stage::IdBounds(k) | Stage::IdRows(k) => t.ids(k).len(),
            Stage::RatedRow | Stage::RatedFacts => t.surveys.at_ms.len(),
            Stage::Customer(k) => t.customer_refs(k).len(),
            Stage::Business(_) => t.tickets.created_ms.len(),
            Stage::Month(k) | Stage::Days(k) => t.times(k).len(),
        }
    }

    fn run(&mut self, stage: Stage, t: &Tables<'_>, range: std::ops::Range<usize>) {
        let ix = &mut self.index;
        match stage {
            Stage::IdBounds(k) => {
                let ids = t.ids(k);
                let (lo, hi, n) = &mut self.bounds;
                for i in range {
                    let id = ids.get(i);
                    *lo = (*lo).min(id);
                    *hi = (*hi).max(id);
                    *n += 1;
                }
            }
            Stage::IdRows(k) => {
                if self.rows.len() == k {
                    let (lo, hi, n) = self.bounds;
                    self.rows.push(RowOf::sized(lo, hi, n));
                }
                let ids = t.ids(k);
                if let Some(map) = self.rows.get_mut(k) {
                    for i in range {
                        map.set(ids.get(i), i as u32);
                    }
                }
            }
            Stage::RatedRow => {
                let s = t.surveys;
                ix.rated_row.extend(range.map(|i| {
                    let (Some(k), Some(id)) = (s.rated_dataset.get(i), s.rated_id.get(i)) else {
                        return NONE;
                    };
                    let k = usize::from(*k);
                    // Only calls, conversations and tickets are rated (0–2); 3 is the customers.
                    match self.rows.get(k) {
                        Some(m) if k < 3 => m.get(*id),
                        _ => NONE,
                    }
                }));
            }
            Stage::RatedFacts => {
                for i in range {
                    let (wait, aht, fcr, cat) = t.rated_fact(i, ix.rated_row[i]);
                    ix.rated_wait_s.push(wait);
                    ix.rated_aht_s.push(aht);
                    ix.rated_fcr.push(fcr);
                    ix.rated_category.push(cat);
                }
            }
            Stage::Customer(k) => {
                let refs = &t.customer_refs(k)[range];
                let out = match k {
                    0 => &mut ix.call_customer,
                    1 => &mut ix.chat_customer,
                    2 => &mut ix.ticket_customer,
                    3 => &mut ix.survey_customer,
                    _ => &mut ix.complaint_customer,
                };
                match self.rows.get(3) {
                    Some(customers) => {
                        out.extend(refs.iter().map(|id| customers.get(i64::from(*id))));
                    }
                    None => out.extend(refs.iter().map(|_| NONE)),
                }
            }
            Stage::Business(solved) => {
                let tk = t.tickets;
                let (ends, out) = if solved {
                    (&tk.resolved_ms, &mut ix.ticket_resolution_bms)
                } else {
                    (&tk.first_reply_ms, &mut ix.ticket_first_reply_bms)
                };
                out.extend(range.map(|i| {
                    let (c, e) = (tk.created_ms[i], ends[i]);
                    if e == NULL_I64 {
                        NULL_I64
                    } else {
                        crate::kpis::tickets::business_ms(c, e)
                    }
                }));
            }
            Stage::Month(k) => {
                let out = match k {
                    0 => &mut ix.call_month,
                    1 => &mut ix.chat_month,
                    _ => &mut ix.ticket_month,
                };
                let mut last = (i32::MIN, 0);
                out.extend(t.times(k)[range].iter().map(|ms| {
                    let d = day_of_ms(*ms);
                    if d != last.0 {
                        last = (d, crate::calendar::month_index(d));
                    }
                    last.1
                }));
            }
            Stage::Days(k) => {
                let (lo, hi) = &mut self.days;
                for ms in &t.times(k)[range] {
                    *lo = (*lo).min(*ms);
                    *hi = (*hi).max(*ms);
                }
            }
        }
    }

    fn finish(&mut self, stage: Stage) {
        match stage {
            Stage::IdRows(_) => self.bounds = (i64::MAX, i64::MIN, 0),
            Stage::Days(5) => {
                let (lo, hi) = self.days;
                self.index.data_days = (lo <= hi).then(|| (day_of_ms(lo), day_of_ms(hi)));
                self.rows = Vec::new(); // no longer needed
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(ids: &[i64]) -> RowOf {
        let lo = ids.iter().copied().min().unwrap_or(i64::MAX);
        let hi = ids.iter().copied().max().unwrap_or(i64::MIN);
        let mut m = RowOf::sized(lo, hi, ids.len());
        for (r, id) in ids.iter().enumerate() {
            m.set(*id, r as u32);
        }
        m
    }

    #[test]
    fn row_of_answers_as_a_map_built_in_row_order() {
        let cases: [&[i64]; 6] = [
            &[],
            &[7, 8, 9, 8],                 // dense, a repeat: the last row wins
            &[-3, -1, 0, 2],               // negatives
            &[5, 1_000_000_000],           // sparse
            &[i64::MIN, i64::MAX, 0],      // the widest span
            &[i64::MAX - 1, i64::MAX, 40], // dense near the top
        ];
        for ids in cases {
            let want: HashMap<i64, u32> = ids
                .iter()
                .enumerate()
                .map(|(r, id)| (*id, r as u32))
                .collect();
            let got = rows(ids);
            for probe in
                ids.iter()
                    .copied()
                    .chain([0, 1, 6, 10, -2, i64::MIN, i64::MAX, 999_999_999])
            {
                assert_eq!(
                    got.get(probe),
                    want.get(&probe).copied().unwrap_or(NONE),
                    "{ids:?}: {probe}"
                );
            }
        }
        assert!(matches!(rows(&[7, 8, 9, 8]), RowOf::Dense { .. }));
        assert!(matches!(rows(&[5, 1_000_000_000]), RowOf::Sparse(_)));
    }
}
