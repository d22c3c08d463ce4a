//! The bridge to the self-hosted ECharts (`echarts.min.js`, loaded by `index.html`): one chart
//! instance per container, created on the first draw and updated after that, a click handler,
//! resizing with its container, and disposal.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function chart_draw(el, json, description) {
  if (typeof echarts === 'undefined') { throw new Error('ECharts'); }
  let c = echarts.getInstanceByDom(el);
  if (!c) {
    const dark = document.documentElement.dataset.theme === 'dark';
    c = echarts.init(el, dark ? 'dark' : null);
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
  option.backgroundColor = 'transparent';
  // Screen readers get a description; decal patterns keep series apart without colour.
  option.aria = { enabled: true, decal: { show: true }, label: { enabled: true, description } };
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
export function chart_png(el) {
  if (typeof echarts === 'undefined') { return null; }
  const c = echarts.getInstanceByDom(el);
  if (!c) { return null; }
  const bg = getComputedStyle(document.documentElement).getPropertyValue('--card').trim() || '#ffffff';
  return c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: bg });
}
// The numbers of a chart as a table: [header, ...rows], from the option it was drawn with.
export function chart_table(el, first) {
  if (typeof echarts === 'undefined') { return null; }
  const c = echarts.getInstanceByDom(el);
  if (!c) { return null; }
  const o = c.getOption();
  const series = (o.series || []).filter((s) => Array.isArray(s.data) && s.data.length);
  const v = (d) => (d !== null && typeof d === 'object' && !Array.isArray(d)) ? v(d.value) : d;
  const cell = (x) => x === null || x === undefined || x === '-' ? '' : (Array.isArray(x) ? x.join(' – ') : String(x));
  const name = (s, i) => s.name || String(i + 1);
  const axes = [...(o.xAxis || []), ...(o.yAxis || [])];
  const cat = axes.find((a) => a.type === 'category' && Array.isArray(a.data));
  const label = (d) => (d !== null && typeof d === 'object') ? d.value : d;
  if (series.length && series.every((s) => s.type === 'pie')) {
    return [[first, name(series[0], 0)], ...series[0].data.map((d) => [cell(d && d.name), cell(v(d))])];
  }
  const heat = series.find((s) => s.type === 'heatmap');
  if (heat) {
    const xs = (o.xAxis[0].data || []).map(label), ys = (o.yAxis[0].data || []).map(label);
    return [[first, '', name(heat, 0)], ...heat.data.filter((d) => Array.isArray(v(d))).map((d) => { const p = v(d); return [cell(ys[p[1]]), cell(xs[p[0]]), cell(p[2])]; })];
  }
  if (!cat || series.every((s) => s.type === 'scatter')) {
    const rows = [];
    series.forEach((s, i) => s.data.forEach((d) => {
      const p = v(d);
      rows.push([cell(name(s, i)), cell(d && d.name), ...(Array.isArray(p) ? p.map(cell) : [cell(p)])]);
    }));
    const xa = (o.xAxis || [])[0] || {}, ya = (o.yAxis || [])[0] || {};
    return [[first, '', xa.name || 'x', ya.name || 'y'], ...rows];
  }
  const cats = cat.data.map(label);
  return [[first, ...series.map(name)], ...cats.map((k, i) => [cell(k), ...series.map((s) => {
    const d = s.data[i]; const p = v(d);
    return cell(Array.isArray(p) ? p[p.length - 1] : p);
  })])];
}
export function download_text(name, mime, text) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  download_url(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
export function download_url(name, url) {
  const a = document.createElement('a');
  a.href = url; a.download = name; a.style.display = 'none';
  document.body.appendChild(a); a.click(); a.remove();
}
// The text of a table's cells, header first (the table as shown, for CSV).
export function table_rows(id) {
  const t = document.getElementById(id);
  if (!t) { return []; }
  return [...t.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th,td')].map((c) => c.innerText.replace(/[▲▼]/g, '').trim()));
}
export function chart_instances() {
  return document.querySelectorAll('[_echarts_instance_]').length;
}
"#)]
extern "C" {
    /// Draws `json` (an ECharts option) into `el`, creating the instance the first time, with
    /// `description` for screen readers.
    #[wasm_bindgen(catch)]
    pub fn chart_draw(
        el: &web_sys::HtmlElement,
        json: &str,
        description: &str,
    ) -> Result<(), JsValue>;
    /// The chart as a PNG data URL (`None` before it is drawn).
    #[wasm_bindgen(catch)]
    pub fn chart_png(el: &web_sys::HtmlElement) -> Result<Option<String>, JsValue>;
    /// The chart's numbers as `[header, ...rows]` (`first` heads the label column).
    #[wasm_bindgen(catch)]
    pub fn chart_table(el: &web_sys::HtmlElement, first: &str) -> Result<JsValue, JsValue>;
    /// Offers `text` as a file download.
    pub fn download_text(name: &str, mime: &str, text: &str);
    /// Offers a URL (a data URL) as a file download.
    pub fn download_url(name: &str, url: &str);
    /// The cells of the table with element id `id`, header row first.
    pub fn table_rows(id: &str) -> JsValue;
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
