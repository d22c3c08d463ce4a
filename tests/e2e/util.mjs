// Fixtures for the browser tests: a static server on 127.0.0.1, headless Chromium, expected KPIs.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE = process.env.SITE_DIR ?? path.join(ROOT, 'dist');
export const DATA = process.env.DATA_DIR ?? path.join(ROOT, 'data/lake/published');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
const PYTHON = process.env.PYTHON ?? path.join(ROOT, '.venv/bin/python');

/** Starts scripts/serve.py on a free port; resolves to { url, stop, cspReports }. The server
 * sends the deployed site's Content-Security-Policy (plus `connect` origins) and collects the
 * browser's violation reports: `cspReports()` lists them. */
export function serve({ site = SITE, data = DATA, cors = false, connect = [] } = {}) {
  const args = [path.join(ROOT, 'scripts/serve.py'), '--port', '0', '--site', site, '--data', data];
  if (cors) args.push('--cors');
  if (connect.length) args.push('--connect', ...connect);
  const child = spawn(PYTHON, args, { env: { ...process.env, SERVE_QUIET: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve.py did not start within 10 s')), 10_000);
    child.stdout.on('data', (chunk) => {
      const m = /http:\/\/localhost:(\d+)\//.exec(chunk.toString());
      if (m) {
        clearTimeout(timer);
        const url = `http://localhost:${m[1]}/`;
        const cspReports = async () => (await fetch(`${url}__csp`)).json();
        resolve({ port: Number(m[1]), url, stop: () => child.kill(), cspReports });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve.py exited with ${code}`)));
  });
}

/** For a spec: starts the site server and Chromium before its tests and stops them after.
 * Returns an object whose `server` and `browser` are set once `before` has run. */
export function site() {
  const s = {};
  before(async () => {
    s.server = await serve();
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    await stopChecked(s.server);
  });
  return s;
}

/** Stops a server after asserting the browser reported no Content-Security-Policy violation. */
export async function stopChecked(server) {
  if (!server) return;
  // Reports are sent asynchronously: give the last ones a moment to arrive.
  await new Promise((r) => setTimeout(r, 300));
  const reports = await server.cspReports();
  server.stop();
  assert.deepEqual(reports, [], 'the app broke its Content-Security-Policy');
}

/** Headless Debian Chromium with the flags this machine needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** What the dashboard must show under `filter` (engine field names), according to DuckDB. */
export function expectedKpis(filter = {}, data = DATA) {
  const out = execFileSync(PYTHON, [path.join(ROOT, 'tests/python/expected_kpis.py'), data, JSON.stringify(filter)]);
  return JSON.parse(out.toString());
}

/** The manifest of the published lake. */
export function manifest(data = DATA) {
  return JSON.parse(readFileSync(path.join(data, 'manifest.json'), 'utf-8'));
}

/** `YYYY-MM-DD` of `iso` plus `days`. */
export function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Page object of the dashboard. */
export class Dashboard {
  constructor(page) {
    this.page = page;
    this.errors = [];
    page.on('pageerror', (e) => this.errors.push(e.message));
  }
  /** Opens a URL and waits for the page's content (or an error panel). */
  async open(url, ready = '[data-testid=kpis], [data-testid=error-panel]') {
    await this.page.goto(url);
    await this.ready(ready);
  }
  async ready(selector = '[data-testid=kpis], [data-testid=error-panel]') {
    await this.page.waitForSelector(selector, { timeout: 60_000 });
    await this.page.waitForFunction(() => !document.querySelector('[data-testid=loading]'), null, { timeout: 60_000 });
    // "Qué cambió" is searched after the tiles and charts are drawn.
    await this.page.waitForFunction(() => !document.querySelector('[data-testid=what-changed-pending]'), null, { timeout: 60_000 });
  }
  async tile(id) {
    const el = this.page.locator(`[data-testid=kpi-${id}]`);
    return { raw: await el.getAttribute('data-value'), shown: await el.locator('.kpi-value').innerText() };
  }
  /** Every tile's raw value, by test id. */
  async tiles() {
    return this.page.locator('[data-testid^=kpi-]').evaluateAll((els) =>
      Object.fromEntries(els.map((e) => [e.dataset.testid, e.dataset.value])));
  }
  async datasetErrors() {
    return this.page.locator('[data-testid=dataset-error]').evaluateAll((els) =>
      els.map((e) => ({ dataset: e.dataset.dataset, text: e.innerText })));
  }
  /** The chips' texts, without their remove buttons. */
  async chips() {
    return this.page.locator('[data-testid=chips] .chip').evaluateAll((els) =>
      els.map((e) => e.firstChild.textContent.trim()));
  }
  async nav(page) {
    await this.page.locator(`[data-testid=nav-${page}]`).click();
  }
  /** The ECharts option of a chart container. */
  async option(id) {
    await this.page.locator(`[data-testid=${id}] canvas`).first().waitFor({ timeout: 20_000 });
    return this.page.evaluate((id) => {
      const c = echarts.getInstanceByDom(document.querySelector(`[data-testid=${id}]`));
      const o = c.getOption();
      return { xAxis: o.xAxis, yAxis: o.yAxis, series: o.series.map((s) => ({ name: s.name, type: s.type, data: s.data })) };
    }, id);
  }
  /** Clicks data point `index` of series `series` of a chart, where it is drawn. */
  async clickPoint(id, series, index) {
    const at = await this.page.evaluate(({ id, series, index }) => {
      const el = document.querySelector(`[data-testid=${id}]`);
      el.scrollIntoView({ block: 'center' });
      const c = echarts.getInstanceByDom(el);
      const s = c.getOption().series[series];
      let v = s.data[index];
      v = v && typeof v === 'object' && 'value' in v ? v.value : v;
      const seriesModel = c.getModel().getSeriesByIndex(series);
      const layout = seriesModel.getData().getItemLayout(index);
      const r = el.getBoundingClientRect();
      if (layout && 'x' in layout && 'width' in layout) {
        return { x: r.left + layout.x + layout.width / 2, y: r.top + layout.y + layout.height / 2 };
      }
      const [x, y] = c.convertToPixel({ seriesIndex: series }, Array.isArray(v) ? v : [index, v]);
      return { x: r.left + x, y: r.top + y };
    }, { id, series, index });
    await this.page.mouse.click(at.x, at.y);
  }
  async screenshot(name) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  }
}

function close(actual, want, what) {
  const a = Number(actual);
  if (want === null) {
    assert.equal(actual ?? '', '', `${what}: shown ${actual}, DuckDB has none`);
    return;
  }
  assert.ok(actual !== null && actual !== '' && Number.isFinite(a), `${what}: ${actual} is not a number`);
  assert.ok(Math.abs(a - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: shown ${a}, DuckDB ${want}`);
}

/** Every Resumen tile equals DuckDB's twin (raw values), and the headline ones as shown. */
export async function assertResumenEquals(d, expected) {
  const interactions = await d.tile('interactions');
  assert.equal(Number(interactions.raw), expected.interactions);
  assert.equal(interactions.shown, expected.display.interactions);
  const csat = await d.tile('csat');
  close(csat.raw, expected.csat, 'CSAT');
  if (expected.csat !== null) assert.equal(csat.shown, expected.display.csat);
  const nps = await d.tile('nps');
  close(nps.raw, expected.nps, 'NPS');
  if (expected.nps !== null) assert.equal(nps.shown, expected.display.nps);
  const ops = {
    ces: expected.ces, fcr: expected.calls.fcr, aht: expected.calls.aht_s,
    abandonment: expected.calls.abandonment, 'service-level': expected.calls.service_level,
    'whatsapp-frt': expected.whatsapp_frt_median_s, 'ticket-sla': expected.ticket_sla,
    'complaints-on-time': expected.complaints_on_time,
  };
  for (const [id, want] of Object.entries(ops)) {
    close((await d.tile(id)).raw, want, id);
  }
}

/** What the Tickets, Reclamaciones, Reseñas and Clientes pages must show under `filter`. */
export function expectedPages(filter = {}, data = DATA) {
  const out = execFileSync(PYTHON, [path.join(ROOT, 'tests/python/expected_pages.py'), data, JSON.stringify(filter)],
    { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString());
}

/** Checks a CSV downloaded from the explorer against DuckDB; throws with the difference. */
export function checkRecordsCsv(filter, dataset, file, data = DATA) {
  try {
    return JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'tests/python/expected_pages.py'), data,
      JSON.stringify(filter), '--csv', dataset, file], { stdio: ['ignore', 'pipe', 'pipe'] }).toString());
  } catch (e) {
    throw new Error(e.stderr?.toString() || e.message);
  }
}

/** The query string of a page under a filter (engine field names). */
export function queryFor(pagina, f = {}, extra = {}) {
  const q = new URLSearchParams({ pagina });
  if (f.from) q.set('desde', f.from);
  if (f.to) q.set('hasta', f.to);
  const key = (c) => (c === 'teléfono' ? 'telefono' : c);
  if (f.channels) q.set('canal', f.channels.map(key).join(','));
  if (f.regions) q.set('region', f.regions.join(','));
  if (f.segments) q.set('segmento', f.segments.join(','));
  if (f.teams) q.set('equipo', f.teams.join(','));
  if (f.agents) q.set('agente', f.agents.join(','));
  if (f.categories) q.set('categoria', f.categories.join(','));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  // Lists are comma-separated in the app's URLs: keep the commas unencoded.
  return `?${q.toString().replaceAll('%2C', ',')}`;
}

/** Clicks `selector` and resolves to the downloaded file's path and suggested name. */
export async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.locator(selector).click()]);
  return { file: await dl.path(), name: dl.suggestedFilename() };
}

/** Rows of a CSV text (RFC 4180: quotes, doubled quotes, CRLF), without a byte-order mark. */
export function parseCsv(text) {
  const rows = []; let row = []; let cell = ''; let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && s[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** Asserts two numbers agree to 1e-9 relative (or that both are missing). */
export function near(actual, want, what) {
  if (want === null || want === undefined) {
    assert.equal(actual ?? '', '', `${what}: shown ${actual}, DuckDB has none`);
    return;
  }
  const a = Number(actual);
  assert.ok(actual !== null && actual !== '' && Number.isFinite(a), `${what}: ${actual} is not a number`);
  assert.ok(Math.abs(a - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: shown ${a}, DuckDB ${want}`);
}
