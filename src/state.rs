//! The dashboard's shared state, given to every page through context: the view (page, filter,
//! cross-filter selection, comparison, time step) kept in step with the URL, and the selections
//! derived from it by the engine.

use std::sync::Arc;

use cx_engine::calendar::day_label;
use cx_engine::{parse_day, Filter, FilterError, Granularity, Selection};
use leptos::prelude::*;

use crate::pages::Page;
use crate::store::Store;
use crate::url::{self, Notice};

/// What a chart click selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrossKind {
    /// A month `YYYY-MM`.
    Mes,
    /// An ISO week by its Monday `YYYY-MM-DD`.
    Semana,
    /// A day `YYYY-MM-DD`.
    Dia,
    /// A channel.
    Canal,
    /// An agent id.
    Agente,
    /// A department.
    Region,
    /// A segment.
    Segmento,
    /// An ISO weekday and hour, `1-10` = Monday 10:00–10:59.
    Franja,
    /// A call/chat reason or ticket category.
    Categoria,
}

impl CrossKind {
    const ALL: [CrossKind; 9] = [
        CrossKind::Categoria,
        CrossKind::Franja,
        CrossKind::Mes,
        CrossKind::Semana,
        CrossKind::Dia,
        CrossKind::Canal,
        CrossKind::Agente,
        CrossKind::Region,
        CrossKind::Segmento,
    ];

    /// The URL key (`sel=<key>:<value>`).
    pub fn key(self) -> &'static str {
        match self {
            CrossKind::Mes => "mes",
            CrossKind::Semana => "semana",
            CrossKind::Dia => "dia",
            CrossKind::Canal => "canal",
            CrossKind::Agente => "agente",
            CrossKind::Region => "region",
            CrossKind::Segmento => "segmento",
            CrossKind::Franja => "franja",
            CrossKind::Categoria => "categoria",
        }
    }

    /// The kind of a URL key.
    pub fn from_key(key: &str) -> Option<CrossKind> {
        CrossKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether `value` is well-formed for this kind.
    pub fn valid(self, value: &str) -> bool {
        match self {
            CrossKind::Mes => parse_day(&format!("{value}-01")).is_some() && value.len() == 7,
            CrossKind::Semana | CrossKind::Dia => parse_day(value).is_some(),
            CrossKind::Canal => {
                let v = if value == "telefono" {
                    "teléfono"
                } else {
                    value
                };
                cx_engine::schema::CHANNELS.contains(&v)
            }
            CrossKind::Franja => slot(value).is_some(),
            _ => !value.trim().is_empty(),
        }
    }

    /// Label of the chip.
    pub fn label(self) -> &'static str {
        use crate::i18n::t;
        match self {
            CrossKind::Mes => t("Mes", "Month"),
            CrossKind::Semana => t("Semana", "Week"),
            CrossKind::Dia => t("Día", "Day"),
            CrossKind::Canal => t("Canal", "Channel"),
            CrossKind::Agente => t("Agente", "Agent"),
            CrossKind::Region => t("Región", "Region"),
            CrossKind::Segmento => t("Segmento", "Segment"),
            CrossKind::Franja => t("Franja", "Time slot"),
            CrossKind::Categoria => t("Categoría", "Category"),
        }
    }
}

/// The ISO weekday (1–7) and hour (0–23) of a `franja` value such as `1-10`.
pub fn slot(value: &str) -> Option<(u8, u8)> {
    let (d, h) = value.split_once('-')?;
    let (d, h): (u8, u8) = (d.parse().ok()?, h.parse().ok()?);
    ((1..=7).contains(&d) && h < 24).then_some((d, h))
}

/// A cross-filter: one chart element or table row clicked, and the chart it came from (which
/// keeps showing its whole context with the element highlighted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cross {
    /// What was clicked.
    pub kind: CrossKind,
    /// Its value (a period label, a channel name, an agent id…).
    pub value: String,
    /// Test id of the chart or table it came from.
    pub origin: String,
}

impl Cross {
    /// `filter` narrowed by this selection: the intersection of the two. When they do not meet
    /// (a month outside the bar's dates, a channel the bar excludes) the result selects nothing.
    pub fn apply(&self, filter: &Filter) -> Filter {
        let mut f = filter.clone();
        let narrow = |f: &mut Filter, from: i32, to: i32| {
            let a = f
                .from
                .as_deref()
                .and_then(parse_day)
                .map_or(from, |d| d.max(from));
            let b =
                f.to.as_deref()
                    .and_then(parse_day)
                    .map_or(to, |d| d.min(to));
            if a <= b {
                f.from = Some(day_label(a));
                f.to = Some(day_label(b));
            } else {
                // The two ranges do not meet: the clicked period, at an hour no row has.
                f.from = Some(day_label(from));
                f.to = Some(day_label(to));
                f.hours = vec![NO_HOUR];
            }
        };
        let pick = |list: &mut Vec<String>, v: &str| {
            *list = if list.is_empty() || list.iter().any(|x| x == v) {
                vec![v.to_string()]
            } else {
                vec![NOTHING.to_string()]
            };
        };
        match self.kind {
            CrossKind::Mes => {
                if let Some(d) = parse_day(&format!("{}-01", self.value)) {
                    narrow(&mut f, d, Granularity::Month.next(d) - 1);
                }
            }
            CrossKind::Semana => {
                if let Some(d) = parse_day(&self.value) {
                    narrow(&mut f, d, d + 6);
                }
            }
            CrossKind::Dia => {
                if let Some(d) = parse_day(&self.value) {
                    narrow(&mut f, d, d);
                }
            }
            CrossKind::Canal => pick(&mut f.channels, &self.value),
            CrossKind::Agente => pick(&mut f.agents, &self.value),
            CrossKind::Region => pick(&mut f.regions, &self.value),
            CrossKind::Segmento => pick(&mut f.segments, &self.value),
            CrossKind::Categoria => pick(&mut f.categories, &self.value),
            CrossKind::Franja => {
                if let Some((d, h)) = slot(&self.value) {
                    let keep = |list: &Vec<u8>, v: u8| list.is_empty() || list.contains(&v);
                    let ok = keep(&f.weekdays, d) && keep(&f.hours, h);
                    f.weekdays = vec![d];
                    f.hours = vec![if ok { h } else { NO_HOUR }];
                }
            }
        }
        f
    }
}

/// A value no row has: what an empty intersection of a list and a cross-filter selects.
pub const NOTHING: &str = "\u{2205}";
/// An hour no row has (24): an empty intersection of times.
const NO_HOUR: u8 = 24;

/// Everything the URL holds.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// The page shown.
    pub page: Page,
    /// The filter bar.
    pub filter: Filter,
    /// The cross-filter selection.
    pub cross: Option<Cross>,
    /// Show changes against the previous period.
    pub compare: bool,
    /// Time step of the time charts; `None` = chosen from the range.
    pub step: Option<Granularity>,
    /// The page's language.
    pub lang: crate::i18n::Lang,
    /// The dataset the explorer shows.
    pub records: Option<cx_engine::Dataset>,
    /// The explorer's full-text search.
    pub search: String,
}

impl Default for View {
    fn default() -> Self {
        View {
            page: Page::default(),
            filter: Filter::default(),
            cross: None,
            compare: true,
            step: None,
            lang: crate::i18n::Lang::Es,
            records: None,
            search: String::new(),
        }
    }
}

impl View {
    /// Forgets a cross-filter of one of `kinds` (the bar just changed that field).
    pub fn drop_cross(&mut self, kinds: &[CrossKind]) {
        if self.cross.as_ref().is_some_and(|c| kinds.contains(&c.kind)) {
            self.cross = None;
        }
    }
}

/// A selection shared between memos (compared by identity).
#[derive(Debug, Clone)]
pub struct Shared<T>(pub Arc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The selection of a filter, or why it could not be made.
pub type Picked = Result<Shared<Selection>, FilterError>;

/// The dashboard's state in context.
#[derive(Clone, Copy)]
pub struct Dashboard {
    /// The view (mirrors the URL).
    pub view: RwSignal<View>,
    /// URL parameters that were ignored.
    pub notices: RwSignal<Vec<Notice>>,
    /// The filter bar's filter combined with the cross-filter.
    pub effective: Memo<Filter>,
    /// Rows of [`Dashboard::effective`].
    pub selection: Memo<Picked>,
    /// Rows of the filter bar alone (for the chart the cross-filter came from).
    pub bar_selection: Memo<Picked>,
    /// Rows of the previous period of equal length, when comparing and there is one.
    pub previous: Memo<Option<Shared<Selection>>>,
}

impl Dashboard {
    /// Creates the state from the current URL, keeps the URL in step with it (a history entry per
    /// change; back and forward restore), and provides it as context.
    pub fn provide(store: Store) -> Dashboard {
        // The language first, so the notices of the URL are written in it.
        let asked = url::pairs(&current_query())
            .into_iter()
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| crate::i18n::Lang::from_key(&v));
        let lang = asked.or_else(crate::i18n::remembered).unwrap_or_default();
        crate::i18n::set(lang);
        let (mut initial, notices) = url::parse(&current_query());
        initial.lang = lang;
        let view = RwSignal::new(initial);
        let notices = RwSignal::new(notices);
        let effective = Memo::new(move |_| {
            view.with(|v| match &v.cross {
                Some(c) => c.apply(&v.filter),
                None => v.filter.clone(),
            })
        });
        let select = move |f: &Filter| -> Picked {
            store
                .engine
                .with(|e| e.select(f).map(|s| Shared(Arc::new(s))))
        };
        let selection = Memo::new(move |_| effective.with(select));
        // Each memo reads only the part of the view it needs: a step or page change recomputes
        // no selection.
        let bar_filter = Memo::new(move |_| view.with(|v| v.filter.clone()));
        let has_cross = Memo::new(move |_| view.with(|v| v.cross.is_some()));
        let compare = Memo::new(move |_| view.with(|v| v.compare));
        // Without a cross-filter the bar's selection is the page's: not computed twice.
        let bar_selection = Memo::new(move |_| {
            if has_cross.get() {
                bar_filter.with(select)
            } else {
                selection.get()
            }
        });
        let previous = Memo::new(move |_| {
            if !compare.get() {
                return None;
            }
            let f = effective.get();
            store.engine.with(|e| {
                let prev = e.previous(&f).ok().flatten()?;
                e.select(&prev).ok().map(|s| Shared(Arc::new(s)))
            })
        });
        // URL ← view: a new history entry when the view changes (the first run only tidies the
        // URL the page was opened with).
        Effect::new(move |first: Option<()>| {
            let q = view.with(|v| url::to_query(v, &url::foreign(&current_query())));
            if q != current_query() {
                set_query(&q, first.is_none());
            }
        });
        // view ← URL on back/forward.
        let _ = window_event_listener(leptos::ev::popstate, move |_| {
            let (v, n) = url::parse(&current_query());
            notices.set(n);
            view.set(v);
        });
        let d = Dashboard {
            view,
            notices,
            effective,
            selection,
            bar_selection,
            previous,
        };
        provide_context(d);
        d
    }

    /// Changes the view (one history entry).
    pub fn update(&self, f: impl FnOnce(&mut View)) {
        self.view.update(f);
    }

    /// The selection a chart should draw: the bar's alone when the cross-filter came from it.
    pub fn selection_for(&self, chart: &str) -> Picked {
        let own = self
            .view
            .with(|v| v.cross.as_ref().is_some_and(|c| c.origin == chart));
        if own {
            self.bar_selection.get()
        } else {
            self.selection.get()
        }
    }

    /// The filter of `chart`: the filter bar's alone for the chart the cross-filter came from,
    /// else [`Dashboard::effective`] (as [`Dashboard::selection_for`]).
    pub fn filter_for(&self, chart: &str) -> Filter {
        let own = self
            .view
            .with(|v| v.cross.as_ref().is_some_and(|c| c.origin == chart));
        if own {
            self.view.with(|v| v.filter.clone())
        } else {
            self.effective.get()
        }
    }

    /// The cross-filter value if it came from `chart` (for its highlight).
    pub fn highlight(&self, chart: &str) -> Option<String> {
        self.view.with(|v| {
            v.cross
                .as_ref()
                .filter(|c| c.origin == chart)
                .map(|c| c.value.clone())
        })
    }

    /// Sets the cross-filter from a click in `origin`; clicking the same element again clears it.
    pub fn cross(&self, kind: CrossKind, value: String, origin: &str) {
        self.update(|v| {
            let same = v
                .cross
                .as_ref()
                .is_some_and(|c| c.kind == kind && c.value == value);
            v.cross = (!same).then(|| Cross {
                kind,
                value,
                origin: origin.to_string(),
            });
        });
    }
}

/// The dashboard state of the app.
pub fn use_dashboard() -> Dashboard {
    expect_context::<Dashboard>()
}

/// `location.search` of the page (empty outside a browser); in a single-file report opened
/// without one, the view it was made with.
pub fn current_query() -> String {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if search.is_empty() {
        if let Some(q) = crate::local::report_query().filter(|q| !q.is_empty()) {
            return format!("?{q}");
        }
    }
    search
}

fn set_query(q: &str, replace: bool) {
    let Some(w) = web_sys::window() else { return };
    let path = w.location().pathname().unwrap_or_default();
    let hash = w.location().hash().unwrap_or_default();
    let url = format!("{path}{q}{hash}");
    if let Ok(h) = w.history() {
        let _ = if replace {
            h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    }
}
