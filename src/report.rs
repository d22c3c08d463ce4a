//! "Descargar informe": the dashboard as one `.html` file with the app, ECharts and the data
//! embedded, opened on the current view (page and filters), which works from the disk with no
//! server and no network. The file is built in the browser by `public/report-builder.js` (also
//! behind `node scripts/report.mjs`); this module gathers the data for it.
//!
//! The files of the months the view covers (its period and the comparison period) are
//! embedded, whole: the report's other filters (channel, region, agent…) work like the app's.
//! Its size at scale 1 is in BENCHMARKS.md.

use wasm_bindgen::prelude::*;

use crate::i18n::Text;
use crate::store::Store;
use leptos::prelude::*;

#[wasm_bindgen(inline_js = r#"
export async function cx_build_report(manifest, files, query, name, from, to) {
  const { buildReport } = await import(new URL('./report-builder.js', document.baseURI).href);
  const read = async (p) => {
    // The page itself as the site serves it ('./'; the service worker keeps it so offline).
    const r = await fetch(new URL(p === 'index.html' ? './' : p, document.baseURI));
    if (!r.ok) throw new Error(`${p}: HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  };
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const created = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const html = await buildReport({ read, manifest, files, query, created, range: from && to ? [from, to] : null });
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return html.length;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn cx_build_report(
        manifest: &str,
        files: js_sys::Array,
        query: &str,
        name: &str,
        from: &str,
        to: &str,
    ) -> Result<js_sys::Promise, JsValue>;
}

/// The days the current view covers, with its comparison period: `(first, last)`.
pub fn view_range(store: Store, dash: crate::state::Dashboard) -> Option<(String, String)> {
    let f = dash.effective.get_untracked();
    let compare = dash.view.with_untracked(|v| v.compare);
    store.engine.with_untracked(|e| {
        let (mut from, to) = e.0.range_of(&f).ok().flatten()?;
        if compare {
            let previous = e.0.previous(&f).ok().flatten();
            if let Some((p, _)) = previous.and_then(|p| e.0.range_of(&p).ok().flatten()) {
                from = from.min(p);
            }
        }
        Some((
            cx_engine::calendar::day_label(from),
            cx_engine::calendar::day_label(to),
        ))
    })
}

/// Whether a file of the lake's layout (`…/year=YYYY/month=MM/…`) holds days of `from`–`to`
/// (files of another layout always do).
fn within(path: &str, from: &str, to: &str) -> bool {
    let Some(i) = path.find("year=") else {
        return true;
    };
    let (Some(y), Some(m)) = (path.get(i + 5..i + 9), path.get(i + 16..i + 18)) else {
        return true;
    };
    from.is_empty()
        || (format!("{y}-{m}-01").as_str() <= to && format!("{y}-{m}-31").as_str() >= from)
}

/// Builds the report of the current view and downloads it; its size in bytes. Only the monthly
/// files of `range` (the view's days, see [`view_range`]) are embedded.
///
/// # Errors
/// A file that could not be read, or the builder's message.
pub async fn download(store: Store, range: Option<(String, String)>) -> Result<usize, Text> {
    let Some(Ok(m)) = store.manifest.get_untracked() else {
        return Err(Text::new(
            "los datos aún no se han leído",
            "the data is not read yet",
        ));
    };
    let (from, to) = range.unwrap_or_default();
    let files = js_sys::Array::new();
    for d in &m.0.datasets {
        for f in d.files.iter().filter(|f| within(&f.path, &from, &to)) {
            let bytes = store.file_bytes(&d.name, f).await?;
            files.push(&js_sys::Array::of2(
                &JsValue::from_str(&f.path),
                &js_sys::Uint8Array::from(bytes.as_ref()),
            ));
        }
    }
    let manifest =
        serde_json::to_string(&*m.0).map_err(|e| Text::new(e.to_string(), e.to_string()))?;
    // The view, without the data source: the report carries its data.
    let query: Vec<String> = crate::state::current_query()
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("data=") && !kv.starts_with("datos="))
        .map(str::to_string)
        .collect();
    let name = format!("informe-satisfaccion-{}.html", m.0.date_to);
    let fail = |e: JsValue| {
        let msg = e
            .as_string()
            .or_else(|| {
                js_sys::Reflect::get(&e, &"message".into())
                    .ok()?
                    .as_string()
            })
            .unwrap_or_default();
        Text::new(
            format!("no se pudo crear el informe: {msg}"),
            format!("the report could not be made: {msg}"),
        )
    };
    let promise =
        cx_build_report(&manifest, files, &query.join("&"), &name, &from, &to).map_err(fail)?;
    let size = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(fail)?;
    Ok(size.as_f64().unwrap_or(0.0) as usize)
}
