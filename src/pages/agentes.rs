//! *Agentes*: the scorecard of every agent (volume, CSAT, AHT, FCR, rank and quartile within the
//! team) — sortable on every column, searchable, paginated — and AHT × CSAT with team medians.

use std::cmp::Ordering;

use cx_engine::kpis::agents::{team_medians, AgentCard};
use cx_engine::Dataset;
use leptos::prelude::*;

use crate::i18n::t;

use super::common::{Plot, Reuse, CONTACT_NEEDS};
use crate::chart;
use crate::components::{ChartCard, DataGate};
use crate::format;
use crate::labels;
use crate::state::{use_dashboard, CrossKind};

/// What the page reads.
pub const NEEDS: &[Dataset] = CONTACT_NEEDS;

const TABLE: &str = "table-agents";
const SCATTER: &str = "chart-agents";
/// Rows per page of the table.
const PAGE: usize = 25;

/// The page.
#[component]
pub fn Agentes() -> impl IntoView {
    // The table and the scatter show the same scorecards: read once per filter change.
    let cards: Cards = Reuse::new();
    view! {
        <DataGate needs=NEEDS>
            <Scorecard cards=cards />
            <Scatter cards=cards />
        </DataGate>
    }
}

/// The agents' scorecards of a selection, shared by the page's cards.
type Cards = Reuse<(), Vec<AgentCard>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Agent,
    Team,
    Volume,
    Csat,
    Aht,
    Fcr,
    Rank,
}

impl Col {
    const ALL: [(Col, (&'static str, &'static str), &'static str); 7] = [
        (Col::Agent, ("Agente", "Agent"), "agent"),
        (Col::Team, ("Equipo", "Team"), "team"),
        (Col::Volume, ("Volumen", "Volume"), "volume"),
        (Col::Csat, ("CSAT", "CSAT"), "csat"),
        (Col::Aht, ("AHT", "AHT"), "aht"),
        (Col::Fcr, ("FCR", "FCR"), "fcr"),
        (Col::Rank, ("Puesto en el equipo", "Rank in team"), "rank"),
    ];

    fn cmp(self, a: &AgentCard, b: &AgentCard) -> Ordering {
        // Missing values sort last in either direction (handled by the caller).
        let f = |x: Option<f64>, y: Option<f64>| {
            x.unwrap_or(f64::NAN).total_cmp(&y.unwrap_or(f64::NAN))
        };
        match self {
            Col::Agent => a.row.agent.cmp(&b.row.agent),
            Col::Team => a
                .row
                .team
                .cmp(&b.row.team)
                .then(a.row.agent.cmp(&b.row.agent)),
            Col::Volume => a.row.volume.cmp(&b.row.volume),
            Col::Csat => f(a.row.csat, b.row.csat),
            Col::Aht => f(a.row.aht_s, b.row.aht_s),
            Col::Fcr => f(a.row.fcr, b.row.fcr),
            Col::Rank => a
                .row
                .rank
                .unwrap_or(u32::MAX)
                .cmp(&b.row.rank.unwrap_or(u32::MAX)),
        }
    }

    fn missing(self, a: &AgentCard) -> bool {
        match self {
            Col::Csat | Col::Rank => a.row.csat.is_none(),
            Col::Aht => a.row.aht_s.is_none(),
            Col::Fcr => a.row.fcr.is_none(),
            _ => false,
        }
    }
}

#[component]
fn Scorecard(cards: Cards) -> impl IntoView {
    let dash = use_dashboard();
    let cards = Memo::new(move |_| {
        cards
            .get(TABLE, (), |e, sel| e.agents(sel))
            .map(|c| c.to_vec())
            .unwrap_or_default()
    });
    let sort = RwSignal::new((Col::Team, true));
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    let rows = Memo::new(move |_| {
        let (col, asc) = sort.get();
        let q = search.get().trim().to_lowercase();
        let mut v: Vec<AgentCard> = cards
            .get()
            .into_iter()
            .filter(|c| {
                q.is_empty()
                    || c.row.agent.to_lowercase().contains(&q)
                    || labels::team(&c.row.team).to_lowercase().contains(&q)
            })
            .collect();
        v.sort_by(|a, b| match (col.missing(a), col.missing(b)) {
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => {
                let o = col.cmp(a, b);
                if asc {
                    o
                } else {
                    o.reverse()
                }
            }
        });
        v
    });
    let pages = move || rows.with(|r| r.len().div_ceil(PAGE).max(1));
    Effect::new(move |_| {
        // A new search or filter starts on the first page.
        search.track();
        cards.track();
        page.set(0);
    });
    let selected = move || dash.highlight(TABLE);
    // Every agent of the search, in the table's order (the table shows a page of them).
    let all_rows = Callback::new(move |()| {
        let mut out = vec![Col::ALL
            .iter()
            .map(|(_, l, _)| t(l.0, l.1).to_string())
            .chain([t("Cuartil", "Quartile").to_string()])
            .collect::<Vec<_>>()];
        rows.with_untracked(|r| {
            out.extend(r.iter().map(|c| {
                vec![
                    c.row.agent.clone(),
                    labels::team(&c.row.team),
                    c.row.volume.to_string(),
                    c.row.csat.map_or(String::new(), |v| format!("{v:.1}")),
                    c.row.aht_s.map_or(String::new(), |v| format!("{v:.0}")),
                    c.row.fcr.map_or(String::new(), |v| format!("{v:.1}")),
                    c.row.rank.map_or(String::new(), |r| r.to_string()),
                    c.quartile.map_or(String::new(), |q| q.to_string()),
                ]
            }))
        });
        out
    });
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{t("Desempeño por agente", "Performance by agent")}</h2>
                <div class="card-tools">
                    <crate::export::CsvButton table=TABLE rows=all_rows />
                    <crate::export::RecordsLink dataset=Dataset::Llamadas id="agents-records" />
                </div>
            </div>
            <p class="note">{t("CSAT de las encuestas sobre el agente; AHT de sus llamadas; FCR de llamadas y conversaciones. Cuartil dentro del equipo por CSAT (4 = cuarto inferior, en rojo). Clic en una fila para filtrar el agente.", "CSAT of the surveys about the agent; AHT of their calls; FCR of calls and conversations. Quartile within the team by CSAT (4 = bottom quarter, in red). Click a row to filter the agent.")}</p>
            <div class="table-tools">
                <label class="field"><span>{t("Buscar", "Search")}</span>
                    <input type="search" data-testid="agents-search" placeholder="T-07, WhatsApp…"
                        prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
                </label>
                <span class="note" data-testid="agents-count">{move || match rows.with(Vec::len) {
                    0 => labels::no_data().to_string(),
                    n => format!("{n} {}", t("agentes", "agents")),
                }}</span>
            </div>
            <div class="table-wrap" tabindex="0">
                <table class="dist sortable" id=TABLE data-testid=TABLE>
                    <thead><tr>
                        {Col::ALL.iter().map(|&(col, label, key)| {
                            let aria = move || match sort.get() {
                                (c, true) if c == col => "ascending",
                                (c, false) if c == col => "descending",
                                _ => "none",
                            };
                            view! {
                                <th aria-sort=aria class:num=!matches!(col, Col::Agent | Col::Team)>
                                    <button class="sort" data-testid=format!("sort-{key}")
                                        on:click=move |_| sort.update(|s| *s = if s.0 == col { (col, !s.1) } else { (col, true) })>
                                        {t(label.0, label.1)}
                                        {move || match sort.get() { (c, true) if c == col => " ▲", (c, false) if c == col => " ▼", _ => "" }}
                                    </button>
                                </th>
                            }
                        }).collect_view()}
                        <th class="num">{t("Cuartil", "Quartile")}</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let sel = selected();
                            rows.with(|r| r.iter().skip(page.get() * PAGE).take(PAGE).map(|c| {
                                let agent = c.row.agent.clone();
                                let (a1, a2) = (agent.clone(), agent.clone());
                                let q = c.quartile;
                                view! {
                                    <tr data-agent=agent.clone() data-quartile=q.map(|q| q.to_string()).unwrap_or_default()
                                        data-csat=c.row.csat.map(|v| v.to_string()).unwrap_or_default()
                                        class:q4=q == Some(4) class:selected=sel.as_deref() == Some(agent.as_str())
                                        tabindex="0" role="button"
                                        on:click=move |_| dash.cross(CrossKind::Agente, a1.clone(), TABLE)
                                        on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); dash.cross(CrossKind::Agente, a2.clone(), TABLE) }>
                                        <td>{agent.clone()}</td>
                                        <td>{labels::team(&c.row.team)}</td>
                                        <td class="num">{format::int(c.row.volume)}</td>
                                        <td class="num">{c.row.csat.map_or("—".into(), format::pct)} <small>{format!(" n={}", c.row.csat_n)}</small></td>
                                        <td class="num">{c.row.aht_s.map_or("—".into(), format::duration)}</td>
                                        <td class="num">{c.row.fcr.map_or("—".into(), format::pct)}</td>
                                        <td class="num">{c.row.rank.map_or("—".into(), |r| format!("{r} {} {}", t("de", "of"), c.ranked_in_team))}</td>
                                        <td class="num">{q.map_or("—".into(), |q| format!("Q{q}"))}</td>
                                    </tr>
                                }
                            }).collect_view())
                        }}
                    </tbody>
                </table>
            </div>
            <div class="pager" data-testid="agents-pager">
                <button type="button" on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled={move || page.get() == 0}>{t("‹ Anterior", "‹ Previous")}</button>
                <span>{move || format!("{} {} {} {}", t("Página", "Page"), page.get() + 1, t("de", "of"), pages())}</span>
                <button type="button" on:click=move |_| page.update(|p| *p = (*p + 1).min(pages() - 1)) disabled={move || page.get() + 1 >= pages()}>{t("Siguiente ›", "Next ›")}</button>
            </div>
        </section>
    }
}

#[component]
fn Scatter(cards: Cards) -> impl IntoView {
    let dash = use_dashboard();
    let plot = Memo::new(move |_| {
        let highlight = dash.highlight(SCATTER);
        cards
            .get(SCATTER, (), |e, sel| e.agents(sel))
            .map(|cards| {
                let medians = team_medians(&cards);
                Plot {
                    option: chart::agents(&cards, &medians, highlight.as_deref()),
                    keys: Vec::new(),
                }
            })
            .unwrap_or_default()
    });
    let on_click = Callback::new(move |c: crate::echarts::Click| {
        if let Some(name) = c.name.filter(|n| !n.is_empty() && !n.contains(' ')) {
            dash.cross(CrossKind::Agente, name, SCATTER);
        }
    });
    view! {
        <ChartCard records=cx_engine::Dataset::Llamadas id=SCATTER title=t("AHT × CSAT por agente", "AHT × CSAT by agent")
            note=t("Agentes con llamadas (el AHT es de teléfono); líneas: medianas del equipo. Clic en un punto para filtrar el agente.", "Agents with calls (AHT is for phone); lines: team medians. Click a point to filter the agent.")
            option=Signal::derive(move || plot.with(|p| p.option.clone())) on_click=on_click />
    }
}
