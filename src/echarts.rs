//! The bridge to the self-hosted ECharts (`echarts.min.js`, loaded by `index.html`): one chart
//! instance per container, created on the first draw and updated after that, a click handler,
//! resizing with its container, and disposal.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function chart_draw(el, json) {
  if (typeof echarts === 'undefined') { throw new Error('ECharts no está cargado'); }
  let c = echarts.getInstanceByDom(el);
  if (!c) {
    c = echarts.init(el);
    c.on('click', (p) => {
      if (el.__cxClick) {
        el.__cxClick(JSON.stringify({ name: p.name ?? null, series: p.seriesName ?? null,
          index: p.dataIndex ?? null, value: Array.isArray(p.value) ? p.value : [p.value ?? null] }));
      }
    });
    if (typeof ResizeObserver !== 'undefined') {
      const ro = new ResizeObserver(() => { if (!c.isDisposed()) c.resize(); });
      ro.observe(el);
      el.__cxResize = ro;
    }
  }
  // No animation: a filter change redraws at once, and what is drawn is where it will stay.
  const option = JSON.parse(json);
  option.animation = false;
  c.setOption(option, { notMerge: true });
  el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
}
export function chart_on_click(el, f) { el.__cxClick = f; }
export function chart_dispose(el) {
  el.__cxClick = null;
  if (el.__cxResize) { el.__cxResize.disconnect(); el.__cxResize = null; }
  if (typeof echarts === 'undefined') { return; }
  const c = echarts.getInstanceByDom(el);
  if (c) c.dispose();
}
export function chart_instances() {
  return document.querySelectorAll('[_echarts_instance_]').length;
}
"#)]
extern "C" {
    /// Draws `json` (an ECharts option) into `el`, creating the instance the first time.
    #[wasm_bindgen(catch)]
    pub fn chart_draw(el: &web_sys::HtmlElement, json: &str) -> Result<(), JsValue>;
    /// Sets the click handler (receives `{name, series, index, value}` as JSON).
    pub fn chart_on_click(el: &web_sys::HtmlElement, f: &JsValue);
    /// Removes the handler and the instance.
    pub fn chart_dispose(el: &web_sys::HtmlElement);
}

/// What a click on a chart element carries.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Click {
    /// Category or item name.
    pub name: Option<String>,
    /// Series name.
    pub series: Option<String>,
    /// Index in the series' data.
    pub index: Option<usize>,
    /// The value (as an array).
    #[serde(default)]
    pub value: Vec<serde_json::Value>,
}
