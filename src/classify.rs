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
// Jobs sent or waiting for the worker to listen, by id. A run replaced while its job is in the
// worker simply never reads the answer: the next run's job queues behind it.
const jobs = new Map();
let next = 0;

function workerUrl() {
  const meta = document.querySelector('meta[name="cx-classify-worker"]');
  return meta ? new URL(meta.content, document.baseURI).href : null;
}

function settle(job, answer) {
  clearTimeout(job.timer);
  jobs.delete(job.id);
  job.resolve(answer);
}

// The worker is gone. After a panic (which named its own job) the other jobs go to a fresh
// worker; otherwise every job gets `why` and the page classifies by itself from now on.
function end(why, retry) {
  if (worker) worker.terminate();
  worker = null;
  ready = false;
  if (retry) {
    for (const job of jobs.values()) clearTimeout(job.timer);
    if (jobs.size) start();
    return;
  }
  broken = true;
  for (const job of [...jobs.values()]) settle(job, why);
}

function send(job) {
  job.timer = setTimeout(() => end('stopped: timeout', false), JOB_MS);
  worker.postMessage({ id: job.id, buf: job.buf, ends: job.ends }, [job.buf.buffer, job.ends.buffer]);
}

function start() {
  const url = workerUrl();
  if (!url || typeof Worker === 'undefined' || location.protocol === 'file:') { broken = true; return; }
  try { worker = new Worker(url); } catch (e) { broken = true; return; }
  const w = worker;
  const starting = setTimeout(() => { if (worker === w && !ready) end('unavailable', false); }, START_MS);
  w.onmessage = (e) => {
    if (worker !== w) return;
    const m = e.data;
    if (m.ready) { ready = true; clearTimeout(starting); for (const job of jobs.values()) send(job); return; }
    const job = jobs.get(m.id);
    if (!job) return;
    if (m.scores instanceof Uint8Array) settle(job, m.scores);
    else if ('panic' in m) { settle(job, 'panic: ' + m.panic); end('', true); }
    else settle(job, 'error: ' + m.error);
  };
  w.onerror = (e) => { e.preventDefault(); if (worker === w) end('stopped: ' + (e.message || ''), false); };
}

export function classify_available() {
  if (!broken && !worker) start();
  return !broken;
}

export function classify_js(buf, ends) {
  if (!broken && !worker) start();
  if (broken) return Promise.resolve('unavailable');
  return new Promise((resolve) => {
    const job = { id: next++, buf, ends, resolve, timer: null };
    jobs.set(job.id, job);
    if (ready) send(job);
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

/// Why the worker gave no scores.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// Scoring these texts stopped the worker (a panic): they must not be scored on the page
    /// either, where a panic would end the app. A later chunk starts a fresh worker.
    Stopped(String),
    /// The worker cannot be used (it cannot start, timed out, or answered nonsense): the caller
    /// scores the texts itself.
    Unavailable(String),
}

/// Scores of the texts `which` (indices into `texts`), in that order, from the worker, with
/// the milliseconds the page spent copying them out; or why not.
///
/// # Errors
/// See [`Refused`].
pub async fn in_worker(texts: &Texts, which: &[usize]) -> Result<(Vec<Scored>, f64), Refused> {
    let t0 = crate::store::now_ms();
    let mut buf = String::new();
    let mut ends = Vec::with_capacity(which.len());
    for &i in which {
        buf.push_str(texts.text(i));
        let end = u32::try_from(buf.len())
            .map_err(|_| Refused::Unavailable("chunk over 4 GB".to_string()))?;
        ends.push(end);
    }
    let pending = classify_js(
        js_sys::Uint8Array::from(buf.as_bytes()),
        js_sys::Uint32Array::from(ends.as_slice()),
    );
    let copy_ms = crate::store::now_ms() - t0;
    let answer = wasm_bindgen_futures::JsFuture::from(pending)
        .await
        .map_err(|e| Refused::Unavailable(format!("{e:?}")))?;
    if let Some(why) = answer.as_string() {
        return Err(match why.strip_prefix("panic: ") {
            Some(p) => Refused::Stopped(p.to_string()),
            None => Refused::Unavailable(why),
        });
    }
    let packed = js_sys::Uint8Array::new(&answer).to_vec();
    if packed.len() != which.len() * PACKED {
        return Err(Refused::Unavailable(format!(
            "{} bytes of scores for {} texts",
            packed.len(),
            which.len()
        )));
    }
    let scores = packed
        .chunks(PACKED)
        .map(|b| Scored::unpack(b).ok_or_else(|| Refused::Unavailable("a malformed score".into())))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((scores, copy_ms))
}
