//! The data store: reads the manifest once, loads each dataset the first time a page needs it
//! and keeps it (the engine with its index, the texts and their scores) for the whole visit, so
//! returning to a page never downloads or classifies again.
//!
//! It lives at the root of the app: its signals are never disposed, so the loading tasks it
//! starts may finish after the page that asked has gone. Classification is the one long task a
//! page drives: it runs only while [`Store::classify`]'s caller wants it (a run number, bumped by
//! [`Store::stop_classifying`], ends the loop between two chunks).

use std::collections::BTreeMap;
use std::sync::Arc;

use cx_engine::texts::{
    score_range, sentiment_report, Focus, Scored, SentimentReport, Tally, TextSource, Texts,
};
use cx_engine::{Dataset, Engine, Manifest, Records};
use futures::future::join_all;
use futures::stream::{FuturesUnordered, StreamExt};
use leptos::prelude::*;

use crate::api::{fetch_dataset, fetch_manifest_dated, DatasetError};
use crate::labels;
use crate::state::Shared;

/// Where a dataset stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Being fetched and decoded.
    Loading,
    /// In the engine.
    Ready,
    /// Failed, with the reason in plain words.
    Failed(crate::i18n::Text),
}

/// Decoding time between two yields to the browser while loading, ms (the yield comes after the
/// batch of 64 Ki rows that passes it).
const DECODE_SLICE_MS: f64 = 40.0;

/// Texts classified between two yields to the browser.
pub const CHUNK: usize = 800;
/// How often partial scores are published while classifying, ms.
const REFRESH_MS: f64 = 400.0;

/// Classification progress of the current run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Progress {
    /// Texts of the current selection already scored.
    pub done: usize,
    /// Texts of the current selection.
    pub total: usize,
    /// Time spent in this run, ms.
    pub elapsed_ms: f64,
    /// Longest chunk, ms (how long the page was busy at once).
    pub longest_chunk_ms: f64,
    /// Whether a run is going on.
    pub running: bool,
    /// Whether the texts are scored in the worker (else on the page, in small chunks).
    pub in_worker: bool,
}

/// The app's data.
#[derive(Clone, Copy)]
pub struct Store {
    base: StoredValue<String>,
    /// The manifest, once read (or why not).
    pub manifest: RwSignal<Option<Result<Shared<Manifest>, DatasetError>>>,
    /// Everything loaded, with its index.
    pub engine: RwSignal<Shared<Engine>>,
    /// Per dataset: loading, ready or failed.
    pub status: RwSignal<BTreeMap<Dataset, Status>>,
    /// The customer texts, once loaded.
    pub texts: RwSignal<Option<Shared<Texts>>>,
    /// Per text dataset: loading, ready or failed.
    pub text_status: RwSignal<BTreeMap<Dataset, Status>>,
    scores: StoredValue<Vec<Option<Scored>>>,
    /// The counts of the current run's texts (and which texts), kept up to date chunk by chunk.
    tally: StoredValue<Option<(Vec<usize>, Tally)>>,
    /// Bumped whenever scores are published.
    pub scores_version: RwSignal<u64>,
    run: StoredValue<u64>,
    /// Progress of the current classification.
    pub progress: RwSignal<Progress>,
    /// Every column of the datasets opened in the explorer.
    pub records: RwSignal<BTreeMap<Dataset, Result<Shared<Records>, crate::i18n::Text>>>,
    records_asked: StoredValue<Vec<Dataset>>,
    /// A newer publication seen on the server, not applied yet.
    pub newer: RwSignal<Option<Newer>>,
    /// Whether a newer publication is being loaded.
    pub applying: RwSignal<bool>,
    checking: StoredValue<bool>,
    /// Bumped whenever the data is swapped ([`Store::apply_newer`], [`Store::use_local`]): a
    /// load started before drops its result.
    generation: StoredValue<u64>,
    /// The user's own files, when they are the source ([`crate::local`]).
    local: StoredValue<Option<Arc<crate::api::LocalFiles>>>,
    /// What became of each local file picked or dropped, and whether they are kept.
    pub local_notes: RwSignal<Vec<crate::local::Note>>,
    /// Local files in use: how many and their bytes.
    pub local_info: RwSignal<Option<(usize, u64)>>,
    /// What the page asked for and this tab cannot hold ([`crate::memory`]), until a narrower
    /// period is chosen or a page that fits is opened.
    pub too_big: RwSignal<Option<crate::memory::TooBig>>,
    /// The months held when a narrower period was chosen ([`Store::narrow`]), of how many.
    pub window: RwSignal<Option<(usize, usize)>>,
    /// The publication (or the user's files) as read, before any narrowing.
    full: StoredValue<Option<Shared<Manifest>>>,
    /// Datasets asked for and not taken by the loader yet ([`Store::need`]).
    queue: StoredValue<Vec<Dataset>>,
    /// Whether the loader runs.
    loading: StoredValue<bool>,
    /// Bumped when the engine's pre-aggregated cells are built ([`Store::ensure_quick`]): the
    /// pages reading them recompute from the cells.
    pub quick_version: RwSignal<u64>,
    quick_running: StoredValue<bool>,
    /// The publication's first-paint figures ([`cx_engine::Summary`]), once fetched and checked;
    /// cleared when the data is swapped.
    pub summary: RwSignal<Option<Shared<cx_engine::Summary>>>,
    /// How many open pages read the engine's pre-aggregated cells ([`Engine::quick`]), and of
    /// them how many show their first figures from the publication's summary: with one of those,
    /// the loader builds the cells before it says the datasets are in (the page waits on its
    /// preview, and then draws once, from the cells); with the others, after
    /// ([`Store::want_quick`]).
    quick_wanted: StoredValue<(u32, u32)>,
}

/// A publication newer than the one shown.
#[derive(Clone, PartialEq)]
pub struct Newer {
    /// Its manifest.
    pub manifest: Shared<Manifest>,
    /// When it was published (the manifest's `Last-Modified`, as the server sent it).
    pub published: Option<String>,
}

/// How often the manifest is revalidated while the page is open, ms (also whenever the tab
/// regains focus or becomes visible).
pub const CHECK_EVERY_MS: u32 = 3 * 60 * 1000;

impl Store {
    /// Creates the store for the data under `base`, starts reading the manifest and provides
    /// the store as context.
    pub fn provide(base: String) -> Store {
        let store = Store {
            base: StoredValue::new(base.clone()),
            manifest: RwSignal::new(None),
            engine: RwSignal::new(Shared(Arc::new(Engine::default()))),
            status: RwSignal::new(BTreeMap::new()),
            texts: RwSignal::new(None),
            text_status: RwSignal::new(BTreeMap::new()),
            scores: StoredValue::new(Vec::new()),
            tally: StoredValue::new(None),
            scores_version: RwSignal::new(0),
            run: StoredValue::new(0),
            progress: RwSignal::new(Progress::default()),
            records: RwSignal::new(BTreeMap::new()),
            records_asked: StoredValue::new(Vec::new()),
            newer: RwSignal::new(None),
            applying: RwSignal::new(false),
            checking: StoredValue::new(false),
            generation: StoredValue::new(0),
            local: StoredValue::new(None),
            local_notes: RwSignal::new(Vec::new()),
            local_info: RwSignal::new(None),
            too_big: RwSignal::new(None),
            window: RwSignal::new(None),
            full: StoredValue::new(None),
            queue: StoredValue::new(Vec::new()),
            loading: StoredValue::new(false),
            quick_wanted: StoredValue::new((0, 0)),
            summary: RwSignal::new(None),
            quick_version: RwSignal::new(0),
            quick_running: StoredValue::new(false),
        };
        store.read_manifest();
        store.watch();
        provide_context(store);
        store
    }

    /// Revalidates the manifest every [`CHECK_EVERY_MS`] and when the tab regains focus or
    /// becomes visible. The store lives as long as the page: so do these.
    fn watch(&self) {
        let store = *self;
        let _ = set_interval_with_handle(
            move || store.check_newer(),
            std::time::Duration::from_millis(u64::from(CHECK_EVERY_MS)),
        );
        let on_focus = window_event_listener(leptos::ev::focus, move |_| store.check_newer());
        let on_visible =
            window_event_listener(leptos::ev::visibilitychange, move |_| store.check_newer());
        // Root listeners: kept for the page's life.
        std::mem::forget((on_focus, on_visible));
    }

    /// Asks the server whether the manifest changed (`If-None-Match`); a different one becomes
    /// [`Store::newer`].
    pub fn check_newer(&self) {
        let Some(Some(Ok(shown))) = self.manifest.try_get_untracked() else {
            return;
        };
        // The publication as read, not the months held of it.
        let current = self.full.try_get_value().flatten().unwrap_or(shown);
        if self.is_local() {
            return;
        }
        if self.checking.get_value() || self.applying.get_untracked() {
            return;
        }
        self.checking.set_value(true);
        let store = *self;
        let base = self.base();
        let g = self.generation.get_value();
        leptos::task::spawn_local(async move {
            let seen = fetch_manifest_dated(&base, true).await;
            // Swapped meanwhile (the user's files opened, a publication applied): not news.
            let seen = seen.ok().filter(|_| store.current(g) && !store.is_local());
            if let Some((m, published)) = seen {
                let changed = m != *current.0;
                let known = store
                    .newer
                    .with_untracked(|n| n.as_ref().is_some_and(|n| *n.manifest.0 == m));
                if changed && !known {
                    store.newer.set(Some(Newer {
                        manifest: Shared(Arc::new(m)),
                        published,
                    }));
                } else if !changed {
                    store.newer.set(None);
                }
            }
            store.checking.set_value(false);
        });
    }

    /// Loads the newer publication's files of every dataset loaded now, then swaps them in at
    /// once: the page, the filters and the scroll position stay. The texts and the explorer's
    /// records are read again when next needed.
    pub fn apply_newer(&self) {
        let Some(newer) = self.newer.get_untracked() else {
            return;
        };
        if self.applying.get_untracked() {
            return;
        }
        self.applying.set(true);
        let store = *self;
        let base = self.base();
        let loaded: Vec<Dataset> = self.status.with_untracked(|s| {
            s.iter()
                .filter(|(_, st)| **st == Status::Ready)
                .map(|(d, _)| *d)
                .collect()
        });
        let months = self.window.get_untracked().map(|(n, _)| n);
        leptos::task::spawn_local(async move {
            store.full.set_value(Some(newer.manifest.clone()));
            let m = store.narrowed(&newer.manifest, months);
            let mut engine = engine_for(&m);
            let fetched = join_all(loaded.iter().map(|d| fetch_dataset(&base, &m, *d, None))).await;
            let mut batch = Vec::new();
            let mut status = BTreeMap::new();
            for (d, r) in loaded.iter().zip(fetched) {
                match r {
                    Ok(files) => batch.push((*d, files)),
                    Err(e) => {
                        status.insert(*d, Status::Failed(e.reason));
                    }
                }
            }
            for (d, r) in engine.add_datasets(batch) {
                let st = match r {
                    Ok(_) => Status::Ready,
                    Err(e) => Status::Failed(crate::i18n::Text::both(|| labels::engine_error(&e))),
                };
                status.insert(d, st);
            }
            let scroll = web_sys::window().and_then(|w| w.scroll_y().ok());
            store.swap(m, engine, status);
            store.applying.set(false);
            if let (Some(w), Some(y)) = (web_sys::window(), scroll) {
                w.scroll_to_with_x_and_y(0.0, y);
            }
        });
    }

    /// Replaces the data at once: the manifest, the engine with the datasets already loaded
    /// (`status`); texts and the explorer's records are read again when next needed.
    fn swap(&self, m: Shared<Manifest>, engine: Engine, status: BTreeMap<Dataset, Status>) {
        self.generation.update_value(|g| *g += 1);
        self.summary.set(None);
        self.too_big.set(None);
        self.queue.set_value(Vec::new());
        self.loading.set_value(false);
        self.stop_classifying();
        self.scores.set_value(Vec::new());
        self.tally.set_value(None);
        self.texts.set(None);
        self.text_status.set(BTreeMap::new());
        self.records.set(BTreeMap::new());
        self.records_asked.set_value(Vec::new());
        self.engine.set(Shared(Arc::new(engine)));
        self.status.set(status);
        self.manifest.set(Some(Ok(m)));
        self.newer.set(None);
    }

    /// The user's files in use, with their manifest.
    pub fn local_lake(&self) -> Option<crate::local::LocalLake> {
        let files = self.local_files()?;
        // The files as opened, not the months held of them.
        let m = self.full.try_get_value().flatten().or_else(|| {
            self.manifest
                .try_get_untracked()
                .flatten()
                .and_then(Result::ok)
        })?;
        Some(crate::local::LocalLake {
            manifest: (*m.0).clone(),
            files,
        })
    }

    /// Whether the user's own files are the source.
    pub fn is_local(&self) -> bool {
        self.local.with_value(Option::is_some)
    }

    /// Makes the user's own files the source: every page reads them from now on (nothing is
    /// downloaded). With `keep`, they are also kept in this browser for the next visits.
    pub fn use_local(&self, lake: crate::local::LocalLake) {
        let info = (lake.files.len(), lake.bytes());
        self.local.set_value(Some(lake.files.clone()));
        self.local_info.set(Some(info));
        let engine = engine_for(&lake.manifest);
        let m = Shared(Arc::new(lake.manifest));
        self.full.set_value(Some(m.clone()));
        self.window.set(None);
        self.swap(m, engine, BTreeMap::new());
    }

    /// `m` narrowed to its last `months` (as is when `None` or when that leaves nothing out),
    /// and [`Store::window`] set to match.
    fn narrowed(&self, m: &Shared<Manifest>, months: Option<usize>) -> Shared<Manifest> {
        let of = m.0.months().len();
        match months.and_then(|n| Some((n, m.0.last_months(n)?))) {
            Some((n, narrow)) => {
                self.window.set(Some((n, of)));
                Shared(Arc::new(narrow))
            }
            None => {
                self.window.set(None);
                m.clone()
            }
        }
    }

    /// Holds only the last `months` of the data (the choice offered when it cannot hold it
    /// all): the datasets are read again, those months' files only.
    pub fn narrow(&self, months: usize) {
        let Some(full) = self
            .full
            .get_value()
            .or_else(|| self.manifest.get_untracked().and_then(Result::ok))
        else {
            return;
        };
        let m = self.narrowed(&full, Some(months));
        let engine = engine_for(&m.0);
        self.swap(m, engine, BTreeMap::new());
    }

    /// One file of `dataset`'s: from the user's files, else downloaded (and checked).
    ///
    /// # Errors
    /// Why it could not be had.
    pub async fn file_bytes(
        &self,
        dataset: &str,
        f: &cx_engine::FileEntry,
    ) -> Result<bytes::Bytes, crate::i18n::Text> {
        if let Some(local) = self.local_files() {
            return local.get(&f.path).cloned().ok_or_else(|| {
                crate::i18n::Text::new(
                    format!("{} no está entre tus archivos", f.path),
                    format!("{} is not among your files", f.path),
                )
            });
        }
        crate::api::file_bytes(&self.base(), dataset, f).await
    }

    /// Whether the data is still the one of generation `g` (the store alive, nothing swapped).
    fn current(&self, g: u64) -> bool {
        self.generation.try_get_value() == Some(g)
    }

    fn local_files(&self) -> Option<Arc<crate::api::LocalFiles>> {
        self.local.get_value()
    }

    /// Reads the manifest; once read, the engine judges open items at the end of its period.
    fn read_manifest(&self) {
        let store = *self;
        let base = self.base();
        leptos::task::spawn_local(async move {
            if let Some((lake, _, _)) = crate::local::embedded() {
                store.use_local(lake);
                return;
            }
            if crate::api::local_requested() {
                match crate::local::load().await {
                    Some(lake) => store.use_local(lake),
                    None => store.manifest.set(Some(Err(DatasetError {
                        dataset: "datos=locales".into(),
                        reason: crate::i18n::Text::new(
                            "no hay archivos tuyos guardados en este navegador: ábrelos desde el panel Datos, o quita datos=locales de la dirección para ver los datos publicados",
                            "no files of yours are kept in this browser: open them from the Data panel, or remove datos=locales from the address to see the published data",
                        ),
                    }))),
                }
                return;
            }
            let m = fetch_manifest_dated(&base, false).await.map(|(m, _)| m);
            if let Ok(m) = &m {
                store.engine.set(Shared(Arc::new(engine_for(m))));
            }
            let m = m.map(|m| Shared(Arc::new(m)));
            store.full.set_value(m.clone().ok());
            store.manifest.set(Some(m.clone()));
            // The first paint's figures, while the rows download.
            if let Ok(m) = m {
                let g = store.generation.get_value();
                match crate::api::fetch_summary(&base, &m).await {
                    Some(Ok(s)) if store.current(g) => store.summary.set(Some(Shared(Arc::new(s)))),
                    Some(Err(e)) => leptos::logging::warn!("{e}"),
                    _ => {}
                }
            }
        });
    }

    /// Where the data comes from.
    pub fn base(&self) -> String {
        self.base.get_value()
    }

    /// Starts loading whichever of `datasets` is not loaded, loading or failed yet. Does nothing
    /// until the manifest is read.
    pub fn need(&self, datasets: &[Dataset]) {
        let Some(Ok(manifest)) = self.manifest.get_untracked() else {
            return;
        };
        let missing: Vec<Dataset> = self.status.with_untracked(|s| {
            datasets
                .iter()
                .copied()
                .filter(|d| !s.contains_key(d))
                .collect()
        });
        if missing.is_empty() {
            return;
        }
        // Weighed before anything is downloaded: what is held now (its rows: its files were freed
        // once decoded) and what is loading or asked for (rows and files).
        // A dataset over a cap of its own fails with that cap named, below: it weighs nothing.
        let in_cap = |d: &Dataset| {
            manifest
                .0
                .dataset(d.name())
                .is_some_and(|e| e.check_caps().is_ok())
        };
        let of = |want: &dyn Fn(&Status) -> bool| -> Vec<Dataset> {
            self.status.with_untracked(|s| {
                s.iter()
                    .filter(|(d, st)| want(st) && in_cap(d))
                    .map(|(d, _)| *d)
                    .collect()
            })
        };
        let ready = of(&|st| *st == Status::Ready);
        let mut coming = of(&|st| *st == Status::Loading);
        coming.extend(missing.iter().copied().filter(in_cap));
        let budget = crate::memory::budget();
        let needed = manifest
            .0
            .held_bytes(&ready)
            .saturating_add(manifest.0.footprint(&coming));
        if needed > budget {
            let mut held = ready;
            held.extend(coming);
            let too_big = crate::memory::TooBig {
                // A narrower period is read anew: every dataset with its files.
                options: manifest.0.narrower(&held, budget),
                months: manifest.0.months().len(),
                splits: manifest.0.splits_by_month(),
                datasets: held,
                needed,
                budget,
            };
            if self
                .too_big
                .with_untracked(|t| t.as_ref() != Some(&too_big))
            {
                self.too_big.set(Some(too_big));
            }
            return;
        }
        if self.too_big.with_untracked(Option::is_some) {
            self.too_big.set(None);
        }
        self.status.update(|s| {
            for d in &missing {
                s.insert(*d, Status::Loading);
            }
        });
        self.queue.update_value(|q| q.extend(missing));
        if self.loading.get_value() {
            return; // the loader running takes them next
        }
        self.loading.set_value(true);
        let store = *self;
        let g = self.generation.get_value();
        leptos::task::spawn_local(async move {
            store.load_queued(g).await;
            // After a swap the loop of the new data owns the flag.
            if store.current(g) {
                store.loading.set_value(false);
                // The cells a page reading them wants, when the loader did not build them.
                if store.quick_wanted.get_value().0 > 0 {
                    store.ensure_quick();
                }
            }
        });
    }

    /// Loads the queued datasets, batch after batch, until none is left. One loader at a time,
    /// so each batch is decoded against the engine's dictionaries as they stand. A batch's files
    /// are fetched in parallel; each dataset is decoded as soon as its files are in (the others
    /// still downloading), file by file, letting the browser paint and answer every
    /// [`DECODE_SLICE_MS`]; the index the engine will have is then built in steps, and the engine
    /// takes the batch and the index at once.
    ///
    /// A loop serves one generation of the data: a swap ([`Store::swap`]) hands the flag and the
    /// queue to a new loop at once, and this one ends when its downloads return, keeping nothing.
    async fn load_queued(self, g: u64) {
        loop {
            if !self.current(g) {
                return;
            }
            let batch = self
                .queue
                .try_update_value(std::mem::take)
                .unwrap_or_default();
            if batch.is_empty() {
                return;
            }
            let Some(Some(Ok(manifest))) = self.manifest.try_get_untracked() else {
                self.queue.update_value(|q| q.extend(batch));
                return;
            };
            let (base, local) = (self.base(), self.local_files());
            let mut arriving: FuturesUnordered<_> = batch
                .iter()
                .map(|d| {
                    let (d, base, manifest, local) =
                        (*d, base.clone(), manifest.clone(), local.clone());
                    async move {
                        (
                            d,
                            fetch_dataset(&base, &manifest, d, local.as_deref()).await,
                        )
                    }
                })
                .collect();
            let mut staging = self.engine.with_untracked(|e| e.0.staging());
            let mut failed = Vec::new();
            let mut slice = now_ms();
            while let Some((d, r)) = arriving.next().await {
                if !self.current(g) {
                    break;
                }
                let files = match r {
                    Ok(files) => files,
                    Err(e) => {
                        failed.push((d, e.reason));
                        continue;
                    }
                };
                let mut load = Ok(staging.begin(d));
                // A batch (64 Ki rows) at a time: one file of 1.5 M customers is ≈ 0.5 s.
                'files: for (file, bytes) in files {
                    let opened = match &load {
                        Ok(l) => l.open_file(file, bytes),
                        Err(_) => break,
                    };
                    let mut f = match opened {
                        Ok(f) => f,
                        Err(e) => {
                            load = Err(e);
                            break;
                        }
                    };
                    loop {
                        let Ok(l) = &mut load else { break 'files };
                        match l.add_batch(&mut f) {
                            Ok(true) => break,
                            Ok(false) => {}
                            Err(e) => {
                                load = Err(e);
                                break 'files;
                            }
                        }
                        // A hidden tab paints nothing, and its timers are throttled to one a
                        // second.
                        if now_ms() - slice >= DECODE_SLICE_MS && !hidden() {
                            yield_to_browser().await;
                            slice = now_ms();
                            if !self.current(g) {
                                break 'files;
                            }
                        }
                    }
                }
                staging.end(d, load);
            }
            drop(arriving);
            if !self.current(g) {
                return; // swapped meanwhile: these were the old data's; a new loop has the new's
            }
            if !staging.adds_anything() {
                // Every dataset failed: nothing to add, no index to rebuild.
                self.status.update(|s| {
                    for (d, reason) in failed {
                        s.insert(d, Status::Failed(reason));
                    }
                });
                continue;
            }
            // The index the engine will have, built ahead in steps of bounded rows (≈ 0.6 s of
            // work at scale 100), letting the browser paint and answer every DECODE_SLICE_MS.
            let mut build = self.engine.with_untracked(|e| e.0.index_build(&staging));
            loop {
                let done = self
                    .engine
                    .with_untracked(|e| e.0.index_step(&staging, &mut build));
                if done {
                    break;
                }
                if now_ms() - slice >= DECODE_SLICE_MS && !hidden() {
                    yield_to_browser().await;
                    slice = now_ms();
                    if !self.current(g) {
                        return;
                    }
                }
            }
            // In place: the engine is copied only if something still holds the previous one.
            let mut committed = Ok(Vec::new());
            self.engine
                .update(|e| committed = Arc::make_mut(&mut e.0).commit_indexed(staging, build));
            let Ok(outcomes) = committed else {
                // Rows were added by another path meanwhile: decode this batch again.
                self.queue.update_value(|q| q.extend(batch));
                continue;
            };
            // Let the browser paint and answer before the pages waiting for these datasets
            // compute their figures.
            if !hidden() {
                yield_to_browser().await;
            }
            if !self.current(g) {
                return;
            }
            // *Resumen*'s cells (≈ 0.4–0.6 s natively at scale 100), in steps of bounded rows,
            // yielding every DECODE_SLICE_MS.
            if self.quick_wanted.get_value().1 > 0 {
                let mut build = self.engine.with_untracked(|e| e.0.quick_build());
                let mut slice = now_ms();
                loop {
                    if now_ms() - slice >= DECODE_SLICE_MS && !hidden() {
                        yield_to_browser().await;
                        slice = now_ms();
                    }
                    if !self.current(g) {
                        return;
                    }
                    if self.engine.with_untracked(|e| e.0.quick_step(&mut build)) {
                        break;
                    }
                }
                self.engine.with_untracked(|e| e.0.quick_finish(build));
                self.quick_version.update(|v| *v += 1);
                if !hidden() {
                    yield_to_browser().await;
                }
                if !self.current(g) {
                    return;
                }
            }
            self.status.update(|s| {
                for (d, r) in outcomes {
                    let st = match r {
                        Ok(_) => Status::Ready,
                        Err(e) => {
                            Status::Failed(crate::i18n::Text::both(|| labels::engine_error(&e)))
                        }
                    };
                    s.insert(d, st);
                }
                for (d, reason) in failed {
                    s.insert(d, Status::Failed(reason));
                }
            });
        }
    }

    /// The data's generation: bumped by every swap ([`Store::apply_newer`], [`Store::use_local`]).
    pub fn generation(&self) -> Option<u64> {
        self.generation.try_get_value()
    }

    /// For a page that reads the engine's pre-aggregated cells, called as it opens: while it is
    /// open they are built in steps after a load, after data another page loaded, after a newer
    /// publication is swapped in ([`Store::ensure_quick`]); the page's figures come from the rows
    /// meanwhile. With `before_ready` (a page showing the publication's summary while it
    /// loads) the loader builds them before it says the datasets are in, so the page goes from
    /// its preview to the cells without computing from the rows in between.
    pub fn want_quick(&self, before_ready: bool) {
        let store = *self;
        let first = u32::from(before_ready);
        store
            .quick_wanted
            .update_value(|(n, f)| (*n, *f) = (*n + 1, *f + first));
        on_cleanup(move || {
            let _ = store.quick_wanted.try_update_value(|(n, f)| {
                (*n, *f) = (n.saturating_sub(1), f.saturating_sub(first));
            });
        });
        Effect::new(move |_| {
            store.engine.track();
            store.ensure_quick();
        });
    }

    /// Builds the engine's pre-aggregated cells in steps, a dataset per task, when they are not
    /// built and no load is running (a load builds them itself once it is in): after a newer
    /// publication is swapped in, or when *Resumen* opens over data another page loaded.
    pub fn ensure_quick(&self) {
        if self.quick_running.get_value()
            || self.loading.get_value()
            || self.engine.with_untracked(|e| e.0.quick_settled())
        {
            return;
        }
        self.quick_running.set_value(true);
        let store = *self;
        let g = self.generation.get_value();
        leptos::task::spawn_local(async move {
            let Some(mut build) = store.engine.try_with_untracked(|e| e.0.quick_build()) else {
                return;
            };
            let mut slice = f64::NEG_INFINITY; // yields first: the page is being drawn
            loop {
                if now_ms() - slice >= DECODE_SLICE_MS && !hidden() {
                    yield_to_browser().await;
                    slice = now_ms();
                }
                if !store.current(g) {
                    let _ = store.quick_running.try_set_value(false);
                    return;
                }
                match store
                    .engine
                    .try_with_untracked(|e| e.0.quick_step(&mut build))
                {
                    Some(false) => {}
                    Some(true) => break,
                    None => return,
                }
            }
            let _ = store.engine.try_with_untracked(|e| e.0.quick_finish(build));
            let _ = store.quick_running.try_set_value(false);
            let _ = store.quick_version.try_update(|v| *v += 1);
        });
    }

    /// Starts decoding every column of `dataset` for the explorer (once).
    pub fn need_records(&self, dataset: Dataset) {
        let Some(Ok(manifest)) = self.manifest.get_untracked() else {
            return;
        };
        if self.records_asked.with_value(|a| a.contains(&dataset)) {
            return;
        }
        self.records_asked.update_value(|a| a.push(dataset));
        let store = *self;
        let base = self.base();
        let local = self.local_files();
        let g = self.generation.get_value();
        leptos::task::spawn_local(async move {
            let r = match fetch_dataset(&base, &manifest, dataset, local.as_deref()).await {
                Ok(files) => Records::decode(dataset, &files)
                    .map(|r| Shared(Arc::new(r)))
                    .map_err(|e| crate::i18n::Text::both(|| labels::engine_error(&e))),
                Err(e) => Err(e.reason),
            };
            if !store.current(g) {
                return;
            }
            store.records.update(|m| {
                m.insert(dataset, r);
            });
        });
    }

    /// Forgets the failures so the next [`Store::need`] tries again.
    pub fn retry(&self) {
        self.status
            .update(|s| s.retain(|_, st| !matches!(st, Status::Failed(_))));
        self.text_status
            .update(|s| s.retain(|_, st| !matches!(st, Status::Failed(_))));
        let failed: Vec<Dataset> = self.records.with_untracked(|m| {
            m.iter()
                .filter(|(_, r)| r.is_err())
                .map(|(d, _)| *d)
                .collect()
        });
        self.records_asked
            .update_value(|a| a.retain(|d| !failed.contains(d)));
        self.records.update(|m| m.retain(|_, r| r.is_ok()));
        if matches!(self.manifest.get_untracked(), Some(Err(_))) {
            self.manifest.set(None);
            self.read_manifest();
        }
    }

    /// Starts loading the customer texts (once).
    pub fn need_texts(&self) {
        let Some(Ok(manifest)) = self.manifest.get_untracked() else {
            return;
        };
        let pending: Vec<Dataset> = self.text_status.with_untracked(|s| {
            TextSource::ALL
                .iter()
                .map(|t| t.dataset())
                .filter(|d| !s.contains_key(d))
                .collect()
        });
        if pending.is_empty() {
            return;
        }
        self.text_status.update(|s| {
            for d in &pending {
                s.insert(*d, Status::Loading);
            }
        });
        let store = *self;
        let base = self.base();
        let local = self.local_files();
        let g = self.generation.get_value();
        leptos::task::spawn_local(async move {
            let fetched = join_all(
                pending
                    .iter()
                    .map(|d| fetch_dataset(&base, &manifest, *d, local.as_deref())),
            )
            .await;
            if !store.current(g) {
                return;
            }
            let mut texts = store
                .texts
                .with_untracked(|t| t.as_ref().map(|t| (*t.0).clone()))
                .unwrap_or_default();
            let mut status = Vec::new();
            for (d, r) in pending.iter().zip(fetched) {
                let st = match r.map_err(|e| e.reason).and_then(|files| {
                    texts
                        .add_dataset(*d, files)
                        .map_err(|e| crate::i18n::Text::both(|| labels::engine_error(&e)))
                }) {
                    Ok(_) => Status::Ready,
                    Err(reason) => Status::Failed(reason),
                };
                status.push((*d, st));
            }
            let n = texts.len();
            store.scores.update_value(|s| s.resize(n, None));
            store.texts.set(Some(Shared(Arc::new(texts))));
            store.text_status.update(|s| s.extend(status));
        });
    }

    /// The scores so far, for an aggregation.
    pub fn with_scores<R>(&self, f: impl FnOnce(&[Option<Scored>]) -> R) -> R {
        self.scores_version.track();
        self.scores.with_value(|s| f(s))
    }

    /// The sentiment of the texts `selected` (those `sel` selects) scored so far. From the
    /// classification's running tally when it is of these texts (a new chunk of scores then
    /// costs the examples only), else in one pass.
    pub fn sentiment(
        &self,
        texts: &Texts,
        selected: &[usize],
        sel: &cx_engine::Selection,
        focus: &Focus,
        top: usize,
    ) -> SentimentReport {
        self.scores_version.track();
        self.scores.with_value(|s| {
            self.tally.with_value(|t| match t {
                Some((of, tally)) if of.as_slice() == selected => {
                    tally.report(texts, s, selected, focus, top)
                }
                _ => sentiment_report(texts, s, sel, focus, top),
            })
        })
    }

    /// Classifies the texts `wanted` (indices into the texts) that are not scored yet: in the
    /// classifying worker (`crate::classify`), or, where it cannot run, on the page in chunks
    /// between which the page keeps answering. A previous run stops first.
    pub fn classify(&self, wanted: Vec<usize>) {
        let Some(texts) = self.texts.get_untracked() else {
            return;
        };
        let run = self.run.get_value() + 1;
        self.run.set_value(run);
        let todo: Vec<usize> = self.scores.with_value(|s| {
            wanted
                .iter()
                .copied()
                .filter(|&i| s.get(i).is_some_and(Option::is_none))
                .collect()
        });
        let tally = self.scores.with_value(|s| {
            let mut t = Tally::default();
            t.add(&texts, s, &wanted);
            t
        });
        let total = wanted.len();
        let already = total - todo.len();
        self.tally.set_value(Some((wanted, tally)));
        // A view computed before this tally existed is computed again from it.
        self.scores_version.update(|v| *v += 1);
        self.progress.set(Progress {
            done: already,
            total,
            running: !todo.is_empty(),
            in_worker: !todo.is_empty() && crate::classify::available(),
            ..Progress::default()
        });
        if todo.is_empty() {
            return;
        }
        let store = *self;
        leptos::task::spawn_local(async move {
            let start = now_ms();
            let (mut longest, mut published) = (0f64, start);
            let mut done = already;
            let mut worker = crate::classify::available();
            let mut at = 0;
            while at < todo.len() {
                // Stopped (page left, filter changed) or the store itself gone: end here.
                if store.run.try_get_value() != Some(run) {
                    return;
                }
                let mut t0 = now_ms();
                let (chunk, scored): (&[usize], Vec<(usize, Scored)>) = if worker {
                    let chunk = &todo[at..(at + crate::classify::CHUNK).min(todo.len())];
                    match crate::classify::in_worker(&texts, chunk).await {
                        Ok((s, copy_ms)) => {
                            // The page was busy copying the texts out, then storing the
                            // scores: two separate steps, not the worker's time between them.
                            longest = longest.max(copy_ms);
                            t0 = now_ms();
                            (chunk, chunk.iter().copied().zip(s).collect())
                        }
                        Err(crate::classify::Refused::Stopped(why)) => {
                            // These texts stopped the classifier: never scored on the page,
                            // where the same panic would end the app. They stay unscored (left
                            // out of the counts); the next chunk goes to a fresh worker.
                            leptos::logging::warn!(
                                "{} texts left unscored: the classifier stopped on them ({why})",
                                chunk.len()
                            );
                            (chunk, Vec::new())
                        }
                        Err(crate::classify::Refused::Unavailable(why)) => {
                            leptos::logging::warn!("classifying on the page: the worker {why}");
                            worker = false;
                            continue;
                        }
                    }
                } else {
                    let chunk = &todo[at..(at + CHUNK).min(todo.len())];
                    let scored = chunk
                        .iter()
                        .filter_map(|&i| Some((i, score_range(&texts, i..i + 1).pop()?)))
                        .collect();
                    (chunk, scored)
                };
                if store.run.try_get_value() != Some(run) {
                    return;
                }
                at += chunk.len();
                store.scores.update_value(|s| {
                    for (i, sc) in scored {
                        if let Some(slot) = s.get_mut(i) {
                            *slot = Some(sc);
                        }
                    }
                    store.tally.update_value(|t| {
                        if let Some((_, t)) = t {
                            t.add(&texts, s, chunk);
                        }
                    });
                });
                done += chunk.len();
                longest = longest.max(now_ms() - t0);
                let finished = done >= total;
                if finished || now_ms() - published > REFRESH_MS {
                    store.scores_version.update(|v| *v += 1);
                    published = now_ms();
                }
                store.progress.set(Progress {
                    done,
                    total,
                    elapsed_ms: now_ms() - start,
                    longest_chunk_ms: longest,
                    running: !finished,
                    in_worker: worker,
                });
                if !worker {
                    yield_to_browser().await;
                }
            }
        });
    }

    /// Ends the current classification run after its chunk (scores so far are kept).
    pub fn stop_classifying(&self) {
        if let Some(r) = self.run.try_get_value() {
            self.run.set_value(r + 1);
        }
        let _ = self.progress.try_update(|p| p.running = false);
        let _ = self.scores_version.try_update(|v| *v += 1);
    }
}

/// An empty engine for the data of `m`: open items are judged at the end of its period, and
/// events outside the period are refused, file by file.
fn engine_for(m: &Manifest) -> Engine {
    let last = cx_engine::parse_day(&m.date_to).unwrap_or_default();
    let mut engine = Engine::empty(Engine::options_for(last));
    if let Some(first) = cx_engine::parse_day(&m.date_from) {
        engine.set_period(first, last);
    }
    engine
}

/// The store of the app.
pub fn use_store() -> Store {
    expect_context::<Store>()
}

/// `performance.now()`, ms.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Whether the page is in a background tab.
pub fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Lets the browser paint and handle input before the next chunk.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
