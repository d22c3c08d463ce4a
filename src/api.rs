//! Fetching: `manifest.json` and the Parquet files of a dataset, with errors that name the file
//! and the HTTP status. Every file is checked against the manifest before it is decoded: its
//! length, its SHA-256 and the rows its footer declares, so a manifest never combines with files
//! of another publication; caps ([`cx_engine::limits`]) are checked before downloading. Decoding is
//! the engine's job (see [`crate::store`]).

use crate::i18n::Text;
use crate::labels;
use bytes::Bytes;
use cx_engine::{Dataset, Manifest};
use futures::future::join_all;

/// A dataset that could not be used, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetError {
    /// Dataset name (or `manifest.json`).
    pub dataset: String,
    /// What went wrong, in plain words.
    pub reason: Text,
}

/// Whether the URL asks for the user's own files kept in this browser (`?datos=locales`).
pub fn local_requested() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|p| p.get("datos"))
        .is_some_and(|v| v == "locales" || v == "local")
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

/// How long a response may be.
#[derive(Clone, Copy)]
enum Size {
    /// What the manifest says of the file.
    Manifest(u64),
    /// A cap.
    AtMost(u64),
}

/// Fetches `url` as bytes, with an error that names the HTTP status. A response that announces
/// more bytes than expected is refused before its body is read.
async fn fetch_bytes(url: String, size: Size) -> Result<Bytes, Text> {
    fetch_fresh(url, size, false).await.map(|(b, _)| b)
}

/// As [`fetch_bytes`]; with `revalidate` the browser asks the server whether its copy is still
/// current (`If-None-Match` / `If-Modified-Since`) instead of trusting it. Also returns the
/// response's `Last-Modified`.
async fn fetch_fresh(
    url: String,
    size: Size,
    revalidate: bool,
) -> Result<(Bytes, Option<String>), Text> {
    // Noted now: a download under way when the service worker takes control is kept too.
    crate::offline::fetched(&url);
    let mut request = gloo_net::http::Request::get(&url);
    if revalidate {
        request = request.cache(web_sys::RequestCache::NoCache);
    }
    let response = request
        .send()
        .await
        .map_err(|e| unreachable_reason(&url, &e))?;
    if !response.ok() {
        return Err(http_reason(
            &url,
            response.status(),
            &response.status_text(),
        ));
    }
    let last_modified = response.headers().get("last-modified");
    let announced = response
        .headers()
        .get("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    match (size, announced) {
        (Size::Manifest(m), Some(n)) if n > m => {
            return Err(Text::new(
                format!(
                    "{url} no corresponde al manifiesto (es de otra publicación o cambió en el \
                     camino): el manifiesto indica un tamaño de {m}, el servidor anuncia {n}"
                ),
                format!(
                    "{url} does not match the manifest (it is from another publication or changed \
                     in transit): the manifest says a size of {m}, the server announces {n}"
                ),
            ));
        }
        (Size::AtMost(cap), Some(n)) if n > cap => {
            return Err(Text::new(
                format!("{url} anuncia {n} bytes, más que el límite de {cap}"),
                format!("{url} announces {n} bytes, over the cap of {cap}"),
            ));
        }
        _ => {}
    }
    let body = response.binary().await.map_err(|e| {
        Text::new(
            format!("no se pudo leer {url}: {e}"),
            format!("could not read {url}: {e}"),
        )
    })?;
    Ok((Bytes::from(body), last_modified))
}

/// One file of the manifest under `base`, checked against the manifest (length, SHA-256).
///
/// # Errors
/// As the files of [`fetch_dataset`].
pub async fn file_bytes(
    base: &str,
    dataset: &str,
    f: &cx_engine::FileEntry,
) -> Result<Bytes, Text> {
    let bytes = fetch_bytes(format!("{base}{}", f.path), Size::Manifest(f.bytes)).await?;
    f.verify(dataset, &bytes)
        .map_err(|e| Text::both(|| labels::engine_error(&e)))?;
    Ok(bytes)
}

/// The publication's first-paint figures (`summary.json`), checked against the manifest (length,
/// SHA-256); `None` when the manifest lists none.
///
/// # Errors
/// Why it cannot be used (the page then simply waits for the rows).
pub async fn fetch_summary(
    base: &str,
    m: &cx_engine::Manifest,
) -> Option<Result<cx_engine::Summary, String>> {
    let entry = m.summary.as_ref()?;
    Some(match file_bytes(base, "summary", entry).await {
        Ok(bytes) => std::str::from_utf8(&bytes)
            .map_err(|e| format!("summary.json: {e}"))
            .and_then(cx_engine::Summary::from_json),
        Err(e) => Err(e.to_string()),
    })
}

/// Whether `url` is on another origin than the page.
fn cross_origin(url: &str) -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return false;
    };
    let (Ok(here), Ok(origin)) = (location.href(), location.origin()) else {
        return false;
    };
    web_sys::Url::new_with_base(url, &here).is_ok_and(|u| u.origin() != origin)
}

/// A request that got no response, in plain words: offline, or (another origin) refused by the
/// browser because that server does not allow this site (CORS) or this site's policy does not
/// list it (`connect-src`).
fn unreachable_reason(url: &str, e: &gloo_net::Error) -> Text {
    if !cross_origin(url) {
        return Text::new(
            format!("no se pudo descargar {url} (¿sin conexión?): {e}"),
            format!("could not download {url} (offline?): {e}"),
        );
    }
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    Text::new(
        format!(
            "no se pudo leer {url}: el navegador no recibió respuesta o la bloqueó. Si la \
             dirección es correcta, el dueño de ese servidor o bucket debe permitir este sitio \
             (CORS: AllowedOrigins {origin}, AllowedMethods GET y HEAD, ExposeHeaders ETag, \
             Content-Length y Last-Modified), y este sitio debe incluir ese origen en su \
             política (connect-src, variable data_origins de Terraform) ({e})"
        ),
        format!(
            "could not read {url}: the browser got no response or blocked it. If the address is \
             right, the owner of that server or bucket must allow this site (CORS: \
             AllowedOrigins {origin}, AllowedMethods GET and HEAD, ExposeHeaders ETag, \
             Content-Length and Last-Modified), and this site must list that origin in its \
             policy (connect-src, Terraform variable data_origins) ({e})"
        ),
    )
}

/// An HTTP error with what it usually means for a static host or an S3 bucket.
fn http_reason(url: &str, code: u16, text: &str) -> Text {
    let (es, en) = match code {
        403 => (
            " — acceso denegado: el objeto no es público o la política del bucket no permite s3:GetObject a este sitio",
            " — access denied: the object is not public or the bucket policy does not allow s3:GetObject to this site",
        ),
        404 => (
            " — no existe: la dirección debe ser la carpeta que contiene manifest.json",
            " — not found: the address must be the folder that holds manifest.json",
        ),
        _ => ("", ""),
    };
    Text::new(
        format!("{url} respondió HTTP {code} {text}{es}"),
        format!("{url} answered HTTP {code} {text}{en}"),
    )
}

/// Local files by their manifest path ([`crate::local`]).
pub type LocalFiles = std::collections::HashMap<String, Bytes>;

/// Fetches every file of one dataset at once (or takes it from `local`, the user's own files);
/// the first failure names the file.
pub async fn fetch_dataset(
    base: &str,
    manifest: &Manifest,
    dataset: Dataset,
    local: Option<&LocalFiles>,
) -> Result<Vec<(String, Bytes)>, DatasetError> {
    let fail = |reason: Text| DatasetError {
        dataset: dataset.name().to_string(),
        reason,
    };
    let Some(entry) = manifest.dataset(dataset.name()) else {
        let name = dataset.name();
        return Err(fail(if local.is_some() {
            Text::new(
                format!(
                    "falta «{name}» entre tus archivos: añade {name}.parquet o {name}.csv (o una \
                     carpeta que lo contenga) desde el panel Datos"
                ),
                format!(
                    "“{name}” is not among your files: add {name}.parquet or {name}.csv (or a \
                     folder holding it) from the Data panel"
                ),
            )
        } else {
            Text::new(
                "el manifiesto no incluye este conjunto de datos",
                "the manifest does not list this dataset",
            )
        }));
    };
    let engine_fail = |e: cx_engine::EngineError| fail(Text::both(|| labels::engine_error(&e)));
    entry.check_caps().map_err(engine_fail)?;
    let bodies = match local {
        Some(files) => entry
            .files
            .iter()
            .map(|f| {
                files.get(&f.path).cloned().ok_or_else(|| {
                    Text::new(
                        format!("{} no está entre tus archivos", f.path),
                        format!("{} is not among your files", f.path),
                    )
                })
            })
            .collect(),
        None => {
            join_all(
                entry
                    .files
                    .iter()
                    .map(|f| fetch_bytes(format!("{base}{}", f.path), Size::Manifest(f.bytes))),
            )
            .await
        }
    };
    let name = dataset.name();
    let parquet = |f: &cx_engine::FileEntry, reason: String| {
        engine_fail(cx_engine::EngineError::Parquet {
            dataset: name.to_string(),
            file: f.path.clone(),
            reason,
        })
    };
    let mut out = Vec::with_capacity(entry.files.len());
    for (f, body) in entry.files.iter().zip(bodies) {
        let bytes = body.map_err(fail)?;
        f.verify(name, &bytes).map_err(engine_fail)?;
        if local.is_some() && cx_engine::import::is_csv(&f.path, &bytes) {
            // The user's CSV file, checked whole when it was opened; no Parquet decoder runs.
            out.push((f.path.clone(), bytes));
            continue;
        }
        // The decoding worker first: a file that would crash the decoder crashes only it.
        if let Err(refusal) = crate::vet::vet(&bytes, &f.sha256).await {
            return Err(fail(refusal.describe(name, &f.path)));
        }
        let rows = cx_engine::parquet_rows(&bytes).map_err(|reason| parquet(f, reason))?;
        f.verify_rows(name, rows).map_err(engine_fail)?;
        out.push((f.path.clone(), bytes));
    }
    Ok(out)
}

/// Largest `manifest.json` read: 4 MiB (the generated one is about 30 KiB).
const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;

fn manifest_err(reason: Text) -> DatasetError {
    DatasetError {
        dataset: "manifest.json".into(),
        reason,
    }
}

/// Fetches and parses `manifest.json` under `base`.
///
/// # Errors
/// When it cannot be fetched, is not UTF-8 or is not a valid manifest.
pub async fn fetch_manifest(base: &str) -> Result<Manifest, DatasetError> {
    fetch_manifest_dated(base, false).await.map(|(m, _)| m)
}

/// As [`fetch_manifest`], revalidated with the server when `revalidate`, with the time it was
/// published (the response's `Last-Modified`, as sent).
///
/// # Errors
/// As [`fetch_manifest`].
pub async fn fetch_manifest_dated(
    base: &str,
    revalidate: bool,
) -> Result<(Manifest, Option<String>), DatasetError> {
    let (text, published) = fetch_fresh(
        format!("{base}manifest.json"),
        Size::AtMost(MAX_MANIFEST_BYTES),
        revalidate,
    )
    .await
    .map_err(manifest_err)?;
    if text.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(manifest_err(Text::new(
            format!("manifest.json tiene más de {MAX_MANIFEST_BYTES} bytes"),
            format!("manifest.json has more than {MAX_MANIFEST_BYTES} bytes"),
        )));
    }
    let text = String::from_utf8(text.to_vec()).map_err(|_| {
        manifest_err(Text::new(
            "manifest.json no es texto UTF-8",
            "manifest.json is not UTF-8 text",
        ))
    })?;
    let manifest = Manifest::from_json(&text)
        .map_err(|e| manifest_err(Text::both(|| crate::labels::engine_error(&e))))?;
    if cx_engine::parse_day(&manifest.date_to).is_none() {
        let d = &manifest.date_to;
        return Err(manifest_err(Text::new(
            format!("date_to {d:?} no es una fecha"),
            format!("date_to {d:?} is not a date"),
        )));
    }
    Ok((manifest, published))
}
