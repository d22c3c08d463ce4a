//! Every file is decoded first in a separate worker (`src/bin/vet_worker.rs`), and only then by
//! the app. The `parquet` crate can panic on some malformed files, and with `panic = "abort"` a
//! panic in the page would end the whole app: in the worker it ends only the worker. The app then
//! names the file ("the decoder stopped on this file") and starts a fresh worker for the next one.
//! A file that decodes in the worker decodes the same way in the app (the native fuzz target,
//! `crates/engine/tests/fuzz.rs`, checks exactly that). Files already checked (by SHA-256) are
//! not checked again.

use std::cell::RefCell;
use std::collections::HashSet;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
let worker = null;
let ready = false; // the worker drops messages sent before it says it listens
let broken = false; // the worker could not start here: the app decodes without it
const START_MS = 30000; // to become ready
const JOB_MS = 120000;  // for one file
let queue = [];   // [{ id, bytes, resolve }], in the order the worker reads them
let next = 0;

function workerUrl() {
  const meta = document.querySelector('meta[name="cx-vet-worker"]');
  return new URL(meta ? meta.content : './vet-worker_loader.js', document.baseURI).href;
}

function unavailable() {
  broken = true;
  if (worker) worker.terminate();
  worker = null;
  for (const q of queue.splice(0)) { clearTimeout(q.timer); q.resolve('unavailable'); }
}

function start() {
  try {
    worker = new Worker(workerUrl());
  } catch (e) {
    unavailable();
    return;
  }
  ready = false;
  const w = worker;
  const starting = setTimeout(() => { if (worker === w && !ready) unavailable(); }, START_MS);
  w.onmessage = (e) => {
    if (worker !== w) return; // a replaced worker's last words
    const m = e.data;
    if (m.ready) {
      ready = true;
      clearTimeout(starting);
      for (const q of queue) post(q);
      return;
    }
    const at = queue.findIndex((q) => q.id === m.id);
    if (at < 0) return;
    const [job] = queue.splice(at, 1);
    clearTimeout(job.timer);
    if ('panic' in m) {
      // The worker traps right after this message: replace it, resend what it had not read.
      job.resolve('panic: ' + m.panic);
      restart();
    } else {
      job.resolve(m.error);
    }
  };
  w.onerror = (e) => {
    e.preventDefault();
    if (worker !== w) return; // a replaced worker's last words
    // Dead before it listened (the wasm could not load or compile): no file is to blame.
    if (!ready) { clearTimeout(starting); unavailable(); return; }
    // The worker's last messages (the replies before the trap, and the panic's own message naming
    // its job) may still be on their way: let them arrive, then blame the oldest job left.
    setTimeout(() => {
      if (worker !== w) return; // the panic message already named the job
      const job = queue.shift();
      if (job) { clearTimeout(job.timer); job.resolve('stopped: ' + (e.message || '')); }
      restart();
    }, 200);
  };
}

function restart() {
  if (worker) worker.terminate();
  worker = null;
  if (queue.length) start();
}

// Sends a job, with a deadline: a file that keeps the worker busy too long is blamed for it.
function post(q) {
  q.timer = setTimeout(() => {
    const at = queue.indexOf(q);
    if (at < 0) return;
    queue.splice(at, 1);
    q.resolve('stopped: timeout');
    restart();
  }, JOB_MS);
  worker.postMessage({ id: q.id, bytes: q.bytes });
}

export function vet_js(bytes) {
  if (broken) return Promise.resolve('unavailable');
  if (!worker) start();
  if (broken) return Promise.resolve('unavailable');
  const id = next++;
  return new Promise((resolve) => {
    const q = { id, bytes, resolve, timer: null };
    queue.push(q);
    if (ready) post(q);
  });
}
"#)]
extern "C" {
    fn vet_js(bytes: &js_sys::Uint8Array) -> js_sys::Promise;
}

thread_local! {
    static PASSED: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
    /// Files that made the worker fail: never decoded in the page, whatever happens next.
    static FAILED: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// Why the worker refused a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The file cannot be decoded (the decoder's message).
    Invalid(String),
    /// The decoder stopped (panicked) on this file.
    Crashed(String),
    /// The decoder worked on this file for longer than it may (two minutes).
    Timeout,
    /// The file already made the decoder fail earlier in this visit.
    FailedBefore,
}

impl Refusal {
    /// Why the file named `path` of `dataset` is set aside, in both languages (for the error
    /// panel).
    pub fn describe(&self, dataset: &str, path: &str) -> crate::i18n::Text {
        use crate::i18n::Text;
        match self {
            Refusal::Invalid(reason) => {
                let e = cx_engine::EngineError::Parquet {
                    dataset: dataset.to_string(),
                    file: path.to_string(),
                    reason: reason.clone(),
                };
                Text::both(|| crate::labels::engine_error(&e))
            }
            Refusal::FailedBefore => Text::new(
                format!("{path} ya hizo fallar al decodificador Parquet en esta visita: no se vuelve a leer"),
                format!("{path} already made the Parquet decoder fail in this visit: it is not read again"),
            ),
            Refusal::Timeout => Text::new(
                format!("{path} tuvo ocupado al decodificador Parquet más de dos minutos: se dejó de lado"),
                format!("{path} kept the Parquet decoder busy for more than two minutes: it was set aside"),
            ),
            Refusal::Crashed(why) => Text::new(
                format!(
                    "{path} hizo fallar al decodificador Parquet (el resto de la aplicación sigue \
                     funcionando; detalle técnico: {why})"
                ),
                format!(
                    "{path} made the Parquet decoder fail (the rest of the app keeps working; \
                     technical detail: {why})"
                ),
            ),
        }
    }
}

/// Decodes `bytes` in the worker first. `sha256` identifies files already checked.
///
/// # Errors
/// Why the file must not reach the app's decoder.
pub async fn vet(bytes: &[u8], sha256: &str) -> Result<(), Refusal> {
    if PASSED.with(|p| p.borrow().contains(sha256)) {
        return Ok(());
    }
    if FAILED.with(|f| f.borrow().contains(sha256)) {
        return Err(Refusal::FailedBefore);
    }
    let refused = vet_in_worker(bytes, sha256).await;
    if matches!(refused, Err(Refusal::Crashed(_) | Refusal::Timeout)) {
        FAILED.with(|f| f.borrow_mut().insert(sha256.to_string()));
    }
    refused
}

async fn vet_in_worker(bytes: &[u8], sha256: &str) -> Result<(), Refusal> {
    let array = js_sys::Uint8Array::from(bytes);
    let answer = match wasm_bindgen_futures::JsFuture::from(vet_js(&array)).await {
        Ok(a) => a,
        Err(e) => return Err(Refusal::Crashed(format!("{e:?}"))),
    };
    match answer.as_string() {
        None => {
            PASSED.with(|p| p.borrow_mut().insert(sha256.to_string()));
            Ok(())
        }
        // Where workers cannot run (or the worker's files cannot load), the app decodes without
        // the isolation rather than not at all.
        Some(m) if m == "unavailable" => Ok(()),
        Some(m) if m == "stopped: timeout" => Err(Refusal::Timeout),
        Some(m) => Err(
            match m.strip_prefix("panic: ").or(m.strip_prefix("stopped: ")) {
                Some(why) => Refusal::Crashed(why.to_string()),
                None => Refusal::Invalid(m),
            },
        ),
    }
}
