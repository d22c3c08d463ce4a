//! *Resumen*: the headline tiles with their change and sparkline, contacts over time by channel,
//! and *Qué cambió* — the notable movements found by the engine.

use cx_engine::kpis::headline::{Headline, Step};
use cx_engine::kpis::insights::{rank, Insight, DETECTORS};
use cx_engine::{Dataset, Granularity, Summary};
use leptos::prelude::*;

use super::common::{
    current, delta, period_kind, spark_step, step_for, with_selection, Plot, Unit,
};
use crate::chart;
use crate::components::{ChartCard, DataGate, KpiTile};
use crate::format;
use crate::i18n::t;
use crate::labels;
use crate::state::use_dashboard;
use crate::state::Shared;
use crate::store::{hidden, use_store, yield_to_browser, Status};

/// What the page reads.
pub const NEEDS: &[Dataset] = &[
    Dataset::Clientes,
    Dataset::Llamadas,
    Dataset::Whatsapp,
    Dataset::Tickets,
    Dataset::Encuestas,
    Dataset::Reclamaciones,
];

/// The page.
#[component]
pub fn Resumen() -> impl IntoView {
    let dash = use_dashboard();
    let store = use_store();
    store.want_quick(true);
    // The first paint: the figures published with the data, for the view they describe (the
    // whole publication, no filter, its automatic steps), until this page's rows are in.
    let preview: Memo<Option<Shared<Summary>>> = Memo::new(move |_| {
        let s = store.summary.get()?;
        let (step, _) = s.steps()?;
        let described = store.window.with(Option::is_none)
            && dash.view.with(|v| {
                v.cross.is_none()
                    && v.filter == cx_engine::Filter::default()
                    && v.step.is_none_or(|g| g == step)
            });
        let ready = store.status.with(|st| {
            NEEDS
                .iter()
                .all(|d| matches!(st.get(d), Some(Status::Ready | Status::Failed(_))))
        });
        (described && !ready).then_some(s)
    });
    // The headline figures per step of the abandonment chart: computed once, also serving the
    // tiles' sparklines when they use the same rows and step (the whole period, by default).
    // From the cells when the filter allows (dates, channels, regions, segments), else the rows.
    let series = Memo::new(move |_| {
        if let Some(s) = preview.get() {
            return s.steps().map(|(step, _)| Series {
                step,
                own: false,
                points: s.series.clone(),
            });
        }
        store.quick_version.track();
        let step = step_for(TROUBLE);
        let own = dash.highlight(TROUBLE).is_some();
        let f = dash.filter_for(TROUBLE);
        if let Some(points) = store
            .engine
            .with(|e| e.quick_built(&f).map(|q| q.headline_series(step)))
        {
            return Some(Series { step, own, points });
        }
        with_selection(TROUBLE, |e, sel| Series {
            step,
            own,
            points: e.headline_series(sel, step),
        })
    });
    view! {
        <DataGate needs=NEEDS preview=Signal::derive(move || preview.with(Option::is_some))>
            <Tiles series=series preview=preview />
            <Volume preview=preview />
            <Trouble series=series />
            <WhatChanged preview=preview />
        </DataGate>
    }
}

/// Headline figures per time step of a selection.
#[derive(Debug, Clone, PartialEq)]
struct Series {
    /// The step.
    step: Granularity,
    /// Whether they are of the bar's own rows (the cross-filter came from their chart).
    own: bool,
    /// One point per step with rows.
    points: Vec<Step<Headline>>,
}

/// A tile: label, test id, value, unit, whether up is good, shown value and detail.
struct TileSpec {
    label: (&'static str, &'static str),
    id: &'static str,
    get: fn(&Headline) -> Option<f64>,
    unit: Unit,
    up_is_good: bool,
    show: fn(f64) -> String,
    detail: fn(&Headline) -> String,
    empty: (&'static str, &'static str),
}

const TILES: [TileSpec; 11] = [
    TileSpec {
        label: ("Interacciones", "Interactions"),
        id: "kpi-interactions",
        get: |h| Some(h.interactions as f64),
        unit: Unit::Count,
        up_is_good: true,
        show: |v| format::int(v as u64),
        detail: |_| {
            t(
                "llamadas + WhatsApp + tickets",
                "calls + WhatsApp + tickets",
            )
            .into()
        },
        empty: ("", ""),
    },
    TileSpec {
        label: ("CSAT", "CSAT"),
        id: "kpi-csat",
        get: |h| h.csat,
        unit: Unit::Pct,
        up_is_good: true,
        show: format::pct,
        detail: |h| format!("n = {}", format::int(h.csat_n)),
        empty: ("sin respuestas de encuesta", "no survey answers"),
    },
    TileSpec {
        label: ("NPS", "NPS"),
        id: "kpi-nps",
        get: |h| h.nps.map(|n| n.score),
        unit: Unit::Points,
        up_is_good: true,
        show: format::signed,
        detail: |h| {
            h.nps.map_or(String::new(), |n| {
                format!(
                    "± {} (95 %), n = {}",
                    format::num(n.margin95, 1),
                    format::int(n.n())
                )
            })
        },
        empty: ("sin respuestas de encuesta", "no survey answers"),
    },
    TileSpec {
        label: ("CES", "CES"),
        id: "kpi-ces",
        get: |h| h.ces,
        unit: Unit::Scale,
        up_is_good: true,
        show: |v| format::num(v, 2),
        detail: |h| format!("{} 1–7, n = {}", t("media", "mean"), format::int(h.ces_n)),
        empty: ("sin respuestas de encuesta", "no survey answers"),
    },
    TileSpec {
        label: ("FCR", "FCR"),
        id: "kpi-fcr",
        get: |h| h.fcr,
        unit: Unit::Pct,
        up_is_good: true,
        show: format::pct,
        detail: |h| {
            format!(
                "{} {}",
                format::int(h.answered),
                t("llamadas atendidas", "answered calls")
            )
        },
        empty: ("sin llamadas atendidas", "no answered calls"),
    },
    TileSpec {
        label: ("AHT", "AHT"),
        id: "kpi-aht",
        get: |h| h.aht_s,
        unit: Unit::Seconds,
        up_is_good: false,
        show: format::duration,
        detail: |h| {
            format!(
                "{} {}",
                format::int(h.answered),
                t("llamadas atendidas", "answered calls")
            )
        },
        empty: ("sin llamadas atendidas", "no answered calls"),
    },
    TileSpec {
        label: ("Nivel de servicio 20 s", "Service level 20 s"),
        id: "kpi-service-level",
        get: |h| h.service_level,
        unit: Unit::Pct,
        up_is_good: true,
        show: format::pct,
        detail: |h| {
            format!(
                "{} {}",
                format::int(h.offered),
                t("llamadas ofrecidas", "offered calls")
            )
        },
        empty: ("sin llamadas", "no calls"),
    },
    TileSpec {
        label: ("Abandono", "Abandonment"),
        id: "kpi-abandonment",
        get: |h| h.abandonment,
        unit: Unit::Pct,
        up_is_good: false,
        show: format::pct,
        detail: |h| {
            format!(
                "{} {}",
                format::int(h.offered),
                t("llamadas ofrecidas", "offered calls")
            )
        },
        empty: ("sin llamadas", "no calls"),
    },
    TileSpec {
        label: ("Primera respuesta WhatsApp", "WhatsApp first reply"),
        id: "kpi-whatsapp-frt",
        get: |h| h.whatsapp_frt_s,
        unit: Unit::Seconds,
        up_is_good: false,
        show: format::duration,
        detail: |h| {
            format!(
                "{}; {} {}",
                t("mediana", "median"),
                format::int(h.conversations),
                t("conversaciones", "conversations")
            )
        },
        empty: ("sin conversaciones", "no conversations"),
    },
    TileSpec {
        label: ("SLA de tickets", "Ticket SLA"),
        id: "kpi-ticket-sla",
        get: |h| h.ticket_sla,
        unit: Unit::Pct,
        up_is_good: true,
        show: format::pct,
        detail: |h| format!("{} tickets", format::int(h.tickets)),
        empty: ("sin tickets", "no tickets"),
    },
    TileSpec {
        label: ("Reclamaciones a tiempo", "Complaints on time"),
        id: "kpi-complaints-on-time",
        get: |h| h.complaints_on_time,
        unit: Unit::Pct,
        up_is_good: true,
        show: format::pct,
        detail: |h| {
            format!(
                "{} {}",
                format::int(h.complaints),
                t(
                    "entradas; plazo 15 días hábiles",
                    "entries; 15-business-day term"
                )
            )
        },
        empty: ("sin entradas", "no entries"),
    },
];

#[component]
fn Tiles(series: Memo<Option<Series>>, preview: Memo<Option<Shared<Summary>>>) -> impl IntoView {
    let store = use_store();
    let dash = use_dashboard();
    let compare = Memo::new(move |_| dash.view.with(|v| v.compare));
    let figures = Memo::new(move |_| {
        if let Some(s) = preview.get() {
            return Some((s.headline.clone(), None, s.spark().to_vec()));
        }
        store.quick_version.track();
        let step = spark_step();
        let shared = series.with(|s| {
            s.as_ref()
                .filter(|s| !s.own && s.step == step)
                .map(|s| s.points.clone())
        });
        // From the cells, no rows selected, when the filter allows.
        let f = dash.effective.get();
        let compare = compare.get();
        let quick = store.engine.with(|e| {
            let q = e.quick_built(&f)?;
            let before = compare
                .then(|| e.previous(&f).ok().flatten())
                .flatten()
                .and_then(|p| e.quick_built(&p))
                .map(|p| p.headline());
            let series = shared.clone().unwrap_or_else(|| q.headline_series(step));
            Some((q.headline(), before, series))
        });
        if quick.is_some() {
            return quick;
        }
        let (sel, prev) = current();
        let sel = sel?;
        store.engine.with(|e| {
            let now = e.headline(&sel);
            let before = prev.map(|p| e.headline(&p));
            let series = shared.unwrap_or_else(|| e.headline_series(&sel, step));
            Some((now, before, series))
        })
    });
    view! {
        <section class="kpis" data-testid="kpis">
            {move || {
                let comparing = dash.view.with(|v| v.compare);
                // The complaint book has no contact channel, team, agent or category.
                let unreached = dash.effective.with(|f| {
                    !(f.channels.is_empty() && f.teams.is_empty() && f.agents.is_empty() && f.categories.is_empty())
                });
                figures.get().map(|(now, before, series)| {
                    TILES.iter().map(|t| {
                        let v = (t.get)(&now);
                        let d = delta(v, before.as_ref().and_then(t.get), t.unit, t.up_is_good);
                        let spark: Vec<Option<f64>> = series.iter().map(|s| (t.get)(&s.value)).collect();
                        let (value, raw, mut detail) = match v {
                            Some(x) => ((t.show)(x), x.to_string(), (t.detail)(&now)),
                            None => ("—".to_string(), String::new(), crate::i18n::t(t.empty.0, t.empty.1).to_string()),
                        };
                        if unreached && t.id == "kpi-complaints-on-time" {
                            detail.push_str(labels::complaints_unfiltered());
                        }
                        view! {
                            <KpiTile label=crate::i18n::t(t.label.0, t.label.1) value=value raw=raw detail=detail testid=t.id
                                delta=d comparing=comparing previous=before.is_some() spark=spark />
                        }.into_any()
                    }).collect_view()
                })
            }}
        </section>
    }
}

const VOLUME: &str = "chart-volume";

#[component]
fn Volume(preview: Memo<Option<Shared<Summary>>>) -> impl IntoView {
    let dash = use_dashboard();
    let store = use_store();
    // The published summary's step while it is shown (the engine has no rows to choose by yet).
    let step_now = Memo::new(move |_| {
        preview
            .with(|p| p.as_ref().and_then(|s| s.steps()).map(|(step, _)| step))
            .unwrap_or_else(|| step_for(VOLUME))
    });
    let plot = Memo::new(move |_| {
        store.quick_version.track();
        let step = step_now.get();
        let highlight = dash.highlight(VOLUME);
        let f = dash.filter_for(VOLUME);
        let cells = match preview.get() {
            Some(s) => Some(s.volume.clone()),
            None => store
                .engine
                .with(|e| e.quick_built(&f).map(|q| q.volume(step)))
                .or_else(|| with_selection(VOLUME, |e, sel| e.volume(sel, step))),
        };
        cells.map_or_else(Plot::default, |cells| {
            let mut keys: Vec<String> = cells.iter().map(|c| c.period.clone()).collect();
            keys.dedup();
            Plot {
                option: chart::volume(&cells, highlight.as_deref()),
                keys,
            }
        })
    });
    let on_click = Callback::new(move |c: crate::echarts::Click| {
        let Some(key) = plot.with_untracked(|p| p.key_at(&c)) else {
            return;
        };
        let kind = period_kind(step_now.get_untracked());
        dash.cross(kind, key, VOLUME);
    });
    let choice = move |g: Option<Granularity>, label: &'static str, id: &'static str| {
        view! {
            <button type="button" class="seg" data-testid=id
                class:active=move || dash.view.with(|v| v.step == g)
                aria-pressed=move || dash.view.with(|v| v.step == g).to_string()
                on:click=move |_| dash.update(|v| v.step = g)>{label}</button>
        }
    };
    view! {
        <ChartCard records=cx_engine::Dataset::Llamadas id=VOLUME title=t("Contactos por canal", "Contacts by channel")
            note=t("Llamadas, conversaciones de WhatsApp y tickets por período; clic en una barra para filtrar ese período.", "Calls, WhatsApp conversations and tickets per period; click a bar to filter that period.")
            option=Signal::derive(move || plot.with(|p| p.option.clone())) on_click=on_click>
            <div class="segmented" role="group" aria-label=t("Granularidad", "Time step") data-step=move || step_now.get().key()>
                {choice(None, t("Automático", "Automatic"), "step-auto")}
                {choice(Some(Granularity::Day), t("Día", "Day"), "step-dia")}
                {choice(Some(Granularity::Week), t("Semana", "Week"), "step-semana")}
                {choice(Some(Granularity::Month), t("Mes", "Month"), "step-mes")}
            </div>
        </ChartCard>
    }
}

const TROUBLE: &str = "chart-trouble";

/// Abandonment and complaints per period: where service broke down.
#[component]
fn Trouble(series: Memo<Option<Series>>) -> impl IntoView {
    let dash = use_dashboard();
    let step_now = Memo::new(move |_| {
        series
            .with(|s| s.as_ref().map(|s| s.step))
            .unwrap_or(Granularity::Month)
    });
    let plot = Memo::new(move |_| {
        let highlight = dash.highlight(TROUBLE);
        series.with(|s| {
            s.as_ref().map_or_else(Plot::default, |s| Plot {
                keys: s.points.iter().map(|p| p.label.clone()).collect(),
                option: chart::abandonment_and_complaints(&s.points, highlight.as_deref()),
            })
        })
    });
    let on_click = Callback::new(move |c: crate::echarts::Click| {
        let Some(key) = plot.with_untracked(|p| p.key_at(&c)) else {
            return;
        };
        let kind = period_kind(step_now.get_untracked());
        dash.cross(kind, key, TROUBLE);
    });
    view! {
        <ChartCard records=cx_engine::Dataset::Reclamaciones id=TROUBLE title=t("Abandono y reclamaciones", "Abandonment and complaints")
            note=t("Abandono de llamadas (%) y entradas al libro de reclamaciones por período; clic para filtrar ese período.", "Call abandonment (%) and complaint-book entries per period; click to filter that period.")
            option=Signal::derive(move || plot.with(|p| p.option.clone())) on_click=on_click />
    }
}

#[component]
fn WhatChanged(preview: Memo<Option<Shared<Summary>>>) -> impl IntoView {
    let dash = use_dashboard();
    let store = use_store();
    // Searched after the tiles and charts are drawn, one detector per task, so a filter change
    // at scale 100 never holds the page for the whole search (≈ 0.2–0.5 s natively). `None`:
    // not searched yet; `Some(None)`: the filter selects nothing. While a search runs the
    // previous findings stay, dimmed and marked busy.
    let found: RwSignal<Option<Option<Vec<Insight>>>> = RwSignal::new(None);
    let busy = RwSignal::new(true);
    let run = StoredValue::new(0u64);
    Effect::new(move |_| {
        // A new filter or new data starts a new search; the one running stops at its next step.
        dash.effective.track();
        store.engine.track();
        let me = run.get_value() + 1;
        run.set_value(me);
        if let Some(s) = preview.get() {
            found.set(Some(Some(s.insights.clone())));
            busy.set(false);
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let live = move || run.try_get_value() == Some(me);
            let step = || async {
                if !hidden() {
                    yield_to_browser().await;
                }
            };
            step().await;
            if !live() {
                return;
            }
            let Some(Ok(sel)) = dash.selection.try_get_untracked() else {
                let _ = found.try_set(Some(None));
                let _ = busy.try_set(false);
                return;
            };
            // The rows `sel` numbers are those of this engine: stop if other data comes in.
            let rows = move || {
                Some((
                    store.generation()?,
                    store.engine.try_with_untracked(|e| e.0.version())?,
                ))
            };
            let taken = rows();
            let mut all = Vec::new();
            for k in 0..DETECTORS {
                step().await;
                if !live() || rows() != taken {
                    return;
                }
                match store.engine.try_with_untracked(|e| e.insights_of(&sel, k)) {
                    Some(part) => all.extend(part),
                    None => return,
                }
            }
            rank(&mut all);
            let _ = found.try_set(Some(Some(all)));
            let _ = busy.try_set(false);
        });
    });
    on_cleanup(move || {
        let _ = run.try_update_value(|r| *r += 1);
    });
    let apply = move |i: &Insight| {
        let i = i.clone();
        move |_| {
            dash.update(|v| {
                if i.from.is_some() {
                    v.filter.from = i.from.clone();
                    v.filter.to = i.to.clone();
                }
                if let Some(c) = &i.channel {
                    v.filter.channels = vec![c.clone()];
                }
                if let Some(a) = &i.agent {
                    v.filter.agents = vec![a.clone()];
                }
                v.cross = None;
            })
        }
    };
    view! {
        <section class="card" data-testid="what-changed" aria-busy=move || busy.get().to_string()>
            <h2>{t("Qué cambió", "What changed")}</h2>
            <p class="note">{t("Movimientos notables del período filtrado, detectados automáticamente (método en docs/kpis.md). Clic para filtrar.", "Notable movements in the filtered period, found automatically (method in docs/kpis.md). Click to filter.")}</p>
            {move || busy.get().then(|| view! {
                <p class="pending" role="status" data-testid="what-changed-pending">{t("Buscando movimientos notables…", "Looking for notable movements…")}</p>
            })}
            <div class:stale=move || busy.get()>
            {move || match found.get() {
                None => ().into_any(),
                Some(None) => view! { <p class="empty">{labels::no_data()}</p> }.into_any(),
                Some(Some(list)) if list.is_empty() => view! { <p class="empty" data-testid="what-changed-empty">{t("Nada fuera de lo normal en este filtro.", "Nothing out of the ordinary under this filter.")}</p> }.into_any(),
                Some(Some(list)) => view! {
                    <ul class="insights">
                        {list.iter().map(|i| {
                            let kind = format!("{:?}", i.kind);
                            let metric = format!("{:?}", i.metric);
                            view! {
                                <li data-testid="insight" data-kind=kind data-metric=metric data-subject=i.subject.clone()
                                    data-value=i.value.to_string() data-baseline=i.baseline.to_string()>
                                    <span class="tag">{labels::insight_kind(i.kind)}</span>
                                    <button type="button" class="link" on:click=apply(i)>{labels::insight(i)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            </div>
        </section>
    }
}
