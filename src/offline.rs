//! Offline use: registers the service worker (`public/sw.js`, completed by
//! `scripts/trunk_post_build.py`) and tells it which data files the page read before it took
//! control, so everything the user opened on a first visit is there with the network gone.
//!
//! Service workers need a secure context: `https://` or `localhost`. On a plain-HTTP host (the
//! S3 website endpoint) the app works as before, online only, and says so in the data panel.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const seen = new Set();   // data read before the service worker controlled the page
let nextId = 1;

export function cx_sw_supported() {
  return window.isSecureContext && 'serviceWorker' in navigator;
}

export function cx_sw_fetched(url) {
  if (!cx_sw_supported() || navigator.serviceWorker.controller) return;
  try { seen.add(new URL(url, document.baseURI).href); } catch (_) {}
}

function ask(message, ms) {
  const sw = navigator.serviceWorker.controller;
  if (!sw) return Promise.resolve(null);
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => { navigator.serviceWorker.removeEventListener('message', on); resolve(null); }, ms);
    function on(e) {
      if (!e.data || e.data.id !== id) return;
      clearTimeout(timer);
      navigator.serviceWorker.removeEventListener('message', on);
      resolve(e.data);
    }
    navigator.serviceWorker.addEventListener('message', on);
    sw.postMessage({ ...message, id });
  });
}

// Resolves to 'unsupported', 'ready' (the page is controlled and what it read is kept) or an
// error message.
export async function cx_sw_register() {
  if (!cx_sw_supported()) return 'unsupported';
  try {
    await navigator.serviceWorker.register('./sw.js', { scope: './' });
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => {
        const t = setTimeout(resolve, 15000);
        navigator.serviceWorker.addEventListener('controllerchange', () => { clearTimeout(t); resolve(); }, { once: true });
      });
    }
    if (!navigator.serviceWorker.controller) return 'no-control';
    const urls = [...seen];
    seen.clear();
    if (urls.length) await ask({ type: 'keep', urls }, 300000);
    return 'ready';
  } catch (e) {
    return String(e && e.message || e);
  }
}

// Keeps `urls` (absolute or relative to the page) for offline use; resolves to the number kept.
export async function cx_sw_keep(urls) {
  const abs = urls.map((u) => new URL(u, document.baseURI).href);
  const r = await ask({ type: 'keep', urls: abs }, 600000);
  return r ? r.kept : -1;
}

// Bytes used and available in this site's storage (caches, IndexedDB, OPFS), or null.
export async function cx_storage_estimate() {
  if (!navigator.storage || !navigator.storage.estimate) return null;
  const e = await navigator.storage.estimate();
  return [e.usage || 0, e.quota || 0];
}
"#)]
extern "C" {
    fn cx_sw_supported() -> bool;
    fn cx_sw_fetched(url: &str);
    fn cx_sw_register() -> js_sys::Promise;
    fn cx_sw_keep(urls: js_sys::Array) -> js_sys::Promise;
    fn cx_storage_estimate() -> js_sys::Promise;
}

/// Where offline use stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Offline {
    /// Registering, or keeping what the page read.
    Starting,
    /// The page is controlled: the app and the data opened work offline.
    Ready,
    /// Not a secure context (plain HTTP) or no service workers in this browser.
    Unsupported,
    /// Registration failed, with the browser's reason.
    Failed(String),
}

/// Offline status, provided at the root.
#[derive(Clone, Copy)]
pub struct OfflineState {
    /// Where it stands.
    pub status: RwSignal<Offline>,
    /// Files of the publication kept for offline use without being asked (see
    /// [`keep_all_when_small`]), once done.
    pub kept_all: RwSignal<Option<u32>>,
}

/// A publication of at most this many bytes is kept whole for offline use as soon as the
/// service worker is ready (6 MB at scale 1); a larger one keeps what the user opened, and the
/// Data panel's button keeps the rest.
pub const AUTO_KEEP_BYTES: u64 = 64 * 1024 * 1024;

/// Once the service worker controls the page and the page has read what it is reading, keeps
/// every file of a small publication, so that after one visit every page works offline. (Asked
/// while the page's own downloads are under way, the worker would download those files a
/// second time; asked after, the browser's copies are only revalidated.)
pub fn keep_all_when_small(state: OfflineState, store: crate::store::Store) {
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if state.status.get() != Offline::Ready || started.get_value() || store.is_local() {
            return;
        }
        let loading = |s: &std::collections::BTreeMap<_, crate::store::Status>| {
            s.values()
                .any(|st| matches!(st, crate::store::Status::Loading))
        };
        if store.status.with(loading) || store.text_status.with(loading) {
            return;
        }
        let Some(Ok(m)) = store.manifest.get() else {
            return;
        };
        let files = m.0.datasets.iter().flat_map(|d| d.files.iter());
        if files.clone().map(|f| f.bytes).sum::<u64>() > AUTO_KEEP_BYTES {
            return;
        }
        started.set_value(true);
        let base = store.base();
        let mut urls = vec![format!("{base}manifest.json")];
        urls.extend(files.map(|f| format!("{base}{}", f.path)));
        leptos::task::spawn_local(async move {
            let n = keep(&urls).await;
            let _ = state.kept_all.try_set(n);
        });
    });
}

/// Registers the service worker and provides [`OfflineState`].
pub fn provide() -> OfflineState {
    // A single-file report needs no service worker: it is all on the disk already.
    let supported = cx_sw_supported() && crate::local::embedded_created().is_none();
    let state = OfflineState {
        kept_all: RwSignal::new(None),
        status: RwSignal::new(if supported {
            Offline::Starting
        } else {
            Offline::Unsupported
        }),
    };
    provide_context(state);
    if supported {
        leptos::task::spawn_local(async move {
            let r = wasm_bindgen_futures::JsFuture::from(cx_sw_register()).await;
            let s = match r.ok().and_then(|v| v.as_string()).as_deref() {
                Some("ready") => Offline::Ready,
                Some("unsupported") => Offline::Unsupported,
                Some("no-control") | None => Offline::Failed(String::new()),
                // The browser's own message (in its language): shown as a quoted detail.
                Some(other) => Offline::Failed(other.to_string()),
            };
            let _ = state.status.try_set(s);
        });
    }
    state
}

/// The offline state of the app.
pub fn use_offline() -> OfflineState {
    expect_context::<OfflineState>()
}

/// Notes a data file read, so it is kept for offline use once the service worker controls the
/// page.
pub fn fetched(url: &str) {
    cx_sw_fetched(url);
}

/// Keeps `urls` for offline use; the number kept, or `None` without a service worker.
pub async fn keep(urls: &[String]) -> Option<u32> {
    let array: js_sys::Array = urls.iter().map(|u| JsValue::from_str(u)).collect();
    let r = wasm_bindgen_futures::JsFuture::from(cx_sw_keep(array))
        .await
        .ok()?
        .as_f64()?;
    (r >= 0.0).then_some(r as u32)
}

/// Bytes this site stores in the browser, and the quota: `(usage, quota)`.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let v = wasm_bindgen_futures::JsFuture::from(cx_storage_estimate())
        .await
        .ok()?;
    let a: js_sys::Array = v.dyn_into().ok()?;
    Some((a.get(0).as_f64()?, a.get(1).as_f64()?))
}
