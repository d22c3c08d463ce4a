//! Recovery from the unexpected: a panic (the release build aborts after it) or a promise nobody
//! handled shows a visible panel — what happened and a button to reload — instead of a page that
//! silently stops answering. The panel is plain DOM written by the hook itself, so it appears even
//! when the app can no longer run.

use wasm_bindgen::prelude::*;

use crate::i18n::t;

#[wasm_bindgen(inline_js = r#"
export function show_failure(title, reload, message) {
  const old = document.getElementById('cx-failure');
  if (old) { old.querySelector('pre').textContent += '\n' + message; return; }
  const d = document.createElement('div');
  d.id = 'cx-failure';
  d.setAttribute('role', 'alert');
  d.dataset.testid = 'failure-panel';
  const h = document.createElement('h2');
  h.textContent = title;
  const p = document.createElement('pre');
  p.textContent = message;
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = reload;
  b.addEventListener('click', () => location.reload());
  d.append(h, p, b);
  document.body.prepend(d);
  b.focus();
}
export function on_unhandled(f) {
  window.addEventListener('unhandledrejection', (e) => {
    const r = e.reason;
    f(String((r && (r.stack || r.message)) || r));
  });
}
"#)]
extern "C" {
    fn show_failure(title: &str, reload: &str, message: &str);
    fn on_unhandled(f: &Closure<dyn Fn(String)>);
}

/// Shows the recovery panel with `message`.
pub fn show(message: &str) {
    show_failure(
        t("Algo salió mal", "Something went wrong"),
        t("Recargar la página", "Reload the page"),
        message,
    );
}

/// Panics on purpose, so the recovery panel can be checked on the built app (the end-to-end tests
/// call it from the console as `wasmBindings.recovery_selftest()`; nothing in the app calls it).
#[wasm_bindgen]
pub fn recovery_selftest() {
    panic!("recovery_selftest: a deliberate panic");
}

/// Installs the panic hook (the console message, then the panel) and the listener for unhandled
/// promise rejections. Call once, before mounting the app.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
    let f = Closure::<dyn Fn(String)>::new(|m: String| show(&m));
    on_unhandled(&f);
    // The listener lives as long as the page.
    f.forget();
}
