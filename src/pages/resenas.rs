//! *Reseñas*: public reviews — stars by platform and by branch, the star distribution and its
//! trend, and the lowest-rated branches first with their most recent reviews and the sentiment
//! the classifier reads in them.

use cx_engine::texts::TextSource;
use cx_engine::{Dataset, ReviewStats};
use leptos::prelude::*;

use super::common::{no_rows, period_chart, periods, with_selection, Plot};
use crate::chart::{self, Plan, Series};
use crate::components::{ChartCard, DataGate, KpiTile};
use crate::export::{CsvButton, RecordsLink};
use crate::format;
use crate::i18n::t;
use crate::state::use_dashboard;
use crate::store::use_store;

/// What the page reads.
pub const NEEDS: &[Dataset] = &[Dataset::Resenas];

const PLATFORMS: &str = "chart-review-platforms";
const BRANCHES: &str = "chart-review-branches";
const BRANCH_TABLE: &str = "table-review-branches";
const STARS: &str = "chart-review-stars";
const TREND: &str = "chart-review-trend";
/// Branches shown with their recent reviews.
const WORST: usize = 3;
/// Recent reviews per branch.
const RECENT: usize = 3;

/// The page.
#[component]
pub fn Resenas() -> impl IntoView {
    view! {
        <DataGate needs=NEEDS>
            <p class="note">{t("Las reseñas públicas no tienen cliente, canal ni agente: solo las filtran las fechas y la plataforma.", "Public reviews have no customer, channel or agent: only dates and platform filter them.")}</p>
            <Tiles />
            <div class="grid2">
                <Branches />
                <Platforms />
            </div>
            <BranchTable />
            <div class="grid2">
                <Stars />
                <Trend />
            </div>
            <Worst />
        </DataGate>
    }
}

fn share(s: &ReviewStats, stars: std::ops::RangeInclusive<usize>) -> Option<f64> {
    (s.n > 0).then(|| {
        let k: u64 = stars.map(|i| s.stars[i - 1]).sum();
        k as f64 * 100.0 / s.n as f64
    })
}

#[component]
fn Tiles() -> impl IntoView {
    let all = Memo::new(move |_| {
        with_selection("tiles", |e, sel| e.reviews(sel).into_iter().next()).flatten()
    });
    view! {
        <section class="kpis" data-testid="kpis" aria-label=t("Indicadores de reseñas", "Review indicators")>
            {move || all.get().map(|s| {
                let low = share(&s, 1..=2);
                let high = share(&s, 4..=5);
                view! {
                    <KpiTile label=t("Reseñas", "Reviews") value=format::int(s.n) raw=s.n.to_string() detail=String::new() testid="kpi-reviews" />
                    <KpiTile label=t("Estrellas (media)", "Stars (mean)") value=s.mean_stars.map_or("—".into(), |m| format::num(m, 2))
                        raw=s.mean_stars.map(|v| v.to_string()).unwrap_or_default() detail=t("de 1 a 5", "from 1 to 5").to_string() testid="kpi-stars" />
                    <KpiTile label=t("1–2 estrellas", "1–2 stars") value=low.map_or("—".into(), format::pct)
                        raw=low.map(|v| v.to_string()).unwrap_or_default() detail=t("reseñas negativas", "negative reviews").to_string() testid="kpi-low" />
                    <KpiTile label=t("4–5 estrellas", "4–5 stars") value=high.map_or("—".into(), format::pct)
                        raw=high.map(|v| v.to_string()).unwrap_or_default() detail=t("reseñas positivas", "positive reviews").to_string() testid="kpi-high" />
                }
            })}
        </section>
    }
}

fn mean_plan<'a>(rows: &[ReviewStats], axis: &'a str, horizontal: bool) -> Plan<'a> {
    Plan {
        keys: rows.iter().map(|r| r.platform.clone()).collect(),
        labels: rows.iter().map(|r| r.platform.clone()).collect(),
        // Horizontal bars carry the mean only (the counts are in the table below).
        series: std::iter::once(Series::new(
            t("Estrellas (media)", "Stars (mean)"),
            rows.iter().map(|r| r.mean_stars).collect(),
        ))
        .chain((!horizontal).then(|| {
            Series::new(
                t("Reseñas", "Reviews"),
                rows.iter().map(|r| Some(r.n as f64)).collect(),
            )
        }))
        .collect(),
        axis,
        range: Some((0.0, 5.0)),
        horizontal,
        line_axis: (!horizontal).then(|| (t("reseñas", "reviews"), vec![1])),
        ..Plan::default()
    }
}

#[component]
fn Platforms() -> impl IntoView {
    let plot = Memo::new(move |_| {
        with_selection(PLATFORMS, |e, sel| {
            let rows: Vec<ReviewStats> = e.reviews(sel).into_iter().skip(1).collect();
            chart::bars(mean_plan(&rows, t("estrellas", "stars"), false))
        })
        .flatten()
    });
    view! {
        <ChartCard id=PLATFORMS title=t("Estrellas por plataforma", "Stars by platform")
            option=Signal::derive(move || plot.get()) records=Dataset::Resenas />
    }
}

#[component]
fn Branches() -> impl IntoView {
    let plot = Memo::new(move |_| {
        with_selection(BRANCHES, |e, sel| {
            chart::bars(mean_plan(
                &e.review_branches(sel),
                t("estrellas", "stars"),
                true,
            ))
        })
        .flatten()
    });
    view! {
        <ChartCard id=BRANCHES title=t("Estrellas por sede (la peor primero)", "Stars by branch (worst first)")
            option=Signal::derive(move || plot.get()) records=Dataset::Resenas />
    }
}

#[component]
fn BranchTable() -> impl IntoView {
    let rows = Memo::new(move |_| {
        with_selection(BRANCH_TABLE, |e, sel| e.review_branches(sel)).unwrap_or_default()
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{t("Sedes", "Branches")}</h2>
                <div class="card-tools"><CsvButton table=BRANCH_TABLE /><RecordsLink dataset=Dataset::Resenas id="branches-records" /></div>
            </div>
            <div class="table-wrap" tabindex="0">
                <table class="dist" id=BRANCH_TABLE data-testid=BRANCH_TABLE>
                    <thead><tr>
                        <th scope="col">{t("Sede", "Branch")}</th>
                        <th scope="col" class="num">{t("Reseñas", "Reviews")}</th>
                        <th scope="col" class="num">{t("Estrellas (media)", "Stars (mean)")}</th>
                        <th scope="col" class="num">{t("1–2 estrellas", "1–2 stars")}</th>
                        <th scope="col" class="num">"★1"</th><th scope="col" class="num">"★2"</th><th scope="col" class="num">"★3"</th><th scope="col" class="num">"★4"</th><th scope="col" class="num">"★5"</th>
                    </tr></thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|r| {
                            let low = share(&r, 1..=2);
                            view! {
                                <tr data-branch=r.platform.clone() data-n=r.n.to_string()
                                    data-mean=r.mean_stars.map(|v| v.to_string()).unwrap_or_default()>
                                    <th scope="row">{r.platform.clone()}</th>
                                    <td class="num">{format::int(r.n)}</td>
                                    <td class="num">{r.mean_stars.map_or("—".into(), |m| format::num(m, 2))}</td>
                                    <td class="num">{low.map_or("—".into(), format::pct)}</td>
                                    {r.stars.iter().map(|s| view! { <td class="num">{format::int(*s)}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                        {move || rows.with(Vec::is_empty).then(|| no_rows(9))}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Stars() -> impl IntoView {
    let plot = Memo::new(move |_| {
        with_selection(STARS, |e, sel| {
            let rows = e.reviews(sel);
            let names: Vec<String> = rows
                .iter()
                .map(|r| {
                    if r.platform == "all" {
                        t("Todas", "All").to_string()
                    } else {
                        r.platform.clone()
                    }
                })
                .collect();
            chart::bars(Plan {
                keys: rows.iter().map(|r| r.platform.clone()).collect(),
                labels: names,
                series: (1..=5)
                    .map(|k| {
                        Series::new(
                            format!("{k} ★ (%)"),
                            rows.iter().map(|r| share(r, k..=k)).collect(),
                        )
                    })
                    .collect(),
                axis: "%",
                stacked: true,
                range: Some((0.0, 100.0)),
                ..Plan::default()
            })
        })
        .flatten()
    });
    view! {
        <ChartCard id=STARS title=t("Distribución de estrellas", "Star distribution")
            note=t("Porcentaje de reseñas con cada puntuación, en total y por plataforma.", "Share of reviews with each rating, overall and per platform.")
            option=Signal::derive(move || plot.get()) records=Dataset::Resenas />
    }
}

#[component]
fn Trend() -> impl IntoView {
    let (option, on_click) = period_chart(TREND, |e, sel, step, highlight| {
        let s = e.review_series(sel, step);
        let mut platforms: Vec<String> = s
            .iter()
            .flat_map(|p| p.value.iter().skip(1).map(|r| r.platform.clone()))
            .collect();
        platforms.sort();
        platforms.dedup();
        let mean_of = |p: &cx_engine::kpis::headline::Step<Vec<ReviewStats>>, name: &str| {
            p.value
                .iter()
                .find(|r| r.platform == name)
                .and_then(|r| r.mean_stars)
        };
        let mut series = vec![Series::new(
            t("Todas", "All"),
            s.iter().map(|p| mean_of(p, "all")).collect(),
        )];
        for name in &platforms {
            series.push(Series::new(
                name.clone(),
                s.iter().map(|p| mean_of(p, name)).collect(),
            ));
        }
        let (keys, labels) = periods(&s);
        Plot {
            option: chart::lines(Plan {
                keys: keys.clone(),
                labels,
                series,
                axis: t("estrellas", "stars"),
                range: Some((1.0, 5.0)),
                highlight,
                ..Plan::default()
            }),
            keys,
        }
    });
    view! {
        <ChartCard id=TREND title=t("Estrellas en el tiempo", "Stars over time")
            note=t("Media de estrellas por período. Clic en un período para filtrarlo.", "Mean stars per period. Click a period to filter it.")
            option=option on_click=on_click records=Dataset::Resenas />
    }
}

/// One review shown under its branch.
#[derive(Debug, Clone, PartialEq)]
struct Example {
    index: usize,
    day: String,
    stars: u8,
    text: String,
}

#[component]
fn Worst() -> impl IntoView {
    let store = use_store();
    let dash = use_dashboard();
    Effect::new(move |_| {
        store.manifest.track();
        store.need_texts();
    });
    let picked = Memo::new(move |_| {
        let sel = dash.selection.get().ok()?;
        let texts = store.texts.get()?;
        Some(store.engine.with(|e| {
            let lake = e.0.lake();
            e.0.review_branches(&sel)
                .into_iter()
                .take(WORST)
                .map(|b| {
                    let code = lake.branches.get(&b.platform);
                    let mut rows: Vec<Example> = (0..texts.len())
                        .filter(|&i| texts.source[i] == TextSource::Review)
                        .filter(|&i| {
                            let r = texts.row[i];
                            sel.reviews.binary_search(&r).is_ok()
                                && lake.reviews.branch.get(r as usize).map(|c| u32::from(*c))
                                    == code
                        })
                        .map(|i| {
                            let r = texts.row[i] as usize;
                            Example {
                                index: i,
                                day: cx_engine::calendar::day_label(
                                    cx_engine::calendar::day_of_ms(texts.at_ms[i]),
                                ),
                                stars: lake.reviews.stars.get(r).copied().unwrap_or(0),
                                text: texts.text(i).to_string(),
                            }
                        })
                        .collect();
                    rows.sort_by(|a, b| b.day.cmp(&a.day).then(b.index.cmp(&a.index)));
                    rows.truncate(RECENT);
                    (b, rows)
                })
                .collect::<Vec<_>>()
        }))
    });
    // Classify just the reviews shown; stop when the page goes.
    Effect::new(move |_| {
        if let Some(p) = picked.get() {
            store.classify(
                p.iter()
                    .flat_map(|(_, r)| r.iter().map(|x| x.index))
                    .collect(),
            );
        }
    });
    on_cleanup(move || store.stop_classifying());
    view! {
        <section class="card" aria-labelledby="worst-title">
            <h2 id="worst-title">{t("Sedes con peor valoración: reseñas recientes", "Lowest-rated branches: recent reviews")}</h2>
            {move || match picked.get() {
                None => view! { <p class="loading">{crate::labels::loading()}</p> }.into_any(),
                Some(list) => view! {
                    <div class="worst" data-testid="worst-branches">
                        {list.into_iter().map(|(b, rows)| view! {
                            <article class="branch" data-branch=b.platform.clone()>
                                <h3>{b.platform.clone()} " · " {b.mean_stars.map_or("—".into(), |m| format::num(m, 2))} " ★ · " {format!("{} {}", format::int(b.n), t("reseñas", "reviews"))}</h3>
                                <ul class="examples">
                                    {rows.into_iter().map(|x| {
                                        let idx = x.index;
                                        let label = move || store.with_scores(|s| s.get(idx).copied().flatten().map(|sc| sc.label));
                                        view! {
                                            <li>
                                                <span class="stars" aria-hidden="true">{"★".repeat(usize::from(x.stars.min(5)))}</span>
                                                <span class="sr-only">{format!("{} {}", x.stars.min(5), t("de 5 estrellas", "out of 5 stars"))}</span> " "
                                                <small>{format::day(&x.day)}</small> " "
                                                <span class="sentiment" data-testid="review-sentiment">{move || match label() {
                                                    Some(sentiment::Label::Neg) => t("negativa", "negative"),
                                                    Some(sentiment::Label::Neu) => t("neutral", "neutral"),
                                                    Some(sentiment::Label::Pos) => t("positiva", "positive"),
                                                    None => "…",
                                                }}</span>
                                                <blockquote lang="es">{x.text}</blockquote>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </article>
                        }).collect_view()}
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
