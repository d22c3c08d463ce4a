//! *Sentimiento*: the customer texts under the dashboard's filter, classified in the browser in
//! chunks (only while the page is open; what is classified stays for the visit), with the
//! distribution and monthly trend by source, the aspects, recent examples with the deciding words
//! marked — narrowed by clicking a source or an aspect — and a box to try the classifier.

use cx_engine::texts::{Counts, Focus, TextSource};
use cx_engine::Dataset;
use leptos::prelude::*;

use crate::i18n::t;
use sentiment::{analyze, Analysis, Aspect, Label};
use wasm_bindgen::JsCast;

use crate::api::DatasetError;
use crate::chart;
use crate::components::{ChartCard, DataGate, ErrorPanel};
use crate::format;
use crate::labels;
use crate::state::use_dashboard;
use crate::store::{use_store, Status};

/// What the page reads besides the texts (the filter reaches the texts through these rows).
pub const NEEDS: &[Dataset] = &[
    Dataset::Clientes,
    Dataset::Llamadas,
    Dataset::Tickets,
    Dataset::Whatsapp,
    Dataset::Encuestas,
    Dataset::Resenas,
    Dataset::Reclamaciones,
];

/// Examples of each polarity.
const EXAMPLES: usize = 5;

/// The page.
#[component]
pub fn Sentimiento() -> impl IntoView {
    view! {
        <DataGate needs=NEEDS>
            <TextsGate />
        </DataGate>
        <TryIt />
    }
}

#[component]
fn TextsGate() -> impl IntoView {
    let store = use_store();
    Effect::new(move |_| {
        store.manifest.track();
        store.text_status.track();
        store.need_texts();
    });
    let state = Memo::new(move |_| {
        let st = store.text_status.get();
        let waiting = TextSource::ALL.iter().any(|s| {
            !matches!(
                st.get(&s.dataset()),
                Some(Status::Ready | Status::Failed(_))
            )
        });
        let errors: Vec<DatasetError> = st
            .iter()
            .filter_map(|(d, s)| match s {
                Status::Failed(reason) => Some(DatasetError {
                    dataset: d.name().to_string(),
                    reason: reason.clone(),
                }),
                _ => None,
            })
            .collect();
        (waiting || store.texts.with(Option::is_none), errors)
    });
    let retry = Callback::new(move |()| store.retry());
    view! {
        {move || {
            let (waiting, errors) = state.get();
            if waiting {
                view! {
                    <div class="loading" data-testid="loading" aria-busy="true">
                        <div class="spinner"></div>
                        {t("Cargando los textos de los clientes…", "Loading the customers' texts…")}
                    </div>
                }.into_any()
            } else {
                view! {
                    {(!errors.is_empty()).then(|| view! { <ErrorPanel errors=errors on_retry=retry /> })}
                    <Classified />
                }.into_any()
            }
        }}
    }
}

#[component]
fn Classified() -> impl IntoView {
    let store = use_store();
    let dash = use_dashboard();
    let focus = RwSignal::new(Focus::default());
    // The texts of the current filter; classification follows it, and stops when the page goes.
    let wanted = Memo::new(move |_| {
        let sel = dash.selection.get().ok()?;
        store.texts.with(|t| t.as_ref().map(|t| t.selected(&sel)))
    });
    Effect::new(move |_| {
        if let Some(w) = wanted.get() {
            store.classify(w);
        }
    });
    on_cleanup(move || store.stop_classifying());
    let report = Memo::new(move |_| {
        let sel = dash.selection.get().ok()?;
        let f = focus.get();
        let texts = store.texts.get()?;
        wanted.with(|w| Some(store.sentiment(&texts, w.as_ref()?, &sel, &f, EXAMPLES)))
    });
    view! {
        {move || {
            let p = store.progress.get();
            let finished = !p.running && p.done >= p.total;
            view! {
                <p class="period" data-testid="sentiment-progress"
                    data-done=p.done.to_string() data-total=p.total.to_string()
                    data-finished=finished.to_string()
                    data-elapsed-ms=format!("{:.1}", p.elapsed_ms)
                    data-longest-chunk-ms=format!("{:.1}", p.longest_chunk_ms)
                    data-classifier=if p.in_worker { "worker" } else { "page" }>
                    {if finished {
                        format!("{} {}", format::int(p.total as u64), t("textos de este filtro clasificados en tu navegador", "texts of this filter classified in your browser"))
                    } else {
                        format!("{} {} {} {} {}", t("Clasificando", "Classifying"), format::int(p.done as u64), t("de", "of"), format::int(p.total as u64), t("textos…", "texts…"))
                    }}
                </p>
            }
        }}
        {move || dash.effective.with(|f| {
            let contact = !(f.channels.is_empty() && f.teams.is_empty() && f.agents.is_empty() && f.categories.is_empty());
            let customer = !(f.regions.is_empty() && f.segments.is_empty());
            let mut notes = Vec::new();
            if contact {
                notes.push(t("las reseñas y el libro de reclamaciones no registran canal, equipo, agente ni categoría", "reviews and the complaint book record no channel, team, agent or category"));
            }
            if customer {
                notes.push(t("las reseñas no tienen cliente: región y segmento no las filtran", "reviews have no customer: region and segment do not filter them"));
            }
            (!notes.is_empty()).then(|| view! {
                <p class="note" data-testid="sentiment-unfiltered">
                    {format!("{}: {}.", t("Con este filtro se muestran todos los textos del período de lo que no lo registra", "Under this filter, all texts of the period are shown for what does not record it"), notes.join("; "))}
                </p>
            })
        })}
        {move || focus.get().ne(&Focus::default()).then(|| {
            let f = focus.get();
            let what = match (f.source, f.aspect) {
                (Some(s), _) => format!("{} {}", t("fuente", "source"), labels::source(s)),
                (_, Some(a)) => format!("{} {}", t("aspecto", "aspect"), labels::aspect(a)),
                _ => String::new(),
            };
            view! {
                <div class="chips"><span class="chip" data-testid="chip-focus">{format!("{} {what}", t("Ejemplos de", "Examples of"))}
                    <button type="button" class="chip-x" aria-label=t("Quitar", "Remove") on:click=move |_| focus.set(Focus::default())>"×"</button></span></div>
            }
        })}
        {move || report.get().map(|r| {
            let f = focus.get();
            if r.counts.total() == 0 && !store.progress.with(|p| p.running) {
                return view! { <p class="empty" data-testid="sentiment-empty">{labels::no_data()}</p> }.into_any();
            }
            view! {
                <section class="kpis" data-testid="sentiment-summary">
                    <Share label=t("Positivo", "Positive") class="pos" n=r.counts.pos of=r.counts.total() testid="sent-pos" />
                    <Share label=t("Neutro", "Neutral") class="neu" n=r.counts.neu of=r.counts.total() testid="sent-neu" />
                    <Share label=t("Negativo", "Negative") class="neg" n=r.counts.neg of=r.counts.total() testid="sent-neg" />
                </section>
                <section class="card">
                    <div class="card-head">
                        <h2>{t("Por fuente", "By source")}</h2>
                        <div class="card-tools"><crate::export::CsvButton table="sentiment-by-source" /></div>
                    </div>
                    <p class="note">{t("Clic en una fuente para ver sus ejemplos.", "Click a source to see its examples.")}</p>
                    <table class="dist" id="sentiment-by-source" data-testid="sentiment-by-source">
                        <thead><tr><th>{t("Fuente", "Source")}</th><th class="num">{t("Textos", "Texts")}</th><th>{t("Distribución", "Distribution")}</th><th class="num">{t("Neto", "Net")}</th></tr></thead>
                        <tbody>
                            {r.by_source.iter().filter(|s| s.counts.total() > 0).map(|s| {
                                let src = s.source;
                                view! {
                                    <tr data-source=src.key() class:selected=f.source == Some(src) tabindex="0" role="button"
                                        data-neg=s.counts.neg.to_string() data-neu=s.counts.neu.to_string() data-pos=s.counts.pos.to_string()
                                        on:click=move |_| focus.update(|f| *f = if f.source == Some(src) { Focus::default() } else { Focus { source: Some(src), aspect: None } })>
                                        <td>{labels::source(src)}</td>
                                        <td class="num">{format::int(u64::from(s.counts.total()))}</td>
                                        <td><StackBar counts=s.counts /></td>
                                        <td class="num">{net(&s.counts)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="card">
                    <div class="card-head">
                        <h2>{t("De qué hablan los clientes", "What customers talk about")}</h2>
                        <div class="card-tools"><crate::export::CsvButton table="sentiment-aspects" /></div>
                    </div>
                    <p class="note">{t("Clic en un aspecto para ver sus ejemplos.", "Click an aspect to see its examples.")}</p>
                    <table class="dist" id="sentiment-aspects" data-testid="sentiment-aspects">
                        <thead><tr><th>{t("Aspecto", "Aspect")}</th><th class="num">{t("Menciones", "Mentions")}</th><th>{t("Sentimiento", "Sentiment")}</th><th class="num">{t("Neto", "Net")}</th></tr></thead>
                        <tbody>
                            {r.aspects.iter().map(|a| {
                                let asp: Aspect = a.aspect;
                                view! {
                                    <tr data-aspect=asp.key() class:selected=f.aspect == Some(asp) tabindex="0" role="button"
                                        data-neg=a.counts.neg.to_string() data-pos=a.counts.pos.to_string()
                                        on:click=move |_| focus.update(|f| *f = if f.aspect == Some(asp) { Focus::default() } else { Focus { source: None, aspect: Some(asp) } })>
                                        <td>{labels::aspect(asp)}</td>
                                        <td class="num">{format::int(u64::from(a.counts.total()))}</td>
                                        <td><StackBar counts=a.counts /></td>
                                        <td class="num">{net(&a.counts)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }.into_any()
        })}
        <ChartCard records=cx_engine::Dataset::Resenas id="chart-sentiment-trend" title=t("Sentimiento neto por mes y fuente", "Net sentiment by month and source")
            note=t("Positivos − negativos, en % de los textos del mes.", "Positive − negative, in % of the month's texts.")
            option=Signal::derive(move || report.with(|r| r.as_ref().and_then(|r| chart::sentiment_trend(&r.monthly)))) />
        {move || {
            let r = report.get()?;
            let texts = store.texts.get()?;
            // Nothing classified in this filter: one empty state instead of empty cards.
            let recent = format::day(&r.recent_from.clone()?);
            let show = |ids: &[usize]| ids.iter().map(|&i| {
                view! { <Example text=texts.text(i).to_string() source=texts.source[i] /> }
            }).collect_view();
            Some(view! {
                <section class="examples">
                    <div class="card" data-testid="most-negative">
                        <h2>{t("Más negativos desde el ", "Most negative since ")} {recent.clone()}</h2>
                        <ul>{show(&r.most_negative)}</ul>
                    </div>
                    <div class="card" data-testid="most-positive">
                        <h2>{t("Más positivos desde el ", "Most positive since ")} {recent}</h2>
                        <ul>{show(&r.most_positive)}</ul>
                    </div>
                </section>
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
            <div class="kpi-detail">{format::int(u64::from(n))} {t(" textos", " texts")}</div>
        </div>
    }
}

#[component]
fn StackBar(counts: Counts) -> impl IntoView {
    let t = f64::from(counts.total().max(1));
    let w = |n: u32| format!("width:{:.2}%", f64::from(n) / t * 100.0);
    view! {
        <div class="stack" title=format!("{} negativos · {} neutros · {} positivos", counts.neg, counts.neu, counts.pos)>
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
        let (Some(before), Some(word)) = (text.get(at..s), text.get(s..e)) else {
            continue;
        };
        parts.push(view! { <span>{before.to_string()}</span> }.into_any());
        let class = if w < 0.0 { "neg" } else { "pos" };
        parts.push(
            view! { <mark class=class title=format!("{w:+.1}")>{word.to_string()}</mark> }
                .into_any(),
        );
        at = e;
    }
    parts.push(view! { <span>{text.get(at..).unwrap_or_default().to_string()}</span> }.into_any());
    parts
}

#[component]
fn Example(text: String, source: TextSource) -> impl IntoView {
    let a = analyze(&text);
    view! {
        <li class="example" data-label=a.label.as_str() data-source=source.key()>
            <span class="source">{labels::source(source)}</span>
            <span class="score">{format!("{:+.2}", a.score)}</span>
            <p lang="es">{highlighted(&text, &a)}</p>
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
            <h2>{t("Prueba el clasificador", "Try the classifier")}</h2>
            <textarea lang="es" data-testid="try-input" rows="3" aria-label=t("Texto a clasificar", "Text to classify")
                prop:value=move || text.get()
                on:input=move |ev| {
                    if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                        text.set(t.value());
                    }
                }
            ></textarea>
            {move || {
                let a = result.get();
                let typed = text.get();
                if typed.trim().is_empty() {
                    return view! { <p class="note" data-testid="try-label">{t("Escriba un texto para clasificarlo.", "Type a text to classify it.")}</p> }.into_any();
                }
                let label = match a.label {
                    Label::Pos => t("positivo", "positive"),
                    Label::Neu => t("neutro", "neutral"),
                    Label::Neg => t("negativo", "negative"),
                };
                view! {
                    <p class=format!("verdict sent-{}", a.label.as_str()) data-testid="try-label" data-label=a.label.as_str()>
                        {label} {t(" · puntaje ", " · score ")} {format!("{:+.2}", a.score + 0.0)}
                        {(!a.notes.is_empty()).then(|| format!(" · {}", a.notes.iter().map(|n| labels::model_term(n)).collect::<Vec<_>>().join(", ")))}
                    </p>
                    <p class="try-text" lang="es" data-testid="try-highlighted">{highlighted(&typed, &a)}</p>
                    <ul class="evidence">
                        {a.evidence.iter().map(|e| view! {
                            <li>
                                <code lang="es">{e.text.clone()}</code> " " {format!("{:+.1}", e.weight)}
                                " (" {labels::model_term(e.source)} {(!e.rules.is_empty()).then(|| format!("; {}", e.rules.iter().map(|r| labels::model_term(r)).collect::<Vec<_>>().join(", ")))} ")"
                            </li>
                        }).collect_view()}
                        {a.aspects.iter().map(|m| view! {
                            <li class="aspect">{t("aspecto: ", "aspect: ")} {labels::aspect(m.aspect)} " " {format!("{:+.1}", m.score)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
