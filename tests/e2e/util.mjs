// Fixtures for the browser tests: a static server on 127.0.0.1, headless Chromium, expected KPIs.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE = process.env.SITE_DIR ?? path.join(ROOT, 'dist');
export const DATA = process.env.DATA_DIR ?? path.join(ROOT, 'data/lake/published');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
const PYTHON = process.env.PYTHON ?? path.join(ROOT, '.venv/bin/python');

/** Starts scripts/serve.py on a free port; resolves to { url, stop }. */
export function serve({ site = SITE, data = DATA, cors = false } = {}) {
  const args = [path.join(ROOT, 'scripts/serve.py'), '--port', '0', '--site', site, '--data', data];
  if (cors) args.push('--cors');
  const child = spawn(PYTHON, args, { env: { ...process.env, SERVE_QUIET: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve.py did not start within 10 s')), 10_000);
    child.stdout.on('data', (chunk) => {
      const m = /http:\/\/localhost:(\d+)\//.exec(chunk.toString());
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), url: `http://localhost:${m[1]}/`, stop: () => child.kill() });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve.py exited with ${code}`)));
  });
}

/** Headless Debian Chromium with the flags this machine needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The overview's KPIs according to DuckDB over the same files. */
export function expectedKpis(data = DATA) {
  const out = execFileSync(PYTHON, [path.join(ROOT, 'tests/python/expected_kpis.py'), data]);
  return JSON.parse(out.toString());
}

/** Page object of the overview. */
export class OverviewPage {
  constructor(page) { this.page = page; }
  async open(url) {
    await this.page.goto(url);
    await this.page.waitForSelector('[data-testid=kpis], [data-testid=error-panel]', { timeout: 60_000 });
  }
  async tile(id) {
    const el = this.page.locator(`[data-testid=kpi-${id}]`);
    return { raw: await el.getAttribute('data-value'), shown: await el.locator('.kpi-value').innerText() };
  }
  async datasetErrors() {
    return this.page.locator('[data-testid=dataset-error]').evaluateAll((els) =>
      els.map((e) => ({ dataset: e.dataset.dataset, text: e.innerText })));
  }
  async screenshot(name) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  }
}

function mmss(seconds) {
  const t = Math.round(seconds);
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
}

function close(actual, want, what) {
  const a = Number(actual);
  assert.ok(Number.isFinite(a), `${what}: ${actual} is not a number`);
  assert.ok(Math.abs(a - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: shown ${a}, DuckDB ${want}`);
}

/** Every overview tile equals DuckDB's twin, as a raw value and as shown. */
export async function assertOverviewEquals(o, expected) {
  const interactions = await o.tile('interactions');
  assert.equal(Number(interactions.raw), expected.interactions);
  assert.equal(interactions.shown, expected.display.interactions);
  const csat = await o.tile('csat');
  close(csat.raw, expected.csat, 'CSAT');
  assert.equal(csat.shown, expected.display.csat);
  const nps = await o.tile('nps');
  close(nps.raw, expected.nps, 'NPS');
  assert.equal(nps.shown, expected.display.nps);
  const ops = {
    fcr: expected.calls.fcr, aht: expected.calls.aht_s, asa: expected.calls.asa_s,
    abandonment: expected.calls.abandonment, 'service-level': expected.calls.service_level,
    'whatsapp-frt': expected.whatsapp_frt_median_s, 'ticket-sla': expected.ticket_sla,
  };
  for (const [id, want] of Object.entries(ops)) {
    close((await o.tile(id)).raw, want, id);
  }
  assert.equal((await o.tile('aht')).shown, mmss(expected.calls.aht_s));
}
