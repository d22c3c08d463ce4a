//! The decoding worker: a separate wasm instance, in a Web Worker, that decodes every column of a
//! file before the app decodes it (`cx_engine::vet`). The `parquet` crate can panic on some
//! malformed files; with `panic = "abort"` a panic in the page would stop the whole app, here it
//! only stops this worker, and the app names the file and starts a new worker (`src/vet.rs`).
//!
//! Messages in: `{ id, bytes: Uint8Array }`. Out: `{ id: -1, ready: true }` once it listens;
//! `{ id, error: string | null }`, or, when the check panics, `{ id, panic: string }` just before
//! the worker traps.

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::Cell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    thread_local! {
        static CURRENT: Cell<f64> = const { Cell::new(-1.0) };
    }
    fn post(scope: &web_sys::DedicatedWorkerGlobalScope, id: f64, key: &str, value: &JsValue) {
        let out = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&out, &"id".into(), &JsValue::from_f64(id));
        let _ = js_sys::Reflect::set(&out, &key.into(), value);
        let _ = scope.post_message(&out);
    }

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_panic = scope.clone();
    std::panic::set_hook(Box::new(move |info| {
        let id = CURRENT.with(Cell::get);
        post(
            &on_panic,
            id,
            "panic",
            &JsValue::from_str(&info.to_string()),
        );
    }));
    let reply = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            let id = js_sys::Reflect::get(&data, &"id".into())
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(-1.0);
            let bytes = js_sys::Reflect::get(&data, &"bytes".into())
                .ok()
                .filter(|b| b.is_instance_of::<js_sys::Uint8Array>())
                .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                .unwrap_or_default();
            CURRENT.with(|c| c.set(id));
            let error = match cx_engine::vet(bytes::Bytes::from(bytes)) {
                Ok(_) => JsValue::NULL,
                Err(e) => JsValue::from_str(&e),
            };
            post(&reply, id, "error", &error);
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this point were dropped: the app waits for this one to send them.
    post(&scope, -1.0, "ready", &JsValue::TRUE);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("vet-worker runs only in a browser, as a Web Worker of the app");
}
