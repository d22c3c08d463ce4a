//! The decoding worker: a separate wasm instance, in a Web Worker, that decodes every column of a
//! file before the app decodes it (`cx_engine::vet`). The `parquet` crate can panic on some
//! malformed files; with `panic = "abort"` a panic in the page would stop the whole app, here it
//! only stops this worker, and the app names the file and starts a new worker (`src/vet.rs`).
//!
//! Messages in: `{ id, bytes: Uint8Array }`. Out: `{ id: -1, ready: true }` once it listens;
//! `{ id, error: string | null }`, or, when the check panics, `{ id, panic: string }` just before
//! the worker traps.

#[cfg(target_arch = "wasm32")]
#[path = "common/worker.rs"]
mod worker;

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;

    worker::serve(|data| {
        let bytes = js_sys::Reflect::get(data, &"bytes".into())
            .ok()
            .filter(|b| b.is_instance_of::<js_sys::Uint8Array>())
            .map(|b| js_sys::Uint8Array::new(&b).to_vec())
            .unwrap_or_default();
        let error = match cx_engine::vet(bytes::Bytes::from(bytes)) {
            Ok(_) => JsValue::NULL,
            Err(e) => JsValue::from_str(&e),
        };
        ("error", error)
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("vet-worker runs only in a browser, as a Web Worker of the app");
}
