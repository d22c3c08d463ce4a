//! The *Sentimiento* view: every customer text classified in the browser, in chunks between which
//! the page keeps answering; the distribution and monthly trend by source, the aspects, recent
//! examples with the deciding words marked, and a box to try the classifier.
//!
//! The numbers come from `cx_engine::texts::sentiment_report`; this component only lays them out.

use std::rc::Rc;

use cx_engine::texts::{score_range, sentiment_report, Counts, Scored, TextSource};
use cx_engine::Filter;
use leptos::prelude::*;
use sentiment::{analyze, Analysis, Label};
use wasm_bindgen::JsCast;

use crate::api::{load_texts, TextsLoad};
use crate::chart::sentiment_trend_chart;
use crate::components::{ChartCard, ErrorPanel};
use crate::format;

/// Texts classified between two yields to the browser.
const CHUNK: usize = 800;
/// How often the partial results are re-aggregated while classifying.
const REFRESH_MS: f64 = 500.0;
/// Examples of each polarity.
const EXAMPLES: usize = 5;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Lets the browser paint and handle input before the next chunk.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Classification progress and timings.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Progress {
    done: usize,
    total: usize,
    elapsed_ms: f64,
    longest_chunk_ms: f64,
}

/// The whole view.
#[component]
pub fn SentimentView(
    /// Where the data lives.
    base: String,
) -> impl IntoView {
    let load = LocalResource::new(move || load_texts(base.clone()));
    let retry = Callback::new(move |()| load.refetch());
    view! {
        {move || match load.get() {
            None => view! {
                <div class="loading" data-testid="loading" aria-busy="true">
                    <div class="spinner"></div>
                    "Loading the customer texts…"
                </div>
            }.into_any(),
            Some(Err(e)) => view! { <ErrorPanel errors=vec![e] on_retry=retry /> }.into_any(),
            Some(Ok(t)) => view! { <Classified load=t on_retry=retry /> }.into_any(),
        }}
        <TryIt />
    }
}

#[component]
fn Classified(load: Rc<TextsLoad>, on_retry: Callback<()>) -> impl IntoView {
    let texts = load.texts.clone();
    let total = texts.len();
    let progress = RwSignal::new(Progress {
        total,
        ..Progress::default()
    });
    let report = RwSignal::new(sentiment_report(&texts, &[], &Filter::default(), EXAMPLES));
    // The scores stay in the page for later filters; the engine aggregates them.
    let scored: StoredValue<Vec<Scored>, LocalStorage> = StoredValue::new_local(Vec::new());
    {
        let texts = texts.clone();
        leptos::task::spawn_local(async move {
            let start = now_ms();
            let mut longest = 0f64;
            let mut shown = start;
            let mut i = 0;
            while i < texts.len() {
                let end = (i + CHUNK).min(texts.len());
                let t0 = now_ms();
                let chunk = score_range(&texts, i..end);
                scored.update_value(|s| s.extend(chunk));
                // The view fills in as it goes: re-aggregated twice a second and at the end.
                if end == texts.len() || now_ms() - shown > REFRESH_MS {
                    let r = scored
                        .with_value(|s| sentiment_report(&texts, s, &Filter::default(), EXAMPLES));
                    report.set(r);
                    shown = now_ms();
                }
                longest = longest.max(now_ms() - t0);
                i = end;
                progress.set(Progress {
                    done: i,
                    total: texts.len(),
                    elapsed_ms: now_ms() - start,
                    longest_chunk_ms: longest,
                });
                yield_to_browser().await;
            }
        });
    }
    let errors = load.errors.clone();
    let texts_for_examples: StoredValue<Rc<cx_engine::texts::Texts>, LocalStorage> =
        StoredValue::new_local(texts);
    view! {
        {(!errors.is_empty()).then(|| view! { <ErrorPanel errors=errors on_retry=on_retry /> })}
        {move || {
            let p = progress.get();
            let finished = p.done == p.total;
            view! {
                <p
                    class="period"
                    data-testid="sentiment-progress"
                    data-done=p.done.to_string()
                    data-total=p.total.to_string()
                    data-finished=finished.to_string()
                    data-elapsed-ms=format!("{:.1}", p.elapsed_ms)
                    data-longest-chunk-ms=format!("{:.1}", p.longest_chunk_ms)
                >
                    {if finished {
                        format!(
                            "{} texts classified in your browser in {:.1} s (longest pause {:.0} ms)",
                            format::int(p.total as u64),
                            p.elapsed_ms / 1000.0,
                            p.longest_chunk_ms
                        )
                    } else {
                        format!(
                            "Classifying {} of {} texts…",
                            format::int(p.done as u64),
                            format::int(p.total as u64)
                        )
                    }}
                </p>
            }
        }}
        {move || {
            let r = report.get();
            view! {
                <section class="kpis" data-testid="sentiment-summary">
                    <Share label="Positive" class="pos" n=r.counts.pos of=r.counts.total() testid="sent-pos" />
                    <Share label="Neutral" class="neu" n=r.counts.neu of=r.counts.total() testid="sent-neu" />
                    <Share label="Negative" class="neg" n=r.counts.neg of=r.counts.total() testid="sent-neg" />
                </section>
                <section class="card">
                    <h2>"By source"</h2>
                    <table class="dist" data-testid="sentiment-by-source">
                        <thead><tr><th>"Source"</th><th>"Texts"</th><th>"Distribution"</th><th>"Net"</th></tr></thead>
                        <tbody>
                            {r.by_source.iter().filter(|s| s.counts.total() > 0).map(|s| view! {
                                <tr data-source=format!("{:?}", s.source).to_lowercase()
                                    data-neg=s.counts.neg.to_string() data-neu=s.counts.neu.to_string() data-pos=s.counts.pos.to_string()>
                                    <td>{s.source.name_es()}</td>
                                    <td class="num">{format::int(u64::from(s.counts.total()))}</td>
                                    <td><StackBar counts=s.counts /></td>
                                    <td class="num">{net(&s.counts)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="card">
                    <h2>"What customers talk about"</h2>
                    <table class="dist" data-testid="sentiment-aspects">
                        <thead><tr><th>"Aspect"</th><th>"Mentions"</th><th>"Sentiment"</th><th>"Net"</th></tr></thead>
                        <tbody>
                            {r.aspects.iter().map(|a| view! {
                                <tr data-aspect=a.aspect.key() data-neg=a.counts.neg.to_string() data-pos=a.counts.pos.to_string()>
                                    <td>{a.aspect.name_es()}</td>
                                    <td class="num">{format::int(u64::from(a.counts.total()))}</td>
                                    <td><StackBar counts=a.counts /></td>
                                    <td class="num">{net(&a.counts)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }
        }}
        <ChartCard
            id="chart-sentiment-trend"
            title="Net sentiment per month and source (positive − negative, % of texts)"
            make=move || report.with(|r| sentiment_trend_chart(&r.monthly))
        />
        {move || {
            let r = report.get();
            let finished = progress.with(|p| p.done == p.total);
            finished.then(|| {
                let recent = r.recent_from.clone().unwrap_or_default();
                let show = |ids: &[usize]| ids.iter().map(|&i| {
                    let (text, source) = texts_for_examples
                        .with_value(|t| (t.text(i).to_string(), t.source[i]));
                    view! { <Example text=text source=source /> }
                }).collect_view();
                view! {
                    <section class="examples">
                        <div class="card" data-testid="most-negative">
                            <h2>"Most negative since " {recent.clone()}</h2>
                            <ul>{show(&r.most_negative)}</ul>
                        </div>
                        <div class="card" data-testid="most-positive">
                            <h2>"Most positive since " {recent}</h2>
                            <ul>{show(&r.most_positive)}</ul>
                        </div>
                    </section>
                }
            })
        }}
    }
}

fn net(c: &Counts) -> String {
    c.net().map_or_else(|| "—".to_string(), format::signed)
}

#[component]
fn Share(
    label: &'static str,
    class: &'static str,
    n: u32,
    of: u32,
    testid: &'static str,
) -> impl IntoView {
    let pct = (of > 0).then(|| f64::from(n) / f64::from(of) * 100.0);
    view! {
        <div class=format!("kpi sent-{class}") data-testid=testid data-value=n.to_string()>
            <div class="kpi-label">{label}</div>
            <div class="kpi-value">{pct.map_or_else(|| "—".to_string(), format::pct)}</div>
            <div class="kpi-detail">{format::int(u64::from(n))} " texts"</div>
        </div>
    }
}

#[component]
fn StackBar(counts: Counts) -> impl IntoView {
    let t = f64::from(counts.total().max(1));
    let w = |n: u32| format!("width:{:.2}%", f64::from(n) / t * 100.0);
    view! {
        <div class="stack" title=format!("{} negative · {} neutral · {} positive", counts.neg, counts.neu, counts.pos)>
            <span class="neg" style=w(counts.neg)></span>
            <span class="neu" style=w(counts.neu)></span>
            <span class="pos" style=w(counts.pos)></span>
        </div>
    }
}

/// A text with the words that decided its label marked.
fn highlighted(text: &str, a: &Analysis) -> impl IntoView {
    let mut spans: Vec<(usize, usize, f32)> = a
        .evidence
        .iter()
        .filter(|e| e.weight.abs() >= 0.3)
        .map(|e| (e.start, e.end, e.weight))
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut parts = Vec::new();
    let mut at = 0;
    for (s, e, w) in spans {
        if s < at || e > text.len() {
            continue;
        }
        parts.push(view! { <span>{text[at..s].to_string()}</span> }.into_any());
        let class = if w < 0.0 { "neg" } else { "pos" };
        parts.push(
            view! { <mark class=class title=format!("{w:+.1}")>{text[s..e].to_string()}</mark> }
                .into_any(),
        );
        at = e;
    }
    parts.push(view! { <span>{text[at..].to_string()}</span> }.into_any());
    parts
}

#[component]
fn Example(text: String, source: TextSource) -> impl IntoView {
    let a = analyze(&text);
    view! {
        <li class="example" data-label=a.label.as_str()>
            <span class="source">{source.name_es()}</span>
            <span class="score">{format!("{:+.2}", a.score)}</span>
            <p>{highlighted(&text, &a)}</p>
        </li>
    }
}

/// A text box that classifies as the user types.
#[component]
fn TryIt() -> impl IntoView {
    let text = RwSignal::new(String::from(
        "La señorita fue muy amable, pero llevo 3 días sin internet 😡",
    ));
    let result = Memo::new(move |_| text.with(|t| analyze(t)));
    view! {
        <section class="card try" data-testid="try-classifier">
            <h2>"Try the classifier"</h2>
            <textarea
                data-testid="try-input"
                rows="3"
                prop:value=move || text.get()
                on:input=move |ev| {
                    if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                        text.set(t.value());
                    }
                }
            ></textarea>
            {move || {
                let a = result.get();
                let t = text.get();
                let label = match a.label {
                    Label::Pos => "positive",
                    Label::Neu => "neutral",
                    Label::Neg => "negative",
                };
                view! {
                    <p class=format!("verdict sent-{}", a.label.as_str()) data-testid="try-label" data-label=a.label.as_str()>
                        {label} " · score " {format!("{:+.2}", a.score)}
                        {(!a.notes.is_empty()).then(|| format!(" · {}", a.notes.join(", ")))}
                    </p>
                    <p class="try-text" data-testid="try-highlighted">{highlighted(&t, &a)}</p>
                    <ul class="evidence">
                        {a.evidence.iter().map(|e| view! {
                            <li>
                                <code>{e.text.clone()}</code> " " {format!("{:+.1}", e.weight)}
                                " (" {e.source} {(!e.rules.is_empty()).then(|| format!("; {}", e.rules.join(", ")))} ")"
                            </li>
                        }).collect_view()}
                        {a.aspects.iter().map(|m| view! {
                            <li class="aspect">"aspect: " {m.aspect.name_es()} " " {format!("{:+.1}", m.score)}</li>
                        }).collect_view()}
                    </ul>
                }
            }}
        </section>
    }
}
