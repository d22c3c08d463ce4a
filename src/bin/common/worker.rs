//! What the app's two workers share (`vet_worker.rs`, `classify_worker.rs`): answering each
//! message `{ id, … }` with `{ id, <key>: value }`, reporting a panic as `{ id, panic }` just
//! before the worker traps, and saying `{ id: -1, ready: true }` once it listens.

use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The id of the message being answered, for the panic report.
    static CURRENT: Cell<f64> = const { Cell::new(-1.0) };
}

fn post(scope: &web_sys::DedicatedWorkerGlobalScope, id: f64, key: &str, value: &JsValue) {
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"id".into(), &JsValue::from_f64(id));
    let _ = js_sys::Reflect::set(&out, &key.into(), value);
    let _ = scope.post_message(&out);
}

/// Listens for messages and posts `answer(message)` (a key and its value) for each.
pub fn serve(answer: impl Fn(&JsValue) -> (&'static str, JsValue) + 'static) {
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
            CURRENT.with(|c| c.set(id));
            let (key, value) = answer(&data);
            post(&reply, id, key, &value);
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this point were dropped: the app waits for this one to send them.
    post(&scope, -1.0, "ready", &JsValue::TRUE);
}
