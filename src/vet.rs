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
let queue = [];   // [{ id, bytes, resolve }], in the order the worker reads them
let next = 0;

function workerUrl() {
  const meta = document.querySelector('meta[name="cx-vet-worker"]');
  return new URL(meta ? meta.content : './vet-worker_loader.js', document.baseURI).href;
}

function start() {
  worker = new Worker(workerUrl());
  ready = false;
  worker.onmessage = (e) => {
    const m = e.data;
    if (m.ready) {
      ready = true;
      for (const q of queue) worker.postMessage({ id: q.id, bytes: q.bytes });
      return;
    }
    const at = queue.findIndex((q) => q.id === m.id);
    if (at < 0) return;
    const [job] = queue.splice(at, 1);
    if ('panic' in m) {
      // The worker traps right after this message: replace it, resend what it had not read.
      job.resolve('panic: ' + m.panic);
      restart();
    } else {
      job.resolve(m.error);
    }
  };
  const self = worker;
  worker.onerror = (e) => {
    e.preventDefault();
    // The worker's last messages (the replies before the trap, and the panic's own message naming
    // its job) may still be on their way: let them arrive, then blame the oldest job left.
    setTimeout(() => {
      if (worker !== self) return; // the panic message already named the job
      const job = queue.shift();
      if (job) job.resolve('stopped: ' + (e.message || 'the decoder stopped'));
      restart();
    }, 200);
  };
}

function restart() {
  if (worker) worker.terminate();
  worker = null;
  if (queue.length) start();
}

export function vet_js(bytes) {
  if (!worker) start();
  const id = next++;
  return new Promise((resolve) => {
    queue.push({ id, bytes, resolve });
    if (ready) worker.postMessage({ id, bytes });
  });
}
"#)]
extern "C" {
    fn vet_js(bytes: &js_sys::Uint8Array) -> js_sys::Promise;
}

thread_local! {
    static PASSED: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// Why the worker refused a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The file cannot be decoded (the decoder's message).
    Invalid(String),
    /// The decoder stopped (panicked) on this file.
    Crashed(String),
}

/// Decodes `bytes` in the worker first. `sha256` identifies files already checked.
///
/// # Errors
/// Why the file must not reach the app's decoder.
pub async fn vet(bytes: &[u8], sha256: &str) -> Result<(), Refusal> {
    if PASSED.with(|p| p.borrow().contains(sha256)) {
        return Ok(());
    }
    let array = js_sys::Uint8Array::from(bytes);
    let answer = wasm_bindgen_futures::JsFuture::from(vet_js(&array))
        .await
        .unwrap_or(JsValue::NULL);
    match answer.as_string() {
        None => {
            PASSED.with(|p| p.borrow_mut().insert(sha256.to_string()));
            Ok(())
        }
        Some(m) => Err(
            match m.strip_prefix("panic: ").or(m.strip_prefix("stopped: ")) {
                Some(why) => Refusal::Crashed(why.to_string()),
                None => Refusal::Invalid(m),
            },
        ),
    }
}
