//! Loading the lake: `manifest.json`, then the Parquet files each view needs, decoded by the engine.
//!
//! One dataset failing (a missing file, a corrupt one, a wrong column) never stops the others:
//! it is reported by name with its reason, and everything that did load is shown.

use std::rc::Rc;

use bytes::Bytes;
use cx_engine::schema::{self, DatasetSpec};
use cx_engine::{
    monthly_volume, read_contacts, read_surveys, summary, Contacts, KpiSummary, Manifest,
    MonthlyVolume, Surveys,
};
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
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// Where the data came from.
    pub base_url: String,
    /// Period covered, from the manifest.
    pub period: (String, String),
    /// Datasets read successfully.
    pub loaded: Vec<String>,
    /// Headline numbers.
    pub kpis: KpiSummary,
    /// Contacts per month and channel.
    pub volume: Option<MonthlyVolume>,
    /// Datasets that failed.
    pub errors: Vec<DatasetError>,
}

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

/// Fetches every file of one dataset and decodes it with `decode`; the first failure names the file.
async fn load_dataset<T, F>(
    base: &str,
    manifest: &Manifest,
    spec: &DatasetSpec,
    decode: F,
) -> Result<Vec<T>, DatasetError>
where
    F: Fn(&str, Bytes) -> Result<T, cx_engine::EngineError>,
{
    let fail = |reason: String| DatasetError {
        dataset: spec.name.to_string(),
        reason,
    };
    let Some(entry) = manifest.dataset(spec.name) else {
        return Err(fail("the manifest does not list this dataset".into()));
    };
    let urls: Vec<String> = entry
        .files
        .iter()
        .map(|f| format!("{base}{}", f.path))
        .collect();
    let bodies = join_all(urls.iter().map(|u| fetch_bytes(u))).await;
    let mut out = Vec::with_capacity(bodies.len());
    for (file, body) in entry.files.iter().zip(bodies) {
        let bytes = body.map_err(fail)?;
        out.push(decode(&file.path, bytes).map_err(|e| fail(e.to_string()))?);
    }
    Ok(out)
}

/// Loads the manifest and the datasets of the overview from `base`.
///
/// # Errors
/// Only when `manifest.json` itself cannot be read: then nothing can be shown.
pub async fn load_overview(base: String) -> Result<Rc<Overview>, DatasetError> {
    let manifest_err = |reason: String| DatasetError {
        dataset: "manifest.json".into(),
        reason,
    };
    let text = fetch_bytes(&format!("{base}manifest.json"))
        .await
        .map_err(manifest_err)?;
    let text = String::from_utf8(text.to_vec())
        .map_err(|_| manifest_err("manifest.json is not UTF-8 text".into()))?;
    let manifest = Manifest::from_json(&text).map_err(|e| manifest_err(e.to_string()))?;

    let contact_specs = [schema::LLAMADAS, schema::WHATSAPP, schema::TICKETS];
    let contact_loads = join_all(contact_specs.iter().map(|spec| {
        let base = base.as_str();
        let manifest = &manifest;
        async move {
            load_dataset(base, manifest, spec, |file, bytes| {
                read_contacts(spec, file, bytes)
            })
            .await
        }
    }));
    let survey_load = load_dataset(&base, &manifest, &schema::ENCUESTAS, read_surveys);
    let (contact_results, survey_result) = futures::join!(contact_loads, survey_load);

    let mut errors = Vec::new();
    let mut loaded = Vec::new();
    let mut contacts = Contacts::default();
    for (spec, result) in contact_specs.iter().zip(contact_results) {
        match result {
            Ok(parts) => {
                parts.into_iter().for_each(|p| contacts.extend(p));
                loaded.push(spec.name.to_string());
            }
            Err(e) => errors.push(e),
        }
    }
    let mut surveys = Surveys::default();
    match survey_result {
        Ok(parts) => {
            parts.into_iter().for_each(|p| surveys.extend(p));
            loaded.push(schema::ENCUESTAS.name.to_string());
        }
        Err(e) => errors.push(e),
    }
    Ok(Rc::new(Overview {
        base_url: base,
        period: (manifest.date_from.clone(), manifest.date_to.clone()),
        loaded,
        kpis: summary(&contacts, &surveys),
        volume: monthly_volume(&contacts),
        errors,
    }))
}
