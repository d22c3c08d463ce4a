use cx_engine::calendar::{civil_from_days, day_label, days_from_civil};
use cx_engine::schema::CHANNELS;
use cx_engine::{parse_day, Filter, Granularity};
use leptos::prelude::*;

use crate::labels;
use crate::state::{use_dashboard, CrossKind};
use crate::store::use_store;
use crate::url::channel_key;

/// A date preset of the filter bar; "today" is the last day of the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Preset {
    All,
    Last7,
    Last30,
    Last90,
    ThisMonth,
    PrevMonth,
    ThisQuarter,
}

impl Preset {
    const ALL: [Preset; 7] = [
        Preset::All,
        Preset::Last7,
        Preset::Last30,
        Preset::Last90,
        Preset::ThisMonth,
        Preset::PrevMonth,
        Preset::ThisQuarter,
    ];

    fn key(self) -> &'static str {
        match self {
            Preset::All => "todo",
            Preset::Last7 => "7d",
            Preset::Last30 => "30d",
            Preset::Last90 => "90d",
            Preset::ThisMonth => "mes",
            Preset::PrevMonth => "mes-anterior",
            Preset::ThisQuarter => "trimestre",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Preset::All => "Todo el período",
            Preset::Last7 => "Últimos 7 días",
            Preset::Last30 => "Últimos 30 días",
            Preset::Last90 => "Últimos 90 días",
            Preset::ThisMonth => "Este mes",
            Preset::PrevMonth => "Mes anterior",
            Preset::ThisQuarter => "Este trimestre",
        }
    }

    /// The days of the preset when the data ends on `today`.
    fn range(self, today: i32) -> Option<(i32, i32)> {
        let (y, m, _) = civil_from_days(today);
        let month_start = days_from_civil(y, m, 1);
        Some(match self {
            Preset::All => return None,
            Preset::Last7 => (today - 6, today),
            Preset::Last30 => (today - 29, today),
            Preset::Last90 => (today - 89, today),
            Preset::ThisMonth => (month_start, today),
            Preset::PrevMonth => (Granularity::Month.start(month_start - 1), month_start - 1),
            Preset::ThisQuarter => (days_from_civil(y, (m - 1) / 3 * 3 + 1, 1), today),
        })
    }
}

/// The global filter bar: dates (presets or two days), channel, region, segment, team, agent,
/// category, and the comparison switch. Every change is one URL history entry.
#[component]
pub fn FilterBar() -> impl IntoView {
    let dash = use_dashboard();
    let store = use_store();
    let today = Memo::new(move |_| {
        store.manifest.with(|m| {
            m.as_ref()
                .and_then(|m| m.as_ref().ok())
                .and_then(|m| parse_day(&m.date_to))
        })
    });
    let filter = Memo::new(move |_| dash.view.with(|v| v.filter.clone()));
    let preset = move || {
        let f = filter.get();
        let Some(t) = today.get() else {
            return "todo".to_string();
        };
        let current = match (
            f.from.as_deref().and_then(parse_day),
            f.to.as_deref().and_then(parse_day),
        ) {
            (None, None) => None,
            (Some(a), Some(b)) => Some((a, b)),
            _ => return "personalizado".into(),
        };
        Preset::ALL
            .iter()
            .find(|p| p.range(t) == current)
            .map_or("personalizado", |p| p.key())
            .to_string()
    };
    let set_preset = move |key: String| {
        let Some(t) = today.get_untracked() else {
            return;
        };
        let Some(p) = Preset::ALL.iter().find(|p| p.key() == key) else {
            return;
        };
        dash.update(|v| {
            let r = p.range(t);
            v.filter.from = r.map(|r| day_label(r.0));
            v.filter.to = r.map(|r| day_label(r.1));
            v.drop_cross(&[CrossKind::Mes, CrossKind::Semana, CrossKind::Dia]);
        });
    };
    let set_day = move |which: &'static str, value: String| {
        dash.update(|v| {
            let value = parse_day(&value).map(|_| value);
            if which == "desde" {
                v.filter.from = value;
            } else {
                v.filter.to = value;
            }
            // A range typed backwards is meant forwards.
            if let (Some(a), Some(b)) = (&v.filter.from, &v.filter.to) {
                if parse_day(b) < parse_day(a) {
                    std::mem::swap(&mut v.filter.from, &mut v.filter.to);
                }
            }
            v.drop_cross(&[CrossKind::Mes, CrossKind::Semana, CrossKind::Dia]);
        });
    };
    // The choices of each list come from the loaded data.
    let names = move |which: fn(&cx_engine::Lake) -> &cx_engine::Dict| {
        store.engine.with(|e| {
            let mut v: Vec<String> = which(e.lake()).iter().map(str::to_string).collect();
            v.sort();
            v
        })
    };
    let regions = Memo::new(move |_| names(|l| &l.regions));
    let segments = Memo::new(move |_| names(|l| &l.segments));
    let categories = Memo::new(move |_| names(|l| &l.categories));
    let agents = Memo::new(move |_| {
        let teams = filter.with(|f| f.teams.clone());
        names(|l| &l.agents)
            .into_iter()
            .filter(|a| teams.is_empty() || teams.iter().any(|t| a.starts_with(&format!("{t}-"))))
            .collect::<Vec<_>>()
    });
    let single = move |get: fn(&Filter) -> &Vec<String>| {
        move || filter.with(|f| get(f).first().cloned().unwrap_or_default())
    };
    let set_single = move |set: fn(&mut Filter) -> &mut Vec<String>, value: String| {
        dash.update(|v| {
            *set(&mut v.filter) = if value.is_empty() {
                Vec::new()
            } else {
                vec![value]
            };
        });
    };
    let select = move |id: &'static str,
                       label: &'static str,
                       all: &'static str,
                       options: Signal<Vec<(String, String)>>,
                       current: Signal<String>,
                       set: Callback<String>| {
        view! {
            <label class="field">
                <span>{label}</span>
                <select
                    data-testid=id
                    prop:value=move || current.get()
                    on:change=move |ev| set.run(event_target_value(&ev))
                >
                    <option value="">{all}</option>
                    {move || {
                        let cur = current.get();
                        options.get().into_iter().map(|(value, text)| {
                            let selected = value == cur;
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
        }
    };
    let same = |v: Vec<String>| v.into_iter().map(|x| (x.clone(), x)).collect::<Vec<_>>();
    view! {
        <section class="filter-bar" data-testid="filter-bar" aria-label="Filtros">
            <label class="field">
                <span>"Período"</span>
                <select data-testid="filter-preset" prop:value=preset on:change=move |ev| set_preset(event_target_value(&ev))>
                    {Preset::ALL.iter().map(|p| view! { <option value=p.key()>{p.label()}</option> }).collect_view()}
                    <option value="personalizado" disabled=true>"Personalizado"</option>
                </select>
            </label>
            <label class="field">
                <span>"Desde"</span>
                <input type="date" data-testid="filter-from"
                    prop:value=move || filter.with(|f| f.from.clone().unwrap_or_default())
                    on:change=move |ev| set_day("desde", event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>"Hasta"</span>
                <input type="date" data-testid="filter-to"
                    prop:value=move || filter.with(|f| f.to.clone().unwrap_or_default())
                    on:change=move |ev| set_day("hasta", event_target_value(&ev)) />
            </label>
            {select("filter-channel", "Canal", "Todos",
                Signal::derive(|| CHANNELS.iter().map(|c| (channel_key(c).to_string(), labels::channel(c))).collect()),
                Signal::derive(move || filter.with(|f| f.channels.first().map(|c| channel_key(c).to_string()).unwrap_or_default())),
                Callback::new(move |v: String| set_single(|f| &mut f.channels, CHANNELS.iter().find(|c| channel_key(c) == v).map(|c| c.to_string()).unwrap_or_default())))}
            {select("filter-region", "Región", "Todas",
                Signal::derive(move || same(regions.get())),
                Signal::derive(single(|f| &f.regions)),
                Callback::new(move |v| set_single(|f| &mut f.regions, v)))}
            {select("filter-segment", "Segmento", "Todos",
                Signal::derive(move || same(segments.get())),
                Signal::derive(single(|f| &f.segments)),
                Callback::new(move |v| set_single(|f| &mut f.segments, v)))}
            {select("filter-team", "Equipo", "Todos",
                Signal::derive(|| ["T", "W", "S"].iter().map(|t| (t.to_string(), labels::team(t))).collect()),
                Signal::derive(single(|f| &f.teams)),
                Callback::new(move |v| set_single(|f| &mut f.teams, v)))}
            {select("filter-agent", "Agente", "Todos",
                Signal::derive(move || same(agents.get())),
                Signal::derive(single(|f| &f.agents)),
                Callback::new(move |v| set_single(|f| &mut f.agents, v)))}
            {select("filter-category", "Categoría", "Todas",
                Signal::derive(move || same(categories.get())),
                Signal::derive(single(|f| &f.categories)),
                Callback::new(move |v| set_single(|f| &mut f.categories, v)))}
            <label class="field toggle">
                <input type="checkbox" data-testid="filter-compare"
                    prop:checked=move || dash.view.with(|v| v.compare)
                    on:change=move |ev| { let on = event_target_checked(&ev); dash.update(|v| v.compare = on); } />
                <span>"Comparar con el período anterior"</span>
            </label>
        </section>
    }
}

/// The active filters and the cross-filter as chips that remove themselves, and "clear all".
#[component]
pub fn Chips() -> impl IntoView {
    let dash = use_dashboard();
    let chips = move || {
        dash.view.with(|v| {
            let f = &v.filter;
            let mut out: Vec<(String, String, String)> = Vec::new(); // (testid, text, key)
            if f.from.is_some() || f.to.is_some() {
                let from = f
                    .from
                    .as_deref()
                    .map_or("…".to_string(), crate::format::day);
                let to = f.to.as_deref().map_or("…".to_string(), crate::format::day);
                out.push((
                    "chip-fechas".into(),
                    format!("Fechas: {from} – {to}"),
                    "fechas".into(),
                ));
            }
            let mut list =
                |key: &str, label: &str, values: &[String], show: &dyn Fn(&str) -> String| {
                    for value in values {
                        out.push((
                            format!("chip-{key}"),
                            format!("{label}: {}", show(value)),
                            format!("{key}\u{1f}{value}"),
                        ));
                    }
                };
            list("canal", "Canal", &f.channels, &|c| labels::channel(c));
            list("region", "Región", &f.regions, &|c| c.to_string());
            list("segmento", "Segmento", &f.segments, &|c| c.to_string());
            list("equipo", "Equipo", &f.teams, &|c| labels::team(c));
            list("agente", "Agente", &f.agents, &|c| c.to_string());
            list("categoria", "Categoría", &f.categories, &|c| c.to_string());
            if let Some(c) = &v.cross {
                let shown = match c.kind {
                    crate::state::CrossKind::Canal => labels::channel(&c.value),
                    crate::state::CrossKind::Mes => crate::format::month(&c.value),
                    crate::state::CrossKind::Semana => {
                        format!("del {}", crate::format::day(&c.value))
                    }
                    crate::state::CrossKind::Dia => crate::format::day(&c.value),
                    crate::state::CrossKind::Franja => {
                        crate::state::slot(&c.value).map_or(c.value.clone(), |(d, h)| {
                            format!(
                                "{} {h:02}:00–{h:02}:59",
                                labels::WEEKDAYS[usize::from(d - 1)]
                            )
                        })
                    }
                    _ => c.value.clone(),
                };
                out.push((
                    "chip-seleccion".into(),
                    format!("Selección · {}: {shown}", c.kind.label()),
                    "sel".into(),
                ));
            }
            out
        })
    };
    let remove = move |key: String| {
        dash.update(|v| {
            let f = &mut v.filter;
            match key.split_once('\u{1f}') {
                None if key == "fechas" => {
                    f.from = None;
                    f.to = None;
                }
                None => v.cross = None,
                Some((field, value)) => {
                    let list = match field {
                        "canal" => &mut f.channels,
                        "region" => &mut f.regions,
                        "segmento" => &mut f.segments,
                        "equipo" => &mut f.teams,
                        "agente" => &mut f.agents,
                        _ => &mut f.categories,
                    };
                    list.retain(|x| x != value);
                }
            }
        });
    };
    view! {
        <div class="chips" data-testid="chips" aria-live="polite">
            {move || {
                let all = chips();
                let any = !all.is_empty();
                view! {
                    {all.into_iter().map(|(testid, text, key)| {
                        let label = format!("Quitar filtro {text}");
                        view! {
                            <span class="chip" data-testid=testid>
                                {text}
                                <button class="chip-x" aria-label=label on:click=move |_| remove(key.clone())>"×"</button>
                            </span>
                        }
                    }).collect_view()}
                    {any.then(|| view! {
                        <button class="clear-all" data-testid="clear-all"
                            on:click=move |_| dash.update(|v| { v.filter = Filter::default(); v.cross = None; })>
                            "Quitar todos"
                        </button>
                    })}
                }
            }}
        </div>
    }
}

/// URL parameters that were ignored, each with what was expected; and filter values that the
/// loaded data does not hold (they match nothing).
#[component]
pub fn Notices() -> impl IntoView {
    let dash = use_dashboard();
    let store = use_store();
    let unknown = Memo::new(move |_| {
        let f = dash.effective.get();
        store.engine.with(|e| {
            use cx_engine::Dataset as D;
            let lake = e.lake();
            let mut out = Vec::new();
            let mut check = |ready: bool, values: &[String], dict: &cx_engine::Dict, what: &str| {
                if ready {
                    for v in values
                        .iter()
                        .filter(|v| dict.get(v).is_none() && *v != crate::state::NOTHING)
                    {
                        out.push(format!("«{v}» no es {what} de los datos"));
                    }
                }
            };
            let contacts = e.has(D::Llamadas) && e.has(D::Whatsapp) && e.has(D::Tickets);
            check(e.has(D::Clientes), &f.regions, &lake.regions, "una región");
            check(
                e.has(D::Clientes),
                &f.segments,
                &lake.segments,
                "un segmento",
            );
            check(contacts, &f.agents, &lake.agents, "un agente");
            check(contacts, &f.categories, &lake.categories, "una categoría");
            out
        })
    });
    view! {
        {move || dash.selection.get().err().map(|e| view! {
            <div class="notice" role="alert" data-testid="filter-error">
                <strong>"El filtro no es válido: "</strong>{labels::filter_error(&e)}
            </div>
        })}
        {move || {
            let u = unknown.get();
            (!u.is_empty()).then(|| view! {
                <div class="notice" role="status" data-testid="unknown-values">
                    <strong>"Sin coincidencias: "</strong>
                    {u.join("; ")}
                    " — quite el filtro para ver datos."
                </div>
            })
        }}
        {move || {
            let n = dash.notices.get();
            (!n.is_empty()).then(|| view! {
                <div class="notice" role="status" data-testid="url-notice">
                    <strong>"Se ignoraron parámetros del enlace: "</strong>
                    {n.iter().map(|x| format!("{}={:?} (se esperaba {})", x.param, x.value, x.expected)).collect::<Vec<_>>().join("; ")}
                    <button class="chip-x" aria-label="Cerrar aviso" on:click=move |_| dash.notices.set(Vec::new())>"×"</button>
                </div>
            })
        }}
    }
}
