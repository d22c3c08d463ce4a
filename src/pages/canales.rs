//! *Canales*: teléfono, WhatsApp, email, web and presencial side by side — volume, CSAT, NPS,
//! resolution, speed and abandonment — with contacts by weekday and hour.

use cx_engine::kpis::channels::ChannelRow;
use cx_engine::Dataset;
use leptos::prelude::*;

use crate::i18n::t;

use super::common::{with_selection, Plot, Reuse, CONTACT_NEEDS};
use crate::chart;
use crate::components::{ChartCard, DataGate};
use crate::format;
use crate::labels;
use crate::state::{use_dashboard, CrossKind};

/// What the page reads.
pub const NEEDS: &[Dataset] = CONTACT_NEEDS;

const TABLE: &str = "table-channels";
const CSAT: &str = "chart-channel-csat";
const SHARE: &str = "chart-channel-share";
const HEAT: &str = "chart-hour-weekday";

/// The page.
#[component]
pub fn Canales() -> impl IntoView {
    // The table and both charts show the same channel figures: read once per filter change.
    let figures: Figures = Reuse::new();
    view! {
        <DataGate needs=NEEDS>
            <ChannelTable figures=figures />
            <div class="two">
                <ChannelChart id=CSAT title=t("CSAT por canal", "CSAT by channel") note=t("% de respuestas 4–5 de 5; clic para filtrar el canal.", "% of answers 4–5 out of 5; click to filter the channel.") csat=true figures=figures />
                <ChannelChart id=SHARE title=t("Contactos por canal", "Contacts by channel") note=t("Participación en el período; clic para filtrar el canal.", "Share in the period; click to filter the channel.") csat=false figures=figures />
            </div>
            <Heat />
        </DataGate>
    }
}

/// The channel figures of a selection, shared by the page's cards.
type Figures = Reuse<(), Vec<ChannelRow>>;

fn opt(v: Option<f64>, show: fn(f64) -> String) -> String {
    v.map_or_else(|| "—".to_string(), show)
}

#[component]
fn ChannelTable(figures: Figures) -> impl IntoView {
    let dash = use_dashboard();
    let rows = Memo::new(move |_| {
        figures
            .get(TABLE, (), |e, sel| e.channels(sel))
            .map(|r| r.to_vec())
            .unwrap_or_default()
    });
    let selected = move || dash.highlight(TABLE);
    view! {
        <section class="card">
            <div class="card-head">
                <h2>{t("Canales lado a lado", "Channels side by side")}</h2>
                <div class="card-tools"><crate::export::CsvButton table=TABLE /></div>
            </div>
            <p class="note">{t("Resolución: FCR de llamadas atendidas, conversaciones resueltas, tickets resueltos. Primera respuesta: espera en cola (teléfono), primera respuesta (WhatsApp, tickets), medianas. Clic en una fila para filtrar el canal.", "Resolution: FCR of answered calls, resolved conversations, solved tickets. First response: queue wait (phone), first reply (WhatsApp, tickets), medians. Click a row to filter the channel.")}</p>
            <div class="table-wrap" tabindex="0">
                <table class="dist" id=TABLE data-testid=TABLE>
                    <thead><tr>
                        <th>{t("Canal", "Channel")}</th><th class="num">{t("Contactos", "Contacts")}</th><th class="num">"CSAT"</th><th class="num">"NPS"</th>
                        <th class="num">{t("Resolución", "Resolution")}</th><th class="num">"AHT"</th><th class="num">{t("Primera respuesta", "First response")}</th>
                        <th class="num">{t("Abandono", "Abandonment")}</th><th class="num">"SLA"</th>
                    </tr></thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|r: ChannelRow| {
                            let key = r.channel.to_string();
                            let is_sel = selected().as_deref() == Some(r.channel);
                            let click_key = key.clone();
                            view! {
                                <tr data-channel=crate::url::channel_key(r.channel).to_string()
                                    data-csat=r.csat.map(|v| v.to_string()).unwrap_or_default()
                                    data-contacts=r.contacts.to_string()
                                    class:selected=is_sel tabindex="0" role="button"
                                    on:click=move |_| dash.cross(CrossKind::Canal, click_key.clone(), TABLE)
                                    on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); dash.cross(CrossKind::Canal, key.clone(), TABLE) }>
                                    <td>{labels::channel(r.channel)}</td>
                                    <td class="num">{format::int(r.contacts)}</td>
                                    <td class="num">{opt(r.csat, format::pct)}</td>
                                    <td class="num">{r.nps.map_or("—".to_string(), |n| if n.n() < crate::chart::MIN_NPS_N {
                                        format!("{} (n = {}, {})", format::signed(n.score), n.n(), t("muestra pequeña", "small sample"))
                                    } else {
                                        format!("{} ± {}", format::signed(n.score), format::num(n.margin95, 1))
                                    })}</td>
                                    <td class="num">{opt(r.resolution, format::pct)}</td>
                                    <td class="num">{opt(r.aht_s, format::duration)}</td>
                                    <td class="num">{opt(r.first_response_s, format::duration)}</td>
                                    <td class="num">{opt(r.abandonment, format::pct)}</td>
                                    <td class="num">{opt(r.sla, format::pct)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn ChannelChart(
    id: &'static str,
    title: &'static str,
    note: &'static str,
    csat: bool,
    figures: Figures,
) -> impl IntoView {
    let dash = use_dashboard();
    let plot = Memo::new(move |_| {
        let highlight = dash.highlight(id);
        figures
            .get(id, (), |e, sel| e.channels(sel))
            .map(|rows| {
                let (option, keys) = if csat {
                    let keys = rows
                        .iter()
                        .filter(|r| r.csat.is_some())
                        .map(|r| r.channel.to_string())
                        .collect();
                    (chart::channel_csat(&rows, highlight.as_deref()), keys)
                } else {
                    let keys = rows
                        .iter()
                        .filter(|r| r.contacts > 0)
                        .map(|r| r.channel.to_string())
                        .collect();
                    (chart::channel_share(&rows, highlight.as_deref()), keys)
                };
                Plot { option, keys }
            })
            .unwrap_or_default()
    });
    let on_click = Callback::new(move |c: crate::echarts::Click| {
        if let Some(key) = plot.with_untracked(|p| p.key_at(&c)) {
            dash.cross(CrossKind::Canal, key, id);
        }
    });
    view! { <ChartCard records=cx_engine::Dataset::Encuestas id=id title=title note=note option=Signal::derive(move || plot.with(|p| p.option.clone())) on_click=on_click /> }
}

#[component]
fn Heat() -> impl IntoView {
    let dash = use_dashboard();
    let plot = Memo::new(move |_| {
        let cell = dash
            .highlight(HEAT)
            .and_then(|v| crate::state::slot(&v))
            .map(|(d, h)| (usize::from(d - 1), usize::from(h)));
        with_selection(HEAT, |e, sel| {
            chart::heatmap(&e.contacts_by_hour(sel), cell)
        })
        .flatten()
    });
    let on_click = Callback::new(move |c: crate::echarts::Click| {
        // A cell's value is [hour, weekday (0 = Monday), contacts].
        let at = |k: usize| c.value.get(k).and_then(serde_json::Value::as_u64);
        if let (Some(h), Some(d)) = (at(0), at(1)) {
            dash.cross(CrossKind::Franja, format!("{}-{h:02}", d + 1), HEAT);
        }
    });
    view! {
        <ChartCard records=cx_engine::Dataset::Llamadas id=HEAT title=t("Contactos por día de la semana y hora", "Contacts by weekday and hour")
            note=t("Llamadas, conversaciones y tickets por hora de inicio (hora de Lima); clic en una celda para filtrar esa franja.", "Calls, conversations and tickets by start hour (Lima time); click a cell to filter that slot.")
            option=Signal::derive(move || plot.get()) on_click=on_click />
    }
}
