//! Loading the lake: `manifest.json`, then the Parquet files the views need, decoded by the engine.
//!
//! One dataset failing (a missing file, a corrupt one, a wrong column) never stops the others:
//! it is reported by name with its reason, nothing of it is kept, and everything that did load is
//! shown.

use std::rc::Rc;

use bytes::Bytes;
use cx_engine::calendar::MS_PER_DAY;
use cx_engine::{parse_day, report, Filter, Index, Lake, Manifest, Options, Report};
use futures::future::join_all;

/// A dataset that could not be used, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetError {
    /// Dataset name (or `manifest.json`).
    pub dataset: String,
    /// What went wrong, in plain words.
    pub reason: String,
}

/// Everything the overview shows.
#[derive(Debug, Clone)]
pub struct Overview {
    /// Where the data came from.
    pub base_url: String,
    /// Period covered, from the manifest.
    pub period: (String, String),
    /// Datasets read successfully.
    pub loaded: Vec<String>,
    /// The KPI catalogue over everything loaded.
    pub report: Report,
    /// The loaded data, for recomputing after a filter change.
    pub lake: Rc<Lake>,
    /// Derived links of the lake.
    pub index: Rc<Index>,
    /// KPI settings (service-level threshold, as-of time).
    pub options: Options,
    /// Datasets that failed.
    pub errors: Vec<DatasetError>,
}

/// The datasets the overview reads.
pub const OVERVIEW_DATASETS: [&str; 5] = [
    "clientes",
    "llamadas_call_center",
    "mensajes_whatsapp",
    "tickets_soporte",
    "encuestas_post_atencion",
];

/// The data's base URL: `?data=<url>` if given, else `./data/` next to the page.
pub fn data_base_url() -> String {
    let from_query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|p| p.get("data"))
        .filter(|v| !v.trim().is_empty());
    let mut base = from_query.unwrap_or_else(|| "./data/".to_string());
    if !base.ends_with('/') {
        base.push('/');
    }
    base
}

/// Fetches `url` as bytes, with an error that names the HTTP status.
async fn fetch_bytes(url: &str) -> Result<Bytes, String> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| format!("could not fetch {url}: {e}"))?;
    if !response.ok() {
        return Err(format!(
            "{url} answered HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let body = response
        .binary()
        .await
        .map_err(|e| format!("could not read {url}: {e}"))?;
    Ok(Bytes::from(body))
}

/// Fetches every file of one dataset; the first failure names the file.
async fn fetch_dataset(
    base: &str,
    manifest: &Manifest,
    name: &str,
) -> Result<Vec<(String, Bytes)>, DatasetError> {
    let fail = |reason: String| DatasetError {
        dataset: name.to_string(),
        reason,
    };
    let Some(entry) = manifest.dataset(name) else {
        return Err(fail("the manifest does not list this dataset".into()));
    };
    let bodies = join_all(
        entry
            .files
            .iter()
            .map(|f| fetch_bytes_owned(format!("{base}{}", f.path))),
    )
    .await;
    entry
        .files
        .iter()
        .zip(bodies)
        .map(|(f, body)| body.map(|b| (f.path.clone(), b)).map_err(fail))
        .collect()
}

async fn fetch_bytes_owned(url: String) -> Result<Bytes, String> {
    fetch_bytes(&url).await
}

fn manifest_err(reason: String) -> DatasetError {
    DatasetError {
        dataset: "manifest.json".into(),
        reason,
    }
}

/// Fetches and parses `manifest.json` under `base`.
async fn fetch_manifest(base: &str) -> Result<Manifest, DatasetError> {
    let text = fetch_bytes(&format!("{base}manifest.json"))
        .await
        .map_err(manifest_err)?;
    let text = String::from_utf8(text.to_vec())
        .map_err(|_| manifest_err("manifest.json is not UTF-8 text".into()))?;
    Manifest::from_json(&text).map_err(|e| manifest_err(e.to_string()))
}

/// Fetches the datasets `names` at once and hands each one's files to `add` in order. Returns the
/// datasets added and the failures, by name, each with its reason.
async fn load_datasets<E: std::fmt::Display>(
    base: &str,
    manifest: &Manifest,
    names: &[&str],
    mut add: impl FnMut(&str, Vec<(String, Bytes)>) -> Result<u64, E>,
) -> (Vec<String>, Vec<DatasetError>) {
    let fetched = join_all(names.iter().map(|name| fetch_dataset(base, manifest, name))).await;
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for (name, files) in names.iter().zip(fetched) {
        let result = files.and_then(|files| {
            add(name, files).map_err(|e| DatasetError {
                dataset: name.to_string(),
                reason: e.to_string(),
            })
        });
        match result {
            Ok(_) => loaded.push(name.to_string()),
            Err(e) => errors.push(e),
        }
    }
    (loaded, errors)
}

/// Loads the manifest and the overview's datasets from `base` and computes the KPIs.
///
/// # Errors
/// Only when `manifest.json` itself cannot be read: then nothing can be shown.
pub async fn load_overview(base: String) -> Result<Rc<Overview>, DatasetError> {
    let manifest = fetch_manifest(&base).await?;
    let end = parse_day(&manifest.date_to)
        .ok_or_else(|| manifest_err(format!("date_to {:?} is not a date", manifest.date_to)))?;
    let mut lake = Lake::default();
    let (loaded, errors) = load_datasets(&base, &manifest, &OVERVIEW_DATASETS, |name, files| {
        lake.add_dataset(name, files)
    })
    .await;
    let index = lake.index();
    let options = Options {
        service_level_s: 20,
        as_of_ms: i64::from(end + 1) * MS_PER_DAY,
    };
    let selection = Filter::default()
        .resolve(&lake)
        .map_err(manifest_err)?
        .select(&lake, &index);
    Ok(Rc::new(Overview {
        base_url: base,
        period: (manifest.date_from.clone(), manifest.date_to.clone()),
        loaded,
        report: report(&lake, &index, &selection, &options),
        errors,
        lake: Rc::new(lake),
        index: Rc::new(index),
        options,
    }))
}

/// The customer texts of the loaded data, for the sentiment view.
#[derive(Debug, Clone)]
pub struct TextsLoad {
    /// Every text read.
    pub texts: Rc<cx_engine::texts::Texts>,
    /// Datasets read successfully.
    pub loaded: Vec<String>,
    /// Datasets that failed.
    pub errors: Vec<DatasetError>,
}

/// Loads the texts of reviews, WhatsApp conversations, survey comments and complaint details.
///
/// # Errors
/// Only when `manifest.json` itself cannot be read.
pub async fn load_texts(base: String) -> Result<Rc<TextsLoad>, DatasetError> {
    use cx_engine::texts::{TextSource, Texts};
    let manifest = fetch_manifest(&base).await?;
    let names: Vec<&str> = TextSource::ALL.iter().map(|s| s.dataset()).collect();
    let mut texts = Texts::default();
    let (loaded, errors) = load_datasets(&base, &manifest, &names, |name, files| {
        texts.add_dataset(name, files)
    })
    .await;
    Ok(Rc::new(TextsLoad {
        texts: Rc::new(texts),
        loaded,
        errors,
    }))
}
