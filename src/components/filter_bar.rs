use cx_engine::calendar::{civil_from_days, day_label, days_from_civil};
use cx_engine::schema::CHANNELS;
use cx_engine::{parse_day, Filter, Granularity};
use leptos::prelude::*;

use crate::i18n::t;

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
            Preset::All => t("Todo el período", "Whole period"),
            Preset::Last7 => t("Últimos 7 días", "Last 7 days"),
            Preset::Last30 => t("Últimos 30 días", "Last 30 days"),
            Preset::Last90 => t("Últimos 90 días", "Last 90 days"),
            Preset::ThisMonth => t("Este mes", "This month"),
            Preset::PrevMonth => t("Mes anterior", "Previous month"),
            Preset::ThisQuarter => t("Este trimestre", "This quarter"),
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
    // On a phone the bar is a drawer behind a button (CSS shows the button only there).
    let drawer = RwSignal::new(false);
    // Closing the drawer gives the focus back to its button.
    let toggle: NodeRef<leptos::html::Button> = NodeRef::new();
    let close = move || {
        if drawer.get_untracked() {
            drawer.set(false);
            if let Some(b) = toggle.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let active = move || {
        dash.view.with(|v| {
            let f = &v.filter;
            usize::from(f.from.is_some() || f.to.is_some())
                + f.channels.len()
                + f.regions.len()
                + f.segments.len()
                + f.teams.len()
                + f.agents.len()
                + f.categories.len()
        })
    };
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
        <button type="button" class="drawer-toggle" data-testid="drawer-toggle" aria-controls="filtros" node_ref=toggle
            aria-expanded=move || drawer.get().to_string() on:click=move |_| drawer.update(|d| *d = !*d)>
            {move || match active() { 0 => t("Filtros", "Filters").to_string(), n => format!("{} ({n})", t("Filtros", "Filters")) }}
        </button>
        <section class="filter-bar" data-testid="filter-bar" on:keydown=move |ev| if ev.key() == "Escape" { close() } aria-label=t("Filtros", "Filters") class:open=move || drawer.get() id="filtros">
            <button type="button" class="drawer-close" data-testid="drawer-close" on:click=move |_| close()>{t("Ver resultados", "Show results")}</button>
            <label class="field">
                <span>{t("Período", "Period")}</span>
                <select data-testid="filter-preset" prop:value=preset on:change=move |ev| set_preset(event_target_value(&ev))>
                    {Preset::ALL.iter().map(|p| view! { <option value=p.key()>{p.label()}</option> }).collect_view()}
                    <option value="personalizado" disabled=true>{t("Personalizado", "Custom")}</option>
                </select>
            </label>
            <label class="field">
                <span>{t("Desde", "From")}</span>
                <input type="date" data-testid="filter-from"
                    prop:value=move || filter.with(|f| f.from.clone().unwrap_or_default())
                    on:change=move |ev| set_day("desde", event_target_value(&ev)) />
            </label>
            <label class="field">
                <span>{t("Hasta", "To")}</span>
                <input type="date" data-testid="filter-to"
                    prop:value=move || filter.with(|f| f.to.clone().unwrap_or_default())
                    on:change=move |ev| set_day("hasta", event_target_value(&ev)) />
            </label>
            {select("filter-channel", t("Canal", "Channel"), t("Todos", "All"),
                Signal::derive(|| CHANNELS.iter().map(|c| (channel_key(c).to_string(), labels::channel(c))).collect()),
                Signal::derive(move || filter.with(|f| f.channels.first().map(|c| channel_key(c).to_string()).unwrap_or_default())),
                Callback::new(move |v: String| set_single(|f| &mut f.channels, CHANNELS.iter().find(|c| channel_key(c) == v).map(|c| c.to_string()).unwrap_or_default())))}
            {select("filter-region", t("Región", "Region"), t("Todas", "All"),
                Signal::derive(move || same(regions.get())),
                Signal::derive(single(|f| &f.regions)),
                Callback::new(move |v| set_single(|f| &mut f.regions, v)))}
            {select("filter-segment", t("Segmento", "Segment"), t("Todos", "All"),
                Signal::derive(move || same(segments.get())),
                Signal::derive(single(|f| &f.segments)),
                Callback::new(move |v| set_single(|f| &mut f.segments, v)))}
            {select("filter-team", t("Equipo", "Team"), t("Todos", "All"),
                Signal::derive(|| ["T", "W", "S"].iter().map(|t| (t.to_string(), labels::team(t))).collect()),
                Signal::derive(single(|f| &f.teams)),
                Callback::new(move |v| set_single(|f| &mut f.teams, v)))}
            {select("filter-agent", t("Agente", "Agent"), t("Todos", "All"),
                Signal::derive(move || same(agents.get())),
                Signal::derive(single(|f| &f.agents)),
                Callback::new(move |v| set_single(|f| &mut f.agents, v)))}
            {select("filter-category", t("Categoría", "Category"), t("Todas", "All"),
                Signal::derive(move || same(categories.get())),
                Signal::derive(single(|f| &f.categories)),
                Callback::new(move |v| set_single(|f| &mut f.categories, v)))}
            <label class="field toggle">
                <input type="checkbox" data-testid="filter-compare"
                    prop:checked=move || dash.view.with(|v| v.compare)
                    on:change=move |ev| { let on = event_target_checked(&ev); dash.update(|v| v.compare = on); } />
                <span>{t("Comparar con el período anterior", "Compare with the previous period")}</span>
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
                    format!("{}: {from} – {to}", t("Fechas", "Dates")),
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
            list("canal", t("Canal", "Channel"), &f.channels, &|c| {
                labels::channel(c)
            });
            list("region", t("Región", "Region"), &f.regions, &|c| {
                c.to_string()
            });
            list("segmento", t("Segmento", "Segment"), &f.segments, &|c| {
                c.to_string()
            });
            list("equipo", t("Equipo", "Team"), &f.teams, &|c| {
                labels::team(c)
            });
            list("agente", t("Agente", "Agent"), &f.agents, &|c| {
                c.to_string()
            });
            list(
                "categoria",
                t("Categoría", "Category"),
                &f.categories,
                &|c| c.to_string(),
            );
            if let Some(c) = &v.cross {
                let shown = match c.kind {
                    crate::state::CrossKind::Canal => labels::channel(&c.value),
                    crate::state::CrossKind::Mes => crate::format::month(&c.value),
                    crate::state::CrossKind::Semana => {
                        format!("{} {}", t("del", "of"), crate::format::day(&c.value))
                    }
                    crate::state::CrossKind::Dia => crate::format::day(&c.value),
                    crate::state::CrossKind::Franja => {
                        crate::state::slot(&c.value).map_or(c.value.clone(), |(d, h)| {
                            format!(
                                "{} {h:02}:00–{h:02}:59",
                                labels::weekdays()[usize::from(d - 1)]
                            )
                        })
                    }
                    _ => c.value.clone(),
                };
                out.push((
                    "chip-seleccion".into(),
                    format!(
                        "{} · {}: {shown}",
                        t("Selección", "Selection"),
                        c.kind.label()
                    ),
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
                        let label = format!("{} {text}", t("Quitar filtro", "Remove filter"));
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
                            {t("Quitar todos", "Clear all")}
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
            let mut check =
                |ready: bool, values: &[String], dict: &cx_engine::Dict, what: (&str, &str)| {
                    if ready {
                        for v in values
                            .iter()
                            .filter(|v| dict.get(v).is_none() && *v != crate::state::NOTHING)
                        {
                            out.push(crate::i18n::tr(
                                format!("«{v}» no es {} de los datos", what.0),
                                format!("“{v}” is not {} in the data", what.1),
                            ));
                        }
                    }
                };
            let contacts = e.has(D::Llamadas) && e.has(D::Whatsapp) && e.has(D::Tickets);
            check(
                e.has(D::Clientes),
                &f.regions,
                &lake.regions,
                ("una región", "a region"),
            );
            check(
                e.has(D::Clientes),
                &f.segments,
                &lake.segments,
                ("un segmento", "a segment"),
            );
            check(contacts, &f.agents, &lake.agents, ("un agente", "an agent"));
            check(
                contacts,
                &f.categories,
                &lake.categories,
                ("una categoría", "a category"),
            );
            out
        })
    });
    view! {
        // The filter's own check (its dates): no rows are selected for it, so a filter change does
        // not select the rows of every table just to show this.
        {move || dash.effective.with(|f| f.days().err()).map(|e| view! {
            <div class="notice" role="alert" data-testid="filter-error">
                <strong>{t("El filtro no es válido: ", "The filter is not valid: ")}</strong>{labels::filter_error(&e)}
            </div>
        })}
        {move || {
            let u = unknown.get();
            (!u.is_empty()).then(|| view! {
                <div class="notice" role="status" data-testid="unknown-values">
                    <strong>{t("Sin coincidencias: ", "No matches: ")}</strong>
                    {u.join("; ")}
                    {t(" — quite el filtro para ver datos.", " — remove the filter to see data.")}
                </div>
            })
        }}
        {move || {
            let n = dash.notices.get();
            (!n.is_empty()).then(|| view! {
                <div class="notice" role="status" data-testid="url-notice">
                    <strong>{t("Se ignoraron parámetros del enlace: ", "Link parameters were ignored: ")}</strong>
                    {n.iter().map(|x| format!("{}={:?} ({} {})", x.param, x.value, t("se esperaba", "expected"), x.expected)).collect::<Vec<_>>().join("; ")}
                    <button class="chip-x" aria-label=t("Cerrar aviso", "Close notice") on:click=move |_| dash.notices.set(Vec::new())>"×"</button>
                </div>
            })
        }}
    }
}
