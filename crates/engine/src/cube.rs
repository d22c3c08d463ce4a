//! Pre-aggregated cells for *Resumen*: per dataset, the rows summed by day × channel × customer
//! profile (the customer's region and segment), so a filter on dates, channels, regions and
//! segments costs the cells it keeps, not the rows. At scale 100 that is ~0.3 M cells for
//! ~17 M rows.
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
use crate::kpis::calls::CallTally;
use crate::kpis::complaints::answer_outcome;
use crate::kpis::headline::{Headline, Step, Tally};
use crate::kpis::surveys::SurveyTally;
use crate::kpis::tickets::sla_outcome;
use crate::kpis::volume::{to_cells, VolumeCell};
use crate::kpis::Options;
use crate::lake::{Index, Lake, NONE};

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

/// A cell of conversations: their count and first replies, s.
#[derive(Debug, Clone, Default)]
struct ChatCell {
    n: u64,
    first_reply: Vec<i32>,
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
    tickets: Part<Judged>,
    surveys: Part<SurveyTally>,
    complaints: Part<Judged>,
    reviews: Part<u64>,
}

/// The grid the cells are found in while they are built.
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

    /// Sums the rows `0..n` into cells keyed by `key`, each row added by `add`.
    fn part<M: Default>(
        &mut self,
        n: usize,
        key: impl Fn(usize) -> (i64, u8, u32),
        add: impl Fn(&mut M, usize),
    ) -> Part<M> {
        let mut cells: Vec<M> = Vec::new();
        let mut at: Vec<usize> = Vec::new();
        for i in 0..n {
            let (day, channel, profile) = key(i);
            let s = self.slot(day, channel, profile);
            let Some(slot) = self.slots.get_mut(s) else {
                continue; // cannot happen: the grid spans every key (checked when sized)
            };
            if *slot == u32::MAX {
                *slot = cells.len() as u32;
                cells.push(M::default());
                at.push(s);
            }
            if let Some(c) = cells.get_mut(*slot as usize) {
                add(c, i);
            }
        }
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
        let per_day = self.width * self.profiles;
        for c in order {
            let s = at[c as usize] as u64;
            part.day.push(self.first + (s / per_day) as i64);
            part.channel.push(((s / self.profiles) % self.width) as u8);
            part.profile.push((s % self.profiles) as u32);
            if let Some(m) = taken.get_mut(c as usize).and_then(Option::take) {
                part.m.push(m);
            }
        }
        for s in at {
            if let Some(slot) = self.slots.get_mut(s) {
                *slot = u32::MAX;
            }
        }
        part
    }
}

/// The day of a timestamp, in `i64` (the filter compares timestamps, so no day may wrap).
fn day(ms: i64) -> i64 {
    ms.div_euclid(MS_PER_DAY)
}

impl Cube {
    /// Builds the cells, or `None` when the grid would pass [`MAX_GRID_SLOTS`] (or nothing is
    /// loaded).
    pub(crate) fn build(lake: &Lake, index: &Index, opts: &Options) -> Option<Cube> {
        let l = lake;
        let times: [&[i64]; 6] = [
            &l.calls.start_ms,
            &l.chats.start_ms,
            &l.tickets.created_ms,
            &l.surveys.at_ms,
            &l.reviews.at_ms,
            &l.complaints.filed_ms,
        ];
        let (lo, hi) = times
            .iter()
            .flat_map(|c| c.iter())
            .fold((i64::MAX, i64::MIN), |(a, b), &t| (a.min(t), b.max(t)));
        if lo > hi {
            return None;
        }
        let (first, last) = (day(lo), day(hi));
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
        let mut grid = Grid {
            first,
            width,
            profiles: u64::from(nobody) + 1,
            slots: vec![u32::MAX; slots as usize],
        };
        // A row whose customer is unknown (or not a row) matches no region or segment condition,
        // as in the selection.
        let profile = |row: u32| {
            if row == NONE {
                nobody
            } else {
                of_customer.get(row as usize).copied().unwrap_or(nobody)
            }
        };
        let today = crate::calendar::day_of_ms(opts.as_of_ms);
        let calls = grid.part(
            l.calls.start_ms.len(),
            |i| (day(l.calls.start_ms[i]), 0, profile(index.call_customer[i])),
            |m: &mut CallTally, i| m.add(l, i, opts),
        );
        let chats = grid.part(
            l.chats.start_ms.len(),
            |i| (day(l.chats.start_ms[i]), 1, profile(index.chat_customer[i])),
            |m: &mut ChatCell, i| {
                m.n += 1;
                m.first_reply.push(l.chats.first_reply_s[i]);
            },
        );
        let tickets = grid.part(
            l.tickets.created_ms.len(),
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
        );
        let surveys = grid.part(
            l.surveys.at_ms.len(),
            |i| {
                (
                    day(l.surveys.at_ms[i]),
                    l.surveys.channel[i],
                    profile(index.survey_customer[i]),
                )
            },
            |m: &mut SurveyTally, i| m.add(l, i),
        );
        let complaints = grid.part(
            l.complaints.filed_ms.len(),
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
        );
        let reviews = grid.part(
            l.reviews.at_ms.len(),
            |i| (day(l.reviews.at_ms[i]), 0, nobody),
            |m: &mut u64, _| *m += 1,
        );
        Some(Cube {
            profiles,
            calls,
            chats,
            tickets,
            surveys,
            complaints,
            reviews,
        })
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
    from: i64,
    to: i64,
    channels: Vec<bool>,
    /// Per profile, then "no customer"; `None` when every profile is kept.
    profiles: Option<Vec<bool>>,
}

impl<'a> Quick<'a> {
    /// The terms of `r` over `cube`, or `None` when `r` has a condition the cube cannot answer.
    pub(crate) fn new(cube: &'a Cube, r: &Resolved) -> Option<Quick<'a>> {
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
            if (terms != Terms::All || self.channels[usize::from(ch)])
                && (terms == Terms::Dates || keep_profile(part.profile[k]))
            {
                each(d, ch, &part.m[k]);
            }
        }
    }

    /// The tallies per time step (`None`: one step for everything), steps with rows only, in
    /// time order.
    fn tallies(&self, step: Option<Granularity>) -> Vec<(i32, Tally)> {
        let mut steps: Vec<(i32, Tally)> = Vec::new();
        let mut slot: BTreeMap<i32, usize> = BTreeMap::new();
        let mut at = |d: i64, steps: &mut Vec<(i32, Tally)>, last: &mut (i64, usize)| -> usize {
            if d != last.0 {
                // The rows' own step is of `day_of_ms`, an `i32` day: the same cast.
                let start = step.map_or(0, |g| g.start(d as i32));
                let k = *slot.entry(start).or_insert_with(|| {
                    steps.push((start, Tally::default()));
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
            let t = &mut steps[k].1;
            t.chats += m.n;
            t.first_reply
                .extend(m.first_reply.iter().map(|&v| i64::from(v)));
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
    }

    /// The *Resumen* tiles, as [`crate::Engine::headline`] of the filter's selection.
    pub fn headline(&self) -> Headline {
        self.tallies(None)
            .pop()
            .map(|(_, t)| t)
            .unwrap_or_default()
            .headline()
    }

    /// The tiles per time step, as [`crate::Engine::headline_series`].
    pub fn headline_series(&self, step: Granularity) -> Vec<Step<Headline>> {
        self.tallies(Some(step))
            .into_iter()
            .map(|(start, t)| Step {
                start,
                label: step.label(start),
                value: t.headline(),
            })
            .collect()
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
