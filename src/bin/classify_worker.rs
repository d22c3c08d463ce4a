//! The classifying worker: scores customer texts (`cx_engine::texts::score_text`) in a Web Worker,
//! so the *Sentimiento* page never stops answering while hundreds of thousands of texts are
//! classified (`src/classify.rs` drives it).
//!
//! Messages in: `{ id, buf: Uint8Array, ends: Uint32Array }` — texts as one UTF-8 string and
//! where each ends in it. Out: `{ id: -1, ready: true }` once it listens; `{ id, scores:
//! Uint8Array }`, 12 bytes a text (`Scored::pack`), or `{ id, error: string }`; when scoring
//! panics, `{ id, panic: string }` just before the worker traps.

#[cfg(target_arch = "wasm32")]
#[path = "common/worker.rs"]
mod worker;

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;

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

    worker::serve(|data| {
        let get = |k: &str| js_sys::Reflect::get(data, &k.into()).ok();
        let buf = get("buf")
            .filter(|b| b.is_instance_of::<js_sys::Uint8Array>())
            .map(|b| js_sys::Uint8Array::new(&b).to_vec());
        let ends = get("ends")
            .filter(|b| b.is_instance_of::<js_sys::Uint32Array>())
            .map(|b| js_sys::Uint32Array::new(&b).to_vec());
        match (buf, ends) {
            (Some(buf), Some(ends)) => match score(&buf, &ends) {
                Ok(packed) => ("scores", js_sys::Uint8Array::from(packed.as_slice()).into()),
                Err(e) => ("error", JsValue::from_str(&e)),
            },
            _ => ("error", JsValue::from_str("expected buf and ends")),
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("classify-worker runs only in a browser, as a Web Worker of the app");
}
