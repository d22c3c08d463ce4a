//! The "Datos" panel: where the figures come from and how to change it — the published data,
//! another address (HTTP(S) or an S3 bucket), or the user's own Parquet/CSV files and folders —
//! and offline use (the service worker's state, keeping every file for offline use, the space
//! the site uses in this browser).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::format;
use crate::i18n::{t, tr};
use crate::local;
use crate::offline::{self, Offline};
use crate::store::use_store;

/// Whether the panel is open, shared by the header's button and the panel.
#[derive(Clone, Copy)]
pub struct DataPanelOpen(pub RwSignal<bool>);

/// Reading local files: `Some(n)` while `n` files are being read.
#[derive(Clone, Copy)]
pub struct Reading(pub RwSignal<Option<usize>>);

/// Provides the panel's state (at the root: a drop anywhere on the page opens it).
pub fn provide() -> DataPanelOpen {
    let open = DataPanelOpen(RwSignal::new(false));
    provide_context(open);
    provide_context(Reading(RwSignal::new(None)));
    provide_context(Kept(RwSignal::new(None)));
    open
}

/// Files dropped anywhere on the page open the panel and are read as local data (the browser
/// would otherwise navigate to the file).
pub fn listen_for_drops(open: DataPanelOpen) {
    let ctx = LocalCtx::get();
    let over = window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default());
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        open.0.set(true);
        let promise = local::from_drop(&ev);
        leptos::task::spawn_local(async move {
            let files = local::picked_of(promise).await;
            if !files.is_empty() {
                open_local(ctx, files);
            }
        });
    });
    // Root listeners: kept for the page's life.
    std::mem::forget((over, drop));
}

/// A megabyte figure.
fn mb(bytes: f64) -> String {
    format!("{} MB", format::num(bytes / 1_048_576.0, 1))
}

/// What reading local files touches (taken from the context where a handler is made: a task
/// has none).
#[derive(Clone, Copy)]
pub struct LocalCtx {
    store: crate::store::Store,
    reading: Reading,
    kept: Kept,
}

impl LocalCtx {
    /// From the current context.
    pub fn get() -> LocalCtx {
        LocalCtx {
            store: use_store(),
            reading: expect_context::<Reading>(),
            kept: expect_context::<Kept>(),
        }
    }
}

/// Reads picked or dropped files, makes them the source and keeps them in this browser.
pub fn open_local(ctx: LocalCtx, files: Vec<local::Picked>) {
    let LocalCtx {
        store,
        reading,
        kept,
    } = ctx;
    reading.0.set(Some(files.len()));
    leptos::task::spawn_local(async move {
        let (lake, notes) = local::prepare(files).await;
        let _ = store.local_notes.try_set(notes);
        if let Some(lake) = lake {
            // Added to the files already in use (a dataset chosen again replaces its own).
            let lake = match store.local_lake() {
                Some(old) => old.merged(lake),
                None => lake,
            };
            store.use_local(lake.clone());
            set_query(&[("datos", Some("locales")), ("data", None)]);
            let r = local::save(&lake).await;
            let _ = kept.0.try_set(Some(r));
        }
        let _ = reading.0.try_set(None);
    });
}

/// Whether the local files were kept in this browser (`Err`: the browser's reason).
#[derive(Clone, Copy)]
pub struct Kept(pub RwSignal<Option<Result<(), String>>>);

/// The page's window and its address.
fn here() -> Option<(web_sys::Window, web_sys::Url)> {
    let w = web_sys::window()?;
    let url = web_sys::Url::new(&w.location().href().ok()?).ok()?;
    Some((w, url))
}

/// Sets (or removes, with `None`) query parameters without reloading.
fn set_query(changes: &[(&str, Option<&str>)]) {
    let Some((w, url)) = here() else { return };
    let params = url.search_params();
    for (k, v) in changes {
        match v {
            Some(v) => params.set(k, v),
            None => params.delete(k),
        }
    }
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}

/// Goes to the same view with other data: `data` the base URL (or none: the published data).
fn navigate_with_data(data: Option<&str>) {
    let Some((w, url)) = here() else { return };
    let params = url.search_params();
    params.delete("datos");
    match data {
        Some(d) => params.set("data", d),
        None => params.delete("data"),
    }
    let _ = w.location().assign(&url.href());
}

/// `s3://bucket/prefix` as the bucket's HTTPS address; other addresses as given (with a final
/// slash). `Err` when it is neither HTTP(S) nor S3.
pub fn normalize_source(input: &str) -> Result<String, (&'static str, &'static str)> {
    let s = input.trim();
    let mut url = if let Some(rest) = s.strip_prefix("s3://") {
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err((
                "falta el nombre del bucket: s3://mi-bucket/carpeta/",
                "the bucket's name is missing: s3://my-bucket/folder/",
            ));
        }
        format!("https://{bucket}.s3.amazonaws.com/{prefix}")
    } else if s.starts_with("https://") || s.starts_with("http://") {
        s.to_string()
    } else {
        return Err((
            "la dirección debe empezar con https://, http:// o s3://",
            "the address must start with https://, http:// or s3://",
        ));
    };
    if let Some(i) = url.find(['?', '#']) {
        url.truncate(i);
    }
    if url.ends_with("manifest.json") {
        url.truncate(url.len() - "manifest.json".len());
    }
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// The header's button that opens and closes the panel.
#[component]
pub fn DataPanelButton() -> impl IntoView {
    let open = expect_context::<DataPanelOpen>().0;
    view! {
        <button type="button" class="data-toggle" data-testid="data-panel-toggle"
            aria-expanded=move || open.get().to_string() aria-controls="datos"
            on:click=move |_| open.update(|o| *o = !*o)>
            {t("Datos", "Data")}
        </button>
    }
}

/// The panel.
#[component]
pub fn DataPanel() -> impl IntoView {
    let open = expect_context::<DataPanelOpen>().0;
    move || open.get().then(|| view! { <Panel /> })
}

#[component]
fn Panel() -> impl IntoView {
    // A single-file report carries its data: nothing to choose, keep or download there.
    if crate::local::embedded_created().is_some() {
        return view! {
            <section id="datos" class="data-panel card" data-testid="data-panel" aria-labelledby="datos-title">
                <h2 id="datos-title" tabindex="-1" node_ref=focus_on_mount()>{t("Datos", "Data")}</h2>
                <p data-testid="data-source">{t(
                    "Este es un informe de un solo archivo: la aplicación y sus datos van dentro y funciona sin servidor ni conexión. Para elegir otros datos, abre el sitio.",
                    "This is a single-file report: the app and its data are inside, and it works with no server and no network. To choose other data, open the site.",
                )}</p>
            </section>
        }
        .into_any();
    }
    let store = use_store();
    let reading = expect_context::<Reading>().0;
    let kept = expect_context::<Kept>().0;
    let offline_state = offline::use_offline();
    let address = RwSignal::new(String::new());
    let address_error = RwSignal::new(None::<(&'static str, &'static str)>);
    let keeping = RwSignal::new(None::<Option<u32>>);
    let usage = RwSignal::new(None::<(f64, f64)>);
    let refresh_usage = move || {
        leptos::task::spawn_local(async move {
            let u = offline::storage_estimate().await;
            let _ = usage.try_set(u);
        });
    };
    refresh_usage();
    Effect::new(move |_| {
        kept.track();
        keeping.track();
        refresh_usage();
    });
    let local = move || store.local_info.get();
    let source = move || match local() {
        Some((n, bytes)) => tr(
            format!(
                "tus archivos ({} {}, {}), leídos en este navegador: no se envían a ningún sitio",
                format::int(n as u64),
                if n == 1 { "archivo" } else { "archivos" },
                mb(bytes as f64)
            ),
            format!(
                "your files ({} {}, {}), read in this browser: they are sent nowhere",
                format::int(n as u64),
                if n == 1 { "file" } else { "files" },
                mb(bytes as f64)
            ),
        ),
        None if store.base() == "./data/" => t(
            "los datos publicados de este sitio",
            "this site's published data",
        )
        .to_string(),
        None => tr(
            format!("otra dirección: {}", store.base()),
            format!("another address: {}", store.base()),
        ),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match normalize_source(&address.get_untracked()) {
            Ok(url) => navigate_with_data(Some(&url)),
            Err(e) => address_error.set(Some(e)),
        }
    };
    let ctx = LocalCtx::get();
    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        reading.set(Some(0));
        leptos::task::spawn_local(async move {
            let files = local::from_input(&input).await;
            if files.is_empty() {
                let _ = reading.try_set(None);
                return;
            }
            open_local(ctx, files);
        });
    };
    let keep_all = move |_| {
        let Some(Ok(m)) = store.manifest.get_untracked() else {
            return;
        };
        let base = store.base();
        let mut urls = vec![format!("{base}manifest.json")];
        for d in &m.0.datasets {
            urls.extend(d.files.iter().map(|f| format!("{base}{}", f.path)));
        }
        keeping.set(Some(None));
        leptos::task::spawn_local(async move {
            let n = offline::keep(&urls).await;
            let _ = keeping.try_set(Some(Some(n.unwrap_or(0))));
        });
    };
    let report = RwSignal::new(None::<Option<Result<usize, crate::i18n::Text>>>);
    let dash = crate::state::use_dashboard();
    let download_report = move |_| {
        report.set(Some(None));
        let range = crate::report::view_range(store, dash);
        leptos::task::spawn_local(async move {
            let r = crate::report::download(store, range).await;
            let _ = report.try_set(Some(Some(r)));
        });
    };
    let all_bytes = move || {
        store.manifest.with(|m| match m {
            Some(Ok(m)) => {
                m.0.datasets
                    .iter()
                    .flat_map(|d| d.files.iter())
                    .map(|f| f.bytes as f64)
                    .sum::<f64>()
            }
            _ => 0.0,
        })
    };
    view! {
        <section id="datos" class="data-panel card" data-testid="data-panel" aria-labelledby="datos-title">
            <h2 id="datos-title" tabindex="-1" node_ref=focus_on_mount()>{t("Datos", "Data")}</h2>
            <p data-testid="data-source">{t("Origen: ", "Source: ")}{source}</p>

            <h3>{t("Datos publicados u otra dirección", "Published data or another address")}</h3>
            <div class="data-row">
                {move || (local().is_some() || store.base() != "./data/").then(|| view! {
                    <button type="button" data-testid="use-published" on:click=move |_| navigate_with_data(None)>
                        {t("Usar los datos publicados", "Use the published data")}
                    </button>
                })}
            </div>
            <form class="data-row" on:submit=submit data-testid="address-form">
                <label for="data-address">{t("Dirección (HTTP(S) o S3) de la carpeta con manifest.json", "Address (HTTP(S) or S3) of the folder holding manifest.json")}</label>
                <input id="data-address" type="text" inputmode="url" spellcheck="false" data-testid="data-address"
                    placeholder=t("https://mi-bucket.s3.amazonaws.com/datos/ · s3://mi-bucket/datos/", "https://my-bucket.s3.amazonaws.com/data/ · s3://my-bucket/data/")
                    prop:value=move || address.get()
                    on:input=move |ev| { address.set(event_target_value(&ev)); address_error.set(None); } />
                <button type="submit">{t("Abrir", "Open")}</button>
                {move || address_error.get().map(|(es, en)| view! { <p class="field-error" role="alert" data-testid="address-error">{t(es, en)}</p> })}
                <p class="hint">{t(
                    "Un bucket de S3 debe permitir este sitio en su CORS (GET y HEAD) y este sitio debe listar su origen en data_origins (Terraform).",
                    "An S3 bucket must allow this site in its CORS rules (GET and HEAD), and this site must list its origin in data_origins (Terraform).",
                )}</p>
            </form>

            <h3>{t("Tus archivos", "Your files")}</h3>
            <p class="hint">{t(
                "Archivos Parquet o CSV de los siete conjuntos de datos (o una carpeta: la del lago publicado o archivos sueltos). Se leen en este navegador y se guardan en él hasta que los quites; no se envían a ningún sitio.",
                "Parquet or CSV files of the seven datasets (or a folder: the published lake's or loose files). They are read in this browser and kept in it until you remove them; they are sent nowhere.",
            )}</p>
            <div class="data-row">
                <label class="file-button">
                    {t("Elegir archivos", "Choose files")}
                    <input type="file" multiple accept=".parquet,.csv,.json" data-testid="local-files" on:change=on_files />
                </label>
                <label class="file-button">
                    {t("Elegir una carpeta", "Choose a folder")}
                    <input type="file" multiple prop:webkitdirectory=true data-testid="local-folder" on:change=on_files />
                </label>
                <span class="drop-hint">{t("o suéltalos en cualquier parte de la página", "or drop them anywhere on the page")}</span>
            </div>
            {move || reading.get().map(|n| view! {
                <p role="status" data-testid="local-reading">{if n > 0 { tr(format!("Leyendo {n} archivos…"), format!("Reading {n} files…")) } else { t("Leyendo…", "Reading…").to_string() }}</p>
            })}
            <LocalNotes />
            {move || kept.get().map(|r| match r {
                Ok(()) => view! { <p data-testid="local-kept">{t("Guardados en este navegador: siguen aquí al recargar (dirección con datos=locales).", "Kept in this browser: they are still here after a reload (address with datos=locales).")}</p> }.into_any(),
                Err(e) => view! { <p class="field-error" data-testid="local-kept-error">{tr(format!("No se pudieron guardar en este navegador ({e}): se usan hasta que cierres la página."), format!("They could not be kept in this browser ({e}): they are used until you close the page."))}</p> }.into_any(),
            })}
            {move || local().is_some().then(|| view! {
                <button type="button" data-testid="forget-local" on:click=move |_| {
                    leptos::task::spawn_local(async move {
                        local::forget().await;
                        navigate_with_data(None);
                    });
                }>{t("Quitar tus archivos de este navegador", "Remove your files from this browser")}</button>
            })}

            <h3>{t("Informe de un solo archivo", "Single-file report")}</h3>
            <p class="hint">{t(
                "Un archivo .html con el panel completo y los datos, que se abre con doble clic sin servidor ni conexión, en la página y con los filtros de ahora.",
                "One .html file with the whole dashboard and the data, which opens by double-click with no server and no network, on the current page and filters.",
            )}</p>
            <button type="button" data-testid="download-report" disabled=move || report.get() == Some(None) on:click=download_report>
                {t("Descargar informe", "Download report")}
            </button>
            {move || report.get().map(|r| match r {
                None => view! { <p role="status">{t("Creando el informe…", "Making the report…")}</p> }.into_any(),
                Some(Ok(n)) => view! { <p role="status" data-testid="report-done">{tr(format!("Informe descargado ({}).", mb(n as f64)), format!("Report downloaded ({}).", mb(n as f64)))}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="field-error" role="alert" data-testid="report-error">{e.get().to_string()}</p> }.into_any(),
            })}

            <h3>{t("Sin conexión", "Offline")}</h3>
            <p data-testid="offline-detail">{move || match offline_state.status.get() {
                Offline::Ready => t("La aplicación y los datos que abriste funcionan sin conexión en este navegador.", "The app and the data you opened work offline in this browser.").to_string(),
                Offline::Starting => t("Preparando el uso sin conexión…", "Preparing offline use…").to_string(),
                Offline::Unsupported => t("Sin uso sin conexión aquí: el sitio se sirve por HTTP sin cifrar (por ejemplo, el sitio web de un bucket S3) o el navegador no lo permite. Con HTTPS (CloudFront) sí funciona.", "No offline use here: the site is served over plain HTTP (an S3 bucket's website, for instance) or the browser does not allow it. Over HTTPS (CloudFront) it works.").to_string(),
                Offline::Failed(e) if e.is_empty() => t("No se pudo preparar el uso sin conexión en este navegador.", "Offline use could not be prepared in this browser.").to_string(),
                Offline::Failed(e) => tr(format!("No se pudo preparar el uso sin conexión (el navegador dice: «{e}»)."), format!("Offline use could not be prepared (the browser says: “{e}”).")),
            }}</p>
            {move || (offline_state.status.get() == Offline::Ready && local().is_none()
                && matches!(store.manifest.get(), Some(Ok(_)))).then(|| view! {
                <button type="button" data-testid="keep-all" disabled=move || keeping.get() == Some(None) on:click=keep_all>
                    {move || tr(format!("Guardar todos los datos para usarlos sin conexión ({})", mb(all_bytes())), format!("Keep all the data for offline use ({})", mb(all_bytes())))}
                </button>
            })}
            {move || keeping.get().map(|k| match k {
                None => view! { <p role="status">{t("Guardando…", "Keeping…")}</p> }.into_any(),
                Some(n) => view! { <p role="status" data-testid="keep-all-done" data-kept=n.to_string()>{tr(format!("{} archivos guardados para usar sin conexión.", format::int(u64::from(n))), format!("{} files kept for offline use.", format::int(u64::from(n))))}</p> }.into_any(),
            })}
            {move || usage.get().map(|(used, quota)| view! {
                <p data-testid="storage-used" data-bytes=used.to_string()>{tr(
                    format!("Este sitio ocupa {} en tu navegador (de {} disponibles).", mb(used), mb(quota)),
                    format!("This site takes {} in your browser (of {} available).", mb(used), mb(quota)),
                )}</p>
            })}
        </section>
    }
    .into_any()
}

/// A heading that takes the focus when the panel opens, so the keyboard is where the panel is.
fn focus_on_mount() -> NodeRef<leptos::html::H2> {
    let node = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = node.get() {
            let _ = h.focus();
        }
    });
    node
}

/// What became of each local file.
#[component]
fn LocalNotes() -> impl IntoView {
    let store = use_store();
    move || {
        let notes = store.local_notes.get();
        (!notes.is_empty()).then(|| view! {
            <table class="local-notes" data-testid="local-notes">
                <caption>{t("Tus archivos", "Your files")}</caption>
                <thead><tr>
                    <th scope="col">{t("Archivo", "File")}</th>
                    <th scope="col">{t("Conjunto de datos", "Dataset")}</th>
                    <th scope="col">{t("Reconocido por", "Recognised by")}</th>
                    <th scope="col">{t("Estado", "Status")}</th>
                </tr></thead>
                <tbody>
                    {notes.into_iter().map(|n| {
                        let ok = n.problem.is_none();
                        let file = n.file.clone();
                        view! {
                            <tr data-testid="local-note" data-file=file data-ok=ok.to_string()
                                data-dataset=n.dataset.map(|d| d.name()).unwrap_or_default()>
                                <td class="url">{n.file}</td>
                                <td>{n.dataset.map(|d| d.name()).unwrap_or("—")}</td>
                                <td>{match n.by_name { Some(true) => t("su nombre", "its name"), Some(false) => t("sus columnas", "its columns"), None => "—" }}</td>
                                <td>{match n.problem { None => t("✓ en uso", "✓ in use").to_string(), Some(p) => p.get().to_string() }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })
    }
}
