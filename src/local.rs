//! Local files: Parquet and CSV files (or whole folders) picked or dropped by the user, read in
//! the browser only — nothing is sent anywhere — and kept in this browser's IndexedDB until the
//! user removes them.
//!
//! Each file is matched to a dataset ([`cx_engine::import::match_file`]: by name, else by its
//! columns) and checked whole before it is used; CSV files are kept as they are and read by the
//! engine's CSV path, Parquet files as published files are (length and SHA-256 checks, the
//! decoding worker, the engine).
//! A folder with a `manifest.json` (the published lake's layout) is read through its manifest.
//! What could not be used is listed, file by file, with what is wrong.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use bytes::Bytes;
use cx_engine::import::{self, CsvProblem, CsvProblemKind, Matched};
use cx_engine::{Dataset, FileEntry, Manifest};
use wasm_bindgen::prelude::*;

use crate::i18n::Text;

#[wasm_bindgen(inline_js = r#"
const MAX_FILES = 10000;
const MAX_FILE = 512 * 1024 * 1024;
const MAX_TOTAL = 2 * 1024 * 1024 * 1024;

async function readAll(files) {
  const out = [];
  let total = 0;
  for (const { file, path } of files.slice(0, MAX_FILES)) {
    if (file.size > MAX_FILE) { out.push([path, null, file.size, 'file']); continue; }
    if (total + file.size > MAX_TOTAL) { out.push([path, null, file.size, 'total']); continue; }
    total += file.size;
    out.push([path, new Uint8Array(await file.arrayBuffer()), file.size, '']);
  }
  if (files.length > MAX_FILES) out.push([`(${files.length - MAX_FILES})`, null, 0, 'count']);
  return out;
}

// [[path, bytes | null, size, skipped ('' | 'file' | 'total' | 'count')]] of an <input type=file>.
export async function cx_files_of_input(input) {
  const files = [...(input.files || [])].map((f) => ({ file: f, path: f.webkitRelativePath || f.name }));
  input.value = '';
  return readAll(files);
}

function entryFile(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry, prefix, out) {
  if (out.length > MAX_FILES) return;
  if (entry.isFile) {
    out.push({ file: await entryFile(entry), path: prefix + entry.name });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const e of batch) await walk(e, prefix + entry.name + '/', out);
    }
  }
}

// The files and folders of a drop. The entries are taken synchronously, while the event lasts.
export function cx_files_of_drop(event) {
  const dt = event.dataTransfer;
  const entries = dt && dt.items ? [...dt.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean) : [];
  const plain = dt ? [...dt.files] : [];
  return (async () => {
    const files = [];
    if (entries.length) { for (const e of entries) await walk(e, '', files); }
    else for (const f of plain) files.push({ file: f, path: f.name });
    return readAll(files);
  })();
}

function db() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open('cx-local', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('files');
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); tx.onabort = () => reject(tx.error); });
}

// Replaces what is kept with [[key, Uint8Array]]; resolves to '' or the browser's reason.
export async function cx_local_save(entries) {
  try {
    const d = await db();
    const tx = d.transaction('files', 'readwrite');
    const store = tx.objectStore('files');
    store.clear();
    for (const [k, v] of entries) store.put(v, k);
    await done(tx);
    d.close();
    return '';
  } catch (e) {
    return String(e && e.message || e);
  }
}

// [[key, Uint8Array]] kept, or [] (nothing kept, or no IndexedDB).
export async function cx_local_load() {
  try {
    const d = await db();
    const tx = d.transaction('files', 'readonly');
    const store = tx.objectStore('files');
    const keys = await new Promise((res, rej) => { const r = store.getAllKeys(); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const values = await new Promise((res, rej) => { const r = store.getAll(); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    d.close();
    return keys.map((k, i) => [k, values[i]]);
  } catch (_) {
    return [];
  }
}

export async function cx_local_clear() {
  try {
    const d = await db();
    const tx = d.transaction('files', 'readwrite');
    tx.objectStore('files').clear();
    await done(tx);
    d.close();
  } catch (_) {}
}
"#)]
extern "C" {
    fn cx_files_of_input(input: &web_sys::HtmlInputElement) -> js_sys::Promise;
    fn cx_files_of_drop(event: &web_sys::DragEvent) -> js_sys::Promise;
    fn cx_local_save(entries: js_sys::Array) -> js_sys::Promise;
    fn cx_local_load() -> js_sys::Promise;
    fn cx_local_clear() -> js_sys::Promise;
}

/// Largest CSV file read (each field becomes a string: a CSV takes several times its size in
/// memory while it is read).
const MAX_CSV_BYTES: usize = 128 * 1024 * 1024;

/// One file picked or dropped: its path (relative, for a folder) and its bytes, or why it was
/// not read.
pub struct Picked {
    path: String,
    bytes: Result<Bytes, Text>,
}

/// The files a [`from_drop`] promise resolves to.
pub async fn picked_of(promise: js_sys::Promise) -> Vec<Picked> {
    picked(promise).await
}

async fn picked(promise: js_sys::Promise) -> Vec<Picked> {
    let Ok(v) = wasm_bindgen_futures::JsFuture::from(promise).await else {
        return Vec::new();
    };
    let Ok(list) = v.dyn_into::<js_sys::Array>() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|row| {
            let row: js_sys::Array = row.dyn_into().ok()?;
            let path = row.get(0).as_string()?;
            let size = row.get(2).as_f64().unwrap_or(0.0) as u64;
            let bytes = match row.get(3).as_string().as_deref() {
                Some("file") => Err(Text::new(
                    format!("tiene {size} bytes, más que el máximo de 512 MiB por archivo"),
                    format!("has {size} bytes, over the maximum of 512 MiB per file"),
                )),
                Some("total") => Err(Text::new(
                    "no se leyó: los archivos juntos superan 2 GiB",
                    "not read: the files together are over 2 GiB",
                )),
                Some("count") => Err(Text::new(
                    "no se leyeron: más de 10 000 archivos",
                    "not read: more than 10,000 files",
                )),
                _ => row
                    .get(1)
                    .dyn_into::<js_sys::Uint8Array>()
                    .map(|a| Bytes::from(a.to_vec()))
                    .map_err(|_| Text::new("no se pudo leer", "could not be read")),
            };
            Some(Picked { path, bytes })
        })
        .collect()
}

/// The files of a file or folder input.
pub async fn from_input(input: &web_sys::HtmlInputElement) -> Vec<Picked> {
    picked(cx_files_of_input(input)).await
}

/// The files and folders of a drop (call from the drop handler itself).
pub fn from_drop(event: &web_sys::DragEvent) -> js_sys::Promise {
    cx_files_of_drop(event)
}

/// What became of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The file's path as picked.
    pub file: String,
    /// The dataset it was matched to.
    pub dataset: Option<Dataset>,
    /// `Some(true)` matched by name, `Some(false)` by columns.
    pub by_name: Option<bool>,
    /// What is wrong with it (nothing: it is used).
    pub problem: Option<Text>,
}

/// Local data ready for the store: a manifest and the Parquet bytes of every file it lists.
#[derive(Debug, Clone)]
pub struct LocalLake {
    /// The folder's manifest, or one made for the files.
    pub manifest: Manifest,
    /// Parquet bytes by the manifest's paths.
    pub files: Arc<HashMap<String, Bytes>>,
}

impl LocalLake {
    /// `self` with `newer`'s datasets in place of its own of the same names, the others kept:
    /// choosing a corrected file of one dataset does not drop the rest. A folder with its own
    /// manifest (a whole lake) replaces everything.
    pub fn merged(self, newer: LocalLake) -> LocalLake {
        if newer.manifest.generator != LOOSE || self.manifest.generator != LOOSE {
            return newer;
        }
        let names: Vec<String> = newer
            .manifest
            .datasets
            .iter()
            .map(|d| d.name.clone())
            .collect();
        let mut files: HashMap<String, Bytes> = (*self.files).clone();
        let mut m = self.manifest;
        for d in m.datasets.iter().filter(|d| names.contains(&d.name)) {
            for f in &d.files {
                files.remove(&f.path);
            }
        }
        m.datasets.retain(|d| !names.contains(&d.name));
        files.extend(newer.files.iter().map(|(k, v)| (k.clone(), v.clone())));
        let real = |a: &str, b: &str| !(a == "2000-01-01" && b == "2099-12-31");
        let (nf, nt) = (&newer.manifest.date_from, &newer.manifest.date_to);
        if !real(&m.date_from, &m.date_to) {
            (m.date_from, m.date_to) = (nf.clone(), nt.clone());
        } else if real(nf, nt) {
            m.date_from = m.date_from.clone().min(nf.clone());
            m.date_to = m.date_to.clone().max(nt.clone());
        }
        m.datasets.extend(newer.manifest.datasets);
        m.total_rows = m.datasets.iter().map(|d| d.rows).sum();
        LocalLake {
            manifest: m,
            files: Arc::new(files),
        }
    }

    /// Bytes held.
    pub fn bytes(&self) -> u64 {
        self.files.values().map(|b| b.len() as u64).sum()
    }
}

fn csv_problem(p: &CsvProblem) -> Text {
    let line = p.line;
    match &p.kind {
        CsvProblemKind::Empty => Text::new(
            "está vacío: falta la fila de encabezado",
            "is empty: the header row is missing",
        ),
        CsvProblemKind::MissingColumn(c) => Text::new(
            format!("falta la columna «{c}» en el encabezado"),
            format!("the header lacks the column “{c}”"),
        ),
        CsvProblemKind::FieldCount { found, expected } => Text::new(
            format!("línea {line}: tiene {found} campos, el encabezado tiene {expected}"),
            format!("line {line}: has {found} fields, the header has {expected}"),
        ),
        CsvProblemKind::BadValue {
            column,
            value,
            expected,
        } => {
            let (es, en) = match *expected {
                "whole number" => ("un número entero", "a whole number"),
                "true/false" => ("verdadero/falso", "true/false"),
                "date" => (
                    "una fecha (AAAA-MM-DD o DD/MM/AAAA)",
                    "a date (YYYY-MM-DD or DD/MM/YYYY)",
                ),
                "date and time" => (
                    "una fecha y hora (AAAA-MM-DD HH:MM:SS)",
                    "a date and time (YYYY-MM-DD HH:MM:SS)",
                ),
                "amount" => ("un importe (1234.50)", "an amount (1234.50)"),
                _ => ("un valor válido", "a valid value"),
            };
            Text::new(
                format!("línea {line}, columna «{column}»: «{value}» no es {es}"),
                format!("line {line}, column “{column}”: “{value}” is not {en}"),
            )
        }
        CsvProblemKind::OpenQuote => Text::new(
            format!("línea {line}: unas comillas se abren y no se cierran"),
            format!("line {line}: a quote opens and never closes"),
        ),
        CsvProblemKind::More(n) => Text::new(
            format!("y {n} problemas más"),
            format!("and {n} more problems"),
        ),
    }
}

fn join(texts: Vec<Text>) -> Text {
    Text::both(|| {
        // Both languages of each part, joined in the page's language.
        texts.iter().map(|t| t.get()).collect::<Vec<_>>().join("; ")
    })
}

/// Prepares picked files: matches, converts and checks them. Every Parquet file goes through
/// the decoding worker before the app reads its footer or a column.
pub async fn prepare(files: Vec<Picked>) -> (Option<LocalLake>, Vec<Note>) {
    let mut notes = Vec::new();
    let mut ok: Vec<(String, Bytes)> = Vec::new();
    for f in files {
        match f.bytes {
            Ok(b) => ok.push((f.path, b)),
            Err(problem) => notes.push(Note {
                file: f.path,
                dataset: None,
                by_name: None,
                problem: Some(problem),
            }),
        }
    }
    // A folder in the lake's layout: read through its manifest (any other manifest.json, a web
    // app's say, is just an unknown file).
    if let Some(i) = ok.iter().position(|(p, b)| {
        p.rsplit('/').next() == Some("manifest.json")
            && Manifest::from_json(&String::from_utf8_lossy(b)).is_ok()
    }) {
        let (path, bytes) = ok.remove(i);
        return with_manifest(path, bytes, ok, notes);
    }
    let mut by_dataset: BTreeMap<Dataset, Vec<FileEntry>> = BTreeMap::new();
    let mut parquet: HashMap<String, Bytes> = HashMap::new();
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for (path, bytes) in ok {
        let lower = path.to_lowercase();
        let note = |dataset, by_name, problem| Note {
            file: path.clone(),
            dataset,
            by_name,
            problem,
        };
        let (matched, data) = if lower.ends_with(".csv") {
            // Read into one string per field: bounded well below the page's memory.
            if bytes.len() > MAX_CSV_BYTES {
                let n = bytes.len();
                notes.push(note(
                    None,
                    None,
                    Some(Text::new(
                        format!("tiene {n} bytes, más que el máximo de 128 MiB para un CSV: conviértelo a Parquet"),
                        format!("has {n} bytes, over the maximum of 128 MiB for a CSV: convert it to Parquet"),
                    )),
                ));
                continue;
            }
            let csv = match import::read_csv(&bytes) {
                Ok(c) => c,
                Err(p) => {
                    notes.push(note(
                        None,
                        None,
                        Some(join(p.iter().map(csv_problem).collect())),
                    ));
                    continue;
                }
            };
            let matched = import::match_file(&path, &csv.columns);
            let Some(d) = matched.dataset() else {
                notes.push(note(None, None, Some(unknown(&matched))));
                continue;
            };
            // Every problem listed now; the file itself is kept as it is (the loader reads CSV).
            let missing = import::csv_batch(d, &csv).err().filter(|p| {
                p.iter()
                    .any(|x| matches!(x.kind, CsvProblemKind::MissingColumn(_)))
            });
            if csv.row_count() == 0 && missing.is_none() {
                let by_name = matches!(matched, Matched::ByName(_));
                notes.push(note(
                    Some(d),
                    Some(by_name),
                    Some(Text::new(
                        "solo tiene la fila de encabezado: no hay filas que usar",
                        "has only the header row: there are no rows to use",
                    )),
                ));
                continue;
            }
            match import::csv_batch(d, &csv) {
                Ok(_) => (matched, bytes),
                Err(p) => {
                    let by_name = matches!(matched, Matched::ByName(_));
                    notes.push(note(
                        Some(d),
                        Some(by_name),
                        Some(join(p.iter().map(csv_problem).collect())),
                    ));
                    continue;
                }
            }
        } else if lower.ends_with(".parquet") || lower.ends_with(".parq") || lower.ends_with(".pq")
        {
            let sha = cx_engine::sha256_hex(&bytes);
            if let Err(refusal) = crate::vet::vet(&bytes, &sha).await {
                notes.push(note(None, None, Some(refusal.describe("", &path))));
                continue;
            }
            let columns = match import::parquet_columns(&bytes) {
                Ok(c) => c,
                Err(reason) => {
                    notes.push(note(None, None, Some(parquet_reason(&path, &reason))));
                    continue;
                }
            };
            let matched = import::match_file(&path, &columns);
            if matched.dataset().is_none() {
                notes.push(note(None, None, Some(unknown(&matched))));
                continue;
            }
            (matched, bytes)
        } else {
            notes.push(note(
                None,
                None,
                Some(Text::new(
                    "archivo desconocido: se esperan archivos .parquet o .csv de los siete conjuntos de datos",
                    "unknown file: .parquet or .csv files of the seven datasets are expected",
                )),
            ));
            continue;
        };
        let Some(d) = matched.dataset() else { continue };
        let by_name = matches!(matched, Matched::ByName(_));
        // The columns the app reads, checked now (types, values), so the list says what is
        // wrong with each file rather than a page later.
        if let Err(e) =
            cx_engine::read_columns(d.spec(), &path, data.clone(), cx_engine::needed_columns(d))
        {
            notes.push(note(
                Some(d),
                Some(by_name),
                Some(Text::both(|| crate::labels::engine_error(&e))),
            ));
            continue;
        }
        let rows = if import::is_csv(&path, &data) {
            import::csv_rows(&data).unwrap_or(0)
        } else {
            cx_engine::parquet_rows(&data).unwrap_or(0)
        };
        match import::event_days(d, &path, data.clone()) {
            Ok(span) => {
                if let Some((a, b)) = span {
                    first = first.min(a);
                    last = last.max(b);
                }
            }
            Err(e) => {
                notes.push(note(
                    Some(d),
                    Some(by_name),
                    Some(Text::both(|| crate::labels::engine_error(&e))),
                ));
                continue;
            }
        }
        // The same name twice (two folders): the path keeps them apart.
        let key = path.clone();
        by_dataset.entry(d).or_default().push(FileEntry {
            path: key.clone(),
            rows,
            bytes: data.len() as u64,
            sha256: cx_engine::sha256_hex(&data),
        });
        parquet.insert(key, data);
        notes.push(note(Some(d), Some(by_name), None));
    }
    if by_dataset.is_empty() {
        return (None, notes);
    }
    if first > last {
        // Only customers: a period of their own does not matter.
        (first, last) = (cx_engine::limits::MIN_DAY, cx_engine::limits::END_DAY - 1);
    }
    let manifest = import::local_manifest(by_dataset.into_iter().collect(), first, last);
    (
        Some(LocalLake {
            manifest,
            files: Arc::new(parquet),
        }),
        notes,
    )
}

fn parquet_reason(path: &str, reason: &str) -> Text {
    let e = cx_engine::EngineError::Parquet {
        dataset: String::new(),
        file: path.to_string(),
        reason: reason.to_string(),
    };
    Text::both(|| crate::labels::engine_error(&e))
}

fn unknown(m: &Matched) -> Text {
    match m {
        Matched::Unknown(Some((d, missing))) => {
            let cols = missing.join(", ");
            let name = d.name();
            Text::new(
                format!("archivo desconocido: su nombre no es el de un conjunto de datos y se parece a «{name}», pero le faltan las columnas {cols}"),
                format!("unknown file: its name is not a dataset's and it looks like “{name}”, but it lacks the columns {cols}"),
            )
        }
        _ => Text::new(
            "archivo desconocido: ni su nombre ni sus columnas son los de un conjunto de datos (clientes, llamadas_call_center, mensajes_whatsapp, tickets_soporte, encuestas_post_atencion, resenas_online, libro_reclamaciones)",
            "unknown file: neither its name nor its columns are a dataset's (clientes, llamadas_call_center, mensajes_whatsapp, tickets_soporte, encuestas_post_atencion, resenas_online, libro_reclamaciones)",
        ),
    }
}

/// A folder in the lake's layout: its manifest names the files (matched by the end of their
/// paths); the app checks them as it checks published files.
fn with_manifest(
    path: String,
    bytes: Bytes,
    files: Vec<(String, Bytes)>,
    mut notes: Vec<Note>,
) -> (Option<LocalLake>, Vec<Note>) {
    let text = String::from_utf8_lossy(&bytes);
    let manifest = match Manifest::from_json(&text) {
        Ok(m) => m,
        Err(e) => {
            notes.push(Note {
                file: path,
                dataset: None,
                by_name: None,
                problem: Some(Text::both(|| crate::labels::engine_error(&e))),
            });
            return (None, notes);
        }
    };
    let mut map = HashMap::new();
    let mut used = vec![false; files.len()];
    for d in &manifest.datasets {
        for f in &d.files {
            let found = files
                .iter()
                .position(|(p, _)| p == &f.path || p.ends_with(&format!("/{}", f.path)));
            match found {
                Some(i) => {
                    used[i] = true;
                    map.insert(f.path.clone(), files[i].1.clone());
                }
                None => notes.push(Note {
                    file: f.path.clone(),
                    dataset: Dataset::from_name(&d.name),
                    by_name: Some(true),
                    problem: Some(Text::new(
                        "falta: el manifiesto lo lista pero no está en la carpeta",
                        "missing: the manifest lists it but it is not in the folder",
                    )),
                }),
            }
        }
    }
    for (i, (p, _)) in files.iter().enumerate() {
        // The CSV copies, the calendar and the summary the manifest lists are part of the layout
        // (the summary describes the published data: a page of your files is computed from
        // them); anything else is named.
        let summary = manifest
            .summary
            .as_ref()
            .is_some_and(|s| p == &s.path || p.ends_with(&format!("/{}", s.path)));
        let known =
            p.contains("/csv/") || p.starts_with("csv/") || p.contains("calendario") || summary;
        if !used[i] && !known {
            notes.push(Note {
                file: p.clone(),
                dataset: None,
                by_name: None,
                problem: Some(Text::new(
                    "archivo desconocido: el manifiesto de la carpeta no lo lista",
                    "unknown file: the folder's manifest does not list it",
                )),
            });
        }
    }
    notes.push(Note {
        file: path,
        dataset: None,
        by_name: None,
        problem: None,
    });
    (
        Some(LocalLake {
            manifest,
            files: Arc::new(map),
        }),
        notes,
    )
}

#[wasm_bindgen(inline_js = r#"
export function cx_report() { return window.__cxReport || null; }
"#)]
extern "C" {
    fn cx_report() -> JsValue;
}

/// The data embedded in a single-file report (`public/report-builder.js`), if this page is one:
/// the lake, the view it opens on and when it was made.
pub fn embedded() -> Option<(LocalLake, String, String)> {
    let r = cx_report();
    if r.is_null() || r.is_undefined() {
        return None;
    }
    let get = |k: &str| js_sys::Reflect::get(&r, &JsValue::from_str(k)).ok();
    let manifest = Manifest::from_json(&get("manifest")?.as_string()?).ok()?;
    let query = get("query").and_then(|q| q.as_string()).unwrap_or_default();
    let created = get("created")
        .and_then(|q| q.as_string())
        .unwrap_or_default();
    let list: js_sys::Array = get("files")?.dyn_into().ok()?;
    let mut files = HashMap::new();
    for row in list.iter() {
        let row: js_sys::Array = row.dyn_into().ok()?;
        let path = row.get(0).as_string()?;
        let bytes = row.get(1).dyn_into::<js_sys::Uint8Array>().ok()?.to_vec();
        files.insert(path, Bytes::from(bytes));
    }
    Some((
        LocalLake {
            manifest,
            files: Arc::new(files),
        },
        query,
        created,
    ))
}

/// A text field of the single-file report this page is, if it is one.
fn report_field(key: &str) -> Option<String> {
    let r = cx_report();
    if r.is_null() || r.is_undefined() {
        return None;
    }
    js_sys::Reflect::get(&r, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

/// When the single-file report this page is was made.
pub fn embedded_created() -> Option<String> {
    report_field("created")
}

/// The view a single-file report opens on (its query), when this page is one.
pub fn report_query() -> Option<String> {
    report_field("query")
}

/// The `generator` of a manifest made for loose files ([`cx_engine::import::local_manifest`]).
const LOOSE: &str = "local files";

const MANIFEST_KEY: &str = "\u{0}manifest.json";

/// Keeps the local data in this browser (IndexedDB) until [`forget`]; `Err` with the browser's
/// reason (a full disk, private browsing).
pub async fn save(lake: &LocalLake) -> Result<(), String> {
    let entries = js_sys::Array::new();
    let manifest = serde_json::to_string(&lake.manifest).map_err(|e| e.to_string())?;
    let pair = js_sys::Array::of2(
        &JsValue::from_str(MANIFEST_KEY),
        &js_sys::Uint8Array::from(manifest.as_bytes()),
    );
    entries.push(&pair);
    for (k, v) in lake.files.iter() {
        entries.push(&js_sys::Array::of2(
            &JsValue::from_str(k),
            &js_sys::Uint8Array::from(v.as_ref()),
        ));
    }
    let r = wasm_bindgen_futures::JsFuture::from(cx_local_save(entries))
        .await
        .map_err(|e| format!("{e:?}"))?;
    match r.as_string() {
        Some(s) if s.is_empty() => Ok(()),
        Some(s) => Err(s),
        None => Err("IndexedDB".into()),
    }
}

/// The local data kept in this browser, if any.
pub async fn load() -> Option<LocalLake> {
    let v = wasm_bindgen_futures::JsFuture::from(cx_local_load())
        .await
        .ok()?;
    let list: js_sys::Array = v.dyn_into().ok()?;
    let mut manifest = None;
    let mut files = HashMap::new();
    for row in list.iter() {
        let row: js_sys::Array = row.dyn_into().ok()?;
        let key = row.get(0).as_string()?;
        let bytes = row.get(1).dyn_into::<js_sys::Uint8Array>().ok()?.to_vec();
        if key == MANIFEST_KEY {
            manifest = Manifest::from_json(&String::from_utf8(bytes).ok()?).ok();
        } else {
            files.insert(key, Bytes::from(bytes));
        }
    }
    Some(LocalLake {
        manifest: manifest?,
        files: Arc::new(files),
    })
}

/// Removes the local data kept in this browser.
pub async fn forget() {
    let _ = wasm_bindgen_futures::JsFuture::from(cx_local_clear()).await;
}
