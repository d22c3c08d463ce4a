//! Texts are classified in a worker (`src/bin/classify_worker.rs`), so the page keeps answering
//! while hundreds of thousands of texts are scored: the page only copies each chunk's texts out
//! and the packed scores back in. Where the worker cannot start (a single-file report opened
//! from `file://`, a browser without workers) or stops, the store scores on the page in small
//! chunks instead (`Store::classify`).

use cx_engine::texts::{Scored, Texts, PACKED};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
let worker = null;
let ready = false;
let broken = false;
const START_MS = 30000;
const JOB_MS = 120000;
let waiting = null; // the one job in flight: { id, buf, ends, resolve, timer }
let next = 0;

function workerUrl() {
  const meta = document.querySelector('meta[name="cx-classify-worker"]');
  return meta ? new URL(meta.content, document.baseURI).href : null;
}

function fail(why) {
  broken = true;
  if (worker) worker.terminate();
  worker = null;
  if (waiting) { clearTimeout(waiting.timer); waiting.resolve(why); waiting = null; }
}

function send() {
  waiting.timer = setTimeout(() => fail('stopped: timeout'), JOB_MS);
  worker.postMessage({ id: waiting.id, buf: waiting.buf, ends: waiting.ends }, [waiting.buf.buffer, waiting.ends.buffer]);
}

function start() {
  const url = workerUrl();
  if (!url || typeof Worker === 'undefined' || location.protocol === 'file:') { broken = true; return; }
  try { worker = new Worker(url); } catch (e) { broken = true; return; }
  const w = worker;
  const starting = setTimeout(() => { if (worker === w && !ready) fail('unavailable'); }, START_MS);
  w.onmessage = (e) => {
    if (worker !== w) return;
    const m = e.data;
    if (m.ready) { ready = true; clearTimeout(starting); if (waiting) send(); return; }
    if (!waiting || m.id !== waiting.id) return;
    const job = waiting;
    waiting = null;
    clearTimeout(job.timer);
    if (m.scores instanceof Uint8Array) job.resolve(m.scores);
    else if ('panic' in m) { job.resolve('panic: ' + m.panic); fail('panic'); }
    else job.resolve('error: ' + m.error);
  };
  w.onerror = (e) => { e.preventDefault(); if (worker === w) fail('stopped: ' + (e.message || '')); };
}

export function classify_available() {
  if (!broken && !worker) start();
  return !broken;
}

export function classify_js(buf, ends) {
  if (!broken && !worker) start();
  if (broken) return Promise.resolve('unavailable');
  if (waiting) return Promise.resolve('busy');
  return new Promise((resolve) => {
    waiting = { id: next++, buf, ends, resolve, timer: null };
    if (ready) send();
  });
}
"#)]
extern "C" {
    fn classify_available() -> bool;
    fn classify_js(buf: js_sys::Uint8Array, ends: js_sys::Uint32Array) -> js_sys::Promise;
}

/// Texts per message to the worker: about 0.15 s of its work, well under a millisecond of the
/// page's to copy the texts out and the scores back.
pub const CHUNK: usize = 4000;

/// Whether the worker can be used (it starts on the first call).
pub fn available() -> bool {
    classify_available()
}

/// Scores of the texts `which` (indices into `texts`), in that order, from the worker; `Err`
/// with the reason when it cannot (then the caller scores them itself).
///
/// # Errors
/// The worker is unavailable, stopped, or answered something else than one score a text.
pub async fn in_worker(texts: &Texts, which: &[usize]) -> Result<Vec<Scored>, String> {
    let mut buf = String::new();
    let mut ends = Vec::with_capacity(which.len());
    for &i in which {
        buf.push_str(texts.text(i));
        ends.push(u32::try_from(buf.len()).map_err(|_| "chunk over 4 GB".to_string())?);
    }
    let answer = wasm_bindgen_futures::JsFuture::from(classify_js(
        js_sys::Uint8Array::from(buf.as_bytes()),
        js_sys::Uint32Array::from(ends.as_slice()),
    ))
    .await
    .map_err(|e| format!("{e:?}"))?;
    if let Some(why) = answer.as_string() {
        return Err(why);
    }
    let packed = js_sys::Uint8Array::new(&answer).to_vec();
    if packed.len() != which.len() * PACKED {
        return Err(format!(
            "{} bytes of scores for {} texts",
            packed.len(),
            which.len()
        ));
    }
    packed
        .chunks(PACKED)
        .map(|b| Scored::unpack(b).ok_or_else(|| "a malformed score".to_string()))
        .collect()
}
