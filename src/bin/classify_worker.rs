//! The classifying worker: scores customer texts (`cx_engine::texts::score_text`) in a Web Worker,
//! so the *Sentimiento* page never stops answering while hundreds of thousands of texts are
//! classified (`src/classify.rs` drives it).
//!
//! Messages in: `{ id, buf: Uint8Array, ends: Uint32Array }` — texts as one UTF-8 string and
//! where each ends in it. Out: `{ id: -1, ready: true }` once it listens; `{ id, scores:
//! Uint8Array }`, 12 bytes a text (`Scored::pack`), or `{ id, error: string }`; when scoring
//! panics, `{ id, panic: string }` just before the worker traps.

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
    /// The packed scores of the texts `buf` split at `ends`, or why not.
    fn score(buf: &[u8], ends: &[u32]) -> Result<Vec<u8>, String> {
        let text = std::str::from_utf8(buf).map_err(|e| format!("not UTF-8: {e}"))?;
        let mut out = Vec::with_capacity(ends.len() * cx_engine::texts::PACKED);
        let mut start = 0usize;
        for &end in ends {
            let end = end as usize;
            let one = text
                .get(start..end)
                .ok_or_else(|| format!("no text at bytes {start}..{end}"))?;
            cx_engine::texts::score_text(one).pack(&mut out);
            start = end;
        }
        Ok(out)
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
            let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
            let id = get("id").and_then(|v| v.as_f64()).unwrap_or(-1.0);
            CURRENT.with(|c| c.set(id));
            let buf = get("buf")
                .filter(|b| b.is_instance_of::<js_sys::Uint8Array>())
                .map(|b| js_sys::Uint8Array::new(&b).to_vec());
            let ends = get("ends")
                .filter(|b| b.is_instance_of::<js_sys::Uint32Array>())
                .map(|b| js_sys::Uint32Array::new(&b).to_vec());
            match (buf, ends) {
                (Some(buf), Some(ends)) => match score(&buf, &ends) {
                    Ok(packed) => {
                        let scores = js_sys::Uint8Array::from(packed.as_slice());
                        post(&reply, id, "scores", &scores);
                    }
                    Err(e) => post(&reply, id, "error", &JsValue::from_str(&e)),
                },
                _ => post(
                    &reply,
                    id,
                    "error",
                    &JsValue::from_str("expected buf and ends"),
                ),
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this point were dropped: the app waits for this one to send them.
    post(&scope, -1.0, "ready", &JsValue::TRUE);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("classify-worker runs only in a browser, as a Web Worker of the app");
}
