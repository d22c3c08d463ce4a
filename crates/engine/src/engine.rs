//! [`Engine`]: one lake, its index and the KPI settings, kept together so the index can never be
//! stale, answering [`Engine::select`] for a filter and the per-page questions over a selection.

use bytes::Bytes;

use crate::calendar::{day_of_ms, Granularity, MS_PER_DAY};
use crate::cube::{Builder, Cube, Quick};
use crate::dataset::Dataset;
use crate::filter::{Filter, FilterError, Selection};
use crate::index::IndexBuild;
use crate::kpi::Nps;
use crate::kpis::agents::{self, AgentCard};
use crate::kpis::channels::{self, ChannelRow};
use crate::kpis::complaints::{self, ComplaintBy, ComplaintGroup, ComplaintKpis, Deadline};
use crate::kpis::customers::{self, CustomerBy, CustomerGroup, Repeater};
use crate::kpis::drivers::{self, Driver};
use crate::kpis::headline::{self, Headline, Step};
use crate::kpis::insights::{self, Insight};
use crate::kpis::reviews::{self, ReviewStats};
use crate::kpis::surveys::{self, NpsBy, NpsGroup, SurveyKpis};
use crate::kpis::tickets::{self, Breach, TicketBy, TicketGroup, TicketKpis};
use crate::kpis::volume::{self, VolumeCell};
use crate::kpis::Options;
use crate::lake::{Index, Lake};
use crate::EngineError;
use std::sync::{Arc, OnceLock};

/// The loaded data and everything derived from it.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    lake: Lake,
    index: Index,
    options: Options,
    loaded: Vec<Dataset>,
    /// Bumped whenever rows are added: a [`Staging`] begun before cannot be committed.
    version: u64,
    /// *Resumen*'s cells ([`Engine::quick`]), built on first use after each index build; `None`
    /// inside when the grid would pass [`crate::MAX_GRID_SLOTS`].
    cube: OnceLock<Option<Arc<Cube>>>,
}

/// *Resumen*'s cells being built ([`Engine::quick_build`]).
#[derive(Debug)]
pub struct QuickBuild {
    version: u64,
    builder: Option<Builder>,
    /// No cube can be built over these rows ([`crate::MAX_GRID_SLOTS`]).
    impossible: bool,
}

impl QuickBuild {
    /// Steps of `rows` rows (at least 1) instead of the default (≈ half a million).
    #[must_use]
    pub fn step_rows(mut self, rows: usize) -> QuickBuild {
        if let Some(b) = &mut self.builder {
            b.step_rows = rows.max(1);
        }
        self
    }
}

/// Each dataset's outcome of a load: its rows, or why it was refused.
pub type Outcomes = Vec<(Dataset, Result<u64, EngineError>)>;

/// Datasets decoded apart from the engine — one file at a time, so the caller may let the browser
/// paint and answer between files — then added at once, with one index build, by
/// [`Engine::commit`]. Each dataset is all or nothing, as in [`Engine::add_datasets`].
#[derive(Debug)]
pub struct Staging {
    lake: Lake,
    version: u64,
    outcomes: Outcomes,
}

impl Staging {
    /// Starts decoding `dataset` (its codes follow the datasets staged before it).
    pub fn begin(&self, dataset: Dataset) -> crate::lake::DatasetLoad {
        self.lake.start_load(dataset)
    }

    /// Whether a dataset decoded so far adds rows (else committing only rebuilds the index).
    pub fn adds_anything(&self) -> bool {
        self.outcomes.iter().any(|(_, r)| r.is_ok())
    }

    /// Keeps a decoded dataset, or records why it failed.
    pub fn end(&mut self, dataset: Dataset, load: Result<crate::lake::DatasetLoad, EngineError>) {
        let outcome = load.map(|l| self.lake.finish_load(l));
        self.outcomes.push((dataset, outcome));
    }
}

impl Engine {
    /// Begins building, in steps ([`Engine::index_step`]), the index the engine will have once
    /// `staging` is committed, so [`Engine::commit_indexed`] need not build it in one go.
    pub fn index_build(&self, staging: &Staging) -> IndexBuild {
        IndexBuild::new(staging.version)
    }

    /// One step of `build` ([`crate::INDEX_STEP_ROWS`] rows); returns whether it is complete.
    /// Also true when it cannot be built ahead (rows were added since `staging` began, or
    /// `staging` adds rows to a table the engine has rows of); then committing builds the index.
    pub fn index_step(&self, staging: &Staging, build: &mut IndexBuild) -> bool {
        if build.version != self.version || staging.version != self.version {
            return true;
        }
        match crate::index::Tables::either(self.lake.tables(), staging.lake.tables()) {
            Some(tables) => build.step(&tables),
            None => true,
        }
    }

    /// [`Engine::commit`], taking the index from `build` when it was built ahead for exactly
    /// this merge ([`Engine::index_build`]), else building it.
    ///
    /// # Errors
    /// As [`Engine::commit`].
    #[allow(clippy::result_large_err)]
    pub fn commit_indexed(
        &mut self,
        staging: Staging,
        build: IndexBuild,
    ) -> Result<Outcomes, Staging> {
        let ahead = build.version == self.version
            && build.done()
            && crate::index::Tables::either(self.lake.tables(), staging.lake.tables())
                .is_some_and(|t| build.fits(&t));
        self.commit_with(staging, ahead.then(|| build.into_index()))
    }
}

impl Engine {
    /// An engine over `lake` (the index is built here).
    pub fn new(lake: Lake, options: Options) -> Engine {
        let index = lake.index();
        let loaded = Dataset::ALL
            .into_iter()
            .filter(|d| lake.rows(*d) > 0)
            .collect();
        Engine {
            lake,
            index,
            options,
            loaded,
            version: 0,
            cube: OnceLock::new(),
        }
    }

    /// Begins decoding datasets apart from the engine ([`Staging`]).
    pub fn staging(&self) -> Staging {
        Staging {
            lake: self.lake.clone_empty_dicts(),
            version: self.version,
            outcomes: Vec::new(),
        }
    }

    /// Adds what `staging` decoded and rebuilds the index once; returns each dataset's outcome,
    /// in order.
    ///
    /// # Errors
    /// The staging itself, untouched, when rows were added since it began (its codes would not
    /// match the engine's dictionaries): decode again.
    #[allow(clippy::result_large_err)]
    pub fn commit(&mut self, staging: Staging) -> Result<Outcomes, Staging> {
        self.commit_with(staging, None)
    }

    #[allow(clippy::result_large_err)]
    fn commit_with(&mut self, staging: Staging, index: Option<Index>) -> Result<Outcomes, Staging> {
        if staging.version != self.version {
            return Err(staging);
        }
        let Staging { lake, outcomes, .. } = staging;
        self.lake.merge(lake);
        for (d, r) in &outcomes {
            if r.is_ok() && !self.loaded.contains(d) {
                self.loaded.push(*d);
            }
        }
        self.version += 1;
        self.index = index.unwrap_or_else(|| self.lake.index());
        self.cube = OnceLock::new();
        Ok(outcomes)
    }

    /// An empty engine with these settings.
    pub fn empty(options: Options) -> Engine {
        Engine::new(Lake::default(), options)
    }

    /// Decodes and adds one dataset's files, all or nothing, and rebuilds the index.
    ///
    /// # Errors
    /// As [`Lake::add_dataset`]; on error the engine is unchanged.
    pub fn add_dataset(
        &mut self,
        dataset: Dataset,
        files: Vec<(String, Bytes)>,
    ) -> Result<u64, EngineError> {
        let rows = self.lake.add_dataset(dataset, files)?;
        if !self.loaded.contains(&dataset) {
            self.loaded.push(dataset);
        }
        self.version += 1;
        self.index = self.lake.index();
        self.cube = OnceLock::new();
        Ok(rows)
    }

    /// Adds several datasets (each all or nothing) and rebuilds the index once. Returns each
    /// dataset's outcome in order.
    pub fn add_datasets(
        &mut self,
        batch: Vec<(Dataset, Vec<(String, Bytes)>)>,
    ) -> Vec<(Dataset, Result<u64, EngineError>)> {
        let out = batch
            .into_iter()
            .map(|(dataset, files)| {
                let r = self.lake.add_dataset(dataset, files);
                if r.is_ok() && !self.loaded.contains(&dataset) {
                    self.loaded.push(dataset);
                }
                (dataset, r)
            })
            .collect();
        self.version += 1;
        self.index = self.lake.index();
        self.cube = OnceLock::new();
        out
    }

    /// Datasets added so far (a dataset with zero rows counts once added).
    pub fn loaded(&self) -> &[Dataset] {
        &self.loaded
    }

    /// Whether `dataset` has been added.
    pub fn has(&self, dataset: Dataset) -> bool {
        self.loaded.contains(&dataset)
    }

    /// The columns.
    pub fn lake(&self) -> &Lake {
        &self.lake
    }

    /// The derived links.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// KPI settings.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The rows of every table that `filter` selects.
    ///
    /// # Errors
    /// [`FilterError`] when the filter itself is malformed (a bad date, an inverted range).
    pub fn select(&self, filter: &Filter) -> Result<Selection, FilterError> {
        Ok(filter.resolve(&self.lake)?.select(&self.lake, &self.index))
    }

    /// First and last day holding contacts, surveys, reviews or complaints; `None` when empty.
    /// Kept in the index: every filter change asks for it several times (ranges, steps, the
    /// previous period), and scanning 17 M timestamps took ~11 ms each time at scale 100.
    pub fn data_days(&self) -> Option<(i32, i32)> {
        self.index.data_days
    }

    fn cube(&self) -> Option<&Cube> {
        self.cube
            .get_or_init(|| Cube::build(&self.lake, &self.index, &self.options).map(Arc::new))
            .as_deref()
    }

    /// Builds *Resumen*'s cells now (else on the first [`Engine::quick`]); the cells held, or
    /// `None` when no cube can be built ([`crate::MAX_GRID_SLOTS`]).
    pub fn prepare_quick(&self) -> Option<usize> {
        self.cube().map(Cube::cells)
    }

    /// Begins building *Resumen*'s cells in bounded steps ([`Engine::quick_step`], then
    /// [`Engine::quick_finish`]), so a page can let the browser paint between the steps.
    pub fn quick_build(&self) -> QuickBuild {
        let builder = match self.cube.get() {
            Some(_) => None, // built already
            None => Builder::start(&self.lake, &self.index, &self.options),
        };
        QuickBuild {
            version: self.version,
            impossible: builder.is_none() && self.cube.get().is_none(),
            builder,
        }
    }

    /// Sums the next rows into the cells (a bounded number); `true` when nothing is left to do (done, built
    /// already, impossible, or rows were added since the build began — then it is dropped).
    pub fn quick_step(&self, b: &mut QuickBuild) -> bool {
        if b.version != self.version {
            b.builder = None;
            b.impossible = false;
            return true;
        }
        match &mut b.builder {
            Some(x) if !x.done() && x.fits(&self.lake, &self.index) => {
                x.step(&self.lake, &self.index, &self.options);
                x.done()
            }
            _ => true,
        }
    }

    /// Keeps the cells [`Engine::quick_step`] built (if they are of these rows and complete).
    pub fn quick_finish(&self, b: QuickBuild) {
        if b.version != self.version {
            return;
        }
        match b.builder {
            Some(x) if x.done() && x.fits(&self.lake, &self.index) => {
                let _ = self.cube.set(Some(Arc::new(x.finish())));
            }
            None if b.impossible => {
                let _ = self.cube.set(None);
            }
            _ => {}
        }
    }

    /// *Resumen*'s and *NPS*'s figures of `filter` from the pre-aggregated cells — the cost of
    /// the cells, not of the rows; the same figures as [`Engine::headline`],
    /// [`Engine::headline_series`], [`Engine::volume`], [`Engine::surveys`],
    /// [`Engine::nps_series`] and [`Engine::nps_by`] of its selection. `None` when the filter
    /// has a condition the cells cannot answer (agents, teams, categories, platforms, weekdays,
    /// hours), is malformed, or no cube could be built: then select the rows.
    pub fn quick(&self, filter: &Filter) -> Option<Quick<'_>> {
        let r = filter.resolve(&self.lake).ok()?;
        r.cube_days()?;
        Quick::new(self.cube()?, &self.lake, &r)
    }

    /// As [`Engine::quick`], but only once the cells are built (never builds them here: a page
    /// answers from the rows meanwhile and builds them in steps, [`Engine::quick_build`]).
    pub fn quick_built(&self, filter: &Filter) -> Option<Quick<'_>> {
        let cube = self.cube.get()?.as_deref()?;
        let r = filter.resolve(&self.lake).ok()?;
        r.cube_days()?;
        Quick::new(cube, &self.lake, &r)
    }

    /// Whether the cells were built, or found impossible, since the rows last changed.
    pub fn quick_settled(&self) -> bool {
        self.cube.get().is_some()
    }

    /// Bumped whenever rows are added (with the store's generation for swapped engines, it tells
    /// whether row numbers taken earlier still hold).
    pub fn version(&self) -> u64 {
        self.version
    }
}

impl Engine {
    /// The days a filter covers: its own bounds, the data's where it has none.
    ///
    /// # Errors
    /// As [`Engine::select`].
    pub fn range_of(&self, filter: &Filter) -> Result<Option<(i32, i32)>, FilterError> {
        let (from, to) = filter.days()?;
        let data = self.data_days();
        Ok(
            match (from.or(data.map(|d| d.0)), to.or(data.map(|d| d.1))) {
                (Some(f), Some(t)) if f <= t => Some((f, t)),
                _ => None,
            },
        )
    }

    /// The filter over the previous period of equal length, when that period lies wholly within
    /// the data (a period that starts before the data would compare with a partial one).
    ///
    /// # Errors
    /// As [`Engine::select`].
    pub fn previous(&self, filter: &Filter) -> Result<Option<Filter>, FilterError> {
        let Some((from, to)) = self.range_of(filter)? else {
            return Ok(None);
        };
        let first = self.data_days().map_or(i32::MAX, |d| d.0);
        Ok((from - (to - from + 1) >= first).then(|| filter.shifted_before(from, to)))
    }

    /// The time step for a chart over the filter's range ([`Granularity::auto`]).
    pub fn auto_step(&self, filter: &Filter) -> Granularity {
        match self.range_of(filter) {
            Ok(Some((f, t))) => Granularity::auto(i64::from(t) - i64::from(f) + 1),
            _ => Granularity::Month,
        }
    }

    /// "Now" for open items, as a day number.
    pub fn today(&self) -> i32 {
        day_of_ms(self.options.as_of_ms - 1)
    }

    /// Refuses, from now on, files with an event outside the days `first..=last` (see
    /// [`Lake::set_period`]).
    pub fn set_period(&mut self, first: i32, last: i32) {
        self.lake.set_period(first, last);
    }

    /// Options for a published period ending on day `last` (inclusive): service level at 20 s,
    /// open items judged at the start of the next day.
    pub fn options_for(last_day: i32) -> Options {
        Options {
            service_level_s: 20,
            as_of_ms: (i64::from(last_day) + 1) * MS_PER_DAY,
        }
    }
}

/// The per-page questions, each over a selection from [`Engine::select`].
impl Engine {
    /// The *Resumen* tiles.
    pub fn headline(&self, sel: &Selection) -> Headline {
        headline::headline(&self.lake, &self.index, sel, &self.options)
    }

    /// The tiles per time step (sparklines).
    pub fn headline_series(&self, sel: &Selection, step: Granularity) -> Vec<Step<Headline>> {
        headline::headline_series(&self.lake, &self.index, sel, &self.options, step)
    }

    /// Contacts per time step and channel.
    pub fn volume(&self, sel: &Selection, step: Granularity) -> Vec<VolumeCell> {
        volume::volume_by(&self.lake, sel, step)
    }

    /// The channels side by side.
    pub fn channels(&self, sel: &Selection) -> Vec<ChannelRow> {
        channels::channel_rows(&self.lake, sel, &self.options)
    }

    /// Contacts by weekday (0 = Monday) and hour.
    pub fn contacts_by_hour(&self, sel: &Selection) -> [[u64; 24]; 7] {
        channels::contacts_by_hour(&self.lake, sel)
    }

    /// Survey KPIs (CSAT, NPS, CES).
    pub fn surveys(&self, sel: &Selection) -> SurveyKpis {
        surveys::survey_kpis(&self.lake, &sel.surveys)
    }

    /// NPS per time step.
    pub fn nps_series(&self, sel: &Selection, step: Granularity) -> Vec<Step<Option<Nps>>> {
        surveys::nps_series(&self.lake, &sel.surveys, step)
    }

    /// NPS per channel, segment or region.
    pub fn nps_by(&self, sel: &Selection, by: NpsBy) -> Vec<NpsGroup> {
        surveys::nps_by(&self.lake, &self.index, &sel.surveys, by)
    }

    /// Key drivers of NPS.
    pub fn drivers(&self, sel: &Selection) -> Vec<Driver> {
        drivers::drivers(&self.lake, &self.index, &sel.surveys)
    }

    /// Agent scorecards with their quartile in the team.
    pub fn agents(&self, sel: &Selection) -> Vec<AgentCard> {
        agents::agent_cards(&self.lake, sel)
    }

    /// What changed (*Qué cambió*).
    pub fn insights(&self, sel: &Selection) -> Vec<Insight> {
        insights::insights(&self.lake, sel, &self.options)
    }

    /// The findings of one detector of [`Engine::insights`] ([`insights::detect`]); ranked
    /// together by [`insights::rank`] they are [`Engine::insights`].
    pub fn insights_of(&self, sel: &Selection, detector: usize) -> Vec<Insight> {
        insights::detect(&self.lake, sel, &self.options, detector)
    }

    /// Ticket KPIs of the selection.
    pub fn tickets(&self, sel: &Selection) -> TicketKpis {
        tickets::ticket_kpis(&self.lake, &self.index, &sel.tickets, &self.options)
    }

    /// Ticket KPIs per priority, category or channel.
    pub fn ticket_groups(&self, sel: &Selection, by: TicketBy) -> Vec<TicketGroup> {
        tickets::ticket_groups(&self.lake, &self.index, &sel.tickets, &self.options, by)
    }

    /// Ticket KPIs per time step (by creation).
    pub fn ticket_series(&self, sel: &Selection, step: Granularity) -> Vec<Step<TicketKpis>> {
        self.per_step(sel, step, |part| self.tickets(part))
    }

    /// Open tickets by age band.
    pub fn ticket_backlog(&self, sel: &Selection) -> Vec<(&'static str, u64)> {
        tickets::ticket_backlog(&self.lake, &sel.tickets, &self.options)
    }

    /// Open tickets past their target now: the total and the first `limit`.
    pub fn ticket_breaches(&self, sel: &Selection, limit: usize) -> (usize, Vec<Breach>) {
        tickets::ticket_breaches(&self.lake, &sel.tickets, &self.options, limit)
    }

    /// Complaint-book KPIs of the selection.
    pub fn complaints(&self, sel: &Selection) -> ComplaintKpis {
        complaints::complaint_kpis(&self.lake, &sel.complaints, &self.options)
    }

    /// Complaint-book entries per tipo, product, channel or branch.
    pub fn complaint_groups(&self, sel: &Selection, by: ComplaintBy) -> Vec<ComplaintGroup> {
        complaints::complaint_groups(&self.lake, &sel.complaints, &self.options, by)
    }

    /// Complaint-book KPIs per time step (by filing day).
    pub fn complaint_series(&self, sel: &Selection, step: Granularity) -> Vec<Step<ComplaintKpis>> {
        self.per_step(sel, step, |part| self.complaints(part))
    }

    /// Open entries by due date with business days left.
    pub fn deadlines(&self, sel: &Selection) -> Vec<Deadline> {
        complaints::deadline_list(&self.lake, &sel.complaints, &self.options)
    }

    /// Amounts claimed: `(entries with an amount, sum, median)` in céntimos.
    pub fn complaint_amounts(&self, sel: &Selection) -> (u64, i64, Option<i64>) {
        complaints::amounts(&self.lake, &sel.complaints)
    }

    /// Reviews overall (first) and per platform.
    pub fn reviews(&self, sel: &Selection) -> Vec<ReviewStats> {
        reviews::review_stats(&self.lake, &sel.reviews)
    }

    /// Reviews per branch, lowest-rated first.
    pub fn review_branches(&self, sel: &Selection) -> Vec<ReviewStats> {
        reviews::branch_stats(&self.lake, &sel.reviews)
    }

    /// Reviews per time step: overall first, then per platform, as [`Engine::reviews`].
    pub fn review_series(&self, sel: &Selection, step: Granularity) -> Vec<Step<Vec<ReviewStats>>> {
        self.per_step(sel, step, |part| self.reviews(part))
    }

    /// Customers, contacts, CSAT and NPS per segment or department.
    pub fn customer_groups(&self, sel: &Selection, by: CustomerBy) -> Vec<CustomerGroup> {
        customers::customer_groups(&self.lake, &self.index, sel, by)
    }

    /// Customers per tenure band.
    pub fn tenure(&self, sel: &Selection) -> Vec<(&'static str, u64)> {
        customers::tenure(&self.lake, sel, &self.options)
    }

    /// Customers per number of contacts, and those with at least `min` (the first `limit`, and
    /// how many there are).
    pub fn repeat_contacters(
        &self,
        sel: &Selection,
        min: u32,
        limit: usize,
    ) -> (Vec<(&'static str, u64)>, usize, Vec<Repeater>) {
        customers::repeat_contacters(&self.lake, &self.index, sel, min, limit)
    }

    fn per_step<T>(
        &self,
        sel: &Selection,
        step: Granularity,
        f: impl Fn(&Selection) -> T,
    ) -> Vec<Step<T>> {
        sel.split(&self.lake, step)
            .into_iter()
            .map(|(start, part)| Step {
                start,
                label: step.label(start),
                value: f(&part),
            })
            .collect()
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            service_level_s: 20,
            as_of_ms: i64::MAX,
        }
    }
}
