//! Pre-aggregated cells for *Resumen*: per dataset, the rows summed by day × channel × customer
//! profile (the customer's region and segment), so a filter on dates, channels, regions and
//! segments costs the cells it keeps, not the rows. At scale 100 that is ≈ 0.38 M cells for
//! ≈ 17 M rows.
//!
//! Every measure of a cell is additive (counts and sums of whole seconds) except the median
//! first reply of WhatsApp, whose cells keep their values; all end in the same
//! [`Tally::headline`](crate::kpis::headline::Tally::headline) as a selection's rows, so the
//! figures are the same to the last bit (tested against the rows in `tests/cube.rs`). A filter
//! with any other condition (agents, teams, categories, platforms, weekdays, hours) is answered
//! from the rows, as before.
//!
//! The cells are found through a dense grid of `days × channels × profiles` slots while they are
//! built; past [`MAX_GRID_SLOTS`] (a span of many years, or thousands of distinct
//! region × segment pairs) no cube is built and every filter reads the rows.

use std::collections::{BTreeMap, HashMap};

use crate::calendar::{Granularity, MS_PER_DAY};
use crate::filter::Resolved;
use crate::kpi::Nps;
use crate::kpis::calls::CallTally;
use crate::kpis::complaints::answer_outcome;
use crate::kpis::headline::{Headline, Step, Tally};
use crate::kpis::surveys::{
    add3, nps_codes, nps_named, nps_steps, NpsBy, NpsGroup, SurveyKpis, SurveyTally,
};
use crate::kpis::tickets::sla_outcome;
use crate::kpis::volume::{to_cells, VolumeCell};
use crate::kpis::Options;
use crate::lake::{Index, Lake, NONE};
use crate::stats::{nearest_rank, percentile};

/// The most grid slots (4 bytes each, only while building) a cube may need: past it, no cube.
pub const MAX_GRID_SLOTS: u64 = 1 << 22;

/// The cells of one dataset, in (day, channel, profile) order.
#[derive(Debug, Clone, Default)]
struct Part<M> {
    day: Vec<i64>,
    channel: Vec<u8>,
    profile: Vec<u32>,
    m: Vec<M>,
}

/// A cell of conversations: their count, and where their first replies are in [`Replies`].
#[derive(Debug, Clone, Copy, Default)]
struct ChatCell {
    n: u64,
    from: u32,
}

impl ChatCell {
    fn range(&self) -> (u32, u32) {
        (self.from, self.from + self.n as u32)
    }
}

/// Buckets of the first-reply counting pass ([`Replies::median`]).
const BUCKETS: usize = 4096;

/// The first reply of every conversation, s, grouped by cell: a median is found with one
/// counting pass over coarse buckets and a selection inside one bucket, never by copying and
/// sorting every value.
#[derive(Debug, Clone, Default)]
struct Replies {
    values: Vec<i32>,
    /// The bucket of each value, `(v − min) >> shift`, below [`BUCKETS`] (kept: the counting
    /// pass then reads two bytes a value and computes nothing).
    buckets: Vec<u16>,
}

impl Replies {
    fn new(values: Vec<i32>) -> Replies {
        let min = values.iter().min().map_or(0, |&v| i64::from(v));
        let max = values.iter().max().map_or(0, |&v| i64::from(v));
        let mut shift = 0;
        while ((max - min) >> shift) >= BUCKETS as i64 {
            shift += 1;
        }
        let buckets = values
            .iter()
            .map(|&v| ((i64::from(v) - min) >> shift) as u16)
            .collect();
        Replies { values, buckets }
    }

    /// The nearest-rank median of the values of `ranges` (as [`crate::stats::percentile`]).
    fn median(&self, ranges: &[(u32, u32)]) -> Option<i64> {
        let slices = || {
            ranges
                .iter()
                .filter_map(|&(a, b)| self.values.get(a as usize..b as usize))
        };
        let n: u64 = slices().map(|s| s.len() as u64).sum();
        if n == 0 {
            return None;
        }
        let rank = nearest_rank(0.5, n); // 1-based
        if n <= BUCKETS as u64 {
            let mut all: Vec<i32> = slices().flatten().copied().collect();
            return percentile(&mut all, 0.5).map(i64::from);
        }
        let mut counts = vec![0u64; BUCKETS];
        for &(a, b) in ranges {
            if let Some(codes) = self.buckets.get(a as usize..b as usize) {
                for &c in codes {
                    counts[usize::from(c) % BUCKETS] += 1;
                }
            }
        }
        let (mut before, mut k) = (0u64, 0usize);
        while k < BUCKETS && before + counts[k] < rank {
            before += counts[k];
            k += 1;
        }
        let mut inside: Vec<i32> = Vec::new();
        for &(a, b) in ranges {
            let (a, b) = (a as usize, b as usize);
            if let (Some(vs), Some(cs)) = (self.values.get(a..b), self.buckets.get(a..b)) {
                inside.extend(
                    vs.iter()
                        .zip(cs)
                        .filter(|(_, &c)| usize::from(c) == k)
                        .map(|(v, _)| *v),
                );
            }
        }
        let at = usize::try_from(rank - before - 1).ok()?;
        if at >= inside.len() {
            return None; // cannot happen: the bucket holds the rank
        }
        let (_, v, _) = inside.select_nth_unstable(at);
        Some(i64::from(*v))
    }
}

/// Count, met or on time, judged.
type Judged = [u64; 3];

/// The cells of every dataset *Resumen* reads.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cube {
    /// (region, segment) codes of each profile; the profile after the last is "no customer".
    profiles: Vec<(u32, u32)>,
    calls: Part<CallTally>,
    chats: Part<ChatCell>,
    replies: Replies,
    tickets: Part<Judged>,
    surveys: Part<SurveyTally>,
    complaints: Part<Judged>,
    reviews: Part<u64>,
}

/// The grid the cells are found in while they are built.
#[derive(Debug)]
struct Grid {
    first: i64,
    width: u64,
    profiles: u64,
    slots: Vec<u32>,
}

impl Grid {
    fn slot(&self, day: i64, channel: u8, profile: u32) -> usize {
        let d = (day - self.first) as u64;
        ((d * self.width + u64::from(channel)) * self.profiles + u64::from(profile)) as usize
    }

    /// Sums rows `range` into `acc`'s cells keyed by `key`, each row added by `add`; with
    /// `track`, also keeps the cell of each row. The grid's slots point into `acc` until
    /// [`Grid::close`].
    fn feed<M: Default>(
        &mut self,
        acc: &mut Acc<M>,
        range: std::ops::Range<usize>,
        key: impl Fn(usize) -> (i64, u8, u32),
        add: impl Fn(&mut M, usize),
        track: bool,
    ) {
        let end = range.end;
        for i in range {
            let (day, channel, profile) = key(i);
            let s = self.slot(day, channel, profile);
            let Some(slot) = self.slots.get_mut(s) else {
                continue; // cannot happen: the grid spans every key (checked when sized)
            };
            if *slot == u32::MAX {
                *slot = acc.cells.len() as u32;
                acc.cells.push(M::default());
                acc.at.push(s);
            }
            if track {
                acc.of_row.push(*slot);
            }
            if let Some(c) = acc.cells.get_mut(*slot as usize) {
                add(c, i);
            }
        }
        acc.rows = acc.rows.max(end);
    }

    /// The cells of `acc` in (day, channel, profile) order, and (if tracked) the cell of each
    /// row; frees the grid's slots for the next dataset.
    fn close<M>(&mut self, acc: Acc<M>) -> (Part<M>, Vec<u32>) {
        let Acc {
            cells,
            at,
            mut of_row,
            ..
        } = acc;
        // Day-major slots: sorting the cells by slot sorts them by (day, channel, profile).
        let mut order: Vec<u32> = (0..cells.len() as u32).collect();
        order.sort_unstable_by_key(|&c| at[c as usize]);
        let mut taken: Vec<Option<M>> = cells.into_iter().map(Some).collect();
        let mut part = Part {
            day: Vec::with_capacity(order.len()),
            channel: Vec::with_capacity(order.len()),
            profile: Vec::with_capacity(order.len()),
            m: Vec::with_capacity(order.len()),
        };
        let mut moved = vec![0u32; order.len()];
        let per_day = self.width * self.profiles;
        for (to, &c) in order.iter().enumerate() {
            let s = at[c as usize] as u64;
            part.day.push(self.first + (s / per_day) as i64);
            part.channel.push(((s / self.profiles) % self.width) as u8);
            part.profile.push((s % self.profiles) as u32);
            if let Some(m) = taken.get_mut(c as usize).and_then(Option::take) {
                part.m.push(m);
            }
            moved[c as usize] = to as u32;
        }
        for s in at {
            if let Some(slot) = self.slots.get_mut(s) {
                *slot = u32::MAX;
            }
        }
        for c in &mut of_row {
            *c = moved[*c as usize];
        }
        (part, of_row)
    }
}

/// One dataset's cells while its rows are summed ([`Grid::feed`]).
#[derive(Debug)]
struct Acc<M> {
    cells: Vec<M>,
    /// The grid slot of each cell.
    at: Vec<usize>,
    /// The cell of each row, when tracked.
    of_row: Vec<u32>,
    /// Rows summed so far.
    rows: usize,
}

impl<M> Default for Acc<M> {
    fn default() -> Acc<M> {
        Acc {
            cells: Vec::new(),
            at: Vec::new(),
            of_row: Vec::new(),
            rows: 0,
        }
    }
}

/// Rows summed by one [`Builder::step`] (≈ 10–30 ms natively, whatever the scale).
pub(crate) const CUBE_STEP_ROWS: usize = 1 << 19;

/// The day of a timestamp, in `i64` (the filter compares timestamps, so no day may wrap).
fn day(ms: i64) -> i64 {
    ms.div_euclid(MS_PER_DAY)
}

/// A cube being built, [`CUBE_STEP_ROWS`] rows per [`Builder::step`], so a page can let the
/// browser paint between them ([`crate::Engine::quick_build`]).
#[derive(Debug)]
pub(crate) struct Builder {
    grid: Grid,
    of_customer: Vec<u32>,
    nobody: u32,
    today: i32,
    /// The table lengths it was begun with: a lake that changed since is not read.
    rows: [usize; 8],
    /// Rows per step ([`CUBE_STEP_ROWS`] unless set).
    pub(crate) step_rows: usize,
    /// The dataset being summed (0 calls … 5 reviews), and its cells so far.
    next: usize,
    calls: Acc<CallTally>,
    chats: Acc<ChatCell>,
    tickets: Acc<Judged>,
    surveys: Acc<SurveyTally>,
    complaints: Acc<Judged>,
    reviews: Acc<u64>,
    cube: Cube,
}

/// Sums the next rows of a dataset of `n` rows into `acc`, at most `budget` of them (taken off
/// it); its cells once every row is in.
#[allow(clippy::too_many_arguments)]
fn advance<M: Default>(
    g: &mut Grid,
    acc: &mut Acc<M>,
    n: usize,
    budget: &mut usize,
    key: impl Fn(usize) -> (i64, u8, u32),
    add: impl Fn(&mut M, usize),
    track: bool,
) -> Option<(Part<M>, Vec<u32>)> {
    let from = acc.rows.min(n);
    let end = n.min(from.saturating_add(*budget));
    *budget -= end - from;
    g.feed(acc, from..end, key, add, track);
    (acc.rows >= n).then(|| g.close(std::mem::take(acc)))
}

fn table_rows(l: &Lake, index: &Index) -> [usize; 8] {
    [
        l.calls.start_ms.len(),
        l.chats.start_ms.len(),
        l.tickets.created_ms.len(),
        l.surveys.at_ms.len(),
        l.reviews.at_ms.len(),
        l.complaints.filed_ms.len(),
        l.customers.segment.len(),
        index.call_customer.len(),
    ]
}

impl Builder {
    /// Sizes the grid, or `None` when it would pass [`MAX_GRID_SLOTS`] (or nothing is loaded).
    pub(crate) fn start(lake: &Lake, index: &Index, opts: &Options) -> Option<Builder> {
        let l = lake;
        // The first and last day holding rows, kept in the index (timestamps are within the
        // plausible range, so its `i32` days are the rows' own).
        let (first, last) = index.data_days?;
        let (first, last) = (i64::from(first), i64::from(last));
        let width = l
            .tickets
            .channel
            .iter()
            .chain(&l.surveys.channel)
            .max()
            .map_or(2, |&c| u64::from(c).max(1) + 1);
        // Profiles: each distinct (region, segment) of a customer row, then "no customer".
        let mut ids: HashMap<(u32, u32), u32> = HashMap::new();
        let mut profiles: Vec<(u32, u32)> = Vec::new();
        let c = &l.customers;
        let of_customer: Vec<u32> = (0..c.segment.len())
            .map(|r| {
                let pair = (
                    c.region.get(r).map_or(NONE, |v| u32::from(*v)),
                    u32::from(c.segment[r]),
                );
                *ids.entry(pair).or_insert_with(|| {
                    profiles.push(pair);
                    profiles.len() as u32 - 1
                })
            })
            .collect();
        let nobody = profiles.len() as u32;
        let span = u64::try_from(last - first).ok()? + 1;
        let slots = span
            .checked_mul(width)?
            .checked_mul(u64::from(nobody) + 1)?;
        if slots > MAX_GRID_SLOTS {
            return None;
        }
        Some(Builder {
            grid: Grid {
                first,
                width,
                profiles: u64::from(nobody) + 1,
                slots: vec![u32::MAX; slots as usize],
            },
            of_customer,
            nobody,
            today: crate::calendar::day_of_ms(opts.as_of_ms),
            rows: table_rows(l, index),
            step_rows: CUBE_STEP_ROWS,
            next: 0,
            calls: Acc::default(),
            chats: Acc::default(),
            tickets: Acc::default(),
            surveys: Acc::default(),
            complaints: Acc::default(),
            reviews: Acc::default(),
            cube: Cube {
                profiles,
                ..Cube::default()
            },
        })
    }

    /// Whether every dataset is in.
    pub(crate) fn done(&self) -> bool {
        self.next >= 6
    }

    /// Whether `lake` is still the one it was begun with (same tables, same lengths).
    pub(crate) fn fits(&self, lake: &Lake, index: &Index) -> bool {
        self.rows == table_rows(lake, index)
    }

    /// Sums the next [`CUBE_STEP_ROWS`] rows (or as set) into their cells. Call only while
    /// [`Builder::fits`].
    pub(crate) fn step(&mut self, lake: &Lake, index: &Index, opts: &Options) {
        let mut budget = self.step_rows;
        while budget > 0 && !self.done() {
            if self.step_within(lake, index, opts, &mut budget) {
                self.next += 1;
            }
        }
    }

    /// Sums rows of the current dataset, at most `budget`; whether the dataset is complete.
    fn step_within(
        &mut self,
        lake: &Lake,
        index: &Index,
        opts: &Options,
        budget: &mut usize,
    ) -> bool {
        let l = lake;
        let (nobody, of_customer) = (self.nobody, &self.of_customer);
        // A row whose customer is unknown (or not a row) matches no region or segment condition,
        // as in the selection.
        let profile = |row: u32| {
            if row == NONE {
                nobody
            } else {
                of_customer.get(row as usize).copied().unwrap_or(nobody)
            }
        };
        let today = self.today;
        let g = &mut self.grid;
        let c = &mut self.cube;
        match self.next {
            0 => advance(
                g,
                &mut self.calls,
                l.calls.start_ms.len(),
                budget,
                |i| (day(l.calls.start_ms[i]), 0, profile(index.call_customer[i])),
                |m: &mut CallTally, i| m.add(l, i, opts),
                false,
            )
            .map(|(part, _)| c.calls = part)
            .is_some(),
            1 => {
                let Some((mut part, of_row)) = advance(
                    g,
                    &mut self.chats,
                    l.chats.start_ms.len(),
                    budget,
                    |i| (day(l.chats.start_ms[i]), 1, profile(index.chat_customer[i])),
                    |m: &mut ChatCell, _| m.n += 1,
                    true,
                ) else {
                    return false;
                };
                // The first replies grouped by cell, in cell order.
                let mut from = 0u32;
                for m in &mut part.m {
                    m.from = from;
                    from += m.n as u32;
                }
                let mut next: Vec<u32> = part.m.iter().map(|m| m.from).collect();
                let mut values = vec![0i32; l.chats.start_ms.len()];
                for (i, &cell) in of_row.iter().enumerate() {
                    if let Some(at) = next.get_mut(cell as usize) {
                        if let Some(v) = values.get_mut(*at as usize) {
                            *v = l.chats.first_reply_s[i];
                        }
                        *at += 1;
                    }
                }
                c.chats = part;
                c.replies = Replies::new(values);
                true
            }
            2 => advance(
                g,
                &mut self.tickets,
                l.tickets.created_ms.len(),
                budget,
                |i| {
                    (
                        day(l.tickets.created_ms[i]),
                        l.tickets.channel[i],
                        profile(index.ticket_customer[i]),
                    )
                },
                |m: &mut Judged, i| {
                    let (met, judged) = sla_outcome(l, i, opts);
                    m[0] += 1;
                    m[1] += u64::from(met);
                    m[2] += u64::from(judged);
                },
                false,
            )
            .map(|(part, _)| c.tickets = part)
            .is_some(),
            3 => advance(
                g,
                &mut self.surveys,
                l.surveys.at_ms.len(),
                budget,
                |i| {
                    (
                        day(l.surveys.at_ms[i]),
                        l.surveys.channel[i],
                        profile(index.survey_customer[i]),
                    )
                },
                |m: &mut SurveyTally, i| m.add(l, i),
                false,
            )
            .map(|(part, _)| c.surveys = part)
            .is_some(),
            4 => advance(
                g,
                &mut self.complaints,
                l.complaints.filed_ms.len(),
                budget,
                |i| {
                    (
                        day(l.complaints.filed_ms[i]),
                        0,
                        profile(index.complaint_customer[i]),
                    )
                },
                |m: &mut Judged, i| {
                    let (ok, judged) = answer_outcome(l, i, today);
                    m[0] += 1;
                    m[1] += u64::from(ok);
                    m[2] += u64::from(judged);
                },
                false,
            )
            .map(|(part, _)| c.complaints = part)
            .is_some(),
            5 => advance(
                g,
                &mut self.reviews,
                l.reviews.at_ms.len(),
                budget,
                |i| (day(l.reviews.at_ms[i]), 0, nobody),
                |m: &mut u64, _| *m += 1,
                false,
            )
            .map(|(part, _)| c.reviews = part)
            .is_some(),
            _ => true,
        }
    }

    /// The cube, once [`Builder::done`].
    pub(crate) fn finish(self) -> Cube {
        self.cube
    }
}

impl Cube {
    /// Builds the cells at once ([`Builder`]), or `None` past [`MAX_GRID_SLOTS`].
    pub(crate) fn build(lake: &Lake, index: &Index, opts: &Options) -> Option<Cube> {
        let mut b = Builder::start(lake, index, opts)?;
        while !b.done() {
            b.step(lake, index, opts);
        }
        Some(b.finish())
    }

    /// Cells held, over every dataset.
    pub(crate) fn cells(&self) -> usize {
        self.calls.m.len()
            + self.chats.m.len()
            + self.tickets.m.len()
            + self.surveys.m.len()
            + self.complaints.m.len()
            + self.reviews.m.len()
    }
}

/// A step's start, its tally, and the ranges of its conversations' first replies.
type StepTally = (i32, Tally, Vec<(u32, u32)>);

/// Which of a filter's conditions apply to a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terms {
    /// Dates, channels, regions and segments.
    All,
    /// Dates, regions and segments (the complaint book).
    Customer,
    /// Dates only (reviews).
    Dates,
}

/// A filter the cube can answer: its days and the channels and profiles it keeps.
#[derive(Debug, Clone)]
pub struct Quick<'a> {
    cube: &'a Cube,
    /// The dictionaries the groups are named from.
    lake: &'a Lake,
    from: i64,
    to: i64,
    channels: Vec<bool>,
    /// Per profile, then "no customer"; `None` when every profile is kept.
    profiles: Option<Vec<bool>>,
}

impl<'a> Quick<'a> {
    /// The terms of `r` over `cube`, or `None` when `r` has a condition the cube cannot answer.
    pub(crate) fn new(cube: &'a Cube, lake: &'a Lake, r: &Resolved) -> Option<Quick<'a>> {
        let (from, to) = r.cube_days()?;
        let channels = (0..=u8::MAX).map(|c| r.channel_ok(u32::from(c))).collect();
        let profiles = r.customer_terms().then(|| {
            let mut keep: Vec<bool> = cube
                .profiles
                .iter()
                .map(|&(region, segment)| r.profile_ok(region, segment))
                .collect();
            keep.push(false); // no customer: no region or segment to match
            keep
        });
        Some(Quick {
            cube,
            lake,
            from,
            to,
            channels,
            profiles,
        })
    }

    /// Calls `each(day, channel, cell)` for the cells of `part` the filter keeps, in day order;
    /// the channel and customer conditions only where the dataset has them (complaints have no
    /// contact channel, reviews neither channel nor customer).
    fn scan<M>(&self, part: &Part<M>, terms: Terms, mut each: impl FnMut(i64, u8, &M)) {
        self.scan_profiles(part, terms, |d, ch, _, m| each(d, ch, m));
    }

    /// As [`Quick::scan`], with each cell's profile.
    fn scan_profiles<M>(
        &self,
        part: &Part<M>,
        terms: Terms,
        mut each: impl FnMut(i64, u8, u32, &M),
    ) {
        let start = part.day.partition_point(|&d| d < self.from);
        let keep_profile = |p: u32| {
            self.profiles
                .as_ref()
                .is_none_or(|k| k.get(p as usize).copied().unwrap_or(false))
        };
        for k in start..part.m.len() {
            let d = part.day[k];
            if d > self.to {
                break;
            }
            let ch = part.channel[k];
            let p = part.profile[k];
            if (terms != Terms::All || self.channels[usize::from(ch)])
                && (terms == Terms::Dates || keep_profile(p))
            {
                each(d, ch, p, &part.m[k]);
            }
        }
    }

    /// The tallies per time step (`None`: one step for everything), steps with rows only, in
    /// time order; with each, the median first reply of its conversations.
    fn tallies(&self, step: Option<Granularity>) -> Vec<(i32, Tally, Option<i64>)> {
        let mut steps: Vec<StepTally> = Vec::new();
        let mut slot: BTreeMap<i32, usize> = BTreeMap::new();
        let mut at = |d: i64, steps: &mut Vec<StepTally>, last: &mut (i64, usize)| -> usize {
            if d != last.0 {
                // The rows' own step is of `day_of_ms`, an `i32` day: the same cast.
                let start = step.map_or(0, |g| g.start(d as i32));
                let k = *slot.entry(start).or_insert_with(|| {
                    steps.push((start, Tally::default(), Vec::new()));
                    steps.len() - 1
                });
                *last = (d, k);
            }
            last.1
        };
        let c = self.cube;
        let mut last = (i64::MIN, 0);
        self.scan(&c.calls, Terms::All, |d, _, m| {
            let k = at(d, &mut steps, &mut last);
            steps[k].1.calls.merge(m);
        });
        let mut last = (i64::MIN, 0);
        self.scan(&c.chats, Terms::All, |d, _, m| {
            let k = at(d, &mut steps, &mut last);
            steps[k].1.chats += m.n;
            steps[k].2.push(m.range());
        });
        let mut last = (i64::MIN, 0);
        self.scan(&c.tickets, Terms::All, |d, _, m| {
            let k = at(d, &mut steps, &mut last);
            let t = &mut steps[k].1;
            t.tickets += m[0];
            t.sla[0] += m[1];
            t.sla[1] += m[2];
        });
        let mut last = (i64::MIN, 0);
        self.scan(&c.surveys, Terms::All, |d, _, m| {
            let k = at(d, &mut steps, &mut last);
            steps[k].1.surveys.merge(m);
        });
        let mut last = (i64::MIN, 0);
        self.scan(&c.complaints, Terms::Customer, |d, _, m| {
            let k = at(d, &mut steps, &mut last);
            let t = &mut steps[k].1;
            t.complaints += m[0];
            t.on_time[0] += m[1];
            t.on_time[1] += m[2];
        });
        let mut last = (i64::MIN, 0);
        self.scan(&c.reviews, Terms::Dates, |d, _, m| {
            let k = at(d, &mut steps, &mut last);
            steps[k].1.reviews += m;
        });
        steps.sort_by_key(|s| s.0);
        steps
            .into_iter()
            .map(|(start, t, ranges)| (start, t, c.replies.median(&ranges)))
            .collect()
    }

    /// The *Resumen* tiles, as [`crate::Engine::headline`] of the filter's selection.
    pub fn headline(&self) -> Headline {
        match self.tallies(None).pop() {
            Some((_, t, median)) => t.headline_given(median),
            None => Tally::default().headline(),
        }
    }

    /// The tiles per time step, as [`crate::Engine::headline_series`].
    pub fn headline_series(&self, step: Granularity) -> Vec<Step<Headline>> {
        self.tallies(Some(step))
            .into_iter()
            .map(|(start, t, median)| Step {
                start,
                label: step.label(start),
                value: t.headline_given(median),
            })
            .collect()
    }

    /// CSAT, NPS and CES, as [`crate::Engine::surveys`] of the filter's selection.
    pub fn surveys(&self) -> SurveyKpis {
        let mut t = SurveyTally::default();
        self.scan(&self.cube.surveys, Terms::All, |_, _, m| t.merge(m));
        t.kpis()
    }

    /// NPS per time step, as [`crate::Engine::nps_series`].
    pub fn nps_series(&self, step: Granularity) -> Vec<Step<Option<Nps>>> {
        let mut counts: BTreeMap<i32, [u64; 3]> = BTreeMap::new();
        // Cells come in day order: a step's counts are summed apart and go into the map once.
        let mut last_day = i64::MIN;
        let mut open: Option<(i32, [u64; 3])> = None;
        self.scan(&self.cube.surveys, Terms::All, |d, _, m| {
            let c = m.nps_counts();
            if c == [0; 3] {
                return; // no NPS answer: the rows make no step of it either
            }
            if d != last_day {
                last_day = d;
                // The rows' own step is of `day_of_ms`, an `i32` day: the same cast.
                let start = step.start(d as i32);
                if open.is_none_or(|(at, _)| at != start) {
                    if let Some((at, c)) = open.replace((start, [0; 3])) {
                        add3(counts.entry(at).or_default(), c);
                    }
                }
            }
            if let Some((_, o)) = open.as_mut() {
                add3(o, c);
            }
        });
        if let Some((at, c)) = open {
            add3(counts.entry(at).or_default(), c);
        }
        nps_steps(counts, step)
    }

    /// NPS per channel, segment or region, as [`crate::Engine::nps_by`]: the answers of no
    /// known customer are left out of the segments and regions.
    pub fn nps_by(&self, by: NpsBy) -> Vec<NpsGroup> {
        let mut by_code = nps_codes(self.lake, by);
        let profiles = &self.cube.profiles;
        self.scan_profiles(&self.cube.surveys, Terms::All, |_, ch, p, m| {
            let code = match by {
                NpsBy::Channel => Some(usize::from(ch)),
                NpsBy::Segment => profiles.get(p as usize).map(|x| x.1 as usize),
                NpsBy::Region => profiles.get(p as usize).map(|x| x.0 as usize),
            };
            if let Some(c) = code.and_then(|c| by_code.get_mut(c)) {
                add3(c, m.nps_counts());
            }
        });
        nps_named(self.lake, by, by_code)
    }

    /// Contacts per time step and channel, as [`crate::Engine::volume`].
    pub fn volume(&self, step: Granularity) -> Vec<VolumeCell> {
        let mut cells: BTreeMap<(i32, u8), u64> = BTreeMap::new();
        let mut last = (i64::MIN, 0i32);
        let mut bump = |d: i64, channel: u8, n: u64| {
            if d != last.0 {
                last = (d, step.start(d as i32));
            }
            *cells.entry((last.1, channel)).or_default() += n;
        };
        let c = self.cube;
        self.scan(&c.calls, Terms::All, |d, ch, m| bump(d, ch, m.offered()));
        self.scan(&c.chats, Terms::All, |d, ch, m| bump(d, ch, m.n));
        self.scan(&c.tickets, Terms::All, |d, ch, m| bump(d, ch, m[0]));
        to_cells(cells, |start| step.label(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The median of the cells' values equals the nearest-rank median of all of them, through the
    /// small path and the bucket path, with ties, negatives and a span wider than the buckets.
    #[test]
    fn median_of_ranges_is_the_percentile() {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for case in 0..60 {
            let n = [1usize, 2, 7, 4096, 4097, 20_000][case % 6];
            let spread = [3u64, 1_000, 40_000_000][case % 3];
            let values: Vec<i32> = (0..n)
                .map(|_| (next() % spread) as i32 - (spread / 3) as i32)
                .collect();
            let r = Replies::new(values.clone());
            // Cells of random lengths, some left out.
            let mut ranges = Vec::new();
            let mut kept = Vec::new();
            let mut at = 0usize;
            while at < n {
                let len = 1 + (next() % 900) as usize;
                let end = (at + len).min(n);
                if next() % 4 != 0 {
                    ranges.push((at as u32, end as u32));
                    kept.extend_from_slice(&values[at..end]);
                }
                at = end;
            }
            let want = percentile(&mut kept, 0.5).map(i64::from);
            assert_eq!(r.median(&ranges), want, "case {case}");
        }
        assert_eq!(Replies::new(Vec::new()).median(&[]), None);
    }
}
